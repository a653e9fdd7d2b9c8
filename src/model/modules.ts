/**
 * Module names for scanned files, and import resolution.
 *
 * A file's module name is its path relative to its source root. The root is found the way Python
 * would: a regular package's root is the first ancestor without `__init__.py`; for namespace
 * packages (no `__init__.py`) it is the shallowest directory from which the project's own absolute
 * imports resolve (`backend/` when files import `app.api.deps` from `backend/app/api/deps.py`, or
 * `src/`). Absolute imports that still do not match a name exactly fall back to a unique suffix
 * match.
 */
import { posix } from 'node:path';

export interface ModuleFile {
  rel: string;
  name: string;
  isPackage: boolean;
}

export class ModuleIndex {
  readonly byName = new Map<string, ModuleFile>();
  readonly byFile = new Map<string, ModuleFile>();
  private readonly suffixes = new Map<string, ModuleFile[]>();
  /** Directories that are packages (hold modules), by dotted name — for namespace packages. */
  readonly packages = new Set<string>();

  constructor(files: readonly string[], importedTops: ReadonlySet<string>) {
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
    const candidates = new Set<string>();
    for (const d of dirs) {
      for (const t of importedTops) {
        const p = d === '.' ? t : `${d}/${t}`;
        if (dirs.has(p) || fileSet.has(`${p}.py`)) {
          candidates.add(d);
          break;
        }
      }
    }
    const rootCache = new Map<string, string>();
    const rootOf = (dir: string): string => {
      const cached = rootCache.get(dir);
      if (cached !== undefined) return cached;
      let root: string;
      if (dir !== '.' && hasInit(dir)) {
        let r = dir;
        while (r !== '.' && hasInit(r)) r = posix.dirname(r);
        root = r;
      } else {
        // shallowest candidate that is an ancestor of (or equal to) dir
        const chain: string[] = [];
        for (let d = dir; ; d = posix.dirname(d)) {
          chain.push(d);
          if (d === '.') break;
        }
        root = dir;
        for (const d of chain) if (candidates.has(d)) root = d;
      }
      rootCache.set(dir, root);
      return root;
    };
    for (const f of files) {
      if (!f.endsWith('.py')) continue;
      const dir = posix.dirname(f);
      const root = rootOf(dir);
      const relToRoot = root === '.' ? f : f.slice(root.length + 1);
      const parts = relToRoot.slice(0, -3).split('/');
      const isPackage = parts[parts.length - 1] === '__init__';
      if (isPackage) parts.pop();
      if (parts.length === 0 || parts.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) continue;
      const name = parts.join('.');
      const mf: ModuleFile = { rel: f, name, isPackage };
      const prev = this.byName.get(name);
      // a package __init__ and a same-named module: the package wins, as in Python
      if (!prev || (isPackage && !prev.isPackage)) this.byName.set(name, mf);
      this.byFile.set(f, mf);
      for (let i = 1; i < parts.length; i++) this.packages.add(parts.slice(0, i).join('.'));
    }
    for (const mf of this.byName.values()) {
      const parts = mf.name.split('.');
      for (let i = 1; i < parts.length; i++) {
        const suffix = parts.slice(i).join('.');
        const list = this.suffixes.get(suffix);
        if (list) list.push(mf);
        else this.suffixes.set(suffix, [mf]);
      }
    }
  }

  /** The canonical module name an absolute dotted name refers to, if it is one of ours. */
  resolveAbsolute(name: string): string | undefined {
    if (this.byName.has(name) || this.packages.has(name)) return name;
    const list = this.suffixes.get(name);
    if (list && list.length === 1) return list[0]!.name;
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
