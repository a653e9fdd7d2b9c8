/**
 * Side-effect-free evaluation of expressions inside a code unit (src/analysis/units.ts): nothing is
 * called and no module is loaded. Local assignments are read flow-insensitively, parameters are
 * unknown (or their default, on request), other names go through the function's closure or the
 * module namespace the interpreter built — then through module-level bindings the interpreter
 * skipped (imports and assignments under `if __name__ == "__main__":`) — so module constants,
 * imported names and settings fields keep their provenance for messages. Two precisions:
 *
 * - possible (the default): every value the expression may take — each assignment of a local is an
 *   alternative (with the local as provenance), both sides of `x if c else y` and of `a or b`, user
 *   functions followed through their `return`s, settings classes read through their field defaults,
 *   pure string methods and builtins, concatenations, f-strings, dict and list indexing. For sinks:
 *   a secret or a flag that may reach them (FA303, FA404–FA406).
 * - certain: only what cannot differ — a local assigned exactly once, module constants and settings
 *   through the closure, `os.getenv`/`os.environ[...]`, `str(x)`, `os.getenv("K") or "d"`; any other
 *   call, `await`, operator or local assigned twice is unknown. For deciding what a credential is
 *   compared with (FA105–FA107), where a guess would be a false finding.
 */
import type { DefStmt, Expr, Loc, Param, Stmt } from '../facts/ir.js';
import type { Project } from '../model/project.js';
import {
  NONE,
  UNKNOWN,
  asStr,
  choice,
  srcLoc,
  str,
  withSrc,
  type CallArgs,
  type ClassRec,
  type InstRec,
  type ModuleRec,
  type Provenance,
  type Scope,
  type Value,
} from '../model/values.js';
import { argExpr, exprText, type CallExpr } from './ir.js';
import { isBound, locOf, paramOf, singleBinding, type Binding, type CodeUnit } from './units.js';
import { attachProvenance } from './values.js';

export interface ResolveOptions {
  /** Only values that cannot differ (see the module comment); default: every value it may take. */
  certain?: boolean;
  /** Resolve a parameter to its default value (with the parameter as provenance) instead of unknown. */
  paramDefaults?: boolean;
  /** Do not name a local variable as where its value came from (messages that cite only module-level sources). */
  plainLocals?: boolean;
}

export const CERTAIN: ResolveOptions = { certain: true };

const POSSIBLE_DEPTH = 14;
const CERTAIN_DEPTH = 8;
const MAX_RETURN_HOPS = 3;
/** String methods evaluated on a known string (through the interpreter's pure string model). */
const PURE_METHODS = new Set(['split', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'replace', 'removeprefix', 'removesuffix', 'startswith', 'endswith', 'join']);
/** Builtins evaluated on known arguments (the interpreter's pure model of them). */
const PURE_BUILTINS = new Set(['builtins.list', 'builtins.tuple', 'builtins.set', 'builtins.bool', 'builtins.len']);

/** Functions that wrap a key in a key object: the secret is their first argument. */
const KEY_IMPORTS = new Set(['joserfc.jwk.OctKey.import_key', 'authlib.jose.OctKey.import_key', 'authlib.jose.JsonWebKey.import_key']);

/** Kinds of value that can carry provenance (see `withSrc`), directly or in their alternatives. */
const CARRIES_PROVENANCE = new Set<Value['k']>(['str', 'num', 'bool', 'none', 'list', 'tuple', 'set', 'dict', 'annotated', 'choice']);

/** `os.environ["X"]` reads built by the resolver: KeyError when unset, never None. */
const STRICT_ENV = new WeakSet<Value>();

/** Did the resolver build this value for an `os.environ[...]` read? */
export function isStrictEnv(v: Value): boolean {
  return STRICT_ENV.has(v);
}

export class Resolver {
  private readonly active = new Set<string>();
  private readonly assignLocs = new Map<ModuleRec, Map<string, Loc>>();
  /** Closure lookups with provenance restored, by scope: a pure function of (scope, name). */
  private readonly closureMemo = new WeakMap<Scope, Map<string, Value>>();
  private provByValue?: Map<Value, Provenance>;
  private returnHops = 0;
  private readonly models = new Map<ClassRec, Value>();

  constructor(
    private readonly project: Project,
    private readonly byDef: Map<DefStmt, CodeUnit>,
  ) {}

