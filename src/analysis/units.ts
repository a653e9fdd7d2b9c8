/**
 * Code units: every parsed file cut into the module's own statements, each class body and each
 * `def` (nested ones too, whether or not the interpreter ever ran it), each listing the calls and
 * comparisons written in it, its `return`s and its local bindings. One walk over the IR builds them
 * all (src/analysis/code.ts keeps them per project); rules query them instead of walking bodies.
 *
 * A unit's collections are allocated on first use: most units have no comparisons, declarations or
 * header calls, and a large project has tens of thousands of units.
 */
import type { DefStmt, Expr, FileFacts, Loc, Param, Stmt } from '../facts/ir.js';
import { locColumn, locLine } from '../facts/loc.js';
import { canonical } from '../model/externals.js';
import type { Project } from '../model/project.js';
import { UNKNOWN, srcLoc, type FuncRec, type ModuleRec, type SrcLoc, type Value } from '../model/values.js';
import { forEachChild, type CallExpr, type CmpExpr } from './ir.js';

/** Where a call or comparison sits in its unit: in the code proper, in an `assert`, or in a header (annotation, decorator, default of a nested def, assignment target, class bases, exception type). */
export const IN_BODY = 0;
const IN_ASSERT = 1;
export const IN_HEADER = 2;
export type Placement = typeof IN_BODY | typeof IN_ASSERT | typeof IN_HEADER;

/** One assignment of a local name; `v` null when the name is bound by for/with/except/unpacking/import/def. */
export interface Binding {
  v: Expr | null;
  loc: Loc;
  /** A value known without evaluation (imports, defs the interpreter ran). */
  val?: Value;
}

// Shared empty collections: a unit gets its own on its first write (the builder checks identity).
const NO_LOCALS = new Map<string, Binding[]>();
const NO_NAMES = new Set<string>();
const NO_CALLS: CallExpr[] = [];
const NO_INFO: number[] = [];
const NO_CMPS: CmpExpr[] = [];
const NO_RETURNS: Array<Expr | null> = [];

export class CodeUnit {
  /** The interpreter's record of this def (the first, when it ran it more than once); undefined when it never ran it. */
  fn: FuncRec | undefined = undefined;
  /** Assignments by name (function and class units; module-level names are the interpreter's). */
  locals: ReadonlyMap<string, Binding[]> = NO_LOCALS;
  /**
   * Module units: assignments and imports of names the interpreter never bound — code it did not
   * run, such as `if __name__ == "__main__":` blocks. The resolver falls back to them.
   */
  unboundGlobals: ReadonlyMap<string, Binding[]> = NO_LOCALS;
  /** Names only declared (`x: int` without a value): local, but unbound. */
  declared: ReadonlySet<string> = NO_NAMES;
  calls: readonly CallExpr[] = NO_CALLS;
  /** The number of the unit's first call among all calls of the project (for per-call tables); -1 for units outside `units`. */
  firstCall = -1;
  /** What the walk learnt about each call (same index): its placement and whether it names its callee. Read it with the functions below. */
  callInfo: readonly number[] = NO_INFO;
  cmps: readonly CmpExpr[] = NO_CMPS;
  cmpPlace: readonly Placement[] | undefined = undefined;
  returns: ReadonlyArray<Expr | null> = NO_RETURNS;
  /** `qual`, once computed. */
  protected qualified: string | undefined = undefined;

  constructor(
    readonly id: number,
    readonly kind: 'module' | 'class' | 'function',
    readonly file: string,
    readonly mod: ModuleRec,
    /** The def or class name (the module name for module units). */
    readonly name: string,
    /** Enclosing function or module unit (class bodies are skipped for methods, as in Python). */
    readonly parent: CodeUnit | undefined,
    /** The unit whose code holds this def or class (a class body for methods). */
    readonly container: CodeUnit | undefined,
    readonly def: DefStmt | undefined,
  ) {}

  /** `app.core.security.create_access_token`, `app.core.config.Settings`, `app.core.config`. */
  get qual(): string {
    if (this.qualified === undefined) {
      const c = this.container;
      this.qualified = this.fn ? `${this.fn.module.name}.${this.fn.qualname}` : !c ? this.name : `${c.kind === 'module' ? c.mod.name : c.qual}.${this.name}`;
    }
    return this.qualified;
  }

  /** The same code read with another evaluation of its def (`fn`'s own closure); its `qual` stays this unit's. */
  withFunction(fn: FuncRec): CodeUnit {
    const qual = this.qual;
    const view: CodeUnit = Object.assign(Object.create(CodeUnit.prototype) as CodeUnit, this);
    view.qualified = qual;
    view.fn = fn;
    view.firstCall = -1;
    return view;
  }
}

// callInfo bits: the placement (two bits), then:
const NAMES_CALLEE = 4;

