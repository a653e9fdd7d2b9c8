/**
 * Server targets: what the deployment files in the scan tree tell the server to import and serve.
 * Real apps are built where the server starts (`uvicorn --factory pkg.app:create_app`), so the
 * engine evaluates these as roots. Discovery hands over the candidate files it met on the walk
 * (same excludes, symlink rules and size cap as the Python files); each kind has a small reader
 * under `deploy/`, and every command line goes through one shell-word splitter and one
 * server-command reader (deploy/command.ts).
 *
 * Never throws: a file that cannot be read or parsed gives a notice, and the other files' targets
 * are still returned.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareStrings } from '../report/location.js';
import type { Notice } from '../types.js';
import type { FoundTarget, Tree } from './deploy/command.js';
import { dockerfileTargets } from './deploy/dockerfile.js';
import { fastapiEntrypointOf, pyprojectTargets } from './deploy/pyproject.js';
import { iniTargets, makefileTargets, procfileTargets, setupCfgTargets, setupPyTargets, shellTargets } from './deploy/text.js';
import { yamlTargets } from './deploy/yaml.js';
import { errorCode, relInsideRoot } from './walk.js';

export interface ServerTarget {
  /** Dotted module as named on the command line, e.g. "pkg.app" (a file path like app/main.py is converted). */
  module: string;
  /** Attribute in that module: "app", "create_app". */
  attr: string;
  /** The attribute is a factory to call with no arguments (uvicorn/hypercorn --factory, gunicorn "m:create_app()", granian --factory). */
  factory: boolean;
  /**
   * Folder (POSIX, relative to the scan root, '' = root) the server imports from: Dockerfile
   * WORKDIR, compose working_dir / build context, --app-dir, gunicorn --chdir, the folder of the
   * file for Procfile/shell/Makefile when that is the natural reading.
   */
  dir: string;
  server: 'uvicorn' | 'gunicorn' | 'hypercorn' | 'granian' | 'fastapi' | 'daphne' | 'script';
  /** Where it is named. */
  file: string;
  line: number;
  source: 'dockerfile' | 'procfile' | 'compose' | 'shell' | 'makefile' | 'pyproject' | 'setup' | 'other';
}

type Kind = 'dockerfile' | 'procfile' | 'compose' | 'yaml' | 'shell' | 'makefile' | 'pyproject' | 'setup.cfg' | 'setup.py' | 'ini';

/** The kind of deployment file a file name is, if any. */
export function targetFileKind(name: string): Kind | undefined {
  const lower = name.toLowerCase();
  if (lower === 'dockerfile' || lower === 'containerfile' || lower.endsWith('.dockerfile') || (lower.startsWith('dockerfile.') && !lower.endsWith('.dockerignore'))) {
    return 'dockerfile';
  }
  if (name === 'Procfile' || name.startsWith('Procfile.')) return 'procfile';
  if (/^(docker-)?compose([.-][^/]*)?\.ya?ml$/i.test(name)) return 'compose';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (/\.(sh|bash)$/.test(name)) return 'shell';
  if (name === 'Makefile' || name === 'makefile' || name === 'GNUmakefile' || name.endsWith('.mk')) return 'makefile';
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === 'setup.cfg') return 'setup.cfg';
  if (name === 'setup.py') return 'setup.py';
  if (/\.(ini|conf)$/.test(name)) return 'ini';
  return undefined;
}

/** Kinds read only when they mention a server (they are many, and most are about something else). */
const SERVER_WORD = /\b(uvicorn|gunicorn|hypercorn|granian|fastapi|daphne)\b/;
const NEEDS_SERVER_WORD: ReadonlySet<Kind> = new Set(['dockerfile', 'procfile', 'yaml', 'shell', 'makefile', 'ini']);
/** Kinds whose name says they are deployment files: skipping one for its size deserves a notice. */
const QUIET_KINDS: ReadonlySet<Kind> = new Set(['yaml', 'ini']);

