import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fixture tree in a fresh temp dir. Keys are POSIX paths; a string value is the file's content,
 * `{ link: target }` makes a symlink (target as written), `{ dir: true }` an empty directory.
 */
export type TreeSpec = Record<string, string | { link: string } | { dir: true }>;

export function makeTree(spec: TreeSpec, prefix = 'fa-test-'): string {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, entry] of Object.entries(spec)) {
    const abs = path.join(root, ...rel.split('/'));
    mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof entry === 'string') writeFileSync(abs, entry);
    else if ('link' in entry) symlinkSync(entry.link, abs);
    else mkdirSync(abs, { recursive: true });
  }
  return root;
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
