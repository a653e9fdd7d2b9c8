/**
 * Calls of library functions anywhere in the scanned code, with arguments resolved without side
 * effects. The interpreter only records library calls it executes at import time
 * (`interp.extCalls`); a server start such as `uvicorn.run(...)` usually sits where it never runs on
 * import: under `if __name__ == "__main__":` (false when imported: `__name__` is the module's name)
 * or in a `main()` function that a console script calls. This walks the IR of every module-level
 * block and every function body instead, resolves the callee through the module namespace or the
 * function's closure, and evaluates only the arguments a rule asks for: literals, names (local
 * assignments, then the enclosing scopes), attributes, `os.getenv`/`os.environ`, pure string
 * methods (`split`, `strip`, …), `+` and conditional expressions. Anything else is unknown.
 */
import type { Arg, Expr, Stmt } from '../facts/ir.js';
import { canonical } from '../model/externals.js';
import type { Project } from '../model/project.js';
import { NONE, UNKNOWN, choice, srcLoc, str, type CallArgs, type FuncRec, type ModuleRec, type Scope, type SrcLoc, type Value } from '../model/values.js';
import { childExprs } from './conditions.js';

type CallExpr = Extract<Expr, { t: 'call' }>;

interface Ctx {
  project: Project;
  mod: ModuleRec;
  scope: Scope;
  moduleLevel: boolean;
  /** Names assigned in this block (function body, or module level): their expressions. */
  locals: Map<string, Expr[]>;
  /** Names bound by `import` statements of this block (also those the interpreter skipped). */
  imports: Map<string, Value>;
  /** Parameters and loop variables: unknown. */
  opaque: Set<string>;
  fn?: FuncRec;
}

export interface CallSite {
  call: CallExpr;
  /** The callee, resolved (e.g. `{k:'ext', path:'uvicorn.run'}`). */
  callee: Value;
  loc: SrcLoc;
  module: ModuleRec;
  /** The function whose body holds the call (undefined at module level). */
  fn?: FuncRec;
  /** Resolves a keyword argument (or its positional slot) without side effects; undefined when absent. */
  arg(name: string, pos?: number): Value | undefined;
  /** Whether the call passes `*args`/`**kwargs` (then absent arguments may still be given). */
  open: boolean;
}

const PURE_METHODS = new Set(['split', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'replace', 'removeprefix', 'removesuffix', 'startswith', 'endswith', 'join']);
const PURE_EXT = new Set(['builtins.str', 'builtins.list', 'builtins.tuple', 'builtins.set', 'builtins.bool', 'builtins.len']);
const MAX_DEPTH = 12;

/** Every call in the project whose callee satisfies `want` (checked on the resolved callee). */
export function librarySites(project: Project, want: (callee: Value) => boolean): CallSite[] {
  const ip = project.interp;
  const fnByDef = new Map<unknown, FuncRec>();
  for (const f of ip.funcs) if (!fnByDef.has(f.def)) fnByDef.set(f.def, f);
  const out: CallSite[] = [];
  const seen = new Set<string>();
  const mods = [...ip.modules.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const mod of mods) {
    const facts = ip.factsOf(mod);
    if (!facts) continue;
    const base: Ctx = { project, mod, scope: ip.moduleScope(mod), moduleLevel: true, locals: new Map(), imports: new Map(), opaque: new Set() };
    collectBindings(facts.body, base);
    const visitBlock = (stmts: Stmt[], ctx: Ctx): void => {
      for (const s of stmts) {
        if (s.t === 'def') {
          for (const d of s.decorators) visitExpr(d, ctx);
          const fn = fnByDef.get(s);
          const inner: Ctx = {
            project,
            mod,
            scope: fn ? { vars: new Map(), parent: fn.closure, module: mod } : ctx.scope,
            moduleLevel: false,
            locals: new Map(),
            imports: new Map(),
            opaque: new Set(s.params.map((p) => p.name)),
            ...(fn ? { fn } : {}),
          };
          if (!fn) {
            // a def the interpreter never ran (e.g. under `if __name__ == "__main__":`): enclosing names still count
            for (const [k, v] of ctx.locals) inner.locals.set(k, [...v]);
            for (const [k, v] of ctx.imports) inner.imports.set(k, v);
            for (const k of ctx.opaque) inner.opaque.add(k);
            for (const p of s.params) inner.opaque.add(p.name);
          }
          collectBindings(s.body, inner);
          visitBlock(s.body, inner);
          continue;
        }
        if (s.t === 'class') {
          for (const b of s.bases) visitExpr(b.v, ctx);
          visitBlock(s.body, ctx);
          continue;
        }
        for (const e of ownExprs(s)) visitExpr(e, ctx);
        for (const b of subBlocks(s)) visitBlock(b, ctx);
      }
    };
    const visitExpr = (e: Expr, ctx: Ctx): void => {
      if (e.t === 'lambda') return;
      if (e.t === 'call') {
        const callee = resolve(e.fn, ctx, 0, new Set());
        if (want(callee)) {
          const key = `${mod.file}:${e.loc[0]}:${e.loc[1]}`;
          if (!seen.has(key)) {
            seen.add(key);
            out.push(site(e, callee, ctx));
          }
        }
      }
      for (const c of childExprs(e)) visitExpr(c, ctx);
    };
    visitBlock(facts.body, base);
  }
  return out;
}

