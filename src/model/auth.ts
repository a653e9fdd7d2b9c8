/**
 * Authentication is a credential checked, with a rejection that depends on it (DESIGN.md "What
 * counts as authentication"). This file reads one function body (a dependency, a handler, a
 * middleware's `dispatch`) and the project helpers it calls, and says:
 *
 * - which **credential** reaches it: a security scheme's value, a `Header`/`Cookie`/`Query`
 *   parameter or a `request.headers`/`cookies`/`query_params` entry named like a credential,
 *   `request.session`, `request.user`/`request.auth`, `request.state.user`, a webhook signature
 *   header, or the value of a dependency that carries one;
 * - which **rejection** it can make: `raise` of an exception carrying 401/403 (WebSocket 1008) in
 *   any spelling, a 3xx redirect to a login page, a returned 401/403 response or redirect (handlers
 *   and middleware only: FastAPI drops what a dependency returns), `websocket.close(code=1008)`, a
 *   signature-verification call that raises;
 * - whether the credential **reaches the condition** of that rejection: the `if`/`while`/`match`
 *   test that guards it (or an earlier test whose branch exits) verifies the credential — compares
 *   it with something that is not trivial, passes it to a library call or to a helper that
 *   verifies it, looks it up — or tests a value derived through such a verification
 *   (`user = get_user(token); if not user: raise 401`), or the rejection sits in the `except` of a
 *   `try` whose body verifies it (`jwt.decode(token, ...)`). A test of the raw credential's mere
 *   presence (`if not token: raise 401`) verifies nothing; a value middleware has already checked
 *   (`request.session`, `request.user`, `request.state.user`) counts when present.
 *
 * It also reports what happens to a credential that is not checked here: verified without a
 * rejection of ours (the scheme or a required header then refuses missing ones), returned to the
 * consumer, or neither (FA108). Helpers are followed through calls, `self.` methods and class
 * attributes, a few levels deep.
 */
import type { DefStmt, Expr, Stmt } from '../facts/ir.js';
import { eachExpr, eachStmt, exprsOf, pythonText, withoutDocstring } from '../analysis/ir.js';
import type { Interp } from './interp.js';
import { isTestPath } from './testcode.js';
import { UNKNOWN, alternatives, asStr, srcLoc, type ClassRec, type FuncRec, type Scope, type SrcLoc, type Value } from './values.js';

const REJECT_STATUSES = new Set([401, 403, 1008]);

/** A credential as it reaches a function. */
export interface Cred {
  /** What the client sends: `header X-API-Key (APIKeyHeader)`, `cookie session`, `request.session`. */
  desc: string;
  /**
   * Known good once present: set by middleware that checked it (`request.session`, `request.user`,
   * `request.state.user`), or derived from the credential through a verification (`jwt.decode(token)`).
   */
  verified: boolean;
  /** Requests without it are refused before the code runs (a scheme with `auto_error`, `Header()` without a default). */
  enforced: boolean;
  /** A webhook signature (header): a 400 rejects it as well. */
  signature?: boolean;
  /** Only the request handed to code we cannot read: its 401 counts, nothing else. */
  weak?: boolean;
}

type RejectionKind = 'status' | 'response' | 'redirect' | 'close' | 'signature' | 'raises';

export interface Rejection {
  loc: SrcLoc;
  /** The HTTP status (or WebSocket close code); 0 for an exception of a verification call. */
  status: number;
  kind: RejectionKind;
  /** The library call for `signature`/`raises` (`stripe.Webhook.construct_event`). */
  what?: string;
  /** The function whose body rejects (may be a helper the dependency calls). */
  fn: FuncRec;
}

/** A credential that reaches a rejection's condition. */
export interface Authn {
  credential: Cred;
  rejection: Rejection;
  /** The innermost test on no credential (a setting, a mode) the rejection sits under (`if self.api_key: ... raise`). */
  under?: SettingTest;
}

/** An `if` test that involves no credential, and the branch (`want`: its body) the code sits in. */
export interface SettingTest {
  text: string;
  loc: SrcLoc;
  test: Expr;
  want: boolean;
}

/** What a function does with credentials. */
export interface FnAuth {
  /** The function read. */
  fn?: FuncRec;
  /** A credential reaches a rejection's condition: the function authenticates. */
  auth?: Authn;
  /** The first credential it receives or reads. */
  credential?: Cred;
  /** A credential it verifies (compares, decodes, looks up, hands to library code or a helper that verifies it). */
  verified?: Cred;
  /**
   * A credential handed to code that may raise when it is bad (a library or unresolved call that is
   * not a mere predicate such as `compare_digest` or a dict `.get`), outside a `try`: with a credential
   * the request cannot omit, that refuses bad ones even without a rejection of ours.
   */
  raising?: Cred;
  /** The credential (or a value made of it) it returns. */
  returns?: Cred;
  /** A credential went where we cannot follow it: stored on an object, captured by a closure, yielded. */
  opaque?: boolean;
  /** A `return` reached, before the check, under a condition that involves no credential: the check may be skipped. */
  bypass?: SettingTest;
  /** The first rejection in its body or the helpers it calls, whatever the condition. */
  rejection?: Rejection;
}

/** What a parameter brings in: a credential, or a view of the request a credential can be read from. */
export type Seed = { k: 'cred'; cred: Cred } | { k: 'req'; view: ReqView };
/** `message`: what a WebSocket received (`await websocket.receive_json()`), whose credential-named fields are credentials (an auth handshake). */
type ReqView = 'request' | 'state' | 'headers' | 'cookies' | 'query' | 'client' | 'message';

export interface AnalyzeOptions {
  /** A returned 401/403 response or redirect rejects (handlers, middleware; not dependencies). */
  responses?: boolean;
  /** A WebSocket handler: returning before its work ends the connection, a rejection when a credential decided it. */
  websocket?: boolean;
}

const MAX_HELPER_DEPTH = 4;
/** Expression visits per top-level analysis: a bound on hostile or huge helper graphs. */
const MAX_VISITS = 20_000;

// ------------------------------------------------------------------ names of credentials

/** `XApiKey` / `x-api-key` / `X_API_KEY` → ["x", "api", "key"]. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const CRED_WORDS = new Set(['authorization', 'token', 'apikey', 'password', 'passwd', 'secret', 'signature', 'credential', 'credentials', 'jwt', 'bearer', 'auth']);
const KEY_QUALIFIERS = new Set([
  'api',
  'x',
  'access',
  'auth',
  'secret',
  'private',
  'client',
  'admin',
  'service',
  'session',
  'app',
  'master',
  'internal',
  'partner',
  'integration',
  'signing',
  'webhook',
  'shared',
  'root',
  'bearer',
  'subscription',
  'license',
]);
/** Names about a credential rather than the credential (`token_type`, `api_key_name`), or not credentials at all. */
const ABOUT = new Set([
  'type',
  'name',
  'url',
  'uri',
  'expires',
  'expiry',
  'exp',
  'header',
  'prefix',
  'scheme',
  'length',
  'format',
  'version',
  'hint',
  'policy',
  'scope',
  'scopes',
  'status',
  'endpoint',
  'mode',
  'provider',
  'method',
  'enabled',
  'required',
  'count',
  'ttl',
]);
/** Words that make a name something else: CSRF tokens, pagination tokens, request metadata, identities anyone can claim. */
// prettier-ignore
const NOT_CRED = new Set([
  'csrf', 'xsrf', 'request', 'trace', 'forwarded', 'idempotency', 'correlation', 'role', 'roles', 'tenant', 'lang', 'language', 'agent',
  'timezone', 'origin', 'referer', 'referrer', 'vary', 'host', 'page', 'next', 'continuation', 'cursor', 'pagination', 'paging', 'sync', 'max',
  'min', 'count', 'usage', 'limit', 'limits',
]);

/**
 * Is a header, cookie or query parameter of this name a credential? `Authorization`, `X-API-Key`,
 * `x-token`, `access_token`, `api_key`, `X-Hub-Signature-256`, `session` (cookies), `jwt`. Not
 * `X-CSRF-Token`, `X-Request-Id`, `X-Role`, `token_type`.
 */
export function credentialWire(name: string, kind: 'header' | 'cookie' | 'query' | 'param'): { signature: boolean } | undefined {
  const w = nameWords(name);
  if (!w.length || w.some((x) => NOT_CRED.has(x))) return undefined;
  const last = w[w.length - 1]!;
  if (ABOUT.has(last)) return undefined;
  const signature = w.some((x) => x === 'signature' || x === 'sig' || x === 'hmac');
  if (signature) return { signature: true };
  // a plain parameter (a query parameter to FastAPI) counts only with a name that says token or key
  if (kind === 'param') {
    // `key` alone or `api_key`/`access_key` (not `plugin_key`, `cache_key`: identifiers)
    if (/^(token|apikey|secret|password|passwd|passcode)$/.test(last)) return { signature: false };
    if (last === 'key' && (w.length === 1 || KEY_QUALIFIERS.has(w[w.length - 2]!))) return { signature: false };
    return undefined;
  }
  if (w.some((x) => CRED_WORDS.has(x))) return { signature: false };
  if (w.includes('key') && (w.length === 1 || w.some((x) => KEY_QUALIFIERS.has(x)))) return { signature: false };
  if (kind === 'cookie' && w.some((x) => x === 'session' || x === 'sessionid' || x === 'sid' || x === 'login' || x === 'remember')) return { signature: false };
  return undefined;
}

/** `settings.SESSION_COOKIE_NAME`, `AUTH_HEADER`: an expression whose name says it names a credential. */
function credentialNameExpr(text: string): boolean {
  // `self._token_header.value.lower()`: the name of what holds it (an enum's value, a transformed copy)
  text = text.replace(/(\.(value|lower\(\)|upper\(\)|strip\(\)|casefold\(\)))+$/, '');
  const w = nameWords(text.slice(text.lastIndexOf('.') + 1));
  return w.some((x) => CRED_WORDS.has(x) || x === 'session' || x === 'apikey') || (w.includes('key') && w.some((x) => KEY_QUALIFIERS.has(x)));
}

/** Attributes of `request.state` that middleware sets after authenticating. */
const STATE_USER = /^(user|current_user|auth|authenticated|principal|identity|account|claims|session|token|api_key|subject|caller|member|credentials?|auth_\w+|\w+_user)$/;

// ------------------------------------------------------------------ statuses

const HTTP_STATUS_NAMES: Record<string, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  BAD_REQUEST: 400,
  MOVED_PERMANENTLY: 301,
  FOUND: 302,
  SEE_OTHER: 303,
  TEMPORARY_REDIRECT: 307,
  PERMANENT_REDIRECT: 308,
  PROXY_AUTHENTICATION_REQUIRED: 407,
};

