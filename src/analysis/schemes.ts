/**
 * The dependency trees as the rules that follow values through them read them (FA103, FA105, FA106,
 * FA107): every place a dependency is used with the parameter it fills, the security schemes, and
 * what a handler or dependency parameter receives from the request. Built once per project.
 */
import type { Expr } from '../facts/ir.js';
import { unwrap } from '../model/auth.js';
import type { DepNode } from '../model/deps.js';
import { schemeClass } from '../model/externals.js';
import type { Project, RouteInfo, TopDep } from '../model/project.js';
import { alternatives, asStr, describe, type FuncRec, type InstRec, type Value } from '../model/values.js';
import { classPaths, where } from './helpers.js';
import { chain, childExprs } from './ir.js';

// ------------------------------------------------------------------ the dependency trees

/**
 * One place a dependency is used in a route: a node of the route's tree and the parameter its value
 * fills. The trees are DAGs (FastAPI builds a callable's sub-dependencies once; the model shares each
 * callable's `children` array), so a node reached along several paths of one route is one use with
 * several parents, and the walk never enumerates paths (2^n of them for `n` dependencies that each
 * depend twice on the next).
 */
export interface DepUse {
  route: RouteInfo;
  /** The top-level dependency it was first reached from (what matters only for a top-level node: `use.node === use.top.node`). */
  top: TopDep;
  node: DepNode;
  /** The function whose parameter receives the value (the handler or a dependency); undefined for `dependencies=[...]` entries. */
  receiver?: FuncRec;
  /** The receiving parameter; null when the value is discarded (`dependencies=[...]`). */
  param: string | null;
  /** The uses of the dependency whose parameter this is, one per distinct node (empty when the receiver is the handler, or for list entries). */
  parents: DepUse[];
}

/**
 * Every use of a dependency in the route trees, one row per (route, node), recorded as parallel
 * columns; `DepUse` objects are made only for the rows a rule asks for. A large project has
 * hundreds of thousands of uses and most rules look at a handful.
 */
interface Trees {
  node: DepNode[];
  route: RouteInfo[];
  top: TopDep[];
  receiver: Array<FuncRec | undefined>;
  /** The rows of the uses whose parameter this is (empty for top-level uses). */
  parents: number[][];
  made: Array<DepUse | undefined>;
  /** Rows by dependency function, built on first use. */
  byFunc?: Map<FuncRec, number[]>;
  dependencyFunctions: FuncRec[];
  /** Parameters filled by a security scheme, by receiving function. */
  schemeParams: Map<FuncRec, Map<string, SchemeInfo>>;
}

const trees = new WeakMap<Project, Trees>();
/** The function FastAPI calls for a dependency, by the object the node calls (a FuncRec, a class, an instance…). */
const funcOfTarget = new WeakMap<object, FuncRec | null>();
/** How deep below a top-level dependency the walk expands nodes. */
const MAX_DEPTH = 24;
const NO_PARENTS: number[] = [];

