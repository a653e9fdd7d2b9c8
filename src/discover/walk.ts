/**
 * The directory walk. Plain `readdir(withFileTypes)` + picomatch rather than `@actions/glob`: the
 * dirent already says file/dir/symlink, so there is no stat per entry (only one per candidate
 * `.py` file, for its size); excluded directories are pruned before they are read; and symlinks
 * are resolved by us, so a link is never followed out of the scan root (`@actions/glob` either
 * ignores links or follows them anywhere) and loops end.
 *
 * The walk is iterative and level by level (no recursion, so depth costs nothing), reading up to
 * READ_CONCURRENCY directories at once. Symlinks are collected and followed afterwards, one at a
 * time in path order, so which of two routes to the same file is kept does not depend on timing.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { compareStrings } from '../report/location.js';
import type { Notice } from '../types.js';
import { defaultExcludeOf, isDefaultExcludedDir, isPythonFile, PACKAGE_DIR_NAMES, VENV_MARKER, VIRTUALENV } from './filters.js';

const READ_CONCURRENCY = 32;

/** A file to scan, before its size is known. `real` is its path with every symlink resolved. */
export interface Candidate {
  abs: string;
  rel: string;
  real: string;
}

/**
 * A directory reached on the walk: where it was reached (`abs`, `rel`) and what it really is.
 * `probe`: a `build`/`dist` directory, walked only if it turns out to be a Python package.
 */
export interface Dir {
  abs: string;
  rel: string;
  real: string;
  probe?: boolean;
}

/**
 * A `build`/`dist` directory without `__init__.py`, held back until we know whether scanned code
 * imports a module inside it. `modules` are the names importable from it (`x` for `x.py`, and its
 * subdirectories); `pyFiles` its own `.py` files and `subdirs` its subdirectories, for counting.
 */
interface HeldDir extends Dir {
  modules: Set<string>;
  pyFiles: number;
  subdirs: Dir[];
}

export interface WalkContext {
  /** The scan root with symlinks resolved. */
  rootReal: string;
  excluded: (rel: string) => boolean;
  included: (rel: string) => boolean;
  notices: Notice[];
  /** Files found so far, by real path (a file reached twice is kept once). */
  files: Map<string, Candidate>;
  /** Real paths of the directories walked (or being walked). */
  walked: Set<string>;
  /** Symlinks met on the walk, to follow once the walk is done. */
  links: Array<{ abs: string; rel: string }>;
  /** `build`/`dist` directories that are not (yet) known to be packages, by real path. */
  held: Map<string, HeldDir>;
  /** Directories skipped by each built-in exclude (`node_modules`, `*.egg-info`, `virtualenv (pyvenv.cfg)`). */
  skipped: Map<string, number>;
  /** Other files discovery hands on (deployment files naming server targets), by real path. */
  others: Map<string, Candidate>;
  /** Which non-Python files to hand on (by name); none when absent. */
  wantsOther?: (name: string) => boolean;
}

const joinRel = (dir: string, name: string): string => (dir ? `${dir}/${name}` : name);

export const byRel = (a: { rel: string }, b: { rel: string }): number => compareStrings(a.rel, b.rel);

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** `real` relative to the root (POSIX), or undefined when it lies outside. */
export function relInsideRoot(rootReal: string, real: string): string | undefined {
  const rel = path.relative(rootReal, real);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return toPosix(rel);
}

export const errorCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * A file found on the walk: a `.py` file to scan (unless the globs skip it), or a file handed on
 * by `wantsOther` (the include globs select Python files only; the excludes apply to both).
 */
function addFile(ctx: WalkContext, file: Candidate): void {
  if (ctx.excluded(file.rel)) return;
  if (isPythonFile(file.rel) && ctx.included(file.rel) && !ctx.files.has(file.real)) ctx.files.set(file.real, file);
  // Not `else`: setup.py is both.
  if (ctx.wantsOther?.(path.posix.basename(file.rel)) && !ctx.others.has(file.real)) ctx.others.set(file.real, file);
}

function countSkipped(ctx: WalkContext, exclude: string): void {
  ctx.skipped.set(exclude, (ctx.skipped.get(exclude) ?? 0) + 1);
}

/** A `build`/`dist` directory without `__init__.py`: what it holds, to decide later. */
function held(dir: Dir, entries: readonly Dirent[]): HeldDir {
  const modules = new Set<string>();
  const subdirs: Dir[] = [];
  let pyFiles = 0;
  for (const e of entries) {
    if (e.isDirectory()) {
      modules.add(e.name);
      if (!isDefaultExcludedDir(e.name)) subdirs.push({ abs: path.join(dir.abs, e.name), rel: joinRel(dir.rel, e.name), real: path.join(dir.real, e.name) });
    } else if (isPythonFile(e.name)) {
      modules.add(e.name.slice(0, -3));
      pyFiles++;
    }
  }
  return { abs: dir.abs, rel: dir.rel, real: dir.real, modules, pyFiles, subdirs };
}

