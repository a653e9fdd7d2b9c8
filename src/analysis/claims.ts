/**
 * Where the claims of a decoded token go (FA405): through locals, subscripts and `.get(...)`,
 * attribute reads, models built from them (`TokenPayload(**payload)`), conversions, the parameters
 * of helpers of ours they are passed to, and the callers they are returned to — a few calls deep.
 *
 * An **auth decision** is a use that decides who the client is or what it may do:
 *
 * - a condition or comparison on a claim (`payload["role"] == "admin"`, `if not claims.get("sub")`);
 * - a claim passed to code that looks something up or acts on it (`get_user(payload["sub"])`,
 *   `session.get(User, claims["sub"])`: any call that is not logging, a response or a conversion);
 * - the claims stored as the request's state or session (`request.state.user = claims`), or signed
 *   into a new token (`jwt.encode({"sub": claims["sub"]}, ...)`: a refresh for the claimed user);
 * - the claims returned by a dependency, or by a function whose callers the scan cannot see (a
 *   returned principal).
 *
 * Not a decision: logging or printing the claims, returning them from a route handler (showing them
 * to the client that sent the token), putting them in a response or a debug dict, assertions, and
 * anything done with the time claims alone (`exp`, `iat`, `nbf`, `auth_time`: a client checking
 * when its own token expires). Reading `exp` at all also tells that the code checks expiry itself.
 */
import type { Expr, Stmt } from '../facts/ir.js';
import type { Project } from '../model/project.js';
import type { SrcLoc } from '../model/values.js';
import { callSitesOf } from './calls.js';
import { codeIndex } from './code.js';
import { blocksOf, chain, eachExpr, exprText, exprsOf, type CallExpr } from './ir.js';
import { jwtOp } from './jwt.js';
import { requestFlow } from './request.js';
import { locOf, paramOf, type CodeUnit } from './units.js';

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'expires_at', 'expiration']);
const MAX_HOPS = 3;
/** Calls that only show or log a value. */
const DISPLAY =
  /(^|\.)(print|pprint|debug|info|warning|warn|error|exception|critical|log|msg|echo|secho|dumps|jsonable_encoder|JSONResponse|HTMLResponse|PlainTextResponse|ORJSONResponse|Response|TemplateResponse|render|format|repr)$/;
/** Calls whose result is the same value in another form. */
const CONVERSIONS =
  /^(builtins\.(str|int|float|dict|list|tuple|set|bool|len|isinstance|sorted)|typing\.cast|datetime\.datetime\.(fromtimestamp|utcfromtimestamp)|datetime\.(fromtimestamp|utcfromtimestamp)|time\.\w+|math\.\w+)$/;

interface ClaimsUse {
  /** "compared with a value (`payload["role"] == "admin"`)", "passed to `get_user`", "returned by the dependency `current_user`". */
  what: string;
  at: SrcLoc;
}

export interface ClaimsFlow {
  /** The first auth decision the claims reach, if any. */
  decision?: ClaimsUse;
  /** The code reads the `exp` claim itself (a manual expiry check). */
  expRead: boolean;
  /** The claims choose the key, algorithms, issuer or audience of a verifying decode in the same function (peek, then verify). */
  choosesVerification: boolean;
}

interface State {
  project: Project;
  out: ClaimsFlow;
  seen: Set<string>;
}

/** Where the claims that `call` (a decode in `unit`) returns go. */
export function claimsFlow(project: Project, unit: CodeUnit, call: CallExpr): ClaimsFlow {
  const st: State = { project, out: { expRead: false, choosesVerification: false }, seen: new Set() };
  follow(st, unit, { call }, 0);
  return st.out;
}

/** Where the claims enter a function, and which claim (`''`: all of them). */
type Seed = ({ call: Expr } | { param: string }) & { claim?: string };

function decide(st: State, what: string, at: SrcLoc): void {
  st.out.decision ??= { what, at };
}

