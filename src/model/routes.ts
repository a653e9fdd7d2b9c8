/**
 * FastAPI / Starlette / APIRouter semantics for the interpreter (FastAPI 0.98, the oracle's
 * version): constructors, route decorators, add_api_route, include_router (copies routes at call
 * time, prepending the include's prefix and dependencies), mount (live reference, no inherited
 * dependencies), middleware.
 */
import { METHOD_DECORATORS } from './externals.js';
import {
  NONE,
  UNKNOWN,
  alternatives,
  asStr,
  type CallArgs,
  type DepSpec,
  type Hop,
  type InstRec,
  type MountRec,
  type Origin,
  type RouteDep,
  type RouteRec,
  type RouterState,
  type SrcLoc,
  type Value,
} from './values.js';

const ROUTER_CTORS: Record<string, RouterState['kind']> = {
  'fastapi.FastAPI': 'fastapi',
  'fastapi.Starlette': 'starlette',
  'fastapi.APIRouter': 'router',
  'fastapi.Router': 'router',
};

/**
 * Route registrations (including the copies include_router makes) evaluated at most: this many, or
 * one per line of the scanned code when that is more. Routers included into each other over and over
 * grow exponentially from a few lines; a monorepo's routes grow with its code (the bench tree, 226
 * services and 502 k lines, registers ~50 000 routes three times each: router, api_router, app).
 */
const MIN_MAX_ROUTES = 50_000;
/** Evaluation steps a route registration costs (src/model/eval/evaluator.ts budgets). */
const ROUTE_STEPS = 5;

const ROUTE_CTORS = new Set(['fastapi.APIRoute', 'fastapi.APIWebSocketRoute', 'fastapi.Route', 'fastapi.WebSocketRoute', 'fastapi.Mount']);

/** Joins path pieces; unknown pieces are written `{?}` and make the result inexact. */
function joinPath(a: { path: string; exact: boolean }, b: Value | string): { path: string; exact: boolean } {
  if (typeof b === 'string') return { path: a.path + b, exact: a.exact };
  const s = asStr(b);
  return s !== undefined ? { path: a.path + s, exact: a.exact } : { path: `${a.path}{?}`, exact: false };
}

function listItems(v: Value | undefined): Value[] {
  if (!v) return [];
  if (v.k === 'list' || v.k === 'tuple' || v.k === 'set') return v.items;
  if (v.k === 'choice') return v.options.flatMap(listItems);
  return [];
}

/** What router semantics need of the interpreter (a small interface, so this file does not import it). */
export interface RouterHost {
  newId(): number;
  /** Registers an app or router instance (see Evaluator.track). */
  track(inst: InstRec): void;
  /** Inside code that may not run (an undecided `if`, a loop over unknown items). */
  readonly conditional: boolean;
  /** The entry point running now. */
  origin: Origin;
  /** Counts `n` evaluation steps; false when the budget is used up. */
  charge(n: number): boolean;
  readonly limits: Set<string>;
}

export class RouterOps {
  private readonly maxRoutes: number;

  constructor(
    private readonly ip: RouterHost,
    lines: number,
  ) {
    this.maxRoutes = Math.max(MIN_MAX_ROUTES, lines);
  }

  private depSpecs(v: Value | undefined): DepSpec[] {
    const out: DepSpec[] = [];
    for (const it of listItems(v)) for (const a of alternatives(it)) if (a.k === 'depends') out.push(a.spec);
    return out;
  }

  private hopKind(inst: InstRec): Hop['kind'] {
    return inst.router?.kind === 'router' ? 'router' : 'app';
  }

  // ------------------------------------------------------------------ constructors

