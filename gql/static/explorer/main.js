// The explorer: wires the search, the filters, the path finder, the graph
// view, the panel and the export links to the state in the URL's hash.
// Every change of view is a change of the hash; apply() rebuilds the page
// from it, so a shared or reloaded URL shows the same view.

import { gql, APIError, ONTOLOGY, SEARCH, VIEW, PANEL, PATH, resolveQuery, exportURL } from './api.js';
import { colorOf, useOntologyColors } from './colors.js';
import { combo } from './combo.js';
import { h } from './dom.js';
import { renderEntity, renderIntro, renderPath } from './panel.js';
import { parseHash, formatHash, centersOf, open, unique } from './state.js';
import { GraphView } from './view.js';

const LIMIT = 200; // most entities drawn at once
const $ = (id) => document.getElementById(id);

const app = {
  st: parseHash(''),
  ontology: { entityTypes: [], relationTypes: [] },
  known: new Set(), // ids the server gave us, which need no resolving
  view: { key: '', entities: [], relations: [], truncated: false, error: '' },
  panel: { key: '', entity: null, error: '' },
  path: { key: '', path: null, error: '' },
  generation: 0,
  combos: [], // the search boxes, whose suggestions close when the view changes
  refocus: '', // the node to give the keyboard focus once drawn
};

let graph;

function go(st, { replace = false } = {}) {
  const hash = formatHash(st);
  if (hash === (location.hash || '#')) { apply(); return; }
  if (replace) {
    history.replaceState(null, '', hash);
    apply();
  } else {
    location.hash = hash; // hashchange calls apply
  }
}

function status(text, error = false) {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', error);
  el.setAttribute('role', error ? 'alert' : 'status');
}

function message(err) {
  return err instanceof APIError ? err.message : `出错了：${err.message}`;
}

// normalise replaces names in focus and expanded with ids (a URL may say
// #focus=马修军) and drops references to entities that do not exist.
async function normalise(st) {
  const refs = unique([st.focus, ...st.expanded].filter((r) => r && !app.known.has(r)));
  if (!refs.length) return { st, missing: [] };
  const vars = {};
  refs.forEach((r, i) => { vars[`i${i}`] = r; vars[`n${i}`] = r; });
  const data = await gql(resolveQuery(refs.length), vars);
  const ids = new Map();
  const missing = [];
  refs.forEach((r, i) => {
    const e = data[`i${i}`] || data[`n${i}`];
    if (e) { ids.set(r, e.id); app.known.add(e.id); } else missing.push(r);
  });
  const map = (r) => (app.known.has(r) ? r : ids.get(r) || '');
  return {
    st: { ...st, focus: map(st.focus), expanded: unique(st.expanded.map(map).filter(Boolean)) },
    missing,
  };
}

async function apply() {
  const gen = ++app.generation;
  let st = parseHash(location.hash);
  let missing = [];
  try {
    ({ st, missing } = await normalise(st));
  } catch (err) {
    status(message(err), true);
    return;
  }
  if (gen !== app.generation) return;
  const hash = formatHash(st);
  if (hash !== (location.hash || '#') && location.hash) history.replaceState(null, '', hash);
  app.st = st;
  for (const c of app.combos) c.close();
  syncControls(st);
  await Promise.all([loadView(st), loadPanel(st), loadPath(st)]);
  if (gen !== app.generation) return;
  draw(missing);
}

async function loadView(st) {
  const centers = centersOf(st);
  const key = JSON.stringify([centers, st.types, st.entityTypes]);
  if (key === app.view.key) return;
  const v = { key, entities: [], relations: [], truncated: false, error: '' };
  if (centers.length) {
    try {
      const d = await gql(VIEW, { centers, types: st.types.length ? st.types : null,
        entityTypes: st.entityTypes.length ? st.entityTypes : null, limit: LIMIT });
      Object.assign(v, d.subgraph);
      for (const e of v.entities) app.known.add(e.id);
    } catch (err) {
      v.error = message(err);
    }
  }
  app.view = v;
}

async function loadPanel(st) {
  const key = st.focus;
  if (key === app.panel.key) return;
  const p = { key, entity: null, error: '' };
  if (key) {
    try {
      p.entity = (await gql(PANEL, { id: key })).entity;
      if (!p.entity) p.error = `找不到实体 ${key}`;
    } catch (err) {
      p.error = message(err);
    }
  }
  app.panel = p;
}