function treesOf(project: Project): Trees {
  const hit = trees.get(project);
  if (hit) return hit;
  const t: Trees = { node: [], route: [], top: [], receiver: [], parents: [], made: [], dependencyFunctions: [], schemeParams: new Map() };
  const deps = new Set<FuncRec>();
  for (const route of project.routes) {
    // each node of the route once: its row, and the smallest depth it was expanded at (Infinity: not yet)
    const rowOf = new Map<DepNode, number>();
    const expandedAt = new Map<DepNode, number>();
    const visit = (node: DepNode, top: TopDep, receiver: FuncRec | undefined, parent: number, depth: number): void => {
      let row = rowOf.get(node);
      if (row === undefined) {
        row = t.node.length;
        rowOf.set(node, row);
        t.node.push(node);
        t.route.push(route);
        t.top.push(top);
        t.receiver.push(receiver);
        t.parents.push(parent >= 0 ? [parent] : NO_PARENTS);
        if (node.kind === 'security_scheme') {
          const s = receiver ? schemeOf(project, node) : undefined;
          if (s && receiver && node.param !== null) {
            let byName = t.schemeParams.get(receiver);
            if (!byName) t.schemeParams.set(receiver, (byName = new Map()));
            if (!byName.has(node.param)) byName.set(node.param, s);
          }
        }
      } else if (parent >= 0) {
        const ps = t.parents[row]!;
        if (ps === NO_PARENTS) t.parents[row] = [parent];
        else if (!ps.includes(parent)) ps.push(parent);
      }
      const fn = nodeFunc(project, node);
      if (node.kind !== 'security_scheme' && fn) deps.add(fn);
      // expand a node once, at the smallest depth it is reached (a shorter path found later may reach deeper)
      if (!fn || depth > MAX_DEPTH || (expandedAt.get(node) ?? Infinity) <= depth) return;
      const first = !expandedAt.has(node);
      expandedAt.set(node, depth);
      for (const c of node.children) {
        // re-expanding at a smaller depth only revisits children (their parents are already recorded)
        visit(c, top, fn, first ? row : -1, depth + 1);
      }
    };
    for (const d of route.deps) visit(d.node, d, d.via === 'param' ? route.handler : undefined, -1, 0);
  }
  t.dependencyFunctions = [...deps].sort((a, b) => (a.loc.file === b.loc.file ? a.loc.line - b.loc.line : a.loc.file < b.loc.file ? -1 : 1));
  trees.set(project, t);
  return t;
}

function nodeFunc(project: Project, node: DepNode): FuncRec | undefined {
  const call = node.call;
  if (!call) return undefined;
  const target: object = call.k === 'func' || call.k === 'method' ? (call.fn ?? call) : call.k === 'class' ? call.cls : call.k === 'inst' ? call.inst : call;
  let fn = funcOfTarget.get(target);
  if (fn === undefined) funcOfTarget.set(target, (fn = funcOf(project, call) ?? null));
  return fn ?? undefined;
}

function useAt(t: Trees, row: number): DepUse {
  const u = t.made[row];
  if (u) return u;
  const receiver = t.receiver[row];
  const node = t.node[row]!;
  const made: DepUse = { route: t.route[row]!, top: t.top[row]!, node, param: receiver ? node.param : null, parents: [] };
  if (receiver) made.receiver = receiver;
  t.made[row] = made;
  // rows only point to earlier rows: no cycle; parents are materialized after the use itself is memoized anyway
  for (const p of t.parents[row]!) made.parents.push(useAt(t, p));
  return made;
}

/** The uses of security schemes that satisfy `want`, in route order (handler parameters before their sub-dependencies). */
export function schemeUses(project: Project, want: (s: SchemeInfo) => boolean): Array<{ use: DepUse; scheme: SchemeInfo }> {
  const t = treesOf(project);
  const out: Array<{ use: DepUse; scheme: SchemeInfo }> = [];
  for (let row = 0; row < t.node.length; row++) {
    const node = t.node[row]!;
    if (node.kind !== 'security_scheme') continue;
    const s = schemeOf(project, node);
    if (s && want(s)) out.push({ use: useAt(t, row), scheme: s });
  }
  return out;
}

/** The function FastAPI calls for a dependency value (a function, a method, a class's `__init__`, an instance's `__call__`). */
export function funcOf(project: Project, call: Value | undefined): FuncRec | undefined {
  if (!call) return undefined;
  const fn = project.deps.signature(call)?.fn;
  return fn ? unwrap(fn) : undefined;
}

/** The uses whose dependency is this function (its consumers). */
export function usesOf(project: Project, fn: FuncRec): DepUse[] {
  const t = treesOf(project);
  if (!t.byFunc) {
    t.byFunc = new Map();
    for (let row = 0; row < t.node.length; row++) {
      const f = nodeFunc(project, t.node[row]!);
      if (!f) continue;
      const rows = t.byFunc.get(f);
      if (rows) rows.push(row);
      else t.byFunc.set(f, [row]);
    }
  }
  return (t.byFunc.get(fn) ?? []).map((row) => useAt(t, row));
}

/** Functions that run as dependencies of some route (not handlers, not schemes), in file and line order. */
export function dependencyFunctions(project: Project): FuncRec[] {
  return treesOf(project).dependencyFunctions;
}

