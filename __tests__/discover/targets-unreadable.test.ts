import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTree, removeTree } from './tree.js';

// Reading fails with EACCES for files in directories named `locked`: root (as in CI containers)
// can read any file, so chmod alone cannot make one unreadable there.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((file: string, options: unknown) => {
    if (path.basename(path.dirname(String(file))) === 'locked') throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    return fs.readFileSync(file, options as never);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const { discover } = await import('../../src/discover/index.js');

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

describe('targets: unreadable deployment files', () => {
  it('give a notice, and the other files still give their targets', async () => {
    const root = makeTree({ 'locked/Procfile': 'web: uvicorn a:app\n', 'svc/Procfile': 'web: uvicorn b:app\n' });
    roots.push(root);
    const result = await discover({ root, include: [], exclude: [], maxFileBytes: 1000 });
    expect(result.targets.map((t) => `${t.module}:${t.attr} ${t.file}`)).toEqual(['b:app svc/Procfile']);
    expect(result.notices).toEqual([{ level: 'notice', file: 'locked/Procfile', message: 'cannot read file (EACCES); no server targets read from it' }]);
  });
});
