import type { Expr } from '../facts/ir.js';
import { alternatives, type Value } from '../model/values.js';
import { codeIndex, comparisons, type Body } from '../analysis/code.js';
import { columnOf, describeValue, enumMember, isPlaceholder, nameWords, neverSecret, secretOf, trivialOperand, type Cred } from '../analysis/credentials.js';
import { exprText, lastName } from '../analysis/ir.js';
import { requestFlow } from '../analysis/request.js';
import type { Rule } from './types.js';

function credText(c: Cred): string {
  return `\`${c.text}\` (${c.why})`;
}

/**
 * A constant compared with a request credential that can be a secret: not a mask (`"****"`), nor an
 * upper-case marker (`"LDAP"`, `"DISABLED"`), nor a placeholder the code tests for with `==`/`in`
 * (`if key == "YOUR_API_KEY": reject`: the docs' value, public by design). A placeholder compared
 * with `!=`/`not in` is the value the check accepts.
 */
function secretLiteral(s: string, accepts = true): boolean {
  const v = s.trim();
  return v.length >= 2 && !neverSecret(v) && !/^[A-Z_]{2,16}$/.test(v) && (accepts || !isPlaceholder(v));
}

/** Names of values that identify or count things rather than authenticate: `user.id`, `key_type`, `token_count`. */
const NOT_SECRET_WORDS = new Set(['id', 'ids', 'uuid', 'pk', 'count', 'index', 'idx', 'type', 'kind', 'name', 'names', 'status', 'version', 'len', 'length', 'size', 'prefix', 'suffix', 'hint', 'label', 'scheme', 'header', 'format', 'mode', 'url', 'path']);

/**
 * The server's side of a comparison with a request credential, when it can hold a secret: a
 * setting, an environment value, a constant, a stored key or digest (`record.key_hash`,
 * `self.api_key`, a value read from a store). Not: None, booleans, numbers, masks and
 * placeholders (`"****"`, `"YOUR_API_KEY"`), words and names (`"LDAP"`), ids and counts, ORM columns
 * (the comparison builds a query).
 */
function serverSide(body: Body, e: Expr, accepts: boolean): string | undefined {
  if (trivialOperand(e)) return undefined;
  const text = exprText(e);
  if (e.t === 'str') return secretLiteral(e.v, accepts) ? `the literal ${text}` : undefined;
  if (e.t === 'fstr') {
    const parts = e.parts.filter((p): p is Expr => typeof p !== 'string');
    return parts.some((p) => serverSide(body, p, accepts)) ? `\`${text}\`` : undefined;
  }
  if (e.t === 'list' || e.t === 'tuple' || e.t === 'set' || e.t === 'dict' || e.t === 'cmp' || e.t === 'unary') return undefined;
  if (columnOf(body, e)) return undefined;
  // an Enum member names a kind of thing (`TokenType.access_token`): a label, not a secret
  if (enumMember(body, e) !== undefined) return undefined;
  const v = body.resolve(e);
  const alts = alternatives(v);
  if (alts.length && alts.every((a) => a.k === 'num' || a.k === 'bool' || a.k === 'none')) return undefined;
  // constants that cannot be a secret; a settings field's default is not the value a deployment sets
  if (alts.length && alts.every((a) => a.k === 'str' && !a.src?.soft && !secretLiteral(a.v, accepts))) return undefined;
  const tail = lastName(e);
  if (tail !== undefined) {
    const w = nameWords(tail);
    if (w.length && NOT_SECRET_WORDS.has(w[w.length - 1]!)) return undefined;
  }
  return secretOf(body, e)?.desc ?? describeValue(text, v, body.project);
}

/**
 * A list or tuple a credential is looked up in with `==` on each element: a settings or constant list
 * (empty by default included: the deployment fills it), an environment value split into keys
 * (`os.getenv("API_KEYS", "").split(",")`). Sets and dicts are hash lookups; an unknown container
 * is not guessed.
 */
