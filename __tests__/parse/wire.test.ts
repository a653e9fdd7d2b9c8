/**
 * The worker → main thread wire format (src/parse/wire.ts) must give the main thread exactly what
 * JSON did: decode(encode(outcomes)) equals JSON.parse(JSON.stringify(outcomes)), keys, key order and
 * absent keys included, on the snapshot corpus and on shapes the extractor makes only rarely.
 */
import { describe, expect, it } from 'vitest';
import type { Expr, FileFacts, Stmt } from '../../src/facts/ir.js';
import { makeLoc, withLocParts as expandLocs } from '../../src/facts/loc.js';
import type { ParseOutcome } from '../../src/parse/job.js';
import { factsFromSource } from '../../src/parse/job.js';
import { decodeOutcomes, encodeOutcomes } from '../../src/parse/wire.js';
import { corpus } from './corpus.js';

function roundTrip(outcomes: ParseOutcome[]): void {
  const wire = encodeOutcomes(outcomes);
  expect(wire.ints).toBeInstanceOf(Int32Array);
  // what a worker posts is cloned (the buffer transferred): decode a structured clone, like the pool
  const back = decodeOutcomes(structuredClone(wire, { transfer: [wire.ints.buffer as ArrayBuffer] }));
  // locations are indices into the location table: compare them by their four numbers
  const viaJson = JSON.stringify(expandLocs(outcomes));
  expect(JSON.stringify(expandLocs(back))).toBe(viaJson);
  expect(expandLocs(back)).toStrictEqual(JSON.parse(viaJson));
}

const L = makeLoc(1, 1, 1, 2);
const facts = (body: Stmt[], extra: Partial<FileFacts> = {}): FileFacts => ({ path: 'x.py', body, comments: [], errors: [], lineCount: 1, bytes: 1, ...extra });
const e = (v: Expr): Stmt => ({ t: 'expr', v, loc: L });