export function callPlacement(unit: CodeUnit, i: number): Placement {
  return (unit.callInfo[i]! & 3) as Placement;
}

/** The call names what it calls: `f(...)` or `obj.attr(...)` (not `f()(...)`, `x[0](...)`). */
export function namesCallee(unit: CodeUnit, i: number): boolean {
  return (unit.callInfo[i]! & NAMES_CALLEE) !== 0;
}

export function cmpPlacement(unit: CodeUnit, i: number): Placement {
  return unit.cmpPlace ? unit.cmpPlace[i]! : IN_BODY;
}

/** A parameter of the unit's `def`. */
export function paramOf(unit: CodeUnit, name: string): Param | undefined {
  const ps = unit.def?.params;
  if (!ps) return undefined;
  for (const p of ps) if (p.name === name) return p;
  return undefined;
}

/** The expression a local is bound to when it is bound exactly once, by an assignment. */
export function singleBinding(unit: CodeUnit, name: string): Expr | undefined {
  const l = unit.locals.get(name);
  return l && l.length === 1 && l[0]!.v ? l[0]!.v : undefined;
}

/** A local of the unit that is not a parameter (assigned, declared, or bound by a loop, import, def…). */
export function isBound(unit: CodeUnit, name: string): boolean {
  return unit.locals.has(name) || unit.declared.has(name);
}

/** A parameter or a local of the unit. */
export function isLocal(unit: CodeUnit, name: string): boolean {
  return paramOf(unit, name) !== undefined || isBound(unit, name);
}

export function locOf(unit: CodeUnit, e: { loc: Loc }): SrcLoc {
  return srcLoc(unit.file, e.loc);
}

export interface Units {
  /** Every unit (files sorted by path, units in source order). */
  units: CodeUnit[];
  /** How many calls all units hold. */
  callCount: number;
  /** Every keyword argument name some call passes (`status_code`, `secret_key`…), with those calls as (unit, index) pairs in walk order. */
  keywords: ReadonlyMap<string, ReadonlyArray<CodeUnit | number>>;
  /** Every attribute name some call calls (`obj.set_cookie(...)` → `set_cookie`). */
  methods: ReadonlySet<string>;
  byDef: Map<DefStmt, CodeUnit>;
  /** `os.environ[...]` reads, by file: `line:col` of the index (the interpreter's env values point there). */
  environReads: Map<string, Set<string>>;
  /** A unit for a function whose file has no module unit (not expected; keeps lookups total). */
  standalone(fn: FuncRec): CodeUnit;
}

export function buildUnits(project: Project): Units {
  const b = new UnitBuilder(project);
  b.build();
  return { units: b.units, callCount: b.callCount, keywords: b.keywords, methods: b.methods, byDef: b.byDef, environReads: b.environReads, standalone: (fn) => b.standalone(fn) };
}

// ------------------------------------------------------------------ the builder

/** The builder's view of a unit: the same object, with its collections writable. */
type Building = CodeUnit & {
  locals: Map<string, Binding[]>;
  unboundGlobals: Map<string, Binding[]>;
  declared: Set<string>;
  calls: CallExpr[];
  callInfo: number[];
  cmps: CmpExpr[];
  cmpPlace: Placement[] | undefined;
  returns: Array<Expr | null>;
};

class UnitBuilder {
  private nextId = 1;
  readonly byDef = new Map<DefStmt, CodeUnit>();
  readonly units: Building[] = [];
  callCount = 0;
  readonly keywords = new Map<string, Array<CodeUnit | number>>();
  readonly methods = new Set<string>();
  readonly environReads = new Map<string, Set<string>>();
  private readonly modByName = new Map<string, ModuleRec>();
  /** The binding each def gives its name (by unit id), to receive the function value once the def's FuncRec is known. */
  private readonly defBindings: Binding[] = [];
  private environ: Set<string> | undefined;
  /** The unit and placement of the expression being walked. */
  private cur!: Building;
  private place: Placement = IN_BODY;

  constructor(private readonly project: Project) {
    for (const m of project.interp.modules.values()) if (!this.modByName.has(m.name)) this.modByName.set(m.name, m);
  }

  build(): void {
    const ip = this.project.interp;
    const byFile = new Map<string, ModuleRec>();
    for (const m of ip.modules.values()) if (!byFile.has(m.file)) byFile.set(m.file, m);
    for (const file of [...this.project.facts.keys()].sort()) {
      const facts: FileFacts = this.project.facts.get(file)!;
      const mod = byFile.get(file);
      if (!mod) continue;
      this.environ = undefined;
      this.stmts(facts.body, this.newUnit('module', file, mod, mod.name, undefined, undefined, undefined), IN_BODY);
    }
    // the interpreter's record of each def: the first evaluation of it
    for (const f of ip.funcs) {
      const u = this.byDef.get(f.def);
      if (!u || u.fn) continue;
      u.fn = f;
      const b = this.defBindings[u.id];
      if (b) b.val = { k: 'func', fn: f };
    }
    for (const u of this.units) {
      u.firstCall = this.callCount;
      this.callCount += u.calls.length;
    }
  }

