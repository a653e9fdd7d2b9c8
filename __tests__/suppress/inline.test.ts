import { describe, expect, it } from 'vitest';
import type { Comment } from '../../src/facts/ir.js';
import { applyInlineSuppressions, FA001_SUPPRESSION_WITHOUT_REASON, FA002_UNUSED_SUPPRESSION, isMarkedPublic, parseDirective, publicMarkers } from '../../src/suppress/index.js';
import type { Finding, RuleMeta } from '../../src/types.js';

const RULES = [
  { id: 'FA101', name: 'missing-auth' },
  { id: 'FA104', name: 'apikey-in-query' },
  { id: 'FA201', name: 'cors-wildcard-credentials' },
  FA001_SUPPRESSION_WITHOUT_REASON,
  FA002_UNUSED_SUPPRESSION,
];

function finding(ruleId: string, file: string, line: number, extra: Partial<Finding> = {}): Finding {
  return { ruleId, severity: 'high', message: `${ruleId} here`, location: { file, line, column: 1 }, fingerprint: `${ruleId}@${file}`, ...extra };
}

const comment = (line: number, text: string, column = 1): Comment => ({ line, column, text });
const comments = (byFile: Record<string, Comment[]>) => new Map(Object.entries(byFile));

/** [ruleId, line, message] of the findings about suppressions. */
const summary = (extra: Finding[]) => extra.map((f) => [f.ruleId, f.location.line, f.message]);

describe('parseDirective', () => {
  it.each([
    ['# fastapi-audit: ignore[FA101] health probe', { kind: 'ignore', rules: ['FA101'], reason: 'health probe' }],
    ['# fastapi-audit: ignore[FA101,FA104] legacy client', { kind: 'ignore', rules: ['FA101', 'FA104'], reason: 'legacy client' }],
    ['# fastapi-audit: ignore[ FA101 , missing-auth ]: reason', { kind: 'ignore', rules: ['FA101', 'missing-auth'], reason: 'reason' }],
    ['# fastapi-audit: ignore[missing-auth] -- public docs', { kind: 'ignore', rules: ['missing-auth'], reason: 'public docs' }],
    ['# fastapi-audit: ignore[FA101]', { kind: 'ignore', rules: ['FA101'], reason: '' }],
    ['#fastapi-audit:ignore[FA101]   ', { kind: 'ignore', rules: ['FA101'], reason: '' }],
    ['# FastAPI-Audit: IGNORE[fa101] shouting', { kind: 'ignore', rules: ['fa101'], reason: 'shouting' }],
    ['# noqa: E501  # fastapi-audit: ignore[FA201] dev only', { kind: 'ignore', rules: ['FA201'], reason: 'dev only' }],
    ['# fastapi-audit: public', { kind: 'public', reason: '' }],
    ['# fastapi-audit: public status page for the LB', { kind: 'public', reason: 'status page for the LB' }],
    ['# fastapi-audit: ignroe[FA101] typo', { kind: 'invalid', text: 'ignroe[FA101] typo' }],
    ['# fastapi-audit: ignore[] nothing', { kind: 'invalid', text: 'ignore[] nothing' }],
    ['# fastapi-audit: publicly', { kind: 'invalid', text: 'publicly' }],
    ['# just a comment', undefined],
    ['# see the fastapi-audit: docs', undefined],
  ])('%s', (text, expected) => {
    expect(parseDirective(text)).toEqual(expected);
  });
});

