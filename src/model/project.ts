/**
 * The linked project: evaluate every module, then walk each application's routes (through mounts)
 * and build each route's effective dependency tree, its auth status and the evidence for it.
 * Rules read this model; they never look at syntax again, except function bodies through the IR.
 */
import type { FileFacts } from '../facts/ir.js';
import type { AuthStatus, Evidence, EvidenceVia } from '../types.js';
import { unwrap } from './auth.js';
import { DependantBuilder, type DepNode } from './deps.js';
import { runEntryPoints, type EntryReport, type EntryTarget } from './entrypoints.js';
import { Interp } from './interp.js';
import { ModuleIndex } from './modules.js';
import { isTestPath } from './testcode.js';
import { settled, type FuncRec, type Hop, type InstRec, type RouteDep, type RouteRec, type SrcLoc, type Value } from './values.js';

export interface TopDep {
  node: DepNode;
  via: EvidenceVia;
  /** Where the dependency was attached: the param, decorator, APIRouter(...), include_router(...) or FastAPI(...). */
  at: SrcLoc;
  /** The router or app that contributed it (via router/app). */
  inst?: InstRec;
}

export interface RouteInfo {
  rec: RouteRec;
  /** The application the route is served by (the outermost one); for an unincluded route, its router. */
  app: InstRec;
  mounts: string[];
  kind: 'http' | 'websocket';
  methods: string[];
  path: string;
  pathExact: boolean;
  handler?: FuncRec;
  handlerName: string;
  /** File and line of the route (decorator or add_api_route call), for findings and the inventory. */
  file: string;
  line: number;
  /** The handler's def line (suppression comments may sit there). */
  defLine?: number;
  deps: TopDep[];
  dependencyNames: string[];
  auth: AuthStatus;
  evidence: Evidence[];
  /** Why the status is unknown, when it is. */
  unknownBecause?: string;
  /** Routers, includes and apps the route passed through, innermost first. */
  hops: Hop[];
  public: boolean;
}

export interface Project {
  interp: Interp;
  index: ModuleIndex;
  deps: DependantBuilder;
  /** The routes apps serve (one per app that serves it). */
  routes: RouteInfo[];
  /** Routes of routers that no app includes once every entry point ran: not served. */
  unincluded: RouteInfo[];
  /** Every FastAPI/Starlette application object outside test code, in creation order. */
  apps: InstRec[];
  /** The applications that serve requests directly (not mounted inside another). */
  servedApps: InstRec[];
  /** Module-level variable name of an instance (`app.api.deps.oauth2_scheme`), by FastAPI's naming. */
  nameOf(inst: InstRec): string | undefined;
  /** An app's or router's name: its module variable, the attribute that holds it, or the function that made it. */
  appName(inst: InstRec): string;
  /** Made only by code nobody calls (no import, deployment target, `__main__` block or command reaches it). */
  isPossible(app: InstRec): boolean;
  /** What running the entry points found (unresolved targets, roots run). */
  entry: EntryReport;
  /** Test code: never defines what is served (config `tests`). */
  isTest(file: string): boolean;
  facts: Map<string, FileFacts>;
}

export interface LinkOptions {
  /** Returns the matching pattern when a dependency's qualified name is configured as authenticating. */
  authDependency?: (name: string) => string | undefined;
  /** The module index of these files and facts, when the caller has built it already. */
  index?: ModuleIndex;
  /** Server targets named by deployment files and the config (`entrypoints`). */
  targets?: readonly EntryTarget[];
  /** `scan`: test code is evaluated like the rest (config `tests`); default `skip`. */
  tests?: 'skip' | 'scan';
}

/** Top-level names the files import (`app` of `from app.api import deps`), each with the folders of the files importing it. */
export function importedTops(facts: Iterable<FileFacts>): Map<string, Set<string>> {
  const tops = new Map<string, Set<string>>();
  const add = (name: string, dir: string): void => {
    const top = name.split('.')[0]!;
    let dirs = tops.get(top);
    if (!dirs) tops.set(top, (dirs = new Set()));
    dirs.add(dir);
  };
  // iterative: an `if`/`try` nest is as deep as the source makes it
  for (const f of facts) {
    const slash = f.path.lastIndexOf('/');
    const dir = slash < 0 ? '.' : f.path.slice(0, slash);
    const stack: Array<FileFacts['body']> = [f.body];
    while (stack.length) {
      for (const s of stack.pop()!) {
        if (s.t === 'import') for (const n of s.names) add(n.mod, dir);
        else if (s.t === 'from' && s.level === 0 && s.mod) add(s.mod, dir);
        else if (s.t === 'if') stack.push(s.body, s.orelse);
        else if (s.t === 'try') stack.push(s.body, ...s.handlers.map((h) => h.body));
      }
    }
  }
  return tops;
}

