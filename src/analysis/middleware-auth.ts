/**
 * Authentication done by middleware (DESIGN.md "What counts as authentication"): a middleware
 * authenticates the routes of its app when a credential it reads from the request reaches the
 * condition that leads to a rejection. Four forms are read:
 *
 * - `BaseHTTPMiddleware` subclasses (`dispatch(self, request, call_next)`), and
 *   `add_middleware(BaseHTTPMiddleware, dispatch=fn)`;
 * - `@app.middleware("http")` functions (`fn(request, call_next)`);
 * - pure ASGI middleware classes (`__call__(self, scope, receive, send)`), added with
 *   `add_middleware`, `Middleware(...)` or by wrapping the app (`app = Cls(app)`);
 * - Starlette's `AuthenticationMiddleware(backend=...)` whose backend's `authenticate` rejects
 *   (raises `AuthenticationError`/401) on every path without a valid credential. A backend that
 *   returns None for a request without one lets it through as anonymous: the routes are then
 *   protected only by `@requires`/`request.user` checks, which the route analysis reads itself.
 *
 * A rejection is a 401/403 response returned or sent (`JSONResponse(status_code=401)`,
 * `Response(..., 403)`, `send({"type": "http.response.start", "status": 401})`, a helper that
 * returns one), a redirect to a login page, or a raised 401/403. The conditions that lead to it are
 * the `if` tests around it, the earlier `if`s that pass the request on (`return await
 * call_next(request)`) and the `try` it is the `except` of; one of them must hold a credential
 * (an Authorization/API-key/token header, a session cookie, `request.session`, `request.user`, a
 * security scheme called on the request, a project helper that reads one from the request).
 *
 * Those conditions also say which routes the middleware covers: tests on the path
 * (`path in PUBLIC_PATHS`, `path.startswith(("/docs", "/static"))`, `re.match(r"...", path)`,
 * `any(path.startswith(p) for p in PREFIXES)`, a helper returning such a test), the method and the
 * scope type are evaluated for each route; a route an earlier pass-through test lets through is
 * exempt. Tests on settings are evaluated at their defaults: auth that is reached only when a setting
 * is on, and it is off by default (`if not settings.auth_enabled: return await call_next(request)`,
 * `if settings.api_keys: app.add_middleware(...)`), makes the routes `conditional` (FA107).
 */
import type { DefStmt, Expr, Stmt } from '../facts/ir.js';
import type { Project, RouteInfo } from '../model/project.js';
import { alternatives, choice, srcLoc, truthy, type CallArgs, type ClassRec, type FuncRec, type InstRec, type MiddlewareRec, type SrcLoc, type Value } from '../model/values.js';
import { isScheme, type DepNode } from '../model/deps.js';
import { unwrap, type SettingTest } from '../model/auth.js';
import { codeIndex, unitAt } from './code.js';
import { credentialName, provenance } from './credentials.js';
import { classPaths, where } from './helpers.js';
import { blocksOf, callAt, chain, eachExpr, eachStmt, exprsOf, forEachChild, pythonText, withoutDocstring } from './ir.js';
import { translatePython } from './origin-regex.js';
import type { CodeUnit } from './units.js';
import { completes } from './usage.js';

// ------------------------------------------------------------------ three-valued logic

type Tri = 't' | 'f' | 'u';
const not3 = (a: Tri): Tri => (a === 't' ? 'f' : a === 'f' ? 't' : 'u');
const and3 = (xs: Tri[]): Tri => (xs.includes('f') ? 'f' : xs.every((x) => x === 't') ? 't' : 'u');
const or3 = (xs: Tri[]): Tri => (xs.includes('t') ? 't' : xs.every((x) => x === 'f') ? 'f' : 'u');

/** What a route looks like to a middleware: its path (full, and relative to the app the middleware is on), one method, its kind. */
interface RouteView {
  paths: string[];
  method?: string;
  kind: 'http' | 'websocket';
  /** Set when a test compared the path with a literal that names it exactly (`path not in ("/api/billing/success", …)`). */
  named?: boolean;
}

/** A condition compiled into atoms: route tests, settings at their defaults, request data, credentials. */
type Node =
  | { t: 'not'; v: Node }
  | { t: 'and' | 'or'; vs: Node[] }
  | { t: 'route'; test: (r: RouteView) => Tri }
  | { t: 'setting'; v: Tri; text: string; note: string }
  | { t: 'request' }
  | { t: 'cred'; what: string };

interface Mode {
  route?: RouteView;
  /** How settings atoms evaluate: at their defaults (unknown ones as `unknown`), ignored, or unknown ones forced. */
  settings: 'default' | 'ignore' | 'unknownTrue' | 'unknownFalse';
}

function evalNode(n: Node, m: Mode): Tri {
  switch (n.t) {
    case 'not':
      return not3(evalNode(n.v, m));
    case 'and':
      return and3(n.vs.map((v) => evalNode(v, m)));
    case 'or':
      return or3(n.vs.map((v) => evalNode(v, m)));
    case 'route':
      return m.route ? n.test(m.route) : 'u';
    case 'setting':
      if (m.settings === 'ignore') return 'u';
      if (n.v !== 'u') return n.v;
      return m.settings === 'unknownTrue' ? 't' : m.settings === 'unknownFalse' ? 'f' : 'u';
    default:
      return 'u';
  }
}

function atoms(n: Node, out: Node[] = []): Node[] {
  if (n.t === 'not') atoms(n.v, out);
  else if (n.t === 'and' || n.t === 'or') for (const v of n.vs) atoms(v, out);
  else out.push(n);
  return out;
}

/** One condition on the way to a rejection: reached when `node` evaluates to `want`. */
interface Cond {
  node: Node;
  want: boolean;
  /** An earlier `if` that passes the request on (an exemption when it holds), rather than one the rejection sits in. */
  guard?: boolean;
  test: Expr;
  file: string;
}

const reached = (c: Cond, m: Mode): Tri => (c.want ? evalNode(c.node, m) : not3(evalNode(c.node, m)));

// ------------------------------------------------------------------ results

/** A switch that turns the auth off: a setting tested on the way to the rejection (or around the middleware's installation). */
interface AuthSwitch {
  /** `not settings.auth_enabled`, `settings.api_keys`. */
  test: string;
  at: SrcLoc;
  /** Auth runs when the test is true (`if settings.api_keys: add_middleware`) or false (`if not enabled: return await call_next(...)`). */
  onWhen: boolean;
  /** "`settings.api_keys` is `[]` by default (from the default of `Settings.api_keys` (app/config.py:4))", or why it is unknown. */
  note: string;
  /** The scan could not read the setting's default. */
  unknownDefault: boolean;
}

interface Rejection {
  status: string;
  at: SrcLoc;
  credential: string;
  conds: Cond[];
  /** Off by default because of this switch. */
  off?: AuthSwitch;
}

/** A middleware that authenticates (some of) its app's routes. */
interface AuthMiddleware {
  /** `app.auth.TokenMiddleware`, `app.main.check_token`. */
  name: string;
  /** Where it is installed on the app. */
  loc: SrcLoc;
  /** The function that checks (dispatch, __call__, authenticate, the decorated function). */
  checker: SrcLoc;
  rejections: Rejection[];
  /** `BaseHTTPMiddleware` and function middleware see HTTP requests only: WebSocket routes are not covered. */
  httpOnly: boolean;
  /** Installed only when a setting is on. */
  installedWhen?: AuthSwitch;
}

/** Routes whose auth a setting turns off by default (FA107 reports them). */
export interface ConditionalAuth {
  /**
   * What authenticates only while the setting is on: a middleware, a dependency attached under the
   * condition, a dependency whose own check the setting skips (`check`), or the check a handler
   * runs itself (`handler`: `name` is the function that holds the way out).
   */
  what: 'middleware' | 'dependency' | 'check' | 'handler';
  /** `app.auth.ApiKeyMiddleware`, `verify_api_key`. */
  name: string;
  /** Where it is installed or attached. */
  loc: SrcLoc;
  /** The credential it checks, when the scan read it (middleware). */
  credential?: string;
  sw: AuthSwitch;
  routes: RouteInfo[];
}

/** What `verdict` says about one route. */
interface MiddlewareVerdict {
  /** `exempt`: the middleware's own list of exceptions lets the route through (public on purpose). */
  status: 'required' | 'conditional' | 'exempt';
  mw: AuthMiddleware;
  rejection: Rejection;
  sw?: AuthSwitch;
}

// ------------------------------------------------------------------ reading one function

const RESPONSE = /(^|\.)([A-Za-z]*Response)$/;
const REDIRECT = /(^|\.)RedirectResponse$/;
const LOGIN_URL = /log-?in|sign-?in|auth|sso|oauth/i;
const AUTH_ERROR = /(^|\.)AuthenticationError$/;
const HTTP_EXCEPTION = /(^|\.)(HTTPException|WebSocketException)$/;
const REJECT = new Set([401, 403]);
/** Header, cookie and query names that carry a credential (besides what `credentialName` says). */
const CRED_KEY = /(^|[-_ ])(authorization|auth|token|api[-_]?key|apikey|session|sessionid|sid|jwt|cookie|signature|secret|password|bearer)([-_ ]|$)/i;
const NOT_CRED_KEY = /csrf|xsrf/i;
const PATH_ATTRS = new Set(['lower', 'upper', 'strip', 'rstrip', 'lstrip', 'removeprefix', 'removesuffix', 'casefold', 'decode']);

type EnvVal = { k: 'route'; which: 'path' | 'method' | 'type' } | { k: 'lit'; v: Value };

function credKey(v: Value | undefined): string | undefined {
  if (!v || v.k !== 'str') return undefined;
  const k = v.v;
  if (NOT_CRED_KEY.test(k)) return undefined;
  return credentialName(k) !== undefined || CRED_KEY.test(k) ? k : undefined;
}

/** The literal status a value stands for (`401`, `status.HTTP_401_UNAUTHORIZED`, `HTTPStatus.FORBIDDEN`). */
function statusOf(v: Value, e?: Expr): number | undefined {
  if (v.k === 'num') return v.v;
  const c = e ? chain(e) : undefined;
  if (c) {
    const m = /(?:^|\.)(?:HTTP_)?(\d{3})(?:_|$)/.exec(c);
    if (m) return Number(m[1]);
    if (/(^|\.)UNAUTHORIZED(\.value)?$/.test(c)) return 401;
    if (/(^|\.)FORBIDDEN(\.value)?$/.test(c)) return 403;
  }
  return undefined;
}

/** Local bindings of a function body (assignments, unpacking, `for`/`with` targets, walrus), nested defs excluded. */
function bindingsOf(def: DefStmt): Map<string, Expr[]> {
  const out = new Map<string, Expr[]>();
  const add = (t: Expr, v: Expr): void => {
    if (t.t === 'name') out.set(t.id, [...(out.get(t.id) ?? []), v]);
    else if (t.t === 'tuple' || t.t === 'list') for (const i of t.items) add(i.t === 'starred' ? i.v : i, v);
  };
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (s.t === 'assign' && s.v) for (const t of s.targets) add(t, s.v);
      else if (s.t === 'aug') add(s.target, s.v);
      else if (s.t === 'for') add(s.target, s.iter);
      else if (s.t === 'with') for (const i of s.items) if (i.as) add(i.as, i.ctx);
      for (const x of exprsOf(s)) eachExpr(x, (e) => void (e.t === 'walrus' && add({ t: 'name', id: e.target, loc: e.loc }, e.v)));
      for (const b of blocksOf(s)) visit(b);
    }
  };
  visit(def.body);
  return out;
}

class FnReader {
  readonly binds: Map<string, Expr[]>;
  readonly unit: CodeUnit;
  readonly file: string;
  /** Names holding the request (or the ASGI scope, or what is built from them). */
  readonly reqNames = new Set<string>();
  /** Names holding a credential, or what is computed from one, with where the credential came from. */
  readonly tainted = new Map<string, string>();
  private readonly routeMemo = new Map<Expr, EnvVal | null>();
  private readonly credMemo = new Map<Expr, string | null>();
  private active = new Set<string>();

  constructor(
    readonly an: Analyzer,
    readonly fn: FuncRec,
    roots: readonly string[],
    /** Names bound by the caller (a helper's parameters): the route value or a literal. */
    readonly env: Map<string, EnvVal> = new Map(),
    /** The call_next parameter, for `dispatch`-style functions. */
    readonly callNext?: string,
    /** The arguments the middleware was installed with, for `self.x` set in `__init__`. */
    readonly mwArgs?: CallArgs,
    readonly depth = 0,
  ) {
    this.unit = codeIndex(an.project).unitOf(fn);
    this.file = fn.module.file;
    this.binds = bindingsOf(fn.def);
    for (const r of roots) this.reqNames.add(r);
    // locals built from the request (`request = Request(scope)`, `headers = dict(scope["headers"])`)
    for (let grew = true, n = 0; grew && n < 6; n++) {
      grew = false;
      for (const [name, vs] of this.binds) {
        if (this.reqNames.has(name) || this.env.has(name)) continue;
        if (vs.length === 1 && this.fromRequest(vs[0]!) && !this.isRouteValue(vs[0]!)) {
          this.reqNames.add(name);
          grew = true;
        }
      }
    }
    for (let grew = true, n = 0; grew && n < 6; n++) {
      grew = false;
      for (const [name, vs] of this.binds) {
        if (this.tainted.has(name)) continue;
        const why = vs.map((v) => this.credIn(v)).find((w) => w !== undefined);
        if (why !== undefined) {
          this.tainted.set(name, why);
          this.credMemo.clear();
          grew = true;
        }
      }
    }
  }

