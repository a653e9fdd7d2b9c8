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

describe('blankComments', () => {
  it('blanks comment-only lines to spaces of the same length, keeping directives and lines that may sit in a string', () => {
    const src = [
      'x = 1  # trailing stays',
      '# plain',
      '    # indented\r',
      '# fastapi-audit: ignore[FA101]',
      's = """',
      '# inside a string, blanked: nothing the tool reads changes',
      '# ends it """',
      "# don't",
      '# a {brace}',
      '# back\\slash',
      '',
    ].join('\n');
    const out = blankComments(src);
    expect(out.length).toBe(src.length);
    expect(out.split('\n')).toEqual([
      'x = 1  # trailing stays',
      '       ',
      '              \r',
      '# fastapi-audit: ignore[FA101]',
      's = """',
      ' '.repeat('# inside a string, blanked: nothing the tool reads changes'.length),
      '# ends it """',
      "# don't",
      '# a {brace}',
      '# back\\slash',
      '',
    ]);
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
    const defs = facts.body.filter((s) => s.t === 'def').map((s) => s.t === 'def' && s.name);
    expect(defs).toEqual(['a', 'b']);
    expect(facts.errors).toEqual([]);
    expect(facts.comments).toEqual([{ line: 80_009, column: 20, text: '# fastapi-audit: public' }]);
  });

  it('that blanking cannot clear is skipped with a notice', async () => {
    const file = path.join(dir, 'quotes.py');
    writeFileSync(file, `${HEAD}${"# don't touch\n".repeat(40_000)}${TAIL}`);
    const out = await runJob({ abs: file, rel: 'quotes.py', force: true, maxBytes: 10_000_000 });
    expect(out.kind).toBe('skipped');
    expect(out.kind === 'skipped' && out.reason).toMatch(/budget.*comment lines/);
    // the parser was reset: the next file parses from its own start
    const next = await factsFromSource(HEAD, 'next.py', HEAD.length);
    expect(next.body.map((s) => s.t)).toEqual(['from', 'assign', 'def']);
  });
});
