/**
 * The abstract interpreter: evaluates the scanned modules the way importing them would, over the
 * value domain of values.ts. Imports are followed on demand (each module once, cycle-safe),
 * function calls are evaluated with bound arguments up to a fixed depth, `if` on an unknown
 * condition runs both branches and merges what they bind, `for` over a known list iterates.
 * Calls on FastAPI/Starlette/APIRouter objects mutate their RouterState (routes.ts).
 */
import type { Arg, ClassStmt, DefStmt, Expr, FileFacts, Loc, Stmt } from '../facts/ir.js';
import { locLine } from '../facts/loc.js';
import { canonical, statusConstant } from './externals.js';
import { ModuleIndex, moduleKey } from './modules.js';
import { RouterOps } from './routes.js';
import {
  MAX_ITEMS,
  NONE,
  UNKNOWN,
  alternatives,
  asStr,
  choice,
  srcLoc,
  str,
  truthy,
  withSrc,
  type CallArgs,
  type ClassRec,
  type FuncRec,
  type InstRec,
  type ModuleRec,
  type ParamRec,
  type Scope,
  type SrcLoc,
  type Value,
} from './values.js';

const MAX_CALL_DEPTH = 10;
const MAX_STEPS = 3_000_000;
/** A `for` over a known list runs its body per item up to this many items... */
const MAX_LOOP = 200;
/** ...and all loops together run at most this many iterations; past that a loop runs once, as unknown. */
const MAX_ITERATIONS = 20_000;

type Flow = 'normal' | 'return' | 'break' | 'continue' | 'raise';

interface Frame {
  returns: Value[];
  globals?: Set<string>;
}

export interface ExtCall {
  path: string;
  args: CallArgs;
  loc: SrcLoc;
  conditional: boolean;
  module: ModuleRec;
}

const BUILTIN_NAMES = new Set([
  'str', 'int', 'float', 'bool', 'list', 'dict', 'tuple', 'set', 'frozenset', 'len', 'getattr', 'isinstance', 'print',
  'range', 'super', 'object', 'Exception', 'ValueError', 'TypeError', 'KeyError', 'RuntimeError', 'property',
  'staticmethod', 'classmethod', 'type', 'sorted', 'min', 'max', 'any', 'all', 'open', 'repr', 'hasattr', 'callable',
  'enumerate', 'zip', 'map', 'filter', 'id', 'hash', 'iter', 'next', 'bytes', 'NotImplementedError', 'PermissionError',
]);

export class Interp {
  readonly modules = new Map<string, ModuleRec>();
  readonly insts: InstRec[] = [];
  readonly funcs: FuncRec[] = [];
  readonly classes: ClassRec[] = [];
  readonly extCalls: ExtCall[] = [];
  readonly routers: RouterOps;
  private readonly facts = new Map<string, FileFacts>();
  private depth = 0;
  /** Where user code called a method of a router instance: a `super()` call inside it registers routes there. */
  private routerSite: SrcLoc | undefined;
  private steps = 0;
  private iterations = 0;
  /** Evaluation limits that were reached (for a notice): the result is still sound, only less precise. */
  readonly limits = new Set<string>();
  private cond = 0;
  private nextId = 1;
  private readonly active = new Set<FuncRec>();
  private readonly moduleScopes = new Map<ModuleRec, Scope>();

  constructor(
    readonly index: ModuleIndex,
    facts: Iterable<FileFacts>,
  ) {
    let lines = 0;
    for (const f of facts) {
      lines += f.lineCount;
      const mf = index.byFile.get(f.path);
      if (mf && index.byKey.get(mf.key) === mf) this.facts.set(mf.key, f);
    }
    this.routers = new RouterOps(this, lines);
  }

  get conditional(): boolean {
    return this.cond > 0;
  }

  newId(): number {
    return this.nextId++;
  }

  /** Evaluates every module (sorted by key; imports pull others in first, as Python would). */
  runAll(): void {
    for (const key of [...this.facts.keys()].sort()) this.loadModule(key);
  }

  factsOf(mod: ModuleRec): FileFacts | undefined {
    return this.facts.get(mod.key);
  }

  // ------------------------------------------------------------------ modules

  /** Imports the module with this key (see ModuleIndex), running its code once. */
  loadModule(key: string): ModuleRec | undefined {
    let mod = this.modules.get(key);
    if (mod) return mod;
    const facts = this.facts.get(key);
    const mf = this.index.byKey.get(key);
    if (!facts && !this.index.has(key)) return undefined;
    const sep = key.indexOf(':');
    const root = key.slice(0, sep);
    const name = key.slice(sep + 1);
    // Python imports the parent package first (its __init__ may import this module itself).
    const dot = name.lastIndexOf('.');
    const parent = dot > 0 ? this.loadModule(moduleKey(root, name.slice(0, dot))) : undefined;
    mod = this.modules.get(key);
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
    this.modules.set(key, mod);
    // the child becomes an attribute of its package
    if (parent && !parent.ns.has(name.slice(dot + 1))) parent.ns.set(name.slice(dot + 1), { k: 'module', mod });
    if (facts) {
      const scope: Scope = { vars: mod.ns, module: mod };
      this.moduleScopes.set(mod, scope);
      const savedDepth = this.depth;
      const savedCond = this.cond;
      this.depth = 0;
      this.cond = 0;
      try {
        this.execBlock(facts.body, scope, { returns: [] });
      } finally {
        this.depth = savedDepth;
        this.cond = savedCond;
      }
    }
    mod.state = 'done';
    return mod;
  }

  moduleScope(mod: ModuleRec): Scope {
    let s = this.moduleScopes.get(mod);
    if (!s) {
      s = { vars: mod.ns, module: mod };
      this.moduleScopes.set(mod, s);
    }
    return s;
  }

  /** A library symbol; status constants (`starlette.status.HTTP_401_UNAUTHORIZED`) are their numbers. */
  ext(path: string): Value {
    const dot = path.lastIndexOf('.');
    if (dot > 0 && /(^|\.)status$/.test(path.slice(0, dot))) {
      const code = statusConstant(path.slice(dot + 1));
      if (code !== undefined) return { k: 'num', v: code };
    }
    return { k: 'ext', path: canonical(path) };
  }

  private importValue(absName: string, fromRoot: string): Value {
    const key = this.index.resolve(absName, fromRoot);
    if (key) {
      const mod = this.loadModule(key);
      if (mod) return { k: 'module', mod };
    }
    return this.ext(absName);
  }

