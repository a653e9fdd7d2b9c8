/**
 * The project's code as the rules query it, built once per Project and shared by every rule: the
 * code units (src/analysis/units.ts), one resolver (src/analysis/resolve.ts) with its memo tables, each
 * call's resolved callee (computed at most once), the functions in file order and their
 * comparisons. Rules ask here — "calls of uvicorn.run", "comparisons in function bodies", "the body
 * of this dependency" — instead of walking and resolving code themselves.
 */
import type { Expr, Loc } from '../facts/ir.js';
import { locLine } from '../facts/loc.js';
import type { Project } from '../model/project.js';
import { srcLoc, type FuncRec, type SrcLoc, type Value } from '../model/values.js';
import type { CallExpr, CmpExpr } from './ir.js';
import { CERTAIN, Resolver, isStrictEnv } from './resolve.js';
import { IN_BODY, buildUnits, cmpPlacement, type CodeUnit, type Units } from './units.js';

export interface CodeIndex {
  /** Every unit (files sorted by path, units in source order). */
  units: readonly CodeUnit[];
  resolver: Resolver;
  /** The unit of a function (a view with the function's own closure when the def was evaluated more than once). */
  unitOf(fn: FuncRec): CodeUnit;
  /** Every function of the scanned code once (a `def` evaluated twice is one function), in file and line order. */
  functions: readonly FuncRec[];
  /** The calls that pass a keyword argument of one of these names, by unit (indexes into `unit.calls`). */
  callsWithKeyword(names: (name: string) => boolean): Map<CodeUnit, Set<number>>;
  /** Every attribute name some call calls (`obj.set_cookie(...)` → `set_cookie`): a rule about one method skips projects that never call it. */
  methods: ReadonlySet<string>;
  /** The callee of `unit.calls[i]`, resolved with the possible precision; computed once. */
  callee(unit: CodeUnit, i: number): Value;
}

interface Index extends CodeIndex {
  raw: Units;
}

const indexes = new WeakMap<Project, Index>();

export function codeIndex(project: Project): CodeIndex {
  return indexOf(project);
}

function indexOf(project: Project): Index {
  let ix = indexes.get(project);
  if (!ix) {
    ix = buildIndex(project);
    indexes.set(project, ix);
  }
  return ix;
}

function buildIndex(project: Project): Index {
  const raw = buildUnits(project);
  const resolver = new Resolver(project, raw.byDef);
  const views = new Map<FuncRec, CodeUnit>();
  const unitOf = (fn: FuncRec): CodeUnit => {
    const base = raw.byDef.get(fn.def);
    if (base?.fn === fn) return base;
    let u = views.get(fn);
    if (!u) views.set(fn, (u = base ? base.withFunction(fn) : raw.standalone(fn)));
    return u;
  };
  // units are in file order and, within a file, in source order: their functions are in file and line order
  const functions: FuncRec[] = [];
  for (const u of raw.units) if (u.kind === 'function' && u.fn) functions.push(u.fn);
  const callees = new Array<Value | undefined>(raw.callCount);
  return {
    raw,
    units: raw.units,
    resolver,
    unitOf,
    functions,
    callsWithKeyword(want) {
      const out = new Map<CodeUnit, Set<number>>();
      for (const [name, at] of raw.keywords) {
        if (!want(name)) continue;
        for (let k = 0; k < at.length; k += 2) {
          const unit = at[k] as CodeUnit;
          let set = out.get(unit);
          if (!set) out.set(unit, (set = new Set()));
          set.add(at[k + 1] as number);
        }
      }
      return out;
    },
    methods: raw.methods,
    callee(unit, i) {
      if (unit.firstCall < 0) return resolver.value(unit, unit.calls[i]!.fn);
      return (callees[unit.firstCall + i] ??= resolver.value(unit, unit.calls[i]!.fn));
    },
  };
}

export interface CallSite {
  unit: CodeUnit;
  call: CallExpr;
  callee: Value;
}

/** The calls in the project whose resolved callee satisfies `want`, one per call site, in file and source order. */
export function callsTo(project: Project, want: (callee: Value, call: CallExpr) => boolean): CallSite[] {
  const ix = codeIndex(project);
  const out: CallSite[] = [];
  for (const unit of ix.units) {
    for (let i = 0; i < unit.calls.length; i++) {
      const callee = ix.callee(unit, i);
      if (want(callee, unit.calls[i]!)) out.push({ unit, call: unit.calls[i]!, callee });
    }
  }
  return out;
}

/** Is this environment value an `os.environ[...]` read (never None: KeyError when unset)? */
export function isEnvironRead(project: Project, v: Extract<Value, { k: 'env' }>): boolean {
  if (isStrictEnv(v)) return true;
  return indexOf(project).raw.environReads.get(v.loc.file)?.has(`${v.loc.line}:${v.loc.column}`) ?? false;
}

// ------------------------------------------------------------------ function bodies for credential analysis