  /** `FastAPI(...)`, `APIRouter(...)`, `Depends(...)`, `Route(...)`, …; undefined when not ours to handle. */
  callExt(path: string, args: CallArgs): Value | undefined {
    const kind = ROUTER_CTORS[path];
    if (kind) {
      const inst: InstRec = { id: this.ip.newId(), cls: { k: 'ext', path }, args, attrs: new Map(), loc: args.loc, conditional: this.ip.conditional };
      this.ip.track(inst);
      this.initRouter(inst, path, args, true);
      return { k: 'inst', inst };
    }
    if (path === 'fastapi.Depends' || path === 'fastapi.Security') {
      const target = args.pos[0] ?? args.kw.get('dependency');
      const scopes = listItems(args.kw.get('scopes'))
        .map(asStr)
        .filter((s): s is string => s !== undefined);
      const useCache = args.kw.get('use_cache');
      const spec: DepSpec = {
        target: target && target.k !== 'none' ? target : undefined,
        security: path === 'fastapi.Security',
        scopes,
        useCache: !(useCache && useCache.k === 'bool' && !useCache.v),
        loc: args.loc,
      };
      return { k: 'depends', spec };
    }
    if (ROUTE_CTORS.has(path)) {
      const inst: InstRec = { id: this.ip.newId(), cls: { k: 'ext', path }, args, attrs: new Map(), loc: args.loc, conditional: this.ip.conditional };
      return { k: 'inst', inst };
    }
    return undefined;
  }

  initRouter(inst: InstRec, base: string, args: CallArgs, applyArgs: boolean): void {
    const kind = ROUTER_CTORS[base] ?? 'router';
    if (!inst.router) {
      inst.router = { kind, prefix: { k: 'str', v: '' }, deps: [], routes: [], middleware: [], loc: args.loc, args };
    }
    if (!applyArgs) return;
    const r = inst.router;
    r.kind = kind;
    r.loc = args.loc;
    r.args = args;
    if (kind === 'router') r.prefix = args.kw.get('prefix') ?? { k: 'str', v: '' };
    r.deps = this.depSpecs(args.kw.get('dependencies')).map((spec) => ({ spec, via: kind === 'router' ? 'router' : 'app', at: args.loc, inst }));
    for (const rv of listItems(args.kw.get('routes'))) this.addRouteObject(inst, rv);
    for (const mv of listItems(args.kw.get('middleware'))) {
      if (mv.k === 'inst' && mv.inst.cls.k === 'ext' && mv.inst.cls.path === 'fastapi.Middleware') {
        const [cls, ...rest] = mv.inst.args.pos;
        r.middleware.push({ cls: cls ?? UNKNOWN('Middleware()'), args: { ...mv.inst.args, pos: rest }, loc: mv.inst.loc, conditional: this.ip.conditional });
      }
    }
  }

  /** `routes=[APIRoute(...), Route(...), Mount(...)]` given to a constructor: added as they are (no prefix, no router deps). */
  private addRouteObject(owner: InstRec, rv: Value): void {
    if (rv.k !== 'inst' || rv.inst.cls.k !== 'ext') return;
    const a = rv.inst.args;
    const path = a.pos[0] ?? a.kw.get('path') ?? UNKNOWN('path');
    const endpoint = a.pos[1] ?? a.kw.get('endpoint');
    const hop: Hop = { kind: this.hopKind(owner), inst: owner, loc: owner.router!.loc };
    const p = joinPath({ path: '', exact: true }, path);
    switch (rv.inst.cls.path) {
      case 'fastapi.APIRoute':
      case 'fastapi.APIWebSocketRoute': {
        const ws = rv.inst.cls.path === 'fastapi.APIWebSocketRoute';
        const methods = ws ? [] : this.methodsOf(a.kw.get('methods'), ['GET'], false);
        const deps = this.depSpecs(a.kw.get('dependencies')).map((spec): RouteDep => ({ spec, via: 'decorator', at: a.loc }));
        this.push(owner, {
          kind: ws ? 'websocket' : 'http',
          routeClass: ws ? 'APIWebSocketRoute' : 'APIRoute',
          methods,
          path: p.path,
          pathExact: p.exact,
          handler: endpoint ?? UNKNOWN('endpoint'),
          deps,
          loc: a.loc,
          hops: [hop],
          conditional: this.ip.conditional,
        });
        return;
      }
      case 'fastapi.Route':
      case 'fastapi.WebSocketRoute': {
        const ws = rv.inst.cls.path === 'fastapi.WebSocketRoute';
        const methods = ws ? [] : this.methodsOf(a.kw.get('methods'), ['GET'], true);
        this.push(owner, {
          kind: ws ? 'websocket' : 'http',
          routeClass: ws ? 'WebSocketRoute' : 'Route',
          methods,
          path: p.path,
          pathExact: p.exact,
          handler: endpoint ?? UNKNOWN('endpoint'),
          deps: [],
          loc: a.loc,
          hops: [hop],
          conditional: this.ip.conditional,
        });
        return;
      }
      case 'fastapi.Mount': {
        const app = a.pos[1] ?? a.kw.get('app');
        const routes = a.kw.get('routes');
        let target: Value = app ?? UNKNOWN('mount app');
        if (!app && routes) {
          // Mount(path, routes=[...]): an anonymous router holding them
          const inner: InstRec = { id: this.ip.newId(), cls: { k: 'ext', path: 'fastapi.Router' }, args: a, attrs: new Map(), loc: a.loc, conditional: this.ip.conditional };
          inner.router = { kind: 'starlette', prefix: { k: 'str', v: '' }, deps: [], routes: [], middleware: [], loc: a.loc, args: a };
          for (const r of listItems(routes)) this.addRouteObject(inner, r);
          target = { k: 'inst', inst: inner };
        }
        owner.router!.routes.push({ kind: 'mount', path: p.path.replace(/\/+$/, ''), pathExact: p.exact, app: target, loc: a.loc } satisfies MountRec);
        return;
      }
    }
  }