describe('applyInlineSuppressions', () => {
  it('suppresses a finding from its own line or the line above, with the reason as justification', () => {
    const same = finding('FA101', 'app/main.py', 10);
    const below = finding('FA104', 'app/main.py', 21);
    const extra = applyInlineSuppressions(
      [same, below],
      comments({
        'app/main.py': [comment(10, '# fastapi-audit: ignore[FA101] health probe for the LB', 30), comment(20, '# fastapi-audit: ignore[apikey-in-query] legacy mobile client')],
      }),
      RULES,
    );
    expect(same.suppression).toEqual({ kind: 'inSource', justification: 'health probe for the LB' });
    expect(below.suppression).toEqual({ kind: 'inSource', justification: 'legacy mobile client' });
    expect(extra).toEqual([]);
  });

  it('does not reach two lines down, another file, or another rule', () => {
    const far = finding('FA101', 'a.py', 12);
    const otherFile = finding('FA101', 'b.py', 10);
    const otherRule = finding('FA104', 'a.py', 10);
    const extra = applyInlineSuppressions([far, otherFile, otherRule], comments({ 'a.py': [comment(10, '# fastapi-audit: ignore[FA101] why')] }), RULES);
    expect([far, otherFile, otherRule].map((f) => f.suppression)).toEqual([undefined, undefined, undefined]);
    expect(summary(extra)).toEqual([['FA002', 10, 'Unused suppression: no FA101 finding on this line or the next.']]);
  });

  it('a route reported at its decorator is also suppressed from the def line (suppressLines)', () => {
    const route = finding('FA101', 'api.py', 5, { suppressLines: [7] });
    const extra = applyInlineSuppressions([route], comments({ 'api.py': [comment(7, '# fastapi-audit: ignore[FA101] webhook, HMAC-checked in body', 40)] }), RULES);
    expect(route.suppression?.justification).toBe('webhook, HMAC-checked in body');
    expect(extra).toEqual([]);
  });

  it('one comment may name several rules; each unused one is reported on its own', () => {
    const f = finding('FA201', 'app.py', 3);
    const extra = applyInlineSuppressions([f], comments({ 'app.py': [comment(2, '# fastapi-audit: ignore[FA201, FA104] dev server only')] }), RULES);
    expect(f.suppression?.justification).toBe('dev server only');
    expect(summary(extra)).toEqual([['FA002', 2, 'Unused suppression: no FA104 finding on this line or the next.']]);
  });

  it('a suppression without a reason still applies and is reported as FA001 (note)', () => {
    const f = finding('FA101', 'app.py', 8);
    const extra = applyInlineSuppressions([f], comments({ 'app.py': [comment(8, '# fastapi-audit: ignore[FA101]', 25)] }), RULES);
    expect(f.suppression).toEqual({ kind: 'inSource', justification: '' });
    expect(extra).toEqual([
      {
        ruleId: 'FA001',
        severity: 'note',
        message: 'Suppression of FA101 gives no reason: write why after the brackets.',
        location: { file: 'app.py', line: 8, column: 25, endLine: 8, endColumn: 25 + '# fastapi-audit: ignore[FA101]'.length },
        fingerprint: 'no-reason|FA101#1',
      },
    ]);
  });

  it('an unused suppression is reported as FA002 (note); without a reason it is FA001 too', () => {
    const extra = applyInlineSuppressions([], comments({ 'x.py': [comment(4, '# fastapi-audit: ignore[missing-auth]')] }), RULES);
    expect(extra.map((f) => [f.ruleId, f.severity, f.location.line])).toEqual([
      ['FA001', 'note', 4],
      ['FA002', 'note', 4],
    ]);
  });

  it('reports unknown rules and malformed directives as FA002', () => {
    const extra = applyInlineSuppressions(
      [finding('FA101', 'x.py', 2)],
      comments({ 'x.py': [comment(1, '# fastapi-audit: ignore[FA999] typo in the id'), comment(5, '# fastapi-audit: ignroe[FA101] oops')] }),
      RULES,
    );
    expect(summary(extra)).toEqual([
      ['FA002', 1, 'Suppression names an unknown rule "FA999": it suppresses nothing.'],
      ['FA002', 5, 'Not a valid fastapi-audit directive: "ignroe[FA101] oops" (expected "ignore[RULE] reason" or "public").'],
    ]);
  });

  it('matches rule ids in any case and rule names', () => {
    const a = finding('FA101', 'x.py', 1);
    const b = finding('FA104', 'x.py', 3);
    applyInlineSuppressions([a, b], comments({ 'x.py': [comment(1, '# fastapi-audit: ignore[fa101] r'), comment(3, '# fastapi-audit: ignore[apikey-in-query] r')] }), RULES);
    expect([a.suppression?.kind, b.suppression?.kind]).toEqual(['inSource', 'inSource']);
  });

  it('does not report ignores of rules that did not run (disabled in the config)', () => {
    const extra = applyInlineSuppressions([], comments({ 'x.py': [comment(1, '# fastapi-audit: ignore[FA104] r'), comment(2, '# fastapi-audit: ignore[FA101] r')] }), RULES, {
      ranRuleIds: new Set(['FA101']),
    });
    expect(summary(extra)).toEqual([['FA002', 2, 'Unused suppression: no FA101 finding on this line or the next.']]);
  });

  it('keeps a justification set earlier and gives the first matching comment precedence', () => {
    const f = finding('FA101', 'x.py', 2);
    applyInlineSuppressions([f], comments({ 'x.py': [comment(1, '# fastapi-audit: ignore[FA101] above'), comment(2, '# fastapi-audit: ignore[FA101] same line')] }), RULES);
    expect(f.suppression?.justification).toBe('same line');
  });

  it('gives FA001/FA002 fingerprints that do not change when lines move, and differ for repeats', () => {
    const run = (offset: number) =>
      applyInlineSuppressions(
        [],
        comments({ 'x.py': [comment(1 + offset, '# fastapi-audit: ignore[FA101] r'), comment(9 + offset, '# fastapi-audit: ignore[FA101] r')] }),
        RULES,
      ).map((f) => f.fingerprint);
    expect(run(0)).toEqual(['unused|FA101|r#1', 'unused|FA101|r#2']);
    expect(run(30)).toEqual(run(0));
  });

  it('returns its findings in file and line order whatever the input order', () => {
    const extra = applyInlineSuppressions(
      [],
      comments({
        'b.py': [comment(9, '# fastapi-audit: ignore[FA101] r'), comment(2, '# fastapi-audit: ignore[FA104] r')],
        'a.py': [comment(5, '# fastapi-audit: ignore[FA201] r')],
      }),
      RULES,
    );
    expect(extra.map((f) => `${f.location.file}:${f.location.line}`)).toEqual(['a.py:5', 'b.py:2', 'b.py:9']);
  });
});

