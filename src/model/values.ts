/**
 * The abstract value domain the linker evaluates Python into (DESIGN.md "evaluate, don't
 * pattern-match"). Values are small plain objects; identity matters for instances, routers and
 * functions (the same object reached through two names is one value).
 */
import type { ClassStmt, DefStmt, Expr, Loc, Param } from '../facts/ir.js';
import { locParts } from '../facts/loc.js';
import type { EvidenceVia } from '../types.js';

export interface SrcLoc {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** Where a value came from, for messages ("from `Settings.X` (app/core/config.py:12)"). */
export interface Provenance {
  /** Human name: `Settings.BACKEND_CORS_ORIGINS`, `app.core.config.ORIGINS`, `os.getenv("ORIGINS")`. */
  name: string;
  loc?: SrcLoc;
  /** settings field or environment default: may differ at run time. */
  soft?: boolean;
}

export interface ModuleRec {
  name: string;
  /** Source root + name: identifies the module when two roots share names. */
  key: string;
  root: string;
  file: string;
  isPackage: boolean;
  ns: Map<string, Value>;
  /** Names assigned by this module's own top-level statements (for instance naming). */
  assigned: Set<string>;
  state: 'new' | 'running' | 'done';
  futureAnnotations: boolean;
}

export interface Scope {
  vars: Map<string, Value>;
  /** Enclosing function scope (closures); module scope has none. */
  parent?: Scope;
  module: ModuleRec;
  /** Set inside a class body. */
  cls?: ClassRec;
  /** The function being evaluated, for `super()`. */
  fnClass?: ClassRec;
  self?: Value;
}

export interface ParamRec {
  name: string;
  kind: Param['kind'];
  ann?: Value;
  /** Raw annotation expression (evaluated lazily under `from __future__ import annotations`). */
  annExpr?: Expr;
  def?: Value;
  loc: SrcLoc;
}

export interface FuncRec {
  id: number;
  name: string;
  qualname: string;
  module: ModuleRec;
  def: DefStmt;
  loc: SrcLoc;
  /** First decorator line (or def line). */
  firstLine: number;
  closure: Scope;
  params?: ParamRec[];
  /** functools.wraps target: signature and location come from it (inspect.unwrap). */
  wrapped?: FuncRec;
  /** Defined in a class body. */
  ownerClass?: ClassRec;
  /** `@property`, `@cached_property`: reading the attribute on an instance calls it. */
  property?: boolean;
  /** A click/typer command: a server start may run it (`serve --allowed-origins ...`). */
  command?: boolean;
  /** click `@option`/`@argument` defaults by parameter name, with the option as provenance. */
  options?: Map<string, Value>;
  /**
   * Decorated with `starlette.authentication.requires(scopes)`: a request without those scopes is
   * rejected (403, or a redirect) before the function runs.
   */
  requires?: { loc: SrcLoc };
}

export interface ClassRec {
  id: number;
  name: string;
  qualname: string;
  module: ModuleRec;
  def: ClassStmt;
  loc: SrcLoc;
  bases: Value[];
  ns: Map<string, Value>;
  /** Annotated class attributes (pydantic fields) in declaration order. */
  fields: string[];
}

export interface DepSpec {
  /** The callable; undefined for `Depends()` (then the annotation's class). */
  target?: Value;
  security: boolean;
  scopes: string[];
  useCache: boolean;
  loc: SrcLoc;
}

/** A dependency attached to a route by a `dependencies=[...]` list, with where it came from. */
export interface RouteDep {
  spec: DepSpec;
  via: EvidenceVia;
  /** The router/app/include/decorator that contributed it. */
  at: SrcLoc;
  /** The router or app that contributed it (via router/app). */
  inst?: InstRec;
}

/** One hop a route took on its way into the app: the router it was declared on, includes, the app. */
export interface Hop {
  kind: 'router' | 'include' | 'app' | 'mount';
  /** The router or app of a 'router'/'app' hop (named at the end, from module bindings). */
  inst?: InstRec;
  loc: SrcLoc;
}

export interface RouteRec {
  kind: 'http' | 'websocket';
  routeClass: 'APIRoute' | 'APIWebSocketRoute' | 'Route' | 'WebSocketRoute';
  methods: string[];
  /** Full path with prefixes applied; unknown parts are written `{?}`. */
  path: string;
  pathExact: boolean;
  handler: Value;
  deps: RouteDep[];
  /** Where the route was registered (decorator or add_api_route call). */
  loc: SrcLoc;
  hops: Hop[];
  conditional: boolean;
  /**
   * The entry point whose code registered it (set when it is registered): an app several roots build
   * up (three `__main__` blocks each starting the same module-level app) has the route once.
   */
  origin?: Origin;
}

export interface MiddlewareRec {
  cls: Value;
  args: CallArgs;
  loc: SrcLoc;
  conditional: boolean;
  /** `@app.middleware("http")` function middleware. */
  fn?: Value;
}

export interface MountRec {
  kind: 'mount';
  path: string;
  pathExact: boolean;
  app: Value;
  loc: SrcLoc;
}

export interface RouterState {
  kind: 'fastapi' | 'starlette' | 'router';
  prefix: Value;
  deps: RouteDep[];
  /** Routes and mounts in registration order. */
  routes: Array<RouteRec | MountRec>;
  middleware: MiddlewareRec[];
  loc: SrcLoc;
  /** For apps: the constructor call's arguments (debug, docs_url, …). */
  args: CallArgs;
}

/**
 * The code that was running when a value was made: a module being imported, or an entry point the
 * linker ran afterwards (model/entrypoints.ts). A server start reaches every kind but `uncalled`:
 * an app made only by a function nobody calls is *possible*, not served.
 */
export interface Origin {
  kind: 'import' | 'target' | 'main' | 'command' | 'uncalled';
  /** What ran: `app.main`, `uvicorn app.main:create_app --factory (Dockerfile:12)`, `app.cli.serve`. */
  name: string;
  loc?: SrcLoc;
}

export interface InstRec {
  id: number;
  cls: Value;
  args: CallArgs;
  attrs: Map<string, Value>;
  loc: SrcLoc;
  router?: RouterState;
  conditional: boolean;
  /** For apps and routers: the entry point whose code made it. */
  origin?: Origin;
  /** For apps and routers: the function that made it (`app.main.create_app`). */
  creator?: FuncRec;
  /** For apps and routers: the instance attribute it was first stored in (`pkg.server.Server.app`). */
  attrName?: string;
  /** A server was started on it (`uvicorn.run(app)`, a deployment target naming it). */
  servedBy?: Origin;
  /** argparse parsers: option defaults by destination. */
  options?: Map<string, Value>;
}

export interface CallArgs {
  pos: Value[];
  kw: Map<string, Value>;
  /** `*args`/`**kwargs` present: the call is not fully known. */
  open: boolean;
  loc: SrcLoc;
}

export type Value =
  /**
   * `later`: a name imported from a module still running its code (a circular import), which may
   * bind the name once it finishes; consumers that read values after evaluation use `settled`.
   */
  | { k: 'unknown'; why: string; later?: { mod: ModuleRec; name: string } }
  | { k: 'str'; v: string; src?: Provenance }
  | { k: 'num'; v: number; src?: Provenance }
  | { k: 'bool'; v: boolean; src?: Provenance }
  | { k: 'none'; src?: Provenance }
  | { k: 'list' | 'tuple' | 'set'; items: Value[]; src?: Provenance }
  | { k: 'dict'; entries: Array<[Value, Value]>; src?: Provenance }
  | { k: 'module'; mod: ModuleRec }
  | { k: 'func'; fn: FuncRec }
  | { k: 'class'; cls: ClassRec }
  | { k: 'inst'; inst: InstRec }
  /** A symbol of a library we do not scan: `fastapi.FastAPI`, `os.getenv`. */
  | { k: 'ext'; path: string }
  /** A method looked up on a value: `router.get`, `settings.model_dump`, `"a,b".split`. */
  | { k: 'method'; self: Value; name: string; fn?: FuncRec }
  /** One of several values (an `if` we could not decide). */
  | { k: 'choice'; options: Value[] }
  | { k: 'depends'; spec: DepSpec }
  | { k: 'annotated'; base: Value; extras: Value[]; src?: Provenance }
  /** `functools.wraps(fn)` before it is applied. */
  | { k: 'wraps'; target: Value }
  /** A decorator that registers a route when applied. */
  | { k: 'routedeco'; router: InstRec; kind: RouteRec['kind']; routeClass: RouteRec['routeClass']; methods: string[]; path: Value; deps: DepSpec[]; loc: SrcLoc }
  /** Another decorator that returns the function unchanged (lru_cache, exception_handler, …). */
  | { k: 'identitydeco'; note?: string; mark?: string; router?: InstRec; loc?: SrcLoc; option?: { dest: string; value: Value } }
  /** `super()` inside a method of `cls`. */
  | { k: 'super'; cls: ClassRec; self: Value }
  /** An environment variable read: `os.getenv(name, default)`. */
  | { k: 'env'; name: string; dflt?: Value; loc: SrcLoc };

export const UNKNOWN = (why: string): Value => ({ k: 'unknown', why });
export const NONE: Value = { k: 'none' };

/** A name imported in a circular import, read again now that its module has finished (else as it was). */
export function settled(v: Value): Value {
  return v.k === 'unknown' && v.later ? (v.later.mod.ns.get(v.later.name) ?? v) : v;
}

/** Bounds that keep evaluation linear on hostile code: longer strings and lists become unknown. */
const MAX_STRING = 64 * 1024;
export const MAX_ITEMS = 10_000;

export function str(v: string, src?: Provenance): Value {
  if (v.length > MAX_STRING) return UNKNOWN('string too long');
  return src ? { k: 'str', v, src } : { k: 'str', v };
}

/** Every concrete alternative of a value (a choice is flattened). */
export function alternatives(v: Value): Value[] {
  if (v.k !== 'choice') return [v];
  const out: Value[] = [];
  for (const o of v.options) out.push(...alternatives(o));
  return out;
}

export function choice(options: Value[]): Value {
  const flat: Value[] = [];
  for (const o of options) for (const a of alternatives(o)) if (!flat.some((f) => sameValue(f, a))) flat.push(a);
  return flat.length === 1 ? flat[0]! : { k: 'choice', options: flat };
}

function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'str':
    case 'num':
    case 'bool':
      return a.v === (b as typeof a).v;
    case 'none':
      return true;
    case 'inst':
      return a.inst === (b as typeof a).inst;
    case 'func':
      return a.fn === (b as typeof a).fn;
    case 'class':
      return a.cls === (b as typeof a).cls;
    case 'module':
      return a.mod === (b as typeof a).mod;
    case 'ext':
      return a.path === (b as typeof a).path;
    default:
      return false;
  }
}

