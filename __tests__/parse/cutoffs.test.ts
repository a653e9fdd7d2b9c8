/**
 * The extractor's bounds (src/parse/extract.ts, MAX_DEPTH) never lose code silently: what a bound
 * leaves out is in `FileFacts.warnings` (the line where the cut happened, and how many places),
 * which crosses the wire from a worker like the rest of the facts, and the scan turns it into a
 * warning naming the file and the line. An `elif` chain spends the same depth budget as nested
 * blocks, so no IR is nested deeper than MAX_DEPTH, however the chains are built.
 */
import { describe, expect, it } from 'vitest';
import type { Stmt } from '../../src/facts/ir.js';
import { withLocParts } from '../../src/facts/loc.js';
import { MAX_DEPTH } from '../../src/parse/extract.js';
import { factsFromSource } from '../../src/parse/job.js';
import { decodeOutcomes, encodeOutcomes } from '../../src/parse/wire.js';

const facts = (src: string) => factsFromSource(src, 'app/main.py', src.length);

/** `if x == -1: pass`, then `n` elif branches (`elif x == i:`), branch `i` holding `body(i)` or `pass`. */
function chain(n: number, body: (i: number) => string | undefined = () => undefined, indent = ''): string {
  const lines = [`${indent}if x == -1:`, `${indent}    pass`];
  for (let i = 0; i < n; i++) lines.push(`${indent}elif x == ${i}:`, body(i) ?? `${indent}    pass`);
  return `${lines.join('\n')}\n`;
}

/** The elif branches kept: the length of the orelse chain of the first `if`. */
function branches(body: Stmt[]): number {
  let n = 0;
  let s: Stmt | undefined = body.find((x) => x.t === 'if');
  while (s && s.t === 'if') {
    n++;
    s = s.orelse[0];
  }
  return n - 1;
}

/** The deepest nesting of statements and expressions in the IR. */
function depthOf(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (Array.isArray(x)) for (const y of x) stack.push([y, d]);
    else if (x && typeof x === 'object') {
      const node = 't' in x;
      if (node) max = Math.max(max, d + 1);
      for (const y of Object.values(x)) if (y && typeof y === 'object') stack.push([y, node ? d + 1 : d]);
    }
  }
  return max;
}

describe('extraction cutoffs', () => {
  it('ordinary code has no warnings key', async () => {
    const f = await facts(`from fastapi import FastAPI\napp = FastAPI()\n${chain(30)}`);
    expect(f).not.toHaveProperty('warnings');
  });

  it('an elif chain keeps up to the depth budget (199 branches at module level, 100 before), and says where it was cut', async () => {
    const src = chain(250, (i) => (i === 120 ? '    @app.get("/elif120")\n    def h(): pass' : undefined));
    const f = await facts(src);
    expect(branches(f.body)).toBe(MAX_DEPTH - 1);
    // the first branch left out: `elif x == 199:` on line 3 + 2 * 199 (branch 120 takes a line more)
    const line = 3 + 2 * (MAX_DEPTH - 1) + 1;
    expect(src.split('\n')[line - 1]).toBe(`elif x == ${MAX_DEPTH - 1}:`);
    expect(f.warnings).toEqual([
      {
        line,
        message: `if/elif chain cut at line ${line}: the last ${250 - (MAX_DEPTH - 1)} elif branches of the if at line 1 are not scanned (each elif nests in the one before, and nesting stops at ${MAX_DEPTH} levels)`,
      },
    ]);
    expect(JSON.stringify(withLocParts(f.body))).toContain('/elif120');
  });

  it('blocks nested past the bound: the line of the first statement left out', async () => {
    const indent = (d: number) => '    '.repeat(d);
    const src = Array.from({ length: 230 }, (_, d) => `${indent(d)}if x${d}:\n`).join('') + `${indent(230)}pass\n`;
    const f = await facts(src);
    expect(f.warnings).toEqual([{ line: MAX_DEPTH + 2, message: `code nested more than ${MAX_DEPTH} levels deep is not scanned, first at line ${MAX_DEPTH + 2}` }]);
  });

  it('expressions nested past the bound, counted by place', async () => {
    const f = await facts(`a = 1\nx = ${'('.repeat(300)}1${')'.repeat(300)}\ny = ${'['.repeat(300)}${']'.repeat(300)}\n`);
    expect(f.warnings).toEqual([{ line: 2, message: `code nested more than ${MAX_DEPTH} levels deep is not scanned, first at line 2; 2 places in this file` }]);
  });

  it('chains nested in the last branch of the one before stay within the budget (before: 6 000 levels, a stack overflow in the rules)', async () => {
    let src = '    @app.get("/deep")\n    def deep(): pass';
    for (let k = 59; k >= 0; k--) {
      const indent = '    '.repeat(k);
      const inner = src;
      src = chain(100, (i) => (i === 99 ? inner : undefined), indent).trimEnd();
    }
    const f = await facts(`${src}\n`);
    expect(depthOf(f.body)).toBeLessThanOrEqual(MAX_DEPTH + 2);
    expect(f.warnings).toHaveLength(1);
    // the second chain starts at line 202, inside branch 99 of the first (depth 100): 98 of its branches fit
    expect(f.warnings![0]!.message).toMatch(/^if\/elif chain cut at line 400: the last 2 elif branches of the if at line 202 are not scanned/);
  });

  it('the warnings cross the wire unchanged, and an absent key stays absent', async () => {
    const cut = await facts(chain(250));
    const plain = await facts(chain(3));
    const back = decodeOutcomes(
      encodeOutcomes([
        { kind: 'facts', facts: cut },
        { kind: 'facts', facts: plain },
        { kind: 'facts', facts: { ...plain, warnings: [] } },
      ]),
    );
    expect(JSON.stringify(withLocParts(back))).toBe(
      JSON.stringify(
        withLocParts([
          { kind: 'facts', facts: cut },
          { kind: 'facts', facts: plain },
          { kind: 'facts', facts: { ...plain, warnings: [] } },
        ]),
      ),
    );
    expect(back[1]).not.toHaveProperty('facts.warnings');
  });
});