  /** A submodule `pkg.name` of a loaded package, if it exists. */
  private submodule(pkg: ModuleRec, name: string): ModuleRec | undefined {
    const key = moduleKey(pkg.root, `${pkg.name}.${name}`);
    return this.index.has(key) ? this.loadModule(key) : undefined;
  }

  private execImport(s: Extract<Stmt, { t: 'import' }>, scope: Scope, frame: Frame): void {
    for (const { mod, as } of s.names) {
      const root = scope.module.root;
      if (as) {
        this.bind(scope, frame, as, this.importValue(mod, root), s.loc);
        continue;
      }
      // `import a.b.c` imports a, a.b, a.b.c and binds `a`
      const parts = mod.split('.');
      const leaf = this.importValue(mod, root);
      const top = leaf.k === 'module' ? this.modules.get(moduleKey(leaf.mod.root, parts[0]!)) : undefined;
      this.bind(scope, frame, parts[0]!, top ? { k: 'module', mod: top } : this.importValue(parts[0]!, root), s.loc);
    }
  }

  private execFrom(s: Extract<Stmt, { t: 'from' }>, scope: Scope, frame: Frame): void {
    const mod = scope.module;
    if (s.mod === '__future__') {
      if (s.names !== '*' && s.names.some((n) => n.name === 'annotations')) mod.futureAnnotations = true;
      return;
    }
    let key: string | undefined;
    if (s.level > 0) {
      const base = ModuleIndex.relativeBase(mod.name, mod.isPackage, s.level, s.mod);
      key = base !== undefined ? moduleKey(mod.root, base) : undefined;
    } else key = this.index.resolve(s.mod, mod.root);
    const target = key !== undefined && this.index.has(key) ? this.loadModule(key) : undefined;
    if (!target) {
      const extBase = s.level > 0 ? undefined : s.mod;
      if (s.names === '*') return;
      for (const n of s.names) {
        const v: Value = extBase ? this.ext(`${extBase}.${n.name}`) : UNKNOWN(`unresolved relative import of ${n.name}`);
        this.bind(scope, frame, n.as ?? n.name, v, s.loc);
      }
      return;
    }
    if (s.names === '*') {
      for (const [k, v] of target.ns) if (!k.startsWith('_')) this.bind(scope, frame, k, v, s.loc, true);
      return;
    }
    for (const n of s.names) {
      let v = target.ns.get(n.name);
      if (v === undefined) {
        const m = this.submodule(target, n.name);
        if (m) v = { k: 'module', mod: m };
      }
      if (v === undefined) {
        // a circular import: the module may bind the name after this point of its code
        v = target.state === 'running' ? { k: 'unknown', why: `${n.name} not found in ${target.name} (a circular import)`, later: { mod: target, name: n.name } } : UNKNOWN(`${n.name} not found in ${target.name}`);
      }
      this.bind(scope, frame, n.as ?? n.name, v, s.loc, true);
    }
  }

  // ------------------------------------------------------------------ statements

  execBlock(stmts: Stmt[], scope: Scope, frame: Frame): Flow {
    for (const s of stmts) {
      const f = this.execStmt(s, scope, frame);
      if (f !== 'normal') return f;
    }
    return 'normal';
  }

  private bind(scope: Scope, frame: Frame, name: string, v: Value, loc: Loc, imported = false): void {
    if (frame.globals?.has(name)) {
      scope.module.ns.set(name, v);
      return;
    }
    scope.vars.set(name, v);
    if (!imported && scope.vars === scope.module.ns) scope.module.assigned.add(name);
    void loc;
  }

  private assignTarget(t: Expr, v: Value, scope: Scope, frame: Frame, loc: Loc): void {
    switch (t.t) {
      case 'name': {
        let val = v;
        if (scope.vars === scope.module.ns) val = withSrc(v, { name: `${scope.module.name}.${t.id}`, loc: srcLoc(scope.module.file, loc) });
        else if (scope.cls) val = withSrc(v, { name: `${scope.cls.name}.${t.id}`, loc: srcLoc(scope.module.file, loc) });
        this.bind(scope, frame, t.id, val, loc);
        return;
      }
      case 'tuple':
      case 'list': {
        const items = v.k === 'tuple' || v.k === 'list' ? v.items : undefined;
        t.items.forEach((it, i) => {
          if (it.t === 'starred') this.assignTarget(it.v, UNKNOWN('starred assignment'), scope, frame, loc);
          else this.assignTarget(it, items && items.length === t.items.length ? items[i]! : UNKNOWN('unpacking'), scope, frame, loc);
        });
        return;
      }
      case 'attr': {
        const obj = this.eval(t.obj, scope);
        for (const o of alternatives(obj)) {
          if (o.k === 'inst') o.inst.attrs.set(t.attr, v);
          else if (o.k === 'module') o.mod.ns.set(t.attr, v);
          else if (o.k === 'class') o.cls.ns.set(t.attr, v);
        }
        return;
      }
      case 'sub': {
        const obj = this.eval(t.obj, scope);
        const key = this.eval(t.index, scope);
        if (obj.k === 'dict') {
          const i = obj.entries.findIndex(([k]) => k.k === key.k && 'v' in k && 'v' in key && k.v === key.v);
          if (i >= 0) obj.entries[i] = [key, v];
          else obj.entries.push([key, v]);
        }
        return;
      }
      default:
        return;
    }
  }

