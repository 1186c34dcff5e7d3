// Every error status the API's document names is answered in at least one integration test.
// Usage: node statuses.mjs <openapi.json> <folder of answered statuses>
// The folder holds one file per integration test class (itests/target/api-statuses/<Class>.prom), the runtime's own
// count of what it answered (`cengjiyun_http_server_requests_seconds_count{route,method,status}` of GET /metrics),
// written by CengjiyunTestSupport after each test. Prints, per error status, the operations that document it and the
// requests of the tests it answered, and how many documented operation/status pairs the tests produced. Exits 1 when
// a documented status was never answered and statuses-excused.txt (beside this script) does not name it with a reason.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [docFile, folder] = process.argv.slice(2);
if (!docFile || !folder) {
  console.error('usage: node statuses.mjs <openapi.json> <folder of answered statuses>');
  process.exit(2);
}
const doc = JSON.parse(readFileSync(docFile, 'utf8'));
const excused = new Map([...readFileSync(new URL('./statuses-excused.txt', import.meta.url), 'utf8')
  .matchAll(/^(\d{3})\s+(.+)$/gm)].map(m => [m[1], m[2].trim()]));

// documented: status -> set of "METHOD path"
const documented = new Map();
for (const [path, ops] of Object.entries(doc.paths ?? {})) {
  for (const [method, op] of Object.entries(ops)) {
    for (const status of Object.keys(op?.responses ?? {})) {
      if (Number(status) >= 400) {
        if (!documented.has(status)) documented.set(status, new Set());
        documented.get(status).add(`${method.toUpperCase()} ${path}`);
      }
    }
  }
}

// answered: status -> count, and "METHOD route status" pairs
const answered = new Map();
const pairs = new Set();
let files = 0;
for (const name of readdirSync(folder).filter(f => f.endsWith('.prom')).sort()) {
  files++;
  const text = readFileSync(join(folder, name), 'utf8');
  for (const m of text.matchAll(/^cengjiyun_http_server_requests_seconds_count\{((?:[^"}]|"(?:[^"\\]|\\.)*")*)\}\s+([0-9.eE+]+)/gm)) {
    const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(l => [l[1], l[2]]));
    const count = Number(m[2]);
    if (!labels.status || !(count > 0)) continue;
    answered.set(labels.status, (answered.get(labels.status) ?? 0) + count);
    pairs.add(`${labels.method} ${labels.route} ${labels.status}`);
  }
}
if (files === 0) {
  console.error(`no answered statuses under ${folder}: run the integration tests first (mvn verify -pl itests)`);
  process.exit(1);
}

let missing = 0, documentedPairs = 0, producedPairs = 0;
console.log(`status  operations documenting it  answered in the tests (${files} test classes)`);
for (const status of [...documented.keys()].sort()) {
  const ops = documented.get(status);
  const n = answered.get(status) ?? 0;
  for (const op of ops) {
    documentedPairs++;
    if (pairs.has(`${op} ${status}`)) producedPairs++;
  }
  let verdict = '';
  if (n === 0) {
    if (excused.has(status)) {
      verdict = `  never answered; excused: ${excused.get(status)}`;
    } else {
      verdict = '  NEVER ANSWERED by any test: write one that produces it, or name it in statuses-excused.txt with why';
      missing++;
    }
  }
  console.log(`${status}     ${String(ops.size).padStart(4)}                      ${String(n).padStart(6)}${verdict}`);
}
console.log(`documented operation/status pairs answered in the tests: ${producedPairs} of ${documentedPairs}`
  + ` (${(100 * producedPairs / Math.max(1, documentedPairs)).toFixed(0)} %)`);
if (missing) {
  console.error(`${missing} documented error statuses no test produces`);
  process.exit(1);
}