describe('wire format', () => {
  it('round-trips the outcomes of the snapshot corpus exactly', async () => {
    const sources = await corpus();
    let chunk: ParseOutcome[] = [];
    let k = 0;
    for (const s of sources) {
      const f = await factsFromSource(s.text, s.key, s.bytes);
      // the other outcome kinds, and a warning, mixed in
      const i = k++ % 7;
      chunk.push(i === 3 ? { kind: 'facts', facts: f, warning: 'invalid utf-8; undecodable bytes replaced' } : { kind: 'facts', facts: f });
      if (i === 5)
        chunk.push(
          { kind: 'filtered', imports: ['.routes', 'app.main'] },
          { kind: 'skipped', reason: 'too large (9 bytes > 1)' },
          { kind: 'failed', error: 'RangeError: Maximum call stack size exceeded' },
        );
      if (chunk.length >= 64) {
        roundTrip(chunk);
        chunk = [];
      }
    }
    roundTrip(chunk);
    expect(k).toBeGreaterThan(100);
  });

  it('round-trips rare shapes: numbers, strings, optional keys, empty lists', () => {
    roundTrip([
      {
        kind: 'facts',
        facts: facts(
          [
            e({ t: 'num', v: 1.5, loc: L }),
            e({ t: 'num', v: 2 ** 40, loc: L }),
            e({ t: 'num', v: -(2 ** 31), loc: L }),
            e({ t: 'num', v: 1e300, loc: L }),
            e({ t: 'num', v: 5e-324, loc: L }),
            e({ t: 'str', v: '', loc: L }),
            e({ t: 'str', v: '\ud800 lone surrogate, NUL \0, "quotes", \\ 😀', loc: L }),
            e({ t: 'fstr', parts: ['a', { t: 'name', id: 'x', loc: L }, ''], loc: L }),
            e({ t: 'dict', items: [[null, { t: 'name', id: 'd', loc: L }]], loc: L }),
            e({ t: 'starred', v: { t: 'name', id: 'k', loc: L }, double: true, loc: L }),
            e({ t: 'tuple', items: [], loc: L }),
            { t: 'from', mod: '', level: 3, names: '*', loc: L },
            { t: 'from', mod: 'm', level: 0, names: [], loc: L },
            { t: 'assign', targets: [], v: null, loc: L },
            {
              t: 'def',
              name: '',
              async: true,
              params: [{ name: 'p', kind: 'posonly', ann: { t: 'ellipsis', loc: L }, def: { t: 'const', v: null, loc: L }, loc: L }],
              decorators: [],
              body: [],
              loc: L,
              defLoc: L,
              returns: { t: 'const', v: false, loc: L },
              gen: true,
            },
            { t: 'try', body: [], handlers: [{ type: null, body: [], loc: L, name: '' }], orelse: [], final: [], loc: L },
            { t: 'with', items: [{ ctx: { t: 'name', id: 'c', loc: L }, as: { t: 'name', id: 'a', loc: L } }], body: [], loc: L },
            { t: 'match', subject: { t: 'unk', what: 'missing', loc: makeLoc(0, 0, 0, 0) }, cases: [{ body: [], loc: L }], loc: L },
          ],
          { comments: [{ line: 1, column: 1, text: '# fastapi-audit: public' }], errors: [1, 3], lineCount: 0, bytes: 2 ** 31 - 1 },
        ),
      },
    ]);
  });

  it('sends what the schema does not cover as JSON, leaving the other outcomes as they are', () => {
    const odd: ParseOutcome[] = [
      // an ERROR node's type name is undefined: JSON drops the key
      { kind: 'facts', facts: facts([e({ t: 'unk', what: undefined as unknown as string, loc: L })]) },
      { kind: 'facts', facts: facts([e({ t: 'bin', op: undefined as unknown as string, l: { t: 'name', id: 'a', loc: L }, r: { t: 'name', id: 'b', loc: L }, loc: L })]) },
      { kind: 'facts', facts: facts([e({ t: 'mystery', loc: L } as unknown as Expr)]) },
      { kind: 'facts', facts: facts([e({ t: 'name', id: 'ok', loc: L })]) },
    ];
    roundTrip(odd);
  });

  it('sends nesting deeper than the reader recurses as JSON, and skips what not even JSON can write', () => {
    const nest = (depth: number): Stmt => {
      let s: Stmt = { t: 'flow', kind: 'pass', loc: L };
      for (let i = 0; i < depth; i++) s = { t: 'if', test: { t: 'name', id: 'a', loc: L }, body: [], orelse: [s], loc: L };
      return s;
    };
    const ok: ParseOutcome = { kind: 'facts', facts: facts([e({ t: 'name', id: 'ok', loc: L })]) };
    roundTrip([ok, { kind: 'facts', facts: facts([nest(1200)]) }, ok]);
    const wire = encodeOutcomes([ok, { kind: 'facts', facts: facts([nest(200_000)]) }, ok]);
    const back = decodeOutcomes(wire);
    expect(expandLocs(back[0])).toStrictEqual(expandLocs(ok));
    expect(back[1]).toMatchObject({ kind: 'failed', error: expect.stringMatching(/^RangeError: /) });
    expect(expandLocs(back[2])).toStrictEqual(expandLocs(ok));
  });

  it('a message the reader cannot read costs that one file, not the chunk', () => {
    const ok: ParseOutcome = { kind: 'facts', facts: facts([e({ t: 'name', id: 'ok', loc: L })]) };
    const wire = encodeOutcomes([ok, ok, ok]);
    wire.ints[wire.ints[1]!] = 99; // the second outcome's tag
    const back = decodeOutcomes(wire);
    expect(expandLocs(back[0])).toStrictEqual(expandLocs(ok));
    expect(back[1]).toEqual({ kind: 'failed', error: expect.stringMatching(/^Error: wire: bad outcome tag/) });
    expect(expandLocs(back[2])).toStrictEqual(expandLocs(ok));
  });
});
