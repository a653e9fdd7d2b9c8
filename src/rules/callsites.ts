/**
 * Code units and call sites for the rules that look inside code the interpreter does not run:
 * handler and dependency bodies, helpers nobody calls at import time, class bodies and module code
 * (FA404 cookie-insecure, FA405 jwt-verification-disabled, FA406 hardcoded-secret).
 *
 * Every parsed file is cut into units — the module's own statements, each class body, each `def`
 * (nested ones too, whether or not the interpreter ever defined them) — and each unit lists the
 * calls and comparisons written in it. `BodyResolver` then resolves expressions of a unit WITHOUT
 * executing anything: local assignments are read flow-insensitively (every assignment of a name is
 * an alternative), parameters are unknown (or their default, on request), other names go through
 * the function's closure (`fn.closure`) or the module scope the interpreter built, so module
 * constants, imported names and settings fields keep their provenance for messages.
 *
 * (Named `callsites.ts` so it does not collide with a `body.ts` another rule author may add.)
 */
import type { DefStmt, Expr, Loc, Param, Stmt } from '../facts/ir.js';
import { canonical } from '../model/externals.js';
import type { Project } from '../model/project.js';
import { NONE, UNKNOWN, choice, srcLoc, str, withSrc, type ClassRec, type FuncRec, type InstRec, type ModuleRec, type Provenance, type Scope, type SrcLoc, type Value } from '../model/values.js';

export type CallExpr = Extract<Expr, { t: 'call' }>;
export type CmpExpr = Extract<Expr, { t: 'cmp' }>;

/** One assignment of a local name; `v` null when the name is bound by for/with/except/unpacking. */
export interface Binding {
  v: Expr | null;
  loc: Loc;
  /** A value known without evaluation (function-level imports). */
  val?: Value;
}

export interface CodeUnit {
  id: number;
  kind: 'module' | 'class' | 'function';
  file: string;
  mod: ModuleRec;
  /** `app.core.security.create_access_token`, `app.core.config.Settings`, `app.core.config`. */
  qual: string;
  /** The interpreter's record of this def, when the interpreter defined it. */
  fn?: FuncRec;
  def?: DefStmt;
  /** Where names not bound in this unit (or its parents) are looked up. */
  scope: Scope;
  /** Enclosing function or module unit (class bodies are skipped for methods, as in Python). */
  parent?: CodeUnit;
  locals: Map<string, Binding[]>;
  params: Map<string, Param>;
  calls: CallExpr[];
  cmps: CmpExpr[];
  returns: Array<Expr | null>;
}

export interface ResolveOptions {
  /** Resolve a parameter to its default value (with the parameter as provenance) instead of unknown. */
  paramDefaults?: boolean;
}

/** Test code is not production code: FA404/FA405/FA406 skip `tests/`, `test/`, `test_*.py`, `*_test.py`, `conftest.py`. */
export function isTestPath(file: string): boolean {
  const parts = file.split('/');
  const base = parts[parts.length - 1] ?? '';
  if (/^test_.*\.py$|_test\.py$|^tests?\.py$|^conftest\.py$/.test(base)) return true;
  return parts.slice(0, -1).some((d) => d === 'tests' || d === 'test' || d === '__tests__' || d === 'testing');
}

/** The argument expression for a keyword or its positional slot (positional slots count only before a `*args`). */
export function argExpr(call: CallExpr, name: string, pos?: number): Expr | undefined {
  const kw = call.args.find((a) => a.name === name && !a.star);
  if (kw) return kw.v;
  if (pos === undefined) return undefined;
  let i = 0;
  for (const a of call.args) {
    if (a.star === 1) return undefined;
    if (a.name || a.star) continue;
    if (i === pos) return a.v;
    i++;
  }
  return undefined;
}

/** `**kwargs` arguments of a call. */
export function starStarArgs(call: CallExpr): Expr[] {
  return call.args.filter((a) => a.star === 2).map((a) => a.v);
}

