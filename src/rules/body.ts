/**
 * Reading handler and dependency bodies, for the rules that look inside them (FA103, FA105, FA106,
 * FA107): walking the IR of a body in evaluation order, resolving names in it without running it,
 * recognising credentials (what the client sent) and secrets (what it is compared with), following
 * scheme values through the dependency trees, and deciding whether a function checks a parameter
 * before it uses it.
 *
 * The "raises 401/403" question stays in src/model/auth.ts (`project.deps.rejects`).
 */
import type { Expr, FileFacts, Loc, Param, Stmt } from '../facts/ir.js';
import { unwrap } from '../model/auth.js';
import type { DepNode } from '../model/deps.js';
import { schemeClass } from '../model/externals.js';
import type { Project, RouteInfo, TopDep } from '../model/project.js';
import { NONE, UNKNOWN, alternatives, asStr, describe, srcLoc, type FuncRec, type InstRec, type SrcLoc, type Value } from '../model/values.js';
import { classPaths, where } from './helpers.js';

// ------------------------------------------------------------------ walking the IR

/** The blocks nested directly in a statement. Nested `def`/`class` bodies are other scopes and are not included. */
export function blocksOf(s: Stmt): Stmt[][] {
  switch (s.t) {
    case 'if':
    case 'for':
    case 'while':
      return [s.body, s.orelse];
    case 'try':
      return [s.body, ...s.handlers.map((h) => h.body), s.orelse, s.final];
    case 'with':
      return [s.body];
    case 'match':
      return s.cases.map((c) => c.body);
    default:
      return [];
  }
}

/** The expressions a statement evaluates itself, in evaluation order (assignment targets excluded). */
export function exprsOf(s: Stmt): Expr[] {
  switch (s.t) {
    case 'assign':
      return s.v ? [s.v] : [];
    case 'aug':
      return [s.target, s.v];
    case 'expr':
      return [s.v];
    case 'if':
    case 'while':
    case 'assert':
      return [s.test];
    case 'for':
      return [s.iter];
    case 'with':
      return s.items.map((i) => i.ctx);
    case 'match':
      return [s.subject];
    case 'return':
      return s.v ? [s.v] : [];
    case 'raise':
      return s.exc ? [s.exc] : [];
    case 'del':
      return s.targets;
    default:
      return [];
  }
}

/** Every statement of a body, pre-order (a statement before the blocks it holds), nested scopes excluded. */
export function eachStmt(stmts: Stmt[], visit: (s: Stmt) => void): void {
  for (const s of stmts) {
    visit(s);
    for (const b of blocksOf(s)) eachStmt(b, visit);
  }
}

/** The direct sub-expressions of an expression, in evaluation order (a lambda's body included). */
export function childrenOf(e: Expr): Expr[] {
  switch (e.t) {
    case 'attr':
      return [e.obj];
    case 'call':
      return [e.fn, ...e.args.map((a) => a.v)];
    case 'fstr':
      return e.parts.filter((p): p is Expr => typeof p !== 'string');
    case 'list':
    case 'tuple':
    case 'set':
      return e.items;
    case 'dict':
      return e.items.flatMap(([k, v]) => (k ? [k, v] : [v]));
    case 'sub':
      return [e.obj, e.index];
    case 'bin':
      return [e.l, e.r];
    case 'unary':
    case 'starred':
    case 'await':
    case 'walrus':
      return [e.v];
    case 'cmp':
      return e.operands;
    case 'boolop':
      return e.values;
    case 'ifexp':
      return [e.test, e.body, e.orelse];
    case 'lambda':
      return [e.body];
    case 'comp':
      return [e.iter, e.elt];
    default:
      return [];
  }
}

/** Every expression under (and including) e, pre-order. */
export function eachExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  for (const c of childrenOf(e)) eachExpr(c, visit);
}

/** Every expression a body evaluates (its statements' own expressions and theirs), nested scopes excluded. */
export function eachBodyExpr(stmts: Stmt[], visit: (e: Expr, stmt: Stmt) => void): void {
  eachStmt(stmts, (s) => {
    for (const x of exprsOf(s)) eachExpr(x, (e) => visit(e, s));
  });
}

/** Does a name occur anywhere in these statements, nested functions and lambdas included? */
export function mentions(stmts: Stmt[], names: ReadonlySet<string>): boolean {
  let found = false;
  const scanE = (e: Expr): void => eachExpr(e, (x) => {
    if (x.t === 'name' && names.has(x.id)) found = true;
  });
  const scanS = (ss: Stmt[]): void => {
    for (const s of ss) {
      if (found) return;
      if (s.t === 'def') {
        for (const p of s.params) if (p.def) scanE(p.def);
        scanS(s.body);
      } else if (s.t === 'class') scanS(s.body);
      else {
        for (const x of exprsOf(s)) scanE(x);
        if (s.t === 'assign') for (const t of s.targets) scanE(t);
        for (const b of blocksOf(s)) scanS(b);
      }
    }
  };
  scanS(stmts);
  return found;
}

/** `request.headers.get` for a chain of names and attributes, else undefined. */
export function chain(e: Expr): string | undefined {
  if (e.t === 'name') return e.id;
  if (e.t === 'attr') {
    const o = chain(e.obj);
    return o === undefined ? undefined : `${o}.${e.attr}`;
  }
  return undefined;
}

