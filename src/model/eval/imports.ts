/**
 * Imports: loading a module once (its package first, cycle-safe), `import`/`from` statements, and
 * library symbols (`fastapi.FastAPI`, status constants as numbers).
 */
import type { Stmt } from '../../facts/ir.js';
import { canonical, statusConstant } from '../externals.js';
import { ModuleIndex, moduleKey } from '../modules.js';
import { UNKNOWN, str, type ModuleRec, type Scope, type Value } from '../values.js';
import type { Evaluator, Frame } from './evaluator.js';

/** Imports the module with this key (see ModuleIndex), running its code once. */
export function loadModule(ip: Evaluator, key: string): ModuleRec | undefined {
  let mod = ip.modules.get(key);
  if (mod) return mod;
  const facts = ip.facts.get(key);
  const mf = ip.index.byKey.get(key);
  if (!facts && !ip.index.has(key)) return undefined;
  const sep = key.indexOf(':');
  const root = key.slice(0, sep);
  const name = key.slice(sep + 1);
  // Python imports the parent package first (its __init__ may import this module itself).
  const dot = name.lastIndexOf('.');
  const parent = dot > 0 ? loadModule(ip, moduleKey(root, name.slice(0, dot))) : undefined;
  mod = ip.modules.get(key);
  if (mod) return mod;
  mod = {
    name,
    key,
    root,
    file: mf?.rel ?? facts?.path ?? name.replace(/\./g, '/'),
    isPackage: mf ? mf.isPackage : true,
    ns: new Map(),
    assigned: new Set(),
    state: 'running',
    futureAnnotations: false,
  };
  mod.ns.set('__name__', str(name));
  ip.modules.set(key, mod);
  // the child becomes an attribute of its package
  if (parent && !parent.ns.has(name.slice(dot + 1))) parent.ns.set(name.slice(dot + 1), { k: 'module', mod });
  if (facts) {
    const scope: Scope = { vars: mod.ns, module: mod };
    ip.moduleScopes.set(mod, scope);
    const saved = { depth: ip.depth, cond: ip.cond, origin: ip.origin, current: ip.current };
    // a module's code runs on import, whatever code imported it first
    ip.depth = 0;
    ip.cond = 0;
    ip.origin = { kind: 'import', name, loc: { file: mod.file, line: 1, column: 1 } };
    ip.current = undefined;
    try {
      ip.withSlice(`module ${name}`, () => ip.execBlock(facts.body, scope, { returns: [] }));
    } finally {
      Object.assign(ip, saved);
    }
  }
  mod.state = 'done';
  return mod;
}
/** A library symbol; status constants (`starlette.status.HTTP_401_UNAUTHORIZED`) are their numbers. */
export function ext(ip: Evaluator, path: string): Value {
  const dot = path.lastIndexOf('.');
  if (dot > 0 && /(^|\.)status$/.test(path.slice(0, dot))) {
    const code = statusConstant(path.slice(dot + 1));
    if (code !== undefined) return { k: 'num', v: code };
  }
  return { k: 'ext', path: canonical(path) };
}

function importValue(ip: Evaluator, absName: string, fromRoot: string, fromName?: string): Value {
  const key = ip.index.resolve(absName, fromRoot, fromName);
  if (key) {
    const mod = loadModule(ip, key);
    if (mod) return { k: 'module', mod };
  }
  return ext(ip, absName);
}

/** A submodule `pkg.name` of a loaded package, if it exists. */
export function submodule(ip: Evaluator, pkg: ModuleRec, name: string): ModuleRec | undefined {
  const key = moduleKey(pkg.root, `${pkg.name}.${name}`);
  return ip.index.has(key) ? loadModule(ip, key) : undefined;
}

export function execImport(ip: Evaluator, s: Extract<Stmt, { t: 'import' }>, scope: Scope, frame: Frame): void {
  for (const { mod, as } of s.names) {
    const root = scope.module.root;
    if (as) {
      ip.bind(scope, frame, as, importValue(ip, mod, root, scope.module.name), s.loc);
      continue;
    }
    // `import a.b.c` imports a, a.b, a.b.c and binds `a`
    const parts = mod.split('.');
    const leaf = importValue(ip, mod, root, scope.module.name);
    const top = leaf.k === 'module' ? ip.modules.get(moduleKey(leaf.mod.root, parts[0]!)) : undefined;
    ip.bind(scope, frame, parts[0]!, top ? { k: 'module', mod: top } : importValue(ip, parts[0]!, root), s.loc);
  }
}

export function execFrom(ip: Evaluator, s: Extract<Stmt, { t: 'from' }>, scope: Scope, frame: Frame): void {
  const mod = scope.module;
  if (s.mod === '__future__') {
    if (s.names !== '*' && s.names.some((n) => n.name === 'annotations')) mod.futureAnnotations = true;
    return;
  }
  let key: string | undefined;
  if (s.level > 0) {
    const base = ModuleIndex.relativeBase(mod.name, mod.isPackage, s.level, s.mod);
    key = base !== undefined ? moduleKey(mod.root, base) : undefined;
  } else key = ip.index.resolve(s.mod, mod.root, mod.name);
  const target = key !== undefined && ip.index.has(key) ? loadModule(ip, key) : undefined;
  if (!target) {
    const extBase = s.level > 0 ? undefined : s.mod;
    if (s.names === '*') return;
    for (const n of s.names) {
      const v: Value = extBase ? ext(ip, `${extBase}.${n.name}`) : UNKNOWN(`unresolved relative import of ${n.name}`);
      ip.bind(scope, frame, n.as ?? n.name, v, s.loc);
    }
    return;
  }
  if (s.names === '*') {
    for (const [k, v] of target.ns) if (!k.startsWith('_')) ip.bind(scope, frame, k, v, s.loc, true);
    return;
  }
  for (const n of s.names) {
    let v = target.ns.get(n.name);
    if (v === undefined) {
      const m = submodule(ip, target, n.name);
      if (m) v = { k: 'module', mod: m };
    }
    if (v === undefined) {
      // a circular import: the module may bind the name after this point of its code
      v =
        target.state === 'running'
          ? { k: 'unknown', why: `${n.name} not found in ${target.name} (a circular import)`, later: { mod: target, name: n.name } }
          : UNKNOWN(`${n.name} not found in ${target.name}`);
    }
    ip.bind(scope, frame, n.as ?? n.name, v, s.loc, true);
  }
}
