/**
 * The action's `path` input: one folder (as before), or one or more patterns, one per line, with
 * `!` exclusions, matched with `@actions/glob` as `actions/upload-artifact` matches its `path`.
 *
 * - One line that names a folder (no `*`, `?` or `[`, or an existing path of that name), or
 *   nothing: that folder is the scan root, scanned whole. This is exactly the single-folder
 *   behaviour of earlier versions; `resolvePathInput` returns no patterns.
 * - Otherwise the lines are patterns, relative to the workspace (blank lines and `#` comments are
 *   skipped). A `!` pattern excludes what it matches from the patterns above it, and a folder
 *   matched or excluded counts with everything below it (`implicitDescendants`). Symbolic links
 *   are not followed (`followSymbolicLinks: false`), and a pattern reaching outside the workspace
 *   is ignored with a warning, so everything scanned lies inside it.
 * - The scan root is the deepest folder holding every pattern's search path (the literal part
 *   before its first wildcard), as upload-artifact roots an artifact: the configuration file is
 *   looked up there, and output paths stay relative to the repository. For `services/billing`
 *   plus `!services/billing/tests` it is `services/billing`, as for the single folder.
 * - Of the matched paths, the `.py` files that discovery keeps (built-in excludes such as
 *   `.venv` and `node_modules`, the configuration's `include`/`exclude`, symlinks inside the root)
 *   are scanned, by name. A pattern that matches nothing, or no such file, is a warning; when
 *   the patterns together match no file to scan, the step fails (a typo must not pass as
 *   "0 routes", as with a folder that does not exist).
 */
import { lstatSync } from 'node:fs';
import path from 'node:path';
import * as glob from '@actions/glob';
import type { ConfigProblem } from '../config/errors.js';
import { ConfigError } from '../config/errors.js';
import type { Config } from '../config/types.js';
import { discover } from '../discover/index.js';
import type { Notice } from '../types.js';

const KEY = 'input path';
const IS_WINDOWS = process.platform === 'win32';
const GLOB_OPTIONS: glob.GlobOptions = {
  followSymbolicLinks: false,
  implicitDescendants: true,
  matchDirectories: true,
  omitBrokenSymbolicLinks: true,
  excludeHiddenFiles: false,
};

/** One line of the input. */
interface PathPattern {
  /** The line as written (trimmed). */
  given: string;
  negate: boolean;
  /** The pattern made absolute against the workspace (without `!`), for `@actions/glob`. */
  absolute: string;
  /** Include patterns: the folder `@actions/glob` starts from (absolute). */
  searchPath?: string;
}

export interface ScanTarget {
  /** The scan root (absolute). */
  root: string;
  /** The input as given, `.` when empty. */
  given: string;
  /** The patterns, in order, when the input is not a single folder; undefined: scan the root whole. */
  patterns?: PathPattern[];
  /** Problems with the input (reported with the other input problems, before anything runs). */
  problems: ConfigProblem[];
  /** Warnings about single patterns (ignored ones). */
  notices: Notice[];
}

/** What to scan under the root: files by name (relative to the root), or undefined for the whole root. */
export interface ScanSelection {
  paths?: string[];
  notices: Notice[];
}

