/** Which files and directories discovery keeps: the built-in excludes and the user's globs. */
import picomatch from 'picomatch';

/**
 * Directory names never descended into (unless named as a scan path): VCS data, dependencies,
 * virtualenvs, caches and build output. Any directory holding a `pyvenv.cfg` is a virtualenv and
 * is skipped too, whatever its name (`env`, `.env`, `.venv-3.12`, …).
 */
export const DEFAULT_EXCLUDED_DIRS: ReadonlySet<string> = new Set([
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

/** The file a virtualenv keeps at its top (PEP 405). */
export const VENV_MARKER = 'pyvenv.cfg';

export function isDefaultExcludedDir(name: string): boolean {
  return DEFAULT_EXCLUDED_DIRS.has(name) || name.endsWith('.egg-info');
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