/** The string a value certainly is, or undefined. A choice of equal strings is that string. */
export function asStr(v: Value | undefined): string | undefined {
  if (!v) return undefined;
  if (v.k === 'str') return v.v;
  if (v.k === 'env' && v.dflt) return asStr(v.dflt);
  if (v.k === 'choice') {
    const alts = v.options.map(asStr);
    return alts.every((a) => a !== undefined && a === alts[0]) ? alts[0] : undefined;
  }
  return undefined;
}

export function truthy(v: Value): boolean | undefined {
  switch (v.k) {
    case 'bool':
      return v.v;
    case 'none':
      return false;
    case 'num':
      return v.v !== 0;
    case 'str':
      return v.v.length > 0;
    case 'list':
    case 'tuple':
    case 'set':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0;
    case 'func':
    case 'class':
    case 'module':
      return true;
    default:
      return undefined;
  }
}

export function srcLoc(file: string, loc: Loc): SrcLoc {
  const [line, column, endLine, endColumn] = locParts(loc);
  return { file, line, column, endLine, endColumn };
}

/** Attaches provenance to a literal value (a copy; values are shared); keeps an existing one unless `replace`. */
export function withSrc(v: Value, src: Provenance, replace = false): Value {
  switch (v.k) {
    case 'str':
    case 'num':
    case 'bool':
    case 'none':
    case 'list':
    case 'tuple':
    case 'set':
    case 'dict':
    case 'annotated':
      return v.src && !replace ? v : { ...v, src };
    default:
      return v;
  }
}

/** The value as a default that may not hold at run time (provenance `soft`), for literals. */
export function soften(v: Value): Value {
  const src = 'src' in v ? v.src : undefined;
  return withSrc(v, { ...(src ?? { name: 'a default' }), soft: true }, true);
}

export function describe(v: Value): string {
  switch (v.k) {
    case 'str':
      return JSON.stringify(v.v);
    case 'num':
      return String(v.v);
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return `[${v.items.map(describe).join(', ')}]`;
    case 'tuple':
      return `(${v.items.map(describe).join(', ')}${v.items.length === 1 ? ',' : ''})`;
    case 'set':
      return `{${v.items.map(describe).join(', ')}}`;
    case 'dict':
      return `{${v.entries.map(([k, x]) => `${describe(k)}: ${describe(x)}`).join(', ')}}`;
    case 'ext':
      return v.path;
    case 'func':
      return v.fn.qualname;
    case 'class':
      return v.cls.qualname;
    case 'env':
      return `os.getenv(${JSON.stringify(v.name)}${v.dflt ? `, ${describe(v.dflt)}` : ''})`;
    case 'choice':
      return v.options.map(describe).join(' or ');
    default:
      return `<${v.k}>`;
  }
}
