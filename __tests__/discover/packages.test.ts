import { afterEach, describe, expect, it } from 'vitest';
import { discover, formatExcluded, type DiscoverOptions } from '../../src/discover/index.js';
import { packageImports, reachesInto } from '../../src/discover/packages.js';
import { scanDir } from '../hardening/helpers.js';
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

const ROUTES = ['from fastapi import APIRouter', '', 'router = APIRouter()', '', '', '@router.get("/items")', 'def items():', '    return []', ''].join('\n');

describe('discover: build/ and dist/ that are Python packages', () => {
  it('scans a build/ package (it has __init__.py) and what is below it', async () => {
    const root = tree({
      'main.py': 'from build.api import router\n',
      'build/__init__.py': '',
      'build/api.py': ROUTES,
      'build/sub/deep.py': '',
      'build/node_modules/x.py': '',
      'app/dist/__init__.py': '',
      'app/dist/views.py': '',
    });
    expect(rels(await scan(root))).toEqual(['app/dist/__init__.py', 'app/dist/views.py', 'build/__init__.py', 'build/api.py', 'build/sub/deep.py', 'main.py']);
  });

  it('keeps a build/ output directory without __init__.py that nothing imports excluded (setuptools build/lib, PyPA build)', async () => {
    const root = tree({
      'app/__init__.py': '',
      'app/main.py': 'import build\nfrom build import ProjectBuilder\nfrom dist import something  # no dist/something module\n',
      'build/lib/app/__init__.py': '',
      'build/lib/app/main.py': ROUTES,
      'dist/app-1.0.tar.gz': '',
      'dist/something.txt': '',
    });
    const result = await scan(root);
    expect(rels(result)).toEqual(['app/__init__.py', 'app/main.py']);
    expect(result.excluded).toEqual([
      { exclude: 'build', dirs: 1, pyFiles: 2 },
      { exclude: 'dist', dirs: 1, pyFiles: 0 },
    ]);
  });

  it.each([
    ['from build.api import router', 'main.py'],
    ['import build.api', 'main.py'],
    ['import os, build.api as api', 'main.py'],
    ['from build import (\n    api,\n)', 'main.py'],
    ['from build import api as routes_api', 'svc/main.py'],
    ['    from build.api import router  # inside a function', 'main.py'],
  ])('scans a namespace build/ (no __init__.py) that an absolute import reaches into: %s', async (line, importer) => {
    const root = tree({ [importer]: `${line}\n`, 'build/api.py': ROUTES, 'build/other.py': '' });
    expect(rels(await scan(root))).toEqual(['build/api.py', 'build/other.py', importer].sort());
  });

  it.each([
    ['app/main.py', 'from .build import api', 'app/build'],
    ['app/main.py', 'from .build.api import router', 'app/build'],
    ['app/sub/main.py', 'from ..build import api', 'app/build'],
    ['app/main.py', 'from ..dist.api import router', 'dist'],
    ['app/main.py', 'from.build import api', 'app/build'],
  ])('scans a namespace directory a relative import reaches into: %s: %s', async (importer, line, dir) => {
    const root = tree({ [importer]: `${line}\n`, [`${dir}/api.py`]: ROUTES });
    expect(rels(await scan(root))).toEqual([importer, `${dir}/api.py`].sort());
  });

  it('a relative import resolves from the importing file, not anywhere', async () => {
    const root = tree({ 'app/main.py': 'from .build import api\n', 'other/build/api.py': ROUTES });
    expect(rels(await scan(root))).toEqual(['app/main.py']);
  });

  it('an absolute import matches the directory by its trailing path (sys.path unknown)', async () => {
    const root = tree({
      'svc/main.py': 'from app.build.api import router\n',
      'svc/app/__init__.py': '',
      'svc/app/build/api.py': ROUTES,
      'svc/lib/build/api.py': '',
    });
    expect(rels(await scan(root))).toEqual(['svc/app/__init__.py', 'svc/app/build/api.py', 'svc/main.py']);
  });

  it('admits packages imported by an admitted package, and nested ones', async () => {
    const root = tree({
      'main.py': 'from build.api import router\n',
      'build/api.py': 'from dist.models import Item\n',
      'build/build/__init__.py': '',
      'dist/models.py': '',
      'lib/dist/x.py': '',
    });
    expect(rels(await scan(root))).toEqual(['build/api.py', 'build/build/__init__.py', 'dist/models.py', 'main.py']);
  });

  it('the user exclude still wins over a package', async () => {
    const root = tree({ 'main.py': 'from build.api import router\n', 'build/__init__.py': '', 'build/api.py': '' });
    expect(rels(await scan(root, { exclude: ['build'] }))).toEqual(['main.py']);
  });

  it('an import in a file over the size cap is not read', async () => {
    const root = tree({ 'main.py': `from build.api import router\n${'#'.repeat(200)}\n`, 'build/api.py': '' });
    expect(rels(await scan(root, { maxFileBytes: 100 }))).toEqual([]);
  });

  it('a link into an admitted package is followed; into an excluded build/ it is not', async () => {
    const root = tree({
      'main.py': 'from build.api import router\n',
      'build/api.py': '',
      'tools/dist/gen.py': '',
      'app/api.py': { link: '../build/api.py' },
      'app/gen.py': { link: '../tools/dist/gen.py' },
    });
    expect(rels(await scan(root))).toEqual(['build/api.py', 'main.py']);
  });
});