/** A status code a value stands for: a number, `HTTPStatus.UNAUTHORIZED`, `HTTPStatus.FORBIDDEN.value`. */
function statusOf(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.k === 'num') return v.v;
  if (v.k === 'ext') {
    const m = /(?:^|\.)HTTPStatus\.([A-Z_]+)(?:\.value)?$/.exec(v.path);
    if (m) return HTTP_STATUS_NAMES[m[1]!];
  }
  if (v.k === 'choice') {
    const alts = alternatives(v).map(statusOf);
    return alts.find((s) => s !== undefined && REJECT_STATUSES.has(s)) ?? alts.find((s) => s !== undefined);
  }
  return undefined;
}

const isRedirect = (s: number | undefined): boolean => s !== undefined && s >= 300 && s < 400;
/** A URL (its source text) that leads to a login page. */
const LOGIN_URL = /log_?in|sign_?in|signin|auth|sso|oauth|oidc|saml|session/i;
/** WebSocket close codes that refuse a connection for its credentials (1008, and the 4001/4003/4401/4403 conventions). */
const CLOSE_CODES = new Set([1008, 4001, 4003, 4401, 4403]);

// ------------------------------------------------------------------ library calls

/** Library calls that verify a webhook signature and raise when it does not match. */
const SIGNATURE_RAISES = /(^|\.)(Webhook\.construct_event|WebhookSignature\.verify_header|construct_event)$|^(svix|standardwebhooks)(\.[\w.]+)?\.Webhook\(\)\.verify$/;
/** Library calls that verify a webhook signature and answer True/False. */
const SIGNATURE_TESTS = /^slack_sdk\.signature(\.[\w.]+)?\.SignatureVerifier\(\)\.is_valid(_request)?$/;
/** slack_bolt request handlers: the app they wrap verifies Slack's signature when built with a `signing_secret`. */
const BOLT_HANDLER = /^slack_bolt\.adapter\.[\w.]+\.(Async)?SlackRequestHandler$/;
/** Library calls that raise on a bad credential (`jwt.decode`, `serializer.loads`, `verify_id_token`). */
const RAISING_VERIFY = /(^|\.)(decode|decode_\w+|\w*verify\w*|loads|unsign|validate_token|parse_token|construct_event)$/;
/** Calls that answer a question about a credential without raising on a bad one (their result must be tested). */
const PREDICATE =
  /(^|\.)(compare_digest|get|get_or_none|exists|has_\w+|is_\w+|match|fullmatch|search|__contains__|count|find|find_one|first|one_or_none|scalar|scalar_one_or_none)$/;
/** Library calls that do nothing with a value but copy, print or wrap it (no verification). */
const HARMLESS =
  /^(builtins\.(str|repr|print|format|dict|list|tuple|set|len|isinstance|issubclass|callable|bool|int|float|type|id|hash|getattr|hasattr|sorted|reversed|enumerate|zip|min|max|any|all|bytes|iter|next)|typing\.\w+|logging\.\w+|json\.\w+|inspect\.\w+|asyncio\.\w+|copy\.\w+|base64\.\w+|binascii\.\w+|urllib\.parse\.\w+|uuid\.\w+|datetime\.\w+|re\.(escape|compile)|fastapi\.\w*Response|fastapi\.(HTTPException|WebSocketException)|starlette\.responses\.\w+|fastapi\.responses\.\w+)$/;
/** Methods of strings and containers: they transform the value, they do not verify it. */
// prettier-ignore
const TRANSFORMS = new Set([
  'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'casefold', 'encode', 'decode', 'removeprefix', 'removesuffix', 'replace', 'split', 'rsplit',
  'partition', 'rpartition', 'startswith', 'endswith', 'get', 'items', 'keys', 'values', 'copy', 'format', 'join', 'title', 'to_dict', 'dict', 'model_dump',
]);
/** Methods that schedule work for later: what they are handed is not checked before the response. */
const DEFERRED = new Set([
  'add_task',
  'create_task',
  'ensure_future',
  'submit',
  'delay',
  'apply_async',
  'send_task',
  'enqueue',
  'put_nowait',
  'call_soon',
  'run_coroutine_threadsafe',
]);
/** Calls that run a function in a thread pool, with the arguments that follow it. */
const OFFLOAD = /^(run_in_threadpool|run_sync|to_thread|run_in_executor)$/;
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log', 'msg', 'print']);

// ------------------------------------------------------------------ the analyzer

interface Info {
  /** The value is (made of) this credential. */
  cred?: Cred;
  /** The value is the request or one of its credential-bearing views. */
  req?: ReqView;
  /** Evaluating it verified this credential. */
  verifies?: Cred;
  /** Evaluating it authenticates (a helper that authenticates, a signature call that raises). */
  auth?: Authn;
  /** Evaluating it may reject, whatever the condition (a helper that rejects). */
  rejects?: Rejection;
  /** A credential went where we cannot follow it. */
  opaque?: boolean;
}

interface Ctx {
  /** The credential of the innermost test that guards this code (a test that verifies one). */
  guard?: Cred;
  /** Inside an `except` of a `try` whose body verified this credential (or ran a signature check). */
  caught?: Cred;
  /** Inside a `try` body: a raising verification here is caught, not a rejection. */
  inTry: boolean;
  /** The innermost `if` test that involves no credential (a setting, a mode), for bypasses. */
  setting?: SettingTest;
  /** ... and a handler catches `HTTPException` (bare `except`, `Exception`, `BaseException`, `HTTPException`): a helper's 401 is caught too. */
  catchesHttp?: boolean;
}

/** One function's walk: its taints and what it found. */
interface Walk {
  fn: FuncRec;
  scope: Scope;
  taint: Map<string, Seed>;
  /** Local names bound to one expression (last assignment), for resolving callees and exceptions. */
  locals: Map<string, Expr>;
  out: FnAuth;
  depth: number;
  opts: AnalyzeOptions;
  /** The instance a method's `self` stands for, when known (a callable dependency instance). */
  self?: Value;
  /** The credential verified last (a `try` reads it after its body). */
  recent?: Cred;
}

export class AuthAnalyzer {
  private readonly memo = new Map<string, FnAuth>();
  private readonly active = new Set<string>();
  private readonly classMemo = new Map<ClassRec, number | null>();
  /** Functions defined inside a function body (read on demand), and the function they sit in. */
  private readonly nested = new Map<FuncRec, FuncRec>();
  private readonly nestedDefs = new Map<Stmt, FuncRec>();
  private readonly defsIn = new Map<FuncRec, Map<string, DefStmt>>();
  private visits = 0;
  /** The current top-level analysis ran out of budget: its answers are partial. */
  private cut = false;

  /** The credential a security scheme class reads (set by the dependency builder, which knows the schemes). */
  schemeCred?: (cls: ClassRec, self: Value | undefined) => Cred | undefined;

  constructor(private readonly ip: Interp) {}

  /**
   * What `fn` does with credentials, given what its parameters bring in (`seeds`). `self` is the
   * instance a method runs on, when known.
   */
  analyze(fn: FuncRec, seeds: ReadonlyMap<string, Seed>, opts: AnalyzeOptions = {}, self?: Value, depth = 0): FnAuth {
    const target = unwrap(fn);
    const key = `${target.id}|${opts.responses ? 1 : 0}${opts.websocket ? 1 : 0}|${self?.k === 'inst' ? self.inst.id : ''}|${[...seeds].map(([k, s]) => `${k}=${s.k === 'req' ? s.view : `${s.cred.desc}/${+s.cred.verified}${+s.cred.enforced}${+!!s.cred.weak}`}`).join(',')}`;
    const m = this.memo.get(key);
    if (m) return m;
    if (this.active.has(key)) return {};
    if (depth === 0) {
      this.visits = 0;
      this.cut = false;
    }
    this.active.add(key);
    const w: Walk = {
      fn: target,
      scope: { vars: new Map(), parent: target.closure, module: target.module },
      taint: new Map(seeds),
      locals: new Map(),
      out: { fn: target },
      depth,
      opts,
    };
    if (self) w.self = self;
    for (const s of seeds.values()) if (s.k === 'cred') w.out.credential ??= s.cred;
    // a parameter annotated `Request`/`WebSocket`/`HTTPConnection` (or named so, unannotated) is the request
    for (const p of target.params ?? []) {
      if (seeds.has(p.name)) continue;
      if (this.isRequestParam(target, p.name)) w.taint.set(p.name, { k: 'req', view: 'request' });
    }
    this.block(w, target.def.body, { inTry: false });
    // a generator dependency hands its value out with `yield`, which the IR does not keep
    if (target.def.gen && w.out.credential && !w.out.verified && !w.out.auth) w.out.opaque = true;
    this.active.delete(key);
    // an answer cut short by the budget is not the function's answer: another caller may get further
    if (!this.cut) this.memo.set(key, w.out);
    return w.out;
  }

  /** Does a parameter of `fn` receive the request (annotated `Request`, `WebSocket`, `HTTPConnection`, or named like it without annotation)? */
  isRequestParam(fn: FuncRec, name: string): boolean {
    const p = fn.params?.find((x) => x.name === name);
    if (!p) return false;
    const ann = this.ip.annotationOf(fn, p);
    if (ann && ann.k !== 'unknown')
      return alternatives(ann.k === 'annotated' ? ann.base : ann).some((a) => a.k === 'ext' && /(^|\.)(Request|WebSocket|HTTPConnection)$/.test(a.path));
    // an annotation we could not evaluate (the evaluation budget, a string): its text
    const text = fn.def.params.find((x) => x.name === name)?.ann;
    if (text) return /(^|\.)(Request|WebSocket|HTTPConnection)\b/.test(sourceText(text));
    return /^(request|req|websocket|ws|conn|connection|http_request)$/.test(name);
  }

  // ---------------------------------------------------------------- statements

  /** Walks a block; returns the guard under which some path of it exits (so that later statements are guarded). */
  private block(w: Walk, stmts: Stmt[], ctx: Ctx): Cred | undefined {
    let guard = ctx.guard;
    let exitGuard: Cred | undefined;
    for (const s of stmts) {
      const g = this.stmt(w, s, guard === ctx.guard ? ctx : { ...ctx, guard });
      if (g) {
        exitGuard ??= g;
        guard ??= g;
      }
    }
    return exitGuard;
  }

