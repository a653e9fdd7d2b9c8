/**
 * A file the engine fails on (an internal error while parsing or extracting it) costs that file
 * alone, the same way on the main thread and in a worker: the scan goes on with the other files,
 * the file gets an error-level notice naming it and the error, which SARIF carries as an error-level
 * `toolExecutionNotifications` entry, the CLI prints on standard error in every format, and the
 * action annotates and lists in the job summary. `--strict` (the action's `strict`) turns it into a
 * failure (exit status 2, a failed step) after every output is written, and the SARIF of such a run
 * says `executionSuccessful: false`.
 *
 * Two injections of the same fault: in-process, the extractor module throws for one file
 * (`vi.mock`, the module boundary the parse job calls); in the built bundles, a preload makes the
 * extractor's `parseFloat` throw on one literal in whichever thread parses it (helpers/fault.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Log } from 'sarif';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { extractFacts as ExtractFacts } from '../../src/parse/extract.js';
import { FAULT_LITERAL, FAULT_MESSAGE, writeFaultPreload } from '../helpers/fault.js';
import { assertBuilt, runAction, writeGuard } from '../helpers/run-dist.js';
import { validateSarifSchema } from '../helpers/sarif.js';

const hooks = vi.hoisted(() => ({ failOn: undefined as string | undefined }));

vi.mock('../../src/parse/extract.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/parse/extract.js')>();
  return {
    ...real,
    extractFacts: (...args: Parameters<typeof ExtractFacts>) => {
      if (args[1] === hooks.failOn) throw new RangeError('injected at the module boundary');
      return real.extractFacts(...args);
    },
  };
});

const { sarifText } = await import('../../src/engine/outputs.js');
const { APP, cleanupProjects, outputsOf, project, regions, runBuiltCli, scanDir, tempDir } = await import('./helpers.js');

afterAll(cleanupProjects);

/** Three copies of the app; `app/bad.py` also holds the fault literal (a float the built bundles' preload throws on). */
const SPEC = {
  'app/main.py': APP,
  'app/bad.py': `${APP}X = ${FAULT_LITERAL}\n`,
  'app/other.py': APP,
};
const NOTICE = `app/bad.py: not scanned, internal error while parsing it (Error: ${FAULT_MESSAGE}); its findings and routes are missing`;

