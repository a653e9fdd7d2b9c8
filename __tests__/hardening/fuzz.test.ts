/**
 * Fuzz test (issue 7): the fixture corpus (__tests__/fixtures/**\/*.py and examples/) mutated with
 * byte flips, interesting bytes, truncation, splices of two files, random unicode (astral,
 * combining, BOM, separators, invalid UTF-8 sequences), deep nesting, line-ending and indentation
 * changes, line shuffles, Python tokens, identifier renames (which make self-includes, cycles and
 * recursion out of ordinary code) and coding cookies.
 *
 * Every input goes through decode + parse + extract (`decodeSource` + `factsFromSource`, what a
 * worker runs per file): no exception, bounded time, facts that survive JSON (the worker boundary)
 * with sane line numbers. Every FUZZ_SCAN_EVERY-th round, the mutated project is written to disk
 * and scanned for real (`scan()`: discover, parse, link, rules, suppressions) and its SARIF must
 * pass the SARIF 2.1.0 schema, with every region inside its file and every URI naming a scanned
 * file; the inventory must point at real lines; annotations must be unique and within GitHub's
 * per-step limit; and one scanned round in five is scanned twice to check the SARIF is
 * byte-identical.
 *
 * Seeded and bounded. Environment (defaults in brackets):
 *   FUZZ_INPUTS [10000]   mutated files to run        FUZZ_SEED [1]             PRNG seed
 *   FUZZ_SCAN_EVERY [4]   rounds per full scan         FUZZ_INPUT_LIMIT_MS [10000] slowest input allowed
 *   FUZZ_WATCHDOG_MS [60000]  no progress for this long: the input is saved and the process killed
 *   FUZZ_REPORT           write the run's numbers as JSON to this file
 * A hang cannot be interrupted from the same thread (the parse is synchronous WASM), so a watchdog
 * thread reads a heartbeat from shared memory and, when it stops, saves the current input and kills
 * the test process: a hang becomes a failure with a reproducer, never a stuck CI job.
 *
 * Failing inputs are written to $TMPDIR/fa-fuzz-failures/ with the seed, index and mutations.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Log } from 'sarif';
import { afterAll, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/index.js';
import { inventoryText, sarifText } from '../../src/engine/outputs.js';
import { scan } from '../../src/engine/scan.js';
import { factsFromSource } from '../../src/parse/job.js';
import { decodeSource } from '../../src/parse/source.js';
import { GITHUB_ANNOTATIONS_PER_LEVEL, planAnnotations } from '../../src/report/annotations.js';
import { REPO_ROOT } from '../helpers/run-dist.js';
import { validateSarifSchema } from '../helpers/sarif.js';
import { Watchdog } from './watchdog.js';

const env = (k: string, d: number): number => {
  const v = process.env[k];
  return v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d;
};
const INPUTS = env('FUZZ_INPUTS', 10_000);
const SEED = env('FUZZ_SEED', 1) >>> 0;
const SCAN_EVERY = Math.max(1, env('FUZZ_SCAN_EVERY', 4));
const INPUT_LIMIT_MS = env('FUZZ_INPUT_LIMIT_MS', 10_000);
const WATCHDOG_MS = env('FUZZ_WATCHDOG_MS', 60_000);
/** Inputs are cut to this size: the fuzz is about shapes, not volume (size has its own tests). */
const MAX_INPUT_BYTES = 256 * 1024;

// ---------------------------------------------------------------------------------------------
// Corpus

interface CorpusFile {
  rel: string;
  bytes: Buffer;
}
interface CorpusProject {
  name: string;
  files: CorpusFile[];
}

function pyFiles(dir: string, base = dir, out: CorpusFile[] = []): CorpusFile[] {
  for (const name of readdirSync(dir).sort()) {
    const abs = path.join(dir, name);
    if (statSync(abs).isDirectory()) pyFiles(abs, base, out);
    else if (name.endsWith('.py')) out.push({ rel: path.relative(base, abs).split(path.sep).join('/'), bytes: readFileSync(abs) });
  }
  return out;
}