  private stmt(w: Walk, s: Stmt, ctx: Ctx): Cred | undefined {
    const guardOf = (info: Info): Cred | undefined => info.verifies ?? (info.cred?.verified ? info.cred : undefined);
    switch (s.t) {
      case 'assign': {
        if (!s.v) return undefined;
        const info = this.expr(w, s.v, ctx);
        this.helperRejects(w, info, ctx);
        for (const t of s.targets) this.bindTarget(w, t, s.v, info);
        return undefined;
      }
      case 'aug': {
        const info = this.expr(w, s.v, ctx);
        if (s.target.t === 'name' && info.cred) w.taint.set(s.target.id, { k: 'cred', cred: info.cred });
        return undefined;
      }
      case 'expr': {
        const info = this.expr(w, s.v, ctx);
        this.helperRejects(w, info, ctx);
        const close = this.closeRejection(w, s.v);
        if (close) this.rejection(w, close, ctx, info);
        return undefined;
      }
      case 'return': {
        // a way out before any check, on a condition that involves no credential (`if not config.multiuser: return SYSTEM_USER`)
        // (a WebSocket handler's own `return` ends the connection unserved: no way through)
        if (ctx.setting && !ctx.guard && !ctx.caught && !w.out.auth && !(w.opts.websocket && w.depth === 0)) w.out.bypass ??= ctx.setting;
        if (w.opts.websocket && w.depth === 0 && (ctx.guard || ctx.caught))
          this.rejection(w, { loc: srcLoc(w.fn.module.file, s.loc), status: 1000, kind: 'close', fn: w.fn }, ctx, {});
        if (!s.v) return ctx.guard;
        const info = this.expr(w, s.v, ctx);
        this.helperRejects(w, info, ctx);
        // `return await websocket.close(WS_1008_POLICY_VIOLATION)` (in a helper too)
        const close = this.closeRejection(w, s.v);
        if (close) this.rejection(w, close, ctx, info);
        if (info.cred) {
          const r = info.verifies ? { ...info.cred, verified: true } : info.cred;
          w.out.returns = w.out.returns && !w.out.returns.weak ? w.out.returns : (better(w.out.returns, r) ?? r);
        }
        if (w.opts.responses && w.depth === 0) {
          const r = this.responseRejection(w, s.v);
          if (r) this.rejection(w, r, ctx, info);
        }
        return ctx.guard;
      }
      case 'raise': {
        if (!s.exc) {
          // a bare `raise` in an `except` re-raises what the verification raised
          if (ctx.caught) this.rejection(w, { loc: srcLoc(w.fn.module.file, s.loc), status: 0, kind: 'raises', fn: w.fn }, ctx, {});
          return ctx.guard;
        }
        const info = this.expr(w, s.exc, ctx);
        const r = this.raiseRejection(w, s.exc, s.loc);
        if (r) this.rejection(w, r, ctx, info);
        return ctx.guard;
      }
      case 'if': {
        const info = this.expr(w, s.test, ctx);
        const g = guardOf(info);
        const plain = !g && !info.cred && !info.req && !info.verifies;
        const setting = (want: boolean, test = s.test): Ctx => ({ ...ctx, setting: { text: pythonText(test, 60), loc: srcLoc(w.fn.module.file, s.loc), test, want } });
        // `if self.api_key and not valid(key): raise ...`: the body runs only while the plain conjunct (a setting) holds
        const conj =
          !plain && s.test.t === 'boolop' && s.test.op === 'and'
            ? s.test.values.find((v) => {
                const i = this.expr(w, v, ctx);
                return !i.cred && !i.req && !i.verifies;
              })
            : undefined;
        // `if settings.password is None or user is not None: return`: the way out is taken whenever the plain disjunct (a setting) holds, whatever the credential
        const disj =
          !plain && s.test.t === 'boolop' && s.test.op === 'or'
            ? s.test.values.find((v) => {
                const i = this.expr(w, v, ctx);
                return !i.cred && !i.req && !i.verifies;
              })
            : undefined;
        if (disj && !ctx.guard && !ctx.caught && !w.out.auth && s.body.some((x) => x.t === 'return')) w.out.bypass ??= setting(true, disj).setting;
        const a = this.block(w, s.body, g ? { ...ctx, guard: g, ...(conj ? { setting: setting(true, conj).setting } : {}) } : plain ? setting(true) : ctx);
        const b = this.block(w, s.orelse, g ? { ...ctx, guard: g } : plain ? setting(false) : ctx);
        if (g && (!completes(s.body) || !completes(s.orelse))) return g;
        return a ?? b;
      }
      case 'while': {
        const info = this.expr(w, s.test, ctx);
        const g = guardOf(info);
        const inner: Ctx = g ? { ...ctx, guard: g } : ctx;
        return this.block(w, s.body, inner) ?? this.block(w, s.orelse, inner);
      }
      case 'for': {
        const info = this.expr(w, s.iter, ctx);
        if (info.cred) this.bindTarget(w, s.target, null, info);
        return this.block(w, s.body, ctx) ?? this.block(w, s.orelse, ctx);
      }
      case 'with': {
        for (const it of s.items) {
          const info = this.expr(w, it.ctx, ctx);
          if (it.as) this.bindTarget(w, it.as, it.ctx, info);
        }
        return this.block(w, s.body, ctx);
      }
      case 'try': {
        const saved = w.recent;
        w.recent = undefined;
        const beforeAuth = w.out.auth;
        const broadType = (t: Expr): boolean => (t.t === 'tuple' ? t.items.some(broadType) : /(^|\.)(Exception|BaseException|HTTPException)$/.test(sourceText(t)));
        const broad = s.handlers.some((h) => !h.type || broadType(h.type));
        const a = this.block(w, s.body, { ...ctx, inTry: s.handlers.length > 0, catchesHttp: s.handlers.length > 0 && (broad || !!ctx.catchesHttp) });
        // the body verified a credential (or authenticated): its failure lands in the handlers
        const verified = w.recent ?? (w.out.auth !== beforeAuth ? w.out.auth?.credential : undefined);
        w.recent = saved ?? w.recent;
        let g: Cred | undefined = a;
        for (const h of s.handlers) {
          const x = this.block(w, h.body, verified ? { ...ctx, caught: verified } : ctx);
          g ??= x;
        }
        g ??= this.block(w, s.orelse, ctx);
        g ??= this.block(w, s.final, ctx);
        return g;
      }
      case 'match': {
        const info = this.expr(w, s.subject, ctx);
        const g = guardOf(info);
        let out: Cred | undefined;
        for (const c of s.cases) out ??= this.block(w, c.body, g ? { ...ctx, guard: g } : ctx);
        return out;
      }
      case 'assert':
        this.expr(w, s.test, ctx);
        return undefined;
      case 'def':
      case 'class':
        // a closure that captures a credential: we cannot follow it
        if (s.t === 'def' && mentionsAny(s.body, w.taint)) w.out.opaque = true;
        return undefined;
      case 'flow':
        return s.kind === 'pass' ? undefined : ctx.guard;
      default:
        return undefined;
    }
  }

  private bindTarget(w: Walk, t: Expr, v: Expr | null, info: Info): void {
    if (t.t === 'name') {
      if (v) w.locals.set(t.id, v);
      else w.locals.delete(t.id);
      if (info.cred) w.taint.set(t.id, { k: 'cred', cred: info.verifies ? { ...info.cred, verified: true } : info.cred });
      else if (info.req) w.taint.set(t.id, { k: 'req', view: info.req });
      else if (info.verifies) w.taint.set(t.id, { k: 'cred', cred: { ...info.verifies, verified: true } });
      else w.taint.delete(t.id);
      return;
    }
    if (t.t === 'tuple' || t.t === 'list') {
      for (const x of t.items) this.bindTarget(w, x.t === 'starred' ? x.v : x, null, info);
      return;
    }
    // stored on an object or in a container: we cannot follow it
    if (info.cred && (t.t === 'attr' || t.t === 'sub')) w.out.opaque = true;
  }

  /** A helper that rejects, called where a credential guards the code: its rejection is ours. */
  private helperRejects(w: Walk, info: Info, ctx: Ctx): void {
    if (info.rejects && (ctx.guard || ctx.caught)) this.rejection(w, info.rejects, ctx, {});
  }

  /** A credential verified here (compared, looked up, decoded, handed to code that verifies it). */
  private verified(w: Walk, cred: Cred): void {
    w.out.verified ??= cred;
    w.recent = cred;
  }

  /** Records a rejection: it authenticates when a credential guards it. */
  private rejection(w: Walk, r: Rejection, ctx: Ctx, info: Info): void {
    w.out.rejection ??= r;
    const cred = ctx.guard ?? ctx.caught ?? info.verifies;
    if (!cred) return;
    if (!counts(cred, r)) return;
    w.out.auth ??= { credential: cred, rejection: r, ...(ctx.setting ? { under: ctx.setting } : {}) };
  }

  // ---------------------------------------------------------------- expressions

  private expr(w: Walk, e: Expr, ctx: Ctx): Info {
    if (++this.visits > MAX_VISITS) {
      this.cut = true;
      return {};
    }
    switch (e.t) {
      case 'name': {
        const t = w.taint.get(e.id);
        if (!t) return {};
        return t.k === 'cred' ? { cred: t.cred } : { req: t.view };
      }
      case 'attr': {
        const o = this.expr(w, e.obj, ctx);
        if (o.req === 'request') {
          if (e.attr === 'session') return { ...o, req: undefined, cred: { desc: 'request.session', verified: true, enforced: false } };
          if (e.attr === 'user' || e.attr === 'auth') return { ...o, req: undefined, cred: { desc: `request.${e.attr}`, verified: true, enforced: false } };
          if (e.attr === 'state') return { req: 'state' };
          if (e.attr === 'headers') return { req: 'headers' };
          if (e.attr === 'cookies') return { req: 'cookies' };
          if (e.attr === 'query_params') return { req: 'query' };
          if (e.attr === 'client') return { req: 'client' };
          return {};
        }
        // the client's address, checked against loopback or an allow-list: access by network origin
        if (o.req === 'client') return e.attr === 'host' ? { cred: { desc: 'client address (request.client.host)', verified: false, enforced: false } } : {};
        if (o.req === 'state') return STATE_USER.test(e.attr) ? { cred: { desc: `request.state.${e.attr}`, verified: true, enforced: false } } : {};
        if (o.req) return {};
        return { ...o };
      }
      case 'sub': {
        const o = this.expr(w, e.obj, ctx);
        const i = this.expr(w, e.index, ctx);
        if (o.req === 'headers' || o.req === 'cookies' || o.req === 'query' || o.req === 'message') {
          const cred = this.readCred(w, o.req, e.index, true);
          return cred ? { cred } : {};
        }
        if (o.req) return {};
        // `API_KEYS[token]`: a lookup verifies
        if (i.cred) {
          this.verified(w, i.cred);
          return { ...merge(o, i), cred: { ...i.cred, verified: true }, verifies: i.cred };
        }
        return { ...merge(o, i) };
      }
      case 'call':
        return this.call(w, e, ctx);
      case 'await':
        return this.expr(w, e.v, ctx);
      case 'cmp': {
        let out: Info = {};
        const infos = e.operands.map((x) => this.expr(w, x, ctx));
        for (const x of infos) out = merge(out, x);
        e.ops.forEach((op, i) => {
          const l = infos[i]!;
          const r = infos[i + 1]!;
          const lx = e.operands[i]!;
          const rx = e.operands[i + 1]!;
          if (op === 'is' || op === 'is not') return;
          // compared with something that is not trivial (None, "", a number, a scheme name); of two
          // credentials, the one read from the request names the check
          const lv = l.cred && !trivial(rx) ? l.cred : undefined;
          const rv = r.cred && !trivial(lx) ? r.cred : undefined;
          const v = lv && rv ? (lv.weak && !rv.weak ? rv : lv) : (lv ?? rv);
          if (v) out.verifies ??= v;
        });
        if (out.verifies) {
          this.verified(w, out.verifies);
          out.cred = { ...out.verifies, verified: true };
        }
        return out;
      }
      case 'boolop': {
        let out: Info = {};
        for (const v of e.values) out = merge(out, this.expr(w, v, ctx));
        return out;
      }
      case 'unary':
        return this.expr(w, e.v, ctx);
      case 'ifexp': {
        const t = this.expr(w, e.test, ctx);
        return merge(merge(t, this.expr(w, e.body, ctx)), this.expr(w, e.orelse, ctx));
      }
      case 'bin': {
        const out = merge(this.expr(w, e.l, ctx), this.expr(w, e.r, ctx));
        delete out.req;
        return out;
      }
      case 'fstr': {
        let out: Info = {};
        for (const p of e.parts) if (typeof p !== 'string') out = merge(out, this.expr(w, p, ctx));
        delete out.req;
        return out;
      }
      case 'list':
      case 'tuple':
      case 'set': {
        let out: Info = {};
        for (const x of e.items) out = merge(out, this.expr(w, x, ctx));
        delete out.req;
        return out;
      }
      case 'dict': {
        let out: Info = {};
        for (const [k, v] of e.items) {
          if (k) out = merge(out, this.expr(w, k, ctx));
          out = merge(out, this.expr(w, v, ctx));
        }
        delete out.req;
        return out;
      }
      case 'walrus': {
        const info = this.expr(w, e.v, ctx);
        this.bindTarget(w, { t: 'name', id: e.target, loc: e.loc }, e.v, info);
        return info;
      }
      case 'starred':
        return this.expr(w, e.v, ctx);
      case 'comp': {
        const it = this.expr(w, e.iter, ctx);
        const el = this.expr(w, e.elt, ctx);
        const out = merge(it, el);
        delete out.req;
        return out;
      }
      case 'lambda':
        return {};
      default:
        return {};
    }
  }