  value(unit: CodeUnit, e: Expr, opts: ResolveOptions = {}, depth = 0): Value {
    const certain = opts.certain === true;
    if (depth > (certain ? CERTAIN_DEPTH : POSSIBLE_DEPTH)) return UNKNOWN('too deep');
    const ip = this.project.interp;
    switch (e.t) {
      case 'name':
        return this.name(unit, e.id, opts, depth);
      case 'attr': {
        const obj = this.value(unit, e.obj, opts, depth + 1);
        if (obj.k === 'unknown') return UNKNOWN(`${obj.why}.${e.attr}`);
        // a module's attribute straight from its namespace: getAttr could import (run) a submodule
        if (obj.k === 'module') return obj.mod.ns.get(e.attr) ?? UNKNOWN(`${obj.mod.name}.${e.attr}`);
        if (certain) return ip.getAttr(obj, e.attr);
        let v = this.withProvenance(ip.getAttr(obj, e.attr));
        // a model field whose default the interpreter located at its class (`Field(default=...)`): point at the field
        if ('src' in v && v.src?.loc && obj.k === 'inst' && obj.inst.cls.k === 'class') {
          const prov = this.fieldProvenance(obj.inst.cls.cls, e.attr);
          if (prov?.loc && prov.name === v.src.name && prov.loc.line !== v.src.loc.line) v = withSrc(v, { ...v.src, loc: prov.loc }, true);
        }
        // a field of a settings/model instance that lost its provenance (a SecretStr(...), a choice)
        if (!('src' in v && v.src) && obj.k === 'inst' && obj.inst.cls.k === 'class') {
          // `Settings(SECRET_KEY="...")`: the constructor call set it
          const prov =
            obj.inst.args.kw.get(e.attr) === v ? { name: `${obj.inst.cls.cls.name}(${e.attr}=...)`, loc: obj.inst.args.loc } : this.fieldProvenance(obj.inst.cls.cls, e.attr);
          if (prov)
            return v.k === 'inst' && v.inst.cls.k === 'ext' && /(^|\.)Secret(Str|Bytes)$/.test(v.inst.cls.path) && v.inst.args.pos[0]
              ? attachProvenance(v.inst.args.pos[0], prov)
              : attachProvenance(v, prov);
        }
        return v;
      }
      case 'call':
        return this.call(unit, e, opts, depth);
      case 'str':
        return str(e.v);
      case 'num':
        return { k: 'num', v: e.v };
      case 'const':
        return e.v === null ? NONE : { k: 'bool', v: e.v };
      case 'list':
      case 'tuple':
      case 'set':
        return { k: e.t, items: e.items.map((it) => (it.t === 'starred' ? UNKNOWN('starred item') : this.value(unit, it, opts, depth + 1))) };
      case 'sub': {
        const obj = this.value(unit, e.obj, opts, depth + 1);
        const key = this.value(unit, e.index, opts, depth + 1);
        if (obj.k === 'ext' && obj.path === 'os.environ') {
          const name = certain ? asStr(key) : key.k === 'str' ? key.v : undefined;
          if (name !== undefined) {
            const v: Value = { k: 'env', name, loc: locOf(unit, certain ? e.index : e) };
            STRICT_ENV.add(v);
            return v;
          }
        }
        if (certain) return UNKNOWN('subscript');
        if (obj.k === 'dict') {
          for (const [k, v] of obj.entries) if (k.k === key.k && 'v' in k && 'v' in key && k.v === key.v) return v;
          return UNKNOWN('missing dict key');
        }
        if ((obj.k === 'list' || obj.k === 'tuple') && key.k === 'num') return obj.items[key.v < 0 ? obj.items.length + key.v : key.v] ?? UNKNOWN('index');
        return UNKNOWN('subscript');
      }
      case 'boolop': {
        if (certain) {
          // `os.getenv("K") or "dev"` behaves like `os.getenv("K", "dev")`; otherwise the last operand says whether it can be None
          const last = e.values[e.values.length - 1];
          if (e.op !== 'or' || !last) return UNKNOWN('boolop');
          const l = this.value(unit, last, opts, depth + 1);
          const first = this.value(unit, e.values[0]!, opts, depth + 1);
          if (e.values.length === 2 && first.k === 'env' && !first.dflt) return { k: 'env', name: first.name, dflt: l, loc: first.loc };
          return l;
        }
        return choice(e.values.map((v) => this.value(unit, v, opts, depth + 1)));
      }
      default:
        return certain ? UNKNOWN(e.t) : this.possibleOnly(unit, e, opts, depth);
    }
  }