describe('discover: what the built-in excludes kept out', () => {
  it('counts directories per exclude, and .py files only under build/dist', async () => {
    const root = tree({
      'app/main.py': '',
      'node_modules/a/x.py': '',
      'web/node_modules/b/y.py': '',
      '.git/HEAD': '',
      'env/pyvenv.cfg': '',
      'env/lib/site.py': '',
      'pkg.egg-info/PKG-INFO': '',
      'app/__pycache__/main.cpython-312.pyc': '',
      'build/lib/app/main.py': '',
      'build/lib/app/__init__.py': '',
      'build/node_modules/z.py': '',
      'frontend/dist/bundle.js': '',
      'frontend/dist/x.py': '',
    });
    const result = await scan(root);
    expect(rels(result)).toEqual(['app/main.py']);
    expect(result.excluded).toEqual([
      { exclude: '*.egg-info', dirs: 1 },
      { exclude: '.git', dirs: 1 },
      { exclude: '__pycache__', dirs: 1 },
      { exclude: 'build', dirs: 1, pyFiles: 2 },
      { exclude: 'dist', dirs: 1, pyFiles: 1 },
      { exclude: 'node_modules', dirs: 2 },
      { exclude: 'virtualenv (pyvenv.cfg)', dirs: 1 },
    ]);
    expect(formatExcluded(result.excluded)).toBe(
      '*.egg-info 1 dir (not counted), .git 1 dir (not counted), __pycache__ 1 dir (not counted), build 1 dir (2 .py files), dist 1 dir (1 .py file), node_modules 2 dirs (not counted), virtualenv (pyvenv.cfg) 1 dir (not counted)',
    );
  });

  it('is empty when nothing was excluded, and says so', async () => {
    const result = await scan(tree({ 'a.py': '' }));
    expect(result.excluded).toEqual([]);
    expect(formatExcluded(result.excluded)).toBe('nothing');
  });

  it('stops counting at the budget and says "at least"', () => {
    expect(formatExcluded([{ exclude: 'build', dirs: 3, pyFiles: 12, atLeast: true }])).toBe('build 3 dirs (at least 12 .py files)');
  });
});

describe('packageImports / reachesInto', () => {
  it('keeps only imports through build/dist, with relative anchors', () => {
    const text = ['import os', 'from build.api import a, b as c', 'from ..dist import x', 'import build', 'from . import build', 'x = "from build.y import z"'].join('\n');
    expect(packageImports('app/sub/main.py', text)).toEqual([
      { segments: ['build', 'api', 'a'] },
      { segments: ['build', 'api', 'b'] },
      { segments: ['dist', 'x'], anchor: 'app' },
      { segments: ['build'], anchor: 'app/sub' },
      { segments: ['build'] },
    ]);
  });

  it('drops relative imports above the root', () => {
    expect(packageImports('main.py', 'from ..build import api\n')).toEqual([]);
  });

  it('needs a module of the directory after it', () => {
    const dir = { rel: 'build', modules: new Set(['api']) };
    expect(reachesInto({ segments: ['build', 'api'] }, dir)).toBe(true);
    expect(reachesInto({ segments: ['build', 'ProjectBuilder'] }, dir)).toBe(false);
    expect(reachesInto({ segments: ['build'] }, dir)).toBe(false);
    expect(reachesInto({ segments: ['mybuild', 'api'] }, dir)).toBe(false);
    expect(reachesInto({ segments: ['build', 'api'], anchor: 'app' }, dir)).toBe(false);
    expect(reachesInto({ segments: ['build', 'api'], anchor: '' }, dir)).toBe(true);
  });
});

describe('scan: routes in a build/ package', () => {
  it('are in the inventory', async () => {
    const root = tree({
      'main.py': 'from fastapi import FastAPI\nfrom build.api import router\n\napp = FastAPI()\napp.include_router(router)\n',
      'build/__init__.py': '',
      'build/api.py': ROUTES,
    });
    const result = await scanDir(root);
    expect(result.inventory.routes.map((r) => `${r.path} ${r.file}:${r.line}`)).toEqual(['/items build/api.py:6']);
  });
});
