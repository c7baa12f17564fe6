// The view's state lives in the URL's hash, so that a view can be shared
// and the back button works:
//   #focus=<id>&expanded=<id>,<id>&types=WORKS_AT,…&entityTypes=PERSON,…&from=<id|name>&to=<id|name>
// focus is the entity in the panel; expanded are the entities whose
// neighbourhoods are drawn (the focus alone when none are).

export function parseHash(hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const list = (k) => unique((p.get(k) || '').split(',').map((x) => x.trim()).filter(Boolean));
  return {
    focus: (p.get('focus') || '').trim(),
    expanded: list('expanded'),
    types: list('types'),
    entityTypes: list('entityTypes'),
    from: (p.get('from') || '').trim(),
    to: (p.get('to') || '').trim(),
  };
}

export function formatHash(st) {
  const parts = [];
  const add = (k, v) => {
    // Ids (person:62d4…) and lists stay readable: ':' and ',' need no escape.
    if (v) parts.push(`${k}=${encodeURIComponent(v).replace(/%3A/g, ':').replace(/%2C/g, ',')}`);
  };
  add('focus', st.focus);
  add('expanded', st.expanded.join(','));
  add('types', st.types.join(','));
  add('entityTypes', st.entityTypes.join(','));
  add('from', st.from);
  add('to', st.to);
  return '#' + parts.join('&');
}

export function centersOf(st) {
  if (st.expanded.length) return st.expanded;
  return st.focus ? [st.focus] : [];
}

export function unique(xs) {
  return [...new Set(xs)];
}

// open shows an entity: it becomes the focus and its neighbourhood is drawn.
export function open(st, id) {
  return { ...st, focus: id, expanded: unique([...centersOf(st), id]) };
}
