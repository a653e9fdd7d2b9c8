import { chmodSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTree, removeTree } from './tree.js';

// readdir fails with EACCES for directories named `locked`: root (as in CI containers) can read
// any directory, so chmod alone cannot make one unreadable there.
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    readdir: (async (dir: string, options: unknown) => {
      if (path.basename(dir) === 'locked') throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return fs.readdir(dir, options as never);
    }) as typeof fs.readdir,
  };
});

const { discover } = await import('../../src/discover/index.js');

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

describe('discover: unreadable directories', () => {
  it('gives a notice and goes on', async () => {
    const root = makeTree({ 'app/main.py': '', 'app/locked/secret.py': '', 'z.py': '' });
    roots.push(root);
    const result = await discover({ root, include: [], exclude: [], maxFileBytes: 1000 });
    expect(result.files.map((f) => f.rel)).toEqual(['app/main.py', 'z.py']);
    expect(result.notices).toEqual([{ level: 'warning', file: 'app/locked', message: 'cannot read directory (EACCES); skipped' }]);
  });

  it.skipIf(process.getuid?.() === 0)('with real permissions (non-root only)', async () => {
    const root = makeTree({ 'app/main.py': '', 'app/private/secret.py': '' });
    roots.push(root);
    chmodSync(path.join(root, 'app', 'private'), 0o000);
    try {
      const result = await discover({ root, include: [], exclude: [], maxFileBytes: 1000 });
      expect(result.files.map((f) => f.rel)).toEqual(['app/main.py']);
      expect(result.notices.map((n) => n.file)).toEqual(['app/private']);
    } finally {
      chmodSync(path.join(root, 'app', 'private'), 0o755);
    }
  });
});