  standalone(fn: FuncRec): CodeUnit {
    const u = this.newUnit('function', fn.module.file, fn.module, fn.name, undefined, undefined, fn.def, false);
    u.fn = fn;
    this.stmts(fn.def.body, u, IN_BODY);
    return u;
  }

  private newUnit(
    kind: CodeUnit['kind'],
    file: string,
    mod: ModuleRec,
    name: string,
    parent: CodeUnit | undefined,
    container: CodeUnit | undefined,
    def: DefStmt | undefined,
    listed = true,
  ): Building {
    const u = new CodeUnit(this.nextId++, kind, file, mod, name, parent, container, def) as Building;
    if (listed) this.units.push(u);
    return u;
  }

  private bind(unit: Building, name: string, b: Binding): void {
    let map: Map<string, Binding[]>;
    if (unit.kind === 'module') {
      if (unit.mod.ns.has(name)) return; // the interpreter's binding is the one that counts
      if (unit.unboundGlobals === NO_LOCALS) unit.unboundGlobals = new Map();
      map = unit.unboundGlobals;
    } else {
      if (unit.locals === NO_LOCALS) unit.locals = new Map();
      map = unit.locals;
    }
    const list = map.get(name);
    if (list) list.push(b);
    else map.set(name, [b]);
  }

  private bindTarget(unit: Building, t: Expr, v: Expr | null, loc: Loc): void {
    if (t.t === 'name') this.bind(unit, t.id, { v, loc });
    else if (t.t === 'tuple' || t.t === 'list') for (const it of t.items) this.bindTarget(unit, it.t === 'starred' ? it.v : it, null, loc);
    else if (t.t === 'starred') this.bindTarget(unit, t.v, null, loc);
    else this.expr(t, unit, IN_HEADER);
  }

  private importValue(path: string): Value {
    const m = this.modByName.get(path);
    return m ? { k: 'module', mod: m } : { k: 'ext', path: canonical(path) };
  }

  private stmts(list: Stmt[], unit: Building, w: Placement): void {
    for (const s of list) this.stmt(s, unit, w);
  }

  private stmt(s: Stmt, unit: Building, w: Placement): void {
    switch (s.t) {
      case 'import':
        for (const n of s.names) {
          const name = n.as ?? n.mod.split('.')[0]!;
          if (unit.kind === 'module' && unit.mod.ns.has(name)) continue;
          this.bind(unit, name, { v: null, loc: s.loc, val: this.importValue(n.as ? n.mod : name) });
        }
        return;
      case 'from':
        if (s.names === '*') return;
        for (const n of s.names) {
          if (unit.kind === 'module' && unit.mod.ns.has(n.as ?? n.name)) continue;
          let val: Value = UNKNOWN(`relative import of ${n.name}`);
          if (s.level === 0) {
            const m = this.modByName.get(s.mod);
            val = m ? (m.ns.get(n.name) ?? UNKNOWN(`${n.name} not found in ${m.name}`)) : { k: 'ext', path: canonical(`${s.mod}.${n.name}`) };
          }
          this.bind(unit, n.as ?? n.name, { v: null, loc: s.loc, val });
        }
        return;
      case 'assign':
        if (s.ann) this.expr(s.ann, unit, IN_HEADER);
        if (s.v) this.expr(s.v, unit, w);
        for (const t of s.targets) {
          if (s.v === null && t.t === 'name') {
            // `x: T` alone binds nothing, but makes x local
            if (unit.kind === 'module') continue;
            if (unit.declared === NO_NAMES) unit.declared = new Set();
            unit.declared.add(t.id);
            continue;
          }
          this.bindTarget(unit, t, s.v, s.loc);
        }
        return;
      case 'aug':
        this.expr(s.target, unit, w);
        this.expr(s.v, unit, w);
        if (s.target.t === 'name') this.bind(unit, s.target.id, { v: null, loc: s.loc });
        return;
      case 'expr':
        this.expr(s.v, unit, w);
        return;
      case 'def':
        this.def(s, unit);
        return;
      case 'class': {
        for (const b of s.bases) this.expr(b.v, unit, IN_HEADER);
        for (const d of s.decorators) this.expr(d, unit, IN_HEADER);
        this.bind(unit, s.name, { v: null, loc: s.loc });
        const c = this.newUnit('class', unit.file, unit.mod, s.name, unit, unit, undefined);
        this.stmts(s.body, c, IN_BODY);
        return;
      }
      case 'if':
      case 'while':
        this.expr(s.test, unit, w);
        this.stmts(s.body, unit, w);
        this.stmts(s.orelse, unit, w);
        return;
      case 'for':
        this.expr(s.iter, unit, w);
        this.bindTarget(unit, s.target, null, s.loc);
        this.stmts(s.body, unit, w);
        this.stmts(s.orelse, unit, w);
        return;
      case 'try':
        this.stmts(s.body, unit, w);
        for (const h of s.handlers) {
          if (h.type) this.expr(h.type, unit, IN_HEADER);
          if (h.name) this.bind(unit, h.name, { v: null, loc: h.loc });
          this.stmts(h.body, unit, w);
        }
        this.stmts(s.orelse, unit, w);
        this.stmts(s.final, unit, w);
        return;
      case 'with':
        for (const it of s.items) {
          this.expr(it.ctx, unit, w);
          if (it.as) this.bindTarget(unit, it.as, null, s.loc);
        }
        this.stmts(s.body, unit, w);
        return;
      case 'match':
        this.expr(s.subject, unit, w);
        for (const c of s.cases) this.stmts(c.body, unit, w);
        return;
      case 'return':
        if (s.v) this.expr(s.v, unit, w);
        if (unit.returns === NO_RETURNS) unit.returns = [];
        unit.returns.push(s.v);
        return;
      case 'raise':
        if (s.exc) this.expr(s.exc, unit, w);
        return;
      case 'assert':
        this.expr(s.test, unit, IN_ASSERT);
        return;
      case 'del':
        for (const t of s.targets) this.expr(t, unit, w);
        return;
      default:
        return;
    }
  }

