import { alternatives, asStr, describe, truthy, type Value } from '../model/values.js';
import { branchNote } from '../analysis/conditions.js';
import { isTestPath } from '../analysis/helpers.js';
import { middlewareConfigs, type MiddlewareConfig } from '../analysis/middleware.js';
import { masked, sourceNote } from '../analysis/values.js';
import type { Rule } from './types.js';

/** SessionMiddleware's parameters after `app`, in order. */
const PARAMS = ['secret_key', 'session_cookie', 'max_age', 'path', 'same_site', 'https_only', 'domain'];

/** `Secret("...")` (starlette.datastructures) wraps a string; look through it. */
function unwrapSecret(v: Value): Value {
  if (v.k === 'inst' && v.inst.cls.k === 'ext' && /(^|\.)Secret$/.test(v.inst.cls.path)) return v.inst.args.pos[0] ?? v.inst.args.kw.get('value') ?? v;
  return v;
}

/** Where a string secret key comes from: written in the call, a constant, or a default the deployment may override. */
function keyFinding(c: MiddlewareConfig): { alt: Value; kind: 'inline' | 'constant' | 'default' } | undefined {
  const v = c.get('secret_key');
  if (!v) return undefined;
  let best: { alt: Value; kind: 'inline' | 'constant' | 'default' } | undefined;
  for (const raw of alternatives(v)) {
    const alt = unwrapSecret(raw);
    if (alt.k === 'env') {
      if (alt.dflt && asStr(alt.dflt)) best ??= { alt, kind: 'default' };
      continue;
    }
    if (alt.k !== 'str' || alt.v === '') continue;
    const src = alt.src;
    const kind = !src ? 'inline' : src.soft ? 'default' : 'constant';
    if (!best || (best.kind === 'default' && kind !== 'default')) best = { alt, kind };
  }
  return best;
}

