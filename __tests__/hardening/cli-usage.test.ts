/**
 * The built CLI on invalid flags and config values (beyond the cases of
 * __tests__/e2e/cli.test.ts): exit status 2, one message on stderr that names the flag or key and
 * what is allowed, nothing on stdout, and no output file written (not even a temp file).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/run-dist.js';
import { APP, cleanupProjects, project, runBuiltCli } from './helpers.js';

afterAll(cleanupProjects);
beforeAll(() => assertBuilt());

interface Case {
  name: string;
  args: string[];
  files?: Record<string, string>;
  dirs?: string[];
  message: RegExp[];
}

const config = (yaml: string): Pick<Case, 'files'> & { args: string[] } => ({ files: { 'audit.yml': yaml }, args: ['--config', 'audit.yml'] });

const cases: Case[] = [
  { name: '--threads 0', args: ['--threads', '0'], message: [/--threads/, /"0"/, /positive integer/] },
  { name: '--threads many', args: ['--threads', 'many'], message: [/--threads/, /"many"/, /positive integer/] },
  { name: '--sarif names a directory', args: ['--sarif', 'reports'], dirs: ['reports'], message: [/--sarif/, /"reports" is a directory/, /allowed: a file path/] },
  { name: '--inventory below a file', args: ['--inventory', 'app.py/inv.json'], message: [/--inventory/, /cannot be created/] },
  { name: '--inventory and --sarif the same file', args: ['--sarif', 'out.json', '--inventory', 'out.json'], message: [/--inventory/, /is the file --sarif writes too/] },
  { name: '--exclude with an empty glob', args: ['--exclude', ''], message: [/exclude\[0\]/, /must not be empty/] },
  { name: '--exclude with a glob too slow to match', args: ['--exclude', '*a*a*a*b'], message: [/exclude\[0\]/, /4 `\*` wildcards/, /allowed: at most 3/] },
  { name: 'max-file-size: 0', ...config('max-file-size: 0\n'), message: [/audit\.yml:1/, /max-file-size/, /at least 1/] },
  { name: 'max-file-size: "big"', ...config('max-file-size: big\n'), message: [/max-file-size/, /"big"/, /KB\/MB\/GB/] },
  { name: 'rules: an unknown rule name', ...config('rules:\n  missing-authz: off\n'), message: [/audit\.yml:2/, /rules\.missing-authz/, /unknown rule/, /missing-auth/] },
  { name: 'rules: a bad value', ...config('rules:\n  FA101: loud\n'), message: [/rules\.FA101/, /off, on, critical, high, medium, low, note/] },
  { name: 'rules: one rule twice (id and name)', ...config('rules:\n  FA101: off\n  missing-auth: high\n'), message: [/same rule as FA101/] },
  { name: 'auth.exempt: not a list', ...config('auth:\n  exempt: /health\n'), message: [/auth\.exempt/, /list of string/] },
  { name: 'a public path glob with 4 globstars', ...config('public:\n  - /**/a/**/b/**/c/**\n'), message: [/public\[0\]/, /4 `\*\*` segments/] },
  { name: 'an unknown top-level key', ...config('exclude: []\nincludes: [app]\n'), message: [/audit\.yml:2/, /includes/, /allowed: .*include/] },
  { name: 'a TOML config with a syntax error', files: { 'pyproject.toml': '[tool.fastapi-audit]\nfail-on = "high\n' }, args: [], message: [/pyproject\.toml/, /TOML/i] },
  { name: '--config names a directory', args: ['--config', 'conf'], dirs: ['conf'], message: [/conf/] },
  { name: '--baseline is not SARIF or an inventory', args: ['--baseline', 'base.json'], files: { 'base.json': '{"hello": 1}' }, message: [/base\.json/, /baseline/] },
  { name: '--baseline is not JSON', args: ['--baseline', 'base.sarif'], files: { 'base.sarif': 'not json' }, message: [/base\.sarif/, /baseline/] },
];

describe('exit 2 with a message naming the flag or key, and nothing written', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const dir = project({ 'app.py': APP, ...(c.files ?? {}) });
      for (const d of c.dirs ?? []) mkdirSync(path.join(dir, d));
      const asksForOutputs = c.args.some((a) => a === '--sarif' || a === '--inventory');
      const args = [...c.args, ...(asksForOutputs ? [] : ['--sarif', 'x.sarif', '--inventory', 'x.json'])];
      const before = readdirSync(dir, { recursive: true }).sort();
      const r = await runBuiltCli(args, { cwd: dir });
      expect(r.status, r.stdout + r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^fastapi-audit: /);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      for (const re of c.message) expect(r.stderr).toMatch(re);
      expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
    });
  }
});
