/**
 * FA406 hardcoded-secret, by provenance. Sink-driven: find the places where this app USES a secret —
 * the key of a JWT call (PyJWT, python-jose, authlib, joserfc), `SessionMiddleware(secret_key=)`, an
 * itsdangerous signer, `hmac.new`, fastapi-users / fastapi-login secrets, a comparison with a
 * credential the client sent (in request code, src/analysis/request.ts), a password the app hashes
 * for its own users (a built-in admin account) — follow the value back without running anything
 * (src/analysis/origins.ts: constants, settings defaults, environment defaults, `m.get(k, default)`,
 * helper parameters, constructor fields), and report every string literal that reaches one, at the
 * assignment it came from, or at the call when the literal is written in the call itself. A name
 * never makes a finding; keys handed to outbound clients are not sinks.
 *
 * FA403 (session-insecure) looks at the same `SessionMiddleware` and reports a literal `secret_key`
 * at the middleware call (with where the value comes from). While FA403 is enabled, the middleware
 * calls it covers are not FA406 sinks, so one literal key never yields two near-identical findings;
 * FA406 still reports the literal when it also reaches other code (JWT keys…), when FA403 is off, and
 * for SessionMiddleware calls in code the interpreter never ran (FA403 does not see those).
 */
import type { Expr, Stmt } from '../facts/ir.js';
import { locLine } from '../facts/loc.js';
import type { Project } from '../model/project.js';
import { withSrc, type SrcLoc, type Value } from '../model/values.js';
import { bodyOf, callsTo, codeIndex, comparisons, unitAt, type Body, type CodeIndex } from '../analysis/code.js';
import { isPlaceholder, neverSecret, trivialOperand } from '../analysis/credentials.js';
import { classPaths, isClass, isEnumClass, isTestPath, where } from '../analysis/helpers.js';
import { argExpr, chain, eachExpr, eachStmt, type CallExpr } from '../analysis/ir.js';
import { jwtOp, keySlot } from '../analysis/jwt.js';
import { middlewareConfigs } from '../analysis/middleware.js';
import { valuesReaching } from '../analysis/origins.js';
import { requestFlow, type RequestFlow } from '../analysis/request.js';
import { locOf, namesCallee, type CodeUnit } from '../analysis/units.js';
import { masked } from '../analysis/values.js';
import type { Rule } from './types.js';

type SinkKind = 'jwt' | 'session' | 'signer' | 'hmac' | 'authlib' | 'users' | 'compare' | 'password';

interface Sink {
  kind: SinkKind;
  /** `the key of jwt.encode`, `secret_key of SessionMiddleware`, `compared with x_api_key`. */
  label: string;
  at: SrcLoc;
  values: Value[];
  /** The expression that produced the value when it is a literal written right there. */
  inline: boolean;
  /**
   * For comparisons: the check accepts the literal (`!=`, `not in`: anything else is rejected). A
   * placeholder tested with `==`/`in` is refused, not accepted (`if key == "YOUR_API_KEY": ...`).
   */
  accepts?: boolean;
  /** The function (or module) holding the use, for line-independent finding keys. */
  scope: string;
}

type StrValue = Extract<Value, { k: 'str' }>;
type EnvValue = Extract<Value, { k: 'env' }>;

const IMPACT: Record<SinkKind, string> = {
  jwt: 'sign tokens for any user',
  session: 'forge session cookies for any user',
  signer: 'forge signed values',
  hmac: 'forge signatures',
  authlib: 'forge what it signs',
  users: 'forge tokens or reset links for any user',
  compare: 'authenticate with it',
  password: 'log in with that account',
};

/** Keys that are public by design: a verifier may hardcode them. */
const PUBLIC_KEY = /-----BEGIN (RSA |EC )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----|^ssh-(rsa|ed25519|ecdsa)/;

interface Definition {
  /** `Settings.SECRET_KEY`, `app.core.config.SECRET_KEY`, `os.getenv("SECRET_KEY")`, `key`. */
  name: string;
  /** The bare identifier, for the name test: `SECRET_KEY`, `key`. */
  ident: string;
  loc: SrcLoc;
  kind: 'settings' | 'env' | 'constant' | 'param' | 'argument' | 'local' | 'lookup';
}