  private execStmt(s: Stmt, scope: Scope, frame: Frame): Flow {
    if (++this.steps > MAX_STEPS) {
      this.limits.add(`more than ${MAX_STEPS} evaluation steps`);
      return 'normal';
    }
    switch (s.t) {
      case 'import':
        this.execImport(s, scope, frame);
        return 'normal';
      case 'from':
        this.execFrom(s, scope, frame);
        return 'normal';
      case 'assign': {
        if (s.v === null) {
          if (scope.cls && s.targets[0]?.t === 'name') scope.cls.fields.push(s.targets[0].id);
          return 'normal';
        }
        const v = this.eval(s.v, scope);
        for (const t of s.targets) {
          if (scope.cls && t.t === 'name' && s.ann && !scope.cls.fields.includes(t.id)) scope.cls.fields.push(t.id);
          this.assignTarget(t, v, scope, frame, s.loc);
        }
        return 'normal';
      }
      case 'aug': {
        const cur = this.eval(s.target, scope);
        const rhs = this.eval(s.v, scope);
        const op = s.op.replace('=', '');
        if (op === '+' && (cur.k === 'list' || cur.k === 'tuple') && (rhs.k === 'list' || rhs.k === 'tuple') && cur.items.length + rhs.items.length <= MAX_ITEMS) {
          if (cur.k === 'list') cur.items.push(...rhs.items);
          else this.assignTarget(s.target, { k: 'tuple', items: [...cur.items, ...rhs.items] }, scope, frame, s.loc);
        } else this.assignTarget(s.target, this.binop(op, cur, rhs), scope, frame, s.loc);
        return 'normal';
      }
      case 'expr':
        this.eval(s.v, scope);
        return 'normal';
      case 'def':
        this.bind(scope, frame, s.name, this.defineFunction(s, scope), s.loc);
        return 'normal';
      case 'class':
        this.bind(scope, frame, s.name, this.defineClass(s, scope), s.loc);
        return 'normal';
      case 'typealias':
        this.bind(scope, frame, s.name, this.eval(s.v, scope), s.loc);
        return 'normal';
      case 'if': {
        const test = this.eval(s.test, scope);
        const known = this.certainTruth(test);
        if (known === true) return this.execBlock(s.body, scope, frame);
        if (known === false) return this.execBlock(s.orelse, scope, frame);
        return this.branches([s.body, s.orelse], scope, frame);
      }
      case 'match':
        return this.branches([...s.cases.map((c) => c.body), []], scope, frame);
      case 'for': {
        const iter = this.eval(s.iter, scope);
        const items = iter.k === 'list' || iter.k === 'tuple' || iter.k === 'set' ? iter.items : iter.k === 'dict' ? iter.entries.map(([k]) => k) : undefined;
        if (items && items.length <= MAX_LOOP && this.iterations + items.length <= MAX_ITERATIONS) {
          this.iterations += items.length;
          for (const it of items) {
            this.assignTarget(s.target, it, scope, frame, s.loc);
            const f = this.execBlock(s.body, scope, frame);
            if (f === 'break') return 'normal';
            if (f === 'return' || f === 'raise') return f;
          }
          return this.execBlock(s.orelse, scope, frame);
        }
        if (items && this.iterations + items.length > MAX_ITERATIONS) this.limits.add(`loops over more than ${MAX_ITERATIONS} items in all`);
        this.assignTarget(s.target, UNKNOWN('loop variable'), scope, frame, s.loc);
        this.cond++;
        try {
          const f = this.execBlock(s.body, scope, frame);
          return f === 'break' || f === 'continue' || f === 'raise' ? 'normal' : f === 'return' ? 'normal' : f;
        } finally {
          this.cond--;
        }
      }
      case 'while': {
        const known = this.certainTruth(this.eval(s.test, scope));
        if (known === false) return this.execBlock(s.orelse, scope, frame);
        this.cond++;
        try {
          this.execBlock(s.body, scope, frame);
        } finally {
          this.cond--;
        }
        return 'normal';
      }
      case 'try': {
        const f = this.execBlock(s.body, scope, frame);
        if (f === 'normal') {
          const g = this.execBlock(s.orelse, scope, frame);
          if (g !== 'normal') return g;
        }
        const h = this.execBlock(s.final, scope, frame);
        return h !== 'normal' ? h : f === 'raise' ? 'normal' : f;
      }
      case 'with':
        for (const it of s.items) {
          const v = this.eval(it.ctx, scope);
          if (it.as) this.assignTarget(it.as, v.k === 'unknown' ? v : UNKNOWN('context manager value'), scope, frame, s.loc);
        }
        return this.execBlock(s.body, scope, frame);
      case 'return':
        frame.returns.push(s.v ? this.eval(s.v, scope) : NONE);
        return 'return';
      case 'raise':
        if (s.exc) this.eval(s.exc, scope);
        return 'raise';
      case 'global':
        frame.globals ??= new Set();
        for (const n of s.names) frame.globals.add(n);
        return 'normal';
      case 'flow':
        return s.kind === 'pass' ? 'normal' : s.kind;
      case 'assert':
      case 'del':
        return 'normal';
    }
  }

  /** Runs alternative blocks from the same state and merges the names they bind into choices. */
  private branches(blocks: Stmt[][], scope: Scope, frame: Frame): Flow {
    const before = new Map(scope.vars);
    const results: Array<{ vars: Map<string, Value>; flow: Flow }> = [];
    this.cond++;
    try {
      for (const b of blocks) {
        scope.vars.clear();
        for (const [k, v] of before) scope.vars.set(k, v);
        const flow = this.execBlock(b, scope, frame);
        results.push({ vars: new Map(scope.vars), flow });
      }
    } finally {
      this.cond--;
    }
    const live = results.filter((r) => r.flow === 'normal' || r.flow === 'break' || r.flow === 'continue');
    const merged = live.length ? live : results;
    const keys = new Set<string>();
    for (const r of merged) for (const k of r.vars.keys()) keys.add(k);
    scope.vars.clear();
    for (const k of keys) {
      const opts: Value[] = [];
      for (const r of merged) {
        const v = r.vars.get(k);
        if (v !== undefined) opts.push(v);
      }
      scope.vars.set(k, opts.length === 1 || opts.every((o) => o === opts[0]) ? opts[0]! : choice(opts));
    }
    if (live.length === 0) return results.every((r) => r.flow === 'raise') ? 'raise' : 'return';
    return 'normal';
  }

  /** Truth of a condition when it is certain: literals and module constants, not settings or env values. */
  private certainTruth(v: Value): boolean | undefined {
    if ('src' in v && v.src?.soft) return undefined;
    if (v.k === 'env') return undefined;
    return truthy(v);
  }

  // ------------------------------------------------------------------ definitions

