import type { Expr, Stmt } from '../facts/ir.js';
import { alternatives, type Value } from '../model/values.js';
import { codeIndex, comparisons, type Body } from '../analysis/code.js';
import { columnOf, describeValue, enumMember, isPlaceholder, nameWords, neverSecret, secretOf, trivialOperand, type Cred } from '../analysis/credentials.js';
import { eachStmt, exprText, lastName } from '../analysis/ir.js';
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
const NOT_SECRET_WORDS = new Set([
  'id',
  'ids',
  'uuid',
  'pk',
  'count',
  'index',
  'idx',
  'type',
  'kind',
  'name',
  'names',
  'status',
  'version',
  'len',
  'length',
  'size',
  'prefix',
  'suffix',
  'hint',
  'label',
  'scheme',
  'header',
  'format',
  'mode',
  'url',
  'path',
]);

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
      what: [
        'Reports a comparison with `==`/`!=`, or a lookup in a list or tuple (`in`, `not in`: `==` on each element), in',
        "request code — a function a route handler, a dependency, a security scheme's `__call__`, a middleware or an",
        'authentication backend runs, directly or through calls of ours — where one side is a credential the client sent',
        'and the other a server-side secret. Provenance decides, never names (src/analysis/request.ts):',
        '',
        "- **the client's credential**: the value of a security scheme (`APIKeyHeader` & co., `credentials.credentials` of",
        '  `HTTPBearer`, `credentials.password` of `HTTPBasic`), a `Header()`/`Cookie()`/`Query()` parameter or a',
        '  `request.headers`/`cookies`/`query_params` entry named like a credential, a credential field of the request body',
        '  (a pydantic model, `OAuth2PasswordRequestForm`, `await request.form()`, a field validator of the body model), a',
        '  credential-named scalar parameter of a handler or dependency (a query parameter); then what is computed from it:',
        '  `.strip()`/`.lower()`/`.encode()`, the parts of a `split`/`partition` (also unpacked: `scheme, _, token =',
        '  authorization.partition(" ")`, `parts[1]`), a slice, a base64 decoding, a hash of it; then the parameters of',
        '  helpers it is passed to, and the parameters that receive a dependency returning it;',
        "- **the server's secret**: a setting (an empty default included: the deployment sets it), an environment value, a",
        '  constant, a stored key or digest (`record.key_hash`, `self.api_key`, a value read from a store or cache), a',
        '  signature computed with a key; for `in`/`not in`, a settings list (`if api_key not in settings.api_keys`), an',
        '  environment value split into keys (`os.getenv("API_KEYS", "").split(",")`) or a constant list.',
        '',
        'A double-submit CSRF check (`x_csrf_token != request.cookies.get("csrf_token")`) compares the server\'s cookie with',
        'the header: it is reported too.',
      ].join('\n'),
      notReported: [
        '- comparisons where neither side is a credential the client sent, whatever the names: two stored values (a change',
        "  check, a lock token, a cache key against a hash), a tokenizer's tokens or token ids, tensors, ids and counts, a",
        '  `LOCAL_API_KEY = "local"` sentinel compared with a setting;',
        '- a token the caller already verified (passed to `jwt.decode`, or to a helper that decodes it, before it is handed',
        '  on): only a validly signed token gets to the comparison, so its timing tells an attacker nothing;',
        '- a comparison whose result nothing decides on: an argument of a library call whose result is thrown away',
        '  (`LOG.info("webhook", valid=sig == expected)`): the answer is the same either way, so there is nothing to time;',
        '- comparisons outside request code: CLI commands, workers, clients of other services and helpers no route,',
        '  dependency or middleware reaches;',
        '- a credential compared with `None`, a boolean, a number, an empty string or a scheme name (`"Bearer"`), a mask',
        '  (`"****"`), an upper-case marker (`"LDAP"`), an Enum member, a placeholder tested with `==`/`in` (`if key ==',
        '  "YOUR_API_KEY"`: the docs\' example value, refused), an id or a count (`record.key_id`, `len(key)`);',
        '- two values the client sent (`password != confirm_password`, a value normalized from the credential), except the',
        '  double-submit CSRF check (the cookie is the secret the header must match);',
        '- membership in a `set` or `dict` (a hash lookup) or in a container whose type is unknown; comparisons that build',
        '  a query (ORM columns, arguments of `where`/`filter`/`and_`…); `is`/`is not`; assertions; `compare_digest` itself.',
      ].join('\n'),
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
      const unused = discarded(body, fn.def.body);
      for (const e of cmps) {
        if (unused.has(e)) continue;
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

/**
 * Comparisons whose result nothing decides on: an argument of a call to code outside the project
 * whose result is thrown away (`LOG.info(..., valid=sig == expected)`). A log line that records
 * whether a signature matched rejects nothing, so its timing reveals no more than the log does.
 */
function discarded(body: Body, stmts: Stmt[]): Set<Expr> {
  const out = new Set<Expr>();
  eachStmt(stmts, (s) => {
    if (s.t !== 'expr') return;
    const call = s.v.t === 'await' ? s.v.v : s.v;
    if (call.t !== 'call') return;
    const callee = body.resolve(call.fn);
    if (callee.k === 'func' || callee.k === 'method' || callee.k === 'class') return;
    for (const a of call.args) if (a.v.t === 'cmp') out.add(a.v);
  });
  return out;
}
