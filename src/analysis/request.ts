/**
 * Provenance of request credentials. Which code handles requests, and which values in it are
 * credentials a client sent — decided by where the value comes from, never by its name alone:
 *
 * - **request code**: the functions reachable, through calls of ours (src/analysis/calls.ts), from a
 *   route handler (served or not), a dependency of a route, a security scheme subclass's `__call__`,
 *   a middleware (`@app.middleware("http")` functions, `dispatch`/`__call__` of middleware classes,
 *   and the `authenticate`/`__call__` of objects handed to a middleware, such as an authentication
 *   backend).
 * - **request credential**: the value of a security scheme, a `Header()`/`Cookie()`/`Query()`
 *   parameter or a `request.headers`/`cookies`/`query_params` entry named like a credential, the
 *   password of `HTTPBasic` and the token of `HTTPBearer`, a credential-named field of the request
 *   body (a pydantic model or `OAuth2PasswordRequestForm` parameter, `await request.form()`/`json()`),
 *   a credential-named scalar parameter of a handler or dependency (FastAPI reads it from the query
 *   string); then whatever is computed from one of those: locals, `.strip()`/`.lower()`/`.encode()`,
 *   the parts of a `split`/`partition` (also unpacked: `scheme, _, token = auth.partition(" ")`), a
 *   slice, a base64 decoding, a hash of it (`hashlib.sha256(key.encode()).hexdigest()`); then the
 *   parameters of helpers such a value is passed to (from request code), and the parameters that
 *   receive a dependency returning one (`key: str = Depends(get_api_key)`).
 *
 * A value only named like a credential (`token`, `signature`, `reservation_token`) is none of these.
 */
import type { DefStmt, Expr } from '../facts/ir.js';
import { locLine } from '../facts/loc.js';
import type { DepNode } from '../model/deps.js';
import { schemeClass } from '../model/externals.js';
import type { Project } from '../model/project.js';
import { asStr, type ClassRec, type FuncRec, type Value } from '../model/values.js';
import { callsFrom, boundArgs } from './calls.js';
import { bodyOf, codeIndex, type Body } from './code.js';
import { credentialName, credentialOf, type Cred } from './credentials.js';
import { classPaths } from './helpers.js';
import { chain, eachExpr, eachStmt, exprText, type CallExpr } from './ir.js';
import { jwtOp } from './jwt.js';
import { dependencyFunctions, funcOf, paramSource, schemeUses, usesOf } from './schemes.js';
import { paramOf, type CodeUnit } from './units.js';

export interface RequestFlow {
  /** Is this function request code (reachable from a route, dependency or middleware)? */
  reaches(def: DefStmt): boolean;
  /** The credential an expression of a request-code function holds, if it holds one a client sent. */
  credential(body: Body, e: Expr): Cred | undefined;
  /**
   * Is the value computed from a credential the client sent, in any way (`normalize(api_key)`, a
   * tuple a helper returns for it)? Looser than `credential`: a comparison of two such values
   * compares what the client sent with itself.
   */
  fromRequest(body: Body, e: Expr): boolean;
  /** Handlers and dependencies: FastAPI fills their parameters from the request. */
  fastapiCalled(def: DefStmt): boolean;
  /** The route handlers (served or not). */
  handlers: ReadonlySet<DefStmt>;
}

const flows = new WeakMap<Project, RequestFlow>();

/** Transformations that keep what a credential is: the value changes form, not origin. */
const SAME_VALUE = new Set([
  'strip',
  'lstrip',
  'rstrip',
  'lower',
  'upper',
  'casefold',
  'encode',
  'decode',
  'removeprefix',
  'removesuffix',
  'replace',
  'hexdigest',
  'digest',
  'get_secret_value',
]);
/** Functions whose result is computed from the credential passed to them. */
const DERIVING = /^(hashlib\.\w+|base64\.\w*decode|binascii\.\w+|builtins\.(str|bytes)|urllib\.parse\.unquote\w*)$/;
const SCALAR_ANN = /^(builtins\.(str|bytes)|pydantic\.(SecretStr|SecretBytes)|typing\.(Optional|Union))$/;
/** Scheme classes whose value is the credential string itself. */
const STRING_SCHEMES = new Set(['APIKeyHeader', 'APIKeyQuery', 'APIKeyCookie', 'OAuth2PasswordBearer', 'OAuth2AuthorizationCodeBearer', 'OAuth2', 'OpenIdConnect']);
const CRED_ATTRS = new Set(['credentials', 'password', 'token', 'api_key', 'key', 'secret', 'client_secret']);