function corpus(): CorpusProject[] {
  const fixtures = path.join(REPO_ROOT, '__tests__', 'fixtures');
  const projects: CorpusProject[] = [];
  for (const group of readdirSync(fixtures).sort()) {
    for (const name of readdirSync(path.join(fixtures, group)).sort()) {
      const dir = path.join(fixtures, group, name);
      if (statSync(dir).isDirectory()) projects.push({ name: `${group}/${name}`, files: pyFiles(dir) });
    }
  }
  const examples = path.join(REPO_ROOT, 'examples');
  for (const name of readdirSync(examples).sort()) projects.push({ name: `examples/${name}`, files: pyFiles(path.join(examples, name)) });
  return projects.filter((p) => p.files.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32)

class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---------------------------------------------------------------------------------------------
// Mutators: bytes in, bytes out

type Mutator = (b: Buffer, rng: Rng, all: readonly CorpusFile[]) => Buffer;

const INTERESTING_BYTES = [
  0xff, 0xfe, 0x80, 0xbf, 0xc0, 0xc3, 0xed, 0xf4, 0x0d, 0x0a, 0x09, 0x0c, 0x0b, 0x1a, 0x5c, 0x22, 0x27, 0x28, 0x29, 0x5b, 0x5d, 0x7b, 0x7d, 0x3a, 0x23, 0x40, 0x20, 0x2c, 0x3d,
];
// prettier-ignore
const UNICODE = [
  '\u{1F600}', '\u{1D4B3}', '\u0301', '\u200d', '\ufeff', '\u2028', '\u2029', '\u0085', '\u202e', '\u061c', '日本', 'ｆａｓｔａｐｉ', '\ufffd', '\ufffe', '\u00a0', 'é', 'ſ', 'K', 'İ', '\u3000', '\u0000',
];
const INVALID_UTF8 = [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f], [0xff], [0xfe, 0xff]];
// prettier-ignore
const TOKENS = [
  'def ', 'class ', 'lambda ', ':', '(', ')', '[', ']', '{', '}', '"""', "'''", 'f"{', 'rb"', 't"{x}"', '\\\n', '@app.get("/x")\n', '@router.post("/{id}")\n',
  'Depends(', 'Security(', 'Annotated[', 'async ', 'await ', 'yield ', '*', '**', ' if ', ' else ', '\t', 'match x:\n    case _:\n', 'import ', 'from . import ',
  'from .. import x as ', ' as ', '= ', ':=', '->', '...', '#', '  # fastapi-audit: ignore[FA101]', '# fastapi-audit: public\n', '\x0c', 'global ', 'nonlocal ', 'raise ',
  'HTTPException(status_code=401)', 'app.include_router(', 'app.add_middleware(', 'CORSMiddleware, allow_origins=["*"], allow_credentials=True)', 'FastAPI(', 'APIRouter(prefix=',
  'try:\n', 'except* ', 'except A, B:\n', 'type X[T] = ', 'print ', 'exec ', '`', '$', '?', '!',
];
const PY_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);
const COOKIES = [
  '# -*- coding: latin-1 -*-\n',
  '# coding: utf-16\n',
  '# vim: set fileencoding=cp1252 :\n',
  '# coding=bogus\n',
  '#!/usr/bin/env python\n# -*- coding: shift_jis -*-\n',
  '\ufeff',
];

function insertAt(b: Buffer, at: number, ins: Buffer): Buffer {
  return Buffer.concat([b.subarray(0, at), ins, b.subarray(at)]);
}

/** Offsets just after a newline (and 0): where a statement can start. */
function lineStart(b: Buffer, rng: Rng): number {
  if (b.length === 0) return 0;
  const at = rng.int(b.length);
  const nl = b.lastIndexOf(0x0a, at);
  return nl < 0 ? 0 : nl + 1;
}

