/**
 * Runs every fixture project under __tests__/fixtures/<group>/<case>/ and checks the findings and
 * route auth against the `# expect:` / `# ok:` / `# auth:` comments written in its source.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExpectations, expectationsIn, fixtureDirs, scanFixture } from '../helpers/fixtures.js';
import { RULES } from '../../src/rules/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

for (const group of fixtureDirs(FIXTURES)) {
  describe(path.basename(group), () => {
    for (const dir of fixtureDirs(group)) {
      it(path.basename(dir), async () => {
        const exps = expectationsIn(dir);
        expect(exps.length, 'a fixture without expectations tests nothing').toBeGreaterThan(0);
        const result = await scanFixture(dir);
        expect(checkExpectations(result, exps)).toEqual([]);
      });
    }
  });
}

describe('fixture coverage', () => {
  it('every rule has positive and negative fixtures', () => {
    const all = fixtureDirs(FIXTURES).flatMap((g) => fixtureDirs(g)).flatMap((d) => expectationsIn(d));
    for (const r of RULES) {
      expect(all.some((e) => e.kind === 'expect' && e.rule === r.meta.id), `${r.meta.id} has no positive fixture`).toBe(true);
      expect(all.some((e) => e.kind === 'ok' && e.rule === r.meta.id), `${r.meta.id} has no negative fixture`).toBe(true);
    }
  });
});