async function loadPath(st) {
  const key = JSON.stringify([st.from, st.to, st.types]);
  if (key === app.path.key) return;
  const p = { key, path: null, error: '' };
  if (st.from && st.to) {
    try {
      p.path = (await gql(PATH, { from: st.from, to: st.to, types: st.types.length ? st.types : null })).shortestPath;
      if (!p.path) p.error = `${st.from} 与 ${st.to} 之间在 6 跳以内没有路径`;
    } catch (err) {
      p.error = message(err);
    }
  }
  app.path = p;
}

function draw(missing) {
  const st = app.st;
  const entities = new Map();
  const relations = new Map();
  for (const e of app.view.entities) entities.set(e.id, e);
  for (const r of app.view.relations) relations.set(r.id, r);
  const path = app.path.path;
  if (path) {
    for (const e of path.entities) entities.set(e.id, e);
    for (const r of path.relations) relations.set(r.id, r);
  }
  graph.update([...entities.values()], [...relations.values()], {
    centers: new Set(centersOf(st)),
    focus: st.focus,
    pathNodes: new Set(path ? path.entities.map((e) => e.id) : []),
    pathLinks: new Set(path ? path.relations.map((r) => r.id) : []),
  });
  $('empty').hidden = entities.size > 0;
  if (app.refocus) {
    graph.focusNode(app.refocus);
    app.refocus = '';
  }

  const counts = new Map();
  for (const e of entities.values()) counts.set(e.type, (counts.get(e.type) || 0) + 1);
  for (const el of document.querySelectorAll('#entity-types .count')) el.textContent = counts.get(el.dataset.type) || '';

  const errors = [app.view.error, app.path.error, app.panel.error].filter(Boolean);
  if (missing.length) errors.unshift(`找不到实体：${missing.join('、')}`);
  if (errors.length) {
    status(errors.join('；'), true);
  } else if (entities.size) {
    status(`${entities.size} 个实体，${relations.size} 条关系${app.view.truncated ? `（超过 ${LIMIT} 个，只显示提及最多的）` : ''}` +
      (path ? `；路径 ${path.length} 跳` : ''));
  } else {
    status('');
  }

  if (path) {
    // Show names, not the ids a shared URL may hold.
    for (const [input, e] of [[$('path-from'), path.entities[0]], [$('path-to'), path.entities[path.entities.length - 1]]]) {
      if (document.activeElement !== input) {
        input.value = e.name;
        input.dataset.id = e.id;
      }
    }
  }
  drawPanel(st, path);
  drawExports(st);
  if (app.panel.entity) document.title = `${app.panel.entity.name} · kg`;
}

function drawPanel(st, path) {
  const href = (id) => formatHash(open(st, id));
  const parts = [];
  if (path) parts.push(renderPath(path, href));
  const e = app.panel.entity;
  if (e) {
    const centers = centersOf(st);
    const expanded = centers.includes(e.id);
    parts.push(renderEntity(e, {
      href,
      expanded,
      alone: expanded && centers.length === 1,
      onToggle: () => {
        go({ ...st, expanded: expanded ? centers.filter((c) => c !== e.id) : unique([...centers, e.id]) });
      },
      onFrom: () => endpoint('from', e),
      onTo: () => endpoint('to', e),
    }));
  } else if (!path) {
    parts.push(renderIntro());
  }
  $('panel').replaceChildren(...parts);
}

function drawExports(st) {
  const centers = centersOf(st);
  const path = app.path.path;
  for (const a of document.querySelectorAll('#exports a')) {
    if (centers.length || path) {
      a.href = exportURL(a.dataset.format, { centers, from: st.from, to: st.to, types: st.types,
        entityTypes: st.entityTypes, limit: LIMIT });
      a.removeAttribute('aria-disabled');
    } else {
      a.removeAttribute('href');
      a.setAttribute('aria-disabled', 'true');
    }
  }
}

