/**
 * Does a dependency reject requests by itself? It does when its body (or a helper it calls, a few
 * levels deep) raises `HTTPException` with 401/403 or `WebSocketException` with a policy-violation
 * code on some path: literally, through a local or module-level exception instance, or through a
 * subclass of HTTPException whose status is 401/403.
 */
import type { Expr, Stmt } from '../facts/ir.js';
import type { Interp } from './interp.js';
import { UNKNOWN, srcLoc, type ClassRec, type FuncRec, type Scope, type SrcLoc, type Value } from './values.js';

export const REJECT_STATUSES = new Set([401, 403, 1008]);

export interface Rejection {
  loc: SrcLoc;
  status: number;
  /** The function whose body raises (may be a helper the dependency calls). */
  fn: FuncRec;
}

const MAX_HELPER_DEPTH = 3;

export class RejectAnalyzer {
  private readonly memo = new Map<FuncRec, Rejection | null>();
  private readonly classMemo = new Map<ClassRec, number | null>();

  constructor(private readonly ip: Interp) {}

  /** The first raise of a 401/403 (or WS 1008) in fn's body or the helpers it calls. */
  rejects(fn: FuncRec, depth = 0): Rejection | undefined {
    const target = unwrap(fn);
    const m = this.memo.get(target);
    if (m !== undefined) return m ?? undefined;
    this.memo.set(target, null); // cycle guard
    const scope: Scope = { vars: new Map(), parent: target.closure, module: target.module };
    const locals = new Map<string, Expr>();
    const found = this.walk(target.def.body, target, scope, locals, depth);
    this.memo.set(target, found ?? null);
    return found;
  }

  private walk(stmts: Stmt[], fn: FuncRec, scope: Scope, locals: Map<string, Expr>, depth: number): Rejection | undefined {
    for (const s of stmts) {
      let r: Rejection | undefined;
      switch (s.t) {
        case 'assign':
          if (s.v) {
            for (const t of s.targets) if (t.t === 'name') locals.set(t.id, s.v);
            r = this.helperCall(s.v, fn, scope, locals, depth);
          }
          break;
        case 'expr':
          r = this.helperCall(s.v, fn, scope, locals, depth);
          break;
        case 'raise':
          if (s.exc) {
            const status = this.exceptionStatus(s.exc, scope, locals, 0);
            if (status !== undefined && REJECT_STATUSES.has(status)) r = { loc: srcLoc(fn.module.file, s.loc), status, fn };
          }
          break;
        case 'if':
          r = this.walk(s.body, fn, scope, locals, depth) ?? this.walk(s.orelse, fn, scope, locals, depth);
          break;
        case 'for':
        case 'while':
          r = this.walk(s.body, fn, scope, locals, depth) ?? this.walk(s.orelse, fn, scope, locals, depth);
          break;
        case 'try':
          r =
            this.walk(s.body, fn, scope, locals, depth) ??
            s.handlers.map((h) => this.walk(h.body, fn, scope, locals, depth)).find((x) => x) ??
            this.walk(s.orelse, fn, scope, locals, depth) ??
            this.walk(s.final, fn, scope, locals, depth);
          break;
        case 'with':
          r = this.walk(s.body, fn, scope, locals, depth);
          break;
        case 'match':
          r = s.cases.map((c) => this.walk(c.body, fn, scope, locals, depth)).find((x) => x);
          break;
        case 'return':
          if (s.v) r = this.helperCall(s.v, fn, scope, locals, depth);
          break;
        default:
          break;
      }
      if (r) return r;
    }
    return undefined;
  }

  /** A call to one of our functions in the body (`helper()`, `self.check()`, `super().__call__()`): does it reject? */
  private helperCall(e: Expr, fn: FuncRec, scope: Scope, locals: Map<string, Expr>, depth: number): Rejection | undefined {
    if (depth >= MAX_HELPER_DEPTH) return undefined;
    let call: Expr = e;
    while (call.t === 'await') call = call.v;
    if (call.t !== 'call') return undefined;
    const callee = this.calleeOf(call.fn, fn, scope, locals);
    if (callee && callee !== fn) return this.rejects(callee, depth + 1);
    return undefined;
  }

  /** The function a call expression in `fn`'s body invokes, when it is one of ours. */
  private calleeOf(f: Expr, fn: FuncRec, scope: Scope, locals: Map<string, Expr>): FuncRec | undefined {
    if (f.t === 'attr' && fn.ownerClass) {
      // self.method(...) and super().method(...) inside a method
      const selfName = fn.params?.[0]?.name;
      const isSelf = f.obj.t === 'name' && f.obj.id === selfName;
      const isSuper = f.obj.t === 'call' && f.obj.fn.t === 'name' && f.obj.fn.id === 'super';
      if (isSelf || isSuper) {
        const order = this.ip.mro(fn.ownerClass);
        for (const c of isSuper ? order.slice(1) : order) {
          const m = c.k === 'class' ? c.cls.ns.get(f.attr) : undefined;
          if (m?.k === 'func') return m.fn;
        }
        return undefined;
      }
    }
    const v = this.staticValue(f, scope, locals, 0);
    if (v.k === 'func') return v.fn;
    if (v.k === 'method' && v.fn) return v.fn;
    return undefined;
  }

