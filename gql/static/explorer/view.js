// The graph view: entities as circles coloured by type, relations as
// arrows labelled in Chinese, laid out by layout.js. Drag a node to move
// it, drag the background to pan, wheel or +/− to zoom; nodes take the
// keyboard focus, Enter expands one, arrow keys move to the nearest node
// in that direction.

import { s } from './dom.js';
import { colorOf } from './colors.js';
import { Layout, place } from './layout.js';

const MIN_ZOOM = 0.2;
const MAX_ZOOM = 4;
const LABEL_CHARS = 14;

export class GraphView {
  constructor(svg, { onActivate }) {
    this.svg = svg;
    this.onActivate = onActivate;
    this.nodes = new Map();
    this.links = new Map();
    this.zoom = { k: 1, x: 0, y: 0 };
    this.userMoved = false; // the reader zoomed or panned since the last data
    this.layout = new Layout(() => this.render(), () => this.settled());

    const marker = (id, cls) => s('marker', {
      id, class: cls, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9,
      markerUnits: 'userSpaceOnUse', orient: 'auto',
    }, s('path', { d: 'M0,0 L10,5 L0,10 z' }));
    this.linkLayer = s('g', { class: 'links' });
    this.nodeLayer = s('g', { class: 'nodes' });
    this.viewport = s('g', { class: 'viewport' }, this.linkLayer, this.nodeLayer);
    svg.append(
      s('defs', {}, marker('arrow', 'arrow'), marker('arrow-path', 'arrow-path')),
      this.viewport,
    );
    svg.querySelector('#arrow path').setAttribute('fill', '#9aa4ae');
    svg.querySelector('#arrow-path path').setAttribute('fill', '#d1242f');
    this.bindPointer();
    this.bindKeys();
    new ResizeObserver(() => { if (!this.userMoved) this.fit(); }).observe(svg);
  }

  // update draws a new set of entities and relations; nodes already drawn
  // keep their places. marks: centers and path (sets of ids), focus (id).
  update(entities, relations, marks) {
    const old = this.nodes;
    const next = new Map();
    for (const e of entities) {
      const n = old.get(e.id) || { id: e.id, x: NaN, y: NaN };
      Object.assign(n, { name: e.name, type: e.type, typeLabel: e.typeLabel, mentionCount: e.mentionCount });
      next.set(e.id, n);
    }
    const rels = relations.filter((r) => next.has(r.source.id) && next.has(r.target.id));
    // New nodes start next to a neighbour that already has a place.
    let added = 0;
    let index = old.size;
    for (let pass = 0; pass < 3; pass++) {
      for (const r of rels) {
        const a = next.get(r.source.id);
        const b = next.get(r.target.id);
        if (Number.isNaN(a.x) && !Number.isNaN(b.x)) { place(a, b); added++; }
        if (Number.isNaN(b.x) && !Number.isNaN(a.x)) { place(b, a); added++; }
      }
    }
    for (const n of next.values()) {
      if (Number.isNaN(n.x)) { place(n, null, index++); added++; }
    }

    for (const [id, n] of old) if (!next.has(id)) n.el.remove();
    for (const n of next.values()) if (!n.el) n.el = this.nodeElement(n);
    for (const n of next.values()) this.decorate(n, marks);
    this.nodes = next;

    const links = new Map();
    for (const r of rels) {
      const l = this.links.get(r.id) || { id: r.id };
      Object.assign(l, { source: next.get(r.source.id), target: next.get(r.target.id), type: r.type,
        label: r.title ? `${r.typeLabel}·${r.title}` : r.typeLabel });
      links.set(r.id, l);
    }
    for (const [id, l] of this.links) if (!links.has(id)) l.el.remove();
    for (const l of links.values()) {
      if (!l.el) l.el = this.linkElement(l);
      const onPath = marks.pathLinks.has(l.id);
      l.el.classList.toggle('on-path', onPath);
      l.line.setAttribute('marker-end', `url(#${onPath ? 'arrow-path' : 'arrow'})`);
    }
    // Path relations are drawn last, on top of the others.
    for (const l of links.values()) if (marks.pathLinks.has(l.id)) this.linkLayer.append(l.el);
    this.links = links;
    this.svg.classList.toggle('dimmed', marks.pathLinks.size > 0);

    this.layout.set([...next.values()], [...links.values()]);
    if (added > 0) {
      this.userMoved = false;
      this.svg.dataset.layout = 'running';
      this.layout.restart(old.size === 0 ? 1 : 0.7);
    } else {
      this.render();
      if (this.layout.alpha === 0) this.settled();
    }
  }