/** A short source-like rendering of an expression, for messages and finding keys. */
export function exprText(e: Expr, depth = 0): string {
  if (depth > 4) return '…';
  const t = (x: Expr): string => exprText(x, depth + 1);
  switch (e.t) {
    case 'name':
      return e.id;
    case 'attr':
      return `${t(e.obj)}.${e.attr}`;
    case 'call':
      return `${t(e.fn)}(${e.args.length ? (e.args.length <= 2 ? e.args.map((a) => (a.name ? `${a.name}=` : a.star === 1 ? '*' : a.star === 2 ? '**' : '') + t(a.v)).join(', ') : '…') : ''})`;
    case 'str':
      return JSON.stringify(e.v.length > 40 ? `${e.v.slice(0, 37)}...` : e.v);
    case 'fstr':
      return `f"${e.parts.map((p) => (typeof p === 'string' ? p : `{${t(p)}}`)).join('')}"`;
    case 'num':
      return String(e.v);
    case 'const':
      return e.v === null ? 'None' : e.v ? 'True' : 'False';
    case 'sub':
      return `${t(e.obj)}[${t(e.index)}]`;
    case 'await':
      return `await ${t(e.v)}`;
    case 'unary':
      return `${e.op === 'not' ? 'not ' : e.op}${t(e.v)}`;
    case 'bin':
      return `${t(e.l)} ${e.op} ${t(e.r)}`;
    case 'cmp':
      return e.operands.map((o, i) => (i ? `${e.ops[i - 1]} ${t(o)}` : t(o))).join(' ');
    case 'list':
      return `[${e.items.map(t).join(', ')}]`;
    case 'tuple':
      return `(${e.items.map(t).join(', ')})`;
    default:
      return '…';
  }
}

// ------------------------------------------------------------------ names that look like credentials

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Words that make a name a credential when it ends with them. */
const CRED_LAST = new Set(['token', 'password', 'passwd', 'pwd', 'secret', 'apikey', 'passphrase', 'passcode', 'signature', 'credential', 'credentials', 'authorization']);
/** Words that make `<word>_key` a credential (`api_key`, `x_key`, `secret_key`). */
const KEY_QUALIFIERS = new Set(['api', 'secret', 'access', 'private', 'auth', 'client', 'master', 'admin', 'x', 'signing', 'webhook', 'shared', 'service', 'partner', 'app', 'internal', 'bearer', 'session', 'root', 'sk', 'hmac', 'integration']);
/** Weak on their own: a credential only with other evidence. */
const CRED_WEAK = new Set(['key', 'auth', 'sig', 'hmac', 'pin', 'otp', 'digest', 'hash']);
/** Words that say a name is about a credential, not the credential (`token_type`, `api_key_name`, `password_min_length`). */
const NOT_CRED = new Set([
  'type', 'kind', 'name', 'names', 'id', 'ids', 'url', 'uri', 'urls', 'len', 'length', 'count', 'expires', 'expiry', 'exp', 'expire',
  'prefix', 'header', 'headers', 'field', 'format', 'scheme', 'schemes', 'version', 'hint', 'min', 'max', 'regex', 'pattern',
  'policy', 'ttl', 'lifetime', 'minutes', 'seconds', 'hours', 'days', 'algorithm', 'algorithms', 'alg', 'endpoint', 'path',
  'file', 'env', 'var', 'label', 'location', 'data', 'info', 'payload', 'claims', 'model', 'schema', 'db', 'store', 'cache',
  'manager', 'context', 'ctx', 'response', 'request', 'form', 'factory', 'handler', 'dependency', 'bearer', 'scopes', 'scope',
  'status', 'reset', 'error', 'errors', 'message', 'enabled', 'required', 'policy', 'set', 'list', 'dict', 'map', 'query', 'cookie',
  'location', 'strength', 'changed', 'last', 'rotation', 'created', 'updated', 'user', 'username', 'email', 'mode', 'source',
]);

/** `strong` for `api_key`, `x_token`, `hashed_password`; `weak` for `key`, `auth`, `sig`; else undefined. */
export function credentialName(name: string): 'strong' | 'weak' | undefined {
  const w = nameWords(name);
  if (!w.length) return undefined;
  const last = w[w.length - 1]!;
  // `api_key_header` / `token_url`: about the credential, not the credential
  if (NOT_CRED.has(last)) return undefined;
  if (CRED_LAST.has(last)) return 'strong';
  const prev = w[w.length - 2];
  if (last === 'key' && prev && (KEY_QUALIFIERS.has(prev) || CRED_LAST.has(prev))) return 'strong';
  if ((last === 'hash' || last === 'digest') && prev && CRED_LAST.has(prev)) return 'strong';
  if (CRED_WEAK.has(last)) return 'weak';
  return undefined;
}

/** Literal strings a credential is compared with that are no secret (`""`, scheme names). */
const SCHEME_WORDS = new Set(['bearer', 'basic', 'digest', 'token', 'apikey', 'api_key', 'api-key', 'none', 'null', 'undefined', 'true', 'false']);

/** A comparison operand that cannot be a secret: None, True/False, numbers, empty or scheme-name strings, `len(...)`. */
export function trivialOperand(e: Expr): boolean {
  if (e.t === 'const' || e.t === 'num') return true;
  if (e.t === 'str') return e.v.trim().length < 2 || SCHEME_WORDS.has(e.v.trim().toLowerCase());
  if (e.t === 'unary' && e.op === '-') return true;
  if (e.t === 'call') {
    const c = chain(e.fn);
    if (c && /^(len|int|float|bool|type|isinstance|hasattr|callable|id)$/.test(c)) return true;
  }
  return false;
}

// ------------------------------------------------------------------ a function body, with names resolved

/** A function's body with its locals indexed, resolving names side-effect free (no call is evaluated). */
export class Body {
  readonly params = new Map<string, Param>();
  /** Local names → the expressions bound to them (null: bound by a loop, `with`, unpacking, `except … as`). */
  readonly locals = new Map<string, Array<Expr | null>>();

  constructor(
    readonly project: Project,
    readonly fn: FuncRec,
  ) {
    for (const p of fn.def.params) this.params.set(p.name, p);
    const bind = (name: string, e: Expr | null): void => {
      const l = this.locals.get(name) ?? [];
      l.push(e);
      this.locals.set(name, l);
    };
    const bindTarget = (t: Expr, v: Expr | null): void => {
      if (t.t === 'name') bind(t.id, v);
      else if (t.t === 'tuple' || t.t === 'list') for (const i of t.items) bindTarget(i.t === 'starred' ? i.v : i, null);
    };
    eachStmt(fn.def.body, (s) => {
      if (s.t === 'assign') {
        for (const t of s.targets) bindTarget(t, s.v);
      } else if (s.t === 'aug' || s.t === 'for') {
        bindTarget(s.target, null);
      } else if (s.t === 'with') {
        for (const i of s.items) if (i.as) bindTarget(i.as, null);
      } else if (s.t === 'try') {
        for (const h of s.handlers) if (h.name) bind(h.name, null);
      } else if (s.t === 'def' || s.t === 'class') {
        bind(s.name, null);
      } else if (s.t === 'import') {
        for (const n of s.names) bind(n.as ?? n.mod.split('.')[0]!, null);
      } else if (s.t === 'from' && s.names !== '*') {
        for (const n of s.names) bind(n.as ?? n.name, null);
      }
      for (const x of exprsOf(s)) eachExpr(x, (e) => {
        if (e.t === 'walrus') bind(e.target, e.v);
      });
    });
  }