  private methodsOf(v: Value | undefined, dflt: string[], starlette: boolean): string[] {
    let methods = dflt;
    if (v && v.k !== 'none') {
      const ms = listItems(v).map(asStr);
      if (ms.length && ms.every((m) => m !== undefined)) methods = (ms as string[]).map((m) => m.toUpperCase());
    }
    const set = new Set(methods);
    if (starlette && set.has('GET')) set.add('HEAD');
    return [...set].sort();
  }

  private routeCount = 0;
  /** Includes of routers imported through an import cycle, done by includePending. */
  private readonly pending: Array<{ into: InstRec; later: Value; args: CallArgs; origin: Origin; conditional: boolean }> = [];

  /** Does the includes that waited for a module to finish (the router is read again with `settle`). */
  includePending(settle: (v: Value) => Value): void {
    for (const p of this.pending.splice(0)) {
      const v = settle(p.later);
      const saved = this.ip.origin;
      this.ip.origin = p.origin;
      try {
        if (v.k === 'inst' && v.inst.router) this.include(p.into, v.inst, p.args, p.conditional);
        else this.includeOpaque(p.into, v, p.args);
      } finally {
        this.ip.origin = saved;
      }
    }
  }

  /** Registers a route; past maxRoutes (routers included into each other over and over) it stops, with a notice. */
  private push(owner: InstRec, r: RouteRec): void {
    // a registration (or an include's copy) is work like any other: it draws on the evaluation budget
    if (!this.ip.charge(ROUTE_STEPS)) return;
    if (++this.routeCount > this.maxRoutes) {
      this.ip.limits.add(`more than ${this.maxRoutes} route registrations: the rest are not in the inventory`);
      return;
    }
    r.origin = this.ip.origin;
    owner.router!.routes.push(r);
  }

  // ------------------------------------------------------------------ methods

