import { describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { fingerprintOf } from '../../src/report/fingerprint.js';
import { ruleMarkdown } from '../../src/report/docs.js';
import { FINGERPRINT_KEY, GITHUB_SARIF_LIMITS, sarifJson, toSarif, truncationCount, truncationNotice, type SarifInput } from '../../src/report/sarif.js';
import type { Finding, Notice, Severity } from '../../src/types.js';
import { validateSarifSchema } from '../helpers/sarif.js';
import { FINDINGS, NOTICES, RULES, finding } from './fixtures.js';

const base: SarifInput = { findings: FINDINGS, rules: RULES, notices: NOTICES, toolVersion: '0.1.0' };
const run = (input: Partial<SarifInput> = {}) => toSarif({ ...base, ...input });
const results = (log: Sarif.Log) => log.runs[0]!.results!;
const uriOf = (r: Sarif.Result) => r.locations![0]!.physicalLocation!.artifactLocation!.uri!;

function expectSchemaValid(log: Sarif.Log): void {
  const { valid, errors } = validateSarifSchema(log);
  expect(errors.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  expect(valid).toBe(true);
}

describe('toSarif: log and driver', () => {
  const { sarif, truncated } = run();
  const r = sarif.runs[0]!;

  it('is SARIF 2.1.0 with one run that passes the JSON schema', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(sarif.runs).toHaveLength(1);
    expectSchemaValid(sarif);
    expect(truncationCount(truncated)).toBe(0);
    expect(truncationNotice(truncated)).toBeUndefined();
  });

  it('describes the tool', () => {
    expect(r.tool.driver).toMatchObject({
      name: 'fastapi-audit',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/fastapi-audit/fastapi-audit',
    });
    expect(toSarif({ ...base, toolVersion: '0.1.0-dev+abc' }).sarif.runs[0]!.tool.driver.semanticVersion).toBe('0.1.0-dev+abc');
    expect(toSarif({ ...base, toolVersion: 'main@1234' }).sarif.runs[0]!.tool.driver.semanticVersion).toBeUndefined();
  });

  it('lists every rule that ran, sorted, with GitHub-facing metadata', () => {
    const rules = r.tool.driver.rules!;
    expect(rules.map((x) => x.id)).toEqual(['FA101', 'FA104', 'FA201', 'FA302']);
    const fa101 = rules[0]!;
    expect(fa101).toMatchObject({
      id: 'FA101',
      name: 'missing-auth',
      shortDescription: { text: 'HTTP route with no authentication dependency.' },
      helpUri: 'https://github.com/fastapi-audit/fastapi-audit/blob/main/docs/rules/FA101.md',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'external/cwe/cwe-306', 'external/cwe/cwe-862'], precision: 'high', 'security-severity': '8.0' },
    });
    expect(fa101.fullDescription!.text).toMatch(/^Finds HTTP routes/);
    expect(fa101.help!.markdown).toBe(ruleMarkdown(RULES[0]!));
    expect(fa101.help!.text).toContain('What it finds');
    const bySeverity = Object.fromEntries(rules.map((x) => [x.id, [x.defaultConfiguration!.level, x.properties!['security-severity']]]));
    expect(bySeverity).toEqual({ FA101: ['error', '8.0'], FA104: ['warning', '5.5'], FA201: ['error', '9.5'], FA302: ['note', '3.0'] });
  });

  it('uses the configured severity for rule levels and security-severity', () => {
    const severityOf = (id: string): Severity => (id === 'FA104' ? 'critical' : RULES.find((m) => m.id === id)!.defaultSeverity);
    const fa104 = toSarif({ ...base, severityOf }).sarif.runs[0]!.tool.driver.rules!.find((x) => x.id === 'FA104')!;
    expect(fa104.defaultConfiguration!.level).toBe('error');
    expect(fa104.properties!['security-severity']).toBe('9.5');
  });

  it('pads CWE tags like CodeQL and keeps at most 10 tags', () => {
    const meta = { ...RULES[1]!, cwe: [79, 22, 79, ...Array.from({ length: 12 }, (_, i) => 1000 + i)] };
    const out = toSarif({ ...base, findings: [], rules: [meta] });
    const tags = out.sarif.runs[0]!.tool.driver.rules![0]!.properties!.tags!;
    expect(tags.slice(0, 3)).toEqual(['security', 'external/cwe/cwe-022', 'external/cwe/cwe-079']);
    expect(tags).toHaveLength(GITHUB_SARIF_LIMITS.tags);
    expect(out.truncated.tags).toBe(5); // 14 distinct CWEs + security = 15 tags
  });

  it('sets automation details, column kind and invocation notifications', () => {
    expect(r.automationDetails).toEqual({ id: 'fastapi-audit/' });
    expect(run({ automationId: 'fastapi-audit/services-api/' }).sarif.runs[0]!.automationDetails!.id).toBe('fastapi-audit/services-api/');
    expect(r.columnKind).toBe('utf16CodeUnits');
    const inv = r.invocations![0]!;
    expect(inv.executionSuccessful).toBe(true);
    expect(inv.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: 'File does not parse: invalid syntax; partial results.' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'app/broken.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 4 } } }],
      },
      {
        level: 'note',
        message: { text: 'Skipped a file larger than 1 MiB.' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'app/generated.py', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
  });

  it('contains no timestamps or absolute paths', () => {
    const text = sarifJson(sarif);
    expect(text).not.toMatch(/timeUtc|"startTime|"endTime|file:\/\//i);
    expect(text).not.toContain(process.cwd());
  });
});

describe('toSarif: results', () => {
  const { sarif } = run();
  const rs = results(sarif);
  const rules = sarif.runs[0]!.tool.driver.rules!;

  it('has one result per finding in reading order, each pointing at its rule', () => {
    expect(rs.map((r) => `${uriOf(r)}:${r.locations![0]!.physicalLocation!.region!.startLine}`)).toEqual([
      'app/api/items.py:12',
      'app/api/items.py:30',
      'app/api/users.py:8',
      'app/main.py:7',
      'app/main.py:9',
      'app/my%20deps/%231%20100%25/s%C3%A9curit%C3%A9.py:3',
    ]);
    for (const r of rs) expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
  });

  it('maps severities to levels and keeps the severity as a property', () => {
    const levels = rs.map((r) => [r.properties!.severity, r.level]);
    expect(levels).toContainEqual(['critical', 'error']);
    expect(levels).toContainEqual(['high', 'error']);
    expect(levels).toContainEqual(['medium', 'warning']);
    expect(levels).toContainEqual(['low', 'note']);
    const note = toSarif({ ...base, findings: [finding({ ruleId: 'FA101', severity: 'note' })] });
    expect(results(note.sarif)[0]!.level).toBe('note');
  });

  it('has a region with start and end, and uriBaseId %SRCROOT%', () => {
    expect(rs[0]!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'app/api/items.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 1, endLine: 12, endColumn: 30 },
    });
    // FA302 has no end position: none is invented.
    expect(rs[3]!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 7, startColumn: 7 });
  });

  it('adds related locations with ids, messages and embedded links in the message', () => {
    const r = rs[0]!;
    expect(r.relatedLocations!.map((l) => [l.id, l.physicalLocation!.artifactLocation!.uri, l.message!.text])).toEqual([
      [1, 'app/api/items.py', 'router [items] defined here'],
      [2, 'app/main.py', 'included here with prefix "/api" and no dependencies'],
    ]);
    expect(r.message.text).toBe(
      'DELETE /items/{item_id} has no authentication dependency. Related: [router \\[items\\] defined here](1), [included here with prefix "/api" and no dependencies](2).',
    );
    expect(rs[1]!.relatedLocations).toBeUndefined();
    expect(rs[1]!.message.text).toBe('GET /items has no authentication dependency.');
  });

  it('never lets message text form a dangling embedded link', () => {
    const f = finding({ ruleId: 'FA101', message: 'route /a[0](7) is open' });
    expect(results(toSarif({ ...base, findings: [f] }).sarif)[0]!.message.text).toBe('route /a[0] (7) is open');
  });

  it('fingerprints with our own key, not primaryLocationLineHash', () => {
    for (const r of rs) {
      expect(Object.keys(r.partialFingerprints!)).toEqual([FINGERPRINT_KEY]);
      expect(r.partialFingerprints![FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
    }
    const f = FINDINGS[0]!;
    expect(rs[0]!.partialFingerprints![FINGERPRINT_KEY]).toBe(fingerprintOf(f));
  });

  it('keeps partialFingerprints when lines are inserted above a finding', () => {
    const shift = (f: Finding, n: number): Finding => ({
      ...f,
      location: { ...f.location, line: f.location.line + n, ...(f.location.endLine ? { endLine: f.location.endLine + n } : {}) },
      related: f.related?.map((r) => ({ ...r, line: r.line + n })),
    });
    const before = results(toSarif({ ...base, findings: FINDINGS }).sarif).map((r) => r.partialFingerprints);
    const after = results(toSarif({ ...base, findings: FINDINGS.map((f) => shift(f, 25)) }).sarif).map((r) => r.partialFingerprints);
    expect(after).toEqual(before);
  });

  it('marks suppressed results and gives every result a suppressions array (all or none)', () => {
    const suppressed = rs.filter((r) => r.suppressions!.length > 0);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]!.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'TLS terminates at the load balancer' }]);
    expect(rs.every((r) => Array.isArray(r.suppressions))).toBe(true);
    const none = results(toSarif({ ...base, findings: FINDINGS.filter((f) => !f.suppression) }).sarif);
    expect(none.every((r) => r.suppressions === undefined)).toBe(true);
  });

  it('sets baselineState only when the baseline stage did', () => {
    expect(rs.map((r) => r.baselineState ?? null)).toEqual([null, null, 'unchanged', null, null, null]);
    const fresh = finding({ ruleId: 'FA101', baseline: 'new' });
    expect(results(toSarif({ ...base, findings: [fresh] }).sarif)[0]!.baselineState).toBe('new');
  });

  it('prefixes URIs with the scan root inside the repository, without changing fingerprints', () => {
    const prefixed = results(toSarif({ ...base, pathPrefix: 'services/api/' }).sarif);
    expect(prefixed.map(uriOf)).toEqual(rs.map((r) => `services/api/${uriOf(r)}`));
    expect(prefixed.map((r) => r.partialFingerprints)).toEqual(rs.map((r) => r.partialFingerprints));
    expect(results(toSarif({ ...base, pathPrefix: '.' }).sarif).map(uriOf)).toEqual(rs.map(uriOf));
  });

  it('describes a rule it was not given, so ruleIndex always resolves', () => {
    const out = toSarif({ ...base, findings: [finding({ ruleId: 'FA999', severity: 'medium' })], rules: RULES.slice(0, 1) });
    const run0 = out.sarif.runs[0]!;
    expect(run0.tool.driver.rules!.map((x) => x.id)).toEqual(['FA101', 'FA999']);
    expect(run0.results![0]!.ruleIndex).toBe(1);
    expectSchemaValid(out.sarif);
  });
});