  get file(): string {
    return this.fn.module.file;
  }

  at(loc: Loc): SrcLoc {
    return srcLoc(this.file, loc);
  }

  /** The one expression a local name is bound to, when it is bound exactly once. */
  single(name: string): Expr | undefined {
    const l = this.locals.get(name);
    return l && l.length === 1 && l[0] ? l[0] : undefined;
  }

  isLocal(name: string): boolean {
    return this.params.has(name) || this.locals.has(name);
  }

  /** The value of an expression as far as it is known without running anything (module constants, settings, env reads). */
  resolve(e: Expr, depth = 0): Value {
    if (depth > 8) return UNKNOWN('too deep');
    const ip = this.project.interp;
    switch (e.t) {
      case 'name': {
        if (this.params.has(e.id)) return UNKNOWN(`parameter ${e.id}`);
        if (this.locals.has(e.id)) {
          const one = this.single(e.id);
          return one ? this.resolve(one, depth + 1) : UNKNOWN(`local ${e.id}`);
        }
        return ip.lookup(e.id, this.fn.closure);
      }
      case 'attr': {
        const o = this.resolve(e.obj, depth + 1);
        if (o.k === 'unknown') return o;
        // a module's attribute straight from its namespace: getAttr could import (run) a submodule
        if (o.k === 'module') return o.mod.ns.get(e.attr) ?? UNKNOWN(`${o.mod.name}.${e.attr}`);
        return ip.getAttr(o, e.attr);
      }
      case 'str':
        return { k: 'str', v: e.v };
      case 'num':
        return { k: 'num', v: e.v };
      case 'const':
        return e.v === null ? NONE : { k: 'bool', v: e.v };
      case 'list':
      case 'tuple':
      case 'set':
        return { k: e.t, items: e.items.map((i) => this.resolve(i, depth + 1)) };
      case 'await':
        return UNKNOWN('await');
      case 'sub': {
        const o = this.resolve(e.obj, depth + 1);
        if (o.k === 'ext' && o.path === 'os.environ') {
          const name = asStr(this.resolve(e.index, depth + 1));
          if (name) {
            const v: Value = { k: 'env', name, loc: this.at(e.index.loc) };
            STRICT_ENV.add(v);
            return v;
          }
        }
        return UNKNOWN('subscript');
      }
      case 'call': {
        const callee = this.resolve(e.fn, depth + 1);
        if (callee.k === 'ext' && callee.path === 'os.getenv') {
          const pos = e.args.filter((a) => !a.name && !a.star);
          const name = pos[0] ? asStr(this.resolve(pos[0].v, depth + 1)) : undefined;
          if (!name) return UNKNOWN('os.getenv(?)');
          const d = pos[1] ?? e.args.find((a) => a.name === 'default');
          const v: Value = d ? { k: 'env', name, dflt: this.resolve(d.v, depth + 1), loc: this.at(e.loc) } : { k: 'env', name, loc: this.at(e.loc) };
          return v;
        }
        if (callee.k === 'ext' && callee.path === 'builtins.str' && e.args[0]) return this.resolve(e.args[0].v, depth + 1);
        return UNKNOWN('call');
      }
      case 'boolop': {
        // `os.getenv("K") or "dev"` behaves like `os.getenv("K", "dev")`; otherwise the last operand says whether it can be None
        const last = e.values[e.values.length - 1];
        if (e.op !== 'or' || !last) return UNKNOWN('boolop');
        const l = this.resolve(last, depth + 1);
        const first = this.resolve(e.values[0]!, depth + 1);
        if (e.values.length === 2 && first.k === 'env' && !first.dflt) return { k: 'env', name: first.name, dflt: l, loc: first.loc };
        return l;
      }
      default:
        return UNKNOWN(e.t);
    }
  }
}

const bodies = new WeakMap<FuncRec, Body>();
export function bodyOf(project: Project, fn: FuncRec): Body {
  let b = bodies.get(fn);
  if (!b || b.project !== project) {
    b = new Body(project, fn);
    bodies.set(fn, b);
  }
  return b;
}

// ------------------------------------------------------------------ values that may be None

/** `os.environ["X"]` reads (KeyError when unset, never None) built by Body.resolve. */
const STRICT_ENV = new WeakSet<Value>();
/** Per file: `line:col` of the index of every `os.environ[...]` subscript (the interpreter's env values point there). */
const environSubscripts = new WeakMap<FileFacts, Set<string>>();

function isEnvironSubscript(project: Project, v: Extract<Value, { k: 'env' }>): boolean {
  if (STRICT_ENV.has(v)) return true;
  const facts = project.facts.get(v.loc.file);
  if (!facts) return false;
  let set = environSubscripts.get(facts);
  if (!set) {
    const s = new Set<string>();
    const visitS = (stmts: Stmt[]): void => {
      for (const st of stmts) {
        if (st.t === 'def') {
          for (const p of st.params) if (p.def) eachExpr(p.def, visitE);
          visitS(st.body);
          continue;
        }
        if (st.t === 'class') {
          visitS(st.body);
          continue;
        }
        for (const x of exprsOf(st)) eachExpr(x, visitE);
        for (const b of blocksOf(st)) visitS(b);
      }
    };
    const visitE = (e: Expr): void => {
      if (e.t === 'sub' && e.obj.t === 'attr' && e.obj.attr === 'environ') s.add(`${e.index.loc[0]}:${e.index.loc[1]}`);
    };
    visitS(facts.body);
    set = s;
    environSubscripts.set(facts, set);
  }
  return set.has(`${v.loc.line}:${v.loc.column}`);
}