export function requestFlow(project: Project): RequestFlow {
  let f = flows.get(project);
  if (!f) flows.set(project, (f = build(project)));
  return f;
}

function build(project: Project): RequestFlow {
  const ix = codeIndex(project);
  const handlers = new Set<DefStmt>();
  const fastapi = new Set<DefStmt>();
  const roots: FuncRec[] = [];
  const add = (fn: FuncRec | undefined, called: boolean): void => {
    if (!fn) return;
    roots.push(fn);
    if (called) fastapi.add(fn.def);
  };
  // route handlers and the dependencies of their trees (unincluded routers too: they handle requests once included)
  for (const r of [...project.routes, ...project.unincluded]) {
    if (r.handler) {
      handlers.add(r.handler.def);
      add(r.handler, true);
    }
  }
  for (const fn of dependencyFunctions(project)) add(fn, true);
  const seenNodes = new Set<DepNode>();
  const walk = (n: DepNode): void => {
    if (seenNodes.has(n)) return;
    seenNodes.add(n);
    if (n.kind !== 'security_scheme') add(funcOf(project, n.call), true);
    n.children.forEach(walk);
  };
  for (const r of project.unincluded) for (const d of r.deps) walk(d.node);
  // security scheme subclasses that override __call__: their body reads the request
  for (const { scheme } of schemeUses(project, (s) => s.customCall)) {
    const c = scheme.inst.cls;
    if (c.k === 'class') {
      const call = project.interp.classAttr(c.cls, '__call__');
      if (call?.k === 'func') add(call.fn, false);
    }
  }
  // middleware: function middleware, middleware classes, and objects handed to them (authentication backends)
  const methodsOf = (v: Value, names: string[]): void => {
    const cls = v.k === 'class' ? v.cls : v.k === 'inst' && v.inst.cls.k === 'class' ? v.inst.cls.cls : undefined;
    if (!cls) return;
    for (const n of names) {
      const m = project.interp.classAttr(cls, n);
      if (m?.k === 'func') add(m.fn, false);
    }
  };
  for (const inst of project.interp.insts) {
    for (const mw of inst.router?.middleware ?? []) {
      if (mw.fn?.k === 'func') add(mw.fn.fn, false);
      methodsOf(mw.cls, ['dispatch', '__call__']);
      for (const a of [...mw.args.pos, ...mw.args.kw.values()]) methodsOf(a, ['authenticate', '__call__', 'dispatch']);
    }
    // `app = Middleware(app, ...)` wrappers of ours
    if (!inst.router && inst.cls.k === 'class' && classPaths(project, inst.cls).some((p) => /^(starlette|fastapi)\..*Middleware$/.test(p)))
      methodsOf(inst.cls, ['dispatch', '__call__']);
  }

  // validators of request body models run on what the client sent
  const validated: Array<{ fn: FuncRec; param: string; field: string }> = [];
  const models = new Set<ClassRec>();
  for (const fn of roots.slice()) {
    if (!fastapi.has(fn.def)) continue;
    for (const p of fn.params ?? []) {
      const m = bodyModel(project, fn, p.name);
      if (!m?.cls || models.has(m.cls)) continue;
      models.add(m.cls);
      for (const v of credentialValidators(project, m.cls)) {
        validated.push(v);
        add(v.fn, false);
      }
    }
  }

  // reachability through our calls
  const reached = new Set<DefStmt>();
  const units: CodeUnit[] = [];
  const queue: FuncRec[] = [...roots];
  while (queue.length) {
    const fn = queue.pop()!;
    if (reached.has(fn.def)) continue;
    reached.add(fn.def);
    const unit = ix.unitOf(fn);
    units.push(unit);
    for (const s of callsFrom(project, unit)) if (!reached.has(s.target.def)) queue.push(s.target);
  }

  const tainted = new Map<DefStmt, Map<string, Cred>>();
  const derived = new Map<DefStmt, Set<string>>();
  const flow: RequestFlow = {
    reaches: (def) => reached.has(def),
    credential: (body, e) => credential(project, flow, tainted, body, e, 0),
    // an attribute or item of a value looked up with the credential (`stored.token_hash`) is the server's data
    fromRequest: (body, e) => (e.t === 'attr' || e.t === 'sub' ? !!flow.credential(body, e) : mentionsRequest(flow, derived, body, e, new Set())),
    fastapiCalled: (def) => fastapi.has(def),
    handlers,
  };

  // credentials handed to helpers' parameters and returned by dependencies, to a fixed point
  const taint = (def: DefStmt, param: string, c: Cred): boolean => {
    let m = tainted.get(def);
    if (!m) tainted.set(def, (m = new Map()));
    if (m.has(param)) return false;
    m.set(param, c);
    return true;
  };
  for (const v of validated)
    taint(v.fn.def, v.param, {
      text: v.param,
      why: `the \`${v.field}\` field of the request body, checked by a validator`,
      strength: 'strong',
      fromRequest: true,
      maybeNone: false,
    });
  const byDef = new Map<DefStmt, CodeUnit>(units.map((u) => [u.def!, u]));
  const work = [...units];
  let budget = 200_000;
  while (work.length && budget-- > 0) {
    const unit = work.pop()!;
    const fn = unit.fn;
    if (!fn) continue;
    const body = bodyOf(project, fn);
    for (const site of callsFrom(project, unit)) {
      for (const { param, arg } of boundArgs(site)) {
        if (!derived.get(site.target.def)?.has(param.name) && flow.fromRequest(body, arg)) {
          let d = derived.get(site.target.def);
          if (!d) derived.set(site.target.def, (d = new Set()));
          d.add(param.name);
          const u = byDef.get(site.target.def);
          if (u) work.push(u);
        }
        if (tainted.get(site.target.def)?.has(param.name)) continue;
        const c = flow.credential(body, arg);
        if (!c) continue;
        // a token the caller already verified (decoded with its key) is no longer a secret a timing attack can guess
        if (arg.t === 'name' && verifiedBefore(project, unit, arg.id, site.call)) continue;
        const passed: Cred = { ...c, text: param.name, why: `${c.why}, passed by \`${fn.name}\`` };
        if (taint(site.target.def, param.name, passed)) {
          const u = byDef.get(site.target.def);
          if (u) work.push(u);
        }
      }
    }
    if (fastapi.has(fn.def)) {
      const ret = unit.returns.find((r) => r && flow.credential(body, r));
      if (ret) {
        const c = flow.credential(body, ret)!;
        for (const use of usesOf(project, fn)) {
          if (!use.receiver || !use.param) continue;
          if (taint(use.receiver.def, use.param, { ...c, text: use.param, why: `${c.why}, returned by the dependency \`${fn.name}\`` })) {
            const u = byDef.get(use.receiver.def);
            if (u) work.push(u);
          }
        }
      }
    }
  }
  return flow;
}

