/**
 * Recognising credentials (what the client sent) and secrets (what it is compared with) in function
 * bodies, for FA106 (timing-unsafe comparisons), FA107 (checks that fail open) and FA406 (secrets in
 * comparisons). Values come from the certain precision of the resolver (src/analysis/code.ts): a
 * credential compared with something only maybe known is not reported.
 */
import type { Expr } from '../facts/ir.js';
import type { Project } from '../model/project.js';
import { UNKNOWN, alternatives, asStr, describe, type SrcLoc, type Value } from '../model/values.js';
import { isEnvironRead, type Body } from './code.js';
import { isEnumClass, memoByString, where } from './helpers.js';
import { chain, eachExpr, exprText } from './ir.js';
import { paramSource, schemeName } from './schemes.js';
import { isBound, isLocal, paramOf, singleBinding, type CodeUnit } from './units.js';

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
const KEY_QUALIFIERS = new Set([
  'api',
  'secret',
  'access',
  'private',
  'auth',
  'client',
  'master',
  'admin',
  'x',
  'signing',
  'webhook',
  'shared',
  'service',
  'partner',
  'app',
  'internal',
  'bearer',
  'session',
  'root',
  'sk',
  'hmac',
  'integration',
]);
/** Weak on their own: a credential only with other evidence. */
const CRED_WEAK = new Set(['key', 'auth', 'sig', 'hmac', 'pin', 'otp', 'digest', 'hash']);
/** Words that say a name is about a credential, not the credential (`token_type`, `api_key_name`, `password_min_length`). */
// prettier-ignore
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
export const credentialName = memoByString((name: string): 'strong' | 'weak' | undefined => {
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
});

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

/** Words that make a literal a placeholder someone meant to replace (`"changethis"`, `"secret"`, `"<your-key>"`). */
const PLACEHOLDER =
  /change.?(this|me|it)|replace.?(me|this)|your.?(secret|key|token|password|api)|insecure|placeholder|not.?a.?secret|dummy|fake|example|sample|^todo$|^fixme$|^x{3,}$|^\*+$|^<.*>$|^\.{3}$|^(super.?)?secret(.?key)?$|^my.?secret|^(dev|test|testing|default|password|admin|key|token|pass|123456|qwerty)$|^dev.?secret/i;

export function isPlaceholder(s: string): boolean {
  return PLACEHOLDER.test(s.trim());
}

/**
 * Does a string literal look like a secret value? At least 8 characters and not a word or an
 * identifier (`"XMLHttpRequest"`, `"LDAP"`, `"access_token"`), a dotted name (`"webhook.created"`,
 * `"app.tasks.run"`), a URL or a path. `"fake-super-secret-token"`, `"sk_live_4eC39H"` and
 * `"hunter2!x"` do.
 */