/** Can this value be None at run time: `None` itself, `os.getenv("X")` without a default, a settings field defaulting to None. */
export function maybeNone(project: Project, v: Value): boolean {
  switch (v.k) {
    case 'none':
      return true;
    case 'env':
      if (v.dflt) return maybeNone(project, v.dflt);
      return !isEnvironSubscript(project, v);
    case 'choice':
      return v.options.some((o) => maybeNone(project, o));
    default:
      return false;
  }
}

/** Where a value was defined: a settings field, module constant or env read, with its location. */
export function provenance(v: Value, project?: Project): { name: string; loc?: SrcLoc } | undefined {
  if (v.k === 'env') return { name: project && !v.dflt && isEnvironSubscript(project, v) ? `os.environ[${JSON.stringify(v.name)}]` : describe(v), loc: v.loc };
  const src = 'src' in v ? v.src : undefined;
  if (src) return src.loc ? { name: src.name, loc: src.loc } : { name: src.name };
  if (v.k === 'choice') {
    for (const o of v.options) {
      const p = provenance(o, project);
      if (p) return p;
    }
  }
  return undefined;
}

/** "`settings.API_KEY` (`Settings.API_KEY`, app/core/config.py:9)", "`API_KEY` (app/deps.py:4)", "`key`". */
export function describeValue(text: string, v: Value, project?: Project): string {
  const p = provenance(v, project);
  if (!p) return `\`${text}\``;
  const at = p.loc ? where(p.loc) : undefined;
  const short = p.name.split('.').pop();
  if (p.name === text || short === text) return at ? `\`${text}\` (${at})` : `\`${text}\``;
  return at ? `\`${text}\` (\`${p.name}\`, ${at})` : `\`${text}\` (\`${p.name}\`)`;
}

// ------------------------------------------------------------------ the dependency trees

/** One place a dependency is used: a node of a route's tree and the parameter its value fills. */
export interface DepUse {
  route: RouteInfo;
  top: TopDep;
  node: DepNode;
  /** The function whose parameter receives the value (the handler or a dependency); undefined for `dependencies=[...]` entries. */
  receiver?: FuncRec;
  /** The receiving parameter; null when the value is discarded (`dependencies=[...]`). */
  param: string | null;
  /** The use of the dependency whose parameter this is (undefined when the receiver is the handler or for list entries). */
  parent?: DepUse;
}

const usesMemo = new WeakMap<Project, DepUse[]>();

/** Every node of every route's dependency tree, with the function and parameter it fills. */
export function depUses(project: Project): DepUse[] {
  const memo = usesMemo.get(project);
  if (memo) return memo;
  const out: DepUse[] = [];
  for (const route of project.routes) {
    for (const top of route.deps) {
      const visit = (node: DepNode, receiver: FuncRec | undefined, parent: DepUse | undefined, path: Set<DepNode>): void => {
        const use: DepUse = { route, top, node, param: receiver ? node.param : null };
        if (receiver) use.receiver = receiver;
        if (parent) use.parent = parent;
        out.push(use);
        if (path.size > 24) return;
        const fn = funcOf(project, node.call);
        if (!fn) return;
        for (const c of node.children) {
          if (path.has(c)) continue;
          path.add(c);
          visit(c, fn, use, path);
          path.delete(c);
        }
      };
      visit(top.node, top.via === 'param' ? route.handler : undefined, undefined, new Set([top.node]));
    }
  }
  usesMemo.set(project, out);
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
  return depUses(project).filter((u) => funcOf(project, u.node.call) === fn);
}

/** Functions that run as dependencies of some route (not handlers, not schemes). */
export function dependencyFunctions(project: Project): FuncRec[] {
  const out = new Set<FuncRec>();
  for (const u of depUses(project)) {
    if (u.node.kind === 'security_scheme') continue;
    const fn = funcOf(project, u.node.call);
    if (fn) out.add(fn);
  }
  return [...out].sort((a, b) => (a.loc.file === b.loc.file ? a.loc.line - b.loc.line : a.loc.file < b.loc.file ? -1 : 1));
}

/** Every function of the scanned code once (a `def` evaluated twice is one function), in file and line order. */
export function allFunctions(project: Project): FuncRec[] {
  const seen = new Map<string, FuncRec>();
  for (const f of project.interp.funcs) {
    const k = `${f.module.file}:${f.def.loc.join(':')}`;
    if (!seen.has(k)) seen.set(k, f);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, f]) => f).sort((a, b) => (a.loc.file === b.loc.file ? a.loc.line - b.loc.line : a.loc.file < b.loc.file ? -1 : 1));
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
  if (node.kind !== 'security_scheme' || node.own.kind !== 'scheme' || node.call?.k !== 'inst') return undefined;
  return schemeInfo(project, node.call.inst);
}

