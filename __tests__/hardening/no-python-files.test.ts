/**
 * A scan that finds no Python file says so, instead of a clean report of nothing: a warning naming
 * the place scanned and what decided which files count (include, exclude, the built-in excludes),
 * in every format and in the action; the exit status stays 0 unless `--strict`.
 */
import { readFileSync } from 'node:fs';
import type { Log } from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, runAction } from '../helpers/run-dist.js';
import { validateSarifSchema } from '../helpers/sarif.js';
import { APP, cleanupProjects, config, outputsOf, project, runBuiltCli, scanDir } from './helpers.js';

afterAll(cleanupProjects);

const BUILT_IN = 'and the built-in excludes: .git, node_modules, virtualenvs, site-packages, __pycache__, build, dist, tool caches';
/** Python only where the built-in excludes skip it, and other files. */
const SPEC = { 'README.md': '# service\n', 'build/lib/app.py': APP, 'app/main.pyi': 'x: int\n' };

describe('no Python files', () => {
  it('in-process: a warning with the place and the include/exclude hint, nothing else changes', async () => {
    const root = project(SPEC);
    const r = await scanDir(root);
    expect(r.notices).toEqual([{ level: 'warning', message: `no Python files found under .: nothing was scanned (include: every .py file; exclude: none; ${BUILT_IN})` }]);
    expect(r.findings).toEqual([]);
    const out = outputsOf(r);
    expect(out.log.runs[0]!.invocations![0]!.toolExecutionNotifications).toEqual([{ level: 'warning', message: { text: r.notices[0]!.message } }]);
    expect(out.log.runs[0]!.invocations![0]!.executionSuccessful).toBe(true);

    const withConfig = await scanDir(root, { config: config({ include: ['src/**'], exclude: ['tests', 'scripts/**'] }), label: 'services/api' });
    expect(withConfig.notices.map((n) => n.message)).toEqual([
      `no Python files found under services/api: nothing was scanned (include: src/**; exclude: tests, scripts/**; ${BUILT_IN})`,
    ]);
    const scanned = await scanDir(project({ 'app/main.py': APP }));
    expect(scanned.notices).toEqual([]);
  });

  it('the built CLI: the warning on standard error in every format, exit 0; --strict exits 2', async () => {
    assertBuilt();
    const root = project(SPEC);
    const warning = `warning: no Python files found under ${root}: nothing was scanned (include: every .py file; exclude: tests/**; ${BUILT_IN})`;
    for (const format of ['text', 'json', 'sarif']) {
      const r = await runBuiltCli([root, '--format', format, '--exclude', 'tests/**'], { cwd: root });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr.split('\n')).toContain(warning);
      if (format === 'sarif') {
        const log = JSON.parse(r.stdout) as Log;
        expect(validateSarifSchema(log).errors).toEqual([]);
        expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications!.map((n) => n.level)).toEqual(['warning']);
      }
    }
    const here = await runBuiltCli(['--format', 'json'], { cwd: root });
    expect(here.stderr).toContain('warning: no Python files found under .: nothing was scanned');
    const strict = await runBuiltCli([root, '--strict'], { cwd: root });
    expect(strict.status, strict.stderr).toBe(2);
    expect(strict.stderr).toContain('fastapi-audit: --strict: the scan reported 1 warning (above)');
  }, 60_000);

  it('the built action: an annotation and a summary line, the step succeeds (fails with strict)', async () => {
    assertBuilt();
    const ws = project({ 'services/api/README.md': '# api\n' });
    const r = await runAction({ workspace: ws, inputs: { path: 'services/api' } });
    try {
      expect(r.status, r.stdout).toBe(0);
      const message = `no Python files found under services/api: nothing was scanned (include: every .py file; exclude: none; ${BUILT_IN})`;
      expect(r.commands.filter((c) => c.command === 'warning').map((c) => c.message)).toEqual([message]);
      expect(r.summary).toContain(`- warning: ${message.replace(/_/g, '\\_').replace(/\*/g, '\\*')}`);
      expect(r.outputs.routes).toBe('0');
      expect((JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8')) as Log).runs[0]!.invocations![0]!.executionSuccessful).toBe(true);
    } finally {
      r.cleanup();
    }
    const strict = await runAction({ workspace: ws, inputs: { path: 'services/api', strict: 'true' } });
    try {
      expect(strict.status).toBe(1);
      expect(strict.commands.some((c) => c.command === 'error' && /strict: the scan reported 1 warning/.test(c.message))).toBe(true);
    } finally {
      strict.cleanup();
    }
  }, 60_000);
});
