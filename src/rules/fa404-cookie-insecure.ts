import type { Expr } from '../facts/ir.js';
import { describe, type Value } from '../model/values.js';
import { codeIndex } from '../analysis/code.js';
import type { Resolver } from '../analysis/resolve.js';
import { locOf, type CodeUnit } from '../analysis/units.js';
import { isTestPath } from '../analysis/helpers.js';
import { argExpr, starStarArgs, type CallExpr } from '../analysis/ir.js';
import { jwtOp } from '../analysis/jwt.js';
import { concreteAlternatives, dictEntry, flagOff, origin, sourceNote, type FlagReading } from '../analysis/values.js';
import type { Rule } from './types.js';

/**
 * Words that make a cookie a credential. Long stems match inside compound names (`sessionid`,
 * `accesstoken`, `phpsessid`); short ones only as a whole word (`sid`, not `sidebar`).
 */
const STEMS = /session|sessid|token|jwt|auth(?!or(?!iz))|refresh|remember|credential|bearer|api_?key|identity/;
const WORDS = new Set(['sid', 'sess', 'access', 'otp', 'mfa', 'sso', 'saml', 'oidc']);
/** Cookies that must be readable by JavaScript (double-submit CSRF tokens) are not session cookies. */
const CSRF = /csrf|xsrf/;

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Why a name (cookie name or variable name) looks like a credential, or undefined. */
function credentialWord(name: string): string | undefined {
  const low = name.toLowerCase();
  if (CSRF.test(low)) return undefined;
  const m = STEMS.exec(low);
  if (m) return m[0];
  return words(name).find((w) => WORDS.has(w));
}

const TOKEN_FACTORIES = /^secrets\.token_(hex|urlsafe|bytes)$|^uuid\.uuid[14]$/;

interface Evidence {
  text: string;
}

