/**
 * Determinism (issue 7, "GitHub's limits and conventions"): the same input gives byte-identical
 * SARIF and inventory, whatever the directory it sits in, the order its files were created in, or
 * the number of parse threads (in-process vs worker threads, which ship facts as JSON); and a
 * finding keeps its `partialFingerprints` when lines are inserted above it.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Log, Result } from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY } from '../../src/report/sarif.js';
import { assertBuilt, EXAMPLE_APP, writeGuard } from '../helpers/run-dist.js';
import { validateSarifSchema } from '../helpers/sarif.js';
import { APP, cleanupProjects, outputsOf, project, runBuiltCli, scanDir, tempDir, type Spec } from './helpers.js';

afterAll(cleanupProjects);

/** The bad files of bad-files.test.ts in one tree: decoding, endings, binary, empty, huge, deep, broken, odd names, links. */
const ODD: Spec = {
  'odd/bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(APP)]),
  'odd/latin1.py': Buffer.from(`# -*- coding: latin-1 -*-\n# caf\u00e9\n${APP}`, 'latin1'),
  'odd/invalid_utf8.py': Buffer.concat([Buffer.from('# '), Buffer.from([0xff, 0xc3]), Buffer.from(`\n${APP}`)]),
  'odd/crlf.py': APP.replace(/\n/g, '\r\n'),
  'odd/cr.py': APP.replace(/\n/g, '\r'),
  'odd/nul.py': Buffer.concat([Buffer.from(APP), Buffer.from([0, 1, 2])]),
  'odd/empty.py': '',
  'odd/huge.py': `# fastapi\nx = "${'a'.repeat(2_200_000)}"\n`,
  'odd/deep.py': `from fastapi import FastAPI\nx = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\ny = ${'['.repeat(10_000)}\napp = FastAPI(debug=True)\n`,
  'odd/broken.py': `${APP}\ndef broken(:\n`,
  'odd/a b#c%d.py': APP,
  'odd/日本.py': APP,
  'odd/loop': { link: '..' },
  'odd/outside': { link: '/etc' },
};

function exampleSpec(): Spec {
  const spec: Spec = {};
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else spec[path.relative(EXAMPLE_APP, abs).split(path.sep).join('/')] = readFileSync(abs);
    }
  };
  walk(EXAMPLE_APP);
  return spec;
}

describe('same input, same bytes (in-process)', () => {
  it('two scans, two directories, files created in opposite orders: identical SARIF and inventory', async () => {
    const spec = { ...exampleSpec(), ...ODD };
    const a = project(spec);
    const b = project(Object.fromEntries(Object.entries(spec).reverse()));
    const runs = [await scanDir(a), await scanDir(a), await scanDir(b, { noPrefilter: false })].map(outputsOf);
    expect(runs[0]!.results.length).toBeGreaterThan(10);
    for (const r of runs.slice(1)) {
      expect(r.text).toBe(runs[0]!.text);
      expect(r.inventory).toBe(runs[0]!.inventory);
    }
    // nothing machine-specific in the files
    for (const text of [runs[0]!.text, runs[0]!.inventory]) {
      expect(text).not.toContain(a);
      expect(text).not.toContain(path.basename(a));
      expect(text).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:\d\d/); // no timestamps
    }
  });
});

describe('partialFingerprints survive lines inserted above a finding', () => {
  const fingerprints = (results: readonly Result[]) =>
    results.map((r) => ({
      rule: r.ruleId,
      file: r.locations![0]!.physicalLocation!.artifactLocation!.uri,
      fp: r.partialFingerprints![FINGERPRINT_KEY]!,
      line: r.locations![0]!.physicalLocation!.region!.startLine!,
    }));

  it('at the top of every file of the example app: every fingerprint is unchanged, every line moves', async () => {
    const spec = exampleSpec();
    const before = fingerprints(outputsOf(await scanDir(project(spec))).results);
    expect(before.length).toBeGreaterThan(5);
    const shifted: Spec = {};
    for (const [k, v] of Object.entries(spec)) shifted[k] = `"""Module docstring added later."""\n\nimport logging  # new\n\nlog = logging.getLogger(__name__)\n${String(v)}`;
    const after = fingerprints(outputsOf(await scanDir(project(shifted))).results);
    expect(after.map(({ rule, file, fp }) => ({ rule, file, fp }))).toEqual(before.map(({ rule, file, fp }) => ({ rule, file, fp })));
    expect(after.map((x) => x.line)).toEqual(before.map((x) => x.line + 5));
  });

  it('in the middle of a file, right above one finding: that finding keeps its fingerprint', async () => {
    const lines = [
      'from fastapi import FastAPI',
      'from fastapi.middleware.cors import CORSMiddleware',
      'app = FastAPI(debug=True)',
      'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)',
      '',
      '@app.get("/a")',
      'def a(): return 1',
      '',
      '@app.delete("/b/{id}")',
      'def b(id: int): return id',
      '',
    ];
    const before = fingerprints(outputsOf(await scanDir(project({ 'main.py': lines.join('\n') }))).results);
    const inserted = [...lines.slice(0, 8), '# a comment', '', 'def helper():', '    return 42', '', ...lines.slice(8)];
    const after = fingerprints(outputsOf(await scanDir(project({ 'main.py': inserted.join('\n') }))).results);
    expect(after.map(({ rule, fp }) => ({ rule, fp }))).toEqual(before.map(({ rule, fp }) => ({ rule, fp })));
    const moved = after.filter((x, i) => x.line !== before[i]!.line);
    expect(moved.map((x) => x.rule)).toEqual(['FA101']); // the DELETE route, below the insertion
    expect(new Set(before.map((x) => x.fp)).size).toBe(before.length); // and fingerprints are distinct
  });
});

