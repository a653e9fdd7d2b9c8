/**
 * `build/` and `dist/` directories that are Python packages. The names are built-in excludes
 * (build output), but a product once kept 72 routes in a package named `build`. The walk takes a
 * `build`/`dist` directory holding an `__init__.py` at once and holds the others back (walk.ts);
 * this module admits a held directory when scanned code imports a module inside it:
 *
 * - `import build.api`, `from build.api import x`, `from build import api`: an absolute import
 *   whose dotted path runs through a held directory (matched on the directory's trailing path
 *   segments, `from app.build.x import y` → `…/app/build`, since we do not know sys.path);
 * - `from .build import api`, `from ..build.api import x`, `from . import build` followed by a
 *   module: a relative import, resolved from the importing file's folder.
 *
 * Either way the import must name a module that is in the directory (`api` for `api.py` or `api/`):
 * without an `__init__.py` the directory is a namespace package, and Python imports nothing from
 * it but its modules. So `from build import ProjectBuilder` (PyPA's `build` frontend) does not
 * admit a setuptools `build/lib/...` tree, and neither does a bare `import build`.
 *
 * Imports are found with a regular expression over each scanned file's text, not the parser: this
 * runs before parsing, only when some directory is held, and only on files whose text contains
 * `build` or `dist`. It can be fooled by an import written in a string or a docstring, which at
 * worst scans one directory too many; it misses an import continued with a backslash.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_DIR_NAMES } from './filters.js';
import { followLinks, walkDir, type WalkContext } from './walk.js';

/** An import's dotted path as folder segments, anchored at a folder (relative imports) or anywhere (absolute). */
interface ImportPath {
  segments: string[];
  /** POSIX folder (relative to the root) a relative import starts from; undefined for absolute imports. */
  anchor?: string;
}

const NAME = String.raw`[\p{L}\p{N}_]+`;
const DOTTED = String.raw`[\p{L}\p{N}_.]*`;
// `from .x import (a, b)` may span lines inside the parentheses; `from.x import a` needs no space.
const FROM_IMPORT = new RegExp(String.raw`^[ \t]*from(?:[ \t]+|(?=\.))(\.*)[ \t]*(${DOTTED})[ \t]+import[ \t]*(\([^)]*\)|[^\n#;]*)`, 'gmu');
const IMPORT = new RegExp(String.raw`^[ \t]*import[ \t]+([^\n#;]*)`, 'gmu');
const NAME_ONLY = new RegExp(`^${NAME}$`, 'u');

/** `a as b, c` / `(a,\n b as c)` → the names imported, as written before `as`. */
function importedNames(list: string): string[] {
  return list
    .replace(/[()\\]/g, ' ')
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter((name) => NAME_ONLY.test(name));
}

const dotted = (text: string): string[] => text.split('.').filter(Boolean);

/** The folder `level` dots refer to from `fileRel` (one dot: its own folder); undefined above the root. */
function anchorOf(fileRel: string, level: number): string | undefined {
  const parts = path.posix
    .dirname(fileRel)
    .split('/')
    .filter((p) => p !== '.');
  if (level - 1 > parts.length) return undefined;
  return parts.slice(0, parts.length - (level - 1)).join('/');
}

/** The imports of one file that may reach into a `build`/`dist` directory. */
export function packageImports(fileRel: string, text: string): ImportPath[] {
  const out: ImportPath[] = [];
  const mentions = (segments: string[]): boolean => segments.some((s) => PACKAGE_DIR_NAMES.has(s));
  for (const m of text.matchAll(FROM_IMPORT)) {
    const level = m[1]!.length;
    const base = dotted(m[2]!);
    const anchor = level > 0 ? anchorOf(fileRel, level) : undefined;
    if (level > 0 && anchor === undefined) continue;
    for (const name of importedNames(m[3]!)) {
      const segments = [...base, name];
      if (mentions(segments)) out.push({ segments, ...(level > 0 && { anchor }) });
    }
  }
  for (const m of text.matchAll(IMPORT)) {
    for (const name of m[1]!.split(',')) {
      const segments = dotted(name.trim().split(/\s+/)[0] ?? '');
      if (mentions(segments)) out.push({ segments });
    }
  }
  return out;
}

/** Whether `imp` names a module inside `dir`: it runs through the directory and goes on into one of its modules. */
export function reachesInto(imp: ImportPath, dir: { rel: string; modules: ReadonlySet<string> }): boolean {
  for (let i = 0; i + 1 < imp.segments.length; i++) {
    if (!dir.modules.has(imp.segments[i + 1]!)) continue;
    const through = imp.segments.slice(0, i + 1).join('/');
    if (imp.anchor !== undefined) {
      if ((imp.anchor ? `${imp.anchor}/${through}` : through) === dir.rel) return true;
    } else if (dir.rel === through || dir.rel.endsWith(`/${through}`)) {
      return true;
    }
  }
  return false;
}

/** The imports of the scanned files not read yet (files over the size cap or unreadable are left to later stages). */
function readImports(ctx: WalkContext, read: Set<string>, maxFileBytes: number): ImportPath[] {
  const out: ImportPath[] = [];
  for (const file of ctx.files.values()) {
    if (read.has(file.real)) continue;
    read.add(file.real);
    let text: string;
    try {
      if (statSync(file.abs).size > maxFileBytes) continue;
      text = readFileSync(file.abs, 'utf8');
    } catch {
      continue; // the size pass and the parser report what cannot be read
    }
    if ([...PACKAGE_DIR_NAMES].some((n) => text.includes(n))) out.push(...packageImports(file.rel, text));
  }
  return out;
}

/**
 * Walks the held `build`/`dist` directories that scanned code imports from, until no more are
 * admitted (a package admitted may import from another). What stays held is excluded.
 */
export async function admitImportedPackages(ctx: WalkContext, maxFileBytes: number): Promise<void> {
  const read = new Set<string>();
  const imports: ImportPath[] = [];
  while (ctx.held.size > 0) {
    imports.push(...readImports(ctx, read, maxFileBytes));
    const admitted = [...ctx.held.values()].filter((dir) => imports.some((imp) => reachesInto(imp, dir)));
    if (admitted.length === 0) return;
    for (const dir of admitted.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))) {
      ctx.held.delete(dir.real);
      await walkDir(ctx, { abs: dir.abs, rel: dir.rel, real: dir.real }, false);
    }
    await followLinks(ctx);
  }
}
