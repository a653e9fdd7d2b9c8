/**
 * The linked project: evaluate every module, then walk each application's routes (through mounts)
 * and build each route's effective dependency tree, its auth status and the evidence for it.
 * Rules read this model; they never look at syntax again, except function bodies through the IR.
 */
import type { FileFacts } from '../facts/ir.js';
import type { AuthStatus, Evidence, EvidenceVia } from '../types.js';
import { unwrap, type Authn, type Cred, type Rejection, type Seed, type SettingTest } from './auth.js';
import { DependantBuilder, type DepNode } from './deps.js';
import { runEntryPoints, type EntryReport, type EntryTarget } from './entrypoints.js';
import { Interp } from './interp.js';
import { ModuleIndex } from './modules.js';
import { isTestPath } from './testcode.js';
import { alternatives, settled, type FuncRec, type Hop, type InstRec, type RouteDep, type RouteRec, type SrcLoc, type Value } from './values.js';

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
  /**
   * Dependencies (or the handler) that accept a credential and never verify it (FA108): the route
   * relies on them, and they authenticate nothing.
   */
  unverified: Unverified[];
  /**
   * The handler's own check (evidence `handler`), as the route's analysis found it: the handler read,
   * the credential and rejection (and the setting it sits under), the test that skips it when it
   * holds (`if not self.auth_provider: return` before it), and the instance the handler is a method of.
   */
  handlerCheck?: { fn: FuncRec; auth: Authn; bypass?: SettingTest; self?: InstRec };
  /** Routers, includes and apps the route passed through, innermost first. */
  hops: Hop[];
  public: boolean;
  /** Why the route is public on purpose, for the inventory: `built-in: probe \`health\``, `config \`public\`: /status/**`. */
  publicBecause?: string;
}

/** A credential accepted and never verified, and where (FA108). */
export interface Unverified {
  /** The dependency (`app.deps.get_current_user`), or the handler when it receives a scheme's value itself. */
  name: string;
  /** Its `def`, or the `Depends(...)`/parameter that hands the value over. */
  at: SrcLoc;
  credential: Cred;
  /** What happens to the value, as a parenthesised clause for messages (` (listed in \`dependencies=[...]\`, …)`), or empty. */
  fate: string;
  fn?: FuncRec;
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
  for (const i of interp.insts)
    for (const r of i.router?.routes ?? []) if (r.kind !== 'mount') for (const h of r.hops) if (h.kind !== 'include' && h.inst && h.inst !== i) included.add(h.inst);
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
  flatten(
    deps.map((d) => d.node),
    0,
  );

  const { auth, evidence, unknownBecause, unverified, handlerCheck } = authOf(deps, handler, handlerVal, builder, r.kind);
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
    unverified,
    ...(handlerCheck ? { handlerCheck } : {}),
    hops: r.hops,
    public: false,
  };
  if (handler) info.defLine = handler.loc.line;
  // Starlette's AuthenticationMiddleware may check the credential a scheme only declares (for the
  // OpenAPI schema): whether it does is the middleware's business, not FA108's
  const authMw = info.unverified.length
    ? (app.router?.middleware ?? []).find((m) =>
        alternatives(m.cls).some((c) => (c.k === 'ext' ? c.path : c.k === 'class' ? classExtPath(builder, c) : '') === 'fastapi.AuthenticationMiddleware'),
      )
    : undefined;
  if (authMw) {
    // the route is then undecided rather than open: whether the backend rejects is the middleware's analysis
    if (info.auth === 'none') {
      info.auth = 'unknown';
      info.unknownBecause = `\`${info.unverified[0]!.name.slice(info.unverified[0]!.name.lastIndexOf('.') + 1)}\` only declares the ${info.unverified[0]!.credential.desc}, which the app's AuthenticationMiddleware (${authMw.loc.file}:${authMw.loc.line}) may check`;
    }
    info.unverified = [];
  }
  if (unknownBecause) info.unknownBecause = unknownBecause;
  return info;
}

function classExtPath(builder: DependantBuilder, c: Extract<Value, { k: 'class' }>): string {
  return builder.extBases(c.cls).find((b) => b === 'fastapi.AuthenticationMiddleware') ?? '';
}

function topFromList(d: RouteDep, builder: DependantBuilder): TopDep {
  const t: TopDep = { node: builder.listNode(d.spec), via: d.via, at: d.at };
  if (d.inst) t.inst = d.inst;
  return t;
}

