/**
 * Rule-stage profiler, skipped unless RULES_PROFILE is set:
 *
 *   RULES_PROFILE=/tmp/corpus npx vitest run __tests__/rules/profile.test.ts
 *
 * Scans the tree with every rule disabled (so the Project's lazily built indexes are cold), then
 * times each rule's check() in registry order, as the engine runs them. Shared indexes are built by
 * the first rule that needs them, so that rule's time includes them. With RULES_PROFILE_DUMP=FILE the
 * findings (rule, location, severity, message, key, related) are written as JSON, for comparing two
 * versions of the rules on the same tree.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { KNOWN_RULES, scan } from '../../src/engine/scan.js';
import { RULES } from '../../src/rules/index.js';
import { toFinding, type Report } from '../../src/rules/types.js';
import type { Finding } from '../../src/types.js';

const target = process.env.RULES_PROFILE;

describe.runIf(!!target)('rules profile', () => {
  it('times every rule', async () => {
    const root = target!;
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
    const lines = [
      `${res.stats.files} files, ${res.stats.parsed} parsed; parse ${res.stats.ms.parse.toFixed(0)} ms, link ${res.stats.ms.link.toFixed(0)} ms`,
      ...rows.map(([id, ms, c, n]) => `${id}  ${ms.toFixed(1).padStart(8)} ms  ${c.toFixed(1).padStart(8)} ms cpu  ${String(n).padStart(6)} findings`),
      `rules ${total.toFixed(1).padStart(8)} ms  ${cpu.toFixed(1).padStart(8)} ms cpu`,
    ];
    console.log(lines.join('\n'));
    const dump = process.env.RULES_PROFILE_DUMP;
    if (dump) writeFileSync(dump, JSON.stringify(findings, null, 1));
    expect(rows.length).toBeGreaterThan(0);
  }, 600_000);
});
