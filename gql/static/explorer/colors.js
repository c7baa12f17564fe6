// One colour per entity type: the graph, the legend, the suggestions and
// the panel all read this table.
export const TYPE_COLORS = {
  PERSON: '#e15759',
  COMPANY: '#4e79a7',
  INSTITUTION: '#59a14f',
  GOVERNMENT_BODY: '#b07aa1',
  MEDIA: '#9c755f',
  TECHNOLOGY: '#f28e2b',
  PRODUCT: '#c9a227',
  POLICY: '#76b7b2',
  INDUSTRY: '#ff9da7',
  LOCATION: '#8c8c8c',
};

export function colorOf(type) {
  return TYPE_COLORS[type] || '#444444';
}
