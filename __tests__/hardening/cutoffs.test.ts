/**
 * Code an extraction bound leaves out is never lost silently (src/parse/extract.ts, MAX_DEPTH): a
 * route in the 120th `elif` is found (the chain used to stop at 100 branches), one past the bound is
 * named by a warning that gives the file and the line of the cut, on standard error in every
 * format, in SARIF as a warning-level notification at that line, the same whether the file was
 * parsed on the main thread or in a worker. `--strict` fails on it.
 */
import type { Log } from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/run-dist.js';
import { validateSarifSchema } from '../helpers/sarif.js';
import { APP, cleanupProjects, project, runBuiltCli, tempDir } from './helpers.js';

afterAll(cleanupProjects);

const H = 'import os\nfrom fastapi import FastAPI\napp = FastAPI()\nmode = os.getenv("MODE")\n';

/** An if/elif chain of `n` branches on a setting (both sides evaluated), routes in branches `at`. */
function chain(n: number, at: number[], indent = ''): string {
  const lines = [`${indent}if mode == "-1":`, `${indent}    pass`];
  for (let i = 0; i < n; i++) {
    lines.push(`${indent}elif mode == "${i}":`);
    if (at.includes(i)) lines.push(`${indent}    @app.get("/elif${i}")`, `${indent}    def elif${i}(): pass`);
    else lines.push(`${indent}    pass`);
  }
  return lines.join('\n');
}

const MAIN = `${H}${chain(250, [120, 230])}\n`;
const CUT_LINE = MAIN.split('\n').indexOf('elif mode == "199":') + 1;
const WARNING = `app/main.py: if/elif chain cut at line ${CUT_LINE}: the last 51 elif branches of the if at line 5 are not scanned (each elif nests in the one before, and nesting stops at 200 levels)`;

async function scanBoth(root: string, args: string[]) {
  return Promise.all(['1', '2'].map((t) => runBuiltCli([root, '--threads', t, '--fail-on', 'none', ...args], { cwd: root, timeoutMs: 60_000 })));
}

describe('extraction cutoffs through the built CLI', () => {
  it('a route in the 120th elif is found; the cut at the 200th is a warning with its line, the same on both threads, in every format', async () => {
    assertBuilt();
    const root = project({ 'app/main.py': MAIN, 'app/other.py': APP });
    const out = tempDir();
    for (const format of ['text', 'json', 'sarif']) {
      const [one, two] = await scanBoth(root, ['--format', format, '--inventory', `${out}/${format}.json`]);
      for (const r of [one!, two!]) {
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr.split('\n')).toContain(`warning: ${WARNING}`);
      }
      expect(two!.stdout).toBe(one!.stdout);
      expect(two!.stderr).toBe(one!.stderr);
      if (format === 'sarif') {
        const log = JSON.parse(one!.stdout) as Log;
        expect(validateSarifSchema(log).errors).toEqual([]);
        const n = log.runs[0]!.invocations![0]!.toolExecutionNotifications!.find((x) => x.message.text === WARNING);
        expect(n).toMatchObject({ level: 'warning', locations: [{ physicalLocation: { artifactLocation: { uri: 'app/main.py' }, region: { startLine: CUT_LINE } } }] });
      }
    }
    const { readFileSync } = await import('node:fs');
    const paths = (JSON.parse(readFileSync(`${out}/json.json`, 'utf8')) as { routes: { path: string }[] }).routes.map((r) => r.path);
    expect(paths).toContain('/elif120');
    expect(paths).not.toContain('/elif230');
  }, 120_000);

  it('--strict fails on a cut (exit 2)', async () => {
    assertBuilt();
    const root = project({ 'app/main.py': MAIN });
    const r = await runBuiltCli([root, '--strict', '--format', 'json', '--fail-on', 'none'], { cwd: root });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('fastapi-audit: --strict: the scan reported 1 warning (above)');
  }, 60_000);

  it('60 chains of 100 branches, each in the last branch of the one before: a warning, not a crash (was: exit 2, stack overflow)', async () => {
    assertBuilt();
    let src = '    @app.get("/deep")\n    def deep(): pass';
    for (let k = 59; k >= 0; k--) {
      const indent = '    '.repeat(k);
      src = chain(100, [], indent).replace(new RegExp(`(${indent}elif mode == "99":\\n)${indent}    pass`), (_, head: string) => `${head}${src}`);
    }
    const root = project({ 'app/main.py': `${H}${src}\n`, 'app/other.py': APP });
    const [one, two] = await scanBoth(root, ['--format', 'sarif']);
    for (const r of [one!, two!]) {
      expect(r.status, r.stderr.slice(0, 2000)).toBe(0);
      expect(r.stderr).toMatch(/^warning: app\/main\.py: if\/elif chain cut at line \d+: the last 2 elif branches of the if at line 206 are not scanned/m);
    }
    expect(two!.stdout).toBe(one!.stdout);
  }, 120_000);
});