  /** A header/cookie/query read under a credential's name: `request.headers.get("authorization")`. */
  private readCred(w: Walk, view: 'headers' | 'cookies' | 'query' | 'message', key: Expr | undefined, enforced: boolean): Cred | undefined {
    if (!key) return undefined;
    // a literal, a constant, `os.getenv("AUTH_COOKIE", "auth_token")` (its default)
    const name = asStr(this.staticValue(w, key, 0));
    if (view === 'message') {
      // `message.get("token")` of an auth handshake: only a literal field name says what it is
      return name !== undefined && credentialWire(name, 'param') ? { desc: `WebSocket message field ${name}`, verified: false, enforced } : undefined;
    }
    const kind = view === 'headers' ? 'header' : view === 'cookies' ? 'cookie' : 'query';
    if (name !== undefined) {
      const c = credentialWire(name, kind);
      if (!c) return undefined;
      const out: Cred = { desc: `${kind} ${name} (request.${view === 'query' ? 'query_params' : view})`, verified: false, enforced };
      if (c.signature) out.signature = true;
      return out;
    }
    // `f"access-token-{app.cookie_id}"`: the literal parts name it
    if (key.t === 'fstr') {
      const shown = key.parts.map((p) => (typeof p === 'string' ? p : '{…}')).join('');
      const c = credentialWire(key.parts.filter((p): p is string => typeof p === 'string').join(' '), kind);
      if (!c) return undefined;
      const out: Cred = { desc: `${kind} ${shown} (request.${view === 'query' ? 'query_params' : view})`, verified: false, enforced };
      if (c.signature) out.signature = true;
      return out;
    }
    const text = exprTextShort(key);
    if (text && credentialNameExpr(text)) return { desc: `${kind} ${text} (request.${view === 'query' ? 'query_params' : view})`, verified: false, enforced };
    return undefined;
  }

  private call(w: Walk, e: Extract<Expr, { t: 'call' }>, ctx: Ctx): Info {
    // the receiver first (`request.headers.get(...)`, `token.split(...)`)
    let recv: Info = {};
    if (e.fn.t === 'attr') recv = this.expr(w, e.fn.obj, ctx);
    const args = e.args.map((a) => ({ a, info: this.expr(w, a.v, ctx) }));
    let argsInfo: Info = {};
    for (const x of args) argsInfo = merge(argsInfo, x.info);
    const method = e.fn.t === 'attr' ? e.fn.attr : undefined;

    if (recv.req === 'headers' || recv.req === 'cookies' || recv.req === 'query' || recv.req === 'message') {
      if (method === 'get') {
        const cred = this.readCred(w, recv.req, e.args[0]?.v, false);
        return cred ? { ...argsInfo, cred } : strip(argsInfo);
      }
      // `dict(request.headers)`, `request.headers.items()`: every header, the signature ones included
      return strip(argsInfo);
    }
    if (recv.req === 'request') {
      // `await websocket.receive_json()`: the client's first message can carry the credential (an auth handshake)
      if (method === 'receive_json' || method === 'receive_text') return { ...strip(argsInfo), req: 'message' };
      // `await request.body()`, `request.url_for(...)`: no credential
      return strip(argsInfo);
    }
    if (recv.cred && method !== undefined && (TRANSFORMS.has(method) || /^(is_|has_)/.test(method))) {
      // `token.split(" ")[1]`, `session.get("user_id")`, `payload.get("sub")`
      return { ...merge(recv, argsInfo), cred: recv.cred };
    }
    if (method !== undefined && LOG_METHODS.has(method)) return strip(argsInfo);
    // handed to work that runs later (`background_tasks.add_task(f, token)`, `task.delay(token)`): the request is answered first
    if (method !== undefined && DEFERRED.has(method)) return strip(argsInfo);

    // `await super().__call__(request)` in a subclass of a FastAPI security scheme: the scheme's credential
    if (method === '__call__' && e.fn.t === 'attr' && e.fn.obj.t === 'call' && e.fn.obj.fn.t === 'name' && e.fn.obj.fn.id === 'super' && w.fn.ownerClass) {
      const cred = this.schemeCred?.(w.fn.ownerClass, w.self);
      if (cred) {
        w.out.credential ??= cred;
        return { cred };
      }
    }
    // `await run_in_threadpool(check, token)`, `anyio.to_thread.run_sync(self.check, *(headers, ...))`: the function runs with the rest
    const offload = this.offloaded(w, e);
    if (offload) return this.call(w, offload, ctx);
    // `await to_thread.run_sync(lambda: check(request.headers))`: the lambda's body runs here, with our names
    const lam = this.offloadedLambda(e);
    if (lam) return this.expr(w, lam, ctx);
    let callee = this.calleeOf(w, e.fn);
    // a method of an object the code declares the class of (`self.provider = registry.require(AuthProvider)`, `cast(AuthProvider, p)`):
    // the class's method, or for an abstract one, the implementations the project's subclasses give
    const alts = callee.k === 'choice' ? alternatives(callee) : [callee];
    const ours = alts.flatMap((o) => (o.k === 'func' ? [o.fn] : o.k === 'method' && o.fn ? [o.fn] : []));
    const fa = e.fn.t === 'attr' ? e.fn : undefined;
    if (fa && w.depth < MAX_HELPER_DEPTH && (ours.length ? ours.every((f) => abstractMethod(unwrap(f))) : alts.every((o) => o.k === 'unknown' || o.k === 'method'))) {
      const impls = ours.length ? ours.flatMap((f) => (f.ownerClass ? this.overrides(f.ownerClass, fa.attr) : [])) : this.implementations(w, fa, 0);
      const pick = impls.find((f) => this.analyze(unwrap(f), this.seedsFor(unwrap(f), true, args), {}, undefined, w.depth + 1).auth) ?? impls[0];
      if (pick) callee = { k: 'method', self: UNKNOWN('receiver'), name: fa.attr, fn: pick };
    }
    const tainted = args.filter((x) => x.info.cred || x.info.req);
    const anyCred = args.find((x) => x.info.cred)?.info.cred ?? recv.cred;
    const path = callee.k === 'ext' ? callee.path : this.calleePath(w, e.fn);

    // ---- library calls
    if (path !== undefined && (callee.k === 'ext' || callee.k === 'unknown' || (callee.k === 'method' && !callee.fn))) {
      const loc = srcLoc(w.fn.module.file, e.loc);
      if (SIGNATURE_RAISES.test(path)) {
        const cred = args.find((x) => x.info.cred?.signature)?.info.cred ?? signatureCred(path);
        const out: Info = { ...merge(recv, argsInfo), verifies: cred, cred: { ...cred, verified: true } };
        this.verified(w, cred);
        if (!ctx.inTry) out.auth = { credential: cred, rejection: { loc, status: 0, kind: 'signature', what: path, fn: w.fn } };
        if (out.auth) w.out.auth ??= out.auth;
        return out;
      }
      if (SIGNATURE_TESTS.test(path)) {
        const cred = args.find((x) => x.info.cred?.signature)?.info.cred ?? signatureCred(path);
        this.verified(w, cred);
        return { ...merge(recv, argsInfo), verifies: cred, cred: { ...cred, verified: true } };
      }
      if (method === 'handle' && this.boltHandler(w, e.fn)) {
        const cred: Cred = { desc: 'Slack signature headers (slack_bolt App with a signing_secret)', verified: true, enforced: false, signature: true };
        this.verified(w, cred);
        w.out.credential ??= cred;
        const auth: Authn = { credential: cred, rejection: { loc, status: 401, kind: 'signature', what: 'slack_bolt request verification', fn: w.fn } };
        w.out.auth ??= auth;
        return { auth, verifies: cred, cred };
      }
      // `dict(request.headers)`: a copy of the headers, read as such by the helper it is handed to
      const view = args[0]?.info.req;
      if (path === 'builtins.dict' && args.length === 1 && (view === 'headers' || view === 'cookies' || view === 'query')) return { req: view };
      if (HARMLESS.test(path) || (callee.k === 'ext' && /\.[A-Z]\w*$/.test(path) && /^(fastapi|starlette|pydantic)\./.test(path))) {
        const out = merge(recv, argsInfo);
        delete out.req;
        delete out.verifies;
        return { ...out, ...(argsInfo.verifies ? { verifies: argsInfo.verifies } : {}) };
      }
      if (anyCred && unverifiedDecode(e)) {
        // `jwt.decode(token, options={"verify_signature": False})`: read, not verified (FA405's business)
        return { ...strip(merge(recv, argsInfo)), cred: anyCred };
      }
      if (anyCred) {
        // decoded, looked up, compared by the library (`jwt.decode(token, ...)`, `secrets.compare_digest(key, KEY)`)
        this.verified(w, anyCred);
        const out: Info = { ...merge(recv, argsInfo), verifies: anyCred, cred: { ...anyCred, verified: true } };
        delete out.req;
        if (!ctx.inTry && !PREDICATE.test(path)) w.out.raising ??= anyCred;
        if (!ctx.inTry && RAISING_VERIFY.test(path) && args.some((x) => x.info.cred)) {
          out.auth = { credential: anyCred, rejection: { loc, status: 0, kind: 'raises', what: path, fn: w.fn } };
          if (counts(anyCred, out.auth.rejection)) w.out.auth ??= out.auth;
        }
        return out;
      }
      if (tainted.some((x) => x.info.req === 'request')) {
        // the request handed to code we cannot read (`await auth_backend.authenticate(request)`): a 401 on its result counts
        const cred: Cred = { desc: `request passed to ${path}`, verified: true, enforced: false, weak: true };
        return { ...strip(merge(recv, argsInfo)), cred };
      }
      return strip(merge(recv, argsInfo));
    }

    // ---- project code: functions, methods, classes
    const fn = callee.k === 'func' ? callee.fn : callee.k === 'method' ? callee.fn : undefined;
    if (fn && w.depth < MAX_HELPER_DEPTH) {
      const target = unwrap(fn);
      const params = (target.params ?? []).filter((p) => p.kind !== 'var' && p.kind !== 'varkw');
      const bound = callee.k === 'method' || (!!target.ownerClass && !!params[0] && (params[0].name === 'self' || params[0].name === 'cls') && e.fn.t === 'attr');
      const seeds = this.seedsFor(target, bound, args);
      // a function nested in this one reads our names it does not bind itself (`request` of the handler)
      if (this.nested.get(target) === w.fn) for (const [name, seed] of w.taint) if (!seeds.has(name) && !target.params?.some((p) => p.name === name)) seeds.set(name, seed);
      // `self.helper(...)`: the same instance
      const self = callee.k === 'method' ? callee.self : w.self;
      const r = this.analyze(target, seeds, {}, self?.k === 'inst' ? self : undefined, w.depth + 1);
      const out: Info = merge(recv, argsInfo);
      delete out.req;
      // the helper's check is skipped on a setting (`if not self.provider: return`): so is ours, unless we checked before
      if (r.auth && r.bypass && !w.out.auth) w.out.bypass ??= r.bypass;
      // a helper that verifies and answers (`success, user = await ws_auth.authenticate(websocket)`) but
      // returns early on a setting (`if config.type == "none": return True, guest`): so may our check
      if (!r.auth && r.bypass && (r.verified || r.returns) && !w.out.auth) w.out.bypass ??= r.bypass;
      if (r.auth) {
        out.auth = r.auth;
        // caught by a `try` around the call (`except Exception: return None`): its handlers decide
        if (ctx.catchesHttp) this.verified(w, { ...r.auth.credential, verified: true });
        else w.out.auth ??= r.auth;
      }
      if (r.rejection) out.rejects = r.rejection;
      if (r.verified) {
        out.verifies = r.verified;
        this.verified(w, r.verified);
      }
      if (r.raising && !ctx.inTry) w.out.raising ??= r.raising;
      if (r.credential) w.out.credential ??= r.credential;
      if (r.opaque && seeds.size) w.out.opaque = true;
      if (r.returns) out.cred = r.verified || r.auth ? { ...r.returns, verified: true } : r.returns;
      else if (r.auth) out.cred = { ...r.auth.credential, verified: true };
      else if (out.cred && !r.verified) {
        // a helper that takes the credential and returns something else (or nothing): made of it, not verified
        out.cred = { ...out.cred };
      }
      return out;
    }
    if (callee.k === 'class') {
      // `User(token=token)`: a value made of it
      const out = merge(recv, argsInfo);
      delete out.req;
      return out;
    }
    // an unresolved callee (a method of an object we cannot see): like library code
    if (anyCred) {
      this.verified(w, anyCred);
      if (!ctx.inTry && !(e.fn.t === 'attr' && PREDICATE.test(e.fn.attr))) w.out.raising ??= anyCred;
      const out: Info = { ...merge(recv, argsInfo), verifies: anyCred, cred: { ...anyCred, verified: true } };
      delete out.req;
      return out;
    }
    if (tainted.some((x) => x.info.req === 'request')) {
      const cred: Cred = { desc: `request passed to ${exprTextShort(e.fn) ?? 'a call'}`, verified: true, enforced: false, weak: true };
      return { ...strip(merge(recv, argsInfo)), cred };
    }
    return strip(merge(recv, argsInfo));
  }

