/**
 * dependency-injector (`python-dependency-injector`) in FastAPI: `Depends(Provide[Container.x])`
 * (also `Provide["x"]`, `Provider[...]`, `Closing[Provide[...]]`, with `@inject` on the handler)
 * gives the handler what the container's provider `x` makes. FastAPI itself calls only the marker
 * (it has no parameters of its own); `@inject` then calls the provider, which calls the callable it
 * was declared with (`providers.Factory(cls, ...)`, `Singleton`, `Callable(fn, ...)`, `Resource`,
 * `Coroutine`) with the container's arguments, not the request's. So the dependency is that
 * callable: a project function or class when the container is in the scan (whether it rejects is
 * then read from its body), else it stays unresolved (`unknown`).
 */
import type { Expr, Stmt } from '../facts/ir.js';
import { locColumn, locEndColumn, locEndLine, locLine } from '../facts/loc.js';
import type { Interp } from './interp.js';
import { alternatives, type ClassRec, type DepSpec, type ModuleRec, type Value } from './values.js';

const MARKER = /^dependency_injector\.wiring\.(Provide|Provider|Closing)\[\]$/;
const CONTAINER = /^dependency_injector\.containers\.(DeclarativeContainer|DynamicContainer)$/;
/** Providers that call what they were declared with: its first argument (or `provides=`). */
const CALLING =
  /^dependency_injector\.providers\.(Factory|DelegatedFactory|Singleton|ThreadSafeSingleton|ThreadLocalSingleton|ContextLocalSingleton|DelegatedSingleton|Callable|DelegatedCallable|Coroutine|DelegatedCoroutine|Resource)$/;
/** Providers of values (`Configuration`, `Object`, …): nothing is called. */
const VALUES = /^dependency_injector\.providers\.(Object|Configuration|List|Dict|Self)$/;
/** A sub-container: `providers.Container(OtherContainer)`. */
const SUB = /^dependency_injector\.providers\.(Container|DependenciesContainer)$/;

/**
 * The dependency a `Depends(...)` target stands for: what the dependency-injector provider it names
 * calls, when the target is a `Provide[...]` marker and the provider can be read; otherwise the
 * target itself. A value provider (`Provide[Container.config.x]`) stands for itself, a leaf that
 * does not authenticate; a library class the provider calls is still unresolved, and so is any
 * marker we cannot read.
 */
export function injected(ip: Interp, target: Value, spec: DepSpec): Value {
  if (target.k !== 'ext' || !MARKER.test(target.path)) return target;
  const mod = moduleOfFile(ip, spec.loc.file);
  if (!mod) return target;
  const call = callAt(ip.factsOf(mod)?.body ?? [], spec.loc.line, spec.loc.column);
  let e = call?.args.find((a) => !a.name && !a.star)?.v ?? call?.args.find((a) => a.name === 'dependency')?.v;
  // Closing[Provide[...]]: the inner marker
  for (let i = 0; e && e.t === 'sub' && i < 3; i++) {
    const inner = e.index;
    if (inner.t === 'sub') e = inner;
    else break;
  }
  if (!e || e.t !== 'sub') return target;
  const provider = providerOf(ip, mod, e.index);
  if (!provider) return target;
  return calledBy(provider) ?? target;
}

/** The provider a marker's index names: `Container.x`, `Container.sub.x`, `"x"`, `"sub.x"`. */
function providerOf(ip: Interp, mod: ModuleRec, index: Expr): Value | undefined {
  if (index.t === 'str') {
    const path = index.v.split('.');
    for (const cls of containers(ip)) {
      const v = walk(ip, { k: 'class', cls }, path);
      if (v) return v;
    }
    return undefined;
  }
  const names: string[] = [];
  let x: Expr = index;
  // `Container.x.provider`: the provider itself
  if (x.t === 'attr' && x.attr === 'provider') x = x.obj;
  while (x.t === 'attr') {
    names.unshift(x.attr);
    x = x.obj;
  }
  if (x.t !== 'name') return undefined;
  const root = ip.lookup(x.id, ip.moduleScope(mod));
  return walk(ip, root, names);
}