/** A function read for credential analysis (FA105–FA107): its unit, resolved with the certain precision. */
export interface Body {
  project: Project;
  fn: FuncRec;
  unit: CodeUnit;
  /** The value of an expression as far as it is certainly known (module constants, settings, env reads). */
  resolve(e: Expr): Value;
  at(loc: Loc): SrcLoc;
}

const bodies = new WeakMap<FuncRec, Body>();

export function bodyOf(project: Project, fn: FuncRec): Body {
  let b = bodies.get(fn);
  if (!b || b.project !== project) {
    const ix = codeIndex(project);
    const unit = ix.unitOf(fn);
    b = { project, fn, unit, resolve: (e) => ix.resolver.value(unit, e, CERTAIN), at: (loc) => srcLoc(fn.module.file, loc) };
    bodies.set(fn, b);
  }
  return b;
}

/** A function and the comparisons written in its body. */
export interface Comparisons {
  fn: FuncRec;
  body: Body;
  cmps: CmpExpr[];
}

/** Operators that compare values (not order, identity or chained ranges): what credential checks use. */
const EQUALITY_OPS = new Set(['==', '!=', 'in', 'not in']);

/**
 * Calls whose comparison arguments build a query rather than compare in Python: SQLAlchemy/SQLModel
 * `select(M).where(M.token == t)`, `query.filter(...)`, `and_`/`or_`/`not_`, `join(..., onclause=)`,
 * `case(...)`; peewee `M.get(M.token == t)`, `get_or_none`; Beanie `M.find_one(M.token == t)`.
 */
const QUERY_CALLS = new Set([
  'where',
  'filter',
  'filter_by',
  'having',
  'and_',
  'or_',
  'not_',
  'join',
  'outerjoin',
  'case',
  'exclude',
  'get',
  'get_or_none',
  'find',
  'find_one',
  'find_many',
]);

/** The comparisons a unit passes straight to a query-building call (`~(a == b)` included). */
function queryArguments(unit: CodeUnit): Set<CmpExpr> | undefined {
  let out: Set<CmpExpr> | undefined;
  for (const c of unit.calls) {
    const f = c.fn;
    const name = f.t === 'attr' ? f.attr : f.t === 'name' ? f.id : undefined;
    if (name === undefined || !QUERY_CALLS.has(name)) continue;
    for (const a of c.args) {
      let v = a.v;
      while (v.t === 'unary') v = v.v;
      if (v.t === 'cmp') (out ??= new Set()).add(v);
    }
  }
  return out;
}

/** `__eq__` and friends compare objects (cache keys, value objects), not a request with a secret. */
const DUNDER_COMPARE = /^__(eq|ne|lt|le|gt|ge|hash|contains|cmp)__$/;
const comparisonLists = new WeakMap<Project, Comparisons[]>();

/**
 * The functions that compare with `==`, `!=`, `in` or `not in`, with those comparisons (assertions,
 * headers and nested scopes excluded), in file and line order and, within a function, in evaluation
 * order. Functions that implement comparison operators (`__eq__`…) are left out, and so are
 * comparisons passed straight to a query-building call (`.where(M.token == t)`, `or_(...)`): they
 * build SQL, nothing is compared in Python. Shared by FA106 and FA107.
 */
export function comparisons(project: Project): readonly Comparisons[] {
  let out = comparisonLists.get(project);
  if (out) return out;
  out = [];
  // function units with a FuncRec are the functions, in file and line order
  for (const unit of codeIndex(project).units) {
    const fn = unit.fn;
    if (!fn || unit.kind !== 'function' || !unit.cmps.length || DUNDER_COMPARE.test(fn.name)) continue;
    const query = queryArguments(unit);
    const cmps = unit.cmps.filter((cmp, i) => cmpPlacement(unit, i) === IN_BODY && cmp.ops.some((op) => EQUALITY_OPS.has(op)) && !query?.has(cmp));
    if (cmps.length) out.push({ fn, body: bodyOf(project, fn), cmps });
  }
  comparisonLists.set(project, out);
  return out;
}

const unitsByFile = new WeakMap<Project, Map<string, CodeUnit[]>>();

/** The code unit holding a location: the innermost function around it, else its module. */
export function unitAt(project: Project, at: SrcLoc): CodeUnit | undefined {
  let byFile = unitsByFile.get(project);
  if (!byFile) {
    byFile = new Map();
    for (const u of codeIndex(project).units) {
      const list = byFile.get(u.file);
      if (list) list.push(u);
      else byFile.set(u.file, [u]);
    }
    unitsByFile.set(project, byFile);
  }
  let best: CodeUnit | undefined;
  let bestSize = Infinity;
  for (const u of byFile.get(at.file) ?? []) {
    if (u.kind === 'module') {
      if (!best) best = u;
      continue;
    }
    if (u.kind !== 'function' || !u.def) continue;
    const from = locLine(u.def.loc);
    const loc = srcLoc(u.file, u.def.loc);
    const to = loc.endLine ?? from;
    if (at.line >= from && at.line <= to && to - from < bestSize) {
      best = u;
      bestSize = to - from;
    }
  }
  return best;
}
