/** Which files and directories discovery keeps: the built-in excludes and the user's globs. */
import picomatch from 'picomatch';

/**
 * Directory names never descended into (unless named as a scan path): VCS data, dependencies,
 * virtualenvs, caches and build output. Any directory holding a `pyvenv.cfg` is a virtualenv and
 * is skipped too, whatever its name (`env`, `.env`, `.venv-3.12`, …), and so is `*.egg-info`.
 * `build` and `dist` are skipped only when they are not Python packages (see PACKAGE_DIR_NAMES).
 */
const DEFAULT_EXCLUDED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
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
  '.ruff_cache',
]);

/**
 * Excluded names that are also plausible package names: a product once kept 72 routes in a package
 * named `build/`. Such a directory is scanned when it is a Python package — it has an
 * `__init__.py`, or scanned code imports a module inside it (see packages.ts) — and skipped
 * otherwise, as the output of `setup.py build`, `python -m build` or a front-end bundler.
 */
export const PACKAGE_DIR_NAMES: ReadonlySet<string> = new Set(['build', 'dist']);

/** The file a virtualenv keeps at its top (PEP 405). */
export const VENV_MARKER = 'pyvenv.cfg';

/** How `--stats` names the excludes that are not a directory name of DEFAULT_EXCLUDED_DIRS. */
const EGG_INFO = '*.egg-info';
export const VIRTUALENV = 'virtualenv (pyvenv.cfg)';

export function isDefaultExcludedDir(name: string): boolean {
  return DEFAULT_EXCLUDED_DIRS.has(name) || name.endsWith('.egg-info');
}

/** The built-in exclude a directory name falls under (for counting), or undefined. */
export function defaultExcludeOf(name: string): string | undefined {
  if (DEFAULT_EXCLUDED_DIRS.has(name)) return name;
  return name.endsWith('.egg-info') ? EGG_INFO : undefined;
}

/** The built-in excludes as the README and the config docs list them (generated, so they never drift). */
export function describeDefaultExcludes(): string {
  const code = (n: string): string => `\`${n}\``;
  const names = [...DEFAULT_EXCLUDED_DIRS].map((n) => (PACKAGE_DIR_NAMES.has(n) ? `${code(n)} (unless a Python package)` : code(n)));
  return [...names, code(EGG_INFO), `virtualenvs (any directory holding a ${code(VENV_MARKER)})`].join(', ');
}

/**
 * Only `.py` files. Stubs (`.pyi`) hold no runtime code — no routes, no middleware, no dependency
 * bodies — and would give a module two conflicting definitions; `.pyw`/notebooks are not served by
 * FastAPI apps.
 */
export function isPythonFile(name: string): boolean {
  return name.endsWith('.py');
}

/**
 * `./a/`, `/a` → `a`, anchored at the root: like .gitignore, a pattern with a `/` (other than a
 * trailing one) is a path from the root; one without matches a name at any depth.
 */
function parseGlob(glob: string): { pattern: string; anchored: boolean } {
  const trimmed = glob.replace(/\/+$/, '');
  return { pattern: trimmed.replace(/^\.\/+/, '').replace(/^\/+/, '') || '**', anchored: trimmed.includes('/') };
}

/**
 * A matcher for POSIX paths relative to the scan root (see parseGlob); dot-files are matched by
 * `*`. picomatch's own `basename` option applies to every pattern, so each kind gets a matcher.
 */
export function globMatcher(globs: readonly string[]): (rel: string) => boolean {
  const parsed = globs.map(parseGlob);
  const byPath = parsed.filter((g) => g.anchored).map((g) => g.pattern);
  const byName = parsed.filter((g) => !g.anchored).map((g) => g.pattern);
  const options = { dot: true, windows: false };
  const matchPath = byPath.length > 0 ? picomatch(byPath, options) : () => false;
  const matchName = byName.length > 0 ? picomatch(byName, { ...options, basename: true }) : () => false;
  return (rel) => matchPath(rel) || matchName(rel);
}