  /** A call that runs a function of ours in a thread (`run_in_threadpool(f, *args)`, `to_thread.run_sync`, `run_in_executor(None, f, ...)`), as a direct call of it. */
  private offloaded(w: Walk, e: Extract<Expr, { t: 'call' }>): Extract<Expr, { t: 'call' }> | undefined {
    const name = e.fn.t === 'attr' ? e.fn.attr : e.fn.t === 'name' ? e.fn.id : '';
    if (!OFFLOAD.test(name)) return undefined;
    const pos = e.args.filter((a) => !a.name);
    const fi = name === 'run_in_executor' ? 1 : 0;
    const f = pos[fi];
    if (!f || f.star) return undefined;
    const v = this.calleeOf(w, f.v);
    if (v.k !== 'func' && !(v.k === 'method' && v.fn)) return undefined;
    // `*(a, b)` spreads a literal tuple: its items are the arguments
    const rest = pos.slice(fi + 1).flatMap((a) => (a.star === 1 && (a.v.t === 'tuple' || a.v.t === 'list') ? a.v.items.map((x) => ({ v: x })) : [a]));
    return { t: 'call', fn: f.v, args: [...rest, ...e.args.filter((a) => a.name)], loc: e.loc };
  }

  /** What the arguments of a call bring to the parameters of `target` (`bound`: its first parameter is the instance). */
  private seedsFor(target: FuncRec, bound: boolean, args: Array<{ a: { name?: string; star?: number }; info: Info }>): Map<string, Seed> {
    const seeds = new Map<string, Seed>();
    const params = (target.params ?? []).filter((p) => p.kind !== 'var' && p.kind !== 'varkw');
    const positional = params.slice(bound ? 1 : 0);
    let posIndex = 0;
    for (const x of args) {
      let pname: string | undefined;
      if (x.a.name) pname = params.find((p) => p.name === x.a.name)?.name;
      else if (!x.a.star) pname = positional[posIndex++]?.name;
      if (!pname) continue;
      if (x.info.cred) seeds.set(pname, { k: 'cred', cred: x.info.cred });
      else if (x.info.req) seeds.set(pname, { k: 'req', view: x.info.req });
    }
    return seeds;
  }

  /**
   * The project classes whose instances an expression holds, as the code declares them: a
   * constructor call, `cast(C, x)`, a return annotation (`-> C`, or `-> T` with a `Type[T]`
   * parameter: the class passed, as service locators do), a parameter annotation, `self.x` set in an
   * `__init__`.
   */
  private classesOf(w: Walk, e: Expr, depth: number): ClassRec[] {
    if (depth > 4) return [];
    const direct = classesIn(this.staticValue(w, e, 0), false);
    if (direct.length) return direct;
    if (e.t === 'name') {
      const local = w.locals.get(e.id);
      if (local && local !== e) return this.classesOf(w, local, depth + 1);
      const p = w.fn.params?.find((x) => x.name === e.id);
      return p ? classesIn(this.ip.annotationOf(w.fn, p), true) : [];
    }
    if (e.t === 'attr') {
      const owner = e.obj.t === 'name' ? this.selfClass(w, e.obj.id) : undefined;
      if (!owner) return [];
      const out: ClassRec[] = [];
      for (const a of this.initAssignments(owner, e.attr)) {
        const inner: Walk = {
          fn: a.fn,
          scope: { vars: new Map(), parent: a.fn.closure, module: a.fn.module },
          taint: new Map(),
          locals: new Map(),
          out: {},
          depth: w.depth,
          opts: {},
        };
        for (const c of this.classesOf(inner, a.v, depth + 1)) if (!out.includes(c)) out.push(c);
      }
      return out;
    }
    if (e.t !== 'call') return [];
    const c = this.staticValue(w, e.fn, 0);
    if (c.k === 'class') return [c.cls];
    if (c.k === 'ext') return /^typing\.cast$/.test(c.path) && e.args[0] ? classesIn(this.staticValue(w, e.args[0].v, 0), true) : [];
    const fns = c.k === 'func' ? [c.fn] : c.k === 'method' && c.fn ? [c.fn] : e.fn.t === 'attr' ? this.implementations(w, e.fn, depth + 1) : [];
    for (const f0 of fns) {
      const f = unwrap(f0);
      const ret = f.def.returns;
      if (!ret) continue;
      if (ret.t === 'name') {
        // `def require(self, kind: Type[T]) -> T`
        const params = f.def.params.filter((p) => p.kind === 'pos' || p.kind === 'posonly');
        const i = params.findIndex((p) => p.ann?.t === 'sub' && /(^|\.)[Tt]ype$/.test(exprTextShort(p.ann.obj) ?? '') && p.ann.index.t === 'name' && p.ann.index.id === ret.id);
        if (i >= 0) {
          const pname = params[i]!.name;
          const bound = !!f.ownerClass && e.fn.t === 'attr' && (params[0]?.name === 'self' || params[0]?.name === 'cls');
          const arg = e.args.find((a) => a.name === pname) ?? e.args.filter((a) => !a.name && !a.star)[i - (bound ? 1 : 0)];
          if (arg) return classesIn(this.staticValue(w, arg.v, 0), true);
          continue;
        }
      }
      const inner: Walk = { fn: f, scope: { vars: new Map(), parent: f.closure, module: f.module }, taint: new Map(), locals: new Map(), out: {}, depth: w.depth, opts: {} };
      const out = classesIn(this.staticValue(inner, ret, 0), true);
      if (out.length) return out;
    }
    return [];
  }

  /** The methods a call `obj.name(...)` may run: the method of the classes `obj` holds, or, for an abstract one, the project's implementations of it. */
  private implementations(w: Walk, f: Extract<Expr, { t: 'attr' }>, depth: number): FuncRec[] {
    const out: FuncRec[] = [];
    const add = (fn: FuncRec): void => {
      if (!out.includes(fn)) out.push(fn);
    };
    for (const cls of this.classesOf(w, f.obj, depth)) {
      const m = this.resolveMethod(cls, f.attr);
      if (!m) continue;
      if (!abstractMethod(unwrap(m.fn))) add(m.fn);
      else for (const o of this.overrides(m.owner, f.attr)) add(o);
    }
    return out;
  }