function* literals(v: Value, env?: EnvValue, depth = 0): Generator<{ lit: StrValue; env?: EnvValue }> {
  if (depth > 6) return;
  switch (v.k) {
    case 'str':
      yield env ? { lit: v, env } : { lit: v };
      return;
    case 'choice':
      for (const o of v.options) yield* literals(o, env, depth + 1);
      return;
    case 'env':
      if (v.dflt) yield* literals(v.dflt, v, depth + 1);
      return;
    case 'list':
    case 'tuple':
    case 'set':
      // `x in API_KEYS`: the items come from the container's assignment
      for (const it of v.items) yield* literals(v.src ? withSrc(it, v.src) : it, env, depth + 1);
      return;
    default:
      return;
  }
}

function definitionOf(lit: StrValue, env: EnvValue | undefined): Definition | undefined {
  const src = lit.src;
  if (src?.loc && !/^os\.getenv\(/.test(src.name)) {
    // `config.get("jwt_secret")`: the default of a lookup in a mapping
    const getM = /^(.*)\.get\(("[^"]*")\)$/.exec(src.name);
    if (getM) return { name: src.name, ident: JSON.parse(getM[2]!) as string, loc: src.loc, kind: 'lookup' };
    const paramM = /^[^(]*\((\w+)=\.\.\.\)$/.exec(src.name);
    const ident = paramM ? paramM[1]! : src.name.slice(src.name.lastIndexOf('.') + 1);
    // `make_token(secret=...)` (soft: a parameter default) vs `Settings(SECRET_KEY=...)` (a constructor argument)
    const kind: Definition['kind'] = paramM ? (src.soft ? 'param' : 'argument') : src.soft ? 'settings' : src.name.includes('.') ? 'constant' : 'local';
    return { name: src.name, ident, loc: src.loc, kind };
  }
  if (env) return { name: `os.getenv(${JSON.stringify(env.name)})`, ident: env.name, loc: env.loc, kind: 'env' };
  if (src?.loc) return { name: src.name, ident: src.name, loc: src.loc, kind: 'env' };
  return undefined;
}

function kindText(d: Definition): string {
  switch (d.kind) {
    case 'settings':
      return `the default of settings field \`${d.name}\``;
    case 'env':
      return `the default of \`${d.name}\``;
    case 'lookup':
      return `the default of \`${d.name.slice(0, -1)}, ...)\``;
    case 'param':
      return `the default of parameter \`${d.ident}\` (\`${d.name}\`)`;
    case 'argument':
      return `the \`${d.ident}=\` argument of \`${d.name.slice(0, d.name.indexOf('('))}(...)\``;
    case 'local':
      return `the local variable \`${d.name}\``;
    default:
      return `\`${d.name}\``;
  }
}

const rule: Rule<'assigned' | 'inline'> = {
  meta: {
    id: 'FA406',
    name: 'hardcoded-secret',
    defaultSeverity: 'high',
    cwe: [798, 321],
    precision: 'high',
    docs: {
      summary: 'Secret written in the source (or as a default) that the app signs tokens or sessions with, or accepts as a credential',
      what: [
        'Reports a string literal that reaches a credential sink of the app — where the app itself signs, verifies or',
        'accepts with it:',
        '',
        '- the key of `jwt.encode`/`jwt.decode` (PyJWT, python-jose, authlib, joserfc, also through `OctKey.import_key`),',
        '  `jose.jws.sign`/`verify`;',
        '- `secret_key` of `SessionMiddleware` (however it is added), itsdangerous serializers/signers, `hmac.new`,',
        "  fastapi-users `JWTStrategy(secret=)` and a user manager's `reset_password_token_secret`/`verification_token_secret`,",
        '  fastapi-login `LoginManager(secret)`;',
        '- a comparison (`==`, `!=`, `in`, `compare_digest`) with a credential the client sent, in request code (as FA106',
        '  defines both); a placeholder counts when the check accepts it (`!=`, `not in`, an `==` that does not refuse);',
        "- a built-in account's password: the password a project hasher stores (`pwd_context.hash(...)`, bcrypt, argon2,",
        '  werkzeug, pwdlib), followed back through helper parameters and the fields of the model that carries it',
        '  (`UserCreate(password=settings.FIRST_SUPERUSER_PASSWORD)`), or the password of a fastapi-users user the app creates.',
        '',
        'The value is followed without running anything (src/analysis/origins.ts): module constants, imported names, class',
        'attributes, pydantic settings defaults (`= "..."`, `Field(default=...)`, `default_factory`), `os.getenv`/`os.environ.get`',
        'defaults, `os.getenv(...) or "..."`, `config.get("key", "default")`, a config chosen by dict dispatch, locals,',
        "parameter defaults, the arguments callers pass to a helper's parameter and `.encode()`/`.get_secret_value()`. The",
        'finding points at the assignment the literal comes from (or at the call when it is written there), names every place',
        'it reaches, and never prints the secret. Placeholders (`"changethis"`, `"secret"`) are still findings: nothing stops',
        'them from reaching production; a start-up check that refuses the placeholder (in the defining module, or an `if`',
        'anywhere that raises on it) lowers the finding to low, and one that raises before every sink the value reaches',
        '(the sink follows it in the same function, or sits in a helper only that function calls) drops it: the',
        'placeholder fails closed and never becomes a key.',
        '',
        '`SessionMiddleware` calls the interpreter evaluates are left to FA403 (session-insecure), which reports a literal',
        '`secret_key` at the call with its source; FA406 covers them when FA403 is disabled, when the key also reaches other',
        'code, and in code that never runs at import time.',
      ].join('\n'),
      notReported: [
        'Literals that reach none of the sinks above, whatever their names: a `SECRET_KEY = "..."` nothing uses, keys',
        'handed to outbound clients (an OpenAI, MinIO, SMTP or analytics client: a secret scanner finds those, and the',
        'service on the other end is what they unlock), a local key that only signs what the app sends (`hmac.new` in code',
        'that compares no signature, such as an outbound webhook), chat-template and tokenizer tokens (`"<|im_end|>"`), dict keys and',
        'name constants (`"access_token"` as a cookie name), error messages, masks (`"****"`), a default password a check',
        'only warns about, a placeholder a check refuses (`if not key or key == "YOUR_API_KEY": raise ...`: the docs\' value),',
        'a vendor\'s documented first-boot password for a service the app calls. Also: empty strings, punctuation (`"!"`,',
        'an unusable password), public keys and certificates, environment values without a default, generated values',
        '(`secrets.token_urlsafe(32)`), Enum members, upper-case markers compared with a credential (`"LDAP"`), comparisons',
        'outside request code, and test files. A placeholder that does reach a sink is reported (low when a start-up check',
        'refuses it), unless a check that needs nothing else (`if not key or key == PLACEHOLDER: raise`, not one narrowed by',
        '`and ENVIRONMENT != "local"`) raises before every sink it reaches.',
      ].join('\n'),
      why:
        'A key in the source is in every clone, fork, CI log, container image and backup of the repository. Whoever has it ' +
        'can sign JWTs or session cookies the application accepts as any user, or call the API with the embedded key; ' +
        'rotating it means a code change and a deploy. A settings default is used silently whenever the deployment forgets ' +
        'to set the variable.',
      example: [
        'class Settings(BaseSettings):',
        '    SECRET_KEY: str = "changethis"',
        '',
        'def create_access_token(sub: str) -> str:',
        '    return jwt.encode({"sub": sub}, settings.SECRET_KEY, algorithm="HS256")',
      ].join('\n'),
      fix: [
        'Read the secret from the environment (or a secret manager) and make it required, so a missing value fails at start-up:',
        '',
        '```python',
        'class Settings(BaseSettings):',
        '    SECRET_KEY: SecretStr  # no default: required',
        '```',
        '',
        'Generate it with `python -c "import secrets; print(secrets.token_urlsafe(32))"`, and rotate any key that was committed.',
      ].join('\n'),
      references: [
        'https://cwe.mitre.org/data/definitions/798.html',
        'https://cwe.mitre.org/data/definitions/321.html',
        'https://fastapi.tiangolo.com/advanced/settings/',
        'https://fastapi.tiangolo.com/tutorial/security/oauth2-jwt/',
        'https://owasp.org/www-project-top-ten/2017/A3_2017-Sensitive_Data_Exposure',
      ],
    },
  },
  messages: {
    assigned:
      '{what} is a hardcoded secret ({value}) and reaches {reaches}.{placeholder}{soft} Anyone with the source can {impact}. Read it from the environment or a secret store without a default (e.g. a required `SECRET_KEY: SecretStr` settings field).',
    inline: '{sink} is a hardcoded string literal ({value}).{placeholder} Anyone with the source can {impact}. Pass a secret read from the environment or settings instead.',
  },
  check(ctx) {
    const project = ctx.project;
    const ix = codeIndex(project);
    const flow = requestFlow(project);
    const sinks: Sink[] = [];
    for (const unit of ix.units) {
      if (isTestPath(unit.file)) continue;
      collectSinks(project, ix, unit, sinks);
    }
    comparisonSinks(project, flow, sinks);
    userManagerSinks(project, ix, sinks);
    // SessionMiddleware: FA403 (session-insecure) reports a literal `secret_key` at the middleware call, with
    // its source; when it is on, the calls it covers are left to it so one key never yields two findings.
    const fa403On = ctx.config.rules['FA403']?.enabled !== false;
    const leftToFa403 = new Set(fa403On ? middlewareConfigs(project, 'fastapi.SessionMiddleware', ['secret_key']).map((c) => `${c.loc.file}:${c.loc.line}:${c.loc.column}`) : []);
    // middleware the interpreter registered (covers app factories called with settings values)
    for (const inst of project.interp.insts) {
      for (const m of inst.router?.middleware ?? []) {
        if (isTestPath(m.loc.file) || !isClass(project, m.cls, 'fastapi.SessionMiddleware')) continue;
        const v = m.args.kw.get('secret_key') ?? m.args.pos[0];
        if (v) sinks.push({ kind: 'session', label: '`secret_key` of `SessionMiddleware`', at: m.loc, values: [v], inline: false, scope: m.loc.file });
      }
    }

    interface Hit {
      def?: Definition;
      lit: StrValue;
      sinks: Sink[];
    }
    const hits = new Map<string, Hit>();
    const members = enumMembers(project);
    for (const s of sinks) {
      if (leftToFa403.has(`${s.at.file}:${s.at.line}:${s.at.column}`)) continue;
      for (const v of s.values) {
        for (const { lit, env } of literals(v)) {
          const value = lit.v;
          if (neverSecret(value) || PUBLIC_KEY.test(value)) continue;
          if (s.kind === 'compare') {
            // a marker (`"LDAP"`), or a placeholder the check refuses rather than accepts
            if (/^[A-Z_]{2,16}$/.test(value.trim()) || trivialLiteral(value)) continue;
            if (!s.accepts && isPlaceholder(value)) continue;
          }
          const def = definitionOf(lit, env);
          if (!def) {
            if (!s.inline) continue;
            const key = `inline ${where(s.at)}:${s.at.column}`;
            if (!hits.has(key)) hits.set(key, { lit, sinks: [s] });
            continue;
          }
          if (isTestPath(def.loc.file)) continue;
          // `class TokenType(StrEnum): client_secret = "polar_client_secret"`: a named constant, not a secret
          if (members.has(`${def.loc.file}:${def.loc.line}`)) continue;
          const key = `def ${where(def.loc)}:${def.loc.column}`;
          const h = hits.get(key);
          if (h) {
            if (!h.sinks.some((x) => x.at.file === s.at.file && x.at.line === s.at.line)) h.sinks.push(s);
          } else hits.set(key, { def, lit, sinks: [s] });
        }
      }
    }

    const raising: RaisingGuards = new Map();
    const guards = guardLiterals(project, new Set([...hits.values()].flatMap((h) => (h.def ? [h.def.loc.file] : []))), new Set([...hits.values()].map((h) => h.lit.v)), raising);
    for (const h of hits.values()) {
      // `if key == PLACEHOLDER: raise` in the function that hands the key to every sink, before it does: the placeholder never reaches one
      if (h.sinks.every((s) => (raising.get(h.lit.v) ?? []).some((g) => failsClosedBefore(project, g, s.at)))) continue;
      // `hmac.new(key, body)` only signs: a key held in a local variable of code that verifies no
      // signature (an outbound webhook it sends) lets nobody forge anything this app accepts
      if (h.def?.kind === 'local' && h.sinks.every((x) => x.kind === 'hmac') && !verifiesSignature(project, [h.def.loc, ...h.sinks.map((x) => x.at)])) continue;
      // a check compares the value with this very literal: in the defining module, or an `if` that raises on it
      const guard = h.def ? (guards.get(`${h.def.loc.file}\0${h.lit.v}`) ?? guards.get(`*\0${h.lit.v}`)) : undefined;
      const placeholderText = guard
        ? ` A check compares it with this placeholder (${where(guard)}); make sure that check fails the start-up in every deployed environment.`
        : isPlaceholder(h.lit.v)
          ? ' It looks like a placeholder meant to be overridden in production, but nothing enforces that.'
          : '';
      const value = isPlaceholder(h.lit.v) ? `\`${JSON.stringify(h.lit.v)}\`` : masked(h.lit);
      // strongest use first: key sinks before comparisons and passwords
      const order: SinkKind[] = ['jwt', 'session', 'signer', 'hmac', 'authlib', 'users', 'compare', 'password'];
      const sorted = [...h.sinks].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.at.file.localeCompare(b.at.file) || a.at.line - b.at.line);
      const first = sorted[0]!;
      if (!h.def) {
        ctx.report({
          messageId: 'inline',
          data: { sink: first.label.replace(/^./, (c) => c.toUpperCase()), value, placeholder: placeholderText, impact: IMPACT[first.kind] },
          at: first.at,
          key: `hardcoded-secret inline ${first.label} ${first.scope}`,
        });
        continue;
      }
      const soft = h.def.kind === 'settings' || h.def.kind === 'env' || h.def.kind === 'lookup';
      const reaches = `${sorted
        .slice(0, 3)
        .map((s) => `${s.label} (${where(s.at)})`)
        .join(', ')}${sorted.length > 3 ? ` and ${sorted.length - 3} more` : ''}`;
      ctx.report({
        messageId: 'assigned',
        data: {
          what: kindText(h.def).replace(/^./, (c) => c.toUpperCase()),
          value,
          placeholder: placeholderText,
          soft: soft
            ? h.def.kind === 'lookup'
              ? ' It is used whenever the mapping has no such entry.'
              : ` It is used whenever the environment does not set \`${h.def.ident}\`.`
            : '',
          reaches,
          impact: IMPACT[first.kind],
        },
        at: h.def.loc,
        key: `hardcoded-secret ${h.def.name}`,
        ...(guard ? { severity: 'low' as const } : {}),
        related: sorted.slice(0, 10).map((s) => ({ at: s.at, message: `the secret is used here as ${s.label}` })),
      });
    }
  },
};

export default rule;

/**
 * Checks that refuse a literal, by file and literal: a comparison with it anywhere in the module that
 * defines the value (`if value == "changethis"`, `in ("changethis", "secret")`), or anywhere in the
 * project an `if` that raises when a value equals it (`if not key or key == PLACEHOLDER_KEY: raise`,
 * also through a constant holding the literal), keyed `*` (any file).
 */
function guardLiterals(project: Project, files: ReadonlySet<string>, values: ReadonlySet<string>, raising: RaisingGuards): Map<string, SrcLoc> {
  const out = new Map<string, SrcLoc>();
  if (!files.size) return out;
  const ix = codeIndex(project);
  for (const unit of ix.units) {
    if (!files.has(unit.file)) continue;
    for (const c of unit.cmps) {
      for (const o of c.operands) {
        const lits = o.t === 'str' ? [o.v] : o.t === 'list' || o.t === 'tuple' || o.t === 'set' ? o.items.flatMap((i) => (i.t === 'str' ? [i.v] : [])) : [];
        for (const l of lits) if (l.trim()) out.set(`${unit.file}\0${l}`, locOf(unit, c));
      }
    }
  }
  // start-up guards elsewhere: `if secret_key == PLACEHOLDER: raise RuntimeError(...)`
  for (const unit of ix.units) {
    if (!unit.def || isTestPath(unit.file) || !unit.cmps.length) continue;
    eachStmt(unit.def.body, (st) => {
      if (st.t !== 'if' || !st.body.some((b) => b.t === 'raise')) return;
      // the comparisons that raise on their own: the test itself or a branch of an `or` (not one
      // narrowed by `and ENVIRONMENT != "local"`)
      const alone = new Set(st.test.t === 'boolop' && st.test.op === 'or' ? st.test.values : [st.test]);
      eachExpr(st.test, (x) => {
        if (x.t !== 'cmp' || !x.ops.every((op) => op === '==' || op === 'in')) return;
        for (const o of x.operands) {
          if (o.t !== 'name' && o.t !== 'attr' && o.t !== 'str') continue;
          const v =
            o.t === 'str'
              ? o.v
              : (() => {
                  const r = ix.resolver.value(unit, o);
                  return r.k === 'str' ? r.v : undefined;
                })();
          if (v === undefined || !values.has(v)) continue;
          if (!out.has(`*\0${v}`)) out.set(`*\0${v}`, locOf(unit, x));
          if (!alone.has(x)) continue;
          let list = raising.get(v);
          if (!list) raising.set(v, (list = []));
          list.push({ unit, line: locLine(st.loc) });
        }
      });
    });
  }
  return out;
}

/** `if` tests that raise when a value equals the literal, by literal: the function and the line of the `if`. */
type RaisingGuards = Map<string, Array<{ unit: CodeUnit; line: number }>>;

/**
 * Does the guard run before the sink on every way to it: the sink sits after the guard in the same
 * function, or in a helper that only the guarding function calls, after the guard? Then a
 * placeholder fails the call before it is ever used as a key.
 */
function failsClosedBefore(project: Project, g: { unit: CodeUnit; line: number }, sink: SrcLoc): boolean {
  const target = unitAt(project, sink);
  if (!target?.def) return false;
  if (target === g.unit) return sink.line > g.line;
  const sites = callsTo(project, (c) => (c.k === 'func' || c.k === 'method') && !!c.fn && codeIndex(project).unitOf(c.fn).def === target.def);
  return sites.length > 0 && sites.every((s) => s.unit.def === g.unit.def && locLine(s.call.loc) > g.line);
}

const SIGNERS = new Set([
  'URLSafeTimedSerializer',
  'URLSafeSerializer',
  'TimedSerializer',
  'Serializer',
  'Signer',
  'TimestampSigner',
  'JSONWebSignatureSerializer',
  'TimedJSONWebSignatureSerializer',
]);

/** Password hashers called as functions: the password is the first argument. */
const HASH_FUNCTIONS = /^(bcrypt\.hashpw|werkzeug\.security\.generate_password_hash|passlib\.hash\.\w+\.(hash|encrypt)|passlib\.apps\.\w+\.(hash|encrypt))$/;
/** Password hasher objects whose `hash(password)` method stores a user's password. */
const HASHER_CLASSES = /^(passlib\.context\.CryptContext|argon2\.PasswordHasher|pwdlib\.PasswordHash|fastapi_users\.password\.PasswordHelper)$/;

type Push = (kind: SinkKind, label: string, call: { loc: CallExpr['loc'] }, e: Expr | undefined, accepts?: boolean) => void;

function collectSinks(project: Project, ix: CodeIndex, unit: CodeUnit, out: Sink[]): void {
  const addMiddleware = ix.methods.has('add_middleware');
  const push: Push = (kind, label, call, e, accepts) => {
    if (!e) return;
    const s: Sink = { kind, label, at: locOf(unit, call), values: valuesReaching(project, unit, e), inline: isLiteral(e), scope: unit.qual };
    if (accepts !== undefined) s.accepts = accepts;
    out.push(s);
  };
  for (let i = 0; i < unit.calls.length; i++) {
    if (!namesCallee(unit, i)) continue;
    const call = unit.calls[i]!;
    const callee = ix.callee(unit, i);
    const op = jwtOp(callee);
    if (op) {
      const slot = keySlot(op);
      if (slot) push(op.lib === 'authlib' ? 'authlib' : 'jwt', `the key of \`${op.label}\``, call, argExpr(call, slot[0], slot[1]));
    } else if (callee.k === 'ext') {
      librarySink(project, unit, call, callee.path, push);
    } else if (callee.k === 'method' && callee.self.k === 'inst' && callee.self.inst.cls.k === 'ext' && HASHER_CLASSES.test(callee.self.inst.cls.path)) {
      // `pwd_context.hash(password)`: a password the app stores for one of its users
      const cls = callee.self.inst.cls.path;
      if (callee.name === 'hash' || callee.name === 'encrypt')
        push('password', `the password hashed by \`${cls.slice(cls.lastIndexOf('.') + 1)}.${callee.name}\``, call, argExpr(call, 'secret', 0) ?? argExpr(call, 'password', 0));
    } else if (callee.k === 'class' && project.interp.extBases(callee.cls).some((b) => /^fastapi_users\..*BaseUserCreate$/.test(b))) {
      // fastapi-users hashes the password of the user it creates, and checks it at login
      push('password', `the password of the fastapi-users user \`${callee.cls.name}(...)\``, call, argExpr(call, 'password'));
    } else if (addMiddleware && call.fn.t === 'attr' && call.fn.attr === 'add_middleware') {
      const cls = argExpr(call, 'middleware_class', 0);
      if (cls && isClass(project, ix.resolver.value(unit, cls), 'fastapi.SessionMiddleware'))
        push('session', '`secret_key` of `SessionMiddleware`', call, argExpr(call, 'secret_key', 1));
    }
  }
}

/** The key or secret argument of a library call that signs or verifies with it (SessionMiddleware, itsdangerous, hmac, fastapi-users…). */
function librarySink(project: Project, unit: CodeUnit, call: CallExpr, p: string, push: Push): void {
  // most library calls are none of these, and their first letter tells (b, f, h, i, p, w)
  const c0 = p.charCodeAt(0);
  if (c0 !== 98 && c0 !== 102 && c0 !== 104 && c0 !== 105 && c0 !== 112 && c0 !== 119) return;
  const last = (): string => p.slice(p.lastIndexOf('.') + 1);
  if (p === 'fastapi.SessionMiddleware') push('session', '`secret_key` of `SessionMiddleware`', call, argExpr(call, 'secret_key', 1));
  else if (p === 'fastapi.Middleware') {
    const cls = argExpr(call, 'cls', 0);
    if (cls && isClass(project, codeIndex(project).resolver.value(unit, cls), 'fastapi.SessionMiddleware'))
      push('session', '`secret_key` of `SessionMiddleware`', call, argExpr(call, 'secret_key', 1));
  } else if (p.startsWith('itsdangerous.') && SIGNERS.has(last())) push('signer', `the secret of \`${last()}\``, call, argExpr(call, 'secret_key', 0));
  else if (p === 'hmac.new' || p === 'hmac.digest') push('hmac', `the key of \`${p}\``, call, argExpr(call, 'key', 0));
  else if (p.startsWith('fastapi_users.') && last() === 'JWTStrategy') push('users', '`secret` of fastapi-users `JWTStrategy`', call, argExpr(call, 'secret', 0));
  else if (p.startsWith('fastapi_login.') && last() === 'LoginManager') push('jwt', '`secret` of fastapi-login `LoginManager`', call, argExpr(call, 'secret', 0));
  else if (HASH_FUNCTIONS.test(p)) push('password', `the password hashed by \`${p}\``, call, argExpr(call, 'password', 0));
}

/**
 * fastapi-users user managers sign reset-password and verification tokens with class attributes
 * (`reset_password_token_secret = SECRET`).
 */
function userManagerSinks(project: Project, ix: CodeIndex, out: Sink[]): void {
  for (const unit of ix.units) {
    if (unit.kind !== 'class' || isTestPath(unit.file)) continue;
    const cls = project.interp.classes.find((c) => c.module.file === unit.file && c.name === unit.name);
    if (!cls || !classPaths(project, { k: 'class', cls }).some((b) => /^fastapi_users\..*BaseUserManager$/.test(b))) continue;
    for (const st of cls.def.body) {
      if (st.t !== 'assign' || !st.v) continue;
      for (const t of st.targets) {
        if (t.t !== 'name' || !/^(reset_password_token_secret|verification_token_secret)$/.test(t.id)) continue;
        out.push({
          kind: 'users',
          label: `\`${cls.name}.${t.id}\` of fastapi-users`,
          at: locOf(unit, st),
          values: valuesReaching(project, unit, st.v),
          inline: isLiteral(st.v),
          scope: unit.qual,
        });
      }
    }
  }
}

/**
 * Comparisons with a credential the client sent, in request code (`x_api_key != API_KEY`,
 * `token in ADMIN_TOKENS`, `secrets.compare_digest(key, "...")`): the other side is the accepted value.
 */
function comparisonSinks(project: Project, flow: RequestFlow, out: Sink[]): void {
  const ix = codeIndex(project);
  const add = (unit: CodeUnit, at: { loc: CallExpr['loc'] }, other: Expr, credText: string, how: string, accepts: boolean): void => {
    if (trivialOperand(other)) return;
    // `f"Bearer {API_KEY}"`: the secret is a part
    const parts = other.t === 'fstr' ? other.parts.filter((p): p is Expr => typeof p !== 'string') : [other];
    for (const part of parts) {
      out.push({
        kind: 'compare',
        label: `${how} with \`${credText}\``,
        at: locOf(unit, at),
        values: valuesReaching(project, unit, part),
        inline: isLiteral(part),
        scope: unit.qual,
        accepts,
      });
    }
  };
  for (const { fn, body, cmps } of comparisons(project)) {
    if (!flow.reaches(fn.def) || isTestPath(fn.module.file)) continue;
    const unit = body.unit;
    for (const e of cmps) {
      e.ops.forEach((op, i) => {
        const l = e.operands[i]!;
        const r = e.operands[i + 1]!;
        if (op === '==' || op === '!=') {
          for (const [x, y] of [
            [l, r],
            [r, l],
          ] as const) {
            const cred = flow.credential(body, x);
            if (!cred || flow.credential(body, y)) continue;
            add(unit, e, y, cred.text, 'the comparison', op === '!=' || !refuses(body, e));
            return;
          }
        } else if (op === 'in' || op === 'not in') {
          const cred = flow.credential(body, l);
          if (cred && r.t !== 'set' && r.t !== 'dict') add(unit, e, r, cred.text, 'the lookup', op === 'not in' || !refuses(body, e));
        }
      });
    }
  }
  // secrets.compare_digest(credential, secret)
  for (const fn of ix.functions) {
    if (!flow.reaches(fn.def) || isTestPath(fn.module.file)) continue;
    const unit = ix.unitOf(fn);
    for (let i = 0; i < unit.calls.length; i++) {
      const callee = ix.callee(unit, i);
      if (callee.k !== 'ext' || (callee.path !== 'secrets.compare_digest' && callee.path !== 'hmac.compare_digest')) continue;
      const call = unit.calls[i]!;
      const a = argExpr(call, 'a', 0);
      const b = argExpr(call, 'b', 1);
      if (!a || !b) continue;
      const body = bodyOf(project, fn);
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        const cred = flow.credential(body, x);
        if (!cred || flow.credential(body, y)) continue;
        add(unit, call, y, cred.text, `\`${callee.path}\``, true);
        break;
      }
    }
  }
}

/**
 * Does the `if` that tests `x == LITERAL` (or `x in [...]`) refuse the request when it matches? Its
 * body raises, or its test treats the literal like a missing credential (`if not key or key == "YOUR_API_KEY"`).
 * A placeholder the code refuses is a guard, not a credential.
 */
function refuses(body: Body, cmp: Expr): boolean {
  let found: Extract<Stmt, { t: 'if' }> | undefined;
  eachStmt(body.fn.def.body, (s) => {
    if (found || s.t !== 'if') return;
    eachExpr(s.test, (x) => {
      if (x === cmp) found = s;
    });
  });
  if (!found) return false;
  const t = found.test;
  if (t.t === 'boolop' && t.op === 'or' && t.values.some((v) => (v.t === 'unary' && v.op === 'not') || (v.t === 'cmp' && v.ops[0] === 'is' && v.operands[1]?.t === 'const')))
    return true;
  return found.body.some((s) => s.t === 'raise');
}

function trivialLiteral(s: string): boolean {
  return s.trim().length < 2;
}

function isLiteral(e: Expr): boolean {
  return literalText(e) !== undefined;
}

/** The text of `"..."` or `"...".encode()`. */
function literalText(e: Expr): string | undefined {
  if (e.t === 'str') return e.v;
  if (e.t === 'call' && e.fn.t === 'attr' && e.fn.attr === 'encode' && e.fn.obj.t === 'str') return e.fn.obj.v;
  return undefined;
}

const enumMemberLines = new WeakMap<Project, Set<string>>();

/** `file:line` of every assignment in the body of an Enum class (its members). */
function enumMembers(project: Project): Set<string> {
  let out = enumMemberLines.get(project);
  if (out) return out;
  out = new Set();
  for (const c of project.interp.classes) {
    if (!isEnumClass(project, c)) continue;
    for (const st of c.def.body) if (st.t === 'assign') out.add(`${c.module.file}:${locLine(st.loc)}`);
  }
  enumMemberLines.set(project, out);
  return out;
}

/** Does the code around any of these places compare a signature (`hmac.compare_digest`, `secrets.compare_digest`)? */
function verifiesSignature(project: Project, places: SrcLoc[]): boolean {
  return places.some((at) => unitAt(project, at)?.calls.some((c) => /(^|\.)compare_digest$/.test(chain(c.fn) ?? '')) ?? false);
}
