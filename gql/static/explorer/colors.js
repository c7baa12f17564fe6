// One colour per entity type: the graph, the legend, the suggestions and
// the panel all read this table. The colours come from the server's
// ontology (the same ones the exported pictures use); useOntologyColors
// fills the table once the ontology has loaded.
const TYPE_COLORS = {};

export function useOntologyColors(entityTypes) {
  for (const t of entityTypes) {
    if (/^#[0-9a-f]{6}$/i.test(t.color || '')) TYPE_COLORS[t.type] = t.color;
  }
}

export function colorOf(type) {
  return TYPE_COLORS[type] || '#444444';
}