  get selfName(): string | undefined {
    return this.fn.ownerClass ? this.fn.params?.[0]?.name : undefined;
  }

  at(e: { loc: Expr['loc'] }): SrcLoc {
    return srcLoc(this.file, e.loc);
  }

  // ---------------------------------------------------------------- the request and what comes from it

  /** Does this expression come from the request (its attributes, items, methods, or an object built from it)? */
  fromRequest(e: Expr, depth = 0): boolean {
    if (depth > 8) return false;
    switch (e.t) {
      case 'name':
        return this.reqNames.has(e.id);
      case 'attr':
        return this.fromRequest(e.obj, depth + 1);
      case 'sub':
        return this.fromRequest(e.obj, depth + 1);
      case 'await':
        return this.fromRequest(e.v, depth + 1);
      case 'call': {
        if (e.fn.t === 'attr' && this.fromRequest(e.fn.obj, depth + 1)) return true;
        // Request(scope), Headers(scope=scope), dict(scope["headers"]), HTTPConnection(scope)
        const c = chain(e.fn) ?? '';
        if (/(^|\.)(Request|Headers|HTTPConnection|WebSocket|dict|MutableHeaders|SimpleCookie|parse_qs|URL)$/.test(c)) return e.args.some((a) => this.fromRequest(a.v, depth + 1));
        return false;
      }
      default:
        return false;
    }
  }

  /** `request.url.path`, `scope["path"]`, `request.method`, `scope["type"]` (and string methods of them). */
  routeValue(e: Expr, depth = 0): EnvVal | undefined {
    const m = this.routeMemo.get(e);
    if (m !== undefined) return m ?? undefined;
    const v = this.routeValueOf(e, depth);
    this.routeMemo.set(e, v ?? null);
    return v;
  }

  private isRouteValue(e: Expr): boolean {
    const v = this.routeValue(e);
    return v?.k === 'route';
  }

