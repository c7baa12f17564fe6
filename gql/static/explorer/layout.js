// A small force layout: nodes repel each other, relations pull their ends
// to a rest length, a weak pull to the origin keeps parts together, and
// overlapping nodes (circle and label) push apart. Mostly the rules of
// d3-force's many-body, link, x/y and collide forces, written out so the
// page needs no library.

const CHARGE = -450; // repulsion between every two nodes
const LINK_DISTANCE = 110;
const COLLIDE_PAD = 6; // room kept between two nodes' boxes
const GRAVITY = 0.04;
const VELOCITY_DECAY = 0.45;
const ALPHA_MIN = 0.002;
const ALPHA_DECAY = 1 - Math.pow(ALPHA_MIN, 1 / 260);
const TICKS_PER_FRAME = 6;

export class Layout {
  // onTick is called after every frame of ticks, onEnd once the layout rests.
  constructor(onTick, onEnd) {
    this.nodes = [];
    this.links = [];
    this.alpha = 0;
    this.frame = 0;
    this.onTick = onTick;
    this.onEnd = onEnd;
  }

  // set takes nodes ({id, x, y, fx, fy}) and links ({source, target} as
  // node objects).
  set(nodes, links) {
    this.nodes = nodes;
    this.links = links;
    const degree = new Map();
    for (const l of links) {
      degree.set(l.source, (degree.get(l.source) || 0) + 1);
      degree.set(l.target, (degree.get(l.target) || 0) + 1);
    }
    for (const l of links) {
      const a = degree.get(l.source);
      const b = degree.get(l.target);
      l.strength = 1 / Math.min(a, b);
      l.bias = a / (a + b);
    }
    for (const n of nodes) {
      n.vx = n.vx || 0;
      n.vy = n.vy || 0;
    }
  }

  restart(alpha) {
    this.alpha = Math.max(this.alpha, alpha);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.step());
  }

  step() {
    this.frame = 0;
    for (let i = 0; i < TICKS_PER_FRAME && this.alpha >= ALPHA_MIN; i++) this.tick();
    this.onTick();
    if (this.alpha >= ALPHA_MIN) {
      this.frame = requestAnimationFrame(() => this.step());
    } else {
      this.alpha = 0;
      this.onEnd();
    }
  }

  tick() {
    const { nodes, links } = this;
    const alpha = this.alpha;
    for (const l of links) {
      const s = l.source;
      const t = l.target;
      let dx = t.x + t.vx - s.x - s.vx;
      let dy = t.y + t.vy - s.y - s.vy;
      let d = Math.hypot(dx, dy) || 1e-6;
      d = ((d - LINK_DISTANCE) / d) * alpha * l.strength;
      dx *= d;
      dy *= d;
      t.vx -= dx * l.bias;
      t.vy -= dy * l.bias;
      s.vx += dx * (1 - l.bias);
      s.vy += dy * (1 - l.bias);
    }
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < nodes.length; j++) {
        const b = nodes[j];
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 1) { // on top of each other: push apart along a fixed direction
          dx = (i % 7) - 3 || 1;
          dy = (j % 5) - 2 || 1;
          d2 = dx * dx + dy * dy;
        }
        const w = (CHARGE * alpha) / d2;
        a.vx += dx * w;
        a.vy += dy * w;
        b.vx -= dx * w;
        b.vy -= dy * w;
        collide(a, b, i, j);
      }
    }
    for (const n of nodes) {
      n.vx -= n.x * GRAVITY * alpha;
      n.vy -= n.y * GRAVITY * alpha;
      if (n.fx != null) {
        n.x = n.fx;
        n.y = n.fy;
        n.vx = 0;
        n.vy = 0;
      } else {
        n.vx *= 1 - VELOCITY_DECAY;
        n.vy *= 1 - VELOCITY_DECAY;
        n.x += n.vx;
        n.y += n.vy;
      }
    }
    this.alpha += (0 - this.alpha) * ALPHA_DECAY;
  }
}

// collide pushes two nodes apart when the boxes of their circles and
// labels (the label sits right of the circle, n.w wide) overlap, at any
// alpha, so that names stay readable. It pushes along the axis of the
// smaller overlap.
function collide(a, b, i, j) {
  const ra = a.r || 8;
  const rb = b.r || 8;
  const ax = a.x + (4 + (a.w || 0)) / 2;
  const bx = b.x + (4 + (b.w || 0)) / 2;
  const ox = (2 * ra + 4 + (a.w || 0) + 2 * rb + 4 + (b.w || 0)) / 2 + COLLIDE_PAD - Math.abs(bx - ax);
  const oy = Math.max(ra, 9) + Math.max(rb, 9) + COLLIDE_PAD - Math.abs(b.y - a.y);
  if (ox <= 0 || oy <= 0) return;
  if (ox < oy) {
    const dir = Math.sign(bx - ax) || (i < j ? 1 : -1);
    a.vx -= dir * ox * 0.2;
    b.vx += dir * ox * 0.2;
  } else {
    const dir = Math.sign(b.y - a.y) || (i < j ? 1 : -1);
    a.vy -= dir * oy * 0.2;
    b.vy += dir * oy * 0.2;
  }
}

// place puts a new node near a placed neighbour, or on a spiral around the
// origin; the offset comes from the id, so a shared URL draws the same
// picture.
export function place(node, neighbour, index) {
  const r = hash(node.id);
  if (neighbour) {
    const angle = (r % 360) * (Math.PI / 180);
    node.x = neighbour.x + Math.cos(angle) * 40;
    node.y = neighbour.y + Math.sin(angle) * 40;
    return;
  }
  const radius = 30 * Math.sqrt(0.5 + index);
  const angle = index * Math.PI * (3 - Math.sqrt(5));
  node.x = radius * Math.cos(angle);
  node.y = radius * Math.sin(angle);
}

function hash(s) {
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 16777619);
  }
  return x >>> 0;
}