/** The last identifier of a name or attribute chain (`settings.SECRET_KEY` → `SECRET_KEY`), if it is one. */
export function lastName(e: Expr): string | undefined {
  let x = e;
  while (x.t === 'await') x = x.v;
  if (x.t === 'name') return x.id;
  if (x.t === 'attr') return x.attr;
  return undefined;
}

export function locOf(unit: CodeUnit, e: { loc: Loc }): SrcLoc {
  return srcLoc(unit.file, e.loc);
}

interface Analysis {
  units: CodeUnit[];
  byDef: Map<DefStmt, CodeUnit>;
  resolver: BodyResolver;
}

const cache = new WeakMap<Project, Analysis>();

/** Every code unit of the project (files sorted by path, units in source order). Built once per project. */
export function codeUnits(project: Project): CodeUnit[] {
  return analysis(project).units;
}

export function resolverOf(project: Project): BodyResolver {
  return analysis(project).resolver;
}

function analysis(project: Project): Analysis {
  const hit = cache.get(project);
  if (hit) return hit;
  const a = new UnitBuilder(project).build();
  cache.set(project, a);
  return a;
}

class UnitBuilder {
  private nextId = 1;
  private readonly funcByDef = new Map<DefStmt, FuncRec>();
  private readonly byDef = new Map<DefStmt, CodeUnit>();
  private readonly units: CodeUnit[] = [];
  private readonly modByName = new Map<string, ModuleRec>();

  constructor(private readonly project: Project) {
    for (const f of project.interp.funcs) if (!this.funcByDef.has(f.def)) this.funcByDef.set(f.def, f);
    for (const m of project.interp.modules.values()) if (!this.modByName.has(m.name)) this.modByName.set(m.name, m);
  }

  build(): Analysis {
    const ip = this.project.interp;
    const byFile = new Map<string, ModuleRec>();
    for (const m of ip.modules.values()) if (!byFile.has(m.file)) byFile.set(m.file, m);
    const files = [...this.project.facts.keys()].sort();
    for (const file of files) {
      const facts = this.project.facts.get(file)!;
      const mod = byFile.get(file);
      if (!mod) continue;
      const unit = this.newUnit('module', file, mod, mod.name, ip.moduleScope(mod));
      this.stmts(facts.body, unit);
    }
    const resolver = new BodyResolver(this.project, this.byDef);
    return { units: this.units, byDef: this.byDef, resolver };
  }

  private newUnit(kind: CodeUnit['kind'], file: string, mod: ModuleRec, qual: string, scope: Scope, parent?: CodeUnit): CodeUnit {
    const u: CodeUnit = { id: this.nextId++, kind, file, mod, qual, scope, locals: new Map(), params: new Map(), calls: [], cmps: [], returns: [] };
    if (parent) u.parent = parent;
    this.units.push(u);
    return u;
  }

  private bind(unit: CodeUnit, name: string, b: Binding): void {
    if (unit.kind === 'module') return; // module names are read from the interpreter's module scope
    const list = unit.locals.get(name);
    if (list) list.push(b);
    else unit.locals.set(name, [b]);
  }

  private bindTarget(unit: CodeUnit, t: Expr, v: Expr | null, loc: Loc): void {
    if (t.t === 'name') this.bind(unit, t.id, { v, loc });
    else if (t.t === 'tuple' || t.t === 'list') for (const it of t.items) this.bindTarget(unit, it.t === 'starred' ? it.v : it, null, loc);
    else if (t.t === 'starred') this.bindTarget(unit, t.v, null, loc);
    else this.expr(t, unit);
  }

  private importValue(path: string): Value {
    const m = this.modByName.get(path);
    return m ? { k: 'module', mod: m } : { k: 'ext', path: canonical(path) };
  }

  private stmts(list: Stmt[], unit: CodeUnit): void {
    for (const s of list) this.stmt(s, unit);
  }

