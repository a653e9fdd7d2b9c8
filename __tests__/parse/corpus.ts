/**
 * The corpus that pins the IR (facts-snapshot.test.ts) and the worker wire format (wire.test.ts):
 *   - tour/: __tests__/parse/ir-corpus (every statement and expression form the extractor
 *     decodes, string escapes, numbers, syntax errors) and programmatic hostile sources (deep
 *     nesting past MAX_DEPTH, long chains, non-BMP text);
 *   - fixtures/, examples/: every .py file of the repository's fixtures and examples;
 *   - generated/: a slice of the benchmark generator's corpus (fixed seed);
 *   - oracle/: ../shared/oracle/cases, when that folder is present.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeSource } from '../../src/parse/source.js';
import { ORACLE_CASES, oraclePresent } from '../helpers/oracle.js';
// @ts-expect-error: a plain .mjs script (no types)
import { generateCorpus } from '../../scripts/bench/gen-corpus.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Groups that may be absent (outside the repository). */
export const OPTIONAL_GROUPS = new Set(['oracle']);

function pyFiles(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) pyFiles(p, out);
    else if (n.endsWith('.py')) out.push(p);
  }
  return out;
}

/** Sources that are easier to build than to write: nesting past MAX_DEPTH, long chains. */
function hostile(): Record<string, string> {
  const indent = (d: number): string => '    '.repeat(d);
  const nestedIf = Array.from({ length: 230 }, (_, d) => `${indent(d)}if x${d}:\n`).join('') + `${indent(230)}pass\n`;
  const nestedDef = Array.from({ length: 120 }, (_, d) => `${indent(d)}def f${d}(a=(yield)):\n${indent(d + 1)}yield ${d}\n`).join('') + `${indent(120)}return\n`;
  return {
    'brackets.py': `x = ${'('.repeat(400)}1${')'.repeat(400)}\ny = ${'['.repeat(300)}${']'.repeat(300)}\nz = ${'f('.repeat(250)}${')'.repeat(250)}\n`,
    'unary.py': `x = ${'-'.repeat(500)}1\ny = ${'not '.repeat(300)}x\n`,
    'chains.py': [
      `a = ${Array.from({ length: 600 }, (_, i) => `v${i}`).join(' and ')}`,
      `b = ${Array.from({ length: 600 }, (_, i) => `v${i}`).join(' or ')}`,
      `c = ${Array.from({ length: 300 }, (_, i) => `v${i}`).join(' + ')}`,
      `d = o${'.attr'.repeat(400)}`,
      `e = ${Array.from({ length: 300 }, (_, i) => `v${i}`).join(' < ')}`,
      `f = ${Array.from({ length: 300 }, (_, i) => `"s${i}"`).join(' ')}`,
      `g = ${'lambda: '.repeat(250)}0`,
      `h = ${'x if c else '.repeat(250)}y`,
      `i = ${Array.from({ length: 300 }, (_, i) => `a${i}`).join(' = ')} = 0`,
      '',
    ].join('\n'),
    'elif.py': `if a0: pass\n${Array.from({ length: 300 }, (_, i) => `elif a${i + 1}: pass\n`).join('')}else: pass\n`,
    'nested-if.py': nestedIf,
    'nested-def.py': nestedDef,
    'nested-class.py': Array.from({ length: 210 }, (_, d) => `${indent(d)}class C${d}(B${d}):\n`).join('') + `${indent(210)}x = 1\n`,
    'unicode.py': 'café = "😀é"; naïve = f"{café}😀{x}"  # fastapi-audit: public 😀\n𝔘 = 1\ns = "\\N{GREEK SMALL LETTER ALPHA}😀"\n',
    'empty.py': '',
    'only-comment.py': '# fastapi-audit: public\n',
    'no-newline.py': 'x = 1',
    'blank-lines.py': '\n\n\nx = 1\n\n\n',
  };
}

export interface Source {
  key: string;
  text: string;
  bytes: number;
}

function fromDisk(group: string, dir: string): Source[] {
  if (!existsSync(dir)) return [];
  const out: Source[] = [];
  for (const f of pyFiles(dir)) {
    const buf = readFileSync(f);
    const d = decodeSource(buf);
    if (d.ok) out.push({ key: `${group}/${path.relative(dir, f).split(path.sep).join('/')}`, text: d.text, bytes: buf.length });
  }
  return out;
}

export async function corpus(): Promise<Source[]> {
  const gen = mkdtempSync(path.join(tmpdir(), 'facts-snapshot-'));
  try {
    await generateCorpus(gen, 12_000, 7);
    return [
      ...fromDisk('tour', path.join(import.meta.dirname, 'ir-corpus')),
      ...Object.entries(hostile()).map(([k, text]) => ({ key: `tour/hostile/${k}`, text, bytes: Buffer.byteLength(text) })),
      ...fromDisk('fixtures', path.join(ROOT, '__tests__/fixtures')),
      ...fromDisk('examples', path.join(ROOT, 'examples')),
      ...fromDisk('generated', gen),
      ...(oraclePresent('the oracle cases in the parse corpus') ? fromDisk('oracle', ORACLE_CASES) : []),
    ];
  } finally {
    rmSync(gen, { recursive: true, force: true });
  }
}