const SOURCE: Readonly<Record<Kind, ServerTarget['source']>> = {
  dockerfile: 'dockerfile',
  procfile: 'procfile',
  compose: 'compose',
  yaml: 'other',
  shell: 'shell',
  makefile: 'makefile',
  pyproject: 'pyproject',
  'setup.cfg': 'setup',
  'setup.py': 'setup',
  ini: 'other',
};

/** Existence checks in the scan tree (never outside the root, whatever a symlink says), cached. */
function treeOf(rootReal: string, texts: ReadonlyMap<string, string>): Tree {
  const cache = new Map<string, 'file' | 'dir' | 'none'>();
  const kind = (rel: string): 'file' | 'dir' | 'none' => {
    let k = cache.get(rel);
    if (k) return k;
    k = 'none';
    if (!rel.startsWith('/') && rel !== '..' && !rel.startsWith('../')) {
      try {
        const abs = path.join(rootReal, ...rel.split('/').filter(Boolean));
        if (relInsideRoot(rootReal, realpathSync(abs)) !== undefined) {
          const st = statSync(abs);
          k = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'none';
        }
      } catch {
        k = 'none';
      }
    }
    cache.set(rel, k);
    return k;
  };
  return {
    isFile: (rel) => kind(rel) === 'file',
    isDir: (rel) => kind(rel) === 'dir',
    fastapiEntrypoint: (dir) => {
      const text = texts.get(dir ? `${dir}/pyproject.toml` : 'pyproject.toml');
      return text === undefined ? undefined : fastapiEntrypointOf(text);
    },
  };
}

const parentOf = (rel: string): string => (path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel));

/**
 * The folder a target's module is imported from, checked against the scanned files. What a file
 * says is kept when the module is there (`<dir>/pkg/app.py` or `<dir>/pkg/app/__init__.py`);
 * otherwise the nearest folder that holds it: the folder or one above it (a script run from its
 * project's root, `cd app` in a Makefile that runs elsewhere), else, for a dotted module, the
 * closest anywhere in the scan (a container path we could not map, a `src/` layout); a one-word
 * module (`main`, `app`) is too common a name to look for far away. Unchanged when no scanned
 * file is the module (it comes from an installed package, or is excluded).
 */
function settleDir(module: string, dir: string, holders: ReadonlyMap<string, readonly string[]>): string {
  const found = holders.get(module);
  if (!found || found.length === 0 || found.includes(dir)) return dir;
  for (let d = dir; d !== '';) {
    d = parentOf(d);
    if (found.includes(d)) return d;
  }
  if (!module.includes('.')) return dir;
  const depth = (d: string): number => (d === '' ? 0 : d.split('/').length);
  const under = found.filter((d) => dir === '' || d.startsWith(`${dir}/`));
  return [...(under.length > 0 ? under : found)].sort((a, b) => depth(a) - depth(b) || compareStrings(a, b))[0]!;
}

/** For each module the targets name: the folders from which it is importable, per the scanned `.py` files. */
function moduleHolders(modules: ReadonlySet<string>, pyFiles: readonly string[]): Map<string, string[]> {
  // Indexed by a module's last name: `app.py` by `app.py`, `app/__init__.py` by `app/__init__.py`.
  const byTail = new Map<string, string[]>();
  for (const rel of pyFiles) {
    const base = path.posix.basename(rel);
    const tail = base === '__init__.py' ? `${path.posix.basename(parentOf(rel))}/${base}` : base;
    const list = byTail.get(tail);
    if (list) list.push(rel);
    else byTail.set(tail, [rel]);
  }
  const out = new Map<string, string[]>();
  for (const m of modules) {
    const stem = m.replaceAll('.', '/');
    const last = m.slice(m.lastIndexOf('.') + 1);
    const holders = new Set<string>();
    for (const [tail, file] of [
      [`${last}.py`, `${stem}.py`],
      [`${last}/__init__.py`, `${stem}/__init__.py`],
    ] as const) {
      for (const rel of byTail.get(tail) ?? []) {
        if (rel === file) holders.add('');
        else if (rel.endsWith(`/${file}`)) holders.add(rel.slice(0, -file.length - 1));
      }
    }
    if (holders.size > 0) out.set(m, [...holders]);
  }
  return out;
}