function keyList(body: Body, e: Expr, accepts: boolean): Value | undefined {
  if (e.t === 'set' || e.t === 'dict') return undefined;
  if (e.t === 'name') {
    const bs = body.unit.locals.get(e.id);
    if (bs?.length === 1 && bs[0]!.v) return keyList(body, bs[0]!.v, accepts);
  }
  if (e.t === 'list' || e.t === 'tuple') {
    const items = e.items.filter((i) => !trivialOperand(i));
    if (!items.length || items.every((i) => i.t === 'str' && !secretLiteral(i.v, accepts))) return undefined;
    return body.resolve(e);
  }
  const resolver = codeIndex(body.project).resolver;
  // `os.getenv("API_KEYS", "").split(",")`, `settings.API_KEYS.split(",")`: the deployment's keys
  if (e.t === 'call' && e.fn.t === 'attr' && e.fn.attr === 'split') {
    const src = resolver.value(body.unit, e.fn.obj);
    const alts = alternatives(src);
    if (alts.length && alts.every((a) => a.k === 'env' || (a.k === 'str' && a.src))) return src;
  }
  const v = resolver.value(body.unit, e);
  const alts = alternatives(v);
  if (alts.length && alts.every((a) => (a.k === 'list' || a.k === 'tuple') && a.items.every((i) => i.k === 'str' || i.k === 'env' || i.k === 'unknown'))) {
    const lits = alts.flatMap((a) => (a.k === 'list' || a.k === 'tuple' ? a.items : [])).filter((i) => i.k === 'str');
    if (lits.length && lits.every((i) => i.k === 'str' && !secretLiteral(i.v, accepts))) return undefined;
    return v;
  }
  return undefined;
}

const CSRF = /csrf|xsrf/i;

