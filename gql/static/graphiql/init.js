// Starts GraphiQL against this server's /graphql. Everything is served by
// kg itself; mutations need a bearer token in the Headers tab:
// {"Authorization": "Bearer <token>"}.
(function () {
  var defaultQuery = [
    '# kg: the knowledge graph of China\'s AI industry. Press Ctrl-Enter to run.',
    '{',
    '  entity(name: "马修军") {',
    '    name',
    '    type',
    '    relations(types: [WORKS_AT]) { title target { name } }',
    '    statements(first: 3) { text article { title published } }',
    '  }',
    '  stats { articles entities relations }',
    '}',
    ''
  ].join('\n');
  var fetcher = GraphiQL.createFetcher({ url: new URL('../graphql', window.location.href).toString() });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: defaultQuery,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false
  }));
})();
