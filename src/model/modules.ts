/**
 * Module names for scanned files, and import resolution.
 *
 * A file's module name is its path relative to its source root. The root is found the way Python
 * would: a regular package's root is the first ancestor without `__init__.py`; for namespace
 * packages (no `__init__.py`) it is the shallowest directory from which the project's own absolute
 * imports resolve (`backend/` when files import `app.api.deps` from `backend/app/api/deps.py`, or
 * `src/`). Absolute imports that still do not match a name exactly fall back to a unique suffix
 * match. A namespace package named like the standard library or a library we model
 * (`services/fastapi/`) is never what an import of that name loads: Python prefers the installed
 * regular package.
 */
import { posix } from 'node:path';
import { ASSUMED_INSTALLED } from './externals.js';
import { STDLIB_MODULES } from './stdlib.js';

/** A top-level name Python finds outside the scan (the standard library, the libraries we model). */
const installed = (top: string): boolean => STDLIB_MODULES.has(top) || ASSUMED_INSTALLED.has(top);

export interface ModuleFile {
  rel: string;
  name: string;
  isPackage: boolean;
  /** The source root the name is relative to ('.' = the scan root). */
  root: string;
  key: string;
}

/** Modules are identified by source root and name: two services in one scan may both have `app.main`. */
export function moduleKey(root: string, name: string): string {
  return `${root}:${name}`;
}

export class ModuleIndex {
  readonly byKey = new Map<string, ModuleFile>();
  readonly byFile = new Map<string, ModuleFile>();
  /** Keys of packages (regular or namespace) that hold modules. */
  private readonly packageKeys = new Set<string>();
  /** Name → keys of modules/packages with that name, sorted. */
  private readonly byName = new Map<string, string[]>();
  private readonly suffixes = new Map<string, string[]>();
  /**
   * Top-level namespace packages (folders without `__init__.py`) named like an installed package
   * (`services/fastapi/`): Python imports the installed one, so nothing resolves into them.
   */
  private readonly shadowed = new Set<string>();

  constructor(files: readonly string[], importedTops: ReadonlyMap<string, ReadonlySet<string>>) {
    const fileSet = new Set(files);
    const dirs = new Set<string>();
    for (const f of files) {
      let d = posix.dirname(f);
      while (d !== '.' && !dirs.has(d)) {
        dirs.add(d);
        d = posix.dirname(d);
      }
    }
    dirs.add('.');
    const hasInit = (d: string): boolean => fileSet.has(d === '.' ? '__init__.py' : `${d}/__init__.py`);
    // Candidate roots: directories D holding D/T (a package dir or T.py) for an imported top-level T.
    // A directory that is itself a regular package (has __init__.py) is not a root: its modules are
    // `pkg.x`, and a stdlib-named module inside it (`logging.py`) must not make it one.
    const candidates = new Set<string>();
    for (const d of dirs) {
      if (d !== '.' && hasInit(d)) continue;
      // A folder without __init__.py inside a regular package is its namespace subpackage
      // (`openhands/server/routes/`); it is a root only for files in it that import a sibling as
      // top-level (a script folder), not because another file imports a library of the same name
      // (`import git` is GitPython, not `routes/git.py`).
      const subpackage = d !== '.' && hasInit(posix.dirname(d));
      for (const [t, importers] of importedTops) {
        if (subpackage && ![...importers].some((i) => i === d || i.startsWith(`${d}/`))) continue;
        const p = d === '.' ? t : `${d}/${t}`;
        // a folder named like an installed package makes a root only as a regular package
        if (fileSet.has(`${p}.py`) || (dirs.has(p) && (hasInit(p) || !installed(t)))) {
          candidates.add(d);
          break;
        }
      }
    }
    const rootCache = new Map<string, string>();
    const rootOf = (dir: string): string => {
      const cached = rootCache.get(dir);
      if (cached !== undefined) return cached;
      // The regular-package chain: up while the directory has __init__.py.
      let chainRoot = dir;
      while (chainRoot !== '.' && hasInit(chainRoot)) chainRoot = posix.dirname(chainRoot);
      // The deepest directory at or above it from which the project's own imports resolve (namespace
      // packages: `src/`, `backend/`, or a package dir without __init__.py inside a regular package).
      let root = chainRoot;
      for (let d = chainRoot; ; d = posix.dirname(d)) {
        if (candidates.has(d)) {
          root = d;
          break;
        }
        if (d === '.') break;
      }
      rootCache.set(dir, root);
      return root;
    };
    const addName = (map: Map<string, string[]>, name: string, key: string): void => {
      const list = map.get(name);
      if (!list) map.set(name, [key]);
      else if (!list.includes(key)) list.push(key);
    };
    for (const f of files) {
      if (!f.endsWith('.py')) continue;
      const root = rootOf(posix.dirname(f));
      const relToRoot = root === '.' ? f : f.slice(root.length + 1);
      const parts = relToRoot.slice(0, -3).split('/');
      const isPackage = parts[parts.length - 1] === '__init__';
      if (isPackage) parts.pop();
      // A name that is not an identifier (`my-service.py`) cannot be imported, but it can still be
      // the app's entry point (`uvicorn my-service:app`): it is evaluated like any other module.
      if (parts.length === 0 || parts.some((p) => p === '')) continue;
      const name = parts.join('.');
      const key = moduleKey(root, name);
      const mf: ModuleFile = { rel: f, name, isPackage, root, key };
      const prev = this.byKey.get(key);
      // a package __init__ and a same-named module: the package wins, as in Python
      if (!prev || (isPackage && !prev.isPackage)) this.byKey.set(key, mf);
      this.byFile.set(f, mf);
      addName(this.byName, name, key);
      for (let i = 1; i < parts.length; i++) {
        const pkg = parts.slice(0, i).join('.');
        this.packageKeys.add(moduleKey(root, pkg));
        addName(this.byName, pkg, moduleKey(root, pkg));
      }
    }
    for (const key of this.packageKeys) {
      const name = key.slice(key.lastIndexOf(':') + 1);
      if (!name.includes('.') && !this.byKey.has(key) && installed(name)) this.shadowed.add(key);
    }
    for (const list of this.byName.values()) list.sort();
    for (const mf of this.byKey.values()) {
      const parts = mf.name.split('.');
      for (let i = 1; i < parts.length; i++) addName(this.suffixes, parts.slice(i).join('.'), mf.key);
    }
  }