/** `401 at app/deps.py:14`, `redirect 303 to a login page at …`, `signature check (stripe.Webhook.construct_event) at …`. */
function rejectionText(r: Rejection): string {
  const at = `${r.loc.file}:${r.loc.line}`;
  switch (r.kind) {
    case 'status':
      return `${r.status} at ${at}`;
    case 'response':
      return `${r.status} response at ${at}`;
    case 'redirect':
      return `redirect ${r.status} to a login page at ${at}`;
    case 'close':
      return `WebSocket close ${r.status} at ${at}`;
    case 'signature':
      return `signature check${r.what ? ` (${r.what})` : ''} at ${at}`;
    case 'raises':
      return r.what ? `error raised by ${r.what} at ${at}` : `error re-raised at ${at}`;
  }
}

/** The evidence a node gives: the credential and the rejection, when it authenticates. */
function nodeEvidence(n: DepNode, at: SrcLoc): { credential: string; rejects: string; signature: boolean } | undefined {
  const o = n.own;
  switch (o.kind) {
    case 'rejects': {
      // the check is skipped on some condition that involves no credential (a mode, a setting)
      const skipped = o.bypass ? ` (skipped when \`${o.bypass.text}\`, ${o.bypass.loc.file}:${o.bypass.loc.line})` : '';
      return { credential: o.credential.desc, rejects: `${rejectionText(o.rejection)}${skipped}`, signature: !!o.credential.signature };
    }
    case 'verifies':
      if (!o.credential.enforced || !o.raises) return undefined;
      return {
        credential: o.credential.desc,
        rejects: `401/403 when missing, verified by ${o.fn ? `${o.fn.module.name}.${o.fn.qualname}` : n.name}`,
        signature: !!o.credential.signature,
      };
    case 'security':
      return { credential: `Security(${n.name})`, rejects: `scopes checked by ${n.name} (Security) at ${at.file}:${at.line}`, signature: false };
    case 'configured':
      return { credential: `${n.name} (configured in auth.dependencies: ${o.pattern})`, rejects: `configured in auth.dependencies: ${o.pattern}`, signature: false };
    default:
      return undefined;
  }
}

/**
 * required > unknown > optional > none, with evidence for each top-level dependency that
 * authenticates (DESIGN.md "What counts as authentication"): somewhere in its tree a credential
 * reaches a rejection's condition, or an enforced credential (a scheme with `auto_error`, a
 * required header) is verified. A scheme's value, or a credential a dependency returns as is,
 * goes to its consumer: the handler decides for top-level ones, `dependencies=[...]` discards them.
 */