const rule: Rule<'compare' | 'membership'> = {
  meta: {
    id: 'FA106',
    name: 'secret-compare-timing',
    defaultSeverity: 'medium',
    cwe: [208],
    precision: 'high',
    docs: {
      summary: 'Credential compared with plain equality or list membership instead of a constant-time comparison',
      what:
        'Reports a comparison with `==`, `!=`, or membership in a list/tuple (`in`, `not in`), anywhere in the scanned ' +
        'functions (assertions excluded), where one side is a credential and the other may be a secret:\n\n' +
        '- the credential is the value of a FastAPI security scheme parameter (`APIKeyHeader` & co., ' +
        '`credentials.credentials` of `HTTPBearer`, `credentials.password` of `HTTPBasic`), a `Header()`/`Cookie()`/' +
        '`Query()` parameter or a `request.headers`/`cookies` value named like a credential, or a parameter, variable, ' +
        'attribute or key named like one (`api_key`, `x_token`, `password`, `hashed_password`, `client_secret`; `key` or ' +
        '`sig` alone only when the other side is a secret-named constant, setting or environment value);\n' +
        '- the other side is not `None`, a boolean, a number, an empty string or a scheme name such as `"Bearer"`.\n\n' +
        'Comparisons of two inputs with each other (`password != confirm_password`, `new_password == old_password`) ' +
        'and `is`/`is not` tests are not reported. Membership in a `set` or `dict` (a hash lookup) is not reported either.\n\n' +
        'Not reported either:\n\n' +
        '- comparisons that build a query instead of comparing in Python: one side is a column of an ORM model (an attribute ' +
        'of a class built on a library base, such as SQLAlchemy, SQLModel, peewee or Beanie models: ' +
        '`select(Token).where(Token.token_hash == token_hash)`), or the comparison is passed straight to `where`, `filter`, ' +
        '`having`, `and_`, `or_`, `not_`, `join`, `case`, `get`, `get_or_none`, `find_one`…;\n' +
        '- constants that are no secret: a literal or an Enum member is reported for a credential read from the request, ' +
        'and for one only named like a credential when the name is a strong one and the literal looks like a secret ' +
        '(8 or more characters, not a word or identifier, dotted name, URL or path) or is a placeholder password ' +
        '(`"admin"`, `"changeme"`); `user.password == "LDAP"`, `event.get("key") == "webhook.created"` and ' +
        '`token in ["(", ")"]` are markers, not secrets (a hardcoded secret is FA406\'s business);\n' +
        '- two values of the server\'s own, when neither comes from the request: a change check where one side is computed ' +
        'from the other (`client_secret = update.client_secret or existing_client_secret`, then `client_secret != ' +
        'existing_client_secret`), an attribute of a third-party library object (`intent.client_secret` of a ' +
        '`stripe.SetupIntent` parameter) compared with a stored value, and two fields of one request body compared in a ' +
        'pydantic validator (`value != info.data["password"]`).',
      why:
        'String equality returns as soon as two characters differ, so the time it takes leaks how long a prefix of the ' +
        'guess is right. Over many requests an attacker can recover an API key or token one character at a time. ' +
        '`secrets.compare_digest` takes the same time wherever the strings differ.',
      example: [
        'API_KEY = os.environ["API_KEY"]',
        '',
        '',
        'def verify_key(x_api_key: str = Header()):',
        '    if x_api_key != API_KEY:',
        '        raise HTTPException(status_code=401)',
      ].join('\n'),
      fix: [
        '```python',
        'import secrets',
        '',
        'def verify_key(x_api_key: str = Header()):',
        '    if not secrets.compare_digest(x_api_key.encode(), API_KEY.encode()):',
        '        raise HTTPException(status_code=401)',
        '```',
        '',
        'For passwords, store a hash and check it with a password hasher (`passlib`, `argon2-cffi`, `bcrypt`), which ' +
          'compares in constant time. For a set of keys, compare against each with `compare_digest`, or look up a hash of ' +
          'the key in a dict.',
      ].join('\n'),
      references: [
        'https://docs.python.org/3/library/secrets.html#secrets.compare_digest',
        'https://fastapi.tiangolo.com/advanced/security/http-basic-auth/#timing-attacks',
        'https://cwe.mitre.org/data/definitions/208.html',
      ],
    },
  },
  messages: {
    compare:
      '{cred} is compared with {other} using `{op}`: string comparison stops at the first differing character, so response times reveal how much of a guess is right. Use `secrets.compare_digest(...)` instead.',
    membership:
      '{cred} is looked up in {container} with `{op}`, which compares it to each element with `==`: response times reveal how much of a guess is right. Compare with `secrets.compare_digest(...)` against each key, or look up a hash of the key in a dict.',
  },
  check(ctx) {
    const project = ctx.project;
    const flow = requestFlow(project);
    for (const { fn, body, cmps } of comparisons(project)) {
      if (!flow.reaches(fn.def)) continue;
      // finding keys are line-independent: the function and the comparison's text, numbered when it repeats
      const counts = new Map<string, number>();
      const keyOf = (l: Expr, op: string, r: Expr): string => {
        const text = `${exprText(l)} ${op} ${exprText(r)}`;
        const n = (counts.get(text) ?? 0) + 1;
        counts.set(text, n);
        return `${fn.module.name}.${fn.qualname}: ${text}${n > 1 ? ` #${n}` : ''}`;
      };
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
              if (!cred) continue;
              const otherCred = flow.credential(body, y);
              let other: string | undefined;
              // two values the client sent: only the double-submit CSRF check compares a secret (the cookie)
              if (otherCred) other = CSRF.test(cred.text) && CSRF.test(otherCred.text) ? credText(otherCred) : undefined;
              // a value computed from what the client sent (`normalized != raw_api_key`): no server secret
              else if (!flow.fromRequest(body, y)) other = serverSide(body, y, op === '!=');
              if (other) ctx.report({ messageId: 'compare', data: { cred: credText(cred), other, op }, at: body.at(e.loc), key: keyOf(l, op, r) });
              return;
            }
          } else if (op === 'in' || op === 'not in') {
            const cred = flow.credential(body, l);
            if (!cred) return;
            const list = keyList(body, r, op === 'not in');
            if (!list) return;
            const container = r.t === 'list' || r.t === 'tuple' ? `\`${exprText(r)}\`` : describeValue(exprText(r), list, project);
            ctx.report({ messageId: 'membership', data: { cred: credText(cred), container, op }, at: body.at(e.loc), key: keyOf(l, op, r) });
          }
        });
      }
    }
  },
};

export default rule;