/**
 * Was `name` handed, earlier in the unit, to a verifying JWT decode (`jwt.decode`, or a project helper
 * whose body makes one)?
 */
function verifiedBefore(project: Project, unit: CodeUnit, name: string, before: CallExpr): boolean {
  const ix = codeIndex(project);
  const limit = locLine(before.loc);
  const decodes = (u: CodeUnit): boolean => u.calls.some((c) => jwtOp(ix.resolver.value(u, c.fn))?.op === 'decode');
  return unit.calls.some((c) => {
    if (c === before || locLine(c.loc) > limit || !c.args.some((a) => a.v.t === 'name' && a.v.id === name)) return false;
    const callee = ix.resolver.value(unit, c.fn);
    if (jwtOp(callee)?.op === 'decode') return true;
    return callee.k === 'func' && decodes(ix.unitOf(callee.fn));
  });
}

/** Does an expression mention a credential the client sent, or a value computed from one? */
function mentionsRequest(flow: RequestFlow, derived: Map<DefStmt, Set<string>>, body: Body, e: Expr, seen: Set<string>): boolean {
  const unit = body.unit;
  let hit = false;
  eachExpr(e, (x) => {
    if (hit) return;
    if (x.t === 'name') {
      if (paramOf(unit, x.id)) {
        if ((unit.def && derived.get(unit.def)?.has(x.id)) || flow.credential(body, x)) hit = true;
        return;
      }
      if (seen.has(x.id) || seen.size > 40) return;
      seen.add(x.id);
      for (const b of unit.locals.get(x.id) ?? []) {
        const src = b.v ?? (b.val ? undefined : unpackedFrom(unit, x.id));
        if (src && mentionsRequest(flow, derived, body, src, seen)) {
          hit = true;
          return;
        }
      }
    } else if ((x.t === 'attr' || x.t === 'call' || x.t === 'sub') && flow.credential(body, x)) hit = true;
  });
  return hit;
}