describe('the built CLI: threads 1 and 2 (worker threads) give the same bytes', () => {
  it('on a project big enough to use workers', async () => {
    assertBuilt();
    // > 256 KB and many files, so `--threads 2` really starts worker threads.
    const spec: Spec = { ...exampleSpec(), ...ODD };
    for (let i = 0; i < 40; i++) spec[`gen/m${String(i).padStart(2, '0')}.py`] = `${APP.replace('/items', `/items${i}`)}\n# ${'padding '.repeat(1_000)}\n`;
    const root = project(spec);
    const out = tempDir();
    const guard = writeGuard(out);
    const run = (threads: number) =>
      runBuiltCli([root, '--threads', String(threads), '--sarif', path.join(out, `t${threads}.sarif`), '--inventory', path.join(out, `t${threads}.json`), '--fail-on', 'none'], {
        cwd: out,
        env: threads === 2 ? guard.env : {},
        timeoutMs: 120_000,
      });
    const [one, two] = [await run(1), await run(2)];
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    // the bad files were met and said so, the same way
    for (const what of [
      'odd/nul.py: skipped, binary file',
      'odd/huge.py: skipped: 2200',
      'odd/invalid_utf8.py: invalid utf-8',
      'odd/broken.py: syntax errors',
      'odd/outside: symlink points outside',
    ])
      expect(one.stderr).toContain(what);
    expect(two.stderr).toBe(one.stderr);
    expect(guard.events().filter((e) => e.event === 'worker').length, 'worker threads were started').toBeGreaterThan(0);
    const sarif1 = readFileSync(path.join(out, 't1.sarif'), 'utf8');
    const sarif2 = readFileSync(path.join(out, 't2.sarif'), 'utf8');
    expect(validateSarifSchema(JSON.parse(sarif1) as Log).errors).toEqual([]);
    expect(sarif2).toBe(sarif1);
    expect(readFileSync(path.join(out, 't2.json'), 'utf8')).toBe(readFileSync(path.join(out, 't1.json'), 'utf8'));
    expect(two.stdout).toBe(one.stdout);
  }, 180_000);

  // Facts cross the worker boundary as JSON: a literal that is not a finite number (`1j`, `1e999`)
  // is extracted as `unk` in both paths, so messages do not depend on the thread count.
  it('non-finite number literals give the same SARIF with 1 and 2 threads', async () => {
    assertBuilt();
    const spec: Spec = { 'numbers.py': 'from fastapi import FastAPI\nX = 1j\nY = 1e999\napp = FastAPI(debug=X, title=Y)\n' };
    for (let i = 0; i < 40; i++) spec[`gen/m${i}.py`] = `${APP}\n# ${'padding '.repeat(1_000)}\n`;
    const root = project(spec);
    const [one, two] = await Promise.all(['1', '2'].map((t) => runBuiltCli([root, '--threads', t, '--format', 'sarif', '--fail-on', 'none'], { cwd: root, timeoutMs: 120_000 })));
    expect(one!.status).toBe(0);
    expect(two!.stdout).toBe(one!.stdout);
  }, 180_000);

  it('copying the tree elsewhere changes nothing', async () => {
    assertBuilt();
    const a = project({ ...exampleSpec(), ...ODD });
    const b = path.join(tempDir(), 'elsewhere', 'deeper');
    cpSync(a, b, { recursive: true, verbatimSymlinks: true });
    const [ra, rb] = await Promise.all([a, b].map((root) => runBuiltCli([root, '--format', 'sarif', '--fail-on', 'none'], { cwd: root })));
    expect(ra!.status, ra!.stderr).toBe(0);
    expect(rb!.stdout).toBe(ra!.stdout);
  }, 120_000);
});
