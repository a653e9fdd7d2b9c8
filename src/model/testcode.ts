/**
 * Test code: files under `tests/`, `test/`, `__tests__/`, `testing/`, and `test_*.py`, `*_test.py`,
 * `tests.py`, `conftest.py`. It never defines what the server runs (DESIGN.md "Entry points"): its
 * modules are not evaluated unless production code imports them, the apps and mock servers it makes
 * are not reported, and the configuration and secret rules skip it (config `tests: scan` turns this off).
 */
const cache = new Map<string, boolean>();

export function isTestPath(file: string): boolean {
  let r = cache.get(file);
  if (r === undefined) {
    const parts = file.split('/');
    const base = parts[parts.length - 1] ?? '';
    r = /^test_.*\.py$|_test\.py$|^tests?\.py$|^conftest\.py$/.test(base) || parts.slice(0, -1).some((d) => d === 'tests' || d === 'test' || d === '__tests__' || d === 'testing');
    if (cache.size > 100_000) cache.clear();
    cache.set(file, r);
  }
  return r;
}