  /** Expressions only the possible precision evaluates. */
  private possibleOnly(unit: CodeUnit, e: Expr, opts: ResolveOptions, depth: number): Value {
    switch (e.t) {
      case 'dict': {
        const entries: Array<[Value, Value]> = [];
        for (const [k, v] of e.items) {
          if (k === null) {
            const sp = this.value(unit, v, opts, depth + 1);
            if (sp.k === 'dict') entries.push(...sp.entries);
          } else entries.push([this.value(unit, k, opts, depth + 1), this.value(unit, v, opts, depth + 1)]);
        }
        return { k: 'dict', entries };
      }
      case 'bin':
        return this.project.interp.binop(e.op, this.value(unit, e.l, opts, depth + 1), this.value(unit, e.r, opts, depth + 1));
      case 'fstr': {
        let out = '';
        for (const p of e.parts) {
          if (typeof p === 'string') out += p;
          else {
            const v = this.value(unit, p, opts, depth + 1);
            if (v.k === 'str') out += v.v;
            else if (v.k === 'num') out += String(v.v);
            else return UNKNOWN('f-string with unknown parts');
          }
        }
        return str(out);
      }
      case 'ifexp':
        return choice([this.value(unit, e.body, opts, depth + 1), this.value(unit, e.orelse, opts, depth + 1)]);
      case 'await':
      case 'starred':
      case 'walrus':
        return this.value(unit, e.v, opts, depth + 1);
      case 'unary': {
        const v = this.value(unit, e.v, opts, depth + 1);
        if (e.op === 'not' && v.k === 'bool') return v.src ? { k: 'bool', v: !v.v, src: v.src } : { k: 'bool', v: !v.v };
        if (e.op === '-' && v.k === 'num') return { k: 'num', v: -v.v };
        return UNKNOWN('unary');
      }
      default:
        return UNKNOWN(e.t);
    }
  }

  /**
   * The value of a name as seen from `unit`: its own assignments and parameters, then enclosing
   * units, then the closure; at module level the interpreter's namespace, then bindings it skipped.
   */
  name(unit: CodeUnit, id: string, opts: ResolveOptions = {}, depth = 0): Value {
    for (let u: CodeUnit | undefined = unit; u; u = u.kind === 'function' && u.fn ? undefined : u.parent) {
      if (u.kind === 'module') {
        // code the interpreter never ran is not certain to run: only the possible precision reads it
        const skipped = opts.certain ? undefined : u.unboundGlobals.get(id);
        if (skipped) return this.bindings(u, id, skipped, opts, depth);
        break;
      }
      if (opts.certain) {
        if (paramOf(u, id)) return UNKNOWN(`parameter ${id}`);
        if (isBound(u, id)) {
          const one = singleBinding(u, id);
          return one ? this.value(u, one, opts, depth + 1) : UNKNOWN(`local ${id}`);
        }
      } else {
        const bindings = u.locals.get(id);
        if (bindings) return this.bindings(u, id, bindings, opts, depth);
        const p = paramOf(u, id);
        if (p) return this.param(u, p, opts, depth);
      }
      if (u.kind === 'function' && u.fn) return this.lookup(id, u.fn.closure, opts);
    }
    return this.lookup(id, unit.kind === 'function' && unit.fn ? unit.fn.closure : this.project.interp.moduleScope(unit.mod), opts);
  }

  private bindings(u: CodeUnit, id: string, bs: Binding[], opts: ResolveOptions, depth: number): Value {
    const key = `${u.id}:${id}`;
    if (this.active.has(key)) return UNKNOWN(`recursive ${id}`);
    this.active.add(key);
    try {
      const alts = bs.map((b) => {
        if (b.val) return b.val;
        if (!b.v) return UNKNOWN(`${id} bound by a loop, with or except`);
        const v = this.value(u, b.v, opts, depth + 1);
        return opts.plainLocals ? v : attachProvenance(v, { name: id, loc: srcLoc(u.file, b.loc) });
      });
      return alts.length === 1 ? alts[0]! : choice(alts);
    } finally {
      this.active.delete(key);
    }
  }

  private param(u: CodeUnit, p: Param, opts: ResolveOptions, depth: number): Value {
    if (!opts.paramDefaults) return UNKNOWN(`parameter ${p.name}`);
    const prov: Provenance = { name: `${u.qual.slice(u.qual.lastIndexOf('.') + 1)}(${p.name}=...)`, loc: srcLoc(u.file, p.loc), soft: true };
    const rec = u.fn?.params?.find((q) => q.name === p.name);
    if (rec?.def) return attachProvenance(rec.def, prov);
    if (p.def && u.parent) return attachProvenance(this.value(u.parent, p.def, opts, depth + 1), prov);
    return UNKNOWN(`parameter ${p.name}`);
  }