  private routeValueOf(e: Expr, depth: number): EnvVal | undefined {
    if (depth > 8) return undefined;
    const key = (x: Expr): string | undefined => (x.t === 'str' ? x.v : undefined);
    switch (e.t) {
      case 'name': {
        const env = this.env.get(e.id);
        if (env) return env.k === 'route' ? env : undefined;
        const b = this.binds.get(e.id);
        if (b && b.length === 1 && !this.active.has(e.id)) {
          this.active.add(e.id);
          try {
            return this.routeValue(b[0]!, depth + 1);
          } finally {
            this.active.delete(e.id);
          }
        }
        return undefined;
      }
      case 'attr':
        if (e.attr === 'path' && e.obj.t === 'attr' && e.obj.attr === 'url' && this.fromRequest(e.obj.obj)) return { k: 'route', which: 'path' };
        if (e.attr === 'method' && this.fromRequest(e.obj)) return { k: 'route', which: 'method' };
        return undefined;
      case 'sub': {
        const k = key(e.index);
        if (!k || !this.fromRequest(e.obj)) return undefined;
        if (k === 'path' || k === 'raw_path') return { k: 'route', which: 'path' };
        if (k === 'method') return { k: 'route', which: 'method' };
        if (k === 'type') return { k: 'route', which: 'type' };
        return undefined;
      }
      case 'await':
        return this.routeValue(e.v, depth + 1);
      case 'call': {
        if (e.fn.t === 'attr') {
          if (e.fn.attr === 'get' && this.fromRequest(e.fn.obj) && e.args[0]) {
            const k = key(e.args[0].v);
            if (k === 'path' || k === 'raw_path') return { k: 'route', which: 'path' };
            if (k === 'method') return { k: 'route', which: 'method' };
            if (k === 'type') return { k: 'route', which: 'type' };
          }
          if (PATH_ATTRS.has(e.fn.attr)) return this.routeValue(e.fn.obj, depth + 1);
        }
        if (e.fn.t === 'name' && e.fn.id === 'str' && e.args.length === 1) return this.routeValue(e.args[0]!.v, depth + 1);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  // ---------------------------------------------------------------- values: literals, settings, `self.x`

  /** The value of an expression that is not request data (a constant, a setting, `self.x` from `__init__`, a caller's argument). */
  value(e: Expr, depth = 0): Value {
    if (depth > 8) return { k: 'unknown', why: 'too deep' };
    switch (e.t) {
      case 'name': {
        const env = this.env.get(e.id);
        if (env) return env.k === 'lit' ? env.v : { k: 'unknown', why: 'request' };
        const b = this.binds.get(e.id);
        if (b && b.length === 1 && !this.active.has(e.id)) {
          this.active.add(e.id);
          try {
            return this.value(b[0]!, depth + 1);
          } finally {
            this.active.delete(e.id);
          }
        }
        break;
      }
      case 'attr':
        if (e.obj.t === 'name' && e.obj.id === this.selfName && this.fn.ownerClass) {
          const v = this.an.selfAttr(this.fn.ownerClass, e.attr, this.mwArgs);
          if (v) return v;
        }
        break;
      case 'boolop': {
        // `excluded_paths or [...]`: the first truthy operand
        if (e.op === 'or') {
          for (let i = 0; i < e.values.length; i++) {
            const v = this.value(e.values[i]!, depth + 1);
            // `os.getenv("X") or "dflt"` is `os.getenv("X", "dflt")`
            if (v.k === 'env' && !v.dflt && i < e.values.length - 1) return { ...v, dflt: this.value({ ...e, values: e.values.slice(i + 1) }, depth + 1) };
            const t = truthy(v);
            if (t === true || t === undefined) return t === true ? v : { k: 'unknown', why: 'or' };
          }
          return this.value(e.values[e.values.length - 1]!, depth + 1);
        }
        break;
      }
      case 'list':
      case 'tuple':
      case 'set':
        return { k: e.t, items: e.items.map((i) => this.value(i, depth + 1)) };
      case 'str':
        return { k: 'str', v: e.v };
      case 'fstr': {
        let out = '';
        for (const p of e.parts) {
          const v = typeof p === 'string' ? undefined : this.value(p, depth + 1);
          if (typeof p === 'string') out += p;
          else if (v?.k === 'str' || v?.k === 'num') out += String(v.v);
          else return { k: 'unknown', why: 'f-string' };
        }
        return { k: 'str', v: out };
      }
      case 'call': {
        const callee = codeIndex(this.an.project).resolver.value(this.unit, e.fn);
        const pos = e.args.filter((a) => !a.name && !a.star);
        if (callee.k === 'ext' && callee.path === 'os.getenv' && pos[0]) {
          const name = this.strings(pos[0].v)?.[0];
          const d = pos[1]?.v ?? e.args.find((a) => a.name === 'default')?.v;
          if (name !== undefined) return d ? { k: 'env', name, dflt: this.value(d, depth + 1), loc: this.at(e) } : { k: 'env', name, loc: this.at(e) };
        }
        // a project function: what it returns when nothing is configured (`get_secret_from_env("PASSWORD")`)
        if (callee.k === 'func' && this.depth < 3 && !e.args.some((a) => a.star)) {
          return this.an.returnsAtDefault(
            unwrap(callee.fn),
            e.args.map((a) => ({ name: a.name, v: this.value(a.v, depth + 1) })),
            this.depth + 1,
          );
        }
        break;
      }
      default:
        break;
    }
    return codeIndex(this.an.project).resolver.value(this.unit, e);
  }

  /** Strings a value certainly holds (a string, or a list/tuple/set/frozenset of strings, dict keys), else undefined. */
  strings(e: Expr): string[] | undefined {
    return stringsOf(this.value(e));
  }

  // ---------------------------------------------------------------- credentials

  /** Where a credential enters this expression ("header Authorization", "request.session"), if one does. */
  credIn(e: Expr): string | undefined {
    const m = this.credMemo.get(e);
    if (m !== undefined) return m ?? undefined;
    this.credMemo.set(e, null); // cycle guard
    let found: string | undefined;
    eachExpr(e, (x) => {
      found ??= this.credRead(x);
    });
    this.credMemo.set(e, found ?? null);
    return found;
  }

  private credRead(e: Expr): string | undefined {
    switch (e.t) {
      case 'name':
        return this.tainted.get(e.id);
      case 'attr': {
        if (!this.fromRequest(e.obj)) return undefined;
        if (e.attr === 'session') return '`request.session`';
        if ((e.attr === 'user' || e.attr === 'auth') && (e.obj.t === 'name' || (e.obj.t === 'attr' && e.obj.attr === 'state')))
          return `\`request.${e.obj.t === 'attr' ? 'state.' : ''}${e.attr}\``;
        return undefined;
      }
      case 'sub': {
        if (!this.fromRequest(e.obj)) return undefined;
        const k = credKey(this.value(e.index));
        return k ? `the \`${k}\` ${this.mapKind(e.obj)}` : undefined;
      }
      case 'cmp': {
        // `"authorization" in request.headers`
        for (let i = 0; i < e.ops.length; i++) {
          if (e.ops[i] !== 'in' && e.ops[i] !== 'not in') continue;
          const l = e.operands[i]!;
          const r = e.operands[i + 1]!;
          const k = this.fromRequest(r) ? credKey(this.value(l)) : undefined;
          if (k) return `the \`${k}\` ${this.mapKind(r)}`;
        }
        return undefined;
      }
      case 'call': {
        const f = e.fn;
        if (f.t === 'attr' && (f.attr === 'get' || f.attr === 'getlist' || f.attr === 'get_all') && this.fromRequest(f.obj) && e.args[0]) {
          const k = credKey(this.value(e.args[0].v));
          if (k) return `the \`${k}\` ${this.mapKind(f.obj)}`;
          return undefined;
        }
        // a security scheme called on the request, or a project helper that reads a credential from it
        const passes = e.args.some((a) => this.fromRequest(a.v) && !this.isRouteValue(a.v));
        if (!passes) return undefined;
        const callee = this.an.callee(this, f);
        if (callee?.k === 'scheme') return `the security scheme \`${callee.name}\``;
        if (callee?.k === 'fn' && this.depth < 3) {
          const fn = callee.fn;
          const params = (fn.params ?? []).slice(callee.skipSelf ? 1 : 0);
          const names: string[] = [];
          e.args.forEach((a, i) => {
            if (!this.fromRequest(a.v)) return;
            const p = a.name ? params.find((x) => x.name === a.name) : a.star ? undefined : params[i];
            if (p) names.push(p.name);
          });
          if (names.length) {
            const inner = this.an.reader(fn, names, undefined, undefined, this.depth + 1);
            const found = inner.readsCredential();
            if (found) return `${found} (read by \`${fn.qualname}\`)`;
          }
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** "header", "cookie", "query parameter": which request map an expression reads. */
  private mapKind(e: Expr): string {
    const c = chain(e) ?? '';
    if (/cookies$/.test(c)) return 'cookie';
    if (/query_params$/.test(c)) return 'query parameter';
    return 'header';
  }

  /** Does the body read a credential from the request names anywhere (for helpers given the request)? */
  readsCredential(): string | undefined {
    const first = this.tainted.values().next();
    if (!first.done) return first.value;
    let found: string | undefined;
    const visit = (stmts: Stmt[]): void => {
      for (const s of stmts) {
        if (found) return;
        for (const x of exprsOf(s)) found ??= this.credIn(x);
        for (const b of blocksOf(s)) visit(b);
      }
    };
    visit(this.fn.def.body);
    return found;
  }

  // ---------------------------------------------------------------- conditions

  compile(e: Expr, depth = 0): Node {
    if (depth > 12) return { t: 'request' };
    if (e.t === 'unary' && e.op === 'not') return { t: 'not', v: this.compile(e.v, depth + 1) };
    if (e.t === 'boolop') return { t: e.op, vs: e.values.map((v) => this.compile(v, depth + 1)) };
    if (e.t === 'await') return this.compile(e.v, depth + 1);
    const cred = this.credIn(e);
    if (cred) return { t: 'cred', what: cred };
    const route = this.routeTest(e, depth);
    if (route) return { t: 'route', test: route };
    if (this.mentionsRequest(e)) return { t: 'request' };
    return this.setting(e);
  }

  private mentionsRequest(e: Expr): boolean {
    let found = false;
    eachExpr(e, (x) => {
      if (found) return;
      if (x.t === 'name' && (this.reqNames.has(x.id) || this.tainted.has(x.id) || this.env.get(x.id)?.k === 'route')) found = true;
      else if (x.t === 'name' && this.binds.get(x.id)?.some((b) => this.fromRequest(b) || this.routeValue(b))) found = true;
    });
    return found;
  }

  /** A test on settings (not on the request), evaluated at the settings' defaults. */
  private setting(e: Expr): Node {
    const text = pythonText(e);
    const v = this.truthAtDefault(e);
    return { t: 'setting', v: v.tri, text, note: v.note };
  }

  truthAtDefault(e: Expr): { tri: Tri; note: string } {
    if (e.t === 'cmp' && e.ops.length === 1) {
      const op = e.ops[0]!;
      const l = this.value(e.operands[0]!);
      const r = this.value(e.operands[1]!);
      const lv = defaultOf(l);
      const rv = defaultOf(r);
      const note = describeDefault(pythonText(e.operands[0]!), l) ?? describeDefault(pythonText(e.operands[1]!), r) ?? '';
      const res = compareValues(op, lv, rv);
      return { tri: res, note };
    }
    if (e.t === 'call' && e.fn.t === 'name' && (e.fn.id === 'bool' || e.fn.id === 'len') && e.args[0]) return this.truthAtDefault(e.args[0].v);
    const v = this.value(e);
    // a module constant the interpreter could not fold (`FLAG = os.environ.get("FLAG") in ("1", "true")`): its expression at the defaults
    if (v.k === 'unknown' && e.t === 'name' && !this.binds.has(e.id) && !this.env.has(e.id) && !this.active.has(e.id)) {
      const b = this.an.moduleBinding(this.fn.module.file, e.id);
      if (b) {
        this.active.add(e.id);
        try {
          const t = this.truthAtDefault(b);
          if (t.tri !== 'u') return t;
        } finally {
          this.active.delete(e.id);
        }
      }
    }
    const d = defaultOf(v);
    const t = d === undefined ? undefined : truthy(d);
    return { tri: t === undefined ? 'u' : t ? 't' : 'f', note: describeDefault(pythonText(e), v) ?? '' };
  }

  /** A test on the route: the path against literals, the method, the scope type; or undefined. */
  routeTest(e: Expr, depth = 0): ((r: RouteView) => Tri) | undefined {
    if (depth > 12) return undefined;
    switch (e.t) {
      case 'cmp': {
        if (e.ops.length !== 1) return undefined;
        const op = e.ops[0]!;
        const [l, r] = [e.operands[0]!, e.operands[1]!];
        const lv = this.routeValue(l);
        const rv = this.routeValue(r);
        if (lv?.k === 'route' && !rv) {
          const strs = this.strings(r);
          if (!strs) return undefined;
          const which = lv.which;
          if (op === '==' || op === '!=' || op === 'is' || op === 'is not') {
            return (rt) => {
              const hit = matchEq(rt, which, strs.slice(0, 1));
              return op === '==' || op === 'is' ? hit : not3(hit);
            };
          }
          if (op === 'in' || op === 'not in') {
            return (rt) => {
              const hit = r.t === 'str' ? matchContains(rt, which, strs[0]!) : matchEq(rt, which, strs);
              return op === 'in' ? hit : not3(hit);
            };
          }
          return undefined;
        }
        if (rv?.k === 'route' && !lv && (op === 'in' || op === 'not in' || op === '==' || op === '!=')) {
          const strs = this.strings(l);
          if (!strs) return undefined;
          const which = rv.which;
          return (rt) => {
            const hit = op === 'in' || op === 'not in' ? matchContains(rt, which, strs[0]!) : matchEq(rt, which, strs.slice(0, 1));
            return op === 'in' || op === '==' ? hit : not3(hit);
          };
        }
        return undefined;
      }
      case 'call':
        return this.routeCall(e, depth);
      case 'await':
        return this.routeTest(e.v, depth + 1);
      case 'name': {
        // `is_api = path.startswith("/api") and …` … `return is_api or is_mcp`
        const b = this.env.has(e.id) ? undefined : this.binds.get(e.id);
        return b?.length === 1 ? this.routeTest(b[0]!, depth + 1) : undefined;
      }
      case 'unary': {
        const t = e.op === 'not' ? this.routeTest(e.v, depth + 1) : undefined;
        return t && ((rt) => not3(t(rt)));
      }
      case 'boolop': {
        const ts = e.values.map((v) => this.routeTest(v, depth + 1));
        if (ts.some((t) => !t)) return undefined;
        const all = ts as Array<(r: RouteView) => Tri>;
        return e.op === 'and' ? (rt) => and3(all.map((t) => t(rt))) : (rt) => or3(all.map((t) => t(rt)));
      }
      default:
        return undefined;
    }
  }

  private routeCall(e: Extract<Expr, { t: 'call' }>, depth: number): ((r: RouteView) => Tri) | undefined {
    const f = e.fn;
    // path.startswith("/docs") / path.startswith(("/a", "/b")) / path.endswith(...)
    if (f.t === 'attr' && (f.attr === 'startswith' || f.attr === 'endswith') && e.args[0]) {
      const rv = this.routeValue(f.obj);
      if (rv?.k !== 'route' || rv.which !== 'path') return undefined;
      const strs = this.strings(e.args[0].v);
      if (!strs) return undefined;
      const starts = f.attr === 'startswith';
      return (rt) => or3(rt.paths.map((p) => (strs.some((s) => (starts ? p.startsWith(s) : p.endsWith(s))) ? 't' : 'f')));
    }
    // re.match(pattern, path), re.search, re.fullmatch; PATTERN.match(path) for a compiled literal
    const regex = this.regexCall(e);
    if (regex) return regex;
    // fnmatch(path, pattern)
    const c = chain(f) ?? '';
    if (/(^|\.)fnmatch$/.test(c) && e.args.length >= 2) {
      const rv = this.routeValue(e.args[0]!.v);
      const strs = this.strings(e.args[1]!.v);
      if (rv?.k !== 'route' || rv.which !== 'path' || !strs) return undefined;
      const res = strs.map(
        (s) =>
          new RegExp(
            `^${s
              .replace(/[.+^${}()|\\]/g, '\\$&')
              .replace(/\*/g, '.*')
              .replace(/\?/g, '.')}$`,
          ),
      );
      return (rt) => or3(rt.paths.map((p) => pathTest(p, (x) => res.some((re) => re.test(x)))));
    }
    // any(path.startswith(p) for p in PREFIXES)
    if (f.t === 'name' && (f.id === 'any' || f.id === 'all') && e.args.length === 1 && e.args[0]!.v.t === 'comp') {
      const comp = e.args[0]!.v as Extract<Expr, { t: 'comp' }>;
      if (comp.target.t !== 'name') return undefined;
      const items = this.value(comp.iter);
      const strs = stringsOf(items);
      if (!strs) return undefined;
      const tests: Array<(r: RouteView) => Tri> = [];
      for (const s of strs.slice(0, 200)) {
        const sub = this.withEnv(new Map([[comp.target.id, { k: 'lit', v: { k: 'str', v: s } }]]));
        const t = sub.routeTest(comp.elt, depth + 1);
        if (!t) return undefined;
        tests.push(t);
      }
      return f.id === 'any' ? (rt) => or3(tests.map((t) => t(rt))) : (rt) => and3(tests.map((t) => t(rt)));
    }
    // a project helper given the path: `is_public(request.url.path)`, `self._excluded(path)`
    // (or the request itself: `self._should_check(request)`)
    const isReq = (a: Expr): boolean => a.t === 'name' && this.reqNames.has(a.id);
    if (depth < 3 && e.args.some((a) => this.routeValue(a.v) || isReq(a.v))) {
      const callee = this.an.callee(this, f);
      if (callee?.k !== 'fn') return undefined;
      const params = (callee.fn.params ?? []).slice(callee.skipSelf ? 1 : 0);
      const env = new Map<string, EnvVal>();
      const roots: string[] = [];
      e.args.forEach((a, i) => {
        const p = a.name ? params.find((x) => x.name === a.name) : a.star ? undefined : params[i];
        if (!p) return;
        const rv = this.routeValue(a.v);
        if (rv) env.set(p.name, rv);
        else if (isReq(a.v)) roots.push(p.name);
        else env.set(p.name, { k: 'lit', v: this.value(a.v) });
      });
      const inner = this.an.reader(callee.fn, roots, env, this.mwArgs, this.depth + 1);
      return inner.returnedTest(depth + 1);
    }
    return undefined;
  }

  /** A helper that returns a route test: `return <test>`, or `for p in L: if <test>: return True` then `return False`. */
  returnedTest(depth: number): ((r: RouteView) => Tri) | undefined {
    const body = withoutDocstring(this.fn.def.body);
    const last = body[body.length - 1];
    if (body.length === 1 && last?.t === 'return' && last.v) return this.routeTest(last.v, depth);
    // `path = request.url.path` … `if request.method == "OPTIONS": return False` … `return <test>`
    if (last?.t === 'return' && last.v && body.length <= 8) {
      const early: Array<{ test: (r: RouteView) => Tri; value: boolean }> = [];
      for (const s of body.slice(0, -1)) {
        if (s.t === 'assign' && s.targets.every((t) => t.t === 'name')) continue;
        if (s.t !== 'if' || s.orelse.length || s.body.length !== 1) return undefined;
        const ret = s.body[0]!;
        if (ret.t !== 'return' || ret.v?.t !== 'const' || typeof ret.v.v !== 'boolean') return undefined;
        const test = this.routeTest(s.test, depth);
        if (!test) return undefined;
        early.push({ test, value: ret.v.v });
      }
      const final = this.routeTest(last.v, depth);
      if (!final) return undefined;
      return (rt) => early.reduceRight<Tri>((rest, x) => (x.value ? or3([x.test(rt), rest]) : and3([not3(x.test(rt)), rest])), final(rt));
    }
    // for p in L: if test: return True / return False
    if (body.length === 2 && body[0]!.t === 'for' && last?.t === 'return' && last.v?.t === 'const' && last.v.v === false) {
      const loop = body[0]!;
      const inner = loop.body[0];
      if (loop.body.length !== 1 || inner?.t !== 'if' || loop.target.t !== 'name') return undefined;
      const ret = inner.body[0];
      if (inner.body.length !== 1 || ret?.t !== 'return' || ret.v?.t !== 'const' || ret.v.v !== true) return undefined;
      const strs = stringsOf(this.value(loop.iter));
      if (!strs) return undefined;
      const tests: Array<(r: RouteView) => Tri> = [];
      for (const s of strs.slice(0, 200)) {
        const t = this.withEnv(new Map([[loop.target.id, { k: 'lit', v: { k: 'str', v: s } }]])).routeTest(inner.test, depth + 1);
        if (!t) return undefined;
        tests.push(t);
      }
      return (rt) => or3(tests.map((t) => t(rt)));
    }
    return undefined;
  }

  private withEnv(extra: Map<string, EnvVal>): FnReader {
    const env = new Map([...this.env, ...extra]);
    return this.an.reader(this.fn, [...this.reqNames], env, this.mwArgs, this.depth, this.callNext);
  }

  private regexCall(e: Extract<Expr, { t: 'call' }>): ((r: RouteView) => Tri) | undefined {
    const f = e.fn;
    if (f.t !== 'attr' || !/^(match|search|fullmatch)$/.test(f.attr)) return undefined;
    let pattern: string | undefined;
    let subject: Expr | undefined;
    const mod = this.value(f.obj);
    if (mod.k === 'module' || (mod.k === 'ext' && mod.path === 're') || (f.obj.t === 'name' && f.obj.id === 're')) {
      pattern = this.strings(e.args[0]?.v ?? f)?.[0];
      subject = e.args[1]?.v;
    } else {
      pattern = this.compiledPattern(f.obj);
      subject = e.args[0]?.v;
    }
    if (pattern === undefined || !subject) return undefined;
    const rv = this.routeValue(subject);
    if (rv?.k !== 'route' || rv.which !== 'path') return undefined;
    const t = translatePython(pattern);
    if ('unsupported' in t) return undefined;
    let re: RegExp;
    try {
      const src = f.attr === 'match' ? `^(?:${t.source})` : f.attr === 'fullmatch' ? `^(?:${t.source})$` : t.source;
      re = new RegExp(src, t.flags.includes('i') ? 'i' : '');
    } catch {
      return undefined;
    }
    return (rt) => or3(rt.paths.map((p) => pathTest(p, (x) => re.test(x))));
  }

  /** `re.compile("...")` held by a module constant, a local or `self.x`. */
  private compiledPattern(e: Expr): string | undefined {
    let expr: Expr | undefined;
    if (e.t === 'name') {
      const b = this.binds.get(e.id);
      if (b?.length === 1) expr = b[0];
      else expr = this.an.moduleBinding(this.fn.module.file, e.id);
    } else if (e.t === 'attr' && e.obj.t === 'name' && e.obj.id === this.selfName && this.fn.ownerClass) {
      expr = this.an.selfAttrExpr(this.fn.ownerClass, e.attr)?.expr;
    }
    if (expr?.t !== 'call' || !/(^|\.)compile$/.test(chain(expr.fn) ?? '') || !expr.args[0]) return undefined;
    return this.strings(expr.args[0].v)?.[0];
  }

  // ---------------------------------------------------------------- rejections and pass-through

  /** Does this block pass the request on (call_next / the wrapped app) and end there? */
  passesOn(stmts: Stmt[]): boolean {
    if (completes(stmts)) return false;
    let found = false;
    const visit = (ss: Stmt[]): void => {
      for (const s of ss) {
        if (found) return;
        for (const x of exprsOf(s)) eachExpr(x, (c) => void (!found && c.t === 'call' && this.isPassOn(c) && (found = true)));
        for (const b of blocksOf(s)) visit(b);
      }
    };
    visit(stmts);
    return found;
  }

  private isPassOn(c: Extract<Expr, { t: 'call' }>): boolean {
    if (this.callNext && c.fn.t === 'name' && c.fn.id === this.callNext) return true;
    // self.app(scope, receive, send), await app(scope, receive, send), super().__call__(...)
    const first = c.args[0]?.v;
    if (c.args.length >= 3 && first?.t === 'name' && this.reqNames.has(first.id)) return true;
    if (c.fn.t === 'attr' && c.fn.obj.t === 'name' && c.fn.obj.id === this.selfName && /^_?app$/.test(c.fn.attr)) return true;
    return false;
  }

  /** The rejection a statement makes (a 401/403 returned, sent, raised, or a redirect to a login page). */
  rejection(s: Stmt): { status: string; at: SrcLoc } | undefined {
    if (s.t === 'return' && s.v) {
      const st = this.rejectingValue(s.v, 0);
      return st ? { status: st, at: this.at(s) } : undefined;
    }
    if (s.t === 'raise' && s.exc) {
      const st = this.raisedStatus(s.exc);
      return st ? { status: st, at: this.at(s) } : undefined;
    }
    if (s.t === 'expr') {
      let c = s.v;
      while (c.t === 'await') c = c.v;
      if (c.t !== 'call') return undefined;
      // await send({"type": "http.response.start", "status": 401})
      const d = c.args[0]?.v;
      if (d?.t === 'dict') {
        for (const [k, v] of d.items) {
          if (k?.t === 'str' && k.v === 'status') {
            const n = statusOf(this.value(v), v);
            if (n !== undefined && REJECT.has(n)) return { status: String(n), at: this.at(s) };
          }
        }
      }
      // await response(scope, receive, send) / await JSONResponse(..., 401)(scope, receive, send)
      if (c.args.length >= 3) {
        const st = this.rejectingValue(c.fn, 0);
        if (st) return { status: st, at: this.at(s) };
      }
    }
    return undefined;
  }

  /** A value that is a rejection: a 401/403 response, a redirect to a login page, a helper returning one. */
  rejectingValue(e: Expr, depth: number): string | undefined {
    if (depth > 3) return undefined;
    while (e.t === 'await') e = e.v;
    if (e.t === 'name') {
      const b = this.binds.get(e.id);
      return b?.length === 1 ? this.rejectingValue(b[0]!, depth + 1) : undefined;
    }
    if (e.t !== 'call') return undefined;
    const callee = this.resolveCallee(e.fn);
    if (callee.k === 'ext') {
      if (REDIRECT.test(callee.path)) {
        const u = e.args.find((a) => a.name === 'url')?.v ?? e.args.find((a) => !a.name && !a.star)?.v;
        const url = u ? (this.strings(u)?.[0] ?? literalPrefix(u)) : undefined;
        return url !== undefined && LOGIN_URL.test(url) ? `redirect to ${url}` : undefined;
      }
      if (RESPONSE.test(callee.path)) {
        const arg = e.args.find((a) => a.name === 'status_code')?.v ?? e.args.filter((a) => !a.name && !a.star)[1]?.v;
        if (!arg) return undefined;
        const n = statusOf(this.value(arg), arg);
        return n !== undefined && REJECT.has(n) ? String(n) : undefined;
      }
      return undefined;
    }
    const helper = this.an.callee(this, e.fn);
    if (helper?.k === 'fn' && depth < 2) {
      const inner = this.an.reader(helper.fn, [], undefined, this.mwArgs, this.depth + 1);
      const returns: Expr[] = [];
      const visit = (ss: Stmt[]): void => {
        for (const s of ss) {
          if (s.t === 'return' && s.v) returns.push(s.v);
          for (const b of blocksOf(s)) visit(b);
        }
      };
      visit(helper.fn.def.body);
      for (const r of returns) {
        const st = inner.rejectingValue(r, depth + 1);
        if (st) return st;
      }
    }
    return undefined;
  }

  private resolveCallee(f: Expr): Value {
    const v = codeIndex(this.an.project).resolver.value(this.unit, f);
    return alternatives(v).find((x) => x.k === 'ext') ?? v;
  }

  private raisedStatus(e: Expr): string | undefined {
    const call = e.t === 'call' ? e : undefined;
    const callee = this.resolveCallee(call ? call.fn : e);
    if (callee.k === 'ext') {
      if (AUTH_ERROR.test(callee.path)) return 'AuthenticationError';
      if (HTTP_EXCEPTION.test(callee.path) && call) {
        const arg = call.args.find((a) => a.name === 'status_code' || a.name === 'code')?.v ?? call.args.find((a) => !a.name && !a.star)?.v;
        const n = arg ? statusOf(this.value(arg), arg) : undefined;
        return n !== undefined && REJECT.has(n) ? String(n) : undefined;
      }
      return undefined;
    }
    if (callee.k === 'class' && this.an.project.interp.extBases(callee.cls).some((b) => AUTH_ERROR.test(b))) return 'AuthenticationError';
    const st = this.an.project.deps.auth.raisedStatus(this.fn, e);
    return st !== undefined && REJECT.has(st) ? String(st) : undefined;
  }
}

/** The literal start of a string expression (`"/login?next=" + path`, `f"/login?next={path}"`). */
function literalPrefix(e: Expr): string | undefined {
  if (e.t === 'str') return e.v;
  if (e.t === 'bin' && e.op === '+') return literalPrefix(e.l);
  if (e.t === 'fstr' && typeof e.parts[0] === 'string') return e.parts[0];
  return undefined;
}

/** Every string a value holds: a string, a list/tuple/set of strings, a dict's keys, a choice of those. Undefined when any part is unknown. */
function stringsOf(v: Value): string[] | undefined {
  const out: string[] = [];
  for (const a of alternatives(v)) {
    if (a.k === 'str') out.push(a.v);
    else if (a.k === 'env' && a.dflt) {
      const s = stringsOf(a.dflt);
      if (!s) return undefined;
      out.push(...s);
    } else if (a.k === 'list' || a.k === 'tuple' || a.k === 'set') {
      for (const i of a.items) {
        const s = stringsOf(i);
        if (!s) return undefined;
        out.push(...s);
      }
    } else if (a.k === 'dict') {
      for (const [k] of a.entries) {
        if (k.k !== 'str') return undefined;
        out.push(k.v);
      }
    } else return undefined;
  }
  return out;
}

/** A value as it is when nothing is configured: an unset environment variable is None, a settings field its default. */
function defaultOf(v: Value): Value | undefined {
  if (v.k === 'env') return v.dflt ? defaultOf(v.dflt) : { k: 'none' };
  if (v.k === 'choice') {
    const alts = v.options.map(defaultOf);
    if (alts.some((a) => a === undefined)) return undefined;
    const ts = alts.map((a) => truthy(a!));
    return ts.every((t) => t !== undefined && t === ts[0]) ? alts[0] : undefined;
  }
  if (v.k === 'unknown' || v.k === 'inst' || v.k === 'method' || v.k === 'ext') return undefined;
  return v;
}

function compareValues(op: string, a: Value | undefined, b: Value | undefined): Tri {
  if (!a || !b) return 'u';
  const eq = (): boolean | undefined => {
    if (a.k === 'none' || b.k === 'none') return a.k === b.k;
    if ((a.k === 'str' || a.k === 'num' || a.k === 'bool') && a.k === b.k) return a.v === (b as typeof a).v;
    return undefined;
  };
  let r: boolean | undefined;
  if (op === 'is' || op === '==') r = eq();
  else if (op === 'is not' || op === '!=') {
    const x = eq();
    r = x === undefined ? undefined : !x;
  } else if (op === 'in' || op === 'not in') {
    const strs = stringsOf(b);
    if (a.k === 'str' && strs) r = strs.includes(a.v) === (op === 'in');
    // an unset variable (None) is in no list of strings
    else if (a.k === 'none' && strs && b.k !== 'str') r = op === 'not in';
  }
  return r === undefined ? 'u' : r ? 't' : 'f';
}

function describeDefault(text: string, v: Value): string | undefined {
  const d = defaultOf(v);
  if (v.k === 'env' && !v.dflt) return `\`${text}\` is None while the \`${v.name}\` environment variable is unset (${where(v.loc)})`;
  if (!d) return undefined;
  const shown =
    d.k === 'str'
      ? JSON.stringify(d.v.length > 20 ? `${d.v.slice(0, 17)}...` : d.v)
      : d.k === 'none'
        ? 'None'
        : d.k === 'bool'
          ? d.v
            ? 'True'
            : 'False'
          : d.k === 'num'
            ? String(d.v)
            : d.k === 'list' || d.k === 'tuple' || d.k === 'set'
              ? d.items.length
                ? '…'
                : d.k === 'list'
                  ? '[]'
                  : '()'
              : d.k === 'dict'
                ? '{}'
                : undefined;
  if (shown === undefined) return undefined;
  const p = provenance(v);
  const from = p ? ` (${p.name !== text ? `\`${p.name}\`${p.loc ? ', ' : ''}` : ''}${p.loc ? where(p.loc) : ''})` : '';
  return `\`${text}\` is \`${shown}\` by default${from === ' ()' ? '' : from}`;
}

const normPath = (p: string): string => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);

/** A test of a route path: a path with `{params}` holds when it holds for the path as written or with sample values filled in. */
function pathTest(p: string, test: (x: string) => boolean): Tri {
  if (test(p)) return 't';
  if (!p.includes('{')) return 'f';
  return test(p.replace(/\{[^}]*\}/g, 'x1')) || test(p.replace(/\{[^}]*\}/g, '1')) ? 't' : 'f';
}

function matchEq(rt: RouteView, which: 'path' | 'method' | 'type', strs: string[]): Tri {
  if (which === 'method') {
    if (!rt.method) return 'u';
    return strs.some((s) => s.toUpperCase() === rt.method) ? 't' : 'f';
  }
  if (which === 'type') return strs.includes(rt.kind) ? 't' : 'f';
  const set = new Set(strs.map(normPath));
  const hit = or3(rt.paths.map((p) => (set.has(normPath(p)) ? 't' : p.includes('{') ? 'u' : 'f')));
  if (hit === 't') rt.named = true;
  return hit;
}

function matchContains(rt: RouteView, which: 'path' | 'method' | 'type', s: string): Tri {
  if (which === 'method') return rt.method ? (rt.method.includes(s.toUpperCase()) ? 't' : 'f') : 'u';
  if (which === 'type') return rt.kind.includes(s) ? 't' : 'f';
  return or3(rt.paths.map((p) => pathTest(p, (x) => x.includes(s))));
}

// ------------------------------------------------------------------ the analysis

type Callee = { k: 'fn'; fn: FuncRec; skipSelf: boolean } | { k: 'scheme'; name: string };

class Analyzer {
  private readonly readers = new Map<string, FnReader>();
  private readonly mwMemo = new Map<unknown, AuthMiddleware | null>();
  private readonly selfAttrs = new Map<ClassRec, Map<string, { expr: Expr; fn: FuncRec }>>();
  private readonly switches = new Map<string, AuthSwitch | null>();
  /** Arguments of an authentication backend (`__init__(self, ...)`), not of a middleware (`__init__(self, app, ...)`). */
  private readonly backendArgs = new WeakSet<CallArgs>();

  constructor(readonly project: Project) {}

  reader(fn: FuncRec, roots: readonly string[], env?: Map<string, EnvVal>, mwArgs?: CallArgs, depth = 0, callNext?: string): FnReader {
    const key = `${fn.id}|${roots.join(',')}|${callNext ?? ''}|${depth}|${env ? [...env].map(([k, v]) => `${k}=${v.k === 'route' ? v.which : JSON.stringify(stringsOf(v.v) ?? v.v.k)}`).join(',') : ''}|${mwArgs ? `${mwArgs.loc.file}:${mwArgs.loc.line}:${mwArgs.loc.column}` : ''}`;
    let r = this.readers.get(key);
    if (!r) this.readers.set(key, (r = new FnReader(this, unwrap(fn), roots, env ?? new Map(), callNext, mwArgs, depth)));
    return r;
  }

  /** A module-level assignment of a name (for compiled regexes). */
  moduleBinding(file: string, name: string): Expr | undefined {
    const facts = this.project.facts.get(file);
    for (const s of facts?.body ?? []) if (s.t === 'assign' && s.v && s.targets.some((t) => t.t === 'name' && t.id === name)) return s.v;
    return undefined;
  }

  /** `self.<name> = <expr>` in a method of the class (or a base), `__init__` first. */
  selfAttrExpr(cls: ClassRec, name: string): { expr: Expr; fn: FuncRec } | undefined {
    let attrs = this.selfAttrs.get(cls);
    if (!attrs) {
      attrs = new Map();
      for (const c of this.project.interp.mro(cls)) {
        if (c.k !== 'class') continue;
        const methods = [...c.cls.ns.values()].filter((v): v is Extract<Value, { k: 'func' }> => v.k === 'func');
        methods.sort((a, b) => (a.fn.name === '__init__' ? -1 : b.fn.name === '__init__' ? 1 : 0));
        for (const m of methods) {
          const self = m.fn.params?.[0]?.name;
          if (!self) continue;
          const visit = (stmts: Stmt[]): void => {
            for (const s of stmts) {
              if (s.t === 'assign' && s.v) {
                for (const t of s.targets) if (t.t === 'attr' && t.obj.t === 'name' && t.obj.id === self && !attrs!.has(t.attr)) attrs!.set(t.attr, { expr: s.v, fn: m.fn });
              }
              for (const b of blocksOf(s)) visit(b);
            }
          };
          visit(m.fn.def.body);
        }
      }
      this.selfAttrs.set(cls, attrs);
    }
    return attrs.get(name);
  }

  /** The value of `self.<name>`: its `__init__` assignment, with the middleware's arguments bound to `__init__`'s parameters. */
  selfAttr(cls: ClassRec, name: string, mwArgs: CallArgs | undefined): Value | undefined {
    const a = this.selfAttrExpr(cls, name);
    if (!a) {
      const v = this.project.interp.classAttr(cls, name);
      return v && v.k !== 'func' ? v : undefined;
    }
    const env = new Map<string, EnvVal>();
    const params = a.fn.params ?? [];
    if (a.fn.name === '__init__') {
      // __init__(self, app, ...): the middleware's own arguments start after `app` (a backend's after `self`)
      const own = params.slice(mwArgs && this.backendArgs.has(mwArgs) ? 1 : 2);
      own.forEach((p, i) => {
        const given = mwArgs?.kw.get(p.name) ?? mwArgs?.pos[i];
        const v = given ?? p.def;
        if (v) env.set(p.name, { k: 'lit', v });
      });
    }
    const r = this.reader(a.fn, [], env, mwArgs, 1);
    return r.value(a.expr);
  }

  /** What a function returns when nothing is configured: its `if`s on settings and the environment taken as their defaults decide. */
  returnsAtDefault(fn: FuncRec, args: Array<{ name?: string; v: Value }>, depth: number): Value {
    const env = new Map<string, EnvVal>();
    const params = fn.params ?? [];
    let i = 0;
    for (const a of args) {
      const p = a.name ? params.find((x) => x.name === a.name) : params[i++];
      if (p) env.set(p.name, { k: 'lit', v: a.v });
    }
    for (const p of params) if (!env.has(p.name) && p.def) env.set(p.name, { k: 'lit', v: p.def });
    const r = this.reader(fn, [], env, undefined, depth);
    const rets: Value[] = [];
    const run = (stmts: Stmt[]): boolean => {
      for (const s of stmts) {
        if (rets.length > 8) return true;
        if (s.t === 'return') {
          rets.push(s.v ? r.value(s.v) : { k: 'none' });
          return true;
        }
        if (s.t === 'raise') return true;
        if (s.t === 'if') {
          const t = r.truthAtDefault(s.test).tri;
          if (t === 't' && run(s.body)) return true;
          if (t === 'f' && run(s.orelse)) return true;
          if (t === 'u') {
            const a = run(s.body);
            const b = run(s.orelse);
            if (a && b) return true;
          }
        } else if ((s.t === 'try' || s.t === 'with') && run(s.body)) return true;
      }
      return false;
    };
    if (!run(fn.def.body)) rets.push({ k: 'none' });
    return rets.some((v) => v.k === 'unknown') ? { k: 'unknown', why: `result of ${fn.qualname}()` } : choice(rets);
  }

  /** What a call in a function calls: a project function or method (and whether `self` is bound), or a security scheme. */
  callee(r: FnReader, f: Expr): Callee | undefined {
    const ip = this.project.interp;
    // self.method(...), self.attr.method(...)
    if (f.t === 'attr' && r.fn.ownerClass) {
      const self = r.selfName;
      if (f.obj.t === 'name' && f.obj.id === self) {
        const m = ip.classAttr(r.fn.ownerClass, f.attr);
        if (m?.k === 'func') return { k: 'fn', fn: unwrap(m.fn), skipSelf: true };
        const v = this.selfAttr(r.fn.ownerClass, f.attr, r.mwArgs);
        if (v?.k === 'inst' && isScheme(ip, v.inst)) return { k: 'scheme', name: f.attr };
        return undefined;
      }
      if (f.obj.t === 'attr' && f.obj.obj.t === 'name' && f.obj.obj.id === self) {
        const cls = this.selfAttrClass(r.fn.ownerClass, f.obj.attr, r.mwArgs);
        const m = cls ? ip.classAttr(cls, f.attr) : undefined;
        if (m?.k === 'func') return { k: 'fn', fn: unwrap(m.fn), skipSelf: true };
        return undefined;
      }
    }
    const v = codeIndex(this.project).resolver.value(r.unit, f);
    for (const a of alternatives(v)) {
      if (a.k === 'func') return { k: 'fn', fn: unwrap(a.fn), skipSelf: false };
      if (a.k === 'method' && a.fn) return { k: 'fn', fn: unwrap(a.fn), skipSelf: a.self.k !== 'class' };
      if (a.k === 'inst') {
        if (isScheme(ip, a.inst)) return { k: 'scheme', name: chain(f) ?? 'scheme' };
        if (a.inst.cls.k === 'class') {
          const c = ip.classAttr(a.inst.cls.cls, '__call__');
          if (c?.k === 'func') return { k: 'fn', fn: unwrap(c.fn), skipSelf: true };
        }
      }
    }
    return undefined;
  }

  /** The class of `self.<name>`: an instance assigned in `__init__`, or the annotation of the `__init__` parameter assigned to it. */
  private selfAttrClass(cls: ClassRec, name: string, mwArgs: CallArgs | undefined): ClassRec | undefined {
    const v = this.selfAttr(cls, name, mwArgs);
    if (v?.k === 'inst' && v.inst.cls.k === 'class') return v.inst.cls.cls;
    const a = this.selfAttrExpr(cls, name);
    if (a?.expr.t === 'name') {
      const p = a.fn.params?.find((x) => x.name === (a.expr as { id: string }).id);
      const ann = p ? this.project.interp.annotationOf(a.fn, p) : undefined;
      for (const x of ann ? alternatives(ann) : []) if (x.k === 'class') return x.cls;
    }
    if (a?.expr.t === 'call') {
      const c = codeIndex(this.project).resolver.value(this.reader(a.fn, []).unit, a.expr.fn);
      if (c.k === 'class') return c.cls;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- middleware

  /** What a middleware of an app does about authentication, or undefined when it does not authenticate. */
  middleware(m: MiddlewareRec, installedAt: SrcLoc): AuthMiddleware | undefined {
    const key = m;
    if (this.mwMemo.has(key)) return this.mwMemo.get(key) ?? undefined;
    this.mwMemo.set(key, null);
    const found = this.readMiddleware(m, installedAt);
    this.mwMemo.set(key, found ?? null);
    return found;
  }

  private readMiddleware(m: MiddlewareRec, installedAt: SrcLoc): AuthMiddleware | undefined {
    const ip = this.project.interp;
    type Checker = { fn: FuncRec; roots: string[]; callNext?: string; backend?: boolean; name: string; args?: CallArgs; httpOnly: boolean };
    let checker: Checker | undefined;
    // `dispatch(self, request, call_next)` of a `BaseHTTPMiddleware`, `__call__(self, request, call_next)` of an object
    const requestMethod = (cls: ClassRec, attr: string, args: CallArgs): Checker | undefined => {
      const v = ip.classAttr(cls, attr);
      const fn = v?.k === 'func' ? unwrap(v.fn) : undefined;
      const ps = fn?.params ?? [];
      return fn && ps[1] ? { fn, roots: [ps[1].name], callNext: ps[2]?.name, name: `${cls.module.name}.${cls.qualname}`, args, httpOnly: true } : undefined;
    };
    const fnValue = m.fn ?? (classPaths(this.project, m.cls).includes('fastapi.BaseHTTPMiddleware') && m.cls.k === 'ext' ? m.args.kw.get('dispatch') : undefined);
    if (fnValue) {
      const f = alternatives(fnValue).find((x) => x.k === 'func');
      if (f?.k === 'func') {
        const fn = unwrap(f.fn);
        const ps = fn.params ?? [];
        if (ps[0]) checker = { fn, roots: [ps[0].name], callNext: ps[1]?.name, name: `${fn.module.name}.${fn.qualname}`, httpOnly: true };
      }
      // `app.middleware("http")(AuthCookieMiddleware())`: an object whose `__call__(self, request, call_next)` is the function
      const o = f ? undefined : alternatives(fnValue).find((x) => x.k === 'inst' && x.inst.cls.k === 'class');
      if (o?.k === 'inst' && o.inst.cls.k === 'class') checker = requestMethod(o.inst.cls.cls, '__call__', o.inst.args);
    } else {
      for (const c of alternatives(m.cls)) {
        if (c.k === 'ext' && c.path === 'fastapi.AuthenticationMiddleware') {
          const backend = m.args.kw.get('backend') ?? m.args.pos[0];
          const b = backend && alternatives(backend).find((x) => x.k === 'inst' && x.inst.cls.k === 'class');
          if (b?.k === 'inst' && b.inst.cls.k === 'class') {
            const auth = ip.classAttr(b.inst.cls.cls, 'authenticate');
            const fn = auth?.k === 'func' ? unwrap(auth.fn) : undefined;
            const conn = fn?.params?.[1]?.name;
            // the backend's own arguments: its `__init__` has no `app` parameter
            const args = b.inst.args;
            this.backendArgs.add(args);
            if (fn && conn) checker = { fn, roots: [conn], backend: true, name: `${b.inst.cls.cls.module.name}.${b.inst.cls.cls.qualname}`, args, httpOnly: false };
          }
        }
        if (c.k !== 'class' || checker) continue;
        const bases = ip.extBases(c.cls);
        const name = `${c.cls.module.name}.${c.cls.qualname}`;
        if (bases.includes('fastapi.BaseHTTPMiddleware')) checker = requestMethod(c.cls, 'dispatch', m.args);
        else {
          const call = ip.classAttr(c.cls, '__call__');
          const fn = call?.k === 'func' ? unwrap(call.fn) : undefined;
          const ps = fn?.params ?? [];
          if (fn && ps.length >= 4) checker = { fn, roots: [ps[1]!.name], name, args: m.args, httpOnly: false };
        }
      }
    }
    if (!checker) return undefined;
    const r = this.reader(checker.fn, checker.roots, undefined, checker.args, 0, checker.callNext);
    const rejections = this.rejections(r, checker.backend === true);
    if (!rejections.length) return undefined;
    const out: AuthMiddleware = { name: checker.name, loc: installedAt, checker: checker.fn.loc, rejections, httpOnly: checker.httpOnly };
    if (m.conditional) {
      const sw = this.switchAround(installedAt);
      if (sw) out.installedWhen = sw;
    }
    return out;
  }

  /** The rejections of a checking function that a credential leads to, with the conditions on the way. */
  private rejections(r: FnReader, backend: boolean): Rejection[] {
    const out: Rejection[] = [];
    const def = r.fn.def;
    if (backend) {
      // a backend that returns None (or falls off the end) lets a request without credentials through as anonymous
      let anonymous = completes(def.body);
      const visit = (ss: Stmt[]): void => {
        for (const s of ss) {
          if (s.t === 'return' && (!s.v || (s.v.t === 'const' && s.v.v === null))) anonymous = true;
          for (const b of blocksOf(s)) visit(b);
        }
      };
      visit(def.body);
      if (anonymous) return [];
    }
    const compiled = new Map<Expr, Node>();
    const node = (e: Expr): Node => {
      let n = compiled.get(e);
      if (!n) compiled.set(e, (n = r.compile(e)));
      return n;
    };
    const walk = (stmts: Stmt[], conds: Cond[], tryCred: string | undefined): void => {
      const cs = [...conds];
      for (const s of stmts) {
        const rej = r.rejection(s);
        if (rej) {
          const credential = cs.flatMap((c) => atoms(c.node)).find((a): a is Extract<Node, { t: 'cred' }> => a.t === 'cred')?.what ?? tryCred;
          if (credential) out.push({ status: rej.status, at: rej.at, credential, conds: [...cs] });
        }
        switch (s.t) {
          case 'if': {
            const n = node(s.test);
            walk(s.body, [...cs, { node: n, want: true, test: s.test, file: r.file }], tryCred);
            walk(s.orelse, [...cs, { node: n, want: false, test: s.test, file: r.file }], tryCred);
            // an `if` that passes the request on: the code after it runs only when its test fails
            const thenOut = r.passesOn(s.body);
            const elseOut = s.orelse.length > 0 && r.passesOn(s.orelse);
            if (thenOut && !elseOut) cs.push({ node: n, want: false, test: s.test, file: r.file, guard: true });
            else if (elseOut && !thenOut) cs.push({ node: { t: 'not', v: n }, want: false, test: s.test, file: r.file, guard: true });
            else if (!completes(s.body) && !thenOut && completes(s.orelse)) cs.push({ node: n, want: false, test: s.test, file: r.file });
            break;
          }
          case 'for': {
            walk(s.body, cs, tryCred);
            // for p in PREFIXES: if path.startswith(p): return await call_next(request)
            const inner = s.body.length === 1 ? s.body[0] : undefined;
            if (inner?.t === 'if' && s.target.t === 'name' && r.passesOn(inner.body)) {
              const strs = stringsOf(r.value(s.iter));
              if (strs) {
                const target = s.target.id;
                const tests = strs
                  .slice(0, 200)
                  .map((x) =>
                    this.reader(r.fn, [...r.reqNames], new Map([...r.env, [target, { k: 'lit', v: { k: 'str', v: x } }]]), r.mwArgs, r.depth, r.callNext).compile(inner.test),
                  );
                cs.push({ node: { t: 'or', vs: tests }, want: false, test: inner.test, file: r.file, guard: true });
              }
            }
            break;
          }
          case 'while':
          case 'with':
            walk(s.body, cs, tryCred);
            break;
          case 'try': {
            walk(s.body, cs, tryCred);
            // a rejection in `except` follows from what the `try` did: a credential it read or verified
            // (under the tests the `try` reaches it with: `if self._should_check(request): self._check(request)`)
            let bodyCred: string | undefined;
            let credConds: Cond[] = [];
            const visit = (ss: Stmt[], at: Cond[]): void => {
              const here = [...at];
              for (const x of ss) {
                if (bodyCred) return;
                for (const e of exprsOf(x)) {
                  bodyCred ??= r.credIn(e);
                  if (bodyCred) credConds = here;
                }
                if (x.t === 'if') {
                  const n = node(x.test);
                  visit(x.body, [...here, { node: n, want: true, test: x.test, file: r.file }]);
                  visit(x.orelse, [...here, { node: n, want: false, test: x.test, file: r.file }]);
                  if (r.passesOn(x.body) && !(x.orelse.length && r.passesOn(x.orelse))) here.push({ node: n, want: false, test: x.test, file: r.file, guard: true });
                } else for (const b of blocksOf(x)) visit(b, here);
              }
            };
            visit(s.body, []);
            for (const h of s.handlers) walk(h.body, bodyCred ? [...cs, ...credConds] : cs, bodyCred ?? tryCred);
            out.push(...this.caughtRejections(r, s, cs));
            walk(s.orelse, cs, tryCred);
            walk(s.final, cs, tryCred);
            break;
          }
          case 'match':
            for (const c of s.cases) walk(c.body, cs, tryCred);
            break;
          default:
            break;
        }
      }
    };
    walk(def.body, [], undefined);
    for (const rej of out) {
      const sw = this.offSwitch(rej.conds);
      if (sw) rej.off = sw;
    }
    return out;
  }

  /**
   * `try: check(request.headers.get("X-Key")) except HTTPException as e: return JSONResponse(status_code=e.status_code)`:
   * a project function handed a credential raises a 401/403 on it, and the handler answers with the
   * caught exception's status. That rejection is the middleware's; a setting the check sits under
   * (`if KEY and key != KEY: raise`) is a condition on the way.
   */
  private caughtRejections(r: FnReader, s: Extract<Stmt, { t: 'try' }>, cs: Cond[]): Rejection[] {
    const out: Rejection[] = [];
    const catches = (t: Expr | null): boolean => !t || (t.t === 'tuple' ? t.items.some(catches) : /(^|\.)(HTTPException|Exception|BaseException)$/.test(chain(t) ?? ''));
    for (const h of s.handlers) {
      if (!h.name || !catches(h.type)) continue;
      const echo = h.body.find((st) => st.t === 'return' && st.v && this.echoesStatus(r, st.v, h.name!));
      if (!echo) continue;
      const calls: Array<Extract<Expr, { t: 'call' }>> = [];
      eachStmt(s.body, (st) => {
        for (const x of exprsOf(st)) eachExpr(x, (c) => void (c.t === 'call' && calls.push(c)));
      });
      for (const c of calls) {
        const callee = this.callee(r, c.fn);
        if (callee?.k !== 'fn') continue;
        const params = (callee.fn.params ?? []).slice(callee.skipSelf ? 1 : 0);
        c.args.forEach((a, i) => {
          const cred = a.star ? undefined : r.credIn(a.v);
          const p = a.name ? params.find((x) => x.name === a.name) : a.star ? undefined : params[i];
          if (!cred || !p) return;
          const fa = this.project.deps.auth.analyze(callee.fn, new Map([[p.name, { k: 'cred', cred: { desc: cred, verified: false, enforced: false } }]]));
          const rej = fa.auth?.rejection;
          if (!rej || rej.kind !== 'status' || !REJECT.has(rej.status)) return;
          const conds = [...cs];
          const under = fa.auth!.under;
          if (under) conds.push({ node: this.settingNode(unitAt(this.project, under.loc), under.test), want: under.want, test: under.test, file: under.loc.file });
          out.push({ status: String(rej.status), at: r.at(echo), credential: `${cred} (checked by \`${callee.fn.qualname}\`)`, conds });
        });
      }
    }
    return out;
  }

  /** `JSONResponse(status_code=e.status_code, ...)`: a response carrying the status of the exception `name`. */
  private echoesStatus(r: FnReader, e: Expr, name: string): boolean {
    while (e.t === 'await') e = e.v;
    if (e.t !== 'call') return false;
    const c = codeIndex(this.project).resolver.value(r.unit, e.fn);
    if (!alternatives(c).some((x) => x.k === 'ext' && RESPONSE.test(x.path))) return false;
    const arg = e.args.find((a) => a.name === 'status_code')?.v ?? e.args.filter((a) => !a.name && !a.star)[1]?.v;
    return arg?.t === 'attr' && arg.attr === 'status_code' && arg.obj.t === 'name' && arg.obj.id === name;
  }

  /** A setting that keeps the rejection from running by default: the first condition on the way that its default fails. */
  private offSwitch(conds: Cond[]): AuthSwitch | undefined {
    if (and3(conds.map((c) => reached(c, { settings: 'default' }))) === 'f') {
      const c = conds.find((x) => reached(x, { settings: 'default' }) === 'f')!;
      return this.switchOf(c, false);
    }
    // a setting the scan cannot read decides it, one way or the other
    for (const c of conds) {
      const t = reached(c, { settings: 'unknownTrue' });
      const f = reached(c, { settings: 'unknownFalse' });
      if ((t === 'f') !== (f === 'f')) return this.switchOf(c, true);
    }
    return undefined;
  }

  private switchOf(c: Cond, unknownDefault: boolean): AuthSwitch {
    const settings = atoms(c.node).filter((a): a is Extract<Node, { t: 'setting' }> => a.t === 'setting');
    const note = settings.map((s) => s.note).find((n) => n) ?? '';
    return { test: pythonText(c.test), at: srcLoc(c.file, c.test.loc), onWhen: c.want, note, unknownDefault };
  }

  /**
   * The settings tests around a point of installation code (`if settings.api_keys:
   * app.add_middleware(...)`, `dependencies=[Depends(check)] if settings.key else []`), when their
   * defaults skip it.
   */
  switchAround(at: SrcLoc): AuthSwitch | undefined {
    const key = `${at.file}:${at.line}:${at.column}`;
    if (this.switches.has(key)) return this.switches.get(key) ?? undefined;
    this.switches.set(key, null);
    const unit = unitAt(this.project, at);
    /** A test on a parameter of the enclosing function is the caller's choice, not a setting (`def make_router(require_auth=True)`). */
    const names = new Set(unit?.def?.params.map((p) => p.name) ?? []);
    const onParams = (e: Expr): boolean => {
      let hit = false;
      eachExpr(e, (x) => void (x.t === 'name' && names.has(x.id) && (hit = true)));
      return hit;
    };
    // `if __name__ == "__main__":` is how the server starts (`python -m`), not a setting
    const startsServer = (e: Expr): boolean => {
      let hit = false;
      eachExpr(e, (x) => void (x.t === 'name' && x.id === '__name__' && (hit = true)));
      return hit;
    };
    const conds: Cond[] = [...testsAround(this.project, at), ...exitsBefore(this.project, at)]
      .filter((t) => !onParams(t.test) && !startsServer(t.test))
      .map((t) => ({ node: this.settingNode(unit, t.test), want: t.want, test: t.test, file: at.file }));
    const sw = conds.length ? this.offSwitch(conds) : undefined;
    this.switches.set(key, sw ?? null);
    return sw;
  }

  /**
   * A dependency's check that a setting skips by default: a way out before it (`if not
   * config.multiuser: return SYSTEM_USER`) taken by default, or a rejection only under a setting that
   * is off by default (`if self.api_key: ... raise 401` with an empty default key). A setting whose
   * default the scan cannot read counts too (`unknownDefault`: FA107 then says it cannot tell): a
   * check some configuration skips is not what `required` promises.
   */
  skippedByDefault(n: DepNode): AuthSwitch | undefined {
    if (n.own.kind !== 'rejects') return undefined;
    const tests: Array<{ t: SettingTest; want: boolean }> = [];
    if (n.own.bypass) tests.push({ t: n.own.bypass, want: !n.own.bypass.want });
    if (n.own.under) tests.push({ t: n.own.under, want: n.own.under.want });
    const inst = n.call?.k === 'inst' ? n.call.inst : undefined;
    const selfName = inst && n.own.rejection.fn.ownerClass ? n.own.rejection.fn.params?.[0]?.name : undefined;
    return this.offByDefault(tests, inst, selfName);
  }

  /**
   * A handler's own check (in it or a helper it calls) skipped by a test that holds by default
   * (`if not self.auth_provider: return`, the provider made only when a setting names one).
   */
  handlerSkippedByDefault(r: RouteInfo): AuthSwitch | undefined {
    const b = r.handlerCheck;
    if (!b?.bypass) return undefined;
    const fn = unitAt(this.project, b.bypass.loc)?.fn;
    const selfName = b.self && fn?.ownerClass ? fn.params?.[0]?.name : undefined;
    return this.offByDefault([{ t: b.bypass, want: !b.bypass.want }], b.self, selfName);
  }

  /** The first of these tests (each wanted true or false for the check to run) that a setting turns against the check by default. */
  private offByDefault(tests: Array<{ t: SettingTest; want: boolean }>, inst: InstRec | undefined, selfName: string | undefined): AuthSwitch | undefined {
    /** `self.api_key` / `not self.enabled` on the dependency instance: the value its constructor stored. */
    const onSelf = (e: Expr): { value: boolean; note: string } | undefined => {
      if (e.t === 'unary' && e.op === 'not') {
        const v = onSelf(e.v);
        return v && { ...v, value: !v.value };
      }
      if (!inst || !selfName || e.t !== 'attr' || e.obj.t !== 'name' || e.obj.id !== selfName) return undefined;
      const v = inst.attrs.get(e.attr);
      const d = v && defaultOf(v);
      const b = d === undefined ? undefined : truthy(d);
      return b === undefined ? undefined : { value: b, note: describeDefault(pythonText(e), v!) ?? '' };
    };
    /**
     * `self.provider` set falsy by the constructor, then to something under `if <setting>:`: it is
     * truthy exactly when the setting is on (the test, and whether it is negated).
     */
    const setOnlyWhen = (e: Expr): { cond: Expr; negated: boolean; fn: FuncRec } | undefined => {
      if (e.t === 'unary' && e.op === 'not') {
        const v = setOnlyWhen(e.v);
        return v && { ...v, negated: !v.negated };
      }
      if (!inst || !selfName || inst.cls.k !== 'class' || e.t !== 'attr' || e.obj.t !== 'name' || e.obj.id !== selfName) return undefined;
      for (const c of this.project.interp.mro(inst.cls.cls)) {
        const init = c.k === 'class' ? c.cls.ns.get('__init__') : undefined;
        if (init?.k !== 'func') continue;
        const me = init.fn.params?.[0]?.name;
        const sets = (x: Stmt): boolean => x.t === 'assign' && x.targets.some((t) => t.t === 'attr' && t.attr === e.attr && t.obj.t === 'name' && t.obj.id === me);
        const body = init.fn.def.body;
        const first = body.findIndex(sets);
        if (first < 0) continue;
        const v = (body[first] as Extract<Stmt, { t: 'assign' }>).v;
        if (!v || !(v.t === 'const' && !v.v)) return undefined;
        const later = body.slice(first + 1).filter((x) => sets(x) || (x.t === 'if' && [...x.body, ...x.orelse].some(sets)));
        const only = later.length === 1 ? later[0] : undefined;
        if (only?.t !== 'if' || only.orelse.some(sets) || !only.body.some(sets)) return undefined;
        return { cond: only.test, negated: false, fn: init.fn };
      }
      return undefined;
    };
    for (const { t, want } of tests) {
      const own = onSelf(t.test);
      if (own) {
        if (own.value !== want) return { test: pythonText(t.test), at: srcLoc(t.loc.file, t.test.loc), onWhen: want, note: own.note, unknownDefault: false };
        continue;
      }
      const set = setOnlyWhen(t.test);
      if (set) {
        const unit = unitAt(this.project, set.fn.loc);
        const sw = this.offSwitch([{ node: this.settingNode(unit, set.cond), want: set.negated ? !want : want, test: set.cond, file: set.fn.module.file }]);
        if (sw) return sw;
        continue;
      }
      const unit = unitAt(this.project, t.loc);
      // a test on what the call received (the request's path, a parameter) is an exemption, not a setting
      if (unit?.def && onArguments(unit.def, t.test)) continue;
      const sw = this.offSwitch([{ node: this.settingNode(unit, t.test), want, test: t.test, file: t.loc.file }]);
      if (sw) return sw;
    }
    return undefined;
  }

  /** A condition of installation code, compiled with no request in scope. */
  private settingNode(unit: CodeUnit | undefined, e: Expr): Node {
    if (!unit) return { t: 'setting', v: 'u', text: pythonText(e), note: '' };
    const fn = unit.fn;
    if (fn) return this.reader(fn, []).compile(e);
    // module level: a stand-in reader over the module unit
    const v = codeIndex(this.project).resolver.value(unit, e);
    const d = defaultOf(v);
    const t = d === undefined ? undefined : truthy(d);
    if (e.t === 'unary' && e.op === 'not') return { t: 'not', v: this.settingNode(unit, e.v) };
    if (e.t === 'boolop') return { t: e.op, vs: e.values.map((x) => this.settingNode(unit, x)) };
    if (e.t === 'cmp' && e.ops.length === 1) {
      const l = codeIndex(this.project).resolver.value(unit, e.operands[0]!);
      const r = codeIndex(this.project).resolver.value(unit, e.operands[1]!);
      return { t: 'setting', v: compareValues(e.ops[0]!, defaultOf(l), defaultOf(r)), text: pythonText(e), note: describeDefault(pythonText(e.operands[0]!), l) ?? '' };
    }
    return { t: 'setting', v: t === undefined ? 'u' : t ? 't' : 'f', text: pythonText(e), note: describeDefault(pythonText(e), v) ?? '' };
  }

  /** Does the middleware cover a route, and how (required, or off by default)? */
  verdict(mw: AuthMiddleware, view: (method: string | undefined) => RouteView, methods: readonly string[], kind: 'http' | 'websocket'): MiddlewareVerdict | undefined {
    if (kind === 'websocket' && mw.httpOnly) return undefined;
    const ms = kind === 'websocket' ? [undefined] : methods.length ? methods : [undefined];
    let best: MiddlewareVerdict | undefined;
    let exempt: Rejection | undefined;
    for (const rej of mw.rejections) {
      const views = ms.map((m) => view(m));
      const covers = views.every((v) => and3(rej.conds.map((c) => reached(c, { route: v, settings: 'ignore' }))) !== 'f');
      if (!covers) {
        // let through by an earlier test of the path (or method) that passes the request on, or
        // named in a list of paths the check leaves alone (`path not in ("/api/billing/success", …)`)
        const listed = views.every(
          (v) => v.named || rej.conds.some((c) => c.guard && atoms(c.node).some((a) => a.t === 'route') && reached(c, { route: v, settings: 'ignore' }) === 'f'),
        );
        if (listed) exempt ??= rej;
        continue;
      }
      const sw = mw.installedWhen ?? rej.off;
      const v: MiddlewareVerdict = sw ? { status: 'conditional', mw, rejection: rej, sw } : { status: 'required', mw, rejection: rej };
      if (!best || (best.status === 'conditional' && v.status === 'required')) best = v;
      if (best.status === 'required') break;
    }
    return best ?? (exempt ? { status: 'exempt', mw, rejection: exempt } : undefined);
  }
}

/** Does the test read a parameter of the function, or a local computed from one (`path = request.url.path`)? */
function onArguments(def: DefStmt, test: Expr): boolean {
  const bound = new Set(def.params.map((p) => p.name).filter((n) => n !== 'self' && n !== 'cls'));
  for (let round = 0; round < 3; round++) {
    eachStmt(def.body, (st) => {
      if (st.t !== 'assign' || !st.v) return;
      let hit = false;
      eachExpr(st.v, (x) => void (x.t === 'name' && bound.has(x.id) && (hit = true)));
      if (hit) for (const tg of st.targets) if (tg.t === 'name') bound.add(tg.id);
    });
  }
  let hit = false;
  eachExpr(test, (x) => void (x.t === 'name' && bound.has(x.id) && (hit = true)));
  return hit;
}

/**
 * The `if` tests and conditional expressions around a point of code, outermost first, with the
 * branch that holds it (`want`: true in the body, false in the `else`).
 */
export function testsAround(project: Project, at: SrcLoc): Array<{ test: Expr; want: boolean }> {
  const facts = project.facts.get(at.file);
  if (!facts) return [];
  const out: Array<{ test: Expr; want: boolean }> = [];
  const point = (loc: SrcLoc): boolean =>
    within(at, loc) && (at.line !== loc.line || at.column >= loc.column) && (at.line !== loc.endLine || loc.endColumn === undefined || at.column <= loc.endColumn);
  const inExpr = (e: Expr): void => {
    if (!point(srcLoc(at.file, e.loc))) return;
    if (e.t === 'ifexp') {
      const inBody = point(srcLoc(at.file, e.body.loc));
      const inElse = point(srcLoc(at.file, e.orelse.loc));
      if (inBody || inElse) out.push({ test: e.test, want: inBody });
    }
    forEachChild(e, inExpr);
  };
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (!point(srcLoc(at.file, s.loc))) continue;
      if (s.t === 'if') {
        const inBody = s.body.some((b) => point(srcLoc(at.file, b.loc)));
        const inElse = s.orelse.some((b) => point(srcLoc(at.file, b.loc)));
        if (inBody || inElse) {
          out.push({ test: s.test, want: inBody });
          visit(inBody ? s.body : s.orelse);
        }
        return;
      }
      if (s.t === 'def' || s.t === 'class') return visit(s.body);
      const inner = blocksOf(s).find((b) => b.some((x) => point(srcLoc(at.file, x.loc))));
      if (inner) return visit(inner);
      for (const e of exprsOf(s)) inExpr(e);
      if (s.t === 'assign') for (const t of s.targets) inExpr(t);
      return;
    }
  };
  visit(facts.body);
  return out;
}

/**
 * The `if` tests that return (or raise) before a point of code, in the blocks that hold it
 * (`if not DEBUG_ROUTES: return` at the top of the function that registers the routes): the code
 * after them runs only when they fail (`want: false`).
 */
function exitsBefore(project: Project, at: SrcLoc): Array<{ test: Expr; want: boolean }> {
  const facts = project.facts.get(at.file);
  if (!facts) return [];
  const out: Array<{ test: Expr; want: boolean }> = [];
  const exits = (ss: Stmt[]): boolean => {
    const last = ss[ss.length - 1];
    return last?.t === 'return' || last?.t === 'raise';
  };
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      const loc = srcLoc(at.file, s.loc);
      if (!within(at, loc)) {
        // an exit before the point (not after it: a decorator's point sits before the def's body)
        if (loc.line < at.line && s.t === 'if' && !s.orelse.length && exits(s.body)) out.push({ test: s.test, want: false });
        continue;
      }
      const inner = s.t === 'def' || s.t === 'class' ? s.body : blocksOf(s).find((b) => b.some((x) => within(at, srcLoc(at.file, x.loc))));
      if (inner) visit(inner);
      return;
    }
  };
  visit(facts.body);
  return out;
}