/** The expression an unpacking assignment (`scheme, _, token = value`) takes `name` from. */
function unpackedFrom(unit: CodeUnit, name: string): Expr | undefined {
  if (!unit.def) return undefined;
  let found: Expr | undefined;
  eachStmt(unit.def.body, (s) => {
    if (found || s.t !== 'assign' || !s.v) return;
    for (const t of s.targets) {
      if ((t.t === 'tuple' || t.t === 'list') && t.items.some((i) => (i.t === 'starred' ? i.v : i).t === 'name' && ((i.t === 'starred' ? i.v : i) as { id: string }).id === name))
        found = s.v;
    }
  });
  return found;
}

/** `await request.form()`, `request.json()`: the request's body as a mapping. */
function requestBody(body: Body, e: Expr, depth: number): boolean {
  let x = e;
  while (x.t === 'await') x = x.v;
  if (x.t === 'name' && depth < 3) {
    const bs = body.unit.locals.get(x.id);
    return !!bs && bs.length === 1 && !!bs[0]!.v && requestBody(body, bs[0]!.v, depth + 1);
  }
  if (x.t !== 'call' || x.fn.t !== 'attr' || !['form', 'json'].includes(x.fn.attr)) return false;
  const obj = chain(x.fn.obj);
  return obj !== undefined && /(^|\.)(request|req|websocket|ws)$/.test(obj);
}

/** The class a parameter is annotated with, when it is a request body model or form: its name, and the class when it is ours. */
function bodyModel(project: Project, fn: FuncRec, name: string): { name: string; cls?: ClassRec } | undefined {
  const rec = fn.params?.find((p) => p.name === name);
  if (!rec) return undefined;
  let ann = project.interp.annotationOf(fn, rec);
  if (ann?.k === 'annotated') ann = ann.base;
  if (!ann) return undefined;
  for (const a of ann.k === 'choice' ? ann.options : [ann]) {
    if (a.k === 'ext' && /^fastapi\.security\.(OAuth2PasswordRequestForm|OAuth2PasswordRequestFormStrict|HTTPBasicCredentials)$/.test(a.path))
      return { name: a.path.slice(a.path.lastIndexOf('.') + 1) };
    if (a.k === 'class' && project.interp.extBases(a.cls).some((b) => b === 'pydantic.BaseModel' || b.startsWith('fastapi.security.'))) return { name: a.cls.name, cls: a.cls };
  }
  return undefined;
}

const VALIDATOR = /(^|\.)(field_validator|validator)$/;

/**
 * The validators of a request body model that check a credential field (`@field_validator("invite_token")`):
 * FastAPI runs them on what the client sent; their value parameter is that field.
 */
function credentialValidators(project: Project, cls: ClassRec): Array<{ fn: FuncRec; param: string; field: string }> {
  const out: Array<{ fn: FuncRec; param: string; field: string }> = [];
  for (const c of project.interp.mro(cls)) {
    if (c.k !== 'class') continue;
    for (const v of c.cls.ns.values()) {
      if (v.k !== 'func') continue;
      const param = v.fn.def.params[1]?.name;
      if (!param) continue;
      for (const d of v.fn.def.decorators) {
        if (d.t !== 'call' || !VALIDATOR.test(chain(d.fn) ?? '')) continue;
        const field = d.args.map((a) => (a.v.t === 'str' && !a.name ? a.v.v : undefined)).find((f) => f !== undefined && credentialName(f) === 'strong');
        if (field) out.push({ fn: v.fn, param, field });
      }
    }
  }
  return out;
}

/** A handler's or dependency's scalar parameter: FastAPI reads it from the query string. */
function scalarParam(project: Project, fn: FuncRec, name: string): boolean {
  const rec = fn.params?.find((p) => p.name === name);
  if (!rec || rec.kind === 'var' || rec.kind === 'varkw') return false;
  let ann = project.interp.annotationOf(fn, rec);
  if (ann?.k === 'annotated') ann = ann.base;
  if (!ann) return true;
  const alts = ann.k === 'choice' ? ann.options : [ann];
  return alts.every((a) => a.k === 'none' || (a.k === 'ext' && SCALAR_ANN.test(a.path)));
}