  /** A name in the interpreter's scopes; with the possible precision, module bindings that lost their provenance get it back. */
  private lookup(id: string, scope: Scope, opts: ResolveOptions): Value {
    if (opts.certain) return this.project.interp.lookup(id, scope);
    let memo = this.closureMemo.get(scope);
    if (!memo) this.closureMemo.set(scope, (memo = new Map()));
    let v = memo.get(id);
    if (!v) memo.set(id, (v = this.lookupWithProvenance(id, scope)));
    return v;
  }

  private lookupWithProvenance(id: string, scope: Scope): Value {
    const v = this.project.interp.lookup(id, scope);
    if (('src' in v && v.src) || !CARRIES_PROVENANCE.has(v.k)) return v;
    // a module-level binding whose value lost its provenance (a choice, an environment read)
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (!s.vars.has(id)) continue;
      if (s.vars === s.module.ns && s.module.assigned.has(id)) {
        const loc = this.assignLoc(s.module, id);
        return attachProvenance(v, { name: `${s.module.name}.${id}`, ...(loc ? { loc: srcLoc(s.module.file, loc) } : {}) });
      }
      break;
    }
    return this.withProvenance(v);
  }

  /** Values shared by reference with a module binding (imported choices) get that binding's provenance. */
  private withProvenance(v: Value): Value {
    if (v.k !== 'choice') return v;
    if (!this.provByValue) {
      this.provByValue = new Map();
      for (const m of this.project.interp.modules.values()) {
        for (const [k, x] of m.ns) {
          if (x.k !== 'choice' || !m.assigned.has(k) || this.provByValue.has(x)) continue;
          const loc = this.assignLoc(m, k);
          this.provByValue.set(x, { name: `${m.name}.${k}`, ...(loc ? { loc: srcLoc(m.file, loc) } : {}) });
        }
      }
      for (const c of this.project.interp.classes) {
        for (const [k, x] of c.ns) {
          if (x.k !== 'choice' || this.provByValue.has(x)) continue;
          const loc = classAssignLoc(c.def.body, k);
          this.provByValue.set(x, { name: `${c.name}.${k}`, loc: loc ? srcLoc(c.module.file, loc) : c.loc });
        }
      }
    }
    const p = this.provByValue.get(v);
    return p ? attachProvenance(v, p) : v;
  }

  private assignLoc(mod: ModuleRec, id: string): Loc | undefined {
    let m = this.assignLocs.get(mod);
    if (!m) {
      const found = new Map<string, Loc>();
      const visit = (stmts: Stmt[]): void => {
        for (const s of stmts) {
          if (s.t === 'assign') {
            for (const t of s.targets) if (t.t === 'name') found.set(t.id, s.loc);
          } else if (s.t === 'if' || s.t === 'while' || s.t === 'for') {
            visit(s.body);
            visit(s.orelse);
          } else if (s.t === 'try') {
            visit(s.body);
            for (const h of s.handlers) visit(h.body);
            visit(s.orelse);
            visit(s.final);
          } else if (s.t === 'with') visit(s.body);
        }
      };
      const facts = this.project.facts.get(mod.file);
      if (facts) visit(facts.body);
      this.assignLocs.set(mod, (m = found));
    }
    return m.get(id);
  }

  private call(unit: CodeUnit, e: CallExpr, opts: ResolveOptions, depth: number): Value {
    const certain = opts.certain === true;
    const a0 = e.args.find((a) => !a.name && !a.star)?.v;
    // pure conversions on a known string: x.encode(), x.get_secret_value(), x.strip()
    if (!certain && e.fn.t === 'attr' && ['encode', 'get_secret_value', 'strip'].includes(e.fn.attr)) {
      const s = secretStrValue(this.value(unit, e.fn.obj, opts, depth + 1));
      if (s) return s;
    }
    // `config.get("jwt_secret", "dev-secret")`: the entry when the mapping is known, else possibly the default
    if (!certain && e.fn.t === 'attr' && e.fn.attr === 'get' && e.args.length === 2 && !e.args.some((a) => a.star || a.name)) {
      const got = this.mappingGet(unit, e, opts, depth);
      if (got) return got;
    }
    const callee = this.value(unit, e.fn, opts, depth + 1);
    if (callee.k === 'ext' && callee.path === 'os.getenv') {
      const name = a0 ? asStr(this.value(unit, a0, opts, depth + 1)) : undefined;
      if (name === undefined) return UNKNOWN('os.getenv(?)');
      const dArg = argExpr(e, 'default', 1);
      const dflt = dArg ? this.value(unit, dArg, opts, depth + 1) : undefined;
      return dflt ? { k: 'env', name, dflt, loc: locOf(unit, e) } : { k: 'env', name, loc: locOf(unit, e) };
    }
    if (certain) {
      if (callee.k === 'ext' && callee.path === 'builtins.str' && e.args[0]) return this.value(unit, e.args[0].v, opts, depth + 1);
      return UNKNOWN('call');
    }
    switch (callee.k) {
      case 'ext': {
        const p = callee.path;
        if (p === 'builtins.str' || p === 'builtins.bytes' || p === 'pydantic.SecretStr' || p === 'pydantic.SecretBytes' || p === 'pydantic.types.SecretStr') {
          return a0 ? this.value(unit, a0, opts, depth + 1) : str('');
        }
        // a symmetric key object made from the secret keeps it (joserfc, authlib)
        if (KEY_IMPORTS.has(p)) return a0 ? this.value(unit, a0, opts, depth + 1) : UNKNOWN('key');
        if (p === 'typing.cast') {
          const a1 = argExpr(e, '__val', 1);
          return a1 ? this.value(unit, a1, opts, depth + 1) : UNKNOWN('cast');
        }
        if (p === 'builtins.dict' && !e.args.some((a) => !a.name)) {
          return { k: 'dict', entries: e.args.filter((a) => a.name && !a.star).map((a) => [str(a.name!), this.value(unit, a.v, opts, depth + 1)] as [Value, Value]) };
        }
        if (PURE_BUILTINS.has(p)) return this.pureCall(unit, e, callee, opts, depth);
        return UNKNOWN(`result of ${p}()`);
      }
      case 'method':
        if (!callee.fn && PURE_METHODS.has(callee.name) && (callee.self.k === 'str' || callee.self.k === 'env')) return this.pureCall(unit, e, callee, opts, depth);
        return UNKNOWN('call');
      case 'class': {
        // a settings/model class: the instance the modules created (its fields carry provenance)
        const ip = this.project.interp;
        const bases = ip.extBases(callee.cls);
        if (!bases.some((b) => b === 'pydantic.BaseSettings' || b === 'pydantic.BaseModel')) return this.detached(callee.cls);
        const inst = ip.insts.find((i) => i.cls.k === 'class' && i.cls.cls === callee.cls);
        return inst ? { k: 'inst', inst } : this.modelDefaults(callee.cls, bases.includes('pydantic.BaseSettings'));
      }
      case 'func': {
        const target = this.byDef.get(callee.fn.def);
        if (!target || this.returnHops >= MAX_RETURN_HOPS || target.returns.length === 0) return UNKNOWN(`result of ${callee.fn.qualname}()`);
        this.returnHops++;
        try {
          return choice(target.returns.map((r) => (r ? this.value(target, r, {}, depth + 1) : NONE)));
        } finally {
          this.returnHops--;
        }
      }
      default:
        return UNKNOWN('call');
    }
  }

  /**
   * `m.get(key, default)` on a dict we know (its entry, else the default) or on a mapping we do not
   * (a loaded config: possibly the default, with the call as provenance, soft like a settings
   * default). Only string defaults: what the sinks that read this precision look for.
   */
  private mappingGet(unit: CodeUnit, e: CallExpr, opts: ResolveOptions, depth: number): Value | undefined {
    if (e.fn.t !== 'attr') return undefined;
    const obj = this.value(unit, e.fn.obj, opts, depth + 1);
    if (obj.k !== 'unknown' && obj.k !== 'dict') return undefined;
    const key = asStr(this.value(unit, e.args[0]!.v, opts, depth + 1));
    if (key === undefined) return undefined;
    const dflt = this.value(unit, e.args[1]!.v, opts, depth + 1);
    const prov: Provenance = { name: `${exprText(e.fn.obj)}.get(${JSON.stringify(key)})`, loc: locOf(unit, e), soft: true };
    if (obj.k === 'dict') {
      for (const [k, v] of obj.entries) if (k.k === 'str' && k.v === key) return v;
      return dflt.k === 'str' && !dflt.src ? attachProvenance(dflt, prov) : dflt;
    }
    if (dflt.k !== 'str') return undefined;
    return choice([UNKNOWN(`${exprText(e.fn.obj)}[${JSON.stringify(key)}]`), dflt.src ? dflt : attachProvenance(dflt, prov)]);
  }

  /** A pure string method or builtin on known arguments, through the interpreter's model of it. */
  private pureCall(unit: CodeUnit, e: CallExpr, callee: Value, opts: ResolveOptions, depth: number): Value {
    if (e.args.some((a) => a.star)) return UNKNOWN('call with *args');
    const args: CallArgs = { pos: [], kw: new Map(), open: false, loc: locOf(unit, e) };
    for (const a of e.args) {
      if (a.name) args.kw.set(a.name, this.value(unit, a.v, opts, depth + 1));
      else args.pos.push(this.value(unit, a.v, opts, depth + 1));
    }
    return this.project.interp.call(callee, args);
  }

  /** Where a class (or a base) assigns a field: `Settings.SECRET_KEY` (file:line), soft for settings classes. */
  private fieldProvenance(cls: ClassRec, attr: string): Provenance | undefined {
    const ip = this.project.interp;
    const soft = ip.extBases(cls).includes('pydantic.BaseSettings');
    for (const c of ip.mro(cls)) {
      if (c.k !== 'class') continue;
      const loc = classAssignLoc(c.cls.def.body, attr);
      if (loc) return { name: `${c.cls.name}.${attr}`, loc: srcLoc(c.cls.module.file, loc), ...(soft ? { soft } : {}) };
    }
    return undefined;
  }

  /** An instance of a user class built in a body we do not run: its class is known, its attributes are not. */
  private detached(cls: ClassRec): Value {
    const hit = this.models.get(cls);
    if (hit) return hit;
    const inst: InstRec = { id: -1, cls: { k: 'class', cls }, args: { pos: [], kw: new Map(), open: true, loc: cls.loc }, attrs: new Map(), loc: cls.loc, conditional: true };
    const out: Value = { k: 'inst', inst };
    this.models.set(cls, out);
    return out;
  }

  /**
   * A pydantic model/settings class nobody instantiated at import time (`get_settings()` behind
   * `lru_cache`): a detached instance whose attributes are the field defaults, with provenance.
   */
  private modelDefaults(cls: ClassRec, soft: boolean): Value {
    const hit = this.models.get(cls);
    if (hit) return hit;
    const ip = this.project.interp;
    const inst: InstRec = { id: -1, cls: { k: 'class', cls }, args: { pos: [], kw: new Map(), open: false, loc: cls.loc }, attrs: new Map(), loc: cls.loc, conditional: false };
    for (const c of ip.mro(cls).reverse()) {
      if (c.k !== 'class') continue;
      for (const f of c.cls.fields) {
        let v = c.cls.ns.get(f);
        if (v === undefined) continue;
        if (v.k === 'inst' && v.inst.cls.k === 'ext' && v.inst.cls.path === 'pydantic.Field') v = v.inst.args.kw.get('default') ?? v.inst.args.pos[0] ?? UNKNOWN('Field');
        const name = `${c.cls.name}.${f}`;
        const loc = classAssignLoc(c.cls.def.body, f);
        inst.attrs.set(f, attachProvenance(v, { name, soft, loc: loc ? srcLoc(c.cls.module.file, loc) : c.cls.loc }));
      }
    }
    const out: Value = { k: 'inst', inst };
    this.models.set(cls, out);
    return out;
  }
}

function classAssignLoc(body: Stmt[], id: string): Loc | undefined {
  let loc: Loc | undefined;
  for (const s of body) if (s.t === 'assign') for (const t of s.targets) if (t.t === 'name' && t.id === id) loc = s.loc;
  return loc;
}

/** The string a SecretStr/str/bytes-ish value holds (same provenance), if it is one. */
function secretStrValue(v: Value): Value | undefined {
  if (v.k === 'str' || v.k === 'env') return v;
  if (v.k === 'choice' && v.options.every((o) => o.k === 'str' || o.k === 'env' || o.k === 'none' || o.k === 'unknown')) return v;
  if (v.k === 'inst' && v.inst.cls.k === 'ext' && /(^|\.)Secret(Str|Bytes)$/.test(v.inst.cls.path)) return v.inst.args.pos[0] ?? UNKNOWN('SecretStr()');
  return undefined;
}