export function link(allFiles: readonly string[], facts: FileFacts[], opts: LinkOptions = {}): Project {
  const index = opts.index ?? new ModuleIndex(allFiles, importedTops(facts));
  const interp = new Interp(index, facts);
  const isTest = opts.tests === 'scan' ? () => false : isTestPath;
  interp.runAll(isTest);
  interp.routers.includePending(settled);
  const entry = runEntryPoints(interp, opts.targets ?? [], isTest);
  interp.routers.includePending(settled);

  // Instance names: every module global bound to the instance; prefer the module that assigns it, then sort.
  const bindings = new Map<InstRec, Array<{ name: string; here: boolean }>>();
  for (const mod of interp.modules.values()) {
    for (const [k, v] of mod.ns) {
      if (v.k !== 'inst' || k.startsWith('__')) continue;
      const list = bindings.get(v.inst) ?? [];
      list.push({ name: `${mod.name}.${k}`, here: mod.assigned.has(k) });
      bindings.set(v.inst, list);
    }
  }
  const nameCache = new Map<InstRec, string | undefined>();
  const nameOf = (inst: InstRec): string | undefined => {
    if (nameCache.has(inst)) return nameCache.get(inst);
    const c = bindings.get(inst);
    let n: string | undefined;
    if (c && c.length) {
      const here = c.filter((x) => x.here);
      n = (here.length ? here : c).map((x) => x.name).sort()[0];
    }
    nameCache.set(inst, n);
    return n;
  };

  const appName = (inst: InstRec): string => {
    const n = nameOf(inst) ?? inst.attrName ?? (inst.creator ? `${inst.creator.module.name}.${inst.creator.qualname}()` : undefined);
    if (n) return n;
    const c = inst.cls;
    const cls = c.k === 'ext' ? c.path.slice(c.path.lastIndexOf('.') + 1) : c.k === 'class' ? c.cls.name : '?';
    return `${cls}(...) at ${inst.loc.file}:${inst.loc.line}`;
  };
  const isPossible = (app: InstRec): boolean => app.origin?.kind === 'uncalled' && !app.servedBy;

  const deps = new DependantBuilder(interp, nameOf, opts.authDependency ?? (() => undefined));
  const notTest = (i: InstRec): boolean => !isTest(i.loc.file);
  const apps = interp.insts.filter((i) => i.router && i.router.kind !== 'router' && notTest(i));
  const mounted = new Set<InstRec>();
  for (const a of interp.insts) {
    for (const r of a.router?.routes ?? []) if (r.kind === 'mount' && r.app.k === 'inst') mounted.add(r.app.inst);
  }
  const servedApps = apps.filter((a) => !mounted.has(a));

  const walk = (out: RouteInfo[], app: InstRec, top: InstRec, prefix: string, exact: boolean, mounts: string[], seen: Set<InstRec>): void => {
    if (seen.has(app)) return;
    seen.add(app);
    for (const r of app.router!.routes) {
      if (r.kind === 'mount') {
        if (r.app.k === 'inst' && r.app.inst.router) walk(out, r.app.inst, top, prefix + r.path, exact && r.pathExact, [...mounts, r.path], seen);
        continue;
      }
      out.push(routeInfo(r, top, prefix, exact, mounts, deps));
    }
    seen.delete(app);
  };
  const routes: RouteInfo[] = [];
  for (const app of servedApps) walk(routes, app, app, '', true, [], new Set());

  // Routers no app includes once every entry point ran serve nothing. Those no other router includes
  // either are listed (with what they include), so that a partial scan still shows their routes.
  const reached = new Set<InstRec>();
  for (const r of routes) for (const h of r.hops) if (h.inst) reached.add(h.inst);
  const included = new Set<InstRec>();
  for (const i of interp.insts) for (const r of i.router?.routes ?? []) if (r.kind !== 'mount') for (const h of r.hops) if (h.kind !== 'include' && h.inst && h.inst !== i) included.add(h.inst);
  const orphans = interp.insts.filter(
    (i) => i.router?.kind === 'router' && !reached.has(i) && !included.has(i) && !mounted.has(i) && notTest(i) && i.router.routes.some((r) => r.kind !== 'mount'),
  );
  const unincluded: RouteInfo[] = [];
  for (const router of orphans) walk(unincluded, router, router, '', true, [], new Set());

  const factsByFile = new Map(facts.map((f) => [f.path, f]));
  return { interp, index, deps, routes, unincluded, apps, servedApps, nameOf, appName, isPossible, entry, isTest, facts: factsByFile };
}