  private stmt(s: Stmt, unit: CodeUnit): void {
    switch (s.t) {
      case 'import':
        for (const n of s.names) {
          if (n.as) this.bind(unit, n.as, { v: null, loc: s.loc, val: this.importValue(n.mod) });
          else {
            const top = n.mod.split('.')[0]!;
            this.bind(unit, top, { v: null, loc: s.loc, val: this.importValue(top) });
          }
        }
        return;
      case 'from':
        if (s.names === '*') return;
        for (const n of s.names) {
          let val: Value = UNKNOWN(`relative import of ${n.name}`);
          if (s.level === 0) {
            const m = this.modByName.get(s.mod);
            val = m ? (m.ns.get(n.name) ?? UNKNOWN(`${n.name} not found in ${m.name}`)) : { k: 'ext', path: canonical(`${s.mod}.${n.name}`) };
          }
          this.bind(unit, n.as ?? n.name, { v: null, loc: s.loc, val });
        }
        return;
      case 'assign':
        if (s.ann) this.expr(s.ann, unit);
        if (s.v) this.expr(s.v, unit);
        for (const t of s.targets) {
          if (s.v === null && t.t === 'name') continue; // `x: T` alone binds nothing
          this.bindTarget(unit, t, s.v, s.loc);
        }
        return;
      case 'aug':
        this.expr(s.target, unit);
        this.expr(s.v, unit);
        if (s.target.t === 'name') this.bind(unit, s.target.id, { v: null, loc: s.loc });
        return;
      case 'expr':
        this.expr(s.v, unit);
        return;
      case 'def':
        this.def(s, unit);
        return;
      case 'class': {
        for (const b of s.bases) this.expr(b.v, unit);
        for (const d of s.decorators) this.expr(d, unit);
        this.bind(unit, s.name, { v: null, loc: s.loc });
        const c = this.newUnit('class', unit.file, unit.mod, `${unit.kind === 'module' ? unit.mod.name : unit.qual}.${s.name}`, unit.scope, unit);
        this.stmts(s.body, c);
        return;
      }
      case 'if':
      case 'while':
        this.expr(s.test, unit);
        this.stmts(s.body, unit);
        this.stmts(s.orelse, unit);
        return;
      case 'for':
        this.expr(s.iter, unit);
        this.bindTarget(unit, s.target, null, s.loc);
        this.stmts(s.body, unit);
        this.stmts(s.orelse, unit);
        return;
      case 'try':
        this.stmts(s.body, unit);
        for (const h of s.handlers) {
          if (h.type) this.expr(h.type, unit);
          if (h.name) this.bind(unit, h.name, { v: null, loc: h.loc });
          this.stmts(h.body, unit);
        }
        this.stmts(s.orelse, unit);
        this.stmts(s.final, unit);
        return;
      case 'with':
        for (const it of s.items) {
          this.expr(it.ctx, unit);
          if (it.as) this.bindTarget(unit, it.as, null, s.loc);
        }
        this.stmts(s.body, unit);
        return;
      case 'match':
        this.expr(s.subject, unit);
        for (const c of s.cases) this.stmts(c.body, unit);
        return;
      case 'return':
        if (s.v) this.expr(s.v, unit);
        unit.returns.push(s.v);
        return;
      case 'raise':
        if (s.exc) this.expr(s.exc, unit);
        return;
      case 'assert':
        this.expr(s.test, unit);
        return;
      case 'del':
        for (const t of s.targets) this.expr(t, unit);
        return;
      default:
        return;
    }
  }