function within(at: SrcLoc, loc: SrcLoc): boolean {
  return at.line >= loc.line && at.line <= (loc.endLine ?? loc.line);
}

// ------------------------------------------------------------------ applying it to the routes

const conditionals = new WeakMap<Project, ConditionalAuth[]>();

const RANK = { exempt: 0, conditional: 1, required: 2 } as const;
const rank = (v: MiddlewareVerdict): number => RANK[v.status];

/** The routes a setting leaves open by default, grouped by middleware and switch (FA107). */
export function conditionalAuth(project: Project): readonly ConditionalAuth[] {
  return conditionals.get(project) ?? [];
}

/** The middleware of each app on the way to a route (outermost first), and the mount path of each. */
function appChains(project: Project): Map<InstRec, Map<unknown, Array<{ app: InstRec; mount: string }>>> {
  const out = new Map<InstRec, Map<unknown, Array<{ app: InstRec; mount: string }>>>();
  for (const top of project.servedApps) {
    const byRec = new Map<unknown, Array<{ app: InstRec; mount: string }>>();
    const walk = (app: InstRec, chainSoFar: Array<{ app: InstRec; mount: string }>, prefix: string, seen: Set<InstRec>): void => {
      if (seen.has(app) || !app.router) return;
      seen.add(app);
      const here = [...chainSoFar, { app, mount: prefix }];
      for (const r of app.router.routes) {
        if (r.kind === 'mount') {
          if (r.app.k === 'inst' && r.app.inst.router) walk(r.app.inst, here, prefix + r.path, seen);
        } else if (!byRec.has(r)) byRec.set(r, here);
      }
      seen.delete(app);
    };
    walk(top, [], '', new Set());
    out.set(top, byRec);
  }
  return out;
}

