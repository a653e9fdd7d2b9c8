/** The location table (src/facts/loc.ts): what goes in comes out, across chunks and threads. */
import { describe, expect, it } from 'vitest';
import { locColumn, locEndColumn, locEndLine, locLine, locParts, locsOf, makeLoc, relocate, withLocParts, type Loc } from '../../src/facts/loc.js';

describe('location table', () => {
  it('gives back the four numbers of every location, across many chunks', () => {
    const locs: Loc[] = [];
    for (let i = 0; i < 70_000; i++) locs.push(makeLoc(i + 1, (i % 300) + 1, i + 2, 2 ** 30 - i));
    locs.forEach((l, i) => {
      expect(locLine(l)).toBe(i + 1);
      expect(locColumn(l)).toBe((i % 300) + 1);
      expect(locEndLine(l)).toBe(i + 2);
      expect(locEndColumn(l)).toBe(2 ** 30 - i);
    });
  });

  it('refuses a number that is not a location', () => {
    expect(() => locParts(-1 as Loc)).toThrow(/not a location/);
    expect(() => locParts((2 ** 30) as Loc)).toThrow(/not a location/);
  });

  it('moves IR between tables: locsOf on one side, relocate on the other', () => {
    const a = makeLoc(3, 4, 5, 6);
    const b = makeLoc(7, 8, 9, 10);
    const ir = { t: 'def', loc: a, defLoc: b, body: [{ t: 'expr', v: { t: 'num', v: 5, loc: a }, loc: b }] };
    const sent = JSON.stringify([ir, locsOf(ir)]);
    const [back, locs] = JSON.parse(sent) as [typeof ir, number[]];
    relocate(back, locs);
    expect(back.loc).not.toBe(a); // new entries, as in the receiving thread
    expect(withLocParts(back)).toStrictEqual(withLocParts(ir));
    // a plain number that is not under a location key is left alone
    expect(back.body[0]!.v.v).toBe(5);
  });
});