  private def(s: DefStmt, unit: Building): void {
    for (const d of s.decorators) this.expr(d, unit, IN_HEADER);
    for (const p of s.params) {
      if (p.def) this.expr(p.def, unit, IN_HEADER);
      if (p.ann) this.expr(p.ann, unit, IN_HEADER);
    }
    if (s.returns) this.expr(s.returns, unit, IN_HEADER);
    const named: Binding = { v: null, loc: s.loc };
    this.bind(unit, s.name, named);
    // Methods do not see the class namespace: their enclosing unit is the class's enclosing unit.
    const u = this.newUnit('function', unit.file, unit.mod, s.name, unit.kind === 'class' ? unit.parent : unit, unit, s);
    this.defBindings[u.id] = named;
    this.byDef.set(s, u);
    this.stmts(s.body, u, IN_BODY);
  }

  private call(unit: Building, e: CallExpr, w: Placement): void {
    if (unit.calls === NO_CALLS) {
      unit.calls = [];
      unit.callInfo = [];
    }
    let info: number = w;
    const f = e.fn;
    if (f.t === 'name') info |= NAMES_CALLEE;
    else if (f.t === 'attr') {
      info |= NAMES_CALLEE;
      this.methods.add(f.attr);
    }
    for (const a of e.args) {
      if (a.name && !a.star) {
        const at = this.keywords.get(a.name);
        if (at) at.push(unit, unit.calls.length);
        else this.keywords.set(a.name, [unit, unit.calls.length]);
      }
    }
    unit.calls.push(e);
    unit.callInfo.push(info);
  }

  private cmp(unit: Building, e: CmpExpr, w: Placement): void {
    if (unit.cmps === NO_CMPS) unit.cmps = [];
    if (w !== IN_BODY && !unit.cmpPlace) unit.cmpPlace = unit.cmps.map(() => IN_BODY);
    unit.cmps.push(e);
    unit.cmpPlace?.push(w);
  }

  /** Records the calls, comparisons, walrus bindings and `os.environ[...]` reads of an expression, as code of `unit` placed at `w`. */
  private expr(e: Expr, unit: Building, w: Placement): void {
    const saved = this.cur;
    const savedPlace = this.place;
    this.cur = unit;
    this.place = w;
    this.visit(e);
    this.cur = saved;
    this.place = savedPlace;
  }

  private readonly visit = (e: Expr): void => {
    const unit = this.cur;
    switch (e.t) {
      case 'call':
        this.call(unit, e, this.place);
        break;
      case 'cmp':
        this.cmp(unit, e, this.place);
        break;
      case 'sub':
        if (e.obj.t === 'attr' && e.obj.attr === 'environ') {
          if (!this.environ) this.environReads.set(unit.file, (this.environ = new Set()));
          this.environ.add(`${locLine(e.index.loc)}:${locColumn(e.index.loc)}`);
        }
        break;
      case 'walrus':
        this.bind(unit, e.target, { v: e.v, loc: e.loc });
        break;
      default:
        break;
    }
    forEachChild(e, this.visit);
  };
}
