// The explorer's only ways to the data: POST /graphql and GET /export,
// the public API any other client uses.

export class APIError extends Error {}

export async function gql(query, variables) {
  let res;
  try {
    res = await fetch(new URL('graphql', document.baseURI), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new APIError(`无法连接服务器：${err.message}`);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new APIError(`服务器返回了无法读取的回答（HTTP ${res.status}）`);
  }
  if (body.errors && body.errors.length) {
    throw new APIError(body.errors.map((e) => e.message).join('；'));
  }
  if (!res.ok) throw new APIError(`HTTP ${res.status}`);
  return body.data;
}

export const ONTOLOGY = `{
  ontology {
    entityTypes { type chinese color }
    relationTypes { type chinese }
  }
}`;

export const SEARCH = `query Search($q: String!) {
  search(query: $q, first: 8) { match entity { id name type typeLabel aliases } }
}`;

const ENTITY_REF = 'id name type typeLabel mentionCount';

export const VIEW = `query View($centers: [ID!]!, $types: [RelationType!], $entityTypes: [EntityType!], $limit: Int) {
  subgraph(centers: $centers, depth: 1, types: $types, entityTypes: $entityTypes, limit: $limit) {
    truncated
    entities { ${ENTITY_REF} }
    relations { id type typeLabel title source { id } target { id } }
  }
}`;

export const PANEL = `query Panel($id: ID!) {
  entity(id: $id) {
    ${ENTITY_REF} aliases articleCount
    relations(first: 100) {
      id type typeLabel title
      source { id name type }
      target { id name type }
      evidence(first: 1) { text article { id title url published } }
    }
    statements(first: 20) { text article { id title url published } }
    articles(first: 20) { id title url published }
  }
}`;

export const PATH = `query Path($from: ID!, $to: ID!, $types: [RelationType!]) {
  shortestPath(from: $from, to: $to, maxHops: 6, types: $types) {
    length
    entities { ${ENTITY_REF} }
    relations { id type typeLabel title source { id } target { id } }
  }
}`;

// resolveQuery looks several references (ids or names) up at once; the
// query holds only numbered variables, never the references themselves.
export function resolveQuery(n) {
  const vars = [];
  const fields = [];
  for (let i = 0; i < n; i++) {
    vars.push(`$i${i}: ID!, $n${i}: String!`);
    fields.push(`i${i}: entity(id: $i${i}) { id } n${i}: entity(name: $n${i}) { id }`);
  }
  return `query Resolve(${vars.join(', ')}) { ${fields.join(' ')} }`;
}

// exportURL is the link of one export of the current view: the
// neighbourhoods drawn, or the paths when only a path is drawn.
export function exportURL(format, view) {
  const q = new URLSearchParams({ format });
  if (view.centers.length) {
    for (const c of view.centers) q.append('center', c);
    q.set('depth', '1');
  } else {
    q.set('from', view.from);
    q.set('to', view.to);
  }
  if (view.types.length) q.set('types', view.types.join(','));
  if (view.entityTypes.length) q.set('entityTypes', view.entityTypes.join(','));
  q.set('limit', String(view.limit));
  return new URL(`export?${q}`, document.baseURI).toString();
}