  has(key: string): boolean {
    return (this.byKey.has(key) || this.packageKeys.has(key)) && !this.inShadowed(key);
  }

  /** Is the key inside a shadowed namespace package (`services:fastapi.main`)? */
  private inShadowed(key: string): boolean {
    if (!this.shadowed.size) return false;
    const dot = key.indexOf('.', key.lastIndexOf(':'));
    return this.shadowed.has(dot < 0 ? key : key.slice(0, dot));
  }

  /**
   * The module an absolute dotted name refers to, imported from a module under `fromRoot`: the same
   * root first, then (unless it names the standard library or a library we model) any root (first by
   * sort order), then a unique suffix match.
   */
  resolve(name: string, fromRoot?: string, fromName?: string): string | undefined {
    if (fromRoot !== undefined) {
      const k = moduleKey(fromRoot, name);
      if (this.has(k)) return k;
    }
    // the standard library and the libraries we model are installed: only a module of the
    // importer's own root can shadow them (`integrations/fastapi.py` is not `fastapi`)
    const dot = name.indexOf('.');
    if (installed(dot < 0 ? name : name.slice(0, dot))) return undefined;
    const list = this.byName.get(name)?.filter((k) => !this.inShadowed(k));
    if (list && list.length) return list[0];
    const suf = this.suffixes.get(name)?.filter((k) => !this.inShadowed(k));
    if (suf && suf.length === 1) return suf[0];
    // several: the one beside the importer's own package, as when its folder is the working
    // directory (`enterprise/saas_server.py` importing `server.middleware` finds `enterprise/server/`)
    if (suf && fromName && fromRoot !== undefined) {
      const parts = fromName.split('.');
      for (let i = parts.length - 1; i > 0; i--) {
        const k = moduleKey(fromRoot, `${parts.slice(0, i).join('.')}.${name}`);
        if (suf.includes(k)) return k;
      }
    }
    return undefined;
  }

  /** `from ..x import y` in module `from` (a package if isPackage): the absolute base name. */
  static relativeBase(fromName: string, fromIsPackage: boolean, level: number, mod: string): string | undefined {
    const parts = fromName.split('.');
    if (!fromIsPackage) parts.pop();
    for (let i = 1; i < level; i++) {
      if (parts.length === 0) return undefined;
      parts.pop();
    }
    if (mod) parts.push(...mod.split('.'));
    return parts.join('.');
  }
}