  /** The method a class resolves `name` to (undefined: not a function of ours), and the class that defines it. */
  private resolveMethod(cls: ClassRec, name: string): { fn: FuncRec; owner: ClassRec } | undefined {
    for (const c of this.ip.mro(cls)) {
      if (c.k !== 'class') continue;
      const m = c.cls.ns.get(name);
      if (m) return m.k === 'func' ? { fn: m.fn, owner: c.cls } : undefined;
    }
    return undefined;
  }

  /** The implementations the project's subclasses of `owner` (test code aside) give to its abstract method `name`. */
  private overrides(owner: ClassRec, name: string): FuncRec[] {
    const out: FuncRec[] = [];
    for (const sub of this.ip.classes) {
      if (sub === owner || isTestPath(sub.module.file) || !this.ip.mro(sub).some((x) => x.k === 'class' && x.cls === owner)) continue;
      const s = this.resolveMethod(sub, name);
      if (s && !abstractMethod(unwrap(s.fn)) && !out.includes(s.fn)) out.push(s.fn);
    }
    return out;
  }

  /** Every `self.name = <expr>` in an `__init__` of the class or its bases, nested statements included. */
  private initAssignments(cls: ClassRec, name: string): Array<{ fn: FuncRec; v: Expr }> {
    const out: Array<{ fn: FuncRec; v: Expr }> = [];
    for (const c of this.ip.mro(cls)) {
      if (c.k !== 'class') continue;
      const init = c.cls.ns.get('__init__');
      if (init?.k !== 'func') continue;
      const self = init.fn.params?.[0]?.name ?? 'self';
      eachStmt(init.fn.def.body, (s) => {
        if (s.t !== 'assign' || !s.v) return;
        for (const t of s.targets) if (t.t === 'attr' && t.attr === name && t.obj.t === 'name' && t.obj.id === self) out.push({ fn: init.fn, v: s.v });
      });
    }
    return out;
  }

  /** The body of a lambda without parameters handed to a thread pool call. */
  private offloadedLambda(e: Extract<Expr, { t: 'call' }>): Expr | undefined {
    const name = e.fn.t === 'attr' ? e.fn.attr : e.fn.t === 'name' ? e.fn.id : '';
    if (!OFFLOAD.test(name)) return undefined;
    const f = e.args.filter((a) => !a.name)[name === 'run_in_executor' ? 1 : 0];
    return f && !f.star && f.v.t === 'lambda' && f.v.params.length === 0 ? f.v.body : undefined;
  }

  /** A function defined in the body being read (`def process(...): ...` then `run_sync(process, ...)`), as a function of its own. */
  private nestedDef(w: Walk, name: string): FuncRec | undefined {
    let defs = this.defsIn.get(w.fn);
    if (!defs) this.defsIn.set(w.fn, (defs = this.defsOf(w.fn)));
    const found = defs.get(name);
    // a decorated one is read as its own body: the decorators a handler puts on a local function wrap it (tracing, timing)
    if (!found) return undefined;
    const known = this.nestedDefs.get(found);
    if (known) return known;
    const mod = w.fn.module;
    const fn: FuncRec = {
      id: this.ip.newId(),
      name: found.name,
      qualname: `${w.fn.qualname}.<locals>.${found.name}`,
      module: mod,
      def: found,
      loc: srcLoc(mod.file, found.defLoc),
      firstLine: srcLoc(mod.file, found.loc).line,
      closure: { vars: new Map(), parent: w.fn.closure, module: mod },
      params: found.params.map((p) => ({ name: p.name, kind: p.kind, loc: srcLoc(mod.file, p.loc), ...(p.ann ? { annExpr: p.ann } : {}) })),
    };
    this.nestedDefs.set(found, fn);
    this.nested.set(fn, w.fn);
    return fn;
  }

  /** The functions a body defines (not inside its own nested functions or classes), by name. */
  private defsOf(fn: FuncRec): Map<string, DefStmt> {
    const out = new Map<string, DefStmt>();
    eachStmt(fn.def.body, (s) => void (s.t === 'def' && out.set(s.name, s)));
    return out;
  }

  /** `handler.handle(req)` where `handler` is a slack_bolt request handler of an app built with a `signing_secret`. */
  private boltHandler(w: Walk, f: Expr): boolean {
    if (f.t !== 'attr') return false;
    const v = this.staticValue(w, f.obj, 0);
    if (v.k !== 'inst' || v.inst.cls.k !== 'ext' || !BOLT_HANDLER.test(v.inst.cls.path)) return false;
    const app = v.inst.args.pos[0] ?? v.inst.args.kw.get('app');
    return !!app && app.k === 'inst' && app.inst.args.kw.has('signing_secret');
  }

  // ---------------------------------------------------------------- rejections

  /** `raise X`: the rejection X carries, if any (401/403, WebSocket 1008, a redirect to a login page). */
  private raiseRejection(w: Walk, exc: Expr, loc: Stmt['loc']): Rejection | undefined {
    const at = srcLoc(w.fn.module.file, loc);
    const status = this.exceptionStatus(w, exc, 0);
    if (status === undefined) return undefined;
    if (REJECT_STATUSES.has(status)) return { loc: at, status, kind: 'status', fn: w.fn };
    if (status === 400) return { loc: at, status, kind: 'status', fn: w.fn };
    if (isRedirect(status) && this.mentionsLogin(w, exc)) return { loc: at, status, kind: 'redirect', fn: w.fn };
    return undefined;
  }

  /** `return JSONResponse(status_code=401)`, `return RedirectResponse("/login")` (handlers and middleware). */
  private responseRejection(w: Walk, v: Expr): Rejection | undefined {
    let e = v;
    while (e.t === 'await') e = e.v;
    if (e.t !== 'call') return undefined;
    const callee = this.calleeOf(w, e.fn);
    const path = callee.k === 'ext' ? callee.path : callee.k === 'class' ? `${callee.cls.name}` : undefined;
    if (!path || !/Response$/.test(path)) return undefined;
    const at = srcLoc(w.fn.module.file, e.loc);
    const kw = e.args.find((a) => a.name === 'status_code' || a.name === 'status');
    let status = kw ? statusOf(this.staticValue(w, kw.v, 0)) : undefined;
    if (/RedirectResponse$/.test(path)) {
      status ??= 307;
      const url = e.args.find((a) => a.name === 'url') ?? e.args.find((a) => !a.name);
      return url && LOGIN_URL.test(sourceText(url.v)) ? { loc: at, status, kind: 'redirect', fn: w.fn } : undefined;
    }
    if (status === undefined) {
      // `JSONResponse({...}, 401)`, `Response("...", 403)`: the status is the second positional argument
      const pos = e.args.filter((a) => !a.name && !a.star);
      if (pos[1]) status = statusOf(this.staticValue(w, pos[1].v, 0));
    }
    return status !== undefined && (REJECT_STATUSES.has(status) || status === 400) ? { loc: at, status, kind: 'response', fn: w.fn } : undefined;
  }

  /**
   * `await websocket.close(code=1008)` (`status.WS_1008_POLICY_VIOLATION`, the 4001/4003/4401/4403
   * conventions); on the connection itself (a `WebSocket` parameter), any close refuses it.
   */
  private closeRejection(w: Walk, v: Expr): Rejection | undefined {
    let e = v;
    while (e.t === 'await') e = e.v;
    if (e.t !== 'call' || e.fn.t !== 'attr' || e.fn.attr !== 'close') return undefined;
    const a = e.args.find((x) => x.name === 'code') ?? e.args.find((x) => !x.name && !x.star);
    const code = a ? statusOf(this.staticValue(w, a.v, 0)) : undefined;
    const recv = e.fn.obj.t === 'name' ? w.taint.get(e.fn.obj.id) : undefined;
    const onConnection = recv?.k === 'req' && recv.view === 'request';
    if (!onConnection && (code === undefined || !CLOSE_CODES.has(code))) return undefined;
    return { loc: srcLoc(w.fn.module.file, e.loc), status: code ?? 1000, kind: 'close', fn: w.fn };
  }

  private mentionsLogin(w: Walk, exc: Expr): boolean {
    if (exc.t !== 'call') {
      const v = this.staticValue(w, exc, 0);
      if (v.k === 'inst') {
        const h = v.inst.args.kw.get('headers');
        return !!h && h.k === 'dict' && h.entries.some(([k, x]) => k.k === 'str' && /^location$/i.test(k.v) && x.k === 'str' && LOGIN_URL.test(x.v));
      }
      return false;
    }
    return exc.args.some((a) => a.name === 'headers' && LOGIN_URL.test(sourceText(a.v)));
  }

  /** The status an exception expression raised in `fn` carries, if known (for analyses outside dependencies: middleware). */
  raisedStatus(fn: FuncRec, e: Expr): number | undefined {
    const w: Walk = { fn, scope: { vars: new Map(), parent: fn.closure, module: fn.module }, taint: new Map(), locals: new Map(), out: {}, depth: 0, opts: {} };
    return this.exceptionStatus(w, e, 0);
  }

  /** The HTTP (or WebSocket close) status an exception expression carries, if known. */
  exceptionStatus(w: Walk, e: Expr, depth: number): number | undefined {
    if (depth > 4) return undefined;
    if (e.t === 'name' && w.locals.has(e.id)) return this.exceptionStatus(w, w.locals.get(e.id)!, depth + 1);
    if (e.t === 'call') {
      const callee = this.staticValue(w, e.fn, 0);
      const statusArg = (names: string[]): number | undefined => {
        const kw = e.args.find((a) => a.name && names.includes(a.name));
        const pos = e.args.find((a) => !a.name && !a.star);
        const arg = kw ?? pos;
        if (!arg) return undefined;
        return statusOf(this.staticValue(w, arg.v, 0));
      };
      if (callee.k === 'ext') {
        if (callee.path === 'fastapi.HTTPException') return statusArg(['status_code']);
        if (callee.path === 'fastapi.WebSocketException') return statusArg(['code']);
        return undefined;
      }
      if (callee.k === 'class') return this.classStatus(callee.cls) ?? statusArg(['status_code', 'code', 'status']);
      // `raise self.error(...)` / a factory function that builds the exception
      if (callee.k === 'func' || (callee.k === 'method' && callee.fn)) {
        const f = unwrap(callee.k === 'func' ? callee.fn : callee.fn!);
        for (const r of f.def.body)
          if (r.t === 'return' && r.v && r.v.t === 'call') {
            const inner: Walk = { ...w, fn: f, scope: { vars: new Map(), parent: f.closure, module: f.module }, locals: new Map() };
            const s = this.exceptionStatus(inner, r.v, depth + 1);
            if (s !== undefined) return s;
          }
      }
      return undefined;
    }
    // a module-level or class-level exception instance (`raise CredentialsError`, `raise cls.exception`, `raise self.exc`)
    const v = this.staticValue(w, e, 0);
    const s = this.valueStatus(v);
    if (s !== undefined) return s;
    const owner = e.t === 'attr' && e.obj.t === 'name' ? this.selfClass(w, e.obj.id) : undefined;
    if (e.t === 'attr' && owner) {
      const init = this.initAssignment(owner, e.attr);
      if (init) {
        const inner: Walk = { ...w, fn: init.fn, scope: { vars: new Map(), parent: init.fn.closure, module: init.fn.module }, locals: new Map() };
        return this.exceptionStatus(inner, init.v, depth + 1);
      }
    }
    return undefined;
  }