// ------------------------------------------------------------------ security schemes

/** Scheme classes whose value is the credential string itself (the others give a credentials object). */
const STRING_SCHEMES = new Set(['APIKeyHeader', 'APIKeyQuery', 'APIKeyCookie', 'OAuth2PasswordBearer', 'OAuth2AuthorizationCodeBearer', 'OAuth2', 'OpenIdConnect']);

export interface SchemeInfo {
  inst: InstRec;
  /** The FastAPI class it is (or derives from): `APIKeyHeader`, `HTTPBearer`, … */
  cls: string;
  autoError: boolean;
  /** `optional_key`, or `APIKeyHeader(...)` when no module variable holds it. */
  label: string;
  /** `APIKeyHeader(name="X-Key", auto_error=False)` */
  ctor: string;
  /** What the client omits to get None: `X-Key header`, `Authorization header`, `session cookie`. */
  wire: string;
  /** A user subclass that overrides `__call__`: its value is whatever that method returns. */
  customCall: boolean;
  /** The value is the credential string (APIKey*, OAuth2*) rather than a credentials object (HTTPBasic/Bearer/Digest). */
  stringValue: boolean;
}

export function schemeOf(project: Project, node: DepNode): SchemeInfo | undefined {
  // a subclass that overrides `__call__` may check the credential itself (its own auth is then what that check does)
  if (node.kind !== 'security_scheme' || node.call?.k !== 'inst') return undefined;
  return schemeInfo(project, node.call.inst);
}

const schemeMemo = new WeakMap<InstRec, SchemeInfo | null>();

/** A scheme instance described (also for functions no route uses, where there is no dependency node). */
function schemeInfo(project: Project, inst: InstRec): SchemeInfo | undefined {
  let s = schemeMemo.get(inst);
  if (s === undefined) schemeMemo.set(inst, (s = describeScheme(project, inst) ?? null));
  return s ?? undefined;
}

function describeScheme(project: Project, inst: InstRec): SchemeInfo | undefined {
  const cls = classPaths(project, inst.cls)
    .map(schemeClass)
    .find((c): c is string => c !== undefined);
  if (!cls) return undefined;
  const name = asStr(inst.args.kw.get('name'));
  const ctorArgs: string[] = [];
  if (name !== undefined) ctorArgs.push(`name=${JSON.stringify(name)}`);
  const ae = inst.args.kw.get('auto_error');
  if (ae) ctorArgs.push(`auto_error=${describe(ae)}`);
  const shown = inst.cls.k === 'class' ? inst.cls.cls.name : cls;
  const wire =
    cls === 'APIKeyHeader'
      ? `\`${name ?? '?'}\` header`
      : cls === 'APIKeyCookie'
        ? `\`${name ?? '?'}\` cookie`
        : cls === 'APIKeyQuery'
          ? `\`${name ?? '?'}\` query parameter`
          : 'Authorization header';
  const full = project.nameOf(inst);
  const customCall = inst.cls.k === 'class' && project.interp.classAttr(inst.cls.cls, '__call__')?.k === 'func';
  return {
    inst,
    cls,
    autoError: !(ae && alternatives(ae).every((a) => a.k === 'bool' && !a.v)),
    label: full ? full.slice(full.lastIndexOf('.') + 1) : `${shown}(...)`,
    ctor: `${shown}(${ctorArgs.join(', ')})`,
    wire,
    customCall,
    stringValue: STRING_SCHEMES.has(cls),
  };
}

/** `optional_key`, or the constructor when no module variable holds the scheme. */
export function schemeName(s: SchemeInfo): string {
  return s.label.endsWith('(...)') ? s.ctor : s.label;
}

/** "`optional_key` (`APIKeyHeader(name=\"X-Key\", auto_error=False)`, svc/deps.py:9)" */
export function schemeText(s: SchemeInfo): string {
  return s.label.endsWith('(...)') ? `\`${s.ctor}\` (${where(s.inst.loc)})` : `\`${s.label}\` (\`${s.ctor}\`, ${where(s.inst.loc)})`;
}