function authOf(
  deps: TopDep[],
  handler: FuncRec | undefined,
  handlerVal: Value,
  builder: DependantBuilder,
  kind: 'http' | 'websocket',
): { auth: AuthStatus; evidence: Evidence[]; unknownBecause?: string; unverified: Unverified[]; handlerCheck?: RouteInfo['handlerCheck'] } {
  const evidence: Evidence[] = [];
  const unverified: Unverified[] = [];
  let optional = false;
  let unknownBecause: string | undefined;
  /** What top-level parameters hand the handler: a scheme's value, a credential passed on. */
  const handlerSeeds = new Map<string, Seed>();
  const handed: Array<{ node: DepNode; at: SrcLoc; cred: Cred }> = [];
  for (const d of deps) {
    let found: { credential: string; rejects: string; signature: boolean } | undefined;
    const seen = new Set<DepNode>();
    // children first: the dependency closest to the credential explains the verdict best
    const visit = (n: DepNode, depth: number): void => {
      if (seen.has(n) || depth > 50) return;
      seen.add(n);
      for (const c of n.children) visit(c, depth + 1);
      const o = n.own;
      if (o.kind === 'scheme' && !o.autoError) optional = true;
      else if (o.kind === 'unresolved') unknownBecause ??= `dependency ${n.name} could not be resolved (${o.why})`;
      else if (o.kind === 'unverified') {
        const fn = o.fn;
        unverified.push({ name: n.name, at: fn ? fn.loc : n.loc, credential: o.credential, fate: '', ...(fn ? { fn } : {}) });
      }
      found ??= nodeEvidence(n, n.loc);
    };
    visit(d.node, 0);
    const top = d.node.own;
    if (!found && (top.kind === 'scheme' || top.kind === 'passes')) {
      const cred = top.kind === 'scheme' ? top.cred : top.credential;
      if (d.via === 'param' && d.node.param) {
        handlerSeeds.set(d.node.param, { k: 'cred', cred });
        handed.push({ node: d.node, at: d.at, cred });
      } else if (top.kind === 'passes' || top.autoError) {
        const fn = top.kind === 'passes' ? top.fn : undefined;
        unverified.push({
          name: d.node.name,
          at: fn ? fn.loc : d.at,
          credential: cred,
          fate: ' (it is listed in `dependencies=[...]`, where FastAPI discards its value)',
          ...(fn ? { fn } : {}),
        });
      }
    }
    if (found) {
      const name = d.node.alias?.name ?? d.node.name;
      const at = d.via === 'param' && d.node.alias?.loc ? d.node.alias.loc : d.at;
      evidence.push({ via: found.signature ? 'signature' : d.via, file: at.file, line: at.line, name, credential: found.credential, rejects: found.rejects });
    }
  }
  // `@requires("authenticated")` (Starlette) between the route decorator and the function
  const requires = handlerVal.k === 'func' ? (handlerVal.fn.requires ?? handler?.requires) : undefined;
  if (requires) {
    const at = `${requires.loc.file}:${requires.loc.line}`;
    evidence.push({
      via: 'decorator',
      file: requires.loc.file,
      line: requires.loc.line,
      name: 'starlette.authentication.requires',
      credential: 'request.auth (AuthenticationMiddleware)',
      rejects: `403 at ${at} (@requires)`,
    });
  }
  // The handler's own check is looked for only when no dependency authenticates (it is the costly
  // part on big trees, and the route is `required` either way).
  // a bound method registered as the endpoint (`router.add_api_route(path, self.list_items)`): its body, on that instance
  let handlerCheck: RouteInfo['handlerCheck'];
  const bound =
    !handler && handlerVal.k === 'method' && handlerVal.fn ? { fn: unwrap(handlerVal.fn), self: handlerVal.self.k === 'inst' ? handlerVal.self : undefined } : undefined;
  const own = handler ?? bound?.fn;
  if (own && evidence.length === 0) {
    const handler = own;
    const sig = builder.signature(handlerVal.k === 'func' || bound ? handlerVal : { k: 'func', fn: handler });
    const params = sig?.params ?? (bound ? [] : (handler.params ?? []));
    const seeds = builder.seeds(
      handler,
      params,
      deps.filter((d) => d.via === 'param').map((d) => d.node),
    );
    for (const [k, v] of handlerSeeds) seeds.set(k, v);
    const r = builder.auth.analyze(handler, seeds, { responses: true, websocket: kind === 'websocket' }, bound?.self);
    const name = `${handler.module.name}.${handler.qualname}`;
    if (r.auth) {
      const rej = r.auth.rejection;
      const via = r.auth.credential.signature ? 'signature' : 'handler';
      const skipped = r.bypass ? ` (skipped when \`${r.bypass.text}\`, ${r.bypass.loc.file}:${r.bypass.loc.line})` : '';
      handlerCheck = { fn: handler, auth: r.auth, ...(r.bypass ? { bypass: r.bypass } : {}), ...(bound?.self ? { self: bound.self.inst } : {}) };
      evidence.push({ via, file: rej.loc.file, line: rej.loc.line, name, credential: r.auth.credential.desc, rejects: `${rejectionText(rej)}${skipped}` });
    } else if ((r.raising ?? (r.opaque ? r.credential : undefined))?.enforced) {
      const cred = r.raising ?? r.credential!;
      const h = handed.find((x) => x.cred.desc === cred.desc);
      const at = h ? (h.node.alias?.loc ?? h.at) : handler.loc;
      evidence.push({
        via: h ? 'param' : 'handler',
        file: at.file,
        line: at.line,
        name: h ? (h.node.alias?.name ?? h.node.name) : name,
        credential: cred.desc,
        rejects: `401/403 when missing, verified by ${name}`,
      });
    } else if (!r.verified && !r.opaque) {
      // a scheme's value (or a credential a dependency passed on) that the handler does not verify either
      for (const h of handed) {
        const o = h.node.own;
        const fn = o.kind === 'passes' ? o.fn : undefined;
        const fate = o.kind === 'passes' ? ` (it returns it to \`${handler.qualname}\`, which does not verify it either)` : '';
        unverified.push(fn ? { name: h.node.name, at: fn.loc, credential: h.cred, fate, fn } : { name, at: h.at, credential: h.cred, fate, fn: handler });
      }
    }
  } else if (handlerVal.k === 'unknown' && handlerVal.why.startsWith('routes of')) {
    unknownBecause ??= `its ${handlerVal.why}`;
  } else if (handlerVal.k === 'unknown' || handlerVal.k === 'ext') {
    unknownBecause ??= 'the handler could not be resolved';
  }
  if (evidence.length) return { auth: 'required', evidence, unverified: [], ...(handlerCheck ? { handlerCheck } : {}) };
  if (unknownBecause) return { auth: 'unknown', evidence, unknownBecause, unverified };
  return { auth: optional ? 'optional' : 'none', evidence, unverified };
}