function routeInfo(r: RouteRec, app: InstRec, prefix: string, exact: boolean, mounts: string[], builder: DependantBuilder): RouteInfo {
  const handlerVal: Value = r.handler.k === 'choice' ? (r.handler.options.find((o) => o.k === 'func') ?? r.handler) : r.handler;
  const handler = handlerVal.k === 'func' ? unwrap(handlerVal.fn) : undefined;
  const api = r.routeClass === 'APIRoute' || r.routeClass === 'APIWebSocketRoute';
  const deps: TopDep[] = [];
  if (api) {
    for (const d of r.deps) deps.push(topFromList(d, builder));
    for (const n of builder.paramsOf(handlerVal)) deps.push({ node: n, via: 'param', at: n.loc });
    if (handler) for (const n of builder.classViewParams(handler)) deps.push({ node: n, via: 'param', at: n.loc });
  }
  const names: string[] = [];
  const seenNames = new Set<string>();
  // Children lists are shared by every use of a callable: each is walked once (a tree where each
  // dependency uses the next one twice would otherwise be walked 2^depth times).
  const seenLists = new Set<DepNode[]>();
  const flatten = (ns: DepNode[], depth: number): void => {
    if (seenLists.has(ns)) return;
    seenLists.add(ns);
    for (const n of ns) {
      if (!seenNames.has(n.name)) {
        seenNames.add(n.name);
        names.push(n.name);
      }
      if (depth < 50) flatten(n.children, depth + 1);
    }
  };
  flatten(deps.map((d) => d.node), 0);

  const { auth, evidence, unknownBecause } = authOf(deps, handler, handlerVal, builder);
  const info: RouteInfo = {
    rec: r,
    app,
    mounts,
    kind: r.kind,
    methods: r.methods,
    path: prefix + r.path,
    pathExact: exact && r.pathExact,
    handler,
    handlerName: handler ? `${handler.module.name}.${handler.qualname}` : builder.nameOf(handlerVal),
    file: handler ? handler.module.file : r.loc.file,
    line: r.loc.line,
    deps,
    dependencyNames: names,
    auth,
    evidence,
    hops: r.hops,
    public: false,
  };
  if (handler) info.defLine = handler.loc.line;
  if (unknownBecause) info.unknownBecause = unknownBecause;
  return info;
}

function topFromList(d: RouteDep, builder: DependantBuilder): TopDep {
  const t: TopDep = { node: builder.listNode(d.spec), via: d.via, at: d.at };
  if (d.inst) t.inst = d.inst;
  return t;
}

/** required > unknown > optional > none, with evidence for each top-level dependency that authenticates. */
function authOf(deps: TopDep[], handler: FuncRec | undefined, handlerVal: Value, builder: DependantBuilder): { auth: AuthStatus; evidence: Evidence[]; unknownBecause?: string } {
  const evidence: Evidence[] = [];
  let optional = false;
  let unknownBecause: string | undefined;
  for (const d of deps) {
    let authenticates = false;
    const stack: DepNode[] = [d.node];
    const seen = new Set<DepNode>();
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const o = n.own;
      if (o.kind === 'scheme') {
        if (o.autoError) authenticates = true;
        else optional = true;
      } else if (o.kind === 'security' || o.kind === 'rejects' || o.kind === 'configured') authenticates = true;
      else if (o.kind === 'unresolved') unknownBecause ??= `dependency ${n.name} could not be resolved (${o.why})`;
      stack.push(...n.children);
    }
    if (authenticates) {
      const name = d.node.alias?.name ?? d.node.name;
      const at = d.via === 'param' && d.node.alias?.loc ? d.node.alias.loc : d.at;
      evidence.push({ via: d.via, file: at.file, line: at.line, name });
    }
  }
  // `@requires("authenticated")` (Starlette) between the route decorator and the function
  const requires = handlerVal.k === 'func' ? (handlerVal.fn.requires ?? handler?.requires) : undefined;
  if (requires) evidence.push({ via: 'decorator', file: requires.loc.file, line: requires.loc.line, name: 'starlette.authentication.requires' });
  // The handler's own 401/403 is looked for only when no dependency authenticates (it is the
  // costly part on big trees, and the route is `required` either way).
  if (handler && evidence.length === 0) {
    const rej = builder.rejects.rejects(handler);
    if (rej) evidence.push({ via: 'handler', file: rej.loc.file, line: rej.loc.line, name: `${handler.module.name}.${handler.qualname}` });
  } else if (handlerVal.k === 'unknown' && handlerVal.why.startsWith('routes of')) {
    unknownBecause ??= `its ${handlerVal.why}`;
  } else if (handlerVal.k === 'unknown' || handlerVal.k === 'ext') {
    unknownBecause ??= 'the handler could not be resolved';
  }
  if (evidence.length) return { auth: 'required', evidence };
  if (unknownBecause) return { auth: 'unknown', evidence, unknownBecause };
  return { auth: optional ? 'optional' : 'none', evidence };
}