function walk(ip: Interp, from: Value, path: readonly string[]): Value | undefined {
  let v: Value | undefined = from;
  for (const name of path) {
    if (!v) return undefined;
    const base: Value = v;
    // `Container.config.section.key`: an option of a configuration provider is a value
    if (base.k === 'inst' && base.inst.cls.k === 'ext' && VALUES.test(base.inst.cls.path)) return base;
    const sub = base.k === 'inst' && base.inst.cls.k === 'ext' && SUB.test(base.inst.cls.path) ? base.inst.args.pos[0] : undefined;
    const holder: Value = sub ?? base;
    if (holder.k !== 'class') return undefined;
    v = ip.classAttr(holder.cls, name);
  }
  return v && v.k !== 'unknown' ? v : undefined;
}

/** The declarative containers of the scanned code. */
function containers(ip: Interp): ClassRec[] {
  return ip.classes.filter((c) => ip.extBases(c).some((b) => CONTAINER.test(b)));
}

/** What a provider calls (its first argument); a value provider calls nothing (it stands for itself). */
function calledBy(provider: Value): Value | undefined {
  for (const p of alternatives(provider)) {
    if (p.k !== 'inst' || p.inst.cls.k !== 'ext') continue;
    const path = p.inst.cls.path;
    if (CALLING.test(path)) {
      const provides = p.inst.args.pos[0] ?? p.inst.args.kw.get('provides');
      if (provides && (provides.k === 'func' || provides.k === 'class' || provides.k === 'ext')) return provides;
      return undefined;
    }
    // a value (`Provide[Container.config.db_url]`): the provider itself, a leaf with nothing to call
    if (VALUES.test(path)) return p;
  }
  return undefined;
}

function moduleOfFile(ip: Interp, file: string): ModuleRec | undefined {
  for (const m of ip.modules.values()) if (m.file === file) return m;
  return undefined;
}

type Call = Extract<Expr, { t: 'call' }>;

/** The call that starts at a line and column of a module's code (a `Depends(...)` in a parameter default). */
function callAt(body: Stmt[], line: number, column: number): Call | undefined {
  const contains = (loc: Expr['loc']): boolean => {
    const l0 = locLine(loc);
    const l1 = locEndLine(loc);
    if (line < l0 || line > l1) return false;
    if (line === l0 && column < locColumn(loc)) return false;
    if (line === l1 && column > locEndColumn(loc)) return false;
    return true;
  };
  let found: Call | undefined;
  const expr = (e: Expr | null | undefined): void => {
    if (found || !e || !contains(e.loc)) return;
    if (e.t === 'call' && locLine(e.loc) === line && locColumn(e.loc) === column) {
      found = e;
      return;
    }
    for (const c of children(e)) expr(c);
  };
  const stmts = (ss: Stmt[]): void => {
    for (const s of ss) {
      if (found) return;
      if (!contains(s.loc)) continue;
      switch (s.t) {
        case 'def':
          for (const p of s.params) {
            expr(p.def);
            expr(p.ann);
          }
          for (const d of s.decorators) expr(d);
          stmts(s.body);
          break;
        case 'class':
          for (const b of s.bases) expr(b.v);
          for (const d of s.decorators) expr(d);
          stmts(s.body);
          break;
        case 'assign':
          expr(s.v);
          expr(s.ann);
          break;
        case 'expr':
        case 'return':
          expr(s.v);
          break;
        case 'if':
        case 'while':
          stmts(s.body);
          stmts(s.orelse);
          break;
        case 'for':
          stmts(s.body);
          stmts(s.orelse);
          break;
        case 'with':
          stmts(s.body);
          break;
        case 'try':
          stmts(s.body);
          for (const h of s.handlers) stmts(h.body);
          stmts(s.orelse);
          stmts(s.final);
          break;
        case 'typealias':
          expr(s.v);
          break;
        default:
          break;
      }
    }
  };
  stmts(body);
  return found;
}

function children(e: Expr): Expr[] {
  switch (e.t) {
    case 'attr':
      return [e.obj];
    case 'call':
      return [e.fn, ...e.args.map((a) => a.v)];
    case 'sub':
      return [e.obj, e.index];
    case 'list':
    case 'tuple':
    case 'set':
      return e.items;
    case 'dict':
      return e.items.flatMap(([k, v]) => (k ? [k, v] : [v]));
    case 'bin':
      return [e.l, e.r];
    case 'unary':
    case 'await':
    case 'starred':
    case 'walrus':
      return [e.v];
    case 'boolop':
      return e.values;
    case 'cmp':
      return e.operands;
    case 'ifexp':
      return [e.test, e.body, e.orelse];
    case 'lambda':
      return [e.body];
    case 'fstr':
      return e.parts.filter((p): p is Expr => typeof p !== 'string');
    case 'comp':
      return [e.elt, e.iter];
    default:
      return [];
  }
}