/** Is the cookie value a credential? A JWT or random token created here, or a variable/attribute/function named like one. */
function valueEvidence(resolver: Resolver, unit: CodeUnit, e: Expr, depth = 0): Evidence | undefined {
  if (depth > 4) return undefined;
  switch (e.t) {
    case 'await':
    case 'starred':
      return valueEvidence(resolver, unit, e.v, depth + 1);
    case 'name': {
      const w = credentialWord(e.id);
      if (w) return { text: `its value is \`${e.id}\`` };
      for (const b of unit.locals.get(e.id) ?? []) {
        if (!b.v) continue;
        const inner = valueEvidence(resolver, unit, b.v, depth + 1);
        if (inner) return inner;
      }
      return undefined;
    }
    case 'attr':
      return credentialWord(e.attr) ? { text: `its value is \`${chainText(e)}\`` } : undefined;
    case 'call': {
      const callee = resolver.value(unit, e.fn);
      const op = jwtOp(callee);
      if (op?.op === 'encode') return { text: `its value is a JWT from \`${op.label}(...)\`` };
      if (callee.k === 'ext' && TOKEN_FACTORIES.test(callee.path)) return { text: `its value comes from \`${callee.path}()\`` };
      const fname = e.fn.t === 'name' ? e.fn.id : e.fn.t === 'attr' ? e.fn.attr : undefined;
      if (fname && /token|session|jwt|sign/i.test(fname) && !/csrf|xsrf/i.test(fname)) return { text: `its value comes from \`${fname}(...)\`` };
      // str(token), token.decode(), f(...) wrappers
      if (e.fn.t === 'attr' && ['decode', 'encode', 'strip'].includes(e.fn.attr)) return valueEvidence(resolver, unit, e.fn.obj, depth + 1);
      if (callee.k === 'ext' && callee.path === 'builtins.str' && e.args[0]) return valueEvidence(resolver, unit, e.args[0].v, depth + 1);
      return undefined;
    }
    case 'fstr':
      for (const p of e.parts) {
        if (typeof p === 'string') continue;
        const inner = valueEvidence(resolver, unit, p, depth + 1);
        if (inner) return inner;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** `settings.COOKIE_NAME` for a name/attribute chain, `...` for anything else (message text and finding keys). */
function chainText(e: Expr): string {
  if (e.t === 'name') return e.id;
  if (e.t === 'attr') return `${chainText(e.obj)}.${e.attr}`;
  return '...';
}

/** Starlette `Response.set_cookie(key, value, max_age, expires, path, domain, secure, httponly, samesite)`. */
const SLOTS = { key: 0, value: 1, secure: 6, httponly: 7 } as const;

interface Flag {
  name: 'secure' | 'httponly';
  /** The argument is absent (default False) or falsy. */
  off: FlagReading | 'default';
}

function flag(resolver: Resolver, unit: CodeUnit, call: CallExpr, name: 'secure' | 'httponly', kwargs: Value[]): Flag | undefined {
  const e = argExpr(call, name, SLOTS[name]);
  let v: Value | undefined = e ? resolver.value(unit, e) : undefined;
  if (!v) {
    for (const d of kwargs) v ??= dictEntry(d, name);
  }
  if (!v) {
    // `**opts` we cannot read may set it: say nothing
    if (kwargs.some((d) => !concreteAlternatives(d).every((a) => a.k === 'dict'))) return undefined;
    return { name, off: 'default' };
  }
  const off = flagOff(v);
  return off ? { name, off } : undefined;
}

const rule: Rule<'insecure'> = {
  meta: {
    id: 'FA404',
    name: 'cookie-insecure',
    defaultSeverity: 'medium',
    cwe: [614, 1004],
    precision: 'high',
    docs: {
      summary: 'Session or token cookie set without `secure=True` and `httponly=True`',
      what: [
        'Reports `response.set_cookie(...)` calls (on the injected `response: Response`, a `JSONResponse`/`RedirectResponse`',
        'you build, any Starlette response) in handler, dependency and helper bodies when the cookie carries a credential and',
        '`secure` or `httponly` is missing (Starlette defaults both to `False`) or resolves to a falsy value (a literal, a',
        'constant, a settings default). A cookie carries a credential when its name says so (`session`, `token`, `auth`, `jwt`,',
        '`sid`, `access`, `refresh`, `remember`, …) or its value does (a `jwt.encode(...)`/`create_access_token(...)` result,',
        '`secrets.token_*()`, a variable named like a token).',
      ].join('\n'),
      notReported: [
        'CSRF cookies (`csrftoken`, `XSRF-TOKEN`: double-submit tokens must be readable by JavaScript), cookies',
        'with no credential evidence (`theme`, `lang`), flags whose value cannot be resolved (`secure=request.url.scheme == "https"`),',
        'and test files (`tests/`, `test_*.py`, `conftest.py`).',
      ].join('\n'),
      why:
        'Without `Secure` the browser also sends the cookie over plain HTTP, where anyone on the network path can read and ' +
        'replay it (and a downgrade or one `http://` link is enough). Without `HttpOnly` any script running on the page — one ' +
        'XSS away — can read the session token and send it elsewhere.',
      example: [
        '@router.post("/login")',
        'def login(response: Response, form: OAuth2PasswordRequestForm = Depends()):',
        '    token = create_access_token(form.username)',
        '    response.set_cookie("access_token", token)',
      ].join('\n'),
      fix: [
        '```python',
        'response.set_cookie("access_token", token, secure=True, httponly=True, samesite="lax")',
        '```',
        '',
        'For local development over HTTP, drive `secure` from settings (`secure=settings.COOKIE_SECURE`, default `True`).',
      ].join('\n'),
      references: [
        'https://www.starlette.io/responses/#set-cookie',
        'https://fastapi.tiangolo.com/advanced/response-cookies/',
        'https://owasp.org/www-community/controls/SecureCookieAttribute',
        'https://owasp.org/www-community/HttpOnly',
        'https://cwe.mitre.org/data/definitions/614.html',
        'https://cwe.mitre.org/data/definitions/1004.html',
      ],
    },
  },
  messages: {
    insecure:
      'Cookie {cookie} carries a credential ({evidence}) but is set without {missing}: {risks}. Pass {fix} (or `# fastapi-audit: ignore[FA404]` if it is not a credential).',
  },
  check(ctx) {
    const { units, resolver, methods } = codeIndex(ctx.project);
    if (!methods.has('set_cookie')) return;
    const ip = ctx.project.interp;
    for (const unit of units) {
      if (isTestPath(unit.file)) continue;
      for (const call of unit.calls) {
        if (call.fn.t !== 'attr' || call.fn.attr !== 'set_cookie') continue;
        // a user class with its own set_cookie is a wrapper we do not know: its body is checked on its own
        const recv = resolver.value(unit, call.fn.obj);
        if (recv.k === 'inst' && recv.inst.cls.k === 'class' && ip.classAttr(recv.inst.cls.cls, 'set_cookie')) continue;
        const kwargs = starStarArgs(call).map((s) => resolver.value(unit, s));
        const keyE = argExpr(call, 'key', SLOTS.key);
        const valueE = argExpr(call, 'value', SLOTS.value);
        const keyV = keyE ? resolver.value(unit, keyE) : kwargs.map((d) => dictEntry(d, 'key')).find((x) => x);
        const names = keyV ? concreteAlternatives(keyV).filter((a): a is Extract<Value, { k: 'str' }> => a.k === 'str') : [];
        if (names.some((n) => CSRF.test(n.v.toLowerCase()))) continue;
        const nameWord = names.map((n) => credentialWord(n.v)).find((w) => w);
        let evidence: string | undefined;
        if (nameWord) evidence = `its name contains "${nameWord}"`;
        else if (valueE) evidence = valueEvidence(resolver, unit, valueE)?.text;
        if (!evidence && keyE && keyE.t !== 'str' && !names.length) {
          const w = lastIdent(keyE);
          if (w && credentialWord(w)) evidence = `its name comes from \`${w}\``;
        }
        if (!evidence) continue;
        const flags = [flag(resolver, unit, call, 'secure', kwargs), flag(resolver, unit, call, 'httponly', kwargs)].filter((f): f is Flag => !!f);
        if (!flags.length) continue;
        const missing = flags.map((f) =>
          f.off === 'default'
            ? `\`${f.name}=True\` (it defaults to False)`
            : `\`${f.name}=True\` (it ${f.off.certain ? 'is' : 'may be'} \`${describe(f.off.alt)}\`${sourceNote(f.off.alt)})`,
        );
        const risks = flags.map((f) => (f.name === 'secure' ? 'the browser also sends it over plain HTTP' : 'any script on the page (one XSS) can read it'));
        const cookie = names.length ? `\`${names[0]!.v}\`${keyE && keyE.t !== 'str' ? origin(names[0]!) : ''}` : keyE ? `\`${chainText(keyE)}\`` : '(unnamed)';
        ctx.report({
          messageId: 'insecure',
          data: {
            cookie,
            evidence,
            missing: missing.join(' and '),
            risks: risks.join(', and '),
            fix: flags.map((f) => `\`${f.name}=True\``).join(' and '),
          },
          at: locOf(unit, call),
          key: `set_cookie ${names[0]?.v ?? (keyE ? chainText(keyE) : '')} ${unit.qual}`,
        });
      }
    }
  },
};

function lastIdent(e: Expr): string | undefined {
  return e.t === 'name' ? e.id : e.t === 'attr' ? e.attr : undefined;
}

export default rule;
