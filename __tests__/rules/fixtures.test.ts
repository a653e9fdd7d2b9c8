/**
 * Runs every fixture project under __tests__/fixtures/<group>/<case>/ and checks the findings and
 * route auth against the `# expect:` / `# ok:` / `# todo-expect:` / `# auth:` comments written in
 * its source (see helpers/fixtures.ts: a malformed mark or an unknown rule fails the fixture).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExpectations, fixtureDirs, parseMarks, scanFixture, type Expectation } from '../helpers/fixtures.js';
import { RULES } from '../../src/rules/index.js';
import { makeTree, removeTree } from '../discover/tree.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const CASES = fixtureDirs(FIXTURES).flatMap((g) => fixtureDirs(g));

for (const group of fixtureDirs(FIXTURES)) {
  describe(path.basename(group), () => {
    for (const dir of fixtureDirs(group)) {
      it(path.basename(dir), async () => {
        const { expectations, problems } = parseMarks(dir);
        expect(problems, 'malformed marks').toEqual([]);
        expect(expectations.length, 'a fixture without expectations tests nothing').toBeGreaterThan(0);
        const result = await scanFixture(dir);
        expect(checkExpectations(result, expectations)).toEqual([]);
      });
    }
  });
}

describe('fixture coverage', () => {
  /** Every mark, with its file relative to the fixtures folder. */
  const all = (): Expectation[] =>
    CASES.flatMap((d) => parseMarks(d).expectations.map((e) => ({ ...e, file: `${path.relative(FIXTURES, d).split(path.sep).join('/')}/${e.file}` })));

  it('every rule has positive and negative fixtures', () => {
    const marks = all();
    for (const r of RULES) {
      expect(
        marks.some((e) => e.kind === 'expect' && e.rule === r.meta.id),
        `${r.meta.id} has no positive fixture`,
      ).toBe(true);
      expect(
        marks.some((e) => e.kind === 'ok' && e.rule === r.meta.id),
        `${r.meta.id} has no negative fixture`,
      ).toBe(true);
    }
  });

  it('counts the known misses (todo-expect marks)', () => {
    const todo = all().filter((e) => e.kind === 'todo-expect');
    // Printed on every run: the honest record of false negatives, next to the passing count.
    console.log(`fixtures: ${todo.length} known miss${todo.length === 1 ? '' : 'es'} (todo-expect marks)${todo.map((e) => `\n  ${e.rule} ${e.file}:${e.line}`).join('')}`);
    expect(todo.every((e) => e.rule.length > 0)).toBe(true);
  });
});

describe('the fixture harness itself', () => {
  /** parseMarks on a one-file fixture. */
  function marks(source: string): ReturnType<typeof parseMarks> {
    const dir = makeTree({ 'app.py': source }, 'fa-marks-');
    try {
      return parseMarks(dir);
    } finally {
      removeTree(dir);
    }
  }
  /** The app-level rules (no TrustedHostMiddleware, no HTTPS redirect) are not what these cases test. */
  const APP_RULES_OFF = 'rules:\n  FA301: off\n  FA302: off\n';
  const ROUTE = 'from fastapi import FastAPI\napp = FastAPI()\n\n\n@app.post("/items")  # MARK\ndef create(item: dict):\n    return item\n';

  it('reads well-formed marks: lists, severities, several kinds in one comment, standalone and trailing', () => {
    const { expectations, problems } = marks('x = 1  # expect: FA101(high), FA104 ok: FA201\n# todo-expect: FA405\n\n# auth: none\ny = 2\n');
    expect(problems).toEqual([]);
    expect(expectations.map((e) => `${e.kind} ${e.rule}${e.severity ? `(${e.severity})` : ''} ${e.line}`)).toEqual([
      'expect FA101(high) 1',
      'expect FA104 1',
      'ok FA201 1',
      'todo-expect FA405 5',
      'auth none 5',
    ]);
  });

  it('rejects a mark followed by other text, unknown rules, severities and statuses, and marks that apply to no line', () => {
    const { expectations, problems } = marks(
      [
        'a = 1  # expect: FA101 - see #3',
        'b = 1  # expect: FA999',
        'c = 1  # ok: FA101(high)',
        'd = 1  # expect: FA101(severe)',
        'e = 1  # auth: maybe',
        'f = 1  # expect:',
        'g = 1  # see above, ok: FA101',
        'h = 1  # expect: FA101 ok: FA101',
        'i = 1  # fastapi-audit: ignore[FA101] reason  # expect: FA002',
        '# expect: FA101',
        '',
      ].join('\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^app\.py:1: malformed mark "expect: FA101 - see #3": unexpected text "- see #3"/),
      expect.stringMatching(/^app\.py:2: unknown rule "FA999" in "expect:"/),
      expect.stringMatching(/^app\.py:3: "ok: FA101\(high\)": only "expect:" takes a severity/),
      expect.stringMatching(/^app\.py:4: unknown severity "severe"/),
      expect.stringMatching(/^app\.py:5: unknown auth status "maybe" \(allowed: required, optional, conditional, none, unknown\)/),
      expect.stringMatching(/^app\.py:6: malformed mark "expect:": "expect:" is not followed by a rule id/),
      expect.stringMatching(/^app\.py:7: a mark must start its comment/),
      expect.stringMatching(/^app\.py:10: the mark applies to no line/),
      'app.py:8: both "expect: FA101" and "ok: FA101"',
    ]);
    // the mark after another comment on the same line is read
    expect(expectations.filter((e) => e.line === 9).map((e) => e.rule)).toEqual(['FA002']);
  });

  it('fails an ok mark on its own line, and an ok mark for a rule the fixture turns off', async () => {
    const dir = makeTree({ 'app.py': ROUTE.replace('# MARK', '# ok: FA101'), '.fastapi-audit.yml': APP_RULES_OFF }, 'fa-marks-');
    try {
      const { expectations } = parseMarks(dir);
      const problems = checkExpectations(await scanFixture(dir), expectations);
      // reported once, by the mark, not again as an unexpected finding
      expect(problems).toEqual([expect.stringMatching(/^app\.py:5: "ok: FA101" but FA101 is reported: /)]);
    } finally {
      removeTree(dir);
    }
    const off = makeTree({ 'app.py': ROUTE.replace('# MARK', '# ok: FA101'), '.fastapi-audit.yml': `${APP_RULES_OFF}  FA101: off\n` }, 'fa-marks-');
    try {
      const { expectations } = parseMarks(off);
      const problems = checkExpectations(await scanFixture(off), expectations);
      expect(problems).toEqual([expect.stringMatching(/^app\.py:5: "ok: FA101" cannot be checked: FA101 is turned off in this fixture's configuration/)]);
    } finally {
      removeTree(off);
    }
  });
});