  /** `self.name = <expr>` in an `__init__` of the class or its bases. */
  private initAssignment(cls: ClassRec, name: string): { fn: FuncRec; v: Expr } | undefined {
    for (const c of this.ip.mro(cls)) {
      if (c.k !== 'class') continue;
      const init = c.cls.ns.get('__init__');
      if (init?.k !== 'func') continue;
      const self = init.fn.params?.[0]?.name ?? 'self';
      for (const s of init.fn.def.body) {
        if (s.t !== 'assign' || !s.v) continue;
        for (const t of s.targets) if (t.t === 'attr' && t.attr === name && t.obj.t === 'name' && t.obj.id === self) return { fn: init.fn, v: s.v };
      }
    }
    return undefined;
  }

  valueStatus(v: Value): number | undefined {
    if (v.k === 'inst') {
      if (v.inst.cls.k === 'ext' && (v.inst.cls.path === 'fastapi.HTTPException' || v.inst.cls.path === 'fastapi.WebSocketException')) {
        return statusOf(v.inst.args.kw.get('status_code') ?? v.inst.args.kw.get('code') ?? v.inst.args.pos[0]);
      }
      if (v.inst.cls.k === 'class') {
        const a = v.inst.args.kw.get('status_code') ?? v.inst.args.pos[0];
        return this.classStatus(v.inst.cls.cls) ?? statusOf(a);
      }
    }
    if (v.k === 'class') return this.classStatus(v.cls);
    if (v.k === 'choice') {
      for (const o of alternatives(v)) {
        const s = this.valueStatus(o);
        if (s !== undefined) return s;
      }
    }
    return undefined;
  }

  /**
   * An exception class that carries an HTTP status: a subclass of HTTPException, or any exception
   * class (the app maps it to a response with an exception handler) with `status_code = 401`, an
   * `__init__(…, status_code=401)` default, or `super().__init__(…, 401)`.
   */
  private classStatus(cls: ClassRec): number | undefined {
    const m = this.classMemo.get(cls);
    if (m !== undefined) return m ?? undefined;
    this.classMemo.set(cls, null);
    let found: number | undefined;
    const isException = this.ip.mro(cls).some((c) => c.k === 'ext' && /(^fastapi\.(HTTPException|WebSocketException)|Exception|Error)$/.test(c.path));
    if (isException) {
      for (const name of ['status_code', 'code', 'status', 'http_status', 'status_int']) {
        const attr = this.ip.classAttr(cls, name);
        // `def code(self) -> int: return 403` (the app's exception handler answers with it)
        const s = attr?.k === 'func' ? this.constantReturn(attr.fn) : statusOf(attr);
        if (s !== undefined) {
          found = s;
          break;
        }
      }
      // __init__ of this class or a base: a status parameter default, or the status passed up to super()
      for (const c of this.ip.mro(cls)) {
        if (found !== undefined || c.k !== 'class') continue;
        const init = c.cls.ns.get('__init__');
        if (init?.k !== 'func') continue;
        const dflt = statusOf(init.fn.params?.find((p) => /^(status_code|code|status)$/.test(p.name))?.def);
        if (dflt !== undefined && REJECT_STATUSES.has(dflt)) {
          found = dflt;
          break;
        }
        const scope: Scope = { vars: new Map(), parent: init.fn.closure, module: init.fn.module };
        const w: Walk = { fn: init.fn, scope, taint: new Map(), locals: new Map(), out: {}, depth: 0, opts: {} };
        const visit = (stmts: Stmt[]): void => {
          for (const s of stmts) {
            if (found !== undefined) return;
            if (s.t === 'expr' && s.v.t === 'call' && s.v.fn.t === 'attr' && s.v.fn.attr === '__init__') {
              const kw = s.v.args.find((a) => a.name === 'status_code' || a.name === 'code');
              const cands = kw ? [kw] : s.v.args.filter((a) => !a.name && !a.star);
              for (const a of cands) {
                const v = statusOf(this.staticValue(w, a.v, 0));
                if (v !== undefined && (kw || REJECT_STATUSES.has(v))) {
                  found = v;
                  break;
                }
              }
            } else if (s.t === 'assign' && s.v && s.targets.some((t) => t.t === 'attr' && /^(status_code|code|status)$/.test(t.attr))) {
              const v = statusOf(this.staticValue(w, s.v, 0));
              if (v !== undefined && REJECT_STATUSES.has(v)) found = v;
            } else if (s.t === 'if') {
              visit(s.body);
              visit(s.orelse);
            }
          }
        };
        visit(init.fn.def.body);
      }
    }
    this.classMemo.set(cls, found ?? null);
    return found;
  }

  /** The status a method returns whatever its arguments: its body is one `return <constant>`. */
  private constantReturn(fn: FuncRec): number | undefined {
    const body = fn.def.body.filter((x) => !(x.t === 'expr' && x.v.t === 'str'));
    const r = body.length === 1 ? body[0] : undefined;
    if (r?.t !== 'return' || !r.v) return undefined;
    const w: Walk = { fn, scope: { vars: new Map(), parent: fn.closure, module: fn.module }, taint: new Map(), locals: new Map(), out: {}, depth: 0, opts: {} };
    return statusOf(this.staticValue(w, r.v, 0));
  }

  // ---------------------------------------------------------------- static values

  private selfLike(w: Walk, name: string): boolean {
    return this.selfClass(w, name) !== undefined;
  }

  /** The class whose instance `name` is in `w`: a method's first parameter, or the enclosing method's, seen from a function nested in it. */
  private selfClass(w: Walk, name: string): ClassRec | undefined {
    if (w.taint.has(name)) return undefined;
    if (w.fn.ownerClass) return w.fn.params?.[0]?.name === name ? w.fn.ownerClass : undefined;
    const outer = this.nested.get(w.fn);
    if (outer?.ownerClass && outer.params?.[0]?.name === name && !w.fn.params?.some((p) => p.name === name)) return outer.ownerClass;
    return undefined;
  }

  /** The function or library symbol a call invokes, as far as the body shows it. */
  private calleeOf(w: Walk, f: Expr): Value {
    if (f.t === 'attr') {
      // self.method(...), cls.method(...) and super().method(...) inside a method
      const own = f.obj.t === 'name' ? this.selfClass(w, f.obj.id) : undefined;
      const isSuper = f.obj.t === 'call' && f.obj.fn.t === 'name' && f.obj.fn.id === 'super' && w.fn.ownerClass;
      const owner = own ?? (isSuper ? w.fn.ownerClass : undefined);
      if (owner) {
        const order = this.ip.mro(owner);
        for (const c of isSuper ? order.slice(1) : order) {
          const m = c.k === 'class' ? c.cls.ns.get(f.attr) : undefined;
          if (m?.k === 'func') return { k: 'method', self: w.self ?? UNKNOWN('self'), name: f.attr, fn: m.fn };
          if (m) return m;
        }
        if (w.self) return this.ip.getAttr(w.self, f.attr);
        return UNKNOWN(`self.${f.attr}`);
      }
    }
    // a function defined in this body (it shadows a global of the same name)
    if (f.t === 'name' && !w.taint.has(f.id) && !w.locals.has(f.id)) {
      const fn = this.nestedDef(w, f.id);
      if (fn) return { k: 'func', fn };
    }
    return this.staticValue(w, f, 0);
  }

  /** A dotted name for a library callee: `jwt.decode`, `svix.webhooks.Webhook().verify` (a method of a library instance). */
  private calleePath(w: Walk, f: Expr): string | undefined {
    const v = this.calleeOf(w, f);
    if (v.k === 'ext') return v.path;
    if (v.k === 'method' && !v.fn && v.self.k === 'inst' && v.self.inst.cls.k === 'ext') return `${v.self.inst.cls.path}().${v.name}`;
    if (f.t === 'attr' && f.obj.t === 'name') {
      // a local bound to a library object: `wh = Webhook(secret); wh.verify(...)`
      const bound = w.locals.get(f.obj.id);
      if (bound && bound.t === 'call') {
        const c = this.staticValue(w, bound.fn, 0);
        if (c.k === 'ext') return `${c.path}().${f.attr}`;
      }
    }
    if (v.k === 'unknown') return exprTextShort(f);
    if (v.k === 'method' && !v.fn) return exprTextShort(f);
    return undefined;
  }

  /**
   * `load_impl(Base, config.impl_class)`: a project helper that imports what a dotted name names
   * (`importlib.import_module`, `__import__`, `import_string`), given a string that names a project
   * class (`"pkg.auth.TokenAuth"`), returns that class.
   */
  private namedClass(w: Walk, fn: FuncRec, e: Extract<Expr, { t: 'call' }>, depth: number): Value | undefined {
    if (!this.importsByName(fn, 0)) return undefined;
    for (const a of e.args) {
      if (a.star) continue;
      const v = this.staticValue(w, a.v, depth + 1);
      const alts = alternatives(v);
      if (!alts.some((x) => x.k === 'str')) continue;
      const out: Value[] = [];
      for (const x of alts) {
        const s = asStr(x);
        const m = s !== undefined ? /^([A-Za-z_][\w.]*)[.:]([A-Za-z_]\w*)$/.exec(s) : null;
        const key = m ? this.ip.index.resolve(m[1]!, w.fn.module.root) : undefined;
        const mod = key ? this.ip.modules.get(key) : undefined;
        const cls = mod?.ns.get(m![2]!);
        out.push(cls?.k === 'class' ? cls : UNKNOWN(`the class named ${s ?? '?'}`));
      }
      if (out.some((x) => x.k === 'class')) return out.length === 1 ? out[0]! : { k: 'choice', options: out };
    }
    return undefined;
  }

