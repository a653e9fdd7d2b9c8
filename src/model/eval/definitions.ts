/**
 * Definitions: `def` and `class` statements become FuncRec/ClassRec values; decorators are applied
 * (route decorators register routes, `functools.wraps` keeps the wrapped signature).
 */
import type { ClassStmt, DefStmt } from '../../facts/ir.js';
import { locLine } from '../../facts/loc.js';
import { srcLoc, type ClassRec, type FuncRec, type ParamRec, type Scope, type SrcLoc, type Value } from '../values.js';
import { markCommand } from './commands.js';
import type { Evaluator } from './evaluator.js';

export function defineFunction(ip: Evaluator, s: DefStmt, scope: Scope): Value {
  const mod = scope.module;
  const prefix = qualPrefix(ip, scope);
  const closure = scope.cls ? (scope.parent ?? ip.moduleScope(mod)) : scope;
  const fn: FuncRec = {
    id: ip.newId(),
    name: s.name,
    qualname: prefix + s.name,
    module: mod,
    def: s,
    loc: srcLoc(mod.file, s.defLoc),
    firstLine: locLine(s.loc),
    closure,
    ownerClass: scope.cls,
  };
  fn.params = s.params.map((p) => {
    const rec: ParamRec = { name: p.name, kind: p.kind, loc: srcLoc(mod.file, p.loc) };
    if (p.def) rec.def = ip.eval(p.def, scope);
    if (p.ann) {
      if (mod.futureAnnotations) rec.annExpr = p.ann;
      else rec.ann = ip.eval(p.ann, scope);
    }
    return rec;
  });
  ip.funcs.push(fn);
  let v: Value = { k: 'func', fn };
  const decos = s.decorators.map((d) => ip.eval(d, scope));
  for (let i = decos.length - 1; i >= 0; i--) v = applyDecorator(ip, decos[i]!, v, srcLoc(mod.file, s.decorators[i]!.loc));
  return v;
}

/** Annotation of a parameter, evaluated lazily under `from __future__ import annotations`. */
export function annotationOf(ip: Evaluator, fn: FuncRec, p: ParamRec): Value | undefined {
  if (p.ann === undefined && p.annExpr) p.ann = ip.eval(p.annExpr, fn.closure);
  return p.ann;
}

function qualPrefix(ip: Evaluator, scope: Scope): string {
  if (scope.cls) return `${scope.cls.qualname}.`;
  const fnName = (scope as Scope & { fnQual?: string }).fnQual;
  return fnName ? `${fnName}.<locals>.` : '';
}

export function defineClass(ip: Evaluator, s: ClassStmt, scope: Scope): Value {
  const mod = scope.module;
  const bases = s.bases.filter((b) => !b.name && !b.star).map((b) => ip.eval(b.v, scope));
  const cls: ClassRec = {
    id: ip.newId(),
    name: s.name,
    qualname: qualPrefix(ip, scope) + s.name,
    module: mod,
    def: s,
    loc: srcLoc(mod.file, s.defLoc),
    bases,
    ns: new Map(),
    fields: [],
  };
  ip.classes.push(cls);
  const body: Scope = { vars: cls.ns, parent: scope, module: mod, cls };
  ip.execBlock(s.body, body, { returns: [] });
  let v: Value = { k: 'class', cls };
  const decos = s.decorators.map((d) => ip.eval(d, scope));
  for (let i = decos.length - 1; i >= 0; i--) v = applyDecorator(ip, decos[i]!, v, srcLoc(mod.file, s.decorators[i]!.loc));
  return v;
}

export function applyDecorator(ip: Evaluator, d: Value, target: Value, loc: SrcLoc): Value {
  switch (d.k) {
    case 'routedeco':
      ip.routers.registerDecorated(d, target);
      return target;
    case 'identitydeco':
      if (d.mark === 'middleware' && d.router) ip.routers.addFunctionMiddleware(d.router, target, d.loc ?? loc);
      // a new function: a route registered by a decorator above it keeps the unprotected one, as in Python
      if (d.mark === 'requires' && target.k === 'func') return { k: 'func', fn: { ...target.fn, requires: { loc: d.loc ?? loc } } };
      if (target.k === 'func') markCommand(target.fn, d);
      return target;
    case 'wraps':
      if (target.k === 'func' && d.target.k === 'func') return { k: 'func', fn: { ...target.fn, wrapped: d.target.fn } };
      return target;
    case 'func': {
      const r = ip.callFunction(d.fn, { pos: [target], kw: new Map(), open: false, loc });
      return r.k === 'func' || r.k === 'class' || r.k === 'inst' ? r : target;
    }
    case 'choice': {
      let out = target;
      for (const o of d.options) out = applyDecorator(ip, o, target, loc);
      return out;
    }
    case 'method':
    case 'inst': {
      const r = ip.call(d, { pos: [target], kw: new Map(), open: false, loc });
      return r.k === 'func' || r.k === 'class' ? r : target;
    }
    case 'ext': {
      // `@click.command` without parentheses
      if ((d.path === 'click.command' || d.path === 'click.group') && target.k === 'func') target.fn.command = true;
      // a library decorator we model (`@property`, `@functools.cached_property`, `@staticmethod`)
      const r = ip.callExt(d.path, { pos: [target], kw: new Map(), open: false, loc });
      return r.k === 'func' || r.k === 'class' ? r : target;
    }
    default:
      return target;
  }
}