const rule: Rule<'key' | 'http' | 'samesite'> = {
  meta: {
    id: 'FA403',
    name: 'session-insecure',
    defaultSeverity: 'medium',
    cwe: [614, 1275, 321],
    precision: 'high',
    docs: {
      summary: 'SessionMiddleware signed with a key from the source, or session cookies without `Secure` / with `SameSite=None`',
      what: [
        'Reports, at the call that installs it (`add_middleware`, `Middleware(...)`, or the ASGI wrapper',
        '`SessionMiddleware(app, ...)`), a Starlette `SessionMiddleware` whose configuration weakens the session cookie.',
        'One finding per problem:',
        '',
        '- **key**: `secret_key` is a string written in the code — in the call or a module constant (**high**), or the',
        '  default of a settings field or of `os.getenv("SECRET_KEY", "...")` that is used whenever the deployment does',
        '  not set it (**medium**). `Secret("...")` is looked through. FA406 (hardcoded-secret) reports the literal',
        '  itself at its assignment; this finding is about the session configuration that uses it.',
        '- **http**: `https_only` is `False` — the default — so the cookie has no `Secure` flag (**medium**).',
        '- **samesite**: `same_site="none"`: the browser sends the session cookie with cross-site requests (CSRF) —',
        '  and drops it entirely when `https_only` is off, as browsers refuse `SameSite=None` without `Secure` (**medium**).',
        '',
        'Values are resolved like everywhere else (constants, settings fields, environment defaults, both branches of',
        'a condition, which the message names). Keys read from the environment without a default, from a secret store',
        'or generated (`secrets.token_urlsafe()`) are fine. Test files are skipped.',
      ].join('\n'),
      notReported: [
        'Keys read from the environment without a default, from a secret store or generated (`secrets.token_urlsafe()`),',
        '`https_only=True`, `same_site` left to `lax` or set to `strict`, test files. The literal key at its assignment',
        "is FA406's finding; this one is about the middleware that uses it.",
      ].join('\n'),
      why:
        'Starlette keeps the whole session in a cookie signed with `secret_key`: whoever knows the key can forge any ' +
        'session (log in as any user, become admin). A key in the source is known to everyone who can read the repository, ' +
        'its forks and its history. Without `Secure` the cookie is also sent over plain HTTP, where anyone on the network ' +
        'can copy it; with `SameSite=None` every other site can make requests that carry it.',
      example: ['app.add_middleware(SessionMiddleware, secret_key="s3cr3t-session-key", same_site="none")'].join('\n'),
      fix: [
        '```python',
        'class Settings(BaseSettings):',
        '    SESSION_SECRET: SecretStr  # required: no default',
        '',
        'app.add_middleware(',
        '    SessionMiddleware,',
        '    secret_key=settings.SESSION_SECRET.get_secret_value(),',
        '    https_only=True,',
        '    same_site="lax",',
        ')',
        '```',
        '',
        'For local development over `http://localhost`, switch `https_only` with the environment',
        '(`https_only=settings.ENVIRONMENT != "local"`).',
      ].join('\n'),
      references: [
        'https://www.starlette.io/middleware/#sessionmiddleware',
        'https://cwe.mitre.org/data/definitions/614.html',
        'https://cwe.mitre.org/data/definitions/321.html',
        'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value',
      ],
    },
  },
  messages: {
    key: 'Sessions of `{app}` are signed with a key {how} ({value}{source}): anyone who can read the code can forge a session cookie and act as any user. Load `secret_key` from the environment or a secret store without a default.',
    http: 'Session cookies of `{app}` are also sent over plain HTTP: `https_only` is {value}, so the cookie has no `Secure` flag. Set `https_only=True` (switch it with the environment for local HTTP development).',
    samesite:
      'Session cookies of `{app}` use `SameSite=None` (`same_site` is {value}): the browser attaches them to requests from any site{https}. Use `same_site="lax"` (the default) or `"strict"`.',
  },
  check(ctx) {
    const project = ctx.project;
    for (const c of middlewareConfigs(project, 'fastapi.SessionMiddleware', PARAMS)) {
      if (isTestPath(c.loc.file)) continue;
      const call = (kw: string) => ({ at: c.loc, kw });

      const key = keyFinding(c);
      if (key) {
        const top = c.get('secret_key')!;
        const how = key.kind === 'inline' ? 'written in the call' : key.kind === 'constant' ? 'hard-coded in the source' : 'that defaults to a value in the source';
        ctx.report({
          messageId: 'key',
          data: { app: c.appLabel, how, value: masked(key.alt), source: sourceNote(key.alt) + branchNote(project, top, key.alt, call('secret_key')) },
          severity: key.kind === 'default' ? 'medium' : 'high',
          at: c.loc,
          key: `session-key ${c.appLabel}`,
        });
      }

      const https = c.get('https_only');
      let httpValue: string | undefined;
      if (!https) httpValue = '`False` (the default)';
      else {
        const off = alternatives(https).find((a) => a.k !== 'env' && truthy(a) === false);
        if (off) httpValue = `\`${describe(off)}\`${sourceNote(off)}${branchNote(project, https, off, call('https_only'))}`;
      }
      const httpsCertain = https !== undefined && alternatives(https).every((a) => truthy(a) === true);
      if (httpValue) {
        ctx.report({ messageId: 'http', data: { app: c.appLabel, value: httpValue }, at: c.loc, key: `session-https ${c.appLabel}` });
      }

      const same = c.get('same_site');
      const none = same && alternatives(same).find((a) => asStr(a)?.toLowerCase() === 'none');
      if (same && none) {
        ctx.report({
          messageId: 'samesite',
          data: {
            app: c.appLabel,
            value: `\`${describe(none)}\`${sourceNote(none)}${branchNote(project, same, none, call('same_site'))}`,
            https: httpsCertain ? '' : '; without `https_only=True` browsers reject such cookies, so sessions break as well',
          },
          at: c.loc,
          key: `session-samesite ${c.appLabel}`,
        });
      }
    }
  },
};

export default rule;
