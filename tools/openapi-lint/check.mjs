// Reads `redocly lint --format=json` on stdin: prints each problem, fails on any error and on any warning whose rule
// is not listed as `warn` in redocly.yaml (the accepted, justified warnings).
import { readFileSync } from 'node:fs';
const report = JSON.parse(readFileSync(0, 'utf8'));
const accepted = new Set([...readFileSync(new URL('./redocly.yaml', import.meta.url), 'utf8')
  .matchAll(/^\s+([a-z0-9.-]+):\s*warn\b/gm)].map(m => m[1]));
let bad = 0;
for (const p of report.problems) {
  const ok = p.severity === 'warn' && accepted.has(p.ruleId);
  if (!ok) bad++;
  const where = p.location?.[0]?.pointer ?? '';
  console.log(`${ok ? 'accepted' : p.severity === 'error' ? 'ERROR' : 'UNLISTED WARNING'}  ${p.ruleId}  ${where}  ${p.message}`);
}
const t = report.totals;
console.log(`redocly ${report.version}: ${t.errors} errors, ${t.warnings} warnings (${t.ignored} ignored); ${bad ? bad + ' not accepted' : 'all accepted'}`);
process.exit(bad ? 1 : 0);
