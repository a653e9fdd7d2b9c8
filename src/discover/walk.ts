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
import { isDefaultExcludedDir, isPythonFile, VENV_MARKER } from './filters.js';

const READ_CONCURRENCY = 32;

/** A file to scan, before its size is known. `real` is its path with every symlink resolved. */
export interface Candidate {
  abs: string;
  rel: string;
  real: string;
}

/** A directory reached on the walk: where it was reached (`abs`, `rel`) and what it really is. */
interface Dir {
  abs: string;
  rel: string;
  real: string;
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
async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function addFile(ctx: WalkContext, file: Candidate): void {
  if (!isPythonFile(file.rel) || ctx.excluded(file.rel) || !ctx.included(file.rel)) return;
  if (!ctx.files.has(file.real)) ctx.files.set(file.real, file);
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
  if (!namedByUser && entries.some((e) => e.name === VENV_MARKER && !e.isDirectory())) return [];
  const subdirs: Dir[] = [];
  for (const entry of entries) {
    const rel = joinRel(dir.rel, entry.name);
    if (entry.isDirectory()) {
      const real = path.join(dir.real, entry.name);
      if (isDefaultExcludedDir(entry.name) || ctx.excluded(rel) || ctx.walked.has(real)) continue;
      ctx.walked.add(real);
      subdirs.push({ abs: path.join(dir.abs, entry.name), rel, real });
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

/** A target inside the root that the excludes would have skipped (e.g. a link into `.venv`). */
function targetExcluded(ctx: WalkContext, targetRel: string): boolean {
  return targetRel !== '' && (targetRel.split('/').some(isDefaultExcludedDir) || ctx.excluded(targetRel));
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