  nodeElement(n) {
    const label = [...n.name].length > LABEL_CHARS ? [...n.name].slice(0, LABEL_CHARS - 1).join('') + '…' : n.name;
    const el = s('g', { class: 'node', tabindex: 0, role: 'button', 'data-id': n.id, 'data-type': n.type,
      'aria-label': `${n.name}（${n.typeLabel}），按 Enter 展开` },
    s('title', {}, `${n.name}（${n.typeLabel}）`),
    s('circle', { r: 8, fill: colorOf(n.type) }),
    s('text', { x: 12, dy: '0.35em' }, label));
    this.nodeLayer.append(el);
    // The layout keeps labels apart, so it needs their widths.
    n.w = el.querySelector('text').getComputedTextLength() || [...label].length * 12;
    return el;
  }

  decorate(n, marks) {
    n.r = 7 + Math.min(9, Math.sqrt(n.mentionCount || 1) * 1.6) + (marks.centers.has(n.id) ? 2 : 0);
    const circle = n.el.querySelector('circle');
    circle.setAttribute('r', n.r.toFixed(1));
    n.el.querySelector('text').setAttribute('x', (n.r + 4).toFixed(1));
    n.el.classList.toggle('center', marks.centers.has(n.id));
    n.el.classList.toggle('selected', marks.focus === n.id);
    n.el.classList.toggle('on-path', marks.pathNodes.has(n.id));
    n.el.setAttribute('aria-pressed', String(marks.centers.has(n.id)));
  }

  linkElement(l) {
    l.line = s('line', {});
    l.text = s('text', {}, l.label);
    const el = s('g', { class: 'link', 'data-id': l.id, 'data-type': l.type,
      'data-source': l.source.id, 'data-target': l.target.id }, l.line, l.text);
    this.linkLayer.append(el);
    return el;
  }

  render() {
    for (const n of this.nodes.values()) {
      n.el.setAttribute('transform', `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`);
    }
    for (const l of this.links.values()) {
      const { source: a, target: b } = l;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const d = Math.hypot(dx, dy) || 1;
      // End the line at the target's rim, so the arrow shows.
      const ex = b.x - (dx / d) * (b.r + 2);
      const ey = b.y - (dy / d) * (b.r + 2);
      l.line.setAttribute('x1', a.x.toFixed(1));
      l.line.setAttribute('y1', a.y.toFixed(1));
      l.line.setAttribute('x2', ex.toFixed(1));
      l.line.setAttribute('y2', ey.toFixed(1));
      l.text.setAttribute('x', ((a.x + b.x) / 2).toFixed(1));
      l.text.setAttribute('y', ((a.y + b.y) / 2 - 3).toFixed(1));
    }
    const { k, x, y } = this.zoom;
    this.viewport.setAttribute('transform', `translate(${x.toFixed(1)},${y.toFixed(1)}) scale(${k.toFixed(4)})`);
  }

  settled() {
    if (!this.userMoved) this.fit();
    this.svg.dataset.layout = this.nodes.size ? 'done' : 'empty';
  }

  // fit shows every node, labels included.
  fit() {
    const { width, height } = this.svg.getBoundingClientRect();
    if (!this.nodes.size || !width || !height) return;
    let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
    for (const n of this.nodes.values()) {
      const labelWidth = n.w || 0;
      x0 = Math.min(x0, n.x - n.r);
      x1 = Math.max(x1, n.x + n.r + 4 + labelWidth);
      y0 = Math.min(y0, n.y - n.r - 4);
      y1 = Math.max(y1, n.y + n.r + 4);
    }
    const pad = 30;
    const k = clamp(Math.min((width - 2 * pad) / (x1 - x0 || 1), (height - 2 * pad) / (y1 - y0 || 1), 1.6), MIN_ZOOM, MAX_ZOOM);
    this.zoom = { k, x: width / 2 - ((x0 + x1) / 2) * k, y: height / 2 - ((y0 + y1) / 2) * k };
    this.render();
  }