export interface TargetFile {
  abs: string;
  /** POSIX, relative to the scan root. */
  rel: string;
}

/** The text of each readable candidate within the size cap, with notices for the others. */
function readAll(files: readonly TargetFile[], maxFileBytes: number, notices: Notice[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const f of files) {
    const kind = targetFileKind(path.posix.basename(f.rel))!;
    try {
      const st = statSync(f.abs);
      if (!st.isFile()) continue;
      if (st.size > maxFileBytes) {
        if (!QUIET_KINDS.has(kind))
          notices.push({ level: 'notice', file: f.rel, message: `skipped: ${st.size} bytes > limit (${maxFileBytes} bytes); no server targets read from it` });
        continue;
      }
      texts.set(f.rel, readFileSync(f.abs, 'utf8'));
    } catch (e) {
      notices.push({ level: 'notice', file: f.rel, message: `cannot read file (${errorCode(e)}); no server targets read from it` });
    }
  }
  return texts;
}

/** Sorted by file and line (then the target itself); one per module/attr/factory/dir, at its first place. */
function finishTargets(targets: readonly ServerTarget[]): ServerTarget[] {
  const sorted = [...targets].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      compareStrings(a.module, b.module) ||
      compareStrings(a.attr, b.attr) ||
      Number(a.factory) - Number(b.factory) ||
      compareStrings(a.dir, b.dir) ||
      compareStrings(a.server, b.server),
  );
  const seen = new Set<string>();
  return sorted.filter((t) => {
    const key = `${t.module}\0${t.attr}\0${t.factory}\0${t.dir}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The server targets named by `files` (deployment files under the scan root, as discovery found
 * them). Compose files are read first: their `build:` says which context a Dockerfile is built with.
 */
export function findTargets(rootReal: string, files: readonly TargetFile[], maxFileBytes: number, pyFiles: readonly string[]): { targets: ServerTarget[]; notices: Notice[] } {
  const notices: Notice[] = [];
  const texts = readAll(files, maxFileBytes, notices);
  const tree = treeOf(rootReal, texts);
  const hints = new Map<string, string>();
  const out: ServerTarget[] = [];
  const ordered = [...texts.keys()].sort((a, b) => Number(kindOf(b) === 'compose') - Number(kindOf(a) === 'compose') || compareStrings(a, b));
  for (const rel of ordered) {
    const text = texts.get(rel)!;
    const kind = kindOf(rel);
    if (NEEDS_SERVER_WORD.has(kind) && !SERVER_WORD.test(text)) continue;
    const dir = path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel);
    const add = (found: readonly FoundTarget[], source: ServerTarget['source'] = SOURCE[kind]): void => {
      for (const t of found) out.push({ module: t.module, attr: t.attr, factory: t.factory, dir: t.dir, server: t.server, file: rel, line: t.line, source });
    };
    switch (kind) {
      case 'dockerfile':
        add(dockerfileTargets(text, rel, tree, notices, hints.get(rel)));
        break;
      case 'compose':
      case 'yaml':
        for (const t of yamlTargets(text, rel, tree, notices, hints)) add([t], t.compose ? 'compose' : 'other');
        break;
      case 'procfile':
        add(procfileTargets(text, rel, tree));
        break;
      case 'shell':
        add(shellTargets(text, rel, tree));
        break;
      case 'makefile':
        add(makefileTargets(text, rel, tree));
        break;
      case 'ini':
        add(iniTargets(text, tree));
        break;
      case 'pyproject':
        add(pyprojectTargets(text, rel, tree, notices, dir));
        break;
      case 'setup.cfg':
        add(setupCfgTargets(text, dir));
        break;
      case 'setup.py':
        add(setupPyTargets(text, dir));
        break;
    }
  }
  const holders = moduleHolders(new Set(out.map((t) => t.module)), pyFiles);
  return { targets: finishTargets(out.map((t) => ({ ...t, dir: settleDir(t.module, t.dir, holders) }))), notices };
}

const kindOf = (rel: string): Kind => targetFileKind(path.posix.basename(rel))!;