describe('toSarif: URIs', () => {
  const uri = (file: string) => uriOf(results(toSarif({ ...base, findings: [finding({ ruleId: 'FA101', location: { file, line: 1, column: 1 } })] }).sarif)[0]!);

  it.each([
    ['app/main.py', 'app/main.py'],
    ['my app/main file.py', 'my%20app/main%20file.py'],
    ['app/#1.py', 'app/%231.py'],
    ['app/100%.py', 'app/100%25.py'],
    ['app/%20.py', 'app/%2520.py'],
    ['app/q?.py', 'app/q%3F.py'],
    ['c:/weird.py', 'c%3A/weird.py'],
    ['sécurité/日本語.py', 's%C3%A9curit%C3%A9/%E6%97%A5%E6%9C%AC%E8%AA%9E.py'],
    ['emoji/😀.py', 'emoji/%F0%9F%98%80.py'],
    ['a[1]/b.py', 'a%5B1%5D/b.py'],
  ])('%s → %s', (file, expected) => {
    expect(uri(file)).toBe(expected);
    expect(decodeURIComponent(uri(file))).toBe(file);
  });

  it('replaces lone surrogates instead of throwing', () => {
    expect(uri('bad\uD800name.py')).toBe('bad%EF%BF%BDname.py');
  });

  it('every URI is a valid uri-reference for the schema', () => {
    const files = ['a b/#1 100%.py', 'x:y/z.py', 'ü/ö.py', 'tab\there.py', 'new\nline.py', 'quote"s.py', '<html>.py'];
    const log = toSarif({ ...base, findings: files.map((file, i) => finding({ ruleId: 'FA101', fingerprint: `k${i}`, location: { file, line: 1, column: 1 } })) }).sarif;
    expectSchemaValid(log);
  });
});