  // zoomBy scales around a point of the svg (its middle by default).
  zoomBy(factor, px, py) {
    const { width, height } = this.svg.getBoundingClientRect();
    const cx = px ?? width / 2;
    const cy = py ?? height / 2;
    const { k, x, y } = this.zoom;
    const k2 = clamp(k * factor, MIN_ZOOM, MAX_ZOOM);
    this.zoom = { k: k2, x: cx - ((cx - x) * k2) / k, y: cy - ((cy - y) * k2) / k };
    this.userMoved = true;
    this.render();
  }

  panBy(dx, dy) {
    this.zoom = { ...this.zoom, x: this.zoom.x + dx, y: this.zoom.y + dy };
    this.userMoved = true;
    this.render();
  }

  point(ev) {
    const box = this.svg.getBoundingClientRect();
    return [ev.clientX - box.left, ev.clientY - box.top];
  }

  bindPointer() {
    const svg = this.svg;
    let drag = null;
    svg.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      const el = ev.target.closest('.node');
      const [px, py] = this.point(ev);
      drag = { node: el ? this.nodes.get(el.dataset.id) : null, px, py, zoom: { ...this.zoom }, moved: false };
      svg.setPointerCapture(ev.pointerId);
      if (!drag.node) svg.classList.add('panning');
    });
    svg.addEventListener('pointermove', (ev) => {
      if (!drag) return;
      const [px, py] = this.point(ev);
      if (Math.hypot(px - drag.px, py - drag.py) > 4) drag.moved = true;
      if (!drag.moved) return;
      if (drag.node) {
        const { k, x, y } = this.zoom;
        drag.node.fx = (px - x) / k;
        drag.node.fy = (py - y) / k;
        drag.node.x = drag.node.fx;
        drag.node.y = drag.node.fy;
        this.userMoved = true;
        this.layout.restart(0.2);
        this.render();
      } else {
        this.zoom = { ...drag.zoom, x: drag.zoom.x + px - drag.px, y: drag.zoom.y + py - drag.py };
        this.userMoved = true;
        this.render();
      }
    });
    const end = (ev) => {
      if (!drag) return;
      svg.classList.remove('panning');
      const d = drag;
      drag = null;
      if (ev.type === 'pointerup' && d.node && !d.moved) this.onActivate(d.node.id);
      // A dragged node stays where it was put.
    };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    svg.addEventListener('wheel', (ev) => {
      ev.preventDefault();
      const [px, py] = this.point(ev);
      this.zoomBy(Math.exp(-ev.deltaY * 0.0015), px, py);
    }, { passive: false });
  }

  bindKeys() {
    const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    this.svg.addEventListener('keydown', (ev) => {
      const el = ev.target.closest && ev.target.closest('.node');
      const node = el && this.nodes.get(el.dataset.id);
      if (node && (ev.key === 'Enter' || ev.key === ' ')) {
        ev.preventDefault();
        this.onActivate(node.id);
        return;
      }
      if (arrows[ev.key]) {
        ev.preventDefault();
        const [dx, dy] = arrows[ev.key];
        if (node) {
          const next = this.nearest(node, dx, dy);
          if (next) next.el.focus();
        } else {
          this.panBy(-dx * 60, -dy * 60);
        }
        return;
      }
      if (ev.key === '+' || ev.key === '=') { ev.preventDefault(); this.zoomBy(1.25); }
      if (ev.key === '-' || ev.key === '_') { ev.preventDefault(); this.zoomBy(0.8); }
      if (ev.key === '0') { ev.preventDefault(); this.userMoved = false; this.fit(); }
    });
  }

  // nearest is the closest node roughly in direction (dx, dy) from n.
  nearest(n, dx, dy) {
    let best = null;
    let bestScore = Infinity;
    for (const m of this.nodes.values()) {
      if (m === n) continue;
      const vx = m.x - n.x;
      const vy = m.y - n.y;
      const along = vx * dx + vy * dy;
      if (along <= 0) continue;
      const across = Math.abs(vx * dy - vy * dx);
      const score = along + 2 * across;
      if (score < bestScore) { bestScore = score; best = m; }
    }
    return best;
  }

  // focusNode puts the keyboard focus on a drawn node.
  focusNode(id) {
    const n = this.nodes.get(id);
    if (n) n.el.focus({ preventScroll: true });
  }
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}
