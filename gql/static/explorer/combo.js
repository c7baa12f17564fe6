// A combobox with suggestions: type to search, ArrowUp/ArrowDown to move,
// Enter to pick (the first suggestion when none is chosen), Esc to close.

import { h } from './dom.js';
import { colorOf } from './colors.js';

export function combo(input, list, { search, onPick, onError }) {
  let hits = [];
  let active = -1;
  let timer = 0;
  let asked = '';
  let pending = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const mark = () => {
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', list.children[active].id);
      list.children[active].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const show = () => {
    list.replaceChildren(...hits.map((hit, i) => {
      const e = hit.entity;
      const note = hit.match === 'ALIAS' ? e.aliases.find((a) => a.includes(input.value.trim())) : '';
      return h('li', {
        id: `${list.id}-${i}`, role: 'option', 'aria-selected': 'false', 'data-id': e.id,
        onmousedown: (ev) => ev.preventDefault(), // keep the focus in the input
        onclick: () => pick(i),
      },
      h('span', { class: 'dot', style: `background:${colorOf(e.type)}` }),
      h('span', {}, e.name),
      h('span', { class: 'type' }, e.typeLabel),
      note ? h('span', { class: 'note' }, `别名：${note}`) : null);
    }));
    if (hits.length === 0 && input.value.trim()) {
      list.replaceChildren(h('li', { class: 'none', role: 'option', 'aria-disabled': 'true' }, '没有找到'));
    }
    active = -1;
    const open = list.children.length > 0;
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    mark();
  };

  const run = (q) => {
    asked = q;
    pending = search(q).then((got) => {
      if (asked !== q) return;
      hits = got;
      if (document.activeElement === input) show();
    }).catch((err) => {
      hits = [];
      close();
      onError(err);
    }).finally(() => { pending = null; });
    return pending;
  };

  const pick = (i) => {
    const hit = hits[i];
    if (!hit) return;
    close();
    onPick(hit.entity);
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { hits = []; asked = ''; close(); return; }
    timer = setTimeout(() => run(q), 120);
  });

  input.addEventListener('keydown', async (ev) => {
    const n = list.hidden ? 0 : hits.length;
    switch (ev.key) {
      case 'ArrowDown':
        ev.preventDefault();
        if (list.hidden && hits.length) { show(); }
        if (hits.length) { active = (active + 1) % hits.length; mark(); }
        break;
      case 'ArrowUp':
        ev.preventDefault();
        if (n) { active = active <= 0 ? n - 1 : active - 1; mark(); }
        break;
      case 'Enter': {
        const q = input.value.trim();
        if (!q) return;
        ev.preventDefault();
        if (active >= 0) { pick(active); return; }
        // Enter before the suggestions arrived: ask now and take the best.
        clearTimeout(timer);
        if (asked !== q) run(q);
        if (pending) await pending;
        if (hits.length) pick(0);
        break;
      }
      case 'Escape':
        if (!list.hidden) { ev.preventDefault(); ev.stopPropagation(); close(); }
        break;
      default:
    }
  });

  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('focus', () => { if (hits.length && input.value.trim() === asked) show(); });

  return { close };
}