describe('toSarif: malformed positions and texts stay valid', () => {
  it('repairs lines and columns that are zero, negative, fractional or missing ends', () => {
    const bad = [
      { file: 'a.py', line: 0, column: 0 },
      { file: 'b.py', line: -3, column: Number.NaN, endLine: -1, endColumn: 0 },
      { file: 'c.py', line: 5.7, column: 2.2, endLine: 4, endColumn: 9 },
      { file: 'd.py', line: 5, column: 9, endLine: 5, endColumn: 3 },
      { file: 'e.py', line: 5, column: 9, endLine: 6, endColumn: 1 },
      { file: 'f.py', line: Number.POSITIVE_INFINITY, column: 1 },
    ];
    const log = toSarif({ ...base, findings: bad.map((location, i) => finding({ ruleId: 'FA101', fingerprint: `k${i}`, location })) }).sarif;
    expectSchemaValid(log);
    const regions = Object.fromEntries(results(log).map((r) => [uriOf(r), r.locations![0]!.physicalLocation!.region]));
    expect(regions).toEqual({
      'a.py': { startLine: 1 },
      'b.py': { startLine: 1 },
      'c.py': { startLine: 5, startColumn: 2 },
      'd.py': { startLine: 5, startColumn: 9, endLine: 5 },
      'e.py': { startLine: 5, startColumn: 9, endLine: 6, endColumn: 1 },
      'f.py': { startLine: 1, startColumn: 1 },
    });
  });

  it('never emits empty required strings', () => {
    const empty = { ...RULES[0]!, name: '', docs: { ...RULES[0]!.docs, summary: '', what: '' } };
    const log = toSarif({ findings: [finding({ ruleId: 'FA101', message: '   ', suppression: { kind: 'external', justification: '' } })], rules: [empty], toolVersion: '' }).sarif;
    const rule = log.runs[0]!.tool.driver.rules![0]!;
    expect(rule.name).toBeUndefined(); // not an empty string, and never equal to the id (SARIF1001)
    expect(rule.shortDescription!.text).toBe('FA101');
    expect(rule.fullDescription!.text).toBe('FA101');
    expect(results(log)[0]!.message.text).toBe('FA101 finding.');
    expect(results(log)[0]!.suppressions).toEqual([{ kind: 'external', status: 'accepted' }]);
    expect(log.runs[0]!.tool.driver.version).toBeUndefined();
    expectSchemaValid(log);
  });

  it('clips long names, descriptions and messages to GitHub lengths', () => {
    const long = { ...RULES[0]!, name: 'n'.repeat(300), docs: { ...RULES[0]!.docs, summary: 's'.repeat(2000), what: 'w'.repeat(2000) } };
    const out = toSarif({ ...base, rules: [long], findings: [finding({ ruleId: 'FA101', message: 'm'.repeat(10_000) })] });
    const rule = out.sarif.runs[0]!.tool.driver.rules![0]!;
    expect(rule.name!.length).toBe(GITHUB_SARIF_LIMITS.ruleNameChars);
    expect(rule.shortDescription!.text.length).toBe(GITHUB_SARIF_LIMITS.descriptionChars);
    expect(rule.fullDescription!.text.length).toBe(GITHUB_SARIF_LIMITS.descriptionChars);
    expect(results(out.sarif)[0]!.message.text!.length).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.messageChars);
    expect(out.truncated.texts).toBe(4);
  });
});

