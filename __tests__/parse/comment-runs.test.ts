/**
 * Long runs of comment lines (src/parse/job.ts): tree-sitter-python's scanner takes time quadratic
 * in them (80 000 lines: some 20 minutes). The parse has a budget of input reads; past it, the
 * source is parsed again with its comment lines blanked, which must leave the facts unchanged; past
 * it again, the file is skipped with a notice and the scan goes on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withLocParts } from '../../src/facts/loc.js';
import { blankComments, factsFromSource, runJob } from '../../src/parse/job.js';
import { corpus } from './corpus.js';

const dir = mkdtempSync(path.join(tmpdir(), 'fa-comments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/a")\ndef a():\n    return 1\n';
const TAIL = '@app.delete("/b")  # fastapi-audit: public\ndef b():\n    pass\n';
const TQ = '"""';

const factsJson = async (text: string, blank: boolean): Promise<string> => JSON.stringify(withLocParts(await factsFromSource(text, 'f.py', text.length, { blank })));

describe('blankComments', () => {
  const lines = [
    'x = 1  # trailing stays',
    '# plain',
    '    # indented\r',
    '# fastapi-audit: ignore[FA101]',
    `s = ${TQ}`,
    '# inside a string',
    `# ends it ${TQ}`,
    "# don't",
    '# a {brace}',
    '# back\\slash',
    '',
  ];
  const src = lines.join('\n');
  const blank = (i: number): string => lines[i]!.replace(/#[^\r]*/, (c) => ' '.repeat(c.length));

  it('blanks every comment-only line to spaces of the same length, but directives, and says where', () => {
    const out = blankComments(src);
    expect(out.text.length).toBe(src.length);
    expect(out.text.split('\n')).toEqual(lines.map((l, i) => ([0, 3, 4, 10].includes(i) ? l : blank(i))));
    expect(out.at.map((o) => src.slice(o, o + 4))).toEqual(['# pl', '# in', '# in', '# en', '# do', '# a ', '# ba']);
  });

  it('carefully: not the lines with a quote, backslash or brace, which could end a string', () => {
    const out = blankComments(src, true);
    expect(out.text.length).toBe(src.length);
    expect(out.text.split('\n')).toEqual(lines.map((l, i) => ([1, 2, 5].includes(i) ? blank(i) : l)));
  });

  it('leaves the facts of every corpus source unchanged', async () => {
    const sources = await corpus();
    const differ: string[] = [];
    for (const s of sources) {
      const plain = JSON.stringify(withLocParts(await factsFromSource(s.text, s.key, s.bytes)));
      const blanked = JSON.stringify(withLocParts(await factsFromSource(s.text, s.key, s.bytes, { blank: true })));
      if (blanked !== plain) differ.push(s.key);
    }
    expect(sources.length).toBeGreaterThan(100);
    expect(differ).toEqual([]);
  });
});

describe('a long run of comment lines', () => {
  it('is parsed (blanked after the budget) with every route and directive in place', async () => {
    const text = `${HEAD}${'# old code, commented out\n'.repeat(80_000)}${TAIL}`;
    const facts = await factsFromSource(text, 'long.py', text.length);
    expect(facts.body.filter((s) => s.t === 'def').map((s) => s.t === 'def' && s.name)).toEqual(['a', 'b']);
    expect(facts.errors).toEqual([]);
    expect(facts.comments).toEqual([{ line: 80_009, column: 20, text: '# fastapi-audit: public' }]);
  });

  it('of commented-out code (quotes, braces, backslashes) is parsed too', async () => {
    const text = `${HEAD}${'# x = {"key": f"{v}\\n"}  # don\'t\n'.repeat(40_000)}${TAIL}`;
    const facts = await factsFromSource(text, 'code.py', text.length);
    expect(facts.body.filter((s) => s.t === 'def').length).toBe(2);
  });

  it('next to a string holding `#` lines: the string keeps its end and its text', async () => {
    // `# ends """` closes the string: blanked, the string would run on, so the careful pass keeps that line
    const text = `${HEAD}S = ${TQ}\n# one\n# ends ${TQ}\n${'# filler\n'.repeat(3_000)}${TAIL}`;
    const plain = await factsJson(text, false);
    expect(await factsJson(text, true)).toBe(plain);
    expect(plain).toContain('# one\\n# ends ');
  });

  it('that blanking cannot clear is skipped with a notice, and the parser is reset', async () => {
    // a string of `#` lines ending on one with a quote: the careful pass cannot blank the lines with a quote
    const file = path.join(dir, 'quotes.py');
    writeFileSync(file, `${HEAD}s = ${TQ}\n${"# don't touch\n".repeat(40_000)}# end ${TQ}\n${"# don't touch\n".repeat(40_000)}${TAIL}`);
    const out = await runJob({ abs: file, rel: 'quotes.py', force: true, maxBytes: 10_000_000 });
    expect(out.kind).toBe('skipped');
    expect(out.kind === 'skipped' && out.reason).toMatch(/budget.*comment lines/);
    const next = await factsFromSource(HEAD, 'next.py', HEAD.length);
    expect(next.body.map((s) => s.t)).toEqual(['from', 'assign', 'def']);
  });
});