/** Middleware an app is wrapped in by code like `app = AuthMiddleware(app)` (user classes). */
function wrappers(project: Project): Map<InstRec, MiddlewareRec[]> {
  const out = new Map<InstRec, MiddlewareRec[]>();
  for (const inst of project.interp.insts) {
    if (inst.router || inst.cls.k !== 'class') continue;
    const wrapped = inst.args.pos[0] ?? inst.args.kw.get('app');
    if (!wrapped || wrapped.k !== 'inst' || !wrapped.inst.router) continue;
    const list = out.get(wrapped.inst) ?? [];
    list.push({ cls: inst.cls, args: { ...inst.args, pos: inst.args.pos.slice(1) }, loc: inst.loc, conditional: inst.conditional });
    out.set(wrapped.inst, list);
  }
  return out;
}

/**
 * Routes an authenticating middleware of their app (or of an app they are mounted in) covers become
 * `required` (evidence `middleware`); routes it covers only when a setting that is off by default is
 * on become `conditional` (`conditionalAuth` lists them for FA107).
 */
export function applyMiddlewareAuth(project: Project): void {
  const an = analyzerOf(project);
  const chains = appChains(project);
  const wrapped = wrappers(project);
  const found = new Map<string, ConditionalAuth>();
  const mwOf = new Map<InstRec, AuthMiddleware[]>();
  const authMiddleware = (app: InstRec): AuthMiddleware[] => {
    let list = mwOf.get(app);
    if (!list) {
      list = [];
      for (const m of [...(app.router?.middleware ?? []), ...(wrapped.get(app) ?? [])]) {
        const a = an.middleware(m, m.loc);
        if (a) list.push(a);
      }
      mwOf.set(app, list);
    }
    return list;
  };
  for (const r of project.routes) {
    if (r.auth === 'required') continue;
    const chain = chains.get(r.app)?.get(r.rec);
    if (!chain) continue;
    let best: MiddlewareVerdict | undefined;
    for (const { app, mount } of chain) {
      const mws = authMiddleware(app);
      if (!mws.length) continue;
      const rel = mount && r.path.startsWith(mount) ? r.path.slice(mount.length) || '/' : r.path;
      const view = (method: string | undefined): RouteView => ({ paths: rel === r.path ? [r.path] : [r.path, rel], method, kind: r.kind });
      for (const mw of mws) {
        const v = an.verdict(mw, view, r.methods, r.kind);
        if (v && (!best || rank(v) > rank(best))) best = v;
      }
      if (best?.status === 'required') break;
    }
    if (!best) continue;
    const ev = { via: 'middleware' as const, file: best.mw.loc.file, line: best.mw.loc.line, name: best.mw.name };
    if (best.status === 'exempt') {
      // the authenticating middleware's own list of exceptions names it: public on purpose
      if (r.auth === 'none') {
        r.public = true;
        r.publicBecause ??= `the authenticating middleware ${best.mw.name} (${best.mw.loc.file}:${best.mw.loc.line}) lets it through`;
      }
    } else if (best.status === 'required') {
      r.auth = 'required';
      r.evidence.push(ev);
      delete r.unknownBecause;
    } else if ((r.auth === 'none' || r.auth === 'optional') && !registeredUnder(an, r, best.sw!)) {
      r.auth = 'conditional';
      r.evidence.push(ev);
      const sw = best.sw!;
      const key = `${best.mw.name}|${sw.at.file}:${sw.at.line}:${sw.at.column}`;
      let c = found.get(key);
      if (!c) found.set(key, (c = { what: 'middleware', name: best.mw.name, loc: best.mw.loc, credential: best.rejection.credential, sw, routes: [] }));
      c.routes.push(r);
    }
  }
  // dependencies attached only while a setting is on (`dependencies=[Depends(check)] if settings.key else []`)
  for (const r of project.routes) {
    if (r.auth !== 'required' || !r.evidence.length) continue;
    let first: { top: RouteInfo['deps'][number]; sw: AuthSwitch } | undefined;
    const all = r.evidence.every((e) => {
      const tops = r.deps.filter((d) => d.via === e.via && (d.node.alias?.name ?? d.node.name) === e.name);
      if (!tops.length) return false;
      return tops.every((d) => {
        const sw = an.switchAround(d.node.spec.loc) ?? factorySwitch(project, an, d.node);
        if (sw && !sw.unknownDefault && !registeredUnder(an, r, sw)) first ??= { top: d, sw };
        return sw !== undefined && !sw.unknownDefault && !registeredUnder(an, r, sw);
      });
    });
    if (!all || !first) continue;
    const { top, sw } = first;
    r.auth = 'conditional';
    const name = top.node.alias?.name ?? top.node.name;
    const key = `${name}|${sw.at.file}:${sw.at.line}:${sw.at.column}`;
    let c = found.get(key);
    if (!c) found.set(key, (c = { what: 'dependency', name, loc: top.node.spec.loc, sw, routes: [] }));
    c.routes.push(r);
  }
  // dependencies whose every check a setting skips by default
  for (const r of project.routes) {
    if (r.auth !== 'required' || r.evidence.some((e) => e.via !== 'param' && e.via !== 'decorator' && e.via !== 'router' && e.via !== 'include' && e.via !== 'app')) continue;
    const checks: DepNode[] = [];
    const seen = new Set<DepNode>();
    const walk = (n: DepNode): void => {
      if (seen.has(n)) return;
      seen.add(n);
      const o = n.own;
      if (o.kind === 'rejects' || o.kind === 'security' || o.kind === 'configured' || (o.kind === 'verifies' && o.raises && o.credential.enforced)) checks.push(n);
      n.children.forEach(walk);
    };
    for (const d of r.deps) walk(d.node);
    let first: { node: DepNode; sw: AuthSwitch } | undefined;
    const all =
      checks.length > 0 &&
      checks.every((n) => {
        const hit = skippedWith(project, an, n);
        if (hit) first ??= hit;
        return hit !== undefined;
      });
    if (!all || !first) continue;
    const { node, sw } = first;
    r.auth = 'conditional';
    const key = `${node.name}|${sw.at.file}:${sw.at.line}:${sw.at.column}`;
    let c = found.get(key);
    if (!c) found.set(key, (c = { what: 'check', name: node.alias?.name ?? node.name, loc: node.spec.loc, sw, routes: [] }));
    c.routes.push(r);
  }
  // a handler whose own check a setting skips by default (`if not self.auth_provider: return` before it)
  for (const r of project.routes) {
    if (r.auth !== 'required' || !r.handlerCheck?.bypass || r.evidence.some((e) => e.via !== 'handler')) continue;
    const sw = an.handlerSkippedByDefault(r);
    if (!sw || registeredUnder(an, r, sw)) continue;
    r.auth = 'conditional';
    const at = r.handlerCheck.bypass.loc;
    const fn = unitAt(project, at)?.fn;
    const name = fn ? `${fn.module.name}.${fn.qualname}` : r.handlerName;
    const key = `${name}|${sw.at.file}:${sw.at.line}:${sw.at.column}`;
    let c = found.get(key);
    if (!c) found.set(key, (c = { what: 'handler', name, loc: at, sw, routes: [] }));
    c.routes.push(r);
  }
  // a check in the handler's own code that a setting skips by default (`if settings.api_key: if key != ...: raise 401`)
  for (const r of project.routes) {
    if (r.auth !== 'required' || !r.evidence.length || r.evidence.some((e) => e.via !== 'handler')) continue;
    const hit = handlerSkipped(an, r);
    if (!hit) continue;
    r.auth = 'conditional';
    const key = `${hit.name}|${hit.sw.at.file}:${hit.sw.at.line}:${hit.sw.at.column}`;
    let c = found.get(key);
    if (!c) found.set(key, (c = { what: 'handler', name: hit.name, loc: hit.loc, sw: hit.sw, routes: [] }));
    c.routes.push(r);
  }
  conditionals.set(
    project,
    [...found.values()].sort((a, b) => (a.sw.at.file < b.sw.at.file ? -1 : a.sw.at.file > b.sw.at.file ? 1 : a.sw.at.line - b.sw.at.line)),
  );
}

