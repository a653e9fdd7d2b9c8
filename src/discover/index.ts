/**
 * discover: the `.py` files to scan under the scan root, with their sizes, sorted by path, and
 * the server targets the deployment files among them name (targets.ts).
 * Never throws for a bad tree: what cannot be read or is skipped becomes a Notice.
 */
import { statSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { compareStrings } from '../report/location.js';
import type { Notice } from '../types.js';
import { excludedDirs, type ExcludedDir } from './excluded.js';
import { globMatcher, isPythonFile } from './filters.js';
import { admitImportedPackages } from './packages.js';
import { findTargets, targetFileKind, type ServerTarget } from './targets.js';
import { byRel, errorCode, followLinks, relInsideRoot, walkDir, type Candidate, type WalkContext } from './walk.js';

export { formatExcluded, type ExcludedDir } from './excluded.js';
export type { ServerTarget } from './targets.js';

export interface DiscoverOptions {
  /** The scan root; every `rel` is relative to it. */
  root: string;
  /**
   * Files or directories to scan (CLI arguments), absolute or relative to `root`; default: the root.
   * Each must lie inside the root. A file named here is scanned even if `include`/`exclude` would
   * skip it (it was asked for by name); a directory named here is walked even if its name is a
   * built-in exclude (`.venv/`), with the excludes applying below it.
   */
  paths?: readonly string[];
  /** Globs (relative to root) a file must match; empty = every `.py` file. */
  include: readonly string[];
  /** Globs (relative to root) of files and directories to skip, on top of the built-in excludes. */
  exclude: readonly string[];
  /** Larger files are skipped with a notice. */
  maxFileBytes: number;
}

interface DiscoveredFile {
  /** Absolute path as reached on the walk (through a symlink, if one was followed). */
  abs: string;
  /** POSIX path relative to the root. */
  rel: string;
  size: number;
}

export interface DiscoverResult {
  files: DiscoveredFile[];
  notices: Notice[];
  /** What each built-in exclude kept out of the scan (for `--stats`), sorted by exclude. */
  excluded: ExcludedDir[];
  /**
   * The servers the deployment files under the scanned paths start (Dockerfile, Procfile,
   * compose, shell scripts, Makefiles, INI/YAML manifests, pyproject/setup console scripts),
   * sorted by file and line. Those files are found on the same walk, with the same excludes
   * (the `include` globs select Python files only).
   */
  targets: ServerTarget[];
}

export async function discover(options: DiscoverOptions): Promise<DiscoverResult> {
  const root = path.resolve(options.root);
  const notices: Notice[] = [];
  let rootReal: string;
  try {
    rootReal = await realpath(root);
  } catch (e) {
    return { files: [], notices: [{ level: 'warning', message: `scan root ${root} cannot be read (${errorCode(e)})` }], excluded: [], targets: [] };
  }
  const ctx: WalkContext = {
    rootReal,
    excluded: globMatcher(options.exclude),
    included: options.include.length > 0 ? globMatcher(options.include) : () => true,
    notices,
    files: new Map(),
    walked: new Set(),
    links: [],
    held: new Map(),
    skipped: new Map(),
    others: new Map(),
    wantsOther: (name) => targetFileKind(name) !== undefined,
  };
  for (const p of options.paths?.length ? options.paths : ['.']) await addStartPath(ctx, root, p);
  await followLinks(ctx);
  await admitImportedPackages(ctx, options.maxFileBytes);
  const files = sized([...ctx.files.values()], options.maxFileBytes, notices);
  const found = findTargets(
    rootReal,
    [...ctx.others.values()],
    options.maxFileBytes,
    files.map((f) => f.rel),
  );
  notices.push(...found.notices);
  return {
    files: files.sort(byRel),
    targets: found.targets,
    notices: notices.sort((a, b) => compareStrings(a.file ?? '', b.file ?? '') || compareStrings(a.message, b.message)),
    excluded: await excludedDirs(ctx),
  };
}

/** A scan path from the command line: a directory to walk or a file to take as is. */
async function addStartPath(ctx: WalkContext, root: string, given: string): Promise<void> {
  let real: string;
  let isDir: boolean;
  try {
    real = await realpath(path.resolve(root, given));
    isDir = (await stat(real)).isDirectory();
  } catch (e) {
    ctx.notices.push({ level: 'warning', file: given, message: `scan path cannot be read (${errorCode(e)}); skipped` });
    return;
  }
  const rel = relInsideRoot(ctx.rootReal, real);
  if (rel === undefined) {
    ctx.notices.push({ level: 'warning', file: given, message: 'scan path is outside the scan root; skipped' });
  } else if (isDir) {
    if (!ctx.walked.has(real)) await walkDir(ctx, { abs: real, rel, real }, true);
  } else if (!isPythonFile(real)) {
    ctx.notices.push({ level: 'notice', file: rel, message: 'not a .py file; skipped' });
  } else if (!ctx.files.has(real)) {
    ctx.files.set(real, { abs: real, rel, real });
  }
}

/**
 * Adds sizes; drops files over the limit, gone since the walk, or not regular files. One
 * `statSync` per candidate: measured on 50 000 files, the synchronous calls take ~150 ms where
 * 64-way parallel `fs.promises.stat` takes ~500 ms (each async call pays a thread-pool round trip
 * and a promise); nothing else runs while files are being discovered, so blocking the loop costs
 * nothing.
 *
 * The walk never takes a FIFO, socket or device from a directory listing, but a symlink named
 * `x.py` (or a scan path given by name) can lead to one: reading a FIFO blocks until something
 * writes to it, i.e. forever, so only regular files go on (`stat` follows the link).
 */
function sized(candidates: readonly Candidate[], maxFileBytes: number, notices: Notice[]): DiscoveredFile[] {
  const out: DiscoveredFile[] = [];
  for (const { abs, rel } of candidates) {
    let st: Stats;
    try {
      st = statSync(abs);
    } catch (e) {
      notices.push({ level: 'warning', file: rel, message: `cannot read file (${errorCode(e)}); skipped` });
      continue;
    }
    if (!st.isFile()) notices.push({ level: 'notice', file: rel, message: `not a regular file (${fileKind(st)}); skipped` });
    else if (st.size > maxFileBytes) notices.push({ level: 'notice', file: rel, message: `skipped: ${st.size} bytes > limit (${maxFileBytes} bytes)` });
    else out.push({ abs, rel, size: st.size });
  }
  return out;
}

function fileKind(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isDirectory()) return 'a directory';
  return 'special file';
}