function looksLikeSecret(s: string): boolean {
  const v = s.trim();
  if (v.length < 8) return false;
  if (/^[A-Za-z_]+$/.test(v)) return false;
  if (/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/.test(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || v.startsWith('/')) return false;
  return true;
}

/**
 * Literals that are never a secret, whatever they reach: a mask shown in place of one (`"****"`,
 * `"sk-****abcd"`, `"••••"`, `"xxxxxx"`), a tokenizer's or chat template's special token
 * (`"<|im_end|>"`, `"<s>"`, `"[CLS]"`), punctuation alone (`"!"`: an unusable password).
 */
export function neverSecret(s: string): boolean {
  const v = s.trim();
  if (v === '') return true;
  if (/\*{3,}|•{3,}|·{3,}/.test(v) || /^x{3,}$/i.test(v)) return true;
  // punctuation only: `"!"` marks an unusable password
  if (/^[^\p{L}\p{N}]*$/u.test(v)) return true;
  return /^<\|[^|]*\|>$|^<\/?[A-Za-z_]{1,16}>$|^\[[A-Z_]{2,16}\]$/.test(v);
}

/** A literal that is a credential value in a comparison: secret-looking, or a placeholder password (`"admin"`, `"changeme"`). */
function credentialLiteral(s: string): boolean {
  return looksLikeSecret(s) || isPlaceholder(s);
}

// ------------------------------------------------------------------ values that may be None

/** Can this value be None at run time: `None` itself, `os.getenv("X")` without a default, a settings field defaulting to None. */
export function maybeNone(project: Project, v: Value): boolean {
  switch (v.k) {
    case 'none':
      return true;
    case 'env':
      if (v.dflt) return maybeNone(project, v.dflt);
      return !isEnvironRead(project, v);
    case 'choice':
      return v.options.some((o) => maybeNone(project, o));
    default:
      return false;
  }
}

/** Where a value was defined: a settings field, module constant or env read, with its location. */
export function provenance(v: Value, project?: Project): { name: string; loc?: SrcLoc } | undefined {
  if (v.k === 'env') return { name: project && !v.dflt && isEnvironRead(project, v) ? `os.environ[${JSON.stringify(v.name)}]` : describe(v), loc: v.loc };
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
  const unit: CodeUnit = body.unit;
  switch (e.t) {
    case 'await':
      return credentialOf(body, e.v, depth + 1);
    case 'name': {
      const text = exprText(e);
      if (paramOf(unit, e.id)) {
        const src = paramSource(body.project, body.fn, e.id);
        if (src.kind === 'scheme' && src.scheme) {
          if (!src.scheme.stringValue || src.scheme.customCall) return undefined;
          return { text, why: `the ${src.scheme.wire} read by \`${schemeName(src.scheme)}\``, strength: 'strong', fromRequest: true, maybeNone: src.maybeNone };
        }
        if (src.kind !== 'plain') {
          const n = credentialName(src.wire ?? e.id) ?? credentialName(e.id);
          if (!n) return undefined;
          return {
            text,
            why: `the \`${src.wire ?? e.id}\` ${src.kind === 'query' ? 'query parameter' : src.kind}`,
            strength: 'strong',
            fromRequest: true,
            maybeNone: src.maybeNone,
          };
        }
        const n = credentialName(e.id);
        return n ? { text, why: 'a parameter named like a credential', strength: n, fromRequest: false, maybeNone: src.maybeNone } : undefined;
      }
      if (isBound(unit, e.id)) {
        const one = singleBinding(unit, e.id);
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
      if (e.obj.t === 'name' && paramOf(unit, e.obj.id) && (e.attr === 'credentials' || e.attr === 'password')) {
        const src = paramSource(body.project, body.fn, e.obj.id);
        if (src.kind === 'scheme' && src.scheme && !src.scheme.stringValue && !src.scheme.customCall) {
          return {
            text: exprText(e),
            why: `the ${e.attr === 'password' ? 'password' : 'token'} read by \`${schemeName(src.scheme)}\``,
            strength: 'strong',
            fromRequest: true,
            maybeNone: false,
          };
        }
      }
      const n = credentialName(e.attr);
      if (!n) return undefined;
      // settings.API_KEY and friends are the expected secret
      const v = body.resolve(e);
      if (v.k !== 'unknown' && v.k !== 'method') return undefined;
      const base = e.obj.t === 'name' ? e.obj.id : undefined;
      if (base && !isLocal(unit, base)) return undefined;
      return { text: exprText(e), why: 'an attribute named like a credential', strength: n, fromRequest: false, maybeNone: false };
    }
    case 'call': {
      if (e.fn.t === 'attr') {
        const m = e.fn.attr;
        if (TRANSFORMS.has(m)) {
          const inner = credentialOf(body, e.fn.obj, depth + 1);
          return inner ? { ...inner, text: exprText(e), maybeNone: false } : undefined;
        }
        const objChain = chain(e.fn.obj);
        if (m === 'get' && objChain && REQUEST_MAPS.test(objChain)) {
          const key = e.args[0] && !e.args[0].name ? asStr(body.resolve(e.args[0].v)) : undefined;
          if (key === undefined || !credentialName(key)) return undefined;
          const hasDefault = e.args.length > 1;
          const what = objChain.endsWith('headers') ? 'header' : objChain.endsWith('cookies') ? 'cookie' : 'query parameter';
          return { text: exprText(e), why: `the \`${key}\` ${what}`, strength: 'strong', fromRequest: true, maybeNone: !hasDefault };
        }
        if (m === 'get' && e.args[0] && !e.args[0].name) {
          const key = asStr(body.resolve(e.args[0].v));
          const n = key !== undefined ? credentialName(key) : undefined;
          if (n) return { text: exprText(e), why: 'a value read under a credential-like key', strength: n, fromRequest: false, maybeNone: e.args.length < 2 };
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
        return { text: exprText(e), why: `the \`${key}\` ${what}`, strength: 'strong', fromRequest: true, maybeNone: false };
      }
      // `authorization.split(" ")[1]`, `token.partition(" ")[2]`
      if (e.obj.t === 'call' && e.obj.fn.t === 'attr' && /^(r?split|partition|rpartition)$/.test(e.obj.fn.attr)) {
        const inner = credentialOf(body, e.obj.fn.obj, depth + 1);
        return inner ? { ...inner, text: exprText(e), maybeNone: false } : undefined;
      }
      if (key !== undefined) {
        const n = credentialName(key);
        if (n && body.resolve(e).k === 'unknown') return { text: exprText(e), why: 'a value read under a credential-like key', strength: n, fromRequest: false, maybeNone: false };
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
  /** Named like a credential (`API_KEY`, `os.getenv("TOKEN")`) or a literal that looks like a secret. */
  named: boolean;
  /** A string literal or an Enum member: a constant written in the code. */
  literal: boolean;
  /** The literal's text, for literals and Enum members. */
  literalValue?: string;
}

/** The value a credential is compared with, when it is a known one: a literal, a module constant, a settings field, an env read. */
export function secretOf(body: Body, e: Expr): Secret | undefined {
  if (trivialOperand(e)) return undefined;
  const text = exprText(e);
  if (e.t === 'fstr') {
    const inner = e.parts
      .filter((p): p is Expr => typeof p !== 'string')
      .map((p) => secretOf(body, p))
      .find((s) => s);
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
  // an Enum member (`TokenType.client_secret = "polar_client_secret"`) is a named constant: a literal, whatever its name
  const member = enumMember(body, e);
  if (member !== undefined) return { text, value: v, desc: `the enum member \`${text}\``, named: looksLikeSecret(member), literal: true, literalValue: member };
  // a literal counts as a secret when it looks like one (`"fake-super-secret-token"`, not `"name"` or `"XMLHttpRequest"`)
  const secretLiteral = e.t === 'str' && looksLikeSecret(e.v);
  const named = secretLiteral || credentialName(name) !== undefined || (tail !== undefined && credentialName(tail) !== undefined);
  const out: Secret = { text, value: v, desc: literal ? `the literal ${text}` : describeValue(text, v, body.project), named, literal };
  if (e.t === 'str') out.literalValue = e.v;
  return out;
}

/** The string value of an Enum member (`TokenType.access_token`), if the expression is one. */
export function enumMember(body: Body, e: Expr): string | undefined {
  if (e.t !== 'attr') return undefined;
  const cls = body.resolve(e.obj);
  if (cls.k !== 'class' || !isEnumClass(body.project, cls.cls)) return undefined;
  const v = body.resolve(e);
  return v.k === 'str' ? v.v : undefined;
}

/**
 * `Model.token_hash`: an attribute of a class built on a library base (an ORM model: SQLAlchemy's
 * `DeclarativeBase` or a `declarative_base()` result, SQLModel, peewee, Beanie…) that holds no known
 * value (a column, a mapped attribute). Comparing it with `==` builds a query expression
 * (`select(M).where(M.token == t)`); nothing is compared in Python. An attribute holding a string
 * or an environment read is a value, an Enum member a constant, and a plain class's attributes
 * (`class Config: API_KEY = load_key()`) are values: none of them is a column.
 */
export function columnOf(body: Body, e: Expr): boolean {
  if (e.t !== 'attr') return false;
  const cls = body.resolve(e.obj);
  if (cls.k !== 'class' || isEnumClass(body.project, cls.cls)) return false;
  const libraryBase = body.project.interp
    .mro(cls.cls)
    .slice(1)
    .some((b) => b.k !== 'class' && !(b.k === 'ext' && b.path === 'builtins.object'));
  if (!libraryBase) return false;
  return !alternatives(body.resolve(e)).some((a) => a.k === 'str' || a.k === 'env' || a.k === 'num' || a.k === 'bool');
}

/** Libraries whose objects carry what the client sent (scheme credentials, forms, models of the request body). */
const REQUEST_LIBRARIES = /^(fastapi|starlette|pydantic|pydantic_settings|typing|typing_extensions|builtins)\./;

/** The members of a `A | B`, `Optional[A]`, `Union[A, B]` annotation, `None` left out. */
function annotationParts(e: Expr): Expr[] {
  if (e.t === 'bin' && e.op === '|') return [...annotationParts(e.l), ...annotationParts(e.r)];
  if (e.t === 'const' && e.v === null) return [];
  if (e.t === 'sub') {
    const c = chain(e.obj);
    if (c && /(^|\.)Optional$/.test(c)) return annotationParts(e.index);
    if (c && /(^|\.)Union$/.test(c)) return e.index.t === 'tuple' ? e.index.items.flatMap(annotationParts) : annotationParts(e.index);
  }
  return [e];
}

/**
 * `object.client_secret` where `object: stripe.SetupIntent`: an attribute of a parameter annotated
 * with a third-party library's class (not FastAPI's, Starlette's or pydantic's): data another
 * service sent or the application stored, not a credential a client presents.
 */
function libraryObjectAttr(body: Body, e: Expr): boolean {
  if (e.t !== 'attr' || e.obj.t !== 'name') return false;
  const ann = paramOf(body.unit, e.obj.id)?.ann;
  if (!ann) return false;
  const parts = annotationParts(ann);
  return (
    parts.length > 0 &&
    parts.every((p) => {
      const v = body.resolve(p);
      return v.k === 'ext' && !REQUEST_LIBRARIES.test(v.path);
    })
  );
}

/** `client_secret = update.client_secret or existing_client_secret` then `client_secret != existing_client_secret`: a change check, one side computed from the other. */
function derivedFrom(unit: CodeUnit, a: Expr, b: Expr): boolean {
  if (a.t !== 'name' || (b.t !== 'name' && b.t !== 'attr')) return false;
  const bindings = unit.locals.get(a.id);
  if (!bindings || paramOf(unit, a.id)) return false;
  const target = chain(b);
  if (!target) return false;
  return bindings.some((bd) => {
    if (!bd.v) return false;
    let found = false;
    eachExpr(bd.v, (x) => {
      if (!found && (x.t === 'name' || x.t === 'attr') && chain(x) === target) found = true;
    });
    return found;
  });
}

/** A name or attribute chain read from the module (a constant, `settings.X`), not from the function's parameters or locals. */
function moduleLevel(unit: CodeUnit, e: Expr): boolean {
  const root = chain(e)?.split('.')[0];
  return root !== undefined && !isLocal(unit, root);
}

/** Pydantic validators (`@field_validator`, `@validator`, `@model_validator`, `@root_validator`) compare fields of one request body with each other. */
const VALIDATOR = /(^|\.)(field_validator|validator|model_validator|root_validator)$/;

function inValidator(body: Body): boolean {
  return body.fn.def.decorators.some((d) => VALIDATOR.test(chain(d.t === 'call' ? d.fn : d) ?? ''));
}

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
    // `Model.token_hash == token_hash`: a query expression, not a string comparison
    if (columnOf(body, x) || columnOf(body, y)) return undefined;
    const secret = secretOf(body, y);
    if (secret?.literal) {
      // a constant in the code (a literal, an Enum member): a hardcoded credential (FA406's business) only when
      // it looks like one, and a timing leak only for a strongly named credential (`"LDAP"`, `"webhook.created"` are markers)
      const lit = secret.literalValue ?? '';
      if (cred.strength === 'weak') continue;
      if (!cred.fromRequest && !credentialLiteral(lit)) return undefined;
    }
    const otherCred = credentialOf(body, y);
    const tail = chain(y)?.split('.').pop();
    const otherNamed = (secret?.named && !secret.literal) || otherCred?.strength === 'strong' || (tail !== undefined && credentialName(tail) === 'strong');
    if (cred.strength === 'weak' && !cred.fromRequest && !otherNamed) continue;
    if ([x, y].some((e) => PAIR_WORDS.test(nameWords(exprText(e)).join('_')))) return undefined;
    if (!cred.fromRequest) {
      // two values of the server's own: a change check (`new_secret != existing_secret` where one is computed from
      // the other), a third-party object's attribute (`intent.client_secret != stored_secret`), or two fields of one
      // request body in a pydantic validator (`value != info.data["password"]`)
      if (derivedFrom(body.unit, x, y) || derivedFrom(body.unit, y, x)) return undefined;
      // the library object's attribute is no credential: the other side may still be one read from the request
      if (!secret && libraryObjectAttr(body, x)) continue;
      if (!secret && libraryObjectAttr(body, y)) return undefined;
      if (!secret && inValidator(body) && !moduleLevel(body.unit, y)) return undefined;
    }
    const out: CredCompare = { cred, credExpr: x, other: y };
    if (secret) out.secret = secret;
    if (otherCred) out.otherCred = otherCred;
    return out;
  }
  return undefined;
}