/** The setting that skips the check a route's handler makes itself, by default (the check the route's analysis recorded). */
function handlerSkipped(an: Analyzer, r: RouteInfo): { name: string; loc: SrcLoc; sw: AuthSwitch } | undefined {
  const check = r.handlerCheck;
  if (!check) return undefined;
  const { fn, auth } = check;
  const node: DepNode = {
    name: `${fn.module.name}.${fn.qualname}`,
    kind: 'function',
    param: null,
    spec: { security: false, scopes: [], useCache: true, loc: fn.loc },
    call: r.rec.handler,
    loc: fn.loc,
    children: [],
    own: {
      kind: 'rejects',
      rejection: auth.rejection,
      credential: auth.credential,
      ...(check.bypass ? { bypass: check.bypass } : {}),
      ...(auth.under ? { under: auth.under } : {}),
    },
  };
  const sw = an.skippedByDefault(node);
  // handlers that share the code that checks (one calls the other) are one finding, named after that code
  const at = auth.rejection.fn;
  return sw && { name: `${at.module.name}.${at.qualname}`, loc: at.loc, sw };
}

/**
 * The setting under which a factory hands out the dependency: `Depends(choose_auth())` where
 * `choose_auth` returns the checking callable only `if settings.api_key:` (and a no-op otherwise).
 * Every `return` of the factory that hands out this callable must sit under a test that is off by
 * default.
 */