// ------------------------------------------------------------------ what a parameter receives

const REQUEST_PARAMS = new Set(['fastapi.Header', 'fastapi.Cookie', 'fastapi.Query']);

export interface ParamSource {
  kind: 'scheme' | 'header' | 'cookie' | 'query' | 'plain';
  scheme?: SchemeInfo;
  /** The header/cookie/query name read (`X-API-Key`), for request parameters. */
  wire?: string;
  /** None when the client sends nothing (optional scheme, `Header(None)`, `= None`, `Optional[...]`). */
  maybeNone: boolean;
}

const sources = new WeakMap<FuncRec, Map<string, ParamSource>>();

/** What a parameter of a handler or dependency receives: a scheme's value, a header/cookie/query parameter, or something else. */
export function paramSource(project: Project, fn: FuncRec, name: string): ParamSource {
  let byName = sources.get(fn);
  if (!byName) sources.set(fn, (byName = new Map()));
  let s = byName.get(name);
  if (!s) byName.set(name, (s = readParamSource(project, fn, name)));
  return s;
}

function readParamSource(project: Project, fn: FuncRec, name: string): ParamSource {
  const fromTree = treesOf(project).schemeParams.get(fn)?.get(name);
  if (fromTree) return { kind: 'scheme', scheme: fromTree, maybeNone: !fromTree.autoError };
  const rec = fn.params?.find((p) => p.name === name);
  const irp = fn.def.params.find((p) => p.name === name);
  if (!rec) return { kind: 'plain', maybeNone: false };
  // a function no route uses (yet): read `Depends(scheme)` / `Security(scheme)` from the signature itself
  const markers: Value[] = rec.def ? [...alternatives(rec.def)] : [];
  const ann = project.interp.annotationOf(fn, rec);
  if (ann?.k === 'annotated') markers.push(...ann.extras.flatMap(alternatives));
  for (const d of markers) {
    if (d.k !== 'depends' || d.spec.target?.k !== 'inst') continue;
    const s = schemeInfo(project, d.spec.target.inst);
    if (s) return { kind: 'scheme', scheme: s, maybeNone: !s.autoError };
  }
  const defNone = rec.def ? alternatives(rec.def).some((v) => v.k === 'none') : false;
  const annNone = irp?.ann ? optionalAnnotation(irp.ann) : false;
  const m = markers.find((v): v is Extract<Value, { k: 'inst' }> => v.k === 'inst' && v.inst.cls.k === 'ext' && REQUEST_PARAMS.has(v.inst.cls.path));
  if (m && m.inst.cls.k === 'ext') {
    const a = m.inst.args;
    const d = a.kw.get('default') ?? a.pos[0];
    const alias = asStr(a.kw.get('alias'));
    const kind = m.inst.cls.path === 'fastapi.Header' ? 'header' : m.inst.cls.path === 'fastapi.Cookie' ? 'cookie' : 'query';
    const wire = alias ?? (kind === 'header' ? name.replace(/_/g, '-') : name);
    const dNone = d ? alternatives(d).some((v) => v.k === 'none') : false;
    // `Header()` without a default is required (422 when missing), whatever the annotation says
    return { kind, wire, maybeNone: dNone || defNone };
  }
  return { kind: 'plain', maybeNone: defNone || annNone };
}

/** `str | None`, `Optional[str]`, `Union[str, None]`. */
function optionalAnnotation(e: Expr): boolean {
  if (e.t === 'bin' && e.op === '|') return optionalAnnotation(e.l) || optionalAnnotation(e.r);
  if (e.t === 'const' && e.v === null) return true;
  if (e.t === 'sub') {
    const c = chain(e.obj);
    if (c && /(^|\.)Optional$/.test(c)) return true;
    if (c && /(^|\.)Union$/.test(c)) return childExprs(e.index).some(optionalAnnotation) || optionalAnnotation(e.index);
    if (c && /(^|\.)Annotated$/.test(c)) return optionalAnnotation(e.index.t === 'tuple' ? (e.index.items[0] ?? e.index) : e.index);
  }
  return false;
}