function nesting(rng: Rng): string {
  const depth = rng.chance(0.005) ? 10_000 : rng.pick([20, 60, 200, 201, 500, 1_500]);
  const open = rng.chance(0.2); // never closed
  const close = (s: string) => (open ? '' : s.repeat(depth));
  switch (rng.int(10)) {
    case 0:
      return `x = ${'('.repeat(depth)}1${close(')')}\n`;
    case 1:
      return `x = ${'['.repeat(depth)}${close(']')}\n`;
    case 2:
      return `x = ${'f('.repeat(depth)}${close(')')}\n`;
    case 3:
      return `x = a${'.b'.repeat(depth)}\n`;
    case 4:
      return `x = ${'lambda: '.repeat(depth)}1\n`;
    case 5:
      return `x = ${'{"k": '.repeat(depth)}1${close('}')}\n`;
    case 6:
      return `x = ${'not '.repeat(depth)}y\n`;
    case 7: {
      const d = Math.min(depth, 300);
      return `${Array.from({ length: d }, (_, i) => `${' '.repeat(i)}if x:`).join('\n')}\n${' '.repeat(d)}pass\n`;
    }
    case 8:
      return `${'@d\n'.repeat(Math.min(depth, 2_000))}def f(): pass\n`;
    default:
      return `x = ${'f"{'.repeat(Math.min(depth, 200))}1${close('}"')}\n`;
  }
}