function factorySwitch(project: Project, an: Analyzer, n: DepNode): AuthSwitch | undefined {
  const target = n.call;
  if (!target || (target.k !== 'func' && target.k !== 'inst' && target.k !== 'method')) return undefined;
  const call = callAt(project, n.spec.loc);
  const arg = call?.args.find((a) => !a.star && (a.name === undefined || a.name === 'dependency'));
  const unit = unitAt(project, n.spec.loc);
  if (!arg || arg.v.t !== 'call' || !unit) return undefined;
  const ix = codeIndex(project);
  let callee = ix.resolver.value(unit, arg.v.fn);
  // `self.pick_auth()` in a method whose `self` the resolver does not know: the class's own method
  const f = arg.v.fn;
  const owner = unit.fn?.ownerClass;
  if (callee.k === 'unknown' && owner && f.t === 'attr' && f.obj.t === 'name' && f.obj.id === unit.fn?.params?.[0]?.name)
    callee = project.interp.classAttr(owner, f.attr) ?? callee;
  const fns = alternatives(callee).flatMap((v) => (v.k === 'func' ? [unwrap(v.fn)] : v.k === 'method' && v.fn ? [unwrap(v.fn)] : []));
  const fn = fns[0];
  if (fns.length !== 1 || !fn) return undefined;
  const same = (v: Value): boolean =>
    (v.k === 'func' && target.k === 'func' && unwrap(v.fn) === unwrap(target.fn)) ||
    (v.k === 'inst' && target.k === 'inst' && v.inst === target.inst) ||
    (v.k === 'method' && target.k === 'method' && v.fn !== undefined && v.fn === target.fn);
  const fnUnit = ix.unitOf(fn);
  let sw: AuthSwitch | undefined;
  let all = true;
  eachStmt(fn.def.body, (st) => {
    if (st.t !== 'return' || !st.v || !alternatives(ix.resolver.value(fnUnit, st.v)).some(same)) return;
    const here = an.switchAround(srcLoc(fn.module.file, st.loc));
    if (here && !here.unknownDefault) sw ??= here;
    else all = false;
  });
  return all ? sw : undefined;
}

