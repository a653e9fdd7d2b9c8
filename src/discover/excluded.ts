/**
 * What the built-in excludes kept out of the scan, for `--stats`: how many directories each one
 * skipped and, for `build`/`dist`, how many `.py` files those held.
 *
 * Only `build`/`dist` are counted: they are the excludes that can hide application code (a package
 * without `__init__.py` that nothing imports), and they were already listed to decide that, so
 * counting walks only their subdirectories, within a budget of directory entries. Dependency,
 * VCS and virtualenv trees (`node_modules`, `.git`, `.venv`, `site-packages`, …) are never walked
 * just to count; caches, `__pycache__` and `*.egg-info` hold no `.py` files. Those say "not counted".
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { compareStrings } from '../report/location.js';
import { isDefaultExcludedDir, isPythonFile } from './filters.js';
import { forEachLimit, type WalkContext } from './walk.js';

/** Directory entries read to count `.py` files in excluded `build`/`dist` directories, at most. */
const COUNT_BUDGET = 20_000;

export interface ExcludedDir {
  /** The built-in exclude: a directory name (`node_modules`, `build`), `*.egg-info` or `virtualenv (pyvenv.cfg)`. */
  exclude: string;
  /** Directories it kept out of the scan. */
  dirs: number;
  /** `.py` files in them (`build`/`dist` only); absent when not counted. */
  pyFiles?: number;
  /** The count stopped at COUNT_BUDGET entries: there are at least `pyFiles`. */
  atLeast?: true;
}

/** `.py` files under `dirs` (not following links, not entering other excludes), reading at most `budget.left` entries. */
async function countPy(dirs: readonly string[], budget: { left: number; hit: boolean }): Promise<number> {
  let count = 0;
  let level = [...dirs];
  while (level.length > 0 && !budget.hit) {
    const next: string[] = [];
    await forEachLimit(level, 8, async (dir) => {
      if (budget.left <= 0) {
        budget.hit = true;
        return;
      }
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      budget.left -= entries.length;
      for (const e of entries) {
        if (e.isDirectory() && !isDefaultExcludedDir(e.name)) next.push(path.join(dir, e.name));
        else if (e.isFile() && isPythonFile(e.name)) count++;
      }
    });
    level = next;
  }
  return count;
}

/** The excludes that skipped something, sorted by name; `build`/`dist` held back and never admitted are counted. */
export async function excludedDirs(ctx: WalkContext): Promise<ExcludedDir[]> {
  const out = new Map<string, ExcludedDir>();
  for (const [exclude, dirs] of ctx.skipped) out.set(exclude, { exclude, dirs });
  const budget = { left: COUNT_BUDGET, hit: false };
  const held = [...ctx.held.values()].sort((a, b) => compareStrings(a.rel, b.rel));
  for (const dir of held) {
    const exclude = path.posix.basename(dir.rel);
    const entry = out.get(exclude) ?? { exclude, dirs: 0, pyFiles: 0 };
    entry.dirs++;
    entry.pyFiles =
      (entry.pyFiles ?? 0) +
      dir.pyFiles +
      (await countPy(
        dir.subdirs.map((d) => d.abs),
        budget,
      ));
    if (budget.hit) entry.atLeast = true;
    out.set(exclude, entry);
  }
  return [...out.values()].sort((a, b) => compareStrings(a.exclude, b.exclude));
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `build 2 dirs (14 .py files), node_modules 1 dir (not counted)` — one line for `--stats`. */
export function formatExcluded(excluded: readonly ExcludedDir[]): string {
  if (excluded.length === 0) return 'nothing';
  return excluded
    .map((e) => {
      const files = e.pyFiles === undefined ? 'not counted' : `${e.atLeast ? 'at least ' : ''}${plural(e.pyFiles, '.py file')}`;
      return `${e.exclude} ${plural(e.dirs, 'dir')} (${files})`;
    })
    .join(', ');
}