function site(call: CallExpr, callee: Value, ctx: Ctx): CallSite {
  const positional = call.args.filter((a) => !a.name && !a.star);
  const open = call.args.some((a) => a.star);
  return {
    call,
    callee,
    loc: srcLoc(ctx.mod.file, call.loc),
    module: ctx.mod,
    ...(ctx.fn ? { fn: ctx.fn } : {}),
    open,
    arg(name: string, pos?: number): Value | undefined {
      const kw = call.args.find((a) => a.name === name);
      if (kw) return resolve(kw.v, ctx, 0, new Set());
      if (pos !== undefined && !call.args.slice(0, pos + 1).some((a) => a.star === 1)) {
        const p = positional[pos];
        if (p) return resolve(p.v, ctx, 0, new Set());
      }
      return undefined;
    },
  };
}

/** Expressions of a statement itself (not of its nested blocks). */
function ownExprs(s: Stmt): Expr[] {
  switch (s.t) {
    case 'assign':
      return s.v ? [s.v] : [];
    case 'aug':
    case 'typealias':
      return [s.v];
    case 'expr':
      return [s.v];
    case 'return':
      return s.v ? [s.v] : [];
    case 'raise':
      return s.exc ? [s.exc] : [];
    case 'assert':
      return [s.test];
    case 'if':
    case 'while':
      return [s.test];
    case 'for':
      return [s.iter];
    case 'with':
      return s.items.map((i) => i.ctx);
    case 'match':
      return [s.subject];
    default:
      return [];
  }
}

function subBlocks(s: Stmt): Stmt[][] {
  switch (s.t) {
    case 'if':
    case 'while':
    case 'for':
      return [s.body, s.orelse];
    case 'with':
      return [s.body];
    case 'try':
      return [s.body, ...s.handlers.map((h) => h.body), s.orelse, s.final];
    case 'match':
      return s.cases.map((c) => c.body);
    default:
      return [];
  }
}

/** Assignments, imports and loop targets of a block (nested blocks included, nested defs/classes not). */
function collectBindings(stmts: Stmt[], ctx: Ctx): void {
  const ip = ctx.project.interp;
  const importValue = (absName: string): Value => {
    const resolved = ip.index.resolve(absName);
    const mod = resolved ? ip.modules.get(resolved) : undefined;
    return mod ? { k: 'module', mod } : { k: 'ext', path: canonical(absName) };
  };
  const visit = (block: Stmt[]): void => {
    for (const s of block) {
      switch (s.t) {
        case 'assign':
          if (s.v) {
            for (const t of s.targets) {
              if (t.t === 'name') {
                const list = ctx.locals.get(t.id) ?? [];
                list.push(s.v);
                ctx.locals.set(t.id, list);
              } else if (t.t === 'tuple' || t.t === 'list') for (const it of t.items) if (it.t === 'name') ctx.opaque.add(it.id);
            }
          }
          break;
        case 'aug':
          if (s.target.t === 'name') ctx.opaque.add(s.target.id);
          break;
        case 'import':
          for (const n of s.names) ctx.imports.set(n.as ?? n.mod.split('.')[0]!, importValue(n.as ? n.mod : n.mod.split('.')[0]!));
          break;
        case 'from':
          if (s.level === 0 && s.names !== '*') {
            const target = ip.index.resolve(s.mod);
            const mod = target ? ip.modules.get(target) : undefined;
            for (const n of s.names) ctx.imports.set(n.as ?? n.name, mod ? (mod.ns.get(n.name) ?? UNKNOWN(n.name)) : { k: 'ext', path: canonical(`${s.mod}.${n.name}`) });
          }
          break;
        case 'for':
          for (const n of targetNames(s.target)) ctx.opaque.add(n);
          break;
        case 'with':
          for (const it of s.items) if (it.as) for (const n of targetNames(it.as)) ctx.opaque.add(n);
          break;
        case 'def':
        case 'class':
          if (!ctx.moduleLevel) ctx.opaque.add(s.name);
          continue;
        default:
          break;
      }
      for (const b of subBlocks(s)) visit(b);
    }
  };
  visit(stmts);
  // Module level: names the interpreter bound win over our flow-insensitive guess.
  if (ctx.moduleLevel) for (const k of [...ctx.locals.keys()]) if (ctx.mod.ns.has(k)) ctx.locals.delete(k);
  if (ctx.moduleLevel) for (const k of [...ctx.imports.keys()]) if (ctx.mod.ns.has(k)) ctx.imports.delete(k);
}

