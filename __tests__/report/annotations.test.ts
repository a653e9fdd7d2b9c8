import { describe, expect, it } from 'vitest';
import { GITHUB_ANNOTATIONS_PER_LEVEL, planAnnotations } from '../../src/report/annotations.js';
import type { Finding, Severity } from '../../src/types.js';
import { FINDINGS, RULES, finding } from './fixtures.js';

describe('planAnnotations', () => {
  const plan = planAnnotations(FINDINGS, { rules: RULES });

  it('annotates unsuppressed, non-baseline findings, most severe first', () => {
    expect(plan.annotations.map((a) => [a.level, a.properties.title, `${a.properties.file}:${a.properties.startLine}`])).toEqual([
      ['error', 'FA201 cors-wildcard-credentials (critical)', 'app/main.py:9'],
      ['error', 'FA101 missing-auth (high)', 'app/api/items.py:12'],
      ['warning', 'FA101 missing-auth (medium)', 'app/api/items.py:30'],
      ['warning', 'FA104 apikey-in-query (medium)', 'app/my deps/#1 100%/sécurité.py:3'],
    ]);
    expect(plan.skipped).toEqual({ suppressed: 1, baseline: 1, unchangedFiles: 0, duplicates: 0 });
    expect(plan.omitted).toEqual({ error: 0, warning: 0, notice: 0, total: 0 });
  });

  it('maps severities to error / warning / notice', () => {
    const levels = (['critical', 'high', 'medium', 'low', 'note'] as Severity[]).map(
      (severity, i) => planAnnotations([finding({ ruleId: 'FA101', severity, fingerprint: `k${i}` })]).annotations[0]!.level,
    );
    expect(levels).toEqual(['error', 'error', 'warning', 'notice', 'notice']);
  });

  it('passes the message through and names the rule by id when no metadata is given', () => {
    const a = planAnnotations([FINDINGS[0]!]).annotations[0]!;
    expect(a.message).toBe(FINDINGS[0]!.message);
    expect(a.properties.title).toBe('FA101 (high)');
  });

  it('gives columns only for single-line ranges (GitHub rejects them across lines)', () => {
    const single = plan.annotations[1]!.properties;
    expect(single).toEqual({ title: 'FA101 missing-auth (high)', file: 'app/api/items.py', startLine: 12, endLine: 12, startColumn: 1, endColumn: 30 });
    const multi = plan.annotations[0]!.properties;
    expect(multi).toEqual({ title: 'FA201 cors-wildcard-credentials (critical)', file: 'app/main.py', startLine: 9, endLine: 14 });
    const noEnd = planAnnotations([finding({ ruleId: 'FA101', location: { file: 'a.py', line: 3, column: 4 } })]).annotations[0]!.properties;
    expect(noEnd).toEqual({ title: 'FA101 (high)', file: 'a.py', startLine: 3, endLine: 3, startColumn: 4 });
    const broken = planAnnotations([finding({ ruleId: 'FA101', location: { file: 'a.py', line: 0, column: -1, endLine: -5 } })]).annotations[0]!.properties;
    expect(broken).toEqual({ title: 'FA101 (high)', file: 'a.py', startLine: 1, endLine: 1 });
  });

  it('keeps at most 10 per level (GitHub shows 10 per step) and counts the rest', () => {
    expect(GITHUB_ANNOTATIONS_PER_LEVEL).toBe(10);
    const many: Finding[] = [];
    for (let i = 0; i < 25; i++) {
      many.push(finding({ ruleId: 'FA101', severity: i % 2 ? 'high' : 'critical', fingerprint: `e${i}`, location: { file: 'e.py', line: i + 1, column: 1 } }));
      many.push(finding({ ruleId: 'FA101', severity: 'medium', fingerprint: `w${i}`, location: { file: 'w.py', line: i + 1, column: 1 } }));
    }
    many.push(finding({ ruleId: 'FA101', severity: 'note', fingerprint: 'n', location: { file: 'n.py', line: 1, column: 1 } }));
    const p = planAnnotations(many);
    expect(p.annotations.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(p.annotations.filter((a) => a.level === 'warning')).toHaveLength(10);
    expect(p.annotations.filter((a) => a.level === 'notice')).toHaveLength(1);
    expect(p.omitted).toEqual({ error: 15, warning: 15, notice: 0, total: 30 });
    // All 13 criticals come before any high.
    expect(p.annotations.slice(0, 10).every((a) => a.properties.title.endsWith('(critical)'))).toBe(true);
    expect(planAnnotations(many, { limit: 2 }).omitted.total).toBe(50 + 1 - 5);
    // room left for annotations something else takes (an error notice: a file the engine failed on)
    const reserved = planAnnotations(many, { reserved: { error: 1, notice: 20 } });
    expect(reserved.annotations.filter((a) => a.level === 'error')).toHaveLength(9);
    expect(reserved.annotations.filter((a) => a.level === 'notice')).toHaveLength(0);
    expect(reserved.omitted).toEqual({ error: 16, warning: 15, notice: 1, total: 32 });
  });

  it('annotates each finding once, however often it is reported', () => {
    const p = planAnnotations([FINDINGS[0]!, FINDINGS[0]!, { ...FINDINGS[0]! }]);
    expect(p.annotations).toHaveLength(1);
    expect(p.skipped.duplicates).toBe(2);
  });

  it('limits annotations to changed files, matching repository paths', () => {
    const p = planAnnotations(FINDINGS, { changedFiles: ['svc/app/main.py'], pathPrefix: 'svc' });
    expect(p.annotations.map((a) => a.properties.file)).toEqual(['svc/app/main.py']);
    expect(p.skipped.unchangedFiles).toBe(3);
    expect(planAnnotations(FINDINGS, { changedFiles: [] }).annotations).toEqual([]);
  });
});