/**
 * The setting that skips a dependency's check by default: its own (`skippedByDefault`), or the one
 * of the sub-dependencies it gets its credential from. A check whose every credential comes from
 * sub-dependencies that a setting skips (`require_admin(user=Depends(user_or_default))` testing
 * `user.is_admin`) tests, with the setting off, what they hand it in place of a credential (a
 * default user): a rejection that depends on no credential does not authenticate. A credential of
 * its own (a header it reads, a scheme it receives directly, a dependency we cannot see into) keeps
 * the check. The node reported is the sub-dependency that holds the switch.
 */
function skippedWith(project: Project, an: Analyzer, n: DepNode, seen = new Set<DepNode>()): { node: DepNode; sw: AuthSwitch } | undefined {
  const own = an.skippedByDefault(n);
  if (own) return { node: n, sw: own };
  if (seen.has(n) || n.call === undefined || (n.own.kind !== 'rejects' && n.own.kind !== 'verifies')) return undefined;
  seen.add(n);
  const sig = project.deps.signature(n.call);
  if (!sig) return undefined;
  const seeds = project.deps.seeds(sig.fn, sig.params, n.children);
  let first: { node: DepNode; sw: AuthSwitch } | undefined;
  for (const param of seeds.keys()) {
    const child = n.children.find((c) => c.param === param);
    const hit = child && skippedWith(project, an, child, seen);
    if (!hit) return undefined;
    first ??= hit;
  }
  return first;
}

const analyzers = new WeakMap<Project, Analyzer>();
function analyzerOf(project: Project): Analyzer {
  let an = analyzers.get(project);
  if (!an) analyzers.set(project, (an = new Analyzer(project)));
  return an;
}

/**
 * The setting a route's registration depends on, when it is off by default: the route (or an include
 * on its way) sits under `if settings.ENV == "development":`, `if os.getenv("DEBUG_ROUTES"):`. The
 * server does not serve it unless someone turns the setting on.
 */
export function servedOnlyWhen(project: Project, r: RouteInfo): AuthSwitch | undefined {
  const an = analyzerOf(project);
  for (const loc of [r.rec.loc, ...r.hops.filter((h) => h.kind === 'include').map((h) => h.loc)]) {
    const sw = an.switchAround(loc);
    if (sw && !sw.unknownDefault) return sw;
  }
  return undefined;
}

/**
 * The setting a route's handler refuses every request under, before it does anything, when that
 * setting holds by default: `if not settings.enable_management_endpoints: raise HTTPException(403)`.
 * The route is off until an operator turns it on (like a route registered only under the setting).
 */
export function refusedUnless(project: Project, r: RouteInfo): AuthSwitch | undefined {
  if (!r.handler) return undefined;
  const fn = unwrap(r.handler);
  const body = withoutDocstring(fn.def.body);
  const first = body[0];
  const next = body[1];
  if (first?.t !== 'if' || first.orelse.length || first.body[first.body.length - 1]?.t !== 'raise' || !next) return undefined;
  const sw = analyzerOf(project).switchAround(srcLoc(fn.module.file, next.loc));
  return sw && !sw.unknownDefault ? sw : undefined;
}

/** Is the route itself registered (or included) only under the switch's test? Then turning it off removes the route, not its auth. */
function registeredUnder(an: Analyzer, r: RouteInfo, sw: AuthSwitch): boolean {
  const same = (x: AuthSwitch | undefined): boolean => x !== undefined && x.at.file === sw.at.file && x.at.line === sw.at.line && x.at.column === sw.at.column;
  return same(an.switchAround(r.rec.loc)) || r.hops.some((h) => h.kind === 'include' && same(an.switchAround(h.loc)));
}