/** A scheme instance described (also for functions no route uses, where there is no dependency node). */
export function schemeInfo(project: Project, inst: InstRec): SchemeInfo | undefined {
  const cls = classPaths(project, inst.cls).map(schemeClass).find((c): c is string => c !== undefined);
  if (!cls) return undefined;
  const name = asStr(inst.args.kw.get('name'));
  const ctorArgs: string[] = [];
  if (name !== undefined) ctorArgs.push(`name=${JSON.stringify(name)}`);
  const ae = inst.args.kw.get('auto_error');
  if (ae) ctorArgs.push(`auto_error=${describe(ae)}`);
  const shown = inst.cls.k === 'class' ? inst.cls.cls.name : cls;
  const wire =
    cls === 'APIKeyHeader' ? `\`${name ?? '?'}\` header` :
    cls === 'APIKeyCookie' ? `\`${name ?? '?'}\` cookie` :
    cls === 'APIKeyQuery' ? `\`${name ?? '?'}\` query parameter` :
    'Authorization header';
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

const schemeParams = new WeakMap<Project, Map<FuncRec, Map<string, SchemeInfo>>>();

/** Parameters filled by a security scheme, by receiving function (from the route trees). */
function schemeParamsOf(project: Project): Map<FuncRec, Map<string, SchemeInfo>> {
  let m = schemeParams.get(project);
  if (m) return m;
  m = new Map();
  for (const u of depUses(project)) {
    if (!u.receiver || u.param === null) continue;
    const s = schemeOf(project, u.node);
    if (!s) continue;
    let byName = m.get(u.receiver);
    if (!byName) m.set(u.receiver, (byName = new Map()));
    if (!byName.has(u.param)) byName.set(u.param, s);
  }
  schemeParams.set(project, m);
  return m;
}

export function paramSource(project: Project, fn: FuncRec, name: string): ParamSource {
  const fromTree = schemeParamsOf(project).get(fn)?.get(name);
  if (fromTree) return { kind: 'scheme', scheme: fromTree, maybeNone: !fromTree.autoError };
  const rec = fn.params?.find((p) => p.name === name);
  const irp = fn.def.params.find((p) => p.name === name);
  if (!rec) return { kind: 'plain', maybeNone: false };
  // a function no route uses (yet): read `Depends(scheme)` / `Security(scheme)` from the signature itself
  const markerVals: Value[] = rec.def ? [...alternatives(rec.def)] : [];
  const annV = project.interp.annotationOf(fn, rec);
  if (annV?.k === 'annotated') markerVals.push(...annV.extras.flatMap(alternatives));
  for (const d of markerVals) {
    if (d.k !== 'depends' || d.spec.target?.k !== 'inst') continue;
    const s = schemeInfo(project, d.spec.target.inst);
    if (s) return { kind: 'scheme', scheme: s, maybeNone: !s.autoError };
  }
  const defNone = rec.def ? alternatives(rec.def).some((v) => v.k === 'none') : false;
  const annNone = irp?.ann ? optionalAnnotation(irp.ann) : false;
  const markers: Value[] = [];
  if (rec.def) markers.push(...alternatives(rec.def));
  const ann = project.interp.annotationOf(fn, rec);
  if (ann?.k === 'annotated') markers.push(...ann.extras.flatMap(alternatives));
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
    if (c && /(^|\.)Union$/.test(c)) return childrenOf(e.index).some(optionalAnnotation) || optionalAnnotation(e.index);
    if (c && /(^|\.)Annotated$/.test(c)) return optionalAnnotation(e.index.t === 'tuple' ? (e.index.items[0] ?? e.index) : e.index);
  }
  return false;
}

// ------------------------------------------------------------------ credentials and secrets in expressions

export interface Cred {
  /** Source text of the credential expression. */
  text: string;
  /** How we know it is a credential: "the `X-API-Key` header read by `api_key_header`", "a parameter named like a credential". */
  why: string;
  strength: 'strong' | 'weak';
  /** Read from the request (scheme, header, cookie) rather than only named like a credential. */
  fromRequest: boolean;
  /** None when the client sends nothing. */
  maybeNone: boolean;
}

const TRANSFORMS = new Set(['strip', 'lstrip', 'rstrip', 'lower', 'upper', 'casefold', 'encode', 'decode', 'removeprefix', 'removesuffix', 'replace']);
const REQUEST_MAPS = /(^|\.)(headers|cookies|query_params)$/;