const MUTATORS: Record<string, Mutator> = {
  flipBits(b, rng) {
    const out = Buffer.from(b);
    for (let k = 1 + rng.int(8); k > 0 && out.length; k--) out[rng.int(out.length)]! ^= 1 << rng.int(8);
    return out;
  },
  setBytes(b, rng) {
    const out = Buffer.from(b);
    for (let k = 1 + rng.int(6); k > 0 && out.length; k--) out[rng.int(out.length)] = rng.chance(0.02) ? 0 : rng.pick(INTERESTING_BYTES);
    return out;
  },
  truncate(b, rng) {
    return b.subarray(0, rng.int(b.length + 1));
  },
  splice(b, rng, all) {
    const other = rng.pick(all).bytes;
    return Buffer.concat([b.subarray(0, rng.int(b.length + 1)), other.subarray(rng.int(other.length + 1))]);
  },
  unicode(b, rng) {
    let out = b;
    for (let k = 1 + rng.int(5); k > 0; k--) {
      const ins = rng.chance(0.3) ? Buffer.from(rng.pick(INVALID_UTF8)) : Buffer.from(rng.pick(UNICODE), 'utf8');
      out = insertAt(out, rng.int(out.length + 1), ins);
    }
    return out;
  },
  nesting(b, rng) {
    return insertAt(b, lineStart(b, rng), Buffer.from(nesting(rng)));
  },
  lineEndings(b, rng) {
    const text = b.toString('latin1');
    const mode = rng.int(3);
    const eol = () => (mode === 0 ? '\r\n' : mode === 1 ? '\r' : rng.pick(['\n', '\r\n', '\r']));
    return Buffer.from(text.replace(/\n/g, eol), 'latin1');
  },
  lines(b, rng) {
    const lines = b.toString('latin1').split('\n');
    for (let k = 1 + rng.int(4); k > 0 && lines.length > 1; k--) {
      const i = rng.int(lines.length);
      const j = rng.int(lines.length);
      switch (rng.int(3)) {
        case 0:
          lines.splice(j, 0, lines[i]!);
          break;
        case 1:
          lines.splice(i, 1);
          break;
        default:
          [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
    }
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  indentation(b, rng) {
    const lines = b.toString('latin1').split('\n');
    for (let k = 1 + rng.int(6); k > 0 && lines.length; k--) {
      const i = rng.int(lines.length);
      lines[i] = rng.chance(0.5) ? rng.pick([' ', '    ', '\t', ' \t', '\x0c']) + lines[i]! : lines[i]!.replace(/^[ \t]{1,4}/, '');
    }
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  tokens(b, rng) {
    let out = b;
    for (let k = 1 + rng.int(4); k > 0; k--) out = insertAt(out, rng.int(out.length + 1), Buffer.from(rng.pick(TOKENS)));
    return out;
  },
  identifiers(b, rng) {
    // Rename one identifier to another of the same file: self-includes, cycles, recursion, shadowing.
    const text = b.toString('latin1');
    const ids = [...new Set(text.match(/\b[A-Za-z_][A-Za-z0-9_]*\b/g) ?? [])].filter((w) => !PY_KEYWORDS.has(w));
    if (ids.length < 2) return b;
    const from = rng.pick(ids);
    const to = rng.pick(ids);
    return Buffer.from(text.replace(new RegExp(`\\b${from}\\b`, 'g'), to), 'latin1');
  },
  cookie(b, rng) {
    return Buffer.concat([Buffer.from(rng.pick(COOKIES), 'utf8'), b]);
  },
  repeat(b, rng) {
    return Buffer.concat(Array.from({ length: 2 + rng.int(20) }, () => b));
  },
};
// prettier-ignore
const WEIGHTS: Array<[keyof typeof MUTATORS, number]> = [
  ['flipBits', 12], ['setBytes', 12], ['truncate', 8], ['splice', 10], ['unicode', 10], ['nesting', 6],
  ['lineEndings', 6], ['lines', 10], ['indentation', 8], ['tokens', 14], ['identifiers', 8], ['cookie', 3], ['repeat', 1],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((n, [, w]) => n + w, 0);

function pickMutator(rng: Rng): keyof typeof MUTATORS {
  let r = rng.int(TOTAL_WEIGHT);
  for (const [name, w] of WEIGHTS) {
    if (r < w) return name;
    r -= w;
  }
  return 'flipBits';
}

// ---------------------------------------------------------------------------------------------
// The run

interface Failure {
  index: number;
  label: string;
  problem: string;
  saved?: string;
}

const FAILURE_DIR = path.join(tmpdir(), 'fa-fuzz-failures');
const work: string[] = [];
afterAll(() => work.forEach((d) => rmSync(d, { recursive: true, force: true })));

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

it(
  `fuzz: ${INPUTS} mutated inputs (seed ${SEED}) through parse + extract; every ${SCAN_EVERY}th round through the whole scan and SARIF`,
  async () => {
    const projects = corpus();
    const allFiles = projects.flatMap((p) => p.files);
    expect(allFiles.length).toBeGreaterThan(100);
    const rng = new Rng(SEED);
    const watchdog = new Watchdog(WATCHDOG_MS, FAILURE_DIR);
    const failures: Failure[] = [];
    const stats = {
      seed: SEED,
      inputs: 0,
      parsed: 0,
      binary: 0,
      withSyntaxErrors: 0,
      decodeWarnings: 0,
      scans: 0,
      sarifValidated: 0,
      determinismChecks: 0,
      results: 0,
      bytes: 0,
      maxInputMs: 0,
      maxInputLabel: '',
      maxScanMs: 0,
      ms: 0,
      mutations: {} as Record<string, number>,
    };
    const fail = (index: number, label: string, problem: string, input?: Uint8Array) => {
      const f: Failure = { index, label, problem: problem.slice(0, 2_000) };
      if (input && failures.length < 50) {
        mkdirSync(FAILURE_DIR, { recursive: true });
        f.saved = path.join(FAILURE_DIR, `seed${SEED}-input${index}.py`);
        writeFileSync(f.saved, input);
        writeFileSync(`${f.saved}.txt`, `${label}\n${problem}\n`);
      }
      failures.push(f);
    };

    const t0 = performance.now();
    let round = 0;
    try {
      while (stats.inputs < INPUTS) {
        const proj = projects[rng.int(projects.length)]!;
        const scanThis = round % SCAN_EVERY === 0;
        round++;
        const mutated: CorpusFile[] = [];
        for (const file of proj.files) {
          if (stats.inputs >= INPUTS || !rng.chance(0.8)) {
            mutated.push(file);
            continue;
          }
          const index = stats.inputs++;
          const names: string[] = [];
          let bytes = file.bytes;
          for (let k = 1 + (rng.chance(0.3) ? 1 + rng.int(2) : 0); k > 0; k--) {
            const m = pickMutator(rng);
            names.push(m);
            stats.mutations[m] = (stats.mutations[m] ?? 0) + 1;
            bytes = MUTATORS[m](bytes, rng, allFiles);
          }
          if (bytes.length > MAX_INPUT_BYTES) bytes = bytes.subarray(0, MAX_INPUT_BYTES);
          stats.bytes += bytes.length;
          const label = `input ${index} (seed ${SEED}): ${proj.name}/${file.rel} after ${names.join(' + ')}`;
          mutated.push({ rel: file.rel, bytes });

          // decode + parse + extract, as a worker does for one file
          watchdog.beat(label, bytes);
          const ti = performance.now();
          try {
            const decoded = decodeSource(bytes);
            if (!decoded.ok) {
              stats.binary++;
              continue;
            }
            if (decoded.warning) stats.decodeWarnings++;
            const facts = await factsFromSource(decoded.text, file.rel, bytes.length);
            stats.parsed++;
            if (facts.errors.length) stats.withSyntaxErrors++;
            const lines = decoded.text.split('\n').length;
            if (facts.path !== file.rel) fail(index, label, `facts.path ${facts.path}`, bytes);
            if (facts.lineCount !== lines) fail(index, label, `lineCount ${facts.lineCount}, the text has ${lines} lines`, bytes);
            if (!facts.errors.every((l) => Number.isInteger(l) && l >= 1 && l <= lines)) fail(index, label, `error lines ${facts.errors.join(',')} outside 1..${lines}`, bytes);
            JSON.parse(JSON.stringify(facts)); // what crosses the worker boundary
          } catch (e) {
            fail(index, label, `threw: ${(e as Error)?.stack ?? String(e)}`, bytes);
          }
          const ms = performance.now() - ti;
          if (ms > stats.maxInputMs) {
            stats.maxInputMs = ms;
            stats.maxInputLabel = label;
          }
          if (ms > INPUT_LIMIT_MS) fail(index, label, `took ${Math.round(ms)} ms (limit ${INPUT_LIMIT_MS})`, bytes);
        }
        if (!scanThis) continue;

        // the whole pipeline on the mutated project
        const dir = path.join(tmpdir(), `fa-fuzz-${process.pid}-${round}`);
        work.push(dir);
        const label = `scan of round ${round} (seed ${SEED}): ${proj.name} in ${dir}`;
        watchdog.beat(label);
        const linesOf = new Map<string, number>();
        for (const f of mutated) {
          const abs = path.join(dir, ...f.rel.split('/'));
          mkdirSync(path.dirname(abs), { recursive: true });
          writeFileSync(abs, f.bytes);
          const d = decodeSource(f.bytes);
          if (d.ok) linesOf.set(f.rel, lineCount(d.text));
        }
        const ts = performance.now();
        try {
          const noPrefilter = rng.chance(0.5);
          const result = await scan({ root: dir, config: defaultConfig(), threads: 1, noPrefilter });
          const { text } = sarifText(result);
          stats.scans++;
          const log = JSON.parse(text) as Log;
          const v = validateSarifSchema(log);
          if (!v.valid) fail(-round, label, `SARIF invalid: ${JSON.stringify(v.errors.slice(0, 3))}`);
          else stats.sarifValidated++;
          const results = log.runs[0]!.results ?? [];
          stats.results += results.length;
          for (const res of results) {
            for (const loc of [...(res.locations ?? []), ...(res.relatedLocations ?? [])]) {
              const uri = decodeURIComponent(loc.physicalLocation!.artifactLocation!.uri!);
              const n = linesOf.get(uri);
              const reg = loc.physicalLocation!.region;
              if (n === undefined) fail(-round, label, `${res.ruleId}: location in ${uri}, not a scanned file`);
              else if (reg && (reg.startLine! > n || (reg.endLine ?? reg.startLine!) > n))
                fail(-round, label, `${res.ruleId}: region ${JSON.stringify(reg)} past the end of ${uri} (${n} lines)`);
            }
          }
          const inventory = JSON.parse(inventoryText(result)) as { routes: { file: string; line: number }[] };
          for (const route of inventory.routes) {
            const n = linesOf.get(route.file);
            if (n === undefined || route.line < 1 || route.line > n) fail(-round, label, `route at ${route.file}:${route.line} (${n ?? 'no'} lines)`);
          }
          const plan = planAnnotations(result.findings, { rules: result.rules });
          const keys = plan.annotations.map((a) => JSON.stringify(a));
          if (new Set(keys).size !== keys.length) fail(-round, label, 'duplicate annotations');
          for (const level of ['error', 'warning', 'notice'] as const) {
            if (plan.annotations.filter((a) => a.level === level).length > GITHUB_ANNOTATIONS_PER_LEVEL)
              fail(-round, label, `more than ${GITHUB_ANNOTATIONS_PER_LEVEL} ${level} annotations`);
          }
          if (round % (SCAN_EVERY * 5) === 1) {
            stats.determinismChecks++;
            const again = await scan({ root: dir, config: defaultConfig(), threads: 1, noPrefilter });
            if (sarifText(again).text !== text) fail(-round, label, 'a second scan of the same files gave different SARIF');
            if (inventoryText(again) !== inventoryText(result)) fail(-round, label, 'a second scan of the same files gave a different inventory');
          }
          rmSync(dir, { recursive: true, force: true });
        } catch (e) {
          fail(-round, label, `scan threw: ${(e as Error)?.stack ?? String(e)} (project kept in ${dir})`);
          work.pop(); // keep it for the report
        }
        stats.maxScanMs = Math.max(stats.maxScanMs, performance.now() - ts);
      }
    } finally {
      await watchdog.stop();
    }
    stats.ms = Math.round(performance.now() - t0);
    stats.maxInputMs = Math.round(stats.maxInputMs);
    stats.maxScanMs = Math.round(stats.maxScanMs);
    const summary = { ...stats, failures: failures.length };
    console.log(`fuzz: ${JSON.stringify(summary)}`);
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, `${JSON.stringify({ ...summary, failureList: failures }, null, 2)}\n`);

    expect(stats.inputs).toBe(INPUTS);
    expect(failures.slice(0, 10), `${failures.length} failing inputs, saved in ${FAILURE_DIR}`).toEqual([]);
  },
  Math.max(300_000, INPUTS * 50),
);

it('the watchdog notices a synchronous hang and saves the input', async () => {
  const dir = path.join(tmpdir(), `fa-watchdog-${process.pid}`);
  work.push(dir);
  const dog = new Watchdog(300, dir, { kill: false });
  const seen = new Promise<{ hang: string; file: string }>((resolve) => dog.worker.once('message', resolve));
  dog.beat('a stuck input', Buffer.from('x = ((('));
  const until = Date.now() + 1_500;
  while (Date.now() < until) {
    // a synchronous loop: nothing else runs on this thread
  }
  const hang = await seen;
  await dog.stop();
  expect(hang.hang).toBe('a stuck input');
  expect(readFileSync(hang.file, 'utf8')).toBe('x = (((');
  expect(readFileSync(`${hang.file}.txt`, 'utf8')).toBe('a stuck input\n');
});