describe('toSarif: GitHub limits', () => {
  const SEVERITY_CYCLE: Severity[] = ['note', 'low', 'medium', 'high', 'critical'];
  const many = (n: number): Finding[] =>
    Array.from({ length: n }, (_, i) =>
      finding({
        ruleId: 'FA101',
        severity: SEVERITY_CYCLE[i % 5]!,
        message: `finding ${i}`,
        fingerprint: `k${i}`,
        location: { file: `app/m${i % 17}.py`, line: i + 1, column: 1 },
      }),
    );

  it('defaults to the documented numbers', () => {
    expect(GITHUB_SARIF_LIMITS).toMatchObject({ results: 5_000, rules: 25_000, relatedLocations: 100, tags: 10, ruleNameChars: 255, descriptionChars: 1_024 });
    expect(GITHUB_SARIF_LIMITS.fileBytes).toBeLessThanOrEqual(10 * 1000 * 1000);
  });

  it('keeps the 5,000 most severe of 6,000 results and says what it dropped', () => {
    const findings = many(6_000);
    const { sarif, truncated } = toSarif({ ...base, findings });
    const rs = results(sarif);
    expect(rs).toHaveLength(5_000);
    expect(truncated.results).toBe(1_000);
    const kept = rs.map((r) => r.properties!.severity);
    expect(kept.filter((s) => s === 'note')).toHaveLength(200); // 1,200 notes, 1,000 dropped
    expect(kept.filter((s) => s === 'critical')).toHaveLength(1_200);
    expect(truncationNotice(truncated)).toEqual({
      level: 'warning',
      message: 'The SARIF file leaves out 1000 results (the most severe were kept) to stay within GitHub code scanning limits.',
    });
  });

  it('drops suppressed and baseline results before new ones of the same severity', () => {
    // prettier-ignore
    const findings = [
      finding({ ruleId: 'FA101', fingerprint: 'a', severity: 'critical', suppression: { kind: 'inSource', justification: 'ok' } }),
      finding({ ruleId: 'FA101', fingerprint: 'b', severity: 'critical', baseline: 'unchanged' }),
      finding({ ruleId: 'FA101', fingerprint: 'c', severity: 'low' }),
    ];
    const kept = results(toSarif({ ...base, findings, limits: { results: 1 } }).sarif);
    expect(kept.map((r) => r.properties!.severity)).toEqual(['low']);
    const two = results(toSarif({ ...base, findings, limits: { results: 2 } }).sarif);
    expect(two.map((r) => r.baselineState ?? 'new').sort()).toEqual(['new', 'unchanged']);
  });

  it('caps related locations per result', () => {
    const related = Array.from({ length: 150 }, (_, i) => ({ file: 'app/r.py', line: i + 1, column: 1, message: `step ${i}` }));
    const out = toSarif({ ...base, findings: [finding({ ruleId: 'FA101', related })] });
    const r = results(out.sarif)[0]!;
    expect(r.relatedLocations).toHaveLength(100);
    expect(r.relatedLocations!.map((l) => l.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(out.truncated.relatedLocations).toBe(50);
    expect([...r.message.text!.matchAll(/\]\((\d+)\)/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('stays within the file size limit by dropping the least severe results', () => {
    const findings = many(400).map((f) => ({ ...f, message: `${f.message} ${'x'.repeat(1_000)}` }));
    const fileBytes = 200_000;
    const { sarif, truncated } = toSarif({ ...base, findings, limits: { fileBytes } });
    const size = Buffer.byteLength(sarifJson(sarif), 'utf8');
    expect(size).toBeLessThanOrEqual(fileBytes);
    expect(size).toBeGreaterThan(fileBytes * 0.9);
    expect(truncated.results).toBe(400 - results(sarif).length);
    const kept = results(sarif).map((r) => r.properties!.severity);
    expect(new Set(kept).has('critical')).toBe(true);
    expect(kept.filter((s) => s === 'critical')).toHaveLength(80);
  });

  it('caps tool notifications, keeping errors, then warnings, listed in reading order', () => {
    const notices = Array.from({ length: 30 }, (_, i) => ({ level: 'notice' as const, message: `n${i}`, file: `f${String(i).padStart(2, '0')}.py` }));
    const out = toSarif({ ...base, notices, limits: { notifications: 10 } });
    expect(out.sarif.runs[0]!.invocations![0]!.toolExecutionNotifications).toHaveLength(10);
    expect(out.truncated.notifications).toBe(20);
    const mixed: Notice[] = [
      ...notices,
      { level: 'error', message: 'z.py: not scanned, internal error', file: 'z.py' },
      { level: 'warning', message: 'y.py: cut', file: 'y.py', line: 3 },
    ];
    const kept = toSarif({ ...base, notices: mixed, limits: { notifications: 4 } }).sarif.runs[0]!.invocations![0]!.toolExecutionNotifications!;
    expect(kept.map((n) => [n.level, n.message.text])).toEqual([
      ['note', 'n0'],
      ['note', 'n1'],
      ['warning', 'y.py: cut'],
      ['error', 'z.py: not scanned, internal error'],
    ]);
  });

  it('an error notice is an error-level notification; executionSuccessful is false only when asked (an exit status that denotes failure)', () => {
    const notices: Notice[] = [{ level: 'error', message: 'app/x.py: not scanned, internal error while parsing it (RangeError: boom)', file: 'app/x.py' }];
    const ok = toSarif({ ...base, notices });
    const inv = ok.sarif.runs[0]!.invocations![0]!;
    expect(inv.executionSuccessful).toBe(true);
    expect(inv.toolExecutionNotifications).toEqual([
      { level: 'error', message: { text: notices[0]!.message }, locations: [{ physicalLocation: { artifactLocation: { uri: 'app/x.py', uriBaseId: '%SRCROOT%' } } }] },
    ]);
    const failed = toSarif({ ...base, notices, executionSuccessful: false }).sarif;
    expectSchemaValid(failed);
    expect(failed.runs[0]!.invocations![0]!.executionSuccessful).toBe(false);
    expect(results(failed)).toEqual(results(ok.sarif));
  });
});

describe('toSarif: determinism', () => {
  it('gives byte-identical output for the same input in any order', () => {
    const a = sarifJson(toSarif(base).sarif);
    const shuffled: SarifInput = {
      ...base,
      findings: [...FINDINGS].reverse().map((f) => ({ ...f, related: f.related ? [...f.related].reverse() : undefined })),
      rules: [...RULES].reverse(),
      notices: [...NOTICES].reverse(),
    };
    expect(sarifJson(toSarif(shuffled).sarif)).toBe(a);
    expect(sarifJson(toSarif(base).sarif)).toBe(a);
  });

  it('does not mutate its input', () => {
    const copy = structuredClone(FINDINGS);
    toSarif(base);
    expect(FINDINGS).toEqual(copy);
  });
});