describe('public markers', () => {
  const markers = publicMarkers(
    comments({
      'api.py': [comment(3, '# fastapi-audit: public'), comment(10, '# fastapi-audit: public status page', 30), comment(20, '# fastapi-audit: ignore[FA101] r')],
    }),
  );

  it('collects file:line of each public marker', () => {
    expect([...markers]).toEqual(['api.py:3', 'api.py:10']);
  });

  it('applies on the decorator line, the line above the first decorator, or the def line', () => {
    expect(isMarkedPublic(markers, 'api.py', { line: 4 })).toBe(true); // marker above the decorator
    expect(isMarkedPublic(markers, 'api.py', { line: 5, firstDecoratorLine: 4 })).toBe(true); // above the first of two decorators
    expect(isMarkedPublic(markers, 'api.py', { line: 10 })).toBe(true); // on the decorator line
    expect(isMarkedPublic(markers, 'api.py', { line: 8, defLine: 10 })).toBe(true); // on the def line
    expect(isMarkedPublic(markers, 'api.py', { line: 12, defLine: 13 })).toBe(false);
    expect(isMarkedPublic(markers, 'other.py', { line: 4 })).toBe(false);
  });
});

describe('rule metadata', () => {
  it.each([FA001_SUPPRESSION_WITHOUT_REASON, FA002_UNUSED_SUPPRESSION])('$id has the same shape as every rule', (meta: RuleMeta) => {
    expect(meta.defaultSeverity).toBe('note');
    expect(meta.cwe).toEqual([]);
    for (const key of ['summary', 'what', 'why', 'example', 'fix'] as const) expect(meta.docs[key].length).toBeGreaterThan(10);
    expect(meta.name).toMatch(/^[a-z-]+$/);
  });
});