// endpoint sets one end of the path finder from the panel.
function endpoint(which, e) {
  const input = $(which === 'from' ? 'path-from' : 'path-to');
  input.value = e.name;
  input.dataset.id = e.id;
  const st = { ...app.st, [which]: e.id };
  if (st.from && st.to) go(st);
  else $(which === 'from' ? 'path-to' : 'path-from').focus();
}

// syncControls shows the state in the filters and the path finder.
function syncControls(st) {
  const checks = (id, chosen) => {
    for (const box of document.querySelectorAll(`#${id} input`)) box.checked = !chosen.length || chosen.includes(box.value);
  };
  checks('entity-types', st.entityTypes);
  checks('relation-types', st.types);
  for (const [which, id] of [['from', 'path-from'], ['to', 'path-to']]) {
    const input = $(id);
    if (document.activeElement === input) continue;
    const ref = st[which];
    if (ref !== input.dataset.id && ref !== input.value) {
      input.value = ref;
      delete input.dataset.id;
    }
  }
}

function filters() {
  const box = (group, value, label, swatch) => h('label', {},
    h('input', { type: 'checkbox', name: group, value, checked: true }),
    swatch ? h('span', { class: 'dot', style: `background:${swatch}` }) : null,
    h('span', {}, label),
    swatch ? h('span', { class: 'count', 'data-type': value }) : null);
  $('entity-types').append(...app.ontology.entityTypes.map((t) => box('entityTypes', t.type, t.chinese, colorOf(t.type))));
  $('relation-types').append(...app.ontology.relationTypes.map((t) => box('types', t.type, t.chinese)));
  for (const [id, key] of [['entity-types', 'entityTypes'], ['relation-types', 'types']]) {
    $(id).addEventListener('change', (ev) => {
      const boxes = [...document.querySelectorAll(`#${id} input`)];
      const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
      if (!chosen.length) {
        ev.target.checked = true;
        status('至少保留一种类型', true);
        return;
      }
      go({ ...app.st, [key]: chosen.length === boxes.length ? [] : chosen });
    });
  }
}

function searchBoxes() {
  const search = (q) => gql(SEARCH, { q }).then((d) => d.search);
  const onError = (err) => status(message(err), true);
  app.combos.push(combo($('search'), $('search-list'), {
    search,
    onError,
    onPick: (e) => {
      $('search').value = e.name;
      app.known.add(e.id);
      go({ ...app.st, focus: e.id, expanded: [e.id], from: '', to: '' });
    },
  }));
  for (const id of ['path-from', 'path-to']) {
    const input = $(id);
    input.addEventListener('input', () => { delete input.dataset.id; });
    app.combos.push(combo(input, $(`${id}-list`), {
      search,
      onError,
      onPick: (e) => {
        input.value = e.name;
        input.dataset.id = e.id;
      },
    }));
  }
  $('path-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const ref = (input) => input.dataset.id || input.value.trim();
    const from = ref($('path-from'));
    const to = ref($('path-to'));
    if (!from || !to) {
      status('请输入路径的起点和终点', true);
      return;
    }
    go({ ...app.st, from, to });
  });
  $('path-clear').addEventListener('click', () => {
    for (const id of ['path-from', 'path-to']) { $(id).value = ''; delete $(id).dataset.id; }
    go({ ...app.st, from: '', to: '' });
  });
}

function keys() {
  document.addEventListener('keydown', (ev) => {
    const typing = ev.target.closest && ev.target.closest('input, textarea, select, [contenteditable]');
    if (ev.key === '/' && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      $('search').focus();
      $('search').select();
    }
  });
  for (const b of document.querySelectorAll('[data-zoom]')) {
    b.addEventListener('click', () => {
      if (b.dataset.zoom === 'in') graph.zoomBy(1.25);
      else if (b.dataset.zoom === 'out') graph.zoomBy(0.8);
      else { graph.userMoved = false; graph.fit(); }
    });
  }
}

async function start() {
  graph = new GraphView($('graph'), {
    onActivate: (id) => {
      app.refocus = id;
      go(open(app.st, id));
    },
  });
  keys();
  searchBoxes();
  try {
    app.ontology = (await gql(ONTOLOGY)).ontology;
    useOntologyColors(app.ontology.entityTypes);
  } catch (err) {
    status(message(err), true);
  }
  filters();
  window.addEventListener('hashchange', apply);
  await apply();
}

start();
