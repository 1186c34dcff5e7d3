// The console benchmark (run by run.sh): the console's size as a browser downloads it (gzip), and the time to first
// render of an appmap page of N servers on the local cluster in Debian's headless Chromium, side by side with the
// API call that page needs (the appmap's overview) and kubectl listing the same Deployments.
// Usage: node --experimental-websocket bench.mjs <base url> <admin password> <service> <servers> <samples> <console dir>
//        <kubeconfig> <namespace>
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const [base, password, service, servers, samples, consoleDir, kubeconfig, namespace] = process.argv.slice(2);
const N = Number(servers);
const SAMPLES = Number(samples);

// --- the console's size: every file the build wrote, raw and gzip -9
function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}
let raw = 0, gz = 0, firstLoad = 0;
const index = readFileSync(join(consoleDir, 'index.html'), 'utf8');
for (const f of files(consoleDir)) {
  const bytes = readFileSync(f);
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += zipped;
  const name = f.substring(consoleDir.length + 1);
  if (name === 'index.html' || index.includes(name.replace(/^.*\//, ''))) firstLoad += zipped;
}

// --- Chromium over the DevTools protocol
const profile = mkdtempSync(join(tmpdir(), 'cj-console-bench-'));
const chromium = spawn('/usr/bin/chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-extensions', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--user-data-dir=${profile}`, '--remote-debugging-port=0', '--window-size=1280,900', 'about:blank'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
const wsUrl = await new Promise((resolve, reject) => {
  let err = '';
  chromium.stderr.on('data', (d) => {
    err += d;
    const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
    if (m) resolve(m[1]);
  });
  chromium.on('exit', () => reject(new Error('chromium ended: ' + err)));
  setTimeout(() => reject(new Error('chromium did not start: ' + err)), 30000);
});
const ws = new WebSocket(wsUrl);
await new Promise((r) => ws.addEventListener('open', r, { once: true }));
let nextId = 1;
const pending = new Map();
ws.addEventListener('message', (e) => {
  const msg = JSON.parse(e.data);
  if (msg.id && pending.has(msg.id)) {
    const { resolve, reject } = pending.get(msg.id);
    pending.delete(msg.id);
    msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
  }
});
function call(method, params = {}, sessionId) {
  const id = nextId++;
  ws.send(JSON.stringify({ id, method, params, sessionId }));
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}
const { targetId } = await call('Target.createTarget', { url: 'about:blank' });
const { sessionId } = await call('Target.attachToTarget', { targetId, flatten: true });
const page = (m, p) => call(m, p, sessionId);
await page('Page.enable');
async function evaluate(expression) {
  const r = await page('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (r.exceptionDetails) throw new Error(expression + ': ' + JSON.stringify(r.exceptionDetails));
  return r.result.value;
}
async function until(expression, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await evaluate(expression);
    if (v) return v;
    if (Date.now() > end) throw new Error('not within ' + timeoutMs + ' ms: ' + expression);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// sign in with the console's form
await page('Page.navigate', { url: base + '/' });
await until("!!document.querySelector('#username')", 30000);
await evaluate(`(() => { const set = (s, v) => { const e = document.querySelector(s);
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(e, v);
  e.dispatchEvent(new Event('input', {bubbles: true})); }; set('#username', 'admin'); set('#password', ${JSON.stringify(password)});
  document.querySelector('#signin-submit').click(); })()`);
await until("!!document.querySelector('#signed-in-user')", 30000);

const appmapPage = `${base}/services/${service}/appmaps/dev`;
const rows = `document.querySelectorAll('#servers-table tr[data-server]').length`;
const render = [], api = [], kubectl = [];
for (let i = -2; i < SAMPLES; i++) { // two rounds of warm-up, not counted
  await page('Page.navigate', { url: 'about:blank' });
  await page('Page.navigate', { url: appmapPage });
  // the page's own clock: from the navigation's start to the moment all N rows are in the document
  const ms = await until(`${rows} === ${N} ? performance.now() : 0`, 60000);
  const apiMs = await evaluate(`(async () => { const t = performance.now();
    const r = await fetch('/api/v1/services/${service}/appmaps/dev/overview', {headers: {Accept: 'application/json'}});
    await r.json(); if (!r.ok) throw new Error('overview ' + r.status); return performance.now() - t; })()`);
  const t = process.hrtime.bigint();
  execFileSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'deployments', '-n', namespace, '-o', 'json'],
    { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 256 * 1024 * 1024 });
  const k = Number(process.hrtime.bigint() - t) / 1e6;
  if (i >= 0) { render.push(ms); api.push(apiMs); kubectl.push(k); }
}
const rendered = await evaluate(rows);
ws.close();
// Chromium writes into its profile until it has exited: wait for that before removing it (else ENOTEMPTY)
const exited = new Promise((resolve) => chromium.once('exit', resolve));
chromium.kill();
await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });

const p = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const f = (x) => x.toFixed(0);
console.log(`| figure | console | baseline | ratio | goal |`);
console.log(`|---|---|---|---|---|`);
console.log(`| console, gzip -9 (all files / first load) | ${(gz / 1024).toFixed(1)} KB / ${(firstLoad / 1024).toFixed(1)} KB` +
  ` (raw ${(raw / 1024).toFixed(0)} KB) | - | - | < 200 KB |`);
console.log(`| first render of the appmap page, ${N} servers, p50 / p90 (ms) | ${f(p(render, 0.5))} / ${f(p(render, 0.9))}` +
  ` | API overview call alone ${f(p(api, 0.5))} / ${f(p(api, 0.9))} | ${(p(render, 0.5) / p(api, 0.5)).toFixed(1)}x | < 1000 ms |`);
console.log(`| the same Deployments listed by kubectl, p50 / p90 (ms) | - | ${f(p(kubectl, 0.5))} / ${f(p(kubectl, 0.9))}` +
  ` | render/kubectl ${(p(render, 0.5) / p(kubectl, 0.5)).toFixed(1)}x | - |`);
console.log(`(${SAMPLES} samples each after 2 warm-up rounds; ${rendered} rows rendered)`);
