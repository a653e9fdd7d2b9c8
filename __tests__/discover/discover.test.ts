import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover, type DiscoverOptions } from '../../src/discover/index.js';
import { makeTree, removeTree, type TreeSpec } from './tree.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function tree(spec: TreeSpec): string {
  const root = makeTree(spec);
  roots.push(root);
  return root;
}

async function scan(root: string, options: Partial<Omit<DiscoverOptions, 'root'>> = {}) {
  return discover({ root, include: [], exclude: [], maxFileBytes: 1024 * 1024, ...options });
}

const rels = (r: { files: Array<{ rel: string }> }): string[] => r.files.map((f) => f.rel);

describe('discover: what is scanned', () => {
  it('returns .py files only, sorted by POSIX path, with absolute paths and sizes', async () => {
    const root = tree({
      'main.py': 'x = 1\n',
      'app/api/routes.py': 'y = 2\n',
      'app/__init__.py': '',
      'app/models.pyi': 'class A: ...\n',
      'app/README.md': '# hi\n',
      'app/Z.py': '',
      'setup.cfg': '',
    });
    const result = await scan(root);
    expect(rels(result)).toEqual(['app/Z.py', 'app/__init__.py', 'app/api/routes.py', 'main.py']);
    expect(result.files[2]).toEqual({ abs: path.join(root, 'app', 'api', 'routes.py'), rel: 'app/api/routes.py', size: 6 });
    expect(result.notices).toEqual([]);
  });

  it('skips the built-in excluded directories at any depth', async () => {
    const spec: TreeSpec = { 'app/main.py': '' };
    for (const dir of [
      '.git',
      '.hg',
      'node_modules',
      '.venv',
      'venv',
      'site-packages',
      '__pycache__',
      'build',
      'dist',
      '.tox',
      '.nox',
      '.mypy_cache',
      '.pytest_cache',
      'pkg.egg-info',
    ]) {
      spec[`${dir}/x.py`] = '';
      spec[`app/${dir}/y.py`] = '';
    }
    expect(rels(await scan(tree(spec)))).toEqual(['app/main.py']);
  });

  it('skips virtualenvs by their pyvenv.cfg, whatever their name, but keeps a plain env/ package', async () => {
    const root = tree({
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/python3.12/site.py': '',
      '.env/pyvenv.cfg': '',
      '.env/bin/activate_this.py': '',
      'svc/.venv-3.12/pyvenv.cfg': '',
      'svc/.venv-3.12/x.py': '',
      'config/env/settings.py': '',
    });
    expect(rels(await scan(root))).toEqual(['config/env/settings.py']);
  });

  it('handles names with spaces, unicode, # and %', async () => {
    const root = tree({
      'my app/ma in.py': '',
      'données/café.py': '',
      'a#b/c%20d.py': '',
      '100%/x.py': '',
    });
    expect(rels(await scan(root))).toEqual(['100%/x.py', 'a#b/c%20d.py', 'donn\u00e9es/caf\u00e9.py', 'my app/ma in.py'].sort());
  });

  it('walks very deep trees without recursion', async () => {
    const segments = Array.from({ length: 1500 }, () => 'd');
    const root = tree({ [`${segments.join('/')}/deep.py`]: '' });
    expect(rels(await scan(root))).toEqual([`${segments.join('/')}/deep.py`]);
  });

  it('never opens FIFOs or other special files named .py', async () => {
    const root = tree({ 'ok.py': '' });
    execFileSync('mkfifo', [path.join(root, 'pipe.py')]);
    expect(rels(await scan(root))).toEqual(['ok.py']);
  });
});

describe('discover: include and exclude globs', () => {
  const spec: TreeSpec = {
    'app/main.py': '',
    'app/api/items.py': '',
    'app/migrations/0001.py': '',
    'app/items_test.py': '',
    'tests/test_api.py': '',
    'scripts/seed.py': '',
    '.github/scripts/ci.py': '',
  };

  it('exclude: paths, directory names at any depth (no slash), file name patterns, ./ and trailing /', async () => {
    const result = await scan(tree(spec), { exclude: ['tests/**', 'migrations', '*_test.py', './scripts/'] });
    expect(rels(result)).toEqual(['.github/scripts/ci.py', 'app/api/items.py', 'app/main.py']);
  });

  it('include: only matching files are scanned; exclude still applies', async () => {
    const result = await scan(tree(spec), { include: ['app/**'], exclude: ['**/migrations/**'] });
    expect(rels(result)).toEqual(['app/api/items.py', 'app/items_test.py', 'app/main.py']);
  });

  it('globs match dot-directories', async () => {
    expect(rels(await scan(tree(spec), { include: ['.github/**'] }))).toEqual(['.github/scripts/ci.py']);
  });
});

