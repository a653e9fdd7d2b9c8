/**
 * GitHub code scanning's documented SARIF limits, overflowed one at a time with findings from a real
 * scan (cloned), and the annotation limits. The numbers, from
 * https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit
 * and .../file-too-large: results per run 25 000 (only the top 5 000 shown), locations per result
 * 1 000 (100 shown), tags per rule 20 (10 shown), runs per file 20, rules per run 25 000, file
 * 10 MB (gzip-compressed). We keep 5 000 results and 100 related locations ourselves (so that we
 * choose what is kept: the most severe) and bound the uncompressed file by 10 MB.
 * (The end-to-end case through the action is in action.test.ts.)
 */
import { gzipSync } from 'node:zlib';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GITHUB_ANNOTATIONS_PER_LEVEL, planAnnotations } from '../../src/report/annotations.js';
import { GITHUB_SARIF_LIMITS, sarifJson, toSarif, truncationNotice } from '../../src/report/sarif.js';
import { SEVERITIES, SEVERITY_RANK, type Finding, type RuleMeta, type Severity } from '../../src/types.js';
import { EXAMPLE_APP } from '../helpers/run-dist.js';
import { validateSarifSchema } from '../helpers/sarif.js';
import { cleanupProjects, scanDir } from './helpers.js';

afterAll(cleanupProjects);

let base: Finding[];
let rules: RuleMeta[];
beforeAll(async () => {
  const r = await scanDir(EXAMPLE_APP);
  base = r.findings;
  rules = r.rules;
  expect(base.length).toBeGreaterThan(5);
});

/** n distinct findings cloned from the real ones, severities cycling through all five. */
function clones(n: number, extra: (f: Finding, i: number) => Partial<Finding> = () => ({})): Finding[] {
  return Array.from({ length: n }, (_, i) => {
    const f = base[i % base.length]!;
    const severity = SEVERITIES[i % SEVERITIES.length]!;
    return { ...f, severity, location: { ...f.location, file: `gen/f${Math.floor(i / 50)}.py`, line: 1 + (i % 50) }, fingerprint: `${f.fingerprint}#${i}`, ...extra(f, i) };
  });
}

const sarifOf = (findings: Finding[]) => {
  const out = toSarif({ findings, rules, toolVersion: '1.2.3' });
  const text = sarifJson(out.sarif);
  const log = JSON.parse(text) as Log;
  expect(validateSarifSchema(log).errors).toEqual([]);
  return { out, text, log, results: log.runs[0]!.results! };
};

const severityOf = (r: { properties?: unknown }) => (r.properties as { severity: Severity }).severity;

describe('SARIF limits, each overflowed', () => {
  it('the limits are the documented numbers', () => {
    expect(GITHUB_SARIF_LIMITS.results).toBe(5_000);
    expect(GITHUB_SARIF_LIMITS.relatedLocations).toBe(100);
    expect(GITHUB_SARIF_LIMITS.tags).toBe(10);
    expect(GITHUB_SARIF_LIMITS.fileBytes).toBeLessThanOrEqual(10 * 1024 * 1024);
  });

  it('results per run: 7 500 findings → the 5 000 most severe, and a notice says how many were left out', () => {
    const { out, results } = sarifOf(clones(7_500));
    expect(results).toHaveLength(5_000);
    expect(out.truncated.results).toBe(2_500);
    // 1 500 of each severity: critical, high, medium kept whole (4 500), then 500 of low; no note
    const count = (s: Severity) => results.filter((r) => severityOf(r) === s).length;
    expect([count('critical'), count('high'), count('medium'), count('low'), count('note')]).toEqual([1_500, 1_500, 1_500, 500, 0]);
    expect(truncationNotice(out.truncated)!.message).toBe('The SARIF file leaves out 2500 results (the most severe were kept) to stay within GitHub code scanning limits.');
  });

  it('locations per result: 1 500 related locations → 100 kept, in a stable order', () => {
    const related = Array.from({ length: 1_500 }, (_, i) => ({ file: `lib/m${i % 7}.py`, line: 1 + i, column: 1, message: `step ${i}` }));
    const [f] = clones(1, () => ({ related }));
    const { out, results } = sarifOf([f!]);
    expect(results[0]!.relatedLocations).toHaveLength(100);
    expect(results[0]!.locations).toHaveLength(1);
    expect(out.truncated.relatedLocations).toBe(1_400);
    expect(sarifOf([{ ...f!, related: [...related].reverse() }]).text).toBe(sarifOf([f!]).text);
  });

  it('file size: 5 000 results with long messages and 100 related locations each → under 10 MB, most severe kept', () => {
    const long = 'x'.repeat(5_000);
    const related = Array.from({ length: 100 }, (_, i) => ({ file: `lib/deep/path/module_${i}.py`, line: i + 1, column: 1, message: `related ${i} ${'y'.repeat(100)}` }));
    const { out, text, results } = sarifOf(clones(5_000, () => ({ message: long, related })));
    const bytes = Buffer.byteLength(text);
    expect(bytes).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.fileBytes);
    expect(gzipSync(text).length).toBeLessThan(10 * 1024 * 1024);
    expect(results.length).toBeLessThan(5_000);
    expect(out.truncated.results).toBe(5_000 - results.length);
    expect(out.truncated.texts).toBeGreaterThan(0); // messages clipped too
    // what was dropped is never more severe than what was kept
    const kept = Math.min(...results.map((r) => SEVERITY_RANK[severityOf(r)]));
    const keptCount = (s: Severity) => results.filter((r) => severityOf(r) === s).length;
    for (const s of SEVERITIES) if (SEVERITY_RANK[s] > kept) expect(keptCount(s), s).toBe(1_000);
  });
});

describe('annotations', () => {
  it(`${GITHUB_ANNOTATIONS_PER_LEVEL} per level at most, most severe first, no duplicates even when findings repeat`, () => {
    const findings = [...clones(300), ...clones(300)]; // every finding twice
    const plan = planAnnotations(findings, { rules });
    const keys = plan.annotations.map((a) => JSON.stringify(a));
    expect(new Set(keys).size).toBe(keys.length);
    for (const level of ['error', 'warning', 'notice'] as const) expect(plan.annotations.filter((a) => a.level === level)).toHaveLength(GITHUB_ANNOTATIONS_PER_LEVEL);
    expect(plan.skipped.duplicates).toBe(300);
    expect(plan.omitted.total).toBe(300 - 3 * GITHUB_ANNOTATIONS_PER_LEVEL);
    expect(plan.annotations[0]!.properties.title).toMatch(/\(critical\)$/);
  });
});