  callRouterMethod(inst: InstRec, name: string, args: CallArgs): Value | undefined {
    const a0 = args.pos[0];
    const method = METHOD_DECORATORS[name];
    if (method || name === 'api_route' || name === 'websocket') {
      const path = a0 ?? args.kw.get('path') ?? UNKNOWN('path');
      const kind = name === 'websocket' ? 'websocket' : 'http';
      const methods = kind === 'websocket' ? [] : method ? [method] : this.methodsOf(args.kw.get('methods'), ['GET'], false);
      return {
        k: 'routedeco',
        router: inst,
        kind,
        routeClass: kind === 'websocket' ? 'APIWebSocketRoute' : 'APIRoute',
        methods,
        path,
        deps: this.depSpecs(args.kw.get('dependencies')),
        loc: args.loc,
      };
    }
    switch (name) {
      case 'route':
        return {
          k: 'routedeco',
          router: inst,
          kind: 'http',
          routeClass: 'Route',
          methods: this.methodsOf(args.kw.get('methods') ?? args.pos[1], ['GET'], true),
          path: a0 ?? args.kw.get('path') ?? UNKNOWN('path'),
          deps: [],
          loc: args.loc,
        };
      case 'websocket_route':
        return {
          k: 'routedeco',
          router: inst,
          kind: 'websocket',
          routeClass: 'WebSocketRoute',
          methods: [],
          path: a0 ?? args.kw.get('path') ?? UNKNOWN('path'),
          deps: [],
          loc: args.loc,
        };
      case 'add_api_route':
      case 'add_api_websocket_route': {
        const ws = name === 'add_api_websocket_route';
        const path = a0 ?? args.kw.get('path') ?? UNKNOWN('path');
        const endpoint = args.pos[1] ?? args.kw.get('endpoint') ?? UNKNOWN('endpoint');
        const methods = ws ? [] : this.methodsOf(args.kw.get('methods'), ['GET'], false);
        this.register(
          inst,
          { kind: ws ? 'websocket' : 'http', routeClass: ws ? 'APIWebSocketRoute' : 'APIRoute', methods, path, deps: this.depSpecs(args.kw.get('dependencies')), loc: args.loc },
          endpoint,
        );
        return NONE;
      }
      case 'add_route':
      case 'add_websocket_route': {
        const ws = name === 'add_websocket_route';
        const path = a0 ?? args.kw.get('path') ?? UNKNOWN('path');
        const endpoint = args.pos[1] ?? args.kw.get('endpoint') ?? UNKNOWN('endpoint');
        const p = joinPath({ path: '', exact: true }, path);
        const hop: Hop = { kind: this.hopKind(inst), inst, loc: inst.router!.loc };
        this.push(inst, {
          kind: ws ? 'websocket' : 'http',
          routeClass: ws ? 'WebSocketRoute' : 'Route',
          methods: ws ? [] : this.methodsOf(args.kw.get('methods') ?? args.pos[2], ['GET'], true),
          path: p.path,
          pathExact: p.exact,
          handler: endpoint,
          deps: [],
          loc: args.loc,
          hops: [hop],
          conditional: this.ip.conditional,
        });
        return NONE;
      }
      case 'include_router': {
        const sub = a0 ?? args.kw.get('router');
        let any = false;
        for (const s of alternatives(sub ?? UNKNOWN('router'))) {
          if (s.k === 'inst' && s.inst.router) {
            this.include(inst, s.inst, args);
            any = true;
          } else if (s.k === 'unknown' && s.later) {
            // a router imported from a module still running its code (an import cycle our module
            // order made, which Python's did not): included once every module has finished
            this.pending.push({ into: inst, later: s, args, origin: this.ip.origin, conditional: this.ip.conditional });
            any = true;
          }
        }
        if (!any) this.includeOpaque(inst, sub, args);
        return NONE;
      }
      case 'mount': {
        const path = a0 ?? args.kw.get('path') ?? UNKNOWN('path');
        const app = args.pos[1] ?? args.kw.get('app') ?? UNKNOWN('mounted app');
        const p = joinPath({ path: '', exact: true }, path);
        // Starlette's Mount strips the trailing slash: mounted at "/", a sub-app's "/x" is served at "/x"
        inst.router!.routes.push({ kind: 'mount', path: p.path.replace(/\/+$/, ''), pathExact: p.exact, app, loc: args.loc });
        return NONE;
      }
      case 'add_middleware': {
        const [cls, ...rest] = args.pos;
        inst.router!.middleware.push({
          cls: cls ?? args.kw.get('middleware_class') ?? UNKNOWN('middleware'),
          args: { ...args, pos: rest },
          loc: args.loc,
          conditional: this.ip.conditional,
        });
        return NONE;
      }
      case 'middleware':
        return { k: 'identitydeco', mark: 'middleware', router: inst, loc: args.loc };
      case 'exception_handler':
      case 'on_event':
      case 'add_exception_handler':
      case 'add_event_handler':
        return { k: 'identitydeco', note: name };
      case 'router':
        return { k: 'inst', inst };
      default:
        return undefined;
    }
  }

  addFunctionMiddleware(inst: InstRec, fn: Value, loc: SrcLoc): void {
    inst.router?.middleware.push({ cls: UNKNOWN('function middleware'), args: { pos: [], kw: new Map(), open: false, loc }, loc, conditional: this.ip.conditional, fn });
  }