describe('in-process (the module boundary)', () => {
  it('the failing file gets an error notice, the others are scanned', async () => {
    const root = project(SPEC);
    hooks.failOn = 'app/bad.py';
    let r;
    try {
      r = await scanDir(root);
    } finally {
      hooks.failOn = undefined;
    }
    expect(r.notices).toEqual([
      {
        level: 'error',
        file: 'app/bad.py',
        message: 'app/bad.py: not scanned, internal error while parsing it (RangeError: injected at the module boundary); its findings and routes are missing',
      },
    ]);
    const out = outputsOf(r);
    expect(new Set(regions(out.results).map((x) => x.file))).toEqual(new Set(['app/main.py', 'app/other.py']));
    const inv = out.log.runs[0]!.invocations![0]!;
    expect(inv.executionSuccessful).toBe(true);
    expect(inv.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: r.notices[0]!.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'app/bad.py', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
    // what the entry points write with --strict
    const strict = JSON.parse(sarifText(r, { executionSuccessful: false }).text) as Log;
    expect(validateSarifSchema(strict).errors).toEqual([]);
    expect(strict.runs[0]!.invocations![0]!.executionSuccessful).toBe(false);
  });
});

describe('the built CLI: the same outcome on the main thread and in workers', () => {
  const FORMATS = ['text', 'json', 'sarif'] as const;

  async function run(root: string, threads: string, args: string[]) {
    const dir = tempDir();
    const guard = writeGuard(dir);
    const fault = writeFaultPreload(dir);
    const r = await runBuiltCli([root, '--threads', threads, '--fail-on', 'none', ...args], {
      cwd: root,
      env: { NODE_OPTIONS: `${guard.env.NODE_OPTIONS} ${fault.NODE_OPTIONS}` },
      timeoutMs: 60_000,
    });
    return { ...r, workers: guard.events().filter((e) => e.event === 'worker').length };
  }

  it.each(FORMATS)(
    '--format %s: exit 0, the error on standard error, the other files reported, identical for --threads 1 and 2',
    async (format) => {
      assertBuilt();
      const root = project(SPEC);
      const [one, two] = await Promise.all([run(root, '1', ['--format', format]), run(root, '2', ['--format', format])]);
      expect(one.workers).toBe(0);
      expect(two.workers).toBeGreaterThan(0);
      for (const r of [one, two]) {
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr.split('\n')).toContain(`error: ${NOTICE}`);
        expect(r.stderr).not.toMatch(/internal error: |\n\s+at /); // no crash, no stack
      }
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
      if (format === 'json') {
        const files = new Set((JSON.parse(one.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file));
        expect(files).toEqual(new Set(['app/main.py', 'app/other.py']));
      } else if (format === 'sarif') {
        const log = JSON.parse(one.stdout) as Log;
        expect(validateSarifSchema(log).errors).toEqual([]);
        const inv = log.runs[0]!.invocations![0]!;
        expect(inv.executionSuccessful).toBe(true);
        expect(inv.toolExecutionNotifications!.map((n) => [n.level, n.message.text, n.locations?.[0]?.physicalLocation?.artifactLocation?.uri])).toEqual([
          ['error', NOTICE, 'app/bad.py'],
        ]);
      } else {
        expect(one.stdout).toMatch(/^app\/main\.py:/m);
        expect(one.stdout).not.toMatch(/^app\/bad\.py:/m);
      }
    },
    120_000,
  );

  it('--strict: every output written, then exit status 2 (also with findings at --fail-on), the SARIF unsuccessful', async () => {
    assertBuilt();
    const root = project(SPEC);
    const out = tempDir();
    for (const threads of ['1', '2']) {
      const sarif = path.join(out, `t${threads}.sarif`);
      const inventory = path.join(out, `t${threads}.json`);
      const r = await run(root, threads, ['--strict', '--format', 'json', '--fail-on', 'high', '--sarif', sarif, '--inventory', inventory]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`error: ${NOTICE}\n`);
      expect(r.stderr).toContain('fastapi-audit: --strict: the scan reported 1 error (above): its results may be incomplete; exit status 2\n');
      expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
      expect(existsSync(inventory)).toBe(true);
      const log = JSON.parse(readFileSync(sarif, 'utf8')) as Log;
      expect(validateSarifSchema(log).errors).toEqual([]);
      expect(log.runs[0]!.invocations![0]!.executionSuccessful).toBe(false);
      expect(log.runs[0]!.results!.length).toBeGreaterThan(0);
    }
  }, 120_000);

  it('--strict on a scan with no error or warning changes nothing', async () => {
    assertBuilt();
    const root = project({ 'app/main.py': APP });
    const clean = await runBuiltCli([root, '--strict', '--format', 'sarif', '--fail-on', 'none'], { cwd: root });
    expect(clean.status, clean.stderr).toBe(0);
    expect((JSON.parse(clean.stdout) as Log).runs[0]!.invocations![0]!.executionSuccessful).toBe(true);
    const failing = await runBuiltCli([root, '--strict', '--fail-on', 'high'], { cwd: root });
    expect(failing.status, failing.stderr).toBe(1);
  }, 60_000);
});

describe('the built action', () => {
  const failures = (r: Awaited<ReturnType<typeof runAction>>) => r.commands.filter((c) => c.command === 'error' && !c.properties.file);

  async function act(strict: string) {
    // 12 more high findings (error annotations): more than GitHub shows, so the error notice must take its place
    const ws = project({ ...SPEC, ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`more/m${i}.py`, APP])) });
    const env = writeFaultPreload(tempDir());
    const r = await runAction({ workspace: ws, inputs: { 'fail-on': 'none', strict }, env, timeoutMs: 60_000 });
    return { ws, r };
  }

  it('annotates the error on the file, lists it in the job summary, and succeeds', async () => {
    const { r } = await act('false');
    try {
      expect(r.status, r.stderr + r.stdout).toBe(0);
      const annotation = r.commands.find((c) => c.command === 'error' && c.properties.file === 'app/bad.py');
      expect(annotation?.message).toBe(NOTICE);
      expect(r.commands.filter((c) => c.command === 'error')).toHaveLength(10); // 9 findings and the notice
      expect(failures(r)).toEqual([]);
      expect(r.summary).toContain('**The results may be incomplete**: 1 file not scanned because of an internal error (see Notices below).');
      expect(r.summary).toMatch(/^- error: \[app\/bad\.py\]\([^)]*\): not scanned, internal error while parsing it \(Error: injected fault/m);
      const log = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8')) as Log;
      expect(log.runs[0]!.invocations![0]!.executionSuccessful).toBe(true);
      expect(Number(r.outputs.findings)).toBeGreaterThan(0);
    } finally {
      r.cleanup();
    }
  }, 120_000);

  it('strict: true fails the step once every output is written', async () => {
    const { r } = await act('true');
    try {
      expect(r.status, r.stdout).toBe(1);
      expect(failures(r).map((c) => c.message)).toEqual([
        "fastapi-audit: strict: the scan reported 1 error: its results may be incomplete; see the annotations or the job summary's notices.",
      ]);
      expect(r.commands.some((c) => c.command === 'error' && c.properties.file === 'app/bad.py')).toBe(true);
      expect(Number(r.outputs.findings)).toBeGreaterThan(0);
      expect(r.summary).toContain('### Notices');
      const log = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8')) as Log;
      expect(log.runs[0]!.invocations![0]!.executionSuccessful).toBe(false);
    } finally {
      r.cleanup();
    }
  }, 120_000);
});
