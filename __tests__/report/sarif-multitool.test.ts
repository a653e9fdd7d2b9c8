/**
 * The real validator GitHub's docs point to: @microsoft/sarif-multitool with GitHub's ingestion
 * rules (GH*) and the SARIF spec rules (SARIF*). Any error fails; so does any warning (today it gives
 * none, only notes, which are printed).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sarifJson, toSarif } from '../../src/report/sarif.js';
import type { Finding } from '../../src/types.js';
import { runMultitool, validateSarifSchema, type MultitoolMessage } from '../helpers/sarif.js';
import { FINDINGS, NOTICES, RULES, finding } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'fa-sarif-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// prettier-ignore
const EDGE_CASES: Finding[] = [
  finding({ ruleId: 'FA201', severity: 'critical', fingerprint: 'e1', location: { file: 'svc/a b/#x/100%/ünï.py', line: 1, column: 1, endLine: 3, endColumn: 1 } }),
  finding({ ruleId: 'FA101', severity: 'medium', fingerprint: 'e2', message: 'GET /files/{path:path} | `raw` <b>html</b> [x](9)\nsecond line', location: { file: 'app/x.py', line: 0, column: 0 } }),
  finding({ ruleId: 'FA104', severity: 'note', fingerprint: 'e3', baseline: 'new', location: { file: 'app/y.py', line: 4, column: 5, endLine: 4, endColumn: 5 } }),
  finding({
    ruleId: 'FA101',
    severity: 'high',
    fingerprint: 'e4',
    related: [
      { file: 'app/main.py', line: 3, column: 1, message: '' },
      { file: 'app/main.py', line: 9, column: 2, endLine: 12, endColumn: 1, message: 'router built in a loop \\ here' },
    ],
  }),
  finding({ ruleId: 'FA999', severity: 'low', fingerprint: 'e5', message: 'from a rule that is not in the list' }),
];

function summarize(messages: MultitoolMessage[]): string[] {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.ruleId, (counts.get(m.ruleId) ?? 0) + 1);
  return [...counts].map(([id, n]) => `${id} ×${n}`).sort();
}

describe('sarif-multitool validate --rule-kind "Gh;Sarif"', () => {
  it('reports no errors and no warnings on realistic output', () => {
    const { sarif } = toSarif({ findings: [...FINDINGS, ...EDGE_CASES], rules: RULES, notices: NOTICES, toolVersion: '0.1.0', pathPrefix: 'services/api' });
    expect(validateSarifSchema(sarif).errors).toEqual([]);
    const path = join(dir, 'fastapi-audit.sarif');
    writeFileSync(path, sarifJson(sarif));
    const report = runMultitool(path);
    console.log(`multitool notes: ${summarize(report.notes).join(', ') || 'none'}`);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('reports no errors with an error-level notification, in a run whose execution failed (--strict)', () => {
    const notices = [...NOTICES, { level: 'error' as const, message: 'app/bad.py: not scanned, internal error while parsing it (RangeError: boom)', file: 'app/bad.py' }];
    const { sarif } = toSarif({ findings: FINDINGS, rules: RULES, notices, toolVersion: '0.1.0', executionSuccessful: false });
    expect(validateSarifSchema(sarif).errors).toEqual([]);
    const path = join(dir, 'failed.sarif');
    writeFileSync(path, sarifJson(sarif));
    const report = runMultitool(path);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('reports no errors when there are no findings at all', () => {
    const { sarif } = toSarif({ findings: [], rules: RULES, toolVersion: '0.1.0' });
    const path = join(dir, 'empty.sarif');
    writeFileSync(path, sarifJson(sarif));
    const report = runMultitool(path);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('reports no errors at GitHub scale: 6,000 findings cut to 5,000 results, 150 related locations cut to 100', () => {
    const related = Array.from({ length: 150 }, (_, i) => ({ file: 'app/flow.py', line: i + 1, column: 1, message: `step ${i}` }));
    const findings = Array.from({ length: 6_000 }, (_, i) =>
      finding({
        ruleId: 'FA101',
        fingerprint: `k${i}`,
        message: `finding ${i}`,
        related: i < 3 ? related : undefined,
        location: { file: `app/m${i % 50}.py`, line: i + 1, column: 1 },
      }),
    );
    const { sarif, truncated } = toSarif({ findings, rules: RULES, toolVersion: '0.1.0' });
    expect(truncated).toMatchObject({ results: 1_000, relatedLocations: 150 });
    const path = join(dir, 'large.sarif');
    writeFileSync(path, sarifJson(sarif));
    const report = runMultitool(path);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  }, 300_000);

  it('does report errors (the helper reads them from the log, not the exit code)', () => {
    const { sarif } = toSarif({ findings: FINDINGS, rules: RULES, toolVersion: '0.1.0' });
    const broken = structuredClone(sarif);
    delete broken.runs[0]!.tool.driver.rules![0]!.help;
    broken.runs[0]!.results![0]!.locations = [];
    const path = join(dir, 'broken.sarif');
    writeFileSync(path, sarifJson(broken));
    const report = runMultitool(path);
    expect(report.errors.map((e) => e.ruleId)).toEqual(expect.arrayContaining(['GH1015', 'GH2012']));
    expect(report.errors.some((e) => /help/.test(e.message))).toBe(true);
  });
});
