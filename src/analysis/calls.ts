/**
 * The project's call graph, read once: for every call written in the scanned code, the function of
 * ours it runs (a function, a bound method, a class's `__init__`, an instance's `__call__`,
 * `self.method(...)` inside a method), and the other way round, every call site of each function.
 * The provenance analyses follow values along it: a credential handed to a helper's parameter
 * (src/analysis/request.ts), a literal passed down to the key of `jwt.encode` (FA406), the claims of
 * a decoded token returned to a caller (src/analysis/claims.ts).
 */
import type { DefStmt, Expr, Param } from '../facts/ir.js';
import { unwrap } from '../model/auth.js';
import type { Project } from '../model/project.js';
import type { ClassRec, FuncRec, Value } from '../model/values.js';
import { codeIndex } from './code.js';
import type { CallExpr } from './ir.js';
import type { CodeUnit } from './units.js';

export interface CallSite {
  /** The unit the call is written in. */
  unit: CodeUnit;
  call: CallExpr;
  /** The function it runs. */
  target: FuncRec;
  /** The target is called as a bound method: its first parameter is `self` and receives no argument. */
  bound: boolean;
}

interface Graph {
  /** Outgoing calls, by unit. */
  out: Map<CodeUnit, CallSite[]>;
  /** Incoming calls, by the callee's def (a def evaluated twice is one callee). */
  into: Map<DefStmt, CallSite[]>;
  /** Calls of a class of ours (instances made), by class. */
  made: Map<ClassRec, Array<{ unit: CodeUnit; call: CallExpr }>>;
}

const graphs = new WeakMap<Project, Graph>();

function isStatic(fn: FuncRec): boolean {
  return fn.def.decorators.some((d) => d.t === 'name' && (d.id === 'staticmethod' || d.id === 'classmethod'));
}

function methodOf(project: Project, cls: ClassRec, name: string): FuncRec | undefined {
  const m = project.interp.classAttr(cls, name);
  return m?.k === 'func' ? unwrap(m.fn) : undefined;
}

/** The function of ours a call runs, if the call names one. */
export function callTarget(project: Project, unit: CodeUnit, call: CallExpr, callee: Value): { fn: FuncRec; bound: boolean } | undefined {
  switch (callee.k) {
    case 'func': {
      const fn = unwrap(callee.fn);
      // `Cls.method(obj, ...)` passes self explicitly; a function reached as an attribute of an instance is bound
      return { fn, bound: false };
    }
    case 'method':
      return callee.fn ? { fn: unwrap(callee.fn), bound: !isStatic(callee.fn) } : undefined;
    case 'class': {
      const init = methodOf(project, callee.cls, '__init__');
      return init ? { fn: init, bound: true } : undefined;
    }
    case 'inst': {
      if (callee.inst.cls.k !== 'class') return undefined;
      const c = methodOf(project, callee.inst.cls.cls, '__call__');
      return c ? { fn: c, bound: true } : undefined;
    }
    default:
      break;
  }
  // self.method(...) / cls.method(...) / super().method(...) inside a method: the resolver leaves `self` unknown
  const f = call.fn;
  const owner = unit.fn?.ownerClass;
  if (f.t !== 'attr' || !owner || !unit.def) return undefined;
  const first = unit.def.params[0]?.name;
  const isSelf = f.obj.t === 'name' && f.obj.id === first;
  const isSuper = f.obj.t === 'call' && f.obj.fn.t === 'name' && f.obj.fn.id === 'super';
  if (!isSelf && !isSuper) return undefined;
  const order = project.interp.mro(owner);
  for (const c of isSuper ? order.slice(1) : order) {
    if (c.k !== 'class') continue;
    const m = c.cls.ns.get(f.attr);
    if (m?.k === 'func') return { fn: unwrap(m.fn), bound: !isStatic(m.fn) };
  }
  return undefined;
}

function graphOf(project: Project): Graph {
  let g = graphs.get(project);
  if (g) return g;
  g = { out: new Map(), into: new Map(), made: new Map() };
  const ix = codeIndex(project);
  for (const unit of ix.units) {
    for (let i = 0; i < unit.calls.length; i++) {
      const call = unit.calls[i]!;
      if (call.fn.t !== 'name' && call.fn.t !== 'attr') continue;
      const callee = ix.callee(unit, i);
      if (callee.k === 'class') {
        let m = g.made.get(callee.cls);
        if (!m) g.made.set(callee.cls, (m = []));
        m.push({ unit, call });
      }
      const t = callTarget(project, unit, call, callee);
      if (!t) continue;
      const site: CallSite = { unit, call, target: t.fn, bound: t.bound };
      let o = g.out.get(unit);
      if (!o) g.out.set(unit, (o = []));
      o.push(site);
      let into = g.into.get(t.fn.def);
      if (!into) g.into.set(t.fn.def, (into = []));
      into.push(site);
    }
  }
  graphs.set(project, g);
  return g;
}

/** The calls written in a unit that run a function of ours. */
export function callsFrom(project: Project, unit: CodeUnit): readonly CallSite[] {
  return graphOf(project).out.get(unit) ?? [];
}

/** Every call site of a function (of its def: every evaluation of it). */
export function callSitesOf(project: Project, def: DefStmt): readonly CallSite[] {
  return graphOf(project).into.get(def) ?? [];
}

/** The calls that make an instance of a class of ours or of a subclass of it (`UserCreate(email=..., password=...)`). */
export function constructionsOf(project: Project, cls: ClassRec): Array<{ unit: CodeUnit; call: CallExpr }> {
  const out: Array<{ unit: CodeUnit; call: CallExpr }> = [];
  for (const [c, sites] of graphOf(project).made) {
    if (c === cls || project.interp.mro(c).some((b) => b.k === 'class' && b.cls === cls)) out.push(...sites);
  }
  return out;
}

/** The parameters a call site fills, as (parameter, argument) pairs: positional slots (after `self` for bound calls) and keywords. */
export function boundArgs(site: CallSite): Array<{ param: Param; arg: Expr }> {
  const params = site.target.def.params;
  const positional = params.filter((p) => p.kind === 'posonly' || p.kind === 'pos').slice(site.bound ? 1 : 0);
  const out: Array<{ param: Param; arg: Expr }> = [];
  let i = 0;
  for (const a of site.call.args) {
    if (a.star) {
      if (a.star === 1) i = Infinity;
      continue;
    }
    if (a.name) {
      const p = params.find((q) => q.name === a.name && q.kind !== 'posonly' && q.kind !== 'var' && q.kind !== 'varkw');
      if (p) out.push({ param: p, arg: a.v });
      continue;
    }
    const p = positional[i++];
    if (p) out.push({ param: p, arg: a.v });
  }
  return out;
}

/** The argument a call site passes for one parameter of its target. */
export function argFor(site: CallSite, param: string): Expr | undefined {
  return boundArgs(site).find((b) => b.param.name === param)?.arg;
}