  registerDecorated(d: Extract<Value, { k: 'routedeco' }>, handler: Value): void {
    if (d.routeClass === 'Route' || d.routeClass === 'WebSocketRoute') {
      const p = joinPath({ path: '', exact: true }, d.path);
      const hop: Hop = { kind: this.hopKind(d.router), inst: d.router, loc: d.router.router!.loc };
      this.push(d.router, {
        kind: d.kind,
        routeClass: d.routeClass,
        methods: d.methods,
        path: p.path,
        pathExact: p.exact,
        handler,
        deps: [],
        loc: d.loc,
        hops: [hop],
        conditional: this.ip.conditional,
      });
      return;
    }
    this.register(d.router, d, handler);
  }

  /** APIRouter.add_api_route / add_api_websocket_route: router prefix + path, router deps + route deps. */
  private register(
    inst: InstRec,
    d: { kind: RouteRec['kind']; routeClass: RouteRec['routeClass']; methods: string[]; path: Value; deps: DepSpec[]; loc: SrcLoc },
    handler: Value,
  ): void {
    const r = inst.router!;
    const p = joinPath(joinPath({ path: '', exact: true }, r.prefix), d.path);
    const deps: RouteDep[] = [...r.deps, ...d.deps.map((spec): RouteDep => ({ spec, via: 'decorator', at: d.loc }))];
    const hop: Hop = { kind: this.hopKind(inst), inst, loc: r.loc };
    this.push(inst, {
      kind: d.kind,
      routeClass: d.routeClass,
      methods: d.methods,
      path: p.path,
      pathExact: p.exact,
      handler,
      deps,
      loc: d.loc,
      hops: [hop],
      conditional: this.ip.conditional,
    });
  }

  /**
   * A router the scan cannot see (`include_router(fastapi_users.get_users_router(...))`, a router
   * from a library outside the scan): one row at the include, its routes unknown, so it is listed
   * with `auth: unknown` rather than dropped. The include's and the app's dependencies still apply.
   */
  private includeOpaque(into: InstRec, sub: Value | undefined, args: CallArgs): void {
    const target = into.router!;
    const p = joinPath(joinPath(joinPath({ path: '', exact: true }, target.prefix), args.kw.get('prefix') ?? { k: 'str', v: '' }), UNKNOWN('routes'));
    const why = sub?.k === 'ext' ? `routes of \`${sub.path}\`, outside the scan` : 'routes of a router the scan cannot resolve';
    const deps: RouteDep[] = [...target.deps, ...this.depSpecs(args.kw.get('dependencies')).map((spec): RouteDep => ({ spec, via: 'include', at: args.loc }))];
    const hops: Hop[] = [
      { kind: 'include', loc: args.loc },
      { kind: this.hopKind(into), inst: into, loc: target.loc },
    ];
    this.push(into, {
      kind: 'http',
      routeClass: 'APIRoute',
      methods: [],
      path: p.path,
      pathExact: false,
      handler: UNKNOWN(why),
      deps,
      loc: args.loc,
      hops,
      conditional: this.ip.conditional,
    });
  }

  /** include_router: copies the sub-router's routes now (FastAPI < 0.137), skipping its mounts. */
  private include(into: InstRec, sub: InstRec, args: CallArgs, cond = this.ip.conditional): void {
    if (into === sub) return;
    const target = into.router!;
    const prefix = args.kw.get('prefix') ?? { k: 'str', v: '' };
    const incDeps = this.depSpecs(args.kw.get('dependencies')).map((spec): RouteDep => ({ spec, via: 'include', at: args.loc }));
    for (const r of [...sub.router!.routes]) {
      if (r.kind === 'mount') continue;
      const api = r.routeClass === 'APIRoute' || r.routeClass === 'APIWebSocketRoute';
      // APIRoute/APIWebSocketRoute go through add_api_route (router prefix + deps); Starlette routes through add_route (neither).
      let p = joinPath({ path: '', exact: true }, api ? target.prefix : '');
      p = joinPath(p, prefix);
      p = { path: p.path + r.path, exact: p.exact && r.pathExact };
      const deps: RouteDep[] = api ? [...target.deps, ...incDeps, ...r.deps] : [];
      const hops: Hop[] = [...r.hops, { kind: 'include', loc: args.loc }, { kind: this.hopKind(into), inst: into, loc: target.loc }];
      this.push(into, { ...r, path: p.path, pathExact: p.exact, deps, hops, conditional: r.conditional || cond });
    }
  }
}