const GLOB_CHARS = /[*?[]/;

/** `@actions/glob`'s own escaping (Pattern.globEscape), so a workspace path is matched literally. */
function globEscape(s: string): string {
  return (IS_WINDOWS ? s : s.replace(/\\/g, '\\\\'))
    .replace(/(\[)(?=[^/]+\])/g, '[[]')
    .replace(/\?/g, '[?]')
    .replace(/\*/g, '[*]');
}

/** `true` when `p` is `dir` or below it. */
function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

function isDirectory(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The line without its `!`s, made absolute against the workspace as `@actions/glob` does against the current directory. */
function parseLine(given: string, workspace: string): Omit<PathPattern, 'searchPath'> {
  let negate = false;
  let p = given;
  while (p.startsWith('!')) {
    negate = !negate;
    p = p.slice(1).trim();
  }
  let absolute: string;
  if (p === '' || p === '~' || p.startsWith('~/') || path.isAbsolute(p)) absolute = p;
  else if (p === '.' || p.startsWith('./')) absolute = globEscape(workspace) + p.slice(1);
  else absolute = `${globEscape(workspace)}/${p}`;
  return { given, negate, absolute };
}

const line = (p: Pick<PathPattern, 'negate' | 'absolute'>): string => `${p.negate ? '!' : ''}${p.absolute}`;

/** The deepest common ancestor of absolute paths. */
function commonAncestor(paths: readonly string[]): string {
  let common = paths[0]!;
  for (const p of paths.slice(1)) {
    while (!isInside(common, p)) {
      const up = path.dirname(common);
      if (up === common) break;
      common = up;
    }
  }
  return common;
}

/**
 * Reads the `path` input. Nothing is walked yet: the patterns are matched by `selectScanPaths`,
 * once the configuration (found under the root) is loaded.
 */
export async function resolvePathInput(input: string, workspace: string): Promise<ScanTarget> {
  const raw = input.trim();
  // One folder, as before: no patterns, no globbing, the same root and the same checks.
  if (!raw.includes('\n') && !raw.startsWith('!') && (!GLOB_CHARS.test(raw) || exists(path.resolve(workspace, raw)))) {
    const given = raw || '.';
    return { root: path.resolve(workspace, given), given, problems: [], notices: [] };
  }

  const problems: ConfigProblem[] = [];
  const notices: Notice[] = [];
  const patterns: PathPattern[] = [];
  for (const given of raw.split(/\r?\n/).map((l) => l.trim())) {
    if (!given || given.startsWith('#')) continue;
    const p: PathPattern = parseLine(given, workspace);
    if (p.absolute === '') {
      problems.push({ key: KEY, problem: `"${given}" is an exclusion without a pattern (allowed: one pattern per line, "!" before a pattern excludes it)` });
      continue;
    }
    try {
      // Validates the pattern (`..` and globs in a root are refused) and finds where its search starts.
      const globber = await glob.create(line(p), GLOB_OPTIONS);
      if (!p.negate) p.searchPath = globber.getSearchPaths()[0];
    } catch (e) {
      problems.push({ key: KEY, problem: `"${given}" is not a valid pattern: ${(e as Error).message} (allowed: a glob relative to the workspace, without "." or ".." segments)` });
      continue;
    }
    if (p.searchPath !== undefined && !isInside(workspace, p.searchPath)) {
      notices.push({ level: 'warning', message: `${KEY}: "${given}" points outside the workspace (${workspace}); ignored` });
      continue;
    }
    patterns.push(p);
  }
  const searchPaths = patterns.flatMap((p) => (p.searchPath !== undefined ? [p.searchPath] : []));
  if (!problems.length && !searchPaths.length) {
    problems.push({
      key: KEY,
      problem: `no pattern to scan in "${raw.replace(/\s*\n\s*/g, '\\n')}" (allowed: one or more folders or globs inside the workspace, one per line, and "!" exclusions after them)`,
    });
  }
  // Where the configuration is looked up: the deepest existing folder holding every search path.
  let root = searchPaths.length ? commonAncestor(searchPaths) : workspace;
  while (!isDirectory(root) && isInside(workspace, path.dirname(root)) && path.dirname(root) !== root) root = path.dirname(root);
  return { root, given: raw, patterns, problems, notices };
}

/**
 * The files to scan: for a single folder, the whole root (undefined); for patterns, the `.py`
 * files discovery keeps under their search paths that the patterns match, relative to the root.
 */
export async function selectScanPaths(target: ScanTarget, config: Pick<Config, 'include' | 'exclude'>, workspace: string): Promise<ScanSelection> {
  if (!target.patterns) return { notices: [] };
  const { root, patterns } = target;
  const notices: Notice[] = [];

  // Each include with the exclusions written after it: the union is what the patterns match
  // together (a path is in when the last pattern matching it includes it), and a pattern that
  // matches nothing can be named.
  const matchedBy: Array<{ pattern: PathPattern; rels: Set<string> }> = [];
  for (const [i, p] of patterns.entries()) {
    if (p.negate) continue;
    const lines = [p, ...patterns.slice(i + 1).filter((n) => n.negate)].map(line);
    const globber = await glob.create(lines.join('\n'), GLOB_OPTIONS);
    const rels = new Set<string>();
    for (const hit of await globber.glob()) {
      if (isInside(workspace, hit) && isInside(root, hit)) rels.add(toPosix(path.relative(root, hit)));
    }
    matchedBy.push({ pattern: p, rels });
  }

  // What a scan of the search paths would read (the same excludes, include/exclude and symlink
  // rules as a folder scan); sizes are checked later, by the scan itself.
  const starts = [...new Set(matchedBy.map((m) => m.pattern.searchPath!))].filter(exists).map((s) => toPosix(path.relative(root, s)) || '.');
  const found = starts.length
    ? await discover({ root, paths: starts, include: config.include, exclude: config.exclude, maxFileBytes: Number.MAX_SAFE_INTEGER })
    : { files: [], notices: [] };
  notices.push(...found.notices);
  const selected = new Set<string>();
  for (const m of matchedBy) {
    let n = 0;
    for (const f of found.files) {
      if (m.rels.has(f.rel)) {
        selected.add(f.rel);
        n++;
      }
    }
    if (!m.rels.size) notices.push({ level: 'warning', message: `${KEY}: "${m.pattern.given}" matches nothing in the workspace` });
    else if (!n) {
      notices.push({
        level: 'warning',
        message: `${KEY}: "${m.pattern.given}" matches ${m.rels.size} path${m.rels.size === 1 ? '' : 's'} but no .py file to scan (folders such as .venv, node_modules and build, and the configuration's exclude, are skipped)`,
      });
    }
  }
  if (!selected.size) {
    throw new ConfigError({
      key: KEY,
      problem: `no .py file to scan matches "${target.given.replace(/\s*\n\s*/g, '\\n')}" (allowed: folders or globs relative to the workspace that match Python files, one per line)`,
    });
  }
  return { paths: [...selected].sort(), notices };
}