describe('discover: scan paths', () => {
  const spec: TreeSpec = {
    'svc/a/main.py': '',
    'svc/b/main.py': '',
    'svc/b/tests/test_x.py': '',
    'build/gen.py': '',
    'other.py': '',
    'notes.txt': '',
  };

  it('walks the directories given, relative or absolute, and reports paths relative to the root', async () => {
    const root = tree(spec);
    const result = await scan(root, { paths: ['svc/b', path.join(root, 'svc', 'a')] });
    expect(rels(result)).toEqual(['svc/a/main.py', 'svc/b/main.py', 'svc/b/tests/test_x.py']);
  });

  it('does not return a file twice for overlapping paths', async () => {
    const result = await scan(tree(spec), { paths: ['svc/b/tests', 'svc', 'svc/b/main.py'] });
    expect(rels(result)).toEqual(['svc/a/main.py', 'svc/b/main.py', 'svc/b/tests/test_x.py']);
  });

  it('takes a named file even when the globs would skip it, and walks a named build/ directory', async () => {
    const result = await scan(tree(spec), { paths: ['svc/b/tests/test_x.py', 'build'], exclude: ['tests'] });
    expect(rels(result)).toEqual(['build/gen.py', 'svc/b/tests/test_x.py']);
  });

  it('gives notices for missing paths, paths outside the root and non-Python files', async () => {
    const root = tree(spec);
    const result = await scan(path.join(root, 'svc'), { paths: ['nope', '../other.py', '../../', 'a/main.py'] });
    expect(rels(result)).toEqual(['a/main.py']);
    expect(result.notices).toEqual([
      { level: 'warning', file: '../../', message: 'scan path is outside the scan root; skipped' },
      { level: 'warning', file: '../other.py', message: 'scan path is outside the scan root; skipped' },
      { level: 'warning', file: 'nope', message: 'scan path cannot be read (ENOENT); skipped' },
    ]);
    const txt = await scan(root, { paths: ['notes.txt'] });
    expect(txt.notices).toEqual([{ level: 'notice', file: 'notes.txt', message: 'not a .py file; skipped' }]);
  });

  it('gives a notice when the root does not exist', async () => {
    const result = await scan(path.join(tree({}), 'missing'));
    expect(result.files).toEqual([]);
    expect(result.notices[0]!.level).toBe('warning');
  });
});

describe('discover: size limit', () => {
  it('skips files over maxFileBytes with a notice', async () => {
    const root = tree({ 'small.py': 'x'.repeat(100), 'big.py': 'x'.repeat(101), 'edge.py': 'x'.repeat(100) });
    const result = await scan(root, { maxFileBytes: 100 });
    expect(result.files.map((f) => [f.rel, f.size])).toEqual([
      ['edge.py', 100],
      ['small.py', 100],
    ]);
    expect(result.notices).toEqual([{ level: 'notice', file: 'big.py', message: 'skipped: 101 bytes > limit (100 bytes)' }]);
  });
});