function follow(st: State, unit: CodeUnit, seed: Seed, hops: number): void {
  const key = `${unit.id}:${'param' in seed ? seed.param : `${unit.file}@${JSON.stringify(seed.call.loc)}`}`;
  if (st.seen.has(key) || hops > MAX_HOPS) return;
  st.seen.add(key);
  const project = st.project;
  const resolver = codeIndex(project).resolver;
  // names holding the claims (or a claim: its key), and names merely computed from them
  const claims = new Map<string, string>();
  const derived = new Set<string>();
  const seedClaim = seed.claim ?? '';
  if ('param' in seed) {
    claims.set(seed.param, seedClaim);
    derived.add(seed.param);
  }
  const isSeed = (e: Expr): boolean => 'call' in seed && e === seed.call;

  /** The claim an expression holds: '' for the whole claims, a key for one claim, undefined when it holds none. */
  const carries = (e: Expr, depth = 0): string | undefined => {
    if (depth > 10) return undefined;
    if (isSeed(e)) return seedClaim;
    switch (e.t) {
      case 'name':
        return claims.get(e.id);
      case 'await':
      case 'starred':
        return carries(e.v, depth + 1);
      case 'sub': {
        const k = carries(e.obj, depth + 1);
        if (k === undefined) return undefined;
        return k === '' ? (e.index.t === 'str' ? e.index.v : '?') : k;
      }
      case 'attr': {
        const k = carries(e.obj, depth + 1);
        if (k === undefined) return undefined;
        return k === '' ? e.attr : k;
      }
      case 'call': {
        const f = e.fn;
        if (f.t === 'attr') {
          const k = carries(f.obj, depth + 1);
          if (k !== undefined) {
            if (f.attr === 'get' && k === '') return e.args[0]?.v.t === 'str' ? e.args[0].v.v : '?';
            return k;
          }
        }
        // a model or a conversion of the claims is still the claims
        const ks = e.args.map((a) => carries(a.v, depth + 1)).filter((k): k is string => k !== undefined);
        if (!ks.length) return undefined;
        const callee = resolver.value(unit, f);
        if (callee.k === 'class') return ks[0];
        if (callee.k === 'ext' && CONVERSIONS.test(callee.path)) return ks[0];
        return undefined;
      }
      case 'ifexp':
        return carries(e.body, depth + 1) ?? carries(e.orelse, depth + 1);
      case 'boolop':
        for (const v of e.values) {
          const k = carries(v, depth + 1);
          if (k !== undefined) return k;
        }
        return undefined;
      case 'walrus':
        return carries(e.v, depth + 1);
      case 'dict':
        // packed with other values: still the claim (shown, logged or signed again)
        for (const [, v] of e.items) {
          const k = carries(v, depth + 1);
          if (k !== undefined) return k;
        }
        return undefined;
      case 'list':
      case 'tuple':
      case 'fstr': {
        const parts = e.t === 'fstr' ? e.parts.filter((p): p is Expr => typeof p !== 'string') : e.items;
        for (const v of parts) {
          const k = carries(v, depth + 1);
          if (k !== undefined) return k;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  };
  const mentionsDerived = (e: Expr): boolean => {
    let hit = false;
    eachExpr(e, (x) => {
      if (hit) return;
      if (isSeed(x) || (x.t === 'name' && derived.has(x.id))) hit = true;
    });
    return hit;
  };

  // flow-insensitive: a name holds the claims when one of its assignments does
  for (let changed = true, round = 0; changed && round < 6; round++) {
    changed = false;
    for (const [name, bs] of unit.locals) {
      for (const b of bs) {
        if (!b.v) continue;
        if (!claims.has(name)) {
          const k = carries(b.v);
          if (k !== undefined) {
            claims.set(name, k);
            changed = true;
          }
        }
        if (!derived.has(name) && mentionsDerived(b.v)) {
          derived.add(name);
          changed = true;
        }
      }
    }
  }

  for (const k of claims.values()) if (k === 'exp') st.out.expRead = true;
  const claimText = (k: string): string => (k === '' ? 'the claims' : `the \`${k}\` claim`);
  const counts = (k: string | undefined): k is string => k !== undefined && !TIME_CLAIMS.has(k);

  const body: Stmt[] = unit.def?.body ?? [];
  const isHandler = unit.def ? requestFlow(project).handlers.has(unit.def) : false;
  const isDependency = unit.def ? requestFlow(project).fastapiCalled(unit.def) && !isHandler : false;

  const visitExpr = (e: Expr, inAssert: boolean): void => {
    eachExpr(e, (x) => {
      if (x.t === 'sub' || x.t === 'attr' || (x.t === 'call' && x.fn.t === 'attr' && x.fn.attr === 'get')) {
        if (carries(x) === 'exp') st.out.expRead = true;
      }
      // `x is None` tests presence, not a claim
      if (x.t === 'cmp' && !inAssert && !x.ops.every((op) => op === 'is' || op === 'is not')) {
        for (const o of x.operands) {
          const k = carries(o);
          if (counts(k)) decide(st, `a comparison on ${claimText(k)} (\`${exprText(x)}\`)`, locOf(unit, x));
        }
      }
      if (x.t !== 'call') return;
      const op = x.fn.t === 'attr' || x.fn.t === 'name' ? jwtOp(resolver.value(unit, x.fn)) : undefined;
      if (op && (op.op === 'encode' || op.op === 'jwsSign')) {
        // a new token issued for the claimed subject
        const k = x.args.map((a) => carries(a.v)).find((c) => counts(c));
        if (counts(k)) decide(st, `${claimText(k)} signed into a new token (\`${op.label}\`)`, locOf(unit, x));
        return;
      }
      if (op && (op.op === 'decode' || op.op === 'jwsVerify')) {
        // peek, then verify: the claims choose the key, algorithms, issuer or audience of this decode
        if (x.args.slice(1).some((a) => mentionsDerived(a.v)) || x.args.some((a) => a.name && a.name !== 'jwt' && a.name !== 'token' && mentionsDerived(a.v)))
          st.out.choosesVerification = true;
        return;
      }
      const passed = x.args.map((a) => ({ a, k: carries(a.v) })).filter((p) => p.k !== undefined);
      if (!passed.length) return;
      const name = chain(x.fn) ?? exprText(x.fn);
      if (DISPLAY.test(name)) return;
      const callee = resolver.value(unit, x.fn);
      if (callee.k === 'class') return; // a model of the claims: followed through its assignment
      if (callee.k === 'ext' && CONVERSIONS.test(callee.path)) return;
      const fn = callee.k === 'func' ? callee.fn : callee.k === 'method' ? callee.fn : undefined;
      if (fn) {
        const target = codeIndex(project).unitOf(fn);
        const params = fn.def.params.filter((p) => p.kind === 'pos' || p.kind === 'posonly').slice(callee.k === 'method' ? 1 : 0);
        x.args.forEach((a, i) => {
          const claim = carries(a.v);
          if (claim === undefined) return;
          const p = a.name ?? (a.star ? undefined : params[i]?.name);
          if (p && paramOf(target, p)) follow(st, target, { param: p, claim }, hops + 1);
        });
        return;
      }
      const k = passed.find((p) => counts(p.k))?.k;
      if (counts(k)) decide(st, `${claimText(k)} passed to \`${name}\``, locOf(unit, x));
    });
  };

  const visitStmts = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (s.t === 'def' || s.t === 'class') continue;
      if (s.t === 'assert') {
        visitExpr(s.test, true);
        continue;
      }
      if ((s.t === 'if' || s.t === 'while') && !st.out.decision) {
        // a branch on a claim
        const k = carries(s.test.t === 'unary' ? s.test.v : s.test);
        if (counts(k) && k !== '') decide(st, `a condition on ${claimText(k)}`, locOf(unit, s));
      }
      for (const e of exprsOf(s)) visitExpr(e, false);
      if (s.t === 'assign' && s.v) {
        const k = carries(s.v);
        if (k !== undefined) {
          for (const t of s.targets) {
            const c = chain(t.t === 'sub' ? t.obj : t);
            // `request.state.user = claims`, `request.session["user"] = claims["sub"]`
            if (c && /(^|\.)(state|session)(\.|$)/.test(c) && counts(k)) decide(st, `${claimText(k)} stored in \`${exprText(t)}\``, locOf(unit, s));
          }
        }
      }
      if (s.t === 'return' && s.v) {
        const k = carries(s.v);
        if (k !== undefined && counts(k)) returned(st, unit, s, k, isHandler, isDependency, hops);
      }
      for (const b of blocksOf(s)) visitStmts(b);
    }
  };
  visitStmts(body);
  // `lambda` bodies and module-level code: expressions only
  if (!unit.def) for (const c of unit.calls) visitExpr(c, false);
}

/** Claims returned: to the client (a route handler), as the principal (a dependency), or to callers we follow. */
function returned(st: State, unit: CodeUnit, s: Stmt, k: string, isHandler: boolean, isDependency: boolean, hops: number): void {
  if (isHandler) return;
  const at = locOf(unit, s);
  const what = k === '' ? 'the claims' : `the \`${k}\` claim`;
  if (isDependency) {
    decide(st, `${what} returned by the dependency \`${unit.name}\` (the principal)`, at);
    return;
  }
  const sites = unit.def ? callSitesOf(st.project, unit.def) : [];
  if (!sites.length) {
    decide(st, `${what} returned by \`${unit.name}\`, whose callers the scan does not see`, at);
    return;
  }
  for (const site of sites.slice(0, 20)) follow(st, site.unit, { call: site.call, claim: k }, hops + 1);
}

/**
 * Is the token a decode reads carried inside the claims of a token verified in the same function
 * (`decoded = jwt.decode(signed, key, algorithms=[...])`, then `jwt.decode(decoded["access_token"],
 * options={"verify_signature": False})`)? Its content was signed with the envelope.
 */
export function insideVerifiedEnvelope(unit: CodeUnit, call: CallExpr, verifying: (c: CallExpr) => boolean): boolean {
  const token = call.args.find((a) => !a.name || a.name === 'jwt' || a.name === 'token')?.v;
  if (!token) return false;
  const seen = new Set<string>();
  const fromVerified = (e: Expr, depth: number): boolean => {
    if (depth > 6) return false;
    switch (e.t) {
      case 'await':
        return fromVerified(e.v, depth + 1);
      case 'call':
        if (verifying(e)) return true;
        if (e.fn.t === 'attr') return fromVerified(e.fn.obj, depth + 1);
        return false;
      case 'sub':
        return fromVerified(e.obj, depth + 1);
      case 'attr':
        return fromVerified(e.obj, depth + 1);
      case 'name': {
        if (seen.has(e.id)) return false;
        seen.add(e.id);
        const bs = unit.locals.get(e.id);
        return !!bs?.length && bs.every((b) => b.v && fromVerified(b.v, depth + 1));
      }
      default:
        return false;
    }
  };
  return fromVerified(token, 0);
}