  private defineFunction(s: DefStmt, scope: Scope): Value {
    const mod = scope.module;
    const prefix = this.qualPrefix(scope);
    const closure = scope.cls ? (scope.parent ?? this.moduleScope(mod)) : scope;
    const fn: FuncRec = {
      id: this.newId(),
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
      if (p.def) rec.def = this.eval(p.def, scope);
      if (p.ann) {
        if (mod.futureAnnotations) rec.annExpr = p.ann;
        else rec.ann = this.eval(p.ann, scope);
      }
      return rec;
    });
    this.funcs.push(fn);
    let v: Value = { k: 'func', fn };
    const decos = s.decorators.map((d) => this.eval(d, scope));
    for (let i = decos.length - 1; i >= 0; i--) v = this.applyDecorator(decos[i]!, v, srcLoc(mod.file, s.decorators[i]!.loc));
    return v;
  }

  /** Annotation of a parameter, evaluated lazily under `from __future__ import annotations`. */
  annotationOf(fn: FuncRec, p: ParamRec): Value | undefined {
    if (p.ann === undefined && p.annExpr) p.ann = this.eval(p.annExpr, fn.closure);
    return p.ann;
  }

  private qualPrefix(scope: Scope): string {
    if (scope.cls) return `${scope.cls.qualname}.`;
    const fnName = (scope as Scope & { fnQual?: string }).fnQual;
    return fnName ? `${fnName}.<locals>.` : '';
  }

  private defineClass(s: ClassStmt, scope: Scope): Value {
    const mod = scope.module;
    const bases = s.bases.filter((b) => !b.name && !b.star).map((b) => this.eval(b.v, scope));
    const cls: ClassRec = {
      id: this.newId(),
      name: s.name,
      qualname: this.qualPrefix(scope) + s.name,
      module: mod,
      def: s,
      loc: srcLoc(mod.file, s.defLoc),
      bases,
      ns: new Map(),
      fields: [],
    };
    this.classes.push(cls);
    const body: Scope = { vars: cls.ns, parent: scope, module: mod, cls };
    this.execBlock(s.body, body, { returns: [] });
    let v: Value = { k: 'class', cls };
    const decos = s.decorators.map((d) => this.eval(d, scope));
    for (let i = decos.length - 1; i >= 0; i--) v = this.applyDecorator(decos[i]!, v, srcLoc(mod.file, s.decorators[i]!.loc));
    return v;
  }

  applyDecorator(d: Value, target: Value, loc: SrcLoc): Value {
    switch (d.k) {
      case 'routedeco':
        this.routers.registerDecorated(d, target);
        return target;
      case 'identitydeco':
        if (d.mark === 'middleware' && d.router) this.routers.addFunctionMiddleware(d.router, target, d.loc ?? loc);
        // a new function: a route registered by a decorator above it keeps the unprotected one, as in Python
        if (d.mark === 'requires' && target.k === 'func') return { k: 'func', fn: { ...target.fn, requires: { loc: d.loc ?? loc } } };
        return target;
      case 'wraps':
        if (target.k === 'func' && d.target.k === 'func') return { k: 'func', fn: { ...target.fn, wrapped: d.target.fn } };
        return target;
      case 'func': {
        const r = this.callFunction(d.fn, { pos: [target], kw: new Map(), open: false, loc });
        return r.k === 'func' || r.k === 'class' || r.k === 'inst' ? r : target;
      }
      case 'choice': {
        let out = target;
        for (const o of d.options) out = this.applyDecorator(o, target, loc);
        return out;
      }
      case 'method':
      case 'inst': {
        const r = this.call(d, { pos: [target], kw: new Map(), open: false, loc });
        return r.k === 'func' || r.k === 'class' ? r : target;
      }
      default:
        return target;
    }
  }

  // ------------------------------------------------------------------ expressions

  eval(e: Expr, scope: Scope): Value {
    if (++this.steps > MAX_STEPS) return UNKNOWN('evaluation budget exhausted');
    switch (e.t) {
      case 'name':
        return this.lookup(e.id, scope);
      case 'attr':
        return this.getAttr(this.eval(e.obj, scope), e.attr);
      case 'call': {
        const fn = this.eval(e.fn, scope);
        const args = this.evalArgs(e.args, scope, srcLoc(scope.module.file, e.loc));
        if (fn.k === 'super' || (e.fn.t === 'name' && e.fn.id === 'super' && fn.k === 'ext' && fn.path === 'builtins.super')) {
          return this.makeSuper(scope);
        }
        return this.call(fn, args, scope);
      }
      case 'str':
        return str(e.v);
      case 'fstr': {
        let out = '';
        for (const p of e.parts) {
          if (typeof p === 'string') out += p;
          else {
            const s = this.stringify(this.eval(p, scope));
            if (s === undefined) return UNKNOWN('f-string with unknown parts');
            out += s;
          }
        }
        return str(out);
      }
      case 'num':
        return { k: 'num', v: e.v };
      case 'const':
        return e.v === null ? NONE : { k: 'bool', v: e.v };
      case 'ellipsis':
        return { k: 'ext', path: 'builtins.Ellipsis' };
      case 'list':
      case 'tuple':
      case 'set': {
        const items: Value[] = [];
        for (const it of e.items) {
          if (it.t === 'starred') {
            const v = this.eval(it.v, scope);
            if (v.k === 'list' || v.k === 'tuple' || v.k === 'set') items.push(...v.items);
            else items.push(UNKNOWN('starred item'));
          } else items.push(this.eval(it, scope));
        }
        return { k: e.t, items };
      }
      case 'dict': {
        const entries: Array<[Value, Value]> = [];
        for (const [k, v] of e.items) {
          if (k === null) {
            const sp = this.eval(v, scope);
            if (sp.k === 'dict') entries.push(...sp.entries);
          } else entries.push([this.eval(k, scope), this.eval(v, scope)]);
        }
        return { k: 'dict', entries };
      }
      case 'sub':
        return this.subscript(this.eval(e.obj, scope), e.index, scope);
      case 'bin':
        return this.binop(e.op, this.eval(e.l, scope), this.eval(e.r, scope));
      case 'unary': {
        const v = this.eval(e.v, scope);
        if (e.op === 'not') {
          const t = truthy(v);
          return t === undefined ? UNKNOWN('not of unknown') : { k: 'bool', v: !t };
        }
        if (e.op === '-' && v.k === 'num') return { k: 'num', v: -v.v };
        return UNKNOWN('unary');
      }
      case 'cmp':
        return this.compare(e, scope);
      case 'boolop': {
        let last: Value = NONE;
        const maybe: Value[] = [];
        for (const ve of e.values) {
          const v = this.eval(ve, scope);
          const t = v.k === 'env' ? undefined : truthy(v);
          last = v;
          if (t === undefined) {
            maybe.push(v);
            continue;
          }
          if (e.op === 'or' ? t : !t) return maybe.length ? choice([...maybe, v]) : v;
        }
        return maybe.length ? choice([...maybe, last]) : last;
      }
      case 'ifexp': {
        const t = this.certainTruth(this.eval(e.test, scope));
        if (t === true) return this.eval(e.body, scope);
        if (t === false) return this.eval(e.orelse, scope);
        return choice([this.eval(e.body, scope), this.eval(e.orelse, scope)]);
      }
      case 'comp': {
        const iter = this.eval(e.iter, scope);
        if ((iter.k === 'list' || iter.k === 'tuple' || iter.k === 'set') && iter.items.length <= MAX_LOOP && e.kind !== 'dict') {
          const inner: Scope = { vars: new Map(), parent: scope, module: scope.module };
          const items = iter.items.map((it) => {
            this.assignTarget(e.target, it, inner, { returns: [] }, e.loc);
            return this.eval(e.elt, inner);
          });
          return { k: e.kind === 'set' ? 'set' : 'list', items, src: 'src' in iter ? iter.src : undefined } as Value;
        }
        return UNKNOWN('comprehension');
      }
      case 'walrus': {
        const v = this.eval(e.v, scope);
        scope.vars.set(e.target, v);
        return v;
      }
      case 'starred':
        return this.eval(e.v, scope);
      case 'await':
        this.eval(e.v, scope);
        return UNKNOWN('await');
      case 'lambda':
        return UNKNOWN('lambda');
      case 'unk':
        return UNKNOWN(e.what);
    }
  }

  private stringify(v: Value): string | undefined {
    if (v.k === 'str') return v.v;
    if (v.k === 'num') return String(v.v);
    if (v.k === 'bool') return v.v ? 'True' : 'False';
    if (v.k === 'none') return 'None';
    return asStr(v);
  }

  lookup(name: string, scope: Scope): Value {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    const g = scope.module.ns.get(name);
    if (g !== undefined) return g;
    if (BUILTIN_NAMES.has(name)) return { k: 'ext', path: `builtins.${name}` };
    return UNKNOWN(`undefined name ${name}`);
  }

  evalArgs(args: Arg[], scope: Scope, loc: SrcLoc): CallArgs {
    const out: CallArgs = { pos: [], kw: new Map(), open: false, loc };
    for (const a of args) {
      const v = this.eval(a.v, scope);
      if (a.star === 1) {
        if (v.k === 'list' || v.k === 'tuple') out.pos.push(...v.items);
        else out.open = true;
      } else if (a.star === 2) {
        if (v.k === 'dict') {
          for (const [k, x] of v.entries) if (k.k === 'str') out.kw.set(k.v, x);
        } else out.open = true;
      } else if (a.name) out.kw.set(a.name, v);
      else out.pos.push(v);
    }
    return out;
  }

  private subscript(obj: Value, index: Expr, scope: Scope): Value {
    if (obj.k === 'ext') {
      if (obj.path === 'typing.Annotated') {
        const items = index.t === 'tuple' ? index.items : [index];
        const vals = items.map((i) => this.eval(i, scope));
        const base = vals[0] ?? UNKNOWN('Annotated');
        // Annotated[Annotated[T, a], b] is Annotated[T, a, b]
        if (base.k === 'annotated') return { k: 'annotated', base: base.base, extras: [...base.extras, ...vals.slice(1)] };
        return { k: 'annotated', base, extras: vals.slice(1) };
      }
      if (obj.path === 'os.environ') {
        const key = asStr(this.eval(index, scope));
        return key ? { k: 'env', name: key, loc: srcLoc(scope.module.file, index.loc) } : UNKNOWN('os.environ[?]');
      }
      // typing generics (Optional[X], List[X], …): the parameters do not matter here
      this.eval(index, scope);
      return { k: 'ext', path: `${obj.path}[]` };
    }
    const key = this.eval(index, scope);
    if (obj.k === 'dict') {
      for (const [k, v] of obj.entries) if (k.k === key.k && 'v' in k && 'v' in key && k.v === key.v) return v;
      return UNKNOWN('missing dict key');
    }
    if ((obj.k === 'list' || obj.k === 'tuple') && key.k === 'num') {
      const i = key.v < 0 ? obj.items.length + key.v : key.v;
      return obj.items[i] ?? UNKNOWN('index out of range');
    }
    return UNKNOWN('subscript');
  }

  binop(op: string, l: Value, r: Value): Value {
    if (l.k === 'choice' || r.k === 'choice') {
      const out: Value[] = [];
      for (const a of alternatives(l)) for (const b of alternatives(r)) out.push(this.binop(op, a, b));
      return out.length <= 16 ? choice(out) : UNKNOWN('too many alternatives');
    }
    if (op === '+') {
      const a = l.k === 'env' ? l.dflt : l;
      const b = r.k === 'env' ? r.dflt : r;
      if (a?.k === 'str' && b?.k === 'str') return str(a.v + b.v);
      if (a?.k === 'num' && b?.k === 'num') return { k: 'num', v: a.v + b.v };
      if ((a?.k === 'list' && b?.k === 'list') || (a?.k === 'tuple' && b?.k === 'tuple')) {
        return a.items.length + b.items.length <= MAX_ITEMS ? { k: a.k, items: [...a.items, ...b.items] } : UNKNOWN('list too long');
      }
    }
    if (op === '%' && l.k === 'str') return UNKNOWN('% formatting');
    if (op === '|' || op === '&') return UNKNOWN('bit operation');
    return UNKNOWN(`operator ${op}`);
  }

  private compare(e: Extract<Expr, { t: 'cmp' }>, scope: Scope): Value {
    if (e.ops.length !== 1 || e.operands.length !== 2) {
      for (const o of e.operands) this.eval(o, scope);
      return UNKNOWN('chained comparison');
    }
    const a = this.eval(e.operands[0]!, scope);
    const b = this.eval(e.operands[1]!, scope);
    const op = e.ops[0]!;
    const lit = (v: Value): unknown => (v.k === 'str' || v.k === 'num' || v.k === 'bool' ? v.v : v.k === 'none' ? null : undefined);
    const x = lit(a);
    const y = lit(b);
    if (x === undefined || y === undefined) {
      if ((op === 'in' || op === 'not in') && x !== undefined && (b.k === 'list' || b.k === 'tuple' || b.k === 'set')) {
        const ys = b.items.map(lit);
        if (ys.every((v) => v !== undefined)) return { k: 'bool', v: ys.includes(x) === (op === 'in') };
      }
      return UNKNOWN('comparison of unknown values');
    }
    const soft = ('src' in a && a.src?.soft) || ('src' in b && b.src?.soft);
    let res: boolean | undefined;
    switch (op) {
      case '==':
      case 'is':
        res = x === y;
        break;
      case '!=':
      case 'is not':
        res = x !== y;
        break;
      case 'in':
      case 'not in':
        if (typeof x === 'string' && typeof y === 'string') res = y.includes(x) === (op === 'in');
        break;
      default:
        if (typeof x === 'number' && typeof y === 'number') {
          res = op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : op === '>=' ? x >= y : undefined;
        }
    }
    if (res === undefined) return UNKNOWN('comparison');
    return soft ? { k: 'bool', v: res, src: { name: 'settings comparison', soft: true } } : { k: 'bool', v: res };
  }

  // ------------------------------------------------------------------ attributes

  getAttr(v: Value, name: string): Value {
    switch (v.k) {
      case 'module': {
        const x = v.mod.ns.get(name);
        if (x !== undefined) return x;
        const m = this.submodule(v.mod, name);
        if (m) return { k: 'module', mod: m };
        return UNKNOWN(`${v.mod.name}.${name} not found`);
      }
      case 'ext':
        return this.ext(`${v.path}.${name}`);
      case 'class': {
        const x = this.classAttr(v.cls, name);
        return x ?? UNKNOWN(`${v.cls.qualname}.${name} not found`);
      }
      case 'inst': {
        const own = v.inst.attrs.get(name);
        if (own !== undefined) return own;
        if (v.inst.cls.k === 'class') {
          const x = this.classAttr(v.inst.cls.cls, name);
          if (x?.k === 'func') return { k: 'method', self: v, name, fn: x.fn };
          if (x !== undefined) return x;
        }
        // app.router is the app's own APIRouter: same routes, same dependencies
        if (v.inst.router && name === 'router' && v.inst.router.kind !== 'router') return v;
        return { k: 'method', self: v, name };
      }
      case 'choice': {
        const opts = v.options.slice(0, 16).map((o) => this.getAttr(o, name));
        return choice(opts);
      }
      case 'super':
        return this.superAttr(v.cls, v.self, name);
      case 'str':
      case 'list':
      case 'tuple':
      case 'dict':
      case 'env':
        return { k: 'method', self: v, name };
      default:
        return UNKNOWN(`attribute ${name} of ${v.k}`);
    }
  }

  /** Method resolution order of a user class: itself, then bases depth-first (good enough for mixins). */
  mro(cls: ClassRec): Value[] {
    const out: Value[] = [];
    const seen = new Set<unknown>();
    const visit = (c: Value, depth: number): void => {
      if (depth > 20) return;
      const key = c.k === 'class' ? c.cls : c.k === 'ext' ? c.path : c;
      if (seen.has(key)) return;
      seen.add(key);
      out.push(c);
      if (c.k === 'class') for (const b of c.cls.bases) visit(b, depth + 1);
    };
    visit({ k: 'class', cls }, 0);
    return out;
  }

  classAttr(cls: ClassRec, name: string): Value | undefined {
    for (const c of this.mro(cls)) {
      if (c.k === 'class') {
        const x = c.cls.ns.get(name);
        if (x !== undefined) return x;
      }
    }
    return undefined;
  }

  /** The external base a class derives from (`fastapi.FastAPI`, `pydantic.BaseSettings`, …), if any. */
  extBases(cls: ClassRec): string[] {
    return this.mro(cls).flatMap((c) => (c.k === 'ext' ? [c.path] : []));
  }

  private makeSuper(scope: Scope): Value {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.fnClass && s.self) return { k: 'super', cls: s.fnClass, self: s.self };
    }
    return UNKNOWN('super() outside a method');
  }

  private superAttr(cls: ClassRec, self: Value, name: string): Value {
    const order = self.k === 'inst' && self.inst.cls.k === 'class' ? this.mro(self.inst.cls.cls) : this.mro(cls);
    const i = order.findIndex((c) => c.k === 'class' && c.cls === cls);
    for (const c of order.slice(i + 1)) {
      if (c.k === 'class') {
        const x = c.cls.ns.get(name);
        if (x?.k === 'func') return { k: 'method', self, name, fn: x.fn };
        if (x !== undefined) return x;
      } else if (c.k === 'ext') {
        return { k: 'method', self, name: `super:${c.path}:${name}` };
      }
    }
    return { k: 'method', self, name: `super::${name}` };
  }

  // ------------------------------------------------------------------ calls

  call(fn: Value, args: CallArgs, scope?: Scope): Value {
    switch (fn.k) {
      case 'func':
        return this.callFunction(fn.fn, args);
      case 'class':
        return this.instantiate(fn.cls, args);
      case 'ext':
        return this.callExt(fn.path, args, scope);
      case 'method':
        if (fn.fn) {
          const outer = this.routerSite === undefined && fn.self.k === 'inst' && fn.self.inst.router !== undefined;
          if (outer) this.routerSite = args.loc;
          try {
            return this.callFunction(fn.fn, { ...args, pos: [fn.self, ...args.pos] });
          } finally {
            if (outer) this.routerSite = undefined;
          }
        }
        return this.callMethod(fn.self, fn.name, args);
      case 'routedeco':
      case 'identitydeco':
      case 'wraps':
        return args.pos[0] ? this.applyDecorator(fn, args.pos[0], args.loc) : UNKNOWN('decorator without argument');
      case 'inst': {
        if (fn.inst.cls.k === 'class') {
          const c = this.classAttr(fn.inst.cls.cls, '__call__');
          if (c?.k === 'func') return this.callFunction(c.fn, { ...args, pos: [fn, ...args.pos] });
        }
        return UNKNOWN('call of an instance');
      }
      case 'choice': {
        const outs = fn.options.slice(0, 8).map((o) => this.call(o, args, scope));
        return choice(outs);
      }
      default:
        return UNKNOWN(`call of ${fn.k}`);
    }
  }

  callFunction(fn: FuncRec, args: CallArgs): Value {
    if (this.depth >= MAX_CALL_DEPTH || this.active.has(fn)) return UNKNOWN('call depth');
    if (fn.def.gen) return UNKNOWN('generator');
    const scope: Scope & { fnQual?: string } = { vars: new Map(), parent: fn.closure, module: fn.module };
    scope.fnQual = fn.qualname;
    const params = fn.params ?? [];
    let pi = 0;
    const rest: Value[] = [];
    for (const a of args.pos) {
      while (pi < params.length && (params[pi]!.kind === 'kw' || params[pi]!.kind === 'varkw')) pi++;
      const p = params[pi];
      if (p && (p.kind === 'pos' || p.kind === 'posonly')) {
        scope.vars.set(p.name, a);
        pi++;
      } else rest.push(a);
    }
    for (const p of params) {
      if (scope.vars.has(p.name)) continue;
      if (p.kind === 'var') scope.vars.set(p.name, args.open ? UNKNOWN('*args') : { k: 'tuple', items: rest });
      else if (p.kind === 'varkw') {
        const entries: Array<[Value, Value]> = [];
        for (const [k, v] of args.kw) if (!params.some((q) => q.name === k && q.kind !== 'posonly')) entries.push([str(k), v]);
        scope.vars.set(p.name, args.open ? UNKNOWN('**kwargs') : { k: 'dict', entries });
      } else {
        const kw = p.kind !== 'posonly' ? args.kw.get(p.name) : undefined;
        scope.vars.set(p.name, kw ?? p.def ?? UNKNOWN(`argument ${p.name}`));
      }
    }
    if (fn.ownerClass && params[0]) {
      scope.fnClass = fn.ownerClass;
      scope.self = scope.vars.get(params[0].name);
    }
    this.depth++;
    this.active.add(fn);
    const frame: Frame = { returns: [] };
    let flow: Flow;
    try {
      flow = this.execBlock(fn.def.body, scope, frame);
    } finally {
      this.active.delete(fn);
      this.depth--;
    }
    const outs = [...frame.returns];
    if (flow === 'normal' || flow === 'break' || flow === 'continue') outs.push(NONE);
    if (outs.length === 0) return UNKNOWN('function always raises');
    return choice(outs);
  }

  private instantiate(cls: ClassRec, args: CallArgs): Value {
    const inst: InstRec = { id: this.newId(), cls: { k: 'class', cls }, args, attrs: new Map(), loc: args.loc, conditional: this.conditional };
    this.insts.push(inst);
    const self: Value = { k: 'inst', inst };
    const bases = this.extBases(cls);
    const routerBase = bases.find((b) => b === 'fastapi.FastAPI' || b === 'fastapi.APIRouter' || b === 'fastapi.Starlette' || b === 'fastapi.Router');
    if (routerBase) this.routers.initRouter(inst, routerBase, { pos: [], kw: new Map(), open: false, loc: args.loc }, false);
    if (bases.some((b) => b === 'pydantic.BaseSettings' || b === 'pydantic.BaseModel')) {
      const soft = bases.includes('pydantic.BaseSettings');
      for (const c of this.mro(cls).reverse()) {
        if (c.k !== 'class') continue;
        for (const f of c.cls.fields) {
          let v = c.cls.ns.get(f);
          if (v === undefined) continue;
          if (v.k === 'inst' && v.inst.cls.k === 'ext' && v.inst.cls.path === 'pydantic.Field') v = v.inst.args.kw.get('default') ?? v.inst.args.pos[0] ?? UNKNOWN('Field');
          const srcName = `${c.cls.name}.${f}`;
          const prov = 'src' in v && v.src ? { ...v.src, name: srcName, soft } : { name: srcName, soft, loc: c.cls.loc };
          inst.attrs.set(f, withSrc(v, prov, true));
        }
      }
      for (const [k, v] of args.kw) inst.attrs.set(k, v);
      return self;
    }
    const init = this.classAttr(cls, '__init__');
    if (init?.k === 'func') this.callFunction(init.fn, { ...args, pos: [self, ...args.pos] });
    else if (routerBase) this.routers.initRouter(inst, routerBase, args, true);
    return self;
  }

  private callExt(path: string, args: CallArgs, scope?: Scope): Value {
    const special = this.routers.callExt(path, args);
    if (special) return special;
    if (scope) this.extCalls.push({ path, args, loc: args.loc, conditional: this.conditional, module: scope.module });
    switch (path) {
      case 'os.getenv': {
        const name = asStr(args.pos[0]);
        if (!name) return UNKNOWN('os.getenv(?)');
        const dflt = args.pos[1] ?? args.kw.get('default');
        return dflt ? { k: 'env', name, dflt, loc: args.loc } : { k: 'env', name, loc: args.loc };
      }
      case 'functools.wraps':
        return args.pos[0] ? { k: 'wraps', target: args.pos[0] } : UNKNOWN('wraps()');
      case 'starlette.authentication.requires': {
        // `requires([])` asks for nothing; any other scopes (or ones we cannot read) are checked
        const scopes = args.pos[0] ?? args.kw.get('scopes');
        const none = scopes && ((scopes.k === 'str' && scopes.v === '') || ((scopes.k === 'list' || scopes.k === 'tuple') && scopes.items.length === 0));
        return none ? { k: 'identitydeco', note: path } : { k: 'identitydeco', mark: 'requires', loc: args.loc };
      }
      case 'functools.lru_cache':
      case 'functools.cache':
      case 'builtins.staticmethod':
      case 'builtins.classmethod':
      case 'builtins.property':
        if (args.pos[0] && (args.pos[0].k === 'func' || args.pos[0].k === 'class')) return args.pos[0];
        return { k: 'identitydeco', note: path };
      case 'typing.cast':
        return args.pos[1] ?? UNKNOWN('cast');
      case 'builtins.str': {
        const a = args.pos[0];
        if (!a) return str('');
        const s = this.stringify(a);
        return s !== undefined ? str(s, 'src' in a ? a.src : undefined) : a.k === 'env' ? a : UNKNOWN('str()');
      }
      case 'builtins.list':
      case 'builtins.tuple':
      case 'builtins.set': {
        const a = args.pos[0];
        const kind = path.slice(9) as 'list' | 'tuple' | 'set';
        if (!a) return { k: kind, items: [] };
        if (a.k === 'list' || a.k === 'tuple' || a.k === 'set') return { k: kind, items: [...a.items], src: a.src };
        return UNKNOWN(`${kind}()`);
      }
      case 'builtins.dict': {
        const entries: Array<[Value, Value]> = [];
        for (const [k, v] of args.kw) entries.push([str(k), v]);
        return { k: 'dict', entries };
      }
      case 'builtins.bool': {
        const t = args.pos[0] ? truthy(args.pos[0]) : false;
        return t === undefined ? UNKNOWN('bool()') : { k: 'bool', v: t };
      }
      case 'builtins.getattr': {
        const [obj, name, dflt] = args.pos;
        const n = asStr(name);
        if (!obj || !n) return dflt ?? UNKNOWN('getattr');
        const r = this.getAttr(obj, n);
        return r.k === 'unknown' && dflt ? dflt : r;
      }
      case 'builtins.super':
        return scope ? this.makeSuper(scope) : UNKNOWN('super');
      case 'builtins.len': {
        const a = args.pos[0];
        if (a && (a.k === 'list' || a.k === 'tuple' || a.k === 'set')) return { k: 'num', v: a.items.length };
        if (a && a.k === 'str') return { k: 'num', v: a.v.length };
        return UNKNOWN('len');
      }
      default: {
        const last = path.slice(path.lastIndexOf('.') + 1).replace(/\[\]$/, '');
        // Classes of libraries (CORSMiddleware, HTTPException, APIKeyQuery, Field…) become instances we can read back.
        if (/^[A-Z]/.test(last) && !path.endsWith('[]')) {
          const inst: InstRec = { id: this.newId(), cls: { k: 'ext', path }, args, attrs: new Map(), loc: args.loc, conditional: this.conditional };
          this.insts.push(inst);
          return { k: 'inst', inst };
        }
        return UNKNOWN(`result of ${path}()`);
      }
    }
  }

  private callMethod(self: Value, name: string, args: CallArgs): Value {
    if (self.k === 'inst' && self.inst.router) {
      const r = this.routers.callRouterMethod(self.inst, name, args);
      if (r) return r;
    }
    if (name.startsWith('super:')) {
      const [, base, meth] = name.split(':');
      if (meth === '__init__' && self.k === 'inst' && self.inst.router && base) {
        this.routers.initRouter(self.inst, base, args, true);
        return NONE;
      }
      if (meth === '__init__' && self.k === 'inst' && base && (base === 'pydantic.BaseSettings' || base === 'pydantic.BaseModel')) return NONE;
      // a router subclass that overrides a method and calls the library's (`super().add_api_route(...)`)
      if (meth && self.k === 'inst' && self.inst.router) {
        const r = this.routers.callRouterMethod(self.inst, meth, this.routerSite ? { ...args, loc: this.routerSite } : args);
        if (r) return r;
      }
      return UNKNOWN(`super().${meth}`);
    }
    if (self.k === 'str') return this.strMethod(self, name, args);
    if (self.k === 'list') {
      const room = MAX_ITEMS - self.items.length;
      if (name === 'append' && args.pos[0] && room > 0) self.items.push(args.pos[0]);
      else if (name === 'extend' && args.pos[0] && (args.pos[0].k === 'list' || args.pos[0].k === 'tuple')) self.items.push(...args.pos[0].items.slice(0, Math.max(0, room)));
      else if (name === 'insert' && args.pos[1] && room > 0) self.items.unshift(args.pos[1]);
      else if (name === 'copy') return { k: 'list', items: [...self.items] };
      return NONE;
    }
    if (self.k === 'dict') {
      if (name === 'get') {
        const key = args.pos[0];
        for (const [k, v] of self.entries) if (key && k.k === key.k && 'v' in k && 'v' in key && k.v === key.v) return v;
        return args.pos[1] ?? NONE;
      }
      if (name === 'copy') return { k: 'dict', entries: [...self.entries] };
      if (name === 'update' && args.pos[0]?.k === 'dict') self.entries.push(...args.pos[0].entries);
      return UNKNOWN(`dict.${name}`);
    }
    if (self.k === 'env') {
      const d = self.dflt;
      if (d && d.k === 'str') {
        const r = this.strMethod(d, name, args);
        return r.k === 'list' ? { ...r, src: { name: `os.getenv(${JSON.stringify(self.name)})`, loc: self.loc, soft: true } } : r;
      }
      return UNKNOWN(`method ${name} of an environment value`);
    }
    return UNKNOWN(`method ${name}`);
  }

  private strMethod(self: Extract<Value, { k: 'str' }>, name: string, args: CallArgs): Value {
    const s = self.v;
    const a0 = asStr(args.pos[0]);
    const keep = (v: string): Value => str(v, self.src);
    switch (name) {
      case 'split': {
        const parts = a0 !== undefined ? s.split(a0) : s.trim().split(/\s+/).filter(Boolean);
        return { k: 'list', items: parts.map((p) => keep(p)), src: self.src };
      }
      case 'strip':
      case 'lstrip':
      case 'rstrip': {
        const chars = a0 ?? ' \t\n\r';
        let lo = 0;
        let hi = s.length;
        if (name !== 'rstrip') while (lo < hi && chars.includes(s[lo]!)) lo++;
        if (name !== 'lstrip') while (hi > lo && chars.includes(s[hi - 1]!)) hi--;
        return keep(s.slice(lo, hi));
      }
      case 'lower':
        return keep(s.toLowerCase());
      case 'upper':
        return keep(s.toUpperCase());
      case 'replace':
        return a0 !== undefined && asStr(args.pos[1]) !== undefined ? keep(s.split(a0).join(asStr(args.pos[1])!)) : UNKNOWN('replace');
      case 'removeprefix':
        return a0 !== undefined ? keep(s.startsWith(a0) ? s.slice(a0.length) : s) : UNKNOWN('removeprefix');
      case 'removesuffix':
        return a0 !== undefined ? keep(s.endsWith(a0) && a0 ? s.slice(0, -a0.length) : s) : UNKNOWN('removesuffix');
      case 'startswith':
        return a0 !== undefined ? { k: 'bool', v: s.startsWith(a0) } : UNKNOWN('startswith');
      case 'endswith':
        return a0 !== undefined ? { k: 'bool', v: s.endsWith(a0) } : UNKNOWN('endswith');
      case 'join': {
        const l = args.pos[0];
        if (l && (l.k === 'list' || l.k === 'tuple')) {
          const parts = l.items.map((i) => asStr(i));
          if (parts.every((p) => p !== undefined)) return str(parts.join(s));
        }
        return UNKNOWN('join');
      }
      case 'format':
        return UNKNOWN('str.format');
      default:
        return UNKNOWN(`str.${name}`);
    }
  }
}
