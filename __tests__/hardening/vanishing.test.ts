/**
 * Files that change between discovery and parsing: deleted, replaced by a directory or a FIFO,
 * made unreadable, grown past the size cap, or the whole tree removed. A hook runs right after the
 * real `discover()` returns (the engine then reads the files it listed); "unreadable" is simulated
 * by `open` failing with EACCES, because root (CI containers) reads a chmod 000 file anyway.
 * Every case must end with a notice naming the file and a complete, valid report of the rest.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, constants, mkdirSync, openSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { DiscoverResult } from '../../src/discover/index.js';

const hooks = vi.hoisted(() => ({
  afterDiscover: undefined as undefined | ((r: DiscoverResult, root: string) => void),
  unreadable: new Set<string>(),
}));

vi.mock('../../src/discover/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/discover/index.js')>();
  return {
    ...real,
    discover: async (o: Parameters<typeof real.discover>[0]) => {
      const r = await real.discover(o);
      hooks.afterDiscover?.(r, o.root);
      return r;
    },
  };
});

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    openSync: ((file: Parameters<typeof fs.openSync>[0], ...rest: unknown[]) => {
      if (hooks.unreadable.has(path.basename(String(file)))) throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES' });
      return (fs.openSync as (...a: unknown[]) => number)(file, ...rest);
    }) as typeof fs.openSync,
  };
});

const { APP, cleanupProjects, outputsOf, project, regions, scanDir } = await import('./helpers.js');

afterEach(() => {
  hooks.afterDiscover = undefined;
  hooks.unreadable.clear();
});
afterAll(cleanupProjects);

const SPEC = { 'app/main.py': APP, 'app/victim.py': APP, 'app/other.py': APP };

async function scanWith(change: (root: string) => void, opts: { noPrefilter?: boolean } = {}) {
  const root = project(SPEC);
  hooks.afterDiscover = (r) => {
    expect(r.files.map((f) => f.rel)).toEqual(['app/main.py', 'app/other.py', 'app/victim.py']);
    change(root);
  };
  const result = await scanDir(root, opts);
  const out = outputsOf(result);
  return { root, result, out, files: new Set(regions(out.results).map((x) => x.file)) };
}

describe('a file changes after discovery', () => {
  it('deleted: a notice, the rest is scanned', async () => {
    const { result, files } = await scanWith((root) => unlinkSync(path.join(root, 'app/victim.py')));
    expect(result.notices).toEqual([{ level: 'notice', file: 'app/victim.py', message: 'app/victim.py: skipped, unreadable: ENOENT' }]);
    expect(files).toEqual(new Set(['app/main.py', 'app/other.py']));
  });

  it('replaced by a directory', async () => {
    const { result, files } = await scanWith((root) => {
      unlinkSync(path.join(root, 'app/victim.py'));
      mkdirSync(path.join(root, 'app/victim.py'));
    });
    expect(result.notices).toEqual([{ level: 'notice', file: 'app/victim.py', message: 'app/victim.py: skipped, not a regular file' }]);
    expect(files).toEqual(new Set(['app/main.py', 'app/other.py']));
  });

  it('unreadable (EACCES)', async () => {
    const { result, files } = await scanWith(() => hooks.unreadable.add('victim.py'));
    expect(result.notices).toEqual([{ level: 'notice', file: 'app/victim.py', message: 'app/victim.py: skipped, unreadable: EACCES' }]);
    expect(files).toEqual(new Set(['app/main.py', 'app/other.py']));
  });

  it.skipIf(process.getuid?.() === 0)('unreadable for real (chmod 000; non-root only)', async () => {
    const { result, files } = await scanWith((root) => chmodSync(path.join(root, 'app/victim.py'), 0));
    expect(result.notices.map((n) => n.message)).toEqual(['app/victim.py: skipped, unreadable: EACCES']);
    expect(files).toEqual(new Set(['app/main.py', 'app/other.py']));
  });

  it('grown past the size cap: skipped, not parsed', async () => {
    const { result, files } = await scanWith((root) => writeFileSync(path.join(root, 'app/victim.py'), `${APP}#${'x'.repeat(3 * 1024 * 1024)}\n`));
    expect(result.notices.map((n) => n.message)).toEqual([expect.stringMatching(/^app\/victim\.py: skipped, too large \(\d+ bytes > 2097152\)$/)]);
    expect(files).toEqual(new Set(['app/main.py', 'app/other.py']));
  });

  it('emptied: scanned as an empty file', async () => {
    const { result, files } = await scanWith((root) => writeFileSync(path.join(root, 'app/victim.py'), ''), { noPrefilter: true });
    expect(result.notices).toEqual([]);
    expect(files).toEqual(new Set(['app/main.py', 'app/other.py']));
  });

  it('the whole tree removed: every file named in a notice, an empty valid report', async () => {
    const { result, out } = await scanWith((root) => rmSync(path.join(root, 'app'), { recursive: true }));
    expect(result.notices.map((n) => n.message)).toEqual(['app/main.py', 'app/other.py', 'app/victim.py'].map((f) => `${f}: skipped, unreadable: ENOENT`));
    expect(out.results).toEqual([]);
  });

  // A regular file at discovery that is a FIFO by the time it is read: runJob opens it with
  // O_NONBLOCK and checks `fstat().isFile()` before reading, so the scan does not wait for a writer.
  it('replaced by a FIFO: skipped, not waited on', async () => {
    let fifo = '';
    const scanning = scanWith((root) => {
      fifo = path.join(root, 'app/victim.py');
      unlinkSync(fifo);
      mkfifoSync(fifo);
    });
    const outcome = await Promise.race([scanning.then(() => 'finished' as const), new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 3_000))]);
    if (outcome === 'hung') {
      // Let the blocked read end (a writer opens and closes the FIFO), so nothing is left behind.
      const fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      closeSync(fd);
      await scanning;
    }
    expect(outcome).toBe('finished');
    const { result } = await scanning;
    expect(result.notices.map((n) => n.message)).toEqual([expect.stringMatching(/^app\/victim\.py: skipped/)]);
  }, 20_000);
});

function mkfifoSync(file: string): void {
  execFileSync('mkfifo', [file]); // node:fs cannot make a FIFO: the coreutils tool, fixed argv, no shell
}