function targetNames(e: Expr): string[] {
  if (e.t === 'name') return [e.id];
  if (e.t === 'tuple' || e.t === 'list') return e.items.flatMap(targetNames);
  if (e.t === 'starred') return targetNames(e.v);
  return [];
}

function lookupName(id: string, ctx: Ctx, depth: number, visiting: Set<string>): Value {
  const ip = ctx.project.interp;
  if (ctx.moduleLevel) {
    const g = ctx.mod.ns.get(id);
    if (g !== undefined) return g;
  }
  if (ctx.opaque.has(id)) return UNKNOWN(`local ${id}`);
  const imp = ctx.imports.get(id);
  if (imp) return imp;
  const exprs = ctx.locals.get(id);
  if (exprs) {
    if (visiting.has(id) || exprs.length > 4) return UNKNOWN(`local ${id}`);
    visiting.add(id);
    try {
      return choice(exprs.map((e) => resolve(e, ctx, depth + 1, visiting)));
    } finally {
      visiting.delete(id);
    }
  }
  return ip.lookup(id, ctx.scope);
}

/** Side-effect-free evaluation of an expression (see the module comment). */
function resolve(e: Expr, ctx: Ctx, depth: number, visiting: Set<string>): Value {
  if (depth > MAX_DEPTH) return UNKNOWN('too deep');
  const ip = ctx.project.interp;
  const r = (x: Expr): Value => resolve(x, ctx, depth + 1, visiting);
  switch (e.t) {
    case 'str':
      return str(e.v);
    case 'num':
      return { k: 'num', v: e.v };
    case 'const':
      return e.v === null ? NONE : { k: 'bool', v: e.v };
    case 'list':
    case 'tuple':
    case 'set':
      return { k: e.t, items: e.items.map((i) => (i.t === 'starred' ? UNKNOWN('starred item') : r(i))) };
    case 'name':
      return lookupName(e.id, ctx, depth, visiting);
    case 'attr':
      return ip.getAttr(r(e.obj), e.attr);
    case 'bin':
      return ip.binop(e.op, r(e.l), r(e.r));
    case 'ifexp':
      return choice([r(e.body), r(e.orelse)]);
    case 'sub': {
      const obj = r(e.obj);
      if (obj.k === 'ext' && obj.path === 'os.environ' && e.index.t === 'str') return { k: 'env', name: e.index.v, loc: srcLoc(ctx.mod.file, e.index.loc) };
      return UNKNOWN('subscript');
    }
    case 'call': {
      const callee = r(e.fn);
      if (callee.k === 'ext' && callee.path === 'os.getenv') {
        const name = e.args[0] && !e.args[0].name ? r(e.args[0].v) : undefined;
        if (name?.k !== 'str') return UNKNOWN('os.getenv(?)');
        const d = e.args.find((a, i) => (i === 1 && !a.name) || a.name === 'default');
        const loc = srcLoc(ctx.mod.file, e.loc);
        return d ? { k: 'env', name: name.v, dflt: r(d.v), loc } : { k: 'env', name: name.v, loc };
      }
      const pureMethod = callee.k === 'method' && !callee.fn && PURE_METHODS.has(callee.name) && (callee.self.k === 'str' || callee.self.k === 'env');
      if (pureMethod || (callee.k === 'ext' && PURE_EXT.has(callee.path))) {
        if (e.args.some((a) => a.star)) return UNKNOWN('call with *args');
        const args: CallArgs = { pos: [], kw: new Map(), open: false, loc: srcLoc(ctx.mod.file, e.loc) };
        for (const a of e.args as Arg[]) {
          if (a.name) args.kw.set(a.name, r(a.v));
          else args.pos.push(r(a.v));
        }
        return ip.call(callee, args);
      }
      return UNKNOWN('call');
    }
    default:
      return UNKNOWN(e.t);
  }
}