  private def(s: DefStmt, unit: CodeUnit): void {
    for (const d of s.decorators) this.expr(d, unit);
    for (const p of s.params) {
      if (p.def) this.expr(p.def, unit);
      if (p.ann) this.expr(p.ann, unit);
    }
    if (s.returns) this.expr(s.returns, unit);
    const fn = this.funcByDef.get(s);
    this.bind(unit, s.name, fn ? { v: null, loc: s.loc, val: { k: 'func', fn } } : { v: null, loc: s.loc });
    // Methods do not see the class namespace: their enclosing unit is the class's enclosing unit.
    const parent = unit.kind === 'class' ? unit.parent! : unit;
    const qual = fn ? `${fn.module.name}.${fn.qualname}` : `${unit.kind === 'module' ? unit.mod.name : unit.qual}.${s.name}`;
    const u = this.newUnit('function', unit.file, unit.mod, qual, fn?.closure ?? parent.scope, parent);
    if (fn) u.fn = fn;
    u.def = s;
    for (const p of s.params) u.params.set(p.name, p);
    this.byDef.set(s, u);
    this.stmts(s.body, u);
  }

  private expr(e: Expr, unit: CodeUnit): void {
    switch (e.t) {
      case 'call':
        unit.calls.push(e);
        this.expr(e.fn, unit);
        for (const a of e.args) this.expr(a.v, unit);
        return;
      case 'cmp':
        unit.cmps.push(e);
        for (const o of e.operands) this.expr(o, unit);
        return;
      case 'attr':
        this.expr(e.obj, unit);
        return;
      case 'fstr':
        for (const p of e.parts) if (typeof p !== 'string') this.expr(p, unit);
        return;
      case 'list':
      case 'tuple':
      case 'set':
        for (const it of e.items) this.expr(it, unit);
        return;
      case 'dict':
        for (const [k, v] of e.items) {
          if (k) this.expr(k, unit);
          this.expr(v, unit);
        }
        return;
      case 'sub':
        this.expr(e.obj, unit);
        this.expr(e.index, unit);
        return;
      case 'bin':
        this.expr(e.l, unit);
        this.expr(e.r, unit);
        return;
      case 'unary':
      case 'starred':
      case 'await':
        this.expr(e.v, unit);
        return;
      case 'boolop':
        for (const v of e.values) this.expr(v, unit);
        return;
      case 'ifexp':
        this.expr(e.test, unit);
        this.expr(e.body, unit);
        this.expr(e.orelse, unit);
        return;
      case 'lambda':
        this.expr(e.body, unit);
        return;
      case 'comp':
        this.expr(e.iter, unit);
        this.expr(e.elt, unit);
        return;
      case 'walrus':
        this.bind(unit, e.target, { v: e.v, loc: e.loc });
        this.expr(e.v, unit);
        return;
      default:
        return;
    }
  }
}

const MAX_DEPTH = 14;
const MAX_RETURN_HOPS = 3;

/**
 * Side-effect-free resolution of expressions inside a code unit. Nothing is called: user functions
 * are followed only through their `return` expressions, library calls are unknown except a few pure
 * ones (`os.getenv`, `str()`, `dict()`, `SecretStr()`, `.encode()`, `.get_secret_value()`).
 */
export class BodyResolver {
  private readonly active = new Set<string>();
  private readonly assignLocs = new Map<ModuleRec, Map<string, Loc>>();
  private provByValue?: Map<Value, Provenance>;
  private returnHops = 0;

  constructor(
    private readonly project: Project,
    private readonly byDef: Map<DefStmt, CodeUnit>,
  ) {}

  unitOf(fn: FuncRec): CodeUnit | undefined {
    return this.byDef.get(fn.def);
  }

