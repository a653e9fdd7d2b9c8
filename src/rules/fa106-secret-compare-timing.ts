import type { Expr } from '../facts/ir.js';
import { alternatives, type Value } from '../model/values.js';
import { comparisons, type Body } from '../analysis/code.js';
import { credentialComparison, credentialLiteral, credentialOf, describeValue, trivialOperand, type Cred, type CredCompare } from '../analysis/credentials.js';
import { exprText } from '../analysis/ir.js';
import type { Rule } from './types.js';

function credText(c: Cred): string {
  return `\`${c.text}\` (${c.why})`;
}

function otherText(cc: CredCompare): string {
  const s = cc.secret;
  if (s) {
    return s.desc;
  }
  if (cc.otherCred) return credText(cc.otherCred);
  return `\`${exprText(cc.other)}\``;
}

/**
 * A list or tuple of strings (literal or resolved), searched with `==` on each element. A literal
 * list needs an item that can be a secret (`token in ["(", ")"]` is a parser's token, not a key),
 * and, for a credential only named like one, an item that looks like a secret.
 */
function listOfStrings(body: Body, e: Expr, cred: Cred): Value | undefined {
  if (e.t === 'list' || e.t === 'tuple') {
    const items = e.items.filter((i) => !trivialOperand(i));
    if (!items.length) return undefined;
    if (!cred.fromRequest && items.every((i) => i.t === 'str' && !credentialLiteral(i.v))) return undefined;
    return body.resolve(e);
  }
  const v = body.resolve(e);
  const alts = alternatives(v);
  if (alts.length && alts.every((a) => (a.k === 'list' || a.k === 'tuple') && a.items.length > 0 && a.items.every((i) => i.k === 'str' || i.k === 'env'))) return v;
  return undefined;
}

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
    for (const { fn, body, cmps } of comparisons(project)) {
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
            const cc = credentialComparison(body, l, r);
            if (!cc) return;
            ctx.report({ messageId: 'compare', data: { cred: credText(cc.cred), other: otherText(cc), op }, at: body.at(e.loc), key: keyOf(l, op, r) });
          } else if (op === 'in' || op === 'not in') {
            const cred = credentialOf(body, l);
            if (!cred || (cred.strength === 'weak' && !cred.fromRequest)) return;
            const list = listOfStrings(body, r, cred);
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