  /** Does the function (or a project helper it calls) import by a dotted name? */
  private importsByName(fn: FuncRec, depth: number): boolean {
    if (depth > 2) return false;
    const target = unwrap(fn);
    const scope: Scope = { vars: new Map(), parent: target.closure, module: target.module };
    const resolve = (f: Expr): Value => {
      if (f.t === 'name') return target.params?.some((p) => p.name === f.id) ? UNKNOWN('param') : this.ip.lookup(f.id, scope);
      if (f.t === 'attr') {
        const b = resolve(f.obj);
        return b.k === 'unknown' ? b : this.ip.getAttr(b, f.attr);
      }
      return UNKNOWN('expression');
    };
    let hit = false;
    const visit = (c: Extract<Expr, { t: 'call' }>): void => {
      const v = resolve(c.fn);
      if (v.k === 'ext' && /^(importlib\.import_module|builtins\.__import__|pydoc\.locate)$|(^|\.)(import_string|import_from_string)$/.test(v.path)) hit = true;
      else if (v.k === 'func' && v.fn !== target && this.importsByName(v.fn, depth + 1)) hit = true;
    };
    eachStmt(target.def.body, (st) => {
      for (const x of exprsOf(st)) eachExpr(x, (c) => void (c.t === 'call' && !hit && visit(c)));
    });
    return hit;
  }

  /** Side-effect-free resolution of names and attributes in a function body. */
  staticValue(w: Walk, e: Expr, depth: number): Value {
    if (depth > 8) return UNKNOWN('too deep');
    switch (e.t) {
      case 'name': {
        if (w.taint.has(e.id)) return UNKNOWN(`credential ${e.id}`);
        const owner = this.selfClass(w, e.id);
        if (owner) {
          if (w.self) return w.self;
          const isCls = w.fn.def.decorators.some((d) => d.t === 'name' && d.id === 'classmethod');
          return isCls ? { k: 'class', cls: owner } : UNKNOWN('self');
        }
        const local = w.locals.get(e.id);
        if (local) return local === e ? UNKNOWN('local') : this.staticValue(w, local, depth + 1);
        if (w.fn.params?.some((p) => p.name === e.id)) return UNKNOWN(`parameter ${e.id}`);
        return this.ip.lookup(e.id, w.scope);
      }
      case 'attr': {
        const base = this.staticValue(w, e.obj, depth + 1);
        if (base.k === 'unknown') {
          // `self.x` of a class whose instances we do not know: the class attribute
          const owner = e.obj.t === 'name' ? this.selfClass(w, e.obj.id) : undefined;
          if (owner) return this.ip.classAttr(owner, e.attr) ?? UNKNOWN(`self.${e.attr}`);
          return base;
        }
        return this.ip.getAttr(base, e.attr);
      }
      case 'num':
        return { k: 'num', v: e.v };
      case 'str':
        return { k: 'str', v: e.v };
      case 'call': {
        // a library object made here (`Webhook(secret)`): its class, for method lookups
        const c = this.staticValue(w, e.fn, depth + 1);
        if (c.k === 'func') {
          const named = this.namedClass(w, c.fn, e, depth);
          if (named) return named;
        }
        if (c.k === 'ext' && /\.[A-Z]\w*$/.test(c.path)) return { k: 'ext', path: `${c.path}()` };
        // `HEADER.lower()`: the constant, transformed
        if (c.k === 'method' && c.self.k === 'str' && e.args.length === 0 && /^(lower|upper|strip|casefold)$/.test(c.name)) {
          const v = c.self.v;
          return { k: 'str', v: c.name === 'lower' || c.name === 'casefold' ? v.toLowerCase() : c.name === 'upper' ? v.toUpperCase() : v.trim() };
        }
        // `os.getenv("NAME", "default")`: its default
        if (c.k === 'ext' && c.path === 'os.getenv') {
          const d = e.args[1] ?? e.args.find((a) => a.name === 'default');
          return d ? this.staticValue(w, d.v, depth + 1) : UNKNOWN('os.getenv');
        }
        return UNKNOWN('call');
      }
      default:
        return UNKNOWN('expression');
    }
  }
}

// ------------------------------------------------------------------ helpers

/** A credential that counts for this rejection: a signature is also refused with a 400 or an exception; a weak one only with a 401. */
function counts(cred: Cred, r: Rejection): boolean {
  if (cred.weak) return r.status === 401;
  // a 400 refuses a bad webhook signature (Stripe's and GitHub's own examples), not a bad token
  if (r.status === 400) return !!cred.signature;
  return true;
}

function signatureCred(path: string): Cred {
  const lib = /svix/.test(path)
    ? 'svix'
    : /standardwebhooks/.test(path)
      ? 'standardwebhooks'
      : /slack/.test(path)
        ? 'Slack'
        : /stripe|construct_event|WebhookSignature/.test(path)
          ? 'Stripe'
          : 'webhook';
  return { desc: `${lib} signature headers`, verified: false, enforced: false, signature: true };
}

/** The better of two credentials: verified over unverified, then one read from the request over one only handed to code we cannot read. */
function better(a: Cred | undefined, b: Cred | undefined): Cred | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.verified !== b.verified) return a.verified ? a : b;
  if (!!a.weak !== !!b.weak) return a.weak ? b : a;
  return a;
}

function merge(a: Info, b: Info): Info {
  const out: Info = { ...a };
  const cred = better(out.cred, b.cred);
  if (cred) out.cred = cred;
  if (!out.req && b.req) out.req = b.req;
  if (!out.verifies && b.verifies) out.verifies = b.verifies;
  if (!out.auth && b.auth) out.auth = b.auth;
  if (!out.rejects && b.rejects) out.rejects = b.rejects;
  if (b.opaque) out.opaque = true;
  return out;
}

function strip(i: Info): Info {
  const out = { ...i };
  delete out.req;
  delete out.cred;
  return out;
}

/** A comparison operand that cannot be a secret: None, booleans, numbers, short or scheme-name strings, `len(...)`. */
function trivial(e: Expr): boolean {
  if (e.t === 'const' || e.t === 'num') return true;
  if (e.t === 'str') return e.v.trim() === '' || /^(bearer|basic|digest|token|apikey|api[-_]key|none|null|undefined|true|false)$/i.test(e.v.trim());
  if (e.t === 'list' || e.t === 'tuple' || e.t === 'dict' || e.t === 'set') return e.items.length === 0;
  if (e.t === 'unary' && e.op === '-') return true;
  if (e.t === 'call' && e.fn.t === 'name' && /^(len|int|float|bool|type|isinstance|hasattr|callable|id)$/.test(e.fn.id)) return true;
  return false;
}

/** Can a block finish normally (fall off its end)? */
export function completes(stmts: Stmt[]): boolean {
  for (const s of stmts) {
    if (s.t === 'return' || s.t === 'raise') return false;
    if (s.t === 'flow' && (s.kind === 'break' || s.kind === 'continue')) return false;
    if (s.t === 'if' && !completes(s.body) && !completes(s.orelse)) return false;
    if (s.t === 'try') {
      if (s.final.length && !completes(s.final)) return false;
      if (!completes([...s.body, ...s.orelse]) && s.handlers.every((h) => !completes(h.body))) return false;
    }
    if (s.t === 'with' && !completes(s.body)) return false;
    if (s.t === 'match' && s.cases.length > 0 && s.cases.every((c) => !completes(c.body))) return false;
  }
  return true;
}

/** `jwt.decode(token, options={"verify_signature": False})`, `jwt.get_unverified_claims(token)`, `decode(..., verify=False)`. */
function unverifiedDecode(e: Extract<Expr, { t: 'call' }>): boolean {
  const name = e.fn.t === 'attr' ? e.fn.attr : e.fn.t === 'name' ? e.fn.id : '';
  if (/^get_unverified_/.test(name)) return true;
  return e.args.some(
    (a) => (a.name === 'verify' && a.v.t === 'const' && a.v.v === false) || (a.name === 'options' && /verify_signature:False/.test(sourceText(a.v).replace(/\s/g, ''))),
  );
}

/** Does any statement (nested defs included) name one of the tainted names? */
function mentionsAny(stmts: Stmt[], taint: ReadonlyMap<string, Seed>): boolean {
  const names = [...taint.entries()].filter(([, s]) => s.k === 'cred').map(([n]) => n);
  if (!names.length) return false;
  const text = JSON.stringify(stmts);
  return names.some((n) => text.includes(`"id":"${n}"`));
}

/** `a.b.c` for names and attribute chains. */
function exprTextShort(e: Expr): string | undefined {
  if (e.t === 'name') return e.id;
  if (e.t === 'attr') {
    const o = exprTextShort(e.obj);
    return o === undefined ? undefined : `${o}.${e.attr}`;
  }
  if (e.t === 'call') {
    const o = exprTextShort(e.fn);
    return o === undefined ? undefined : `${o}()`;
  }
  return undefined;
}

/** Strings, names and attributes of an expression, for matching a URL against login pages. */
function sourceText(e: Expr, depth = 0): string {
  if (depth > 8) return '';
  switch (e.t) {
    case 'str':
      return e.v;
    case 'name':
      return e.id;
    case 'attr':
      return `${sourceText(e.obj, depth + 1)}.${e.attr}`;
    case 'fstr':
      return e.parts.map((p) => (typeof p === 'string' ? p : sourceText(p, depth + 1))).join('');
    case 'call':
      return `${sourceText(e.fn, depth + 1)}(${e.args.map((a) => sourceText(a.v, depth + 1)).join(',')})`;
    case 'bin':
      return sourceText(e.l, depth + 1) + sourceText(e.r, depth + 1);
    case 'dict':
      return e.items.map(([k, v]) => `${k ? sourceText(k, depth + 1) : ''}:${sourceText(v, depth + 1)}`).join(',');
    case 'const':
      return e.v === null ? 'None' : e.v ? 'True' : 'False';
    default:
      return '';
  }
}

/** Project classes in a value: instances of them, or (`types`: the value is a type) the classes themselves. */
function classesIn(v: Value | undefined, types: boolean): ClassRec[] {
  if (!v) return [];
  if (v.k === 'inst') return v.inst.cls.k === 'class' ? [v.inst.cls.cls] : [];
  if (types && v.k === 'class') return [v.cls];
  if (types && v.k === 'annotated') return classesIn(v.base, true);
  if (v.k === 'choice') return alternatives(v).flatMap((o) => classesIn(o, types));
  return [];
}

/** `@abstractmethod`, or a body that only says it is not there (`...`, `pass`, `raise NotImplementedError`). */
function abstractMethod(fn: FuncRec): boolean {
  if (fn.def.decorators.some((d) => /(^|\.)abstract(method|classmethod|property)$/.test(exprTextShort(d) ?? ''))) return true;
  const body = withoutDocstring(fn.def.body);
  return body.every(
    (s) =>
      (s.t === 'flow' && s.kind === 'pass') ||
      (s.t === 'expr' && (s.v.t === 'ellipsis' || s.v.t === 'const')) ||
      (s.t === 'raise' && !!s.exc && /NotImplemented/.test(exprTextShort(s.exc) ?? '')),
  );
}

export function unwrap(fn: FuncRec): FuncRec {
  let f = fn;
  for (let i = 0; i < 16 && f.wrapped; i++) f = f.wrapped;
  return f;
}