describe('discover: symlinks', () => {
  it('never follows a link out of the root, to a directory or a file', async () => {
    const outside = tree({ 'secret/leak.py': '', 'leak2.py': '' });
    const root = tree({ 'app/main.py': '' });
    const dirLink = path.join(root, 'app', 'ext');
    const fileLink = path.join(root, 'app', 'leak2.py');
    execFileSync('ln', ['-s', path.join(outside, 'secret'), dirLink]);
    execFileSync('ln', ['-s', path.join(outside, 'leak2.py'), fileLink]);
    const result = await scan(root);
    expect(rels(result)).toEqual(['app/main.py']);
    expect(result.notices).toEqual([
      { level: 'notice', file: 'app/ext', message: 'symlink points outside the scan root; not followed' },
      { level: 'notice', file: 'app/leak2.py', message: 'symlink points outside the scan root; not followed' },
    ]);
  });

  it('a relative link climbing out of the root is caught by its real path', async () => {
    const root = tree({ 'inner/app/main.py': '', 'outside.py': '', 'inner/app/up': { link: '../..' } });
    const result = await scan(path.join(root, 'inner'));
    expect(rels(result)).toEqual(['app/main.py']);
    expect(result.notices.map((n) => n.file)).toEqual(['app/up']);
  });

  it('survives loops: links to an ancestor, to themselves and to each other', async () => {
    const root = tree({
      'app/main.py': '',
      'app/loop': { link: '..' },
      'app/self': { link: 'self' },
      a: { link: 'b' },
      b: { link: 'a' },
    });
    const result = await scan(root);
    expect(rels(result)).toEqual(['app/main.py']);
    expect(result.notices.map((n) => `${n.file}: ${n.message}`)).toEqual([
      'a: broken symlink (ELOOP); skipped',
      'app/self: broken symlink (ELOOP); skipped',
      'b: broken symlink (ELOOP); skipped',
    ]);
  });

  it('says nothing about a dangling link that is not a Python file (tooling config links)', async () => {
    const root = tree({ 'app/main.py': '', 'web/.prettierignore': { link: '../nowhere/.prettierignore' }, 'app/gone.py': { link: 'missing.py' } });
    const result = await scan(root);
    expect(rels(result)).toEqual(['app/main.py']);
    expect(result.notices.map((n) => `${n.file}: ${n.message}`)).toEqual(['app/gone.py: broken symlink (ENOENT); skipped']);
  });

  it('does not scan a directory twice when a link inside the root points at it', async () => {
    const root = tree({ 'lib/util.py': '', 'app/lib': { link: '../lib' }, 'app/util.py': { link: '../lib/util.py' } });
    const result = await scan(root);
    expect(rels(result)).toEqual(['lib/util.py']);
    expect(result.notices).toEqual([]);
  });

  it('follows links to directories outside the scan paths but inside the root, first link in path order wins', async () => {
    const root = tree({
      'app/main.py': '',
      'shared/auth.py': '',
      'app/z_shared': { link: '../shared' },
      'app/a_shared': { link: '../shared' },
      'app/dangling.py': { link: '../nowhere.py' },
    });
    const result = await scan(root, { paths: ['app'] });
    expect(result.files.map((f) => [f.rel, f.abs])).toEqual([
      ['app/a_shared/auth.py', path.join(root, 'app', 'a_shared', 'auth.py')],
      ['app/main.py', path.join(root, 'app', 'main.py')],
    ]);
    expect(result.notices).toEqual([{ level: 'notice', file: 'app/dangling.py', message: 'broken symlink (ENOENT); skipped' }]);
  });

  it('does not follow links into excluded directories', async () => {
    const root = tree({ 'app/main.py': '', '.venv/lib/dep.py': '', 'app/dep': { link: '../.venv/lib' } });
    expect(rels(await scan(root))).toEqual(['app/main.py']);
  });

  it('works when the root itself is reached through a symlink', async () => {
    const real = tree({ 'app/main.py': '' });
    const holder = tree({});
    const linked = path.join(holder, 'root-link');
    execFileSync('ln', ['-s', real, linked]);
    const result = await scan(linked, { paths: [path.join(linked, 'app')] });
    expect(rels(result)).toEqual(['app/main.py']);
  });
});

describe('discover: speed', () => {
  // Kept small so the suite stays fast; measured separately: 50 000 files in 2 500 directories in
  // ~0.35-0.55 s on a 2-core runner.
  it('lists 5 000 files in 250 directories quickly', async () => {
    const root = tree({});
    for (let d = 0; d < 250; d++) {
      const dir = path.join(root, `pkg${d % 10}`, `mod${d}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 20; f++) writeFileSync(path.join(dir, `f${f}.py`), '');
      writeFileSync(path.join(dir, 'data.json'), '{}');
    }
    const started = performance.now();
    const result = await scan(root);
    const ms = performance.now() - started;
    expect(result.files).toHaveLength(5_000);
    expect(ms).toBeLessThan(2_000); // ~50 ms measured; the bound only catches pathologies
  });
});