/** Is this expression what the client sent as a credential (or named like one)? */
export function credentialOf(body: Body, e: Expr, depth = 0): Cred | undefined {
  if (depth > 6) return undefined;
  const text = exprText(e);
  switch (e.t) {
    case 'await':
      return credentialOf(body, e.v, depth + 1);
    case 'name': {
      if (body.params.has(e.id)) {
        const src = paramSource(body.project, body.fn, e.id);
        if (src.kind === 'scheme' && src.scheme) {
          if (!src.scheme.stringValue || src.scheme.customCall) return undefined;
          return { text, why: `the ${src.scheme.wire} read by \`${schemeName(src.scheme)}\``, strength: 'strong', fromRequest: true, maybeNone: src.maybeNone };
        }
        if (src.kind !== 'plain') {
          const n = credentialName(src.wire ?? e.id) ?? credentialName(e.id);
          if (!n) return undefined;
          return { text, why: `the \`${src.wire ?? e.id}\` ${src.kind === 'query' ? 'query parameter' : src.kind}`, strength: 'strong', fromRequest: true, maybeNone: src.maybeNone };
        }
        const n = credentialName(e.id);
        return n ? { text, why: 'a parameter named like a credential', strength: n, fromRequest: false, maybeNone: src.maybeNone } : undefined;
      }
      if (body.locals.has(e.id)) {
        const one = body.single(e.id);
        const inner = one ? credentialOf(body, one, depth + 1) : undefined;
        if (inner) return { ...inner, text };
        const n = credentialName(e.id);
        if (!n) return undefined;
        // a local holding a known value (a constant, a setting) is the expected secret, not the credential
        if (one && body.resolve(one).k !== 'unknown') return undefined;
        return { text, why: 'a variable named like a credential', strength: n, fromRequest: false, maybeNone: false };
      }
      return undefined;
    }
    case 'attr': {
      // HTTPBearer/HTTPDigest credentials, HTTPBasic password
      if (e.obj.t === 'name' && body.params.has(e.obj.id) && (e.attr === 'credentials' || e.attr === 'password')) {
        const src = paramSource(body.project, body.fn, e.obj.id);
        if (src.kind === 'scheme' && src.scheme && !src.scheme.stringValue && !src.scheme.customCall) {
          return { text, why: `the ${e.attr === 'password' ? 'password' : 'token'} read by \`${schemeName(src.scheme)}\``, strength: 'strong', fromRequest: true, maybeNone: false };
        }
      }
      const n = credentialName(e.attr);
      if (!n) return undefined;
      // settings.API_KEY and friends are the expected secret
      const v = body.resolve(e);
      if (v.k !== 'unknown' && v.k !== 'method') return undefined;
      const base = e.obj.t === 'name' ? e.obj.id : undefined;
      if (base && !body.isLocal(base)) return undefined;
      return { text, why: 'an attribute named like a credential', strength: n, fromRequest: false, maybeNone: false };
    }
    case 'call': {
      if (e.fn.t === 'attr') {
        const m = e.fn.attr;
        if (TRANSFORMS.has(m)) {
          const inner = credentialOf(body, e.fn.obj, depth + 1);
          return inner ? { ...inner, text, maybeNone: false } : undefined;
        }
        const objChain = chain(e.fn.obj);
        if (m === 'get' && objChain && REQUEST_MAPS.test(objChain)) {
          const key = e.args[0] && !e.args[0].name ? asStr(body.resolve(e.args[0].v)) : undefined;
          if (key === undefined || !credentialName(key)) return undefined;
          const hasDefault = e.args.length > 1;
          const what = objChain.endsWith('headers') ? 'header' : objChain.endsWith('cookies') ? 'cookie' : 'query parameter';
          return { text, why: `the \`${key}\` ${what}`, strength: 'strong', fromRequest: true, maybeNone: !hasDefault };
        }
        if (m === 'get' && e.args[0] && !e.args[0].name) {
          const key = asStr(body.resolve(e.args[0].v));
          const n = key !== undefined ? credentialName(key) : undefined;
          if (n) return { text, why: 'a value read under a credential-like key', strength: n, fromRequest: false, maybeNone: e.args.length < 2 };
        }
      }
      const c = chain(e.fn);
      if (c === 'str' && e.args[0]) return credentialOf(body, e.args[0].v, depth + 1);
      return undefined;
    }
    case 'sub': {
      const objChain = chain(e.obj);
      const key = asStr(body.resolve(e.index));
      if (objChain && REQUEST_MAPS.test(objChain)) {
        if (key === undefined || !credentialName(key)) return undefined;
        const what = objChain.endsWith('headers') ? 'header' : objChain.endsWith('cookies') ? 'cookie' : 'query parameter';
        return { text, why: `the \`${key}\` ${what}`, strength: 'strong', fromRequest: true, maybeNone: false };
      }
      // `authorization.split(" ")[1]`, `token.partition(" ")[2]`
      if (e.obj.t === 'call' && e.obj.fn.t === 'attr' && /^(r?split|partition|rpartition)$/.test(e.obj.fn.attr)) {
        const inner = credentialOf(body, e.obj.fn.obj, depth + 1);
        return inner ? { ...inner, text, maybeNone: false } : undefined;
      }
      if (key !== undefined) {
        const n = credentialName(key);
        if (n && body.resolve(e).k === 'unknown') return { text, why: 'a value read under a credential-like key', strength: n, fromRequest: false, maybeNone: false };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

export interface Secret {
  text: string;
  value: Value;
  /** "`settings.API_KEY` (`Settings.API_KEY`, app/core/config.py:9)", or "the literal \"...\"". */
  desc: string;
  /** Named like a credential (`API_KEY`, `os.getenv("TOKEN")`) or a non-trivial literal. */
  named: boolean;
  literal: boolean;
}

/** The value a credential is compared with, when it is a known one: a literal, a module constant, a settings field, an env read. */
export function secretOf(body: Body, e: Expr): Secret | undefined {
  if (trivialOperand(e)) return undefined;
  const text = exprText(e);
  if (e.t === 'fstr') {
    const inner = e.parts.filter((p): p is Expr => typeof p !== 'string').map((p) => secretOf(body, p)).find((s) => s);
    return inner ? { ...inner, text, value: UNKNOWN('f-string'), literal: false } : undefined;
  }
  if (e.t === 'bin' && e.op === '+') return secretOf(body, e.r) ?? secretOf(body, e.l);
  const v = body.resolve(e);
  const alts = alternatives(v);
  if (!alts.length || alts.some((a) => a.k === 'unknown' || a.k === 'method' || a.k === 'func' || a.k === 'class' || a.k === 'module' || a.k === 'inst')) return undefined;
  if (alts.every((a) => a.k === 'bool' || a.k === 'num')) return undefined;
  const literal = e.t === 'str';
  const env = alts.find((a): a is Extract<Value, { k: 'env' }> => a.k === 'env');
  const src = alts.map((a) => ('src' in a ? a.src : undefined)).find((s) => s);
  const tail = chain(e)?.split('.').pop();
  const name = env?.name ?? src?.name.split('.').pop() ?? tail ?? '';
  // a literal counts as a secret when it looks like one (`"fake-super-secret-token"`, not `"name"` or `"XMLHttpRequest"`)
  const secretLiteral = e.t === 'str' && e.v.length >= 8 && !/^[A-Za-z_]+$/.test(e.v);
  const named = secretLiteral || credentialName(name) !== undefined || (tail !== undefined && credentialName(tail) !== undefined);
  return { text, value: v, desc: literal ? `the literal ${text}` : describeValue(text, v, body.project), named, literal };
}

// ------------------------------------------------------------------ does a function check a parameter before using it?

export type UsageKind = 'checked' | 'opaque' | 'crash' | 'returned' | 'used' | 'ignored';

export interface Usage {
  kind: UsageKind;
  at?: SrcLoc;
  /** For crash/used: what happens there ("`.credentials`", "passed to `secrets.compare_digest`"). */
  what?: string;
}

/** Library functions that raise TypeError/AttributeError on None. */
const CRASHING = /^(builtins\.(len|int|float|bytes|iter)|secrets\.compare_digest|hmac\.(compare_digest|new)|hashlib\.\w+|base64\.\w+|binascii\.\w+)$/;
/** Library functions that accept None and tell nothing. */
const HARMLESS = /^(builtins\.(print|str|repr|dict|list|tuple|set|format)|typing\.cast|logging\.\w+)$/;
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log', 'msg']);
const TEST_FUNCS = /^builtins\.(bool|isinstance|callable|hasattr|getattr)$/;

type Role = { r: 'test' } | { r: 'deref'; what: string } | { r: 'value' } | { r: 'opaque'; what: string } | { r: 'helper'; u: Usage; what: string };

const usageMemo = new WeakMap<FuncRec, Map<string, Usage>>();

/**
 * How a function treats one of its parameters that may be None, in evaluation order: the first
 * decisive event wins — a test (`if x`, `x is None`, `not x`, `x or …`, any comparison) is a check;
 * a dereference (`x.attr`, `x[…]`, `x + …`, iteration, a library call that rejects None) is a
 * crash; handing it to code we cannot see (an unresolved call, an attribute store, a closure) is
 * opaque. Without a decisive event: `returned` when it is returned as is, `used` when it is read,
 * `ignored` when it is not read at all. Helpers of ours it is passed to are followed (depth 3).
 */
export function paramUsage(project: Project, fn: FuncRec, param: string, depth = 0, active: Set<string> = new Set()): Usage {
  const memo = usageMemo.get(fn)?.get(param);
  if (memo) return memo;
  const key = `${fn.id}:${param}`;
  if (active.has(key) || depth > 3) return { kind: 'opaque' };
  active.add(key);
  const res = analyzeUsage(project, fn, param, depth, active);
  active.delete(key);
  // only top-level answers are final (deeper ones may have been cut by the depth limit or a cycle)
  if (depth === 0) {
    let m = usageMemo.get(fn);
    if (!m) usageMemo.set(fn, (m = new Map()));
    m.set(param, res);
  }
  return res;
}

function analyzeUsage(project: Project, fn: FuncRec, param: string, depth: number, active: Set<string>): Usage {
  const body = bodyOf(project, fn);
  const aliases = new Set([param]);
  let decisive: Usage | undefined;
  let returned: Usage | undefined;
  let used: Usage | undefined;

  const event = (role: Role, loc: Loc): void => {
    if (decisive) return;
    const at = body.at(loc);
    switch (role.r) {
      case 'test':
        decisive = { kind: 'checked', at };
        return;
      case 'deref':
        decisive = { kind: 'crash', at, what: role.what };
        return;
      case 'opaque':
        decisive = { kind: 'opaque', at, what: role.what };
        return;
      case 'helper':
        if (role.u.kind === 'checked') decisive = { kind: 'checked', at };
        else if (role.u.kind === 'crash') decisive = { kind: 'crash', at, what: role.what };
        else if (role.u.kind === 'opaque' || role.u.kind === 'returned') decisive = { kind: 'opaque', at, what: role.what };
        else used ??= { kind: 'used', at, what: role.what };
        return;
      case 'value':
        used ??= { kind: 'used', at };
        return;
    }
  };

  const isAlias = (e: Expr): boolean => e.t === 'name' && aliases.has(e.id);

  const argRole = (call: Extract<Expr, { t: 'call' }>, argIndex: number): Role => {
    const callee = body.resolve(call.fn);
    const name = exprText(call.fn);
    if (callee.k === 'ext') {
      if (TEST_FUNCS.test(callee.path)) return { r: 'test' };
      if (CRASHING.test(callee.path)) return { r: 'deref', what: `passed to \`${name}\`, which fails on None` };
      if (HARMLESS.test(callee.path)) return { r: 'value' };
      if (/\.[A-Z]\w*$/.test(callee.path) && callee.path.startsWith('fastapi.')) return { r: 'value' };
      return { r: 'opaque', what: `passed to \`${name}\`` };
    }
    if (call.fn.t === 'attr' && LOG_METHODS.has(call.fn.attr)) return { r: 'value' };
    const target = callee.k === 'func' ? callee.fn : callee.k === 'method' ? callee.fn : undefined;
    if (target) {
      const f = unwrap(target);
      const params = (f.params ?? []).filter((p) => p.kind !== 'var' && p.kind !== 'varkw');
      const positional = params.slice(callee.k === 'method' ? 1 : 0);
      const a = call.args[argIndex]!;
      let pname: string | undefined;
      if (a.name) pname = params.find((p) => p.name === a.name)?.name;
      else if (!a.star) {
        const posIndex = call.args.slice(0, argIndex).filter((x) => !x.name && !x.star).length;
        pname = positional[posIndex]?.name;
      }
      if (!pname) return { r: 'opaque', what: `passed to \`${name}\`` };
      const u = paramUsage(project, f, pname, depth + 1, active);
      const what = u.kind === 'crash' && u.at ? `passed to \`${name}\`, which dereferences it at ${where(u.at)}` : `passed to \`${name}\``;
      return { r: 'helper', u, what };
    }
    return { r: 'opaque', what: `passed to \`${name}\`` };
  };

  const scan = (e: Expr, role: Role): void => {
    if (decisive) return;
    switch (e.t) {
      case 'name':
        if (aliases.has(e.id)) event(role, e.loc);
        return;
      case 'attr':
        scan(e.obj, { r: 'deref', what: `\`.${e.attr}\`` });
        return;
      case 'sub':
        scan(e.obj, { r: 'deref', what: 'a subscript' });
        scan(e.index, { r: 'value' });
        return;
      case 'call': {
        if (e.fn.t === 'attr') scan(e.fn.obj, { r: 'deref', what: `\`.${e.fn.attr}()\`` });
        else scan(e.fn, { r: 'value' });
        e.args.forEach((a, i) => {
          if (decisive) return;
          if (isAlias(a.v)) event(argRole(e, i), a.v.loc);
          else scan(a.v, { r: 'value' });
        });
        return;
      }
      case 'bin': {
        const fmt = e.op === '%' && (e.l.t === 'str' || e.l.t === 'fstr');
        scan(e.l, { r: 'deref', what: `\`${e.op}\`` });
        scan(e.r, fmt ? { r: 'value' } : { r: 'deref', what: `\`${e.op}\`` });
        return;
      }
      case 'unary':
        scan(e.v, e.op === 'not' ? { r: 'test' } : { r: 'deref', what: `unary \`${e.op}\`` });
        return;
      case 'cmp':
        for (const o of e.operands) scan(o, { r: 'test' });
        return;
      case 'boolop':
        for (const v of e.values) scan(v, { r: 'test' });
        return;
      case 'ifexp':
        scan(e.test, { r: 'test' });
        scan(e.body, role);
        scan(e.orelse, role);
        return;
      case 'starred':
        scan(e.v, role.r === 'deref' ? role : { r: 'deref', what: 'unpacking' });
        return;
      case 'await':
        scan(e.v, { r: 'value' });
        return;
      case 'walrus':
        scan(e.v, role);
        if (isAlias(e.v)) aliases.add(e.target);
        return;
      case 'comp':
        scan(e.iter, { r: 'deref', what: 'iteration' });
        scan(e.elt, { r: 'value' });
        return;
      case 'lambda':
        if (mentions([{ t: 'expr', v: e.body, loc: e.loc }], aliases)) event({ r: 'opaque', what: 'captured by a lambda' }, e.loc);
        return;
      default:
        for (const c of childrenOf(e)) scan(c, { r: 'value' });
    }
  };

  const walk = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (decisive) return;
      switch (s.t) {
        case 'def':
        case 'class':
          if (mentions([s], aliases)) event({ r: 'opaque', what: `captured by \`${s.name}\`` }, s.loc);
          continue;
        case 'assign': {
          if (s.v && isAlias(s.v)) {
            for (const t of s.targets) {
              if (t.t === 'name') aliases.add(t.id);
              else event({ r: 'opaque', what: `stored in \`${exprText(t)}\`` }, s.loc);
            }
            continue;
          }
          if (s.v) scan(s.v, { r: 'value' });
          for (const t of s.targets) {
            if (t.t === 'name') aliases.delete(t.id);
            else if (t.t === 'attr' || t.t === 'sub') scan(t.obj, { r: 'deref', what: 'an attribute store' });
          }
          continue;
        }
        case 'return':
          if (s.v && isAlias(s.v)) returned ??= { kind: 'returned', at: body.at(s.loc) };
          else if (s.v) scan(s.v, { r: 'value' });
          continue;
        case 'if':
        case 'while':
        case 'assert':
          scan(s.test, { r: 'test' });
          break;
        case 'match':
          scan(s.subject, { r: 'test' });
          break;
        case 'for':
          // `for key in [query_key, header_key]: if key is not None: ...` — the loop variable stands for them
          if ((s.iter.t === 'list' || s.iter.t === 'tuple') && s.target.t === 'name' && s.iter.items.some(isAlias)) {
            aliases.add(s.target.id);
            for (const i of s.iter.items) if (!isAlias(i)) scan(i, { r: 'value' });
          } else scan(s.iter, { r: 'deref', what: 'iteration' });
          break;
        case 'with':
          for (const i of s.items) scan(i.ctx, { r: 'deref', what: 'a `with` statement' });
          break;
        default:
          for (const x of exprsOf(s)) scan(x, { r: 'value' });
      }
      for (const b of blocksOf(s)) walk(b);
    }
  };
  walk(fn.def.body);
  if (decisive) return decisive;
  if (returned) return returned;
  if (used) return used;
  // a generator dependency hands its value out with `yield`, which the IR does not keep
  if (fn.def.gen) return { kind: 'opaque', what: 'yielded' };
  return { kind: 'ignored' };
}

// ------------------------------------------------------------------ control flow for "can this return without raising"

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

// ------------------------------------------------------------------ comparisons of credentials

export interface CredCompare {
  cred: Cred;
  credExpr: Expr;
  other: Expr;
  /** The other side when it is a known value (literal, constant, setting, env read). */
  secret?: Secret;
  /** The other side when it is a credential too (`user.hashed_password`). */
  otherCred?: Cred;
}

/** `password == confirm_password`, `new_token != old_token`: two inputs compared with each other, not a secret check. */
const PAIR_WORDS = /(^|_)(confirm|confirmation|repeat|repeated|again|retype|new|old|previous)(_|$)/;

/**
 * Is `a <op> b` a credential compared with something that can be a secret? One side must be a
 * credential (read from the request, or named like one); the other must not be trivial (None,
 * booleans, numbers, `""`, scheme names). A weakly named side (`key`, `sig`) needs a secret-looking
 * other side (a constant, setting or env value named like a credential, or a strong credential).
 */
export function credentialComparison(body: Body, a: Expr, b: Expr): CredCompare | undefined {
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const cred = credentialOf(body, x);
    if (!cred) continue;
    if (trivialOperand(y)) return undefined;
    const secret = secretOf(body, y);
    const otherCred = credentialOf(body, y);
    const tail = chain(y)?.split('.').pop();
    const otherNamed = secret?.named || otherCred?.strength === 'strong' || (tail !== undefined && credentialName(tail) === 'strong');
    if (cred.strength === 'weak' && !cred.fromRequest && !otherNamed) continue;
    if ([x, y].some((e) => PAIR_WORDS.test(nameWords(exprText(e)).join('_')))) return undefined;
    const out: CredCompare = { cred, credExpr: x, other: y };
    if (secret) out.secret = secret;
    if (otherCred) out.otherCred = otherCred;
    return out;
  }
  return undefined;
}

/**
 * Names and attribute chains a function tests for truthiness or None anywhere (`if x`, `not x`,
 * `x and …`, `x is None`, `x == None`, `assert x`): used to see whether a maybe-None value is guarded.
 */
export function testedChains(stmts: Stmt[]): Set<string> {
  const out = new Set<string>();
  const add = (e: Expr): void => {
    const c = chain(e);
    if (c) out.add(c);
  };
  const visit = (e: Expr, tested: boolean): void => {
    if (tested) add(e);
    switch (e.t) {
      case 'unary':
        visit(e.v, e.op === 'not');
        return;
      case 'boolop':
        for (const v of e.values) visit(v, true);
        return;
      case 'ifexp':
        visit(e.test, true);
        visit(e.body, false);
        visit(e.orelse, false);
        return;
      case 'cmp':
        e.operands.forEach((o, i) => {
          const op = e.ops[i] ?? e.ops[i - 1];
          const other = e.operands[i === 0 ? 1 : i - 1];
          const noneTest = op === 'is' || op === 'is not' || (other?.t === 'const' && other.v === null);
          visit(o, noneTest);
        });
        return;
      case 'call': {
        const c = chain(e.fn);
        const isTest = c === 'bool' || c === 'isinstance' || c === 'len';
        visit(e.fn, false);
        for (const a of e.args) visit(a.v, isTest);
        return;
      }
      default:
        for (const c of childrenOf(e)) visit(c, false);
    }
  };
  eachStmt(stmts, (s) => {
    const root = s.t === 'if' || s.t === 'while' || s.t === 'assert';
    for (const x of exprsOf(s)) visit(x, root);
  });
  return out;
}
