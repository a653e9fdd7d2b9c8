/**
 * Facts cross from a worker's location table to the main thread's: a decoded outcome must not hold
 * an index into the table of the thread that encoded it. Here the table is emptied and refilled
 * with other locations between encoding and decoding (what a worker does between messages, and what
 * another thread's table looks like), so a location passed through unchanged would read the wrong
 * numbers. Its own file: emptying the table voids the locations of everything else in the process.
 */
import { describe, expect, it } from 'vitest';
import type { Stmt } from '../../src/facts/ir.js';
import { makeLoc, resetLocs, withLocParts } from '../../src/facts/loc.js';
import { factsFromSource, type ParseOutcome } from '../../src/parse/job.js';
import { decodeOutcomes, encodeOutcomes } from '../../src/parse/wire.js';

describe('wire format across location tables', () => {
  it('the decoded locations are the receiving table’s, with the same numbers (the integer wire and the JSON fallback)', async () => {
    const src = 'from fastapi import FastAPI, Depends\napp = FastAPI()\n\n@app.get("/x")\ndef x(q: str = Depends(dep)):\n    return {"q": q}\n';
    const facts = await factsFromSource(src, 'app.py', src.length);
    // nested past what the integer reader recurses into: travels as JSON
    const L = makeLoc(7, 1, 7, 5);
    let deep: Stmt = { t: 'flow', kind: 'pass', loc: makeLoc(9, 9, 9, 13) };
    for (let i = 0; i < 1100; i++) deep = { t: 'if', test: { t: 'name', id: 'a', loc: L }, body: [], orelse: [deep], loc: L };
    const outcomes: ParseOutcome[] = [
      { kind: 'facts', facts },
      { kind: 'facts', facts: { path: 'deep.py', body: [deep], comments: [], errors: [], lineCount: 9, bytes: 1 } },
    ];
    const expected = JSON.stringify(withLocParts(outcomes));
    const wire = encodeOutcomes(outcomes);

    resetLocs();
    for (let i = 0; i < 5_000; i++) makeLoc(1000 + i, 1000 + i, 1000 + i, 1000 + i); // another thread's locations

    const back = decodeOutcomes(wire);
    expect(back.map((o) => o.kind)).toEqual(['facts', 'facts']);
    expect(JSON.stringify(withLocParts(back))).toBe(expected);
  });
});