  value(unit: CodeUnit, e: Expr, opts: ResolveOptions = {}, depth = 0): Value {
    if (depth > MAX_DEPTH) return UNKNOWN('too deep');
    const ip = this.project.interp;
    switch (e.t) {
      case 'name':
        return this.name(unit, e.id, opts, depth);
      case 'attr': {
        const obj = this.value(unit, e.obj, opts, depth + 1);
        if (obj.k === 'unknown') return UNKNOWN(`${obj.why}.${e.attr}`);
        const v = this.withProvenance(ip.getAttr(obj, e.attr));
        // a field of a settings/model instance that lost its provenance (a SecretStr(...), a choice)
        if (!('src' in v && v.src) && obj.k === 'inst' && obj.inst.cls.k === 'class') {
          // `Settings(SECRET_KEY="...")`: the constructor call set it
          const prov =
            obj.inst.args.kw.get(e.attr) === v
              ? { name: `${obj.inst.cls.cls.name}(${e.attr}=...)`, loc: obj.inst.args.loc }
              : this.fieldProvenance(obj.inst.cls.cls, e.attr);
          if (prov) return v.k === 'inst' && v.inst.cls.k === 'ext' && /(^|\.)Secret(Str|Bytes)$/.test(v.inst.cls.path) && v.inst.args.pos[0] ? attachProvenance(v.inst.args.pos[0], prov) : attachProvenance(v, prov);
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
      case 'sub': {
        const obj = this.value(unit, e.obj, opts, depth + 1);
        const key = this.value(unit, e.index, opts, depth + 1);
        if (obj.k === 'ext' && obj.path === 'os.environ' && key.k === 'str') return { k: 'env', name: key.v, loc: locOf(unit, e) };
        if (obj.k === 'dict') {
          for (const [k, v] of obj.entries) if (k.k === key.k && 'v' in k && 'v' in key && k.v === key.v) return v;
          return UNKNOWN('missing dict key');
        }
        if ((obj.k === 'list' || obj.k === 'tuple') && key.k === 'num') return obj.items[key.v < 0 ? obj.items.length + key.v : key.v] ?? UNKNOWN('index');
        return UNKNOWN('subscript');
      }
      case 'bin': {
        if (e.op !== '+') return UNKNOWN(`operator ${e.op}`);
        const l = this.value(unit, e.l, opts, depth + 1);
        const r = this.value(unit, e.r, opts, depth + 1);
        if (l.k === 'str' && r.k === 'str') return str(l.v + r.v);
        return UNKNOWN('operator +');
      }
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
      case 'boolop':
        return choice(e.values.map((v) => this.value(unit, v, opts, depth + 1)));
      case 'await':
      case 'starred':
        return this.value(unit, e.v, opts, depth + 1);
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

  /** The value of a name as seen from `unit`: its own assignments, its parameters, then enclosing units and the closure. */
  name(unit: CodeUnit, id: string, opts: ResolveOptions = {}, depth = 0): Value {
    for (let u: CodeUnit | undefined = unit; u; u = u.kind === 'function' && u.fn ? undefined : u.parent) {
      const bindings = u.locals.get(id);
      if (bindings) return this.bindings(u, id, bindings, opts, depth);
      const p = u.params.get(id);
      if (p) return this.param(u, p, opts, depth);
      if (u.kind === 'function' && u.fn) return this.lookup(id, u.fn.closure);
      if (u.kind === 'module') break;
    }
    return this.lookup(id, unit.kind === 'function' && unit.fn ? unit.fn.closure : unitModuleScope(unit));
  }

  private bindings(u: CodeUnit, id: string, bs: Binding[], opts: ResolveOptions, depth: number): Value {
    const key = `${u.id}:${id}`;
    if (this.active.has(key)) return UNKNOWN(`recursive ${id}`);
    this.active.add(key);
    try {
      const alts = bs.map((b) => {
        if (b.val) return b.val;
        if (!b.v) return UNKNOWN(`${id} bound by a loop, with or except`);
        return attachProvenance(this.value(u, b.v, opts, depth + 1), { name: id, loc: srcLoc(u.file, b.loc) });
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

  private lookup(id: string, scope: Scope): Value {
    const v = this.project.interp.lookup(id, scope);
    if ('src' in v && v.src) return v;
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
      m = new Map();
      const facts = this.project.facts.get(mod.file);
      const visit = (stmts: Stmt[]): void => {
        for (const s of stmts) {
          if (s.t === 'assign') {
            for (const t of s.targets) if (t.t === 'name') m!.set(t.id, s.loc);
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
      if (facts) visit(facts.body);
      this.assignLocs.set(mod, m);
    }
    return m.get(id);
  }

  private call(unit: CodeUnit, e: CallExpr, opts: ResolveOptions, depth: number): Value {
    const a0 = e.args.find((a) => !a.name && !a.star)?.v;
    // pure conversions on a known string: x.encode(), x.get_secret_value(), x.strip()
    if (e.fn.t === 'attr' && ['encode', 'get_secret_value', 'strip'].includes(e.fn.attr)) {
      const obj = this.value(unit, e.fn.obj, opts, depth + 1);
      const s = secretStrValue(obj);
      if (s) return s;
    }
    const callee = this.value(unit, e.fn, opts, depth + 1);
    switch (callee.k) {
      case 'ext': {
        const p = callee.path;
        if (p === 'os.getenv') {
          const name = a0 ? this.value(unit, a0, opts, depth + 1) : undefined;
          if (name?.k !== 'str') return UNKNOWN('os.getenv(?)');
          const dArg = argExpr(e, 'default', 1);
          const dflt = dArg ? this.value(unit, dArg, opts, depth + 1) : undefined;
          return dflt ? { k: 'env', name: name.v, dflt, loc: locOf(unit, e) } : { k: 'env', name: name.v, loc: locOf(unit, e) };
        }
        if (p === 'builtins.str' || p === 'builtins.bytes' || p === 'pydantic.SecretStr' || p === 'pydantic.SecretBytes' || p === 'pydantic.types.SecretStr') {
          return a0 ? this.value(unit, a0, opts, depth + 1) : str('');
        }
        if (p === 'typing.cast') {
          const a1 = argExpr(e, '__val', 1);
          return a1 ? this.value(unit, a1, opts, depth + 1) : UNKNOWN('cast');
        }
        if (p === 'builtins.dict' && !e.args.some((a) => !a.name)) {
          return { k: 'dict', entries: e.args.filter((a) => a.name && !a.star).map((a) => [str(a.name!), this.value(unit, a.v, opts, depth + 1)] as [Value, Value]) };
        }
        return UNKNOWN(`result of ${p}()`);
      }
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

  private readonly models = new Map<ClassRec, Value>();

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

function unitModuleScope(unit: CodeUnit): Scope {
  let u = unit;
  while (u.parent) u = u.parent;
  return u.scope;
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

/** Provenance for a value that has none, distributed into the alternatives of a choice. */
export function attachProvenance(v: Value, src: Provenance): Value {
  if (v.k === 'choice') return { k: 'choice', options: v.options.map((o) => attachProvenance(o, src)) };
  return withSrc(v, src);
}

/** Every concrete alternative of a value; an environment read counts as its default (what runs when it is unset). */
export function concreteAlternatives(v: Value): Value[] {
  if (v.k === 'choice') return v.options.flatMap(concreteAlternatives);
  if (v.k === 'env') return v.dflt ? concreteAlternatives(v.dflt) : [UNKNOWN(`environment ${v.name}`)];
  return [v];
}

export interface FlagReading {
  /** The falsy alternative found (`False`, `None`, `0`, `""`: Python truthiness). */
  alt: Value;
  /** Every alternative is falsy (otherwise the value only may be). */
  certain: boolean;
}

/** A flag that is (or may be) off: some alternative is a falsy literal. Unknown alternatives do not count. */
export function flagOff(v: Value): FlagReading | undefined {
  const alts = concreteAlternatives(v);
  const off = alts.filter((a) => (a.k === 'bool' && !a.v) || a.k === 'none' || (a.k === 'num' && a.v === 0) || (a.k === 'str' && a.v === ''));
  if (!off.length) return undefined;
  return { alt: off[0]!, certain: off.length === alts.length };
}

/** The entry of a dict value (or of each dict alternative) under a string key. */
export function dictEntry(v: Value, key: string): Value | undefined {
  const found: Value[] = [];
  for (const a of v.k === 'choice' ? v.options : [v]) {
    if (a.k !== 'dict') continue;
    for (const [k, x] of a.entries) if (k.k === 'str' && k.v === key) found.push(x);
  }
  return found.length ? choice(found) : undefined;
}