  /** Side-effect-free resolution of names and attributes in a function body. */
  staticValue(e: Expr, scope: Scope, locals: Map<string, Expr>, depth: number): Value {
    if (depth > 8) return UNKNOWN('too deep');
    switch (e.t) {
      case 'name': {
        const local = locals.get(e.id);
        if (local && local !== e) return UNKNOWN(`local ${e.id}`);
        return this.ip.lookup(e.id, scope);
      }
      case 'attr':
        return this.ip.getAttr(this.staticValue(e.obj, scope, locals, depth + 1), e.attr);
      case 'num':
        return { k: 'num', v: e.v };
      case 'str':
        return { k: 'str', v: e.v };
      default:
        return UNKNOWN('expression');
    }
  }

  /** The HTTP (or WebSocket close) status an exception expression carries, if known. */
  exceptionStatus(e: Expr, scope: Scope, locals: Map<string, Expr>, depth: number): number | undefined {
    if (depth > 4) return undefined;
    if (e.t === 'name' && locals.has(e.id)) return this.exceptionStatus(locals.get(e.id)!, scope, locals, depth + 1);
    if (e.t === 'call') {
      const callee = this.staticValue(e.fn, scope, locals, 0);
      const statusArg = (names: string[]): number | undefined => {
        const kw = e.args.find((a) => a.name && names.includes(a.name));
        const pos = e.args.find((a) => !a.name && !a.star);
        const arg = kw ?? pos;
        if (!arg) return undefined;
        const v = this.staticValue(arg.v, scope, locals, 0);
        return v.k === 'num' ? v.v : undefined;
      };
      if (callee.k === 'ext') {
        if (callee.path === 'fastapi.HTTPException') return statusArg(['status_code']);
        if (callee.path === 'fastapi.WebSocketException') return statusArg(['code']);
        return undefined;
      }
      if (callee.k === 'class') return this.classStatus(callee.cls) ?? statusArg(['status_code', 'code']);
      return undefined;
    }
    // a module-level exception instance, or a class raised without a call
    const v = this.staticValue(e, scope, locals, 0);
    return this.valueStatus(v);
  }

  valueStatus(v: Value): number | undefined {
    if (v.k === 'inst') {
      if (v.inst.cls.k === 'ext' && (v.inst.cls.path === 'fastapi.HTTPException' || v.inst.cls.path === 'fastapi.WebSocketException')) {
        const a = v.inst.args.kw.get('status_code') ?? v.inst.args.kw.get('code') ?? v.inst.args.pos[0];
        return a?.k === 'num' ? a.v : undefined;
      }
      if (v.inst.cls.k === 'class') {
        const a = v.inst.args.kw.get('status_code') ?? v.inst.args.pos[0];
        return this.classStatus(v.inst.cls.cls) ?? (a?.k === 'num' ? a.v : undefined);
      }
    }
    if (v.k === 'class') return this.classStatus(v.cls);
    return undefined;
  }

  /**
   * An exception class that carries an HTTP status: a subclass of HTTPException, or any exception
   * class (the app maps it to a response with an exception handler) with `status_code = 401`, an
   * `__init__(…, status_code=401)` default, or `super().__init__(…, 401)`.
   */
  private classStatus(cls: ClassRec): number | undefined {
    const m = this.classMemo.get(cls);
    if (m !== undefined) return m ?? undefined;
    this.classMemo.set(cls, null);
    let found: number | undefined;
    const isException = this.ip.mro(cls).some((c) => c.k === 'ext' && /(^fastapi\.(HTTPException|WebSocketException)|Exception|Error)$/.test(c.path));
    if (isException) {
      for (const name of ['status_code', 'code', 'status']) {
        const attr = this.ip.classAttr(cls, name);
        if (attr?.k === 'num') {
          found = attr.v;
          break;
        }
      }
      // __init__ of this class or a base: a status parameter default, or the status passed up to super()
      for (const c of this.ip.mro(cls)) {
        if (found !== undefined || c.k !== 'class') continue;
        const init = c.cls.ns.get('__init__');
        if (init?.k !== 'func') continue;
        const dflt = init.fn.params?.find((p) => /^(status_code|code|status)$/.test(p.name))?.def;
        if (dflt?.k === 'num' && REJECT_STATUSES.has(dflt.v)) {
          found = dflt.v;
          break;
        }
        const scope: Scope = { vars: new Map(), parent: init.fn.closure, module: init.fn.module };
        const visit = (stmts: Stmt[]): void => {
          for (const s of stmts) {
            if (found !== undefined) return;
            if (s.t === 'expr' && s.v.t === 'call' && s.v.fn.t === 'attr' && s.v.fn.attr === '__init__') {
              const kw = s.v.args.find((a) => a.name === 'status_code' || a.name === 'code');
              const cands = kw ? [kw] : s.v.args.filter((a) => !a.name && !a.star);
              for (const a of cands) {
                const v = this.staticValue(a.v, scope, new Map(), 0);
                if (v.k === 'num' && (kw || REJECT_STATUSES.has(v.v))) {
                  found = v.v;
                  break;
                }
              }
            } else if (s.t === 'if') {
              visit(s.body);
              visit(s.orelse);
            }
          }
        };
        visit(init.fn.def.body);
      }
    }
    this.classMemo.set(cls, found ?? null);
    return found;
  }
}

export function unwrap(fn: FuncRec): FuncRec {
  let f = fn;
  for (let i = 0; i < 16 && f.wrapped; i++) f = f.wrapped;
  return f;
}
