// Drives the GraphiQL page of a running kg serve in headless Chromium over
// the DevTools protocol: the page must render, load the schema, run its
// default query and show data, without loading anything from another
// origin and without script errors. Used by scripts/check-graphiql.
import { writeFileSync } from 'node:fs';

const [base, port, shotPath] = process.argv.slice(2);
const page = await (await fetch(`http://127.0.0.1:${port}/json/new?${base}/graphiql/`, { method: 'PUT' })).json();
const ws = new WebSocket(page.webSocketDebuggerUrl);
let id = 0;
const pending = new Map();
const problems = [];
ws.onmessage = (m) => {
  const d = JSON.parse(m.data);
  if (d.id && pending.has(d.id)) { pending.get(d.id)(d); pending.delete(d.id); }
  if (d.method === 'Network.loadingFailed') problems.push(`load failed: ${d.params.errorText}`);
  if (d.method === 'Network.requestWillBeSent') {
    const u = d.params.request.url;
    if (!u.startsWith(base) && !u.startsWith('data:')) problems.push(`request to another origin: ${u}`);
  }
  if (d.method === 'Runtime.exceptionThrown') problems.push(`script error: ${d.params.exceptionDetails.exception?.description ?? d.params.exceptionDetails.text}`);
};
await new Promise((r) => { ws.onopen = r; });
const send = (method, params = {}) => new Promise((r) => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params })); });
const evaluate = async (expr) => (await send('Runtime.evaluate', { expression: expr, returnByValue: true })).result?.result?.value;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

await send('Network.enable');
await send('Runtime.enable');
await send('Page.enable');
await send('Page.reload');
await sleep(4000);
const checks = {
  rendered: await evaluate('!!document.querySelector(".graphiql-container")'),
  schemaLoaded: await evaluate('!!document.querySelector("[aria-label=\\"Show Documentation Explorer\\"]")'),
  ran: await evaluate('(() => { const b = document.querySelector(".graphiql-execute-button"); b?.click(); return !!b; })()'),
};
await sleep(3000);
const response = await evaluate('document.querySelector(".graphiql-response")?.innerText.replace(/\\s+/g, " ") ?? ""');
checks.data = response.includes('"data"') && !response.includes('"errors"');
if (shotPath) {
  const shot = await send('Page.captureScreenshot', { format: 'png' });
  writeFileSync(shotPath, Buffer.from(shot.result.data, 'base64'));
}
ws.close();
console.log(JSON.stringify({ checks, problems, response: response.slice(0, 300) }, null, 2));
process.exit(Object.values(checks).every(Boolean) && problems.length === 0 ? 0 : 1);