function credential(project: Project, flow: RequestFlow, tainted: Map<DefStmt, Map<string, Cred>>, body: Body, e: Expr, depth: number): Cred | undefined {
  if (depth > 8) return undefined;
  const unit = body.unit;
  const again = (x: Expr): Cred | undefined => credential(project, flow, tainted, body, x, depth + 1);
  const as = (c: Cred | undefined): Cred | undefined => (c ? { ...c, text: exprText(e), maybeNone: false } : undefined);
  switch (e.t) {
    case 'await':
    case 'starred':
      return again(e.v);
    case 'walrus':
      return again(e.v);
    case 'name': {
      if (paramOf(unit, e.id)) {
        const t = unit.def ? tainted.get(unit.def)?.get(e.id) : undefined;
        if (t) return { ...t, text: e.id };
        const c = credentialOf(body, e);
        if (c?.fromRequest) return c;
        if (
          unit.def &&
          flow.fastapiCalled(unit.def) &&
          credentialName(e.id) === 'strong' &&
          paramSource(project, body.fn, e.id).kind === 'plain' &&
          scalarParam(project, body.fn, e.id)
        ) {
          return { text: e.id, why: `the \`${e.id}\` query parameter`, strength: 'strong', fromRequest: true, maybeNone: false };
        }
        return undefined;
      }
      const bs = unit.locals.get(e.id);
      if (!bs) return undefined;
      for (const b of bs) {
        const src = b.v ?? (b.val ? undefined : unpackedFrom(unit, e.id));
        if (!src) continue;
        const c = again(src);
        if (c) return { ...c, text: e.id, maybeNone: false };
      }
      return undefined;
    }
    case 'attr': {
      const c = credentialOf(body, e);
      if (c?.fromRequest) return c;
      if (e.obj.t === 'name' && paramOf(unit, e.obj.id)) {
        // an HTTPAuthorizationCredentials / HTTPBasicCredentials handed to a helper
        const t = unit.def ? tainted.get(unit.def)?.get(e.obj.id) : undefined;
        if (t && CRED_ATTRS.has(e.attr)) return { ...t, text: exprText(e) };
        // a credential field of the request body
        if (unit.def && flow.fastapiCalled(unit.def) && credentialName(e.attr) === 'strong') {
          const model = bodyModel(project, body.fn, e.obj.id);
          if (model) return { text: exprText(e), why: `the \`${e.attr}\` field of the request body (\`${model.name}\`)`, strength: 'strong', fromRequest: true, maybeNone: false };
        }
      }
      return undefined;
    }
    case 'call': {
      const f = e.fn;
      if (f.t === 'attr') {
        if (SAME_VALUE.has(f.attr)) return as(again(f.obj));
        if (/^(r?split|partition|rpartition|splitlines)$/.test(f.attr)) return as(again(f.obj));
        if (f.attr === 'get' && e.args[0] && !e.args[0].name) {
          const c = credentialOf(body, e);
          if (c?.fromRequest) return c;
          if (requestBody(body, f.obj, 0)) {
            const key = asStr(body.resolve(e.args[0].v));
            if (key !== undefined && credentialName(key) === 'strong')
              return { text: exprText(e), why: `the \`${key}\` field of the request body`, strength: 'strong', fromRequest: true, maybeNone: e.args.length < 2 };
          }
          return undefined;
        }
      }
      const c = credentialOf(body, e);
      if (c?.fromRequest) return c;
      // `await super().__call__(request)` in a security scheme subclass: the credential the scheme reads
      if (f.t === 'attr' && f.attr === '__call__' && f.obj.t === 'call' && f.obj.fn.t === 'name' && f.obj.fn.id === 'super' && body.fn.ownerClass) {
        const scheme = classPaths(project, { k: 'class', cls: body.fn.ownerClass })
          .map(schemeClass)
          .find((x) => x !== undefined);
        if (scheme && STRING_SCHEMES.has(scheme)) return { text: exprText(e), why: `the credential \`${scheme}\` reads`, strength: 'strong', fromRequest: true, maybeNone: false };
      }
      const callee = body.resolve(f);
      const path = callee.k === 'ext' ? callee.path : f.t === 'name' || f.t === 'attr' ? chain(f) : undefined;
      if (path && DERIVING.test(path)) {
        for (const a of e.args) {
          if (a.name) continue;
          const inner = again(a.v);
          if (inner) return as(inner);
        }
      }
      return undefined;
    }
    case 'sub': {
      const c = credentialOf(body, e);
      if (c?.fromRequest) return c;
      if (requestBody(body, e.obj, 0)) {
        const key = asStr(body.resolve(e.index));
        if (key !== undefined && credentialName(key) === 'strong')
          return { text: exprText(e), why: `the \`${key}\` field of the request body`, strength: 'strong', fromRequest: true, maybeNone: false };
        return undefined;
      }
      // `parts[1]`, `authorization[7:]`
      return as(again(e.obj));
    }
    case 'bin':
      // `"Bearer " + token` is still the token; arithmetic on it is not compared as a secret
      return e.op === '+' ? (again(e.l) ?? again(e.r)) : undefined;
    default:
      return undefined;
  }
}
