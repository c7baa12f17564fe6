// The entity panel: type, aliases, affiliations with titles, other
// relations with their evidence, statements and articles with links to the
// sources; and, when the path finder found one, the path step by step.

import { h } from './dom.js';
import { colorOf } from './colors.js';

const AFFILIATION = new Set(['WORKS_AT', 'AFFILIATED_WITH']);

// entityLink is a link that opens the entity; href makes the URL of the view.
function entityLink(e, href) {
  return h('a', { href: href(e.id), 'data-id': e.id },
    h('span', { class: 'dot', style: `background:${colorOf(e.type)}` }), ' ', e.name);
}

// webURL keeps only http and https links: an article's url comes from
// whatever was ingested.
function webURL(u) {
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
  } catch {
    return '';
  }
}

function articleTitle(a) {
  const href = webURL(a.url);
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, a.title) : a.title;
}

function source(article) {
  if (!article) return null;
  return h('span', { class: 'meta' }, '— ', articleTitle(article), article.published ? ` ${article.published}` : '');
}

function section(title, items) {
  if (!items.length) return null;
  return [h('h3', {}, title), h('ul', {}, items)];
}

export function renderEntity(e, { href, expanded, alone, onToggle, onFrom, onTo }) {
  const affiliations = [];
  const members = [];
  const others = [];
  for (const r of e.relations) {
    const out = r.source.id === e.id;
    const other = out ? r.target : r.source;
    const evidence = r.evidence[0];
    const proof = evidence ? h('div', { class: 'meta' }, `“${evidence.text}” `, source(evidence.article)) : null;
    if (AFFILIATION.has(r.type) && out) {
      affiliations.push(h('li', { 'data-relation': r.id },
        h('span', { class: 'title' }, r.title || r.typeLabel), ' · ', entityLink(other, href), proof));
    } else if (AFFILIATION.has(r.type)) {
      members.push(h('li', { 'data-relation': r.id },
        entityLink(other, href), ' · ', h('span', { class: 'title' }, r.title || r.typeLabel), proof));
    } else {
      others.push(h('li', { 'data-relation': r.id },
        out ? `${r.typeLabel} → ` : `← ${r.typeLabel} `, entityLink(other, href), proof));
    }
  }
  const statements = e.statements.map((st) => h('li', {}, h('blockquote', {}, st.text), source(st.article)));
  const articles = e.articles.map((a) => h('li', {}, articleTitle(a),
    a.published ? h('span', { class: 'meta' }, ` ${a.published}`) : null));

  return h('div', { class: 'entity', 'data-id': e.id },
    h('h2', { id: 'panel-title' }, e.name),
    h('p', {},
      h('span', { class: 'badge', style: `background:${colorOf(e.type)}` }, e.typeLabel), ' ',
      h('span', { class: 'meta' }, `${e.mentionCount} 次提及 · ${e.articleCount} 篇文章`)),
    e.aliases.length ? h('p', {}, h('span', { class: 'meta' }, '别名：'), e.aliases.join('、')) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: onToggle, 'aria-pressed': String(expanded), disabled: alone,
        title: alone ? '视图中唯一展开的实体' : null }, expanded ? '收起邻居' : '展开邻居'),
      h('button', { type: 'button', onclick: onFrom }, '设为起点'),
      h('button', { type: 'button', onclick: onTo }, '设为终点')),
    section('任职', affiliations),
    section('成员', members),
    section('关系', others),
    section('言论', statements),
    section('文章', articles));
}

// renderPath describes a path found by the path finder.
export function renderPath(path, href) {
  const steps = [];
  path.entities.forEach((e, i) => {
    steps.push(h('li', {}, entityLink(e, href)));
    const r = path.relations[i];
    if (!r) return;
    const forward = r.source.id === e.id;
    const label = r.title ? `${r.typeLabel}（${r.title}）` : r.typeLabel;
    steps.push(h('li', { class: 'meta step', 'data-relation': r.id }, forward ? `↓ ${label}` : `↑ ${label}`));
  });
  return h('div', { class: 'path-result' },
    h('h3', {}, `路径：${path.length} 跳`),
    h('ul', { class: 'path-steps' }, steps));
}

export function renderIntro() {
  return h('div', { class: 'hint' },
    h('h2', {}, '知识图谱浏览'),
    h('p', {}, '搜索一个实体，这里会显示它的类型、别名、任职、言论和文章。点击图中的节点展开它的邻居；',
      '在上方输入起点和终点查找它们之间的最短路径；导出当前视图为 GraphML、SVG、Markdown 或 CSV。'),
    h('p', {}, '地址栏保存当前视图，复制链接即可分享。'));
}
