/**
 * Rule-stage profiler (was __tests__/rules/profile.test.ts, a test that only ran when an env var
 * was set). Run it with `npm run profile:rules -- DIR [--dump FILE]`: scripts/profile-rules.mjs
 * bundles this file with ncc (Node 20 cannot run TypeScript) and runs it.
 *
 * Scans DIR with every rule disabled (so the Project's lazily built indexes are cold), then times
 * each rule's check() in registry order, as the engine runs them. Shared indexes are built by the
 * first rule that needs them, so that rule's time includes them. With --dump FILE the findings
 * (rule, location, severity, message, key, related) are written as JSON, for comparing two
 * versions of the rules on the same tree.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/index.js';
import { KNOWN_RULES, scan } from '../src/engine/scan.js';
import { RULES } from '../src/rules/index.js';
import { toFinding, type Report } from '../src/rules/types.js';
import type { Finding } from '../src/types.js';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { dump: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  if (values.help || positionals.length !== 1) {
    console.error('usage: npm run profile:rules -- DIR [--dump FILE]');
    return values.help ? 0 : 2;
  }
  const root = path.resolve(positionals[0]!);
  const { config } = await loadConfig({ root, knownRules: KNOWN_RULES });
  const off = { ...config, rules: Object.fromEntries(RULES.map((r) => [r.meta.id, { ...config.rules[r.meta.id], enabled: false }])) };
  const res = await scan({ root, config: off });
  const project = res.project;
  const rows: Array<[string, number, number, number]> = [];
  const findings: Finding[] = [];
  const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const rule of RULES) {
    if (config.rules[rule.meta.id]?.enabled === false) continue;
    const before = findings.length;
    const t = performance.now();
    const c = process.cpuUsage();
    rule.check({ project, config, report: (r: Report<string>) => findings.push(toFinding(rule, r, r.severity ?? rule.meta.defaultSeverity)) });
    rows.push([rule.meta.id, performance.now() - t, cpuMs(process.cpuUsage(c)), findings.length - before]);
  }
  const total = performance.now() - t0;
  const cpu = cpuMs(process.cpuUsage(c0));
  // wall time, and the process's CPU time (less sensitive to other load on the machine; includes GC threads)
  console.log(
    [
      `${res.stats.files} files, ${res.stats.parsed} parsed; parse ${res.stats.ms.parse.toFixed(0)} ms, link ${res.stats.ms.link.toFixed(0)} ms`,
      ...rows.map(([id, ms, c, n]) => `${id}  ${ms.toFixed(1).padStart(8)} ms  ${c.toFixed(1).padStart(8)} ms cpu  ${String(n).padStart(6)} findings`),
      `rules ${total.toFixed(1).padStart(8)} ms  ${cpu.toFixed(1).padStart(8)} ms cpu`,
    ].join('\n'),
  );
  if (values.dump) writeFileSync(values.dump, JSON.stringify(findings, null, 1));
  return 0;
}

process.exitCode = await main();