/** Reads one directory; returns the subdirectories to walk next. */
async function readDir(ctx: WalkContext, dir: Dir, namedByUser: boolean): Promise<Dir[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir.abs, { withFileTypes: true });
  } catch (e) {
    ctx.notices.push({ level: 'warning', file: dir.rel || '.', message: `cannot read directory (${errorCode(e)}); skipped` });
    return [];
  }
  if (!namedByUser && entries.some((e) => e.name === VENV_MARKER && !e.isDirectory())) {
    countSkipped(ctx, VIRTUALENV);
    return [];
  }
  // A package has an `__init__.py` (a file, or a link to one); anything else waits for imports.
  if (dir.probe && !entries.some((e) => e.name === '__init__.py' && !e.isDirectory())) {
    ctx.held.set(dir.real, held(dir, entries));
    return [];
  }
  const subdirs: Dir[] = [];
  for (const entry of entries) {
    const rel = joinRel(dir.rel, entry.name);
    if (entry.isDirectory()) {
      const real = path.join(dir.real, entry.name);
      if (ctx.excluded(rel) || ctx.walked.has(real)) continue;
      const probe = PACKAGE_DIR_NAMES.has(entry.name);
      const exclude = probe ? undefined : defaultExcludeOf(entry.name);
      if (exclude) {
        countSkipped(ctx, exclude);
        continue;
      }
      ctx.walked.add(real);
      subdirs.push({ abs: path.join(dir.abs, entry.name), rel, real, ...(probe && { probe }) });
    } else if (entry.isFile()) {
      addFile(ctx, { abs: path.join(dir.abs, entry.name), rel, real: path.join(dir.real, entry.name) });
    } else if (entry.isSymbolicLink() && !isDefaultExcludedDir(entry.name) && !ctx.excluded(rel)) {
      ctx.links.push({ abs: path.join(dir.abs, entry.name), rel });
    }
    // FIFOs, sockets and devices are never read, whatever their name.
  }
  return subdirs;
}

/**
 * Walks the tree under `start` (a directory whose real path is `start.real`). The built-in
 * excludes apply below it, and to it too unless the user named it as a scan path.
 */
export async function walkDir(ctx: WalkContext, start: Dir, namedByUser: boolean): Promise<void> {
  ctx.walked.add(start.real);
  let level: Dir[] = [start];
  let top = namedByUser;
  while (level.length > 0) {
    const next: Dir[] = [];
    const isTop = top;
    await forEachLimit(level, READ_CONCURRENCY, async (dir) => {
      next.push(...(await readDir(ctx, dir, isTop)));
    });
    top = false;
    level = next;
  }
}

/**
 * A target inside the root that the excludes would have skipped (e.g. a link into `.venv`). A
 * `build`/`dist` segment counts as excluded unless the walk took that directory as a package.
 */
function targetExcluded(ctx: WalkContext, targetRel: string): boolean {
  if (targetRel === '') return false;
  const segments = targetRel.split('/');
  const excludedSegment = segments.some((name, i) => {
    if (!isDefaultExcludedDir(name)) return false;
    if (!PACKAGE_DIR_NAMES.has(name)) return true;
    const real = path.join(ctx.rootReal, ...segments.slice(0, i + 1));
    return !ctx.walked.has(real) || ctx.held.has(real);
  });
  return excludedSegment || ctx.excluded(targetRel);
}

async function followLink(ctx: WalkContext, link: { abs: string; rel: string }): Promise<void> {
  let real: string;
  let isDir: boolean;
  try {
    real = await realpath(link.abs);
    isDir = (await stat(real)).isDirectory();
  } catch (e) {
    // A dangling link only matters if it was meant to be a Python file (a directory it cannot be);
    // loops and unreadable targets are reported whatever the name.
    if (isPythonFile(link.rel) || errorCode(e) !== 'ENOENT') ctx.notices.push({ level: 'notice', file: link.rel, message: `broken symlink (${errorCode(e)}); skipped` });
    return;
  }
  const targetRel = relInsideRoot(ctx.rootReal, real);
  if (targetRel === undefined) {
    ctx.notices.push({ level: 'notice', file: link.rel, message: 'symlink points outside the scan root; not followed' });
    return;
  }
  if (targetExcluded(ctx, targetRel)) return;
  if (!isDir) {
    addFile(ctx, { ...link, real });
    return;
  }
  // Already walked: a loop (a link to an ancestor) or a second route to the same directory.
  if (ctx.walked.has(real)) return;
  await walkDir(ctx, { ...link, real }, false);
}

/** Follows the collected symlinks, in path order, until no new ones turn up. */
export async function followLinks(ctx: WalkContext): Promise<void> {
  while (ctx.links.length > 0) {
    const round = ctx.links.splice(0).sort(byRel);
    for (const link of round) await followLink(ctx, link);
  }
}
