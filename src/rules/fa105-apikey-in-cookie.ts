import type { DepNode } from '../model/deps.js';
import type { Project, RouteInfo } from '../model/project.js';
import { asStr, type FuncRec, type InstRec, type SrcLoc, type Value } from '../model/values.js';
import type { Rule } from './types.js';
import { bodyOf, codeIndex } from '../analysis/code.js';
import { classPaths, routeLabel, where } from '../analysis/helpers.js';
import { chain, eachBodyExpr } from '../analysis/ir.js';
import { credentialName } from '../analysis/credentials.js';
import { decides, type Decision } from '../analysis/decision.js';
import { funcOf, paramSource, schemeOf, schemeText, schemeUses, type SchemeInfo } from '../analysis/schemes.js';
import { IN_HEADER, callPlacement } from '../analysis/units.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const CSRF_NAME = /csrf|xsrf/i;
/** Headers a cross-site form cannot set, or that tell where a request comes from. */
const DEFENCE_HEADERS = new Set(['x-csrf-token', 'x-xsrf-token', 'x-csrftoken', 'csrf-token', 'x-csrf', 'x-requested-with', 'origin', 'referer', 'sec-fetch-site']);

interface CookieSite {
  loc: SrcLoc;
  samesite: string | undefined;
}

/** `response.set_cookie("session", ..., samesite=...)` calls in function bodies, by cookie name. */
function cookieSites(project: Project): Map<string, CookieSite[]> {
  const out = new Map<string, CookieSite[]>();
  const ix = codeIndex(project);
  if (!ix.methods.has('set_cookie')) return out;
  for (const fn of ix.functions) {
    const unit = ix.unitOf(fn);
    unit.calls.forEach((e, i) => {
      if (callPlacement(unit, i) === IN_HEADER || e.fn.t !== 'attr' || e.fn.attr !== 'set_cookie') return;
      const body = bodyOf(project, fn);
      const keyArg = e.args.find((a) => a.name === 'key') ?? e.args.find((a) => !a.name && !a.star);
      const name = keyArg ? asStr(body.resolve(keyArg.v)) : undefined;
      if (name === undefined) return;
      const ss = e.args.find((a) => a.name === 'samesite');
      // Starlette's default is "lax"
      const samesite = ss ? asStr(body.resolve(ss.v))?.toLowerCase() : 'lax';
      const list = out.get(name) ?? [];
      list.push({ loc: body.at(e.loc), samesite });
      out.set(name, list);
    });
  }
  return out;
}

/** Does a function's body or signature deal with CSRF (a token check, a custom or Origin header)? */
function bodyDefends(project: Project, fn: FuncRec): boolean {
  let found = false;
  eachBodyExpr(fn.def.body, (e) => {
    if (found) return;
    if (e.t === 'call') {
      const c = chain(e.fn);
      if (c && CSRF_NAME.test(c)) found = true;
    } else if (e.t === 'str' && DEFENCE_HEADERS.has(e.v.trim().toLowerCase())) found = true;
    else if (e.t === 'name' && CSRF_NAME.test(e.id)) found = true;
  });
  if (found) return true;
  for (const p of fn.params ?? []) {
    if (CSRF_NAME.test(p.name) || /requested_with|sec_fetch_site/.test(p.name)) return true;
    const src = paramSource(project, fn, p.name);
    if (src.wire && (DEFENCE_HEADERS.has(src.wire.toLowerCase()) || CSRF_NAME.test(src.wire))) return true;
  }
  return false;
}

function middlewareDefends(project: Project, app: InstRec, memo: Map<InstRec, boolean>): boolean {
  const m = memo.get(app);
  if (m !== undefined) return m;
  let ok = false;
  for (const mw of app.router?.middleware ?? []) {
    const names = [...classPaths(project, mw.cls), ...(mw.cls.k === 'class' ? [mw.cls.cls.name] : [])];
    if (names.some((n) => CSRF_NAME.test(n))) ok = true;
    const fn: Value | undefined = mw.fn;
    if (fn?.k === 'func' && (CSRF_NAME.test(fn.fn.name) || bodyDefends(project, fn.fn))) ok = true;
  }
  // `app = asgi_csrf(app, ...)` and similar wrappers
  for (const c of project.interp.extCalls) {
    if (!CSRF_NAME.test(c.path)) continue;
    const args = [...c.args.pos, ...c.args.kw.values()];
    if (args.some((a) => a.k === 'inst' && a.inst === app)) ok = true;
  }
  memo.set(app, ok);
  return ok;
}

/** The handler and the dependency functions of a route's tree. */
function treeFunctions(project: Project, route: RouteInfo): Set<FuncRec> {
  const out = new Set<FuncRec>();
  if (route.handler) out.add(route.handler);
  const stack: DepNode[] = route.deps.map((d) => d.node);
  const seen = new Set<DepNode>();
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.kind !== 'security_scheme') {
      const fn = funcOf(project, n.call);
      if (fn) out.add(fn);
    }
    stack.push(...n.children);
  }
  return out;
}

/** Schemes a browser never attaches on its own: a request that must carry one cannot be forged cross-site. */
const HEADER_SCHEMES = new Set(['APIKeyHeader', 'APIKeyQuery', 'HTTPBearer', 'OAuth2PasswordBearer', 'OAuth2AuthorizationCodeBearer', 'OAuth2', 'OpenIdConnect']);

/** Does the route require a credential in a header (an API key, a bearer token): a CSRF defence. */
function requiresHeaderCredential(project: Project, route: RouteInfo, fns: ReadonlySet<FuncRec>): boolean {
  const stack: DepNode[] = route.deps.map((d) => d.node);
  const seen = new Set<DepNode>();
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const s = n.kind === 'security_scheme' ? schemeOf(project, n) : undefined;
    if (s && s.autoError && HEADER_SCHEMES.has(s.cls)) return true;
    stack.push(...n.children);
  }
  for (const fn of fns) {
    for (const p of fn.params ?? []) {
      const src = paramSource(project, fn, p.name);
      if (src.kind === 'header' && !src.maybeNone && credentialName(src.wire ?? p.name) === 'strong' && decides(project, fn, p.name)) return true;
    }
  }
  return false;
}

/** `Cookie()` parameters named like a credential whose value decides, by function. */
function cookieParams(project: Project): Map<FuncRec, Array<{ fn: FuncRec; param: string; wire: string; decision: Decision }>> {
  const out = new Map<FuncRec, Array<{ fn: FuncRec; param: string; wire: string; decision: Decision }>>();
  const fns = new Set<FuncRec>();
  for (const r of project.routes) for (const f of treeFunctions(project, r)) fns.add(f);
  for (const fn of fns) {
    for (const p of fn.params ?? []) {
      const src = paramSource(project, fn, p.name);
      if (src.kind !== 'cookie' || !credentialName(src.wire ?? p.name)) continue;
      const decision = decides(project, fn, p.name);
      if (!decision) continue;
      const list = out.get(fn) ?? [];
      list.push({ fn, param: p.name, wire: src.wire ?? p.name, decision });
      out.set(fn, list);
    }
  }
  return out;
}

const rule: Rule<'cookie'> = {
  meta: {
    id: 'FA105',
    name: 'apikey-in-cookie',
    defaultSeverity: 'low',
    cwe: [352],
    precision: 'medium',
    docs: {
      summary: 'State-changing route authenticated by a cookie (the cookie decides) without CSRF defence',
      what: [
        'Reports each POST, PUT, PATCH or DELETE route whose authenticating credential is a cookie the browser attaches on',
        'its own, unless the route has a CSRF defence. The cookie authenticates the route when it decides whether a request',
        'goes through (src/analysis/decision.ts):',
        '',
        "- an `APIKeyCookie` security scheme (or a subclass) with `auto_error` on anywhere in the route's dependency tree",
        '  (handler parameters, `dependencies=[...]` of the route, its routers, includes and app, sub-dependencies): it',
        '  rejects requests without the cookie;',
        '- an `APIKeyCookie(auto_error=False)` or a `Cookie()` parameter named like a credential whose value decides: a',
        '  condition on it (or on what is computed from it) guards a `raise`, a call verifies it (`jwt.decode`,',
        '  `serializer.loads`, `compare_digest`, a `verify`/`validate` method), it is passed to a helper that does either or',
        '  that rejects, or a dependency returns it to a consumer that does.',
        '',
        'CSRF defences:',
        '',
        '- a middleware whose class or function name mentions CSRF/XSRF (starlette-csrf `CSRFMiddleware`,',
        '  `CSRFProtectMiddleware`, your own), or the app passed to a CSRF wrapper such as `asgi_csrf(app, ...)`;',
        "- a dependency in the route's tree whose name mentions CSRF/XSRF (fastapi-csrf-protect's `CsrfProtect`,",
        '  `verify_csrf`), or a handler/dependency that calls one (`csrf_protect.validate_csrf(request)`);',
        "- a handler or dependency that reads a header cross-site forms cannot set or that names the request's origin:",
        '  `X-CSRF-Token`, `X-XSRF-Token`, `X-Requested-With`, `Origin`, `Referer`, `Sec-Fetch-Site`;',
        '- a credential the route also requires in a header — a security scheme the browser never attaches (`APIKeyHeader`,',
        '  `HTTPBearer`, `OAuth2PasswordBearer`…) with `auto_error` on, or a required `Header()` credential that decides;',
        '- every `set_cookie(...)` of that cookie name in the project passing `samesite="strict"`.',
        '',
        "SameSite=Lax (Starlette's default) is not counted as a defence: it still lets sibling subdomains and GET-based",
        'state changes through, and the cookie may be issued by another service.',
      ].join('\n'),
      notReported: [
        '- a cookie that decides nothing: read for logging, analytics or display, stored, passed to code that neither',
        '  verifies it nor rejects on it (an `APIKeyCookie(auto_error=False)` read by an audit logger does not make the route',
        '  cookie-authenticated);',
        '- routes that also require a credential a browser never attaches on its own (an `APIKeyHeader`, a bearer token, a',
        '  required `Authorization`/API-key header that decides): a cross-site form cannot send it, so it is a CSRF defence;',
        '- reads (`GET`, `HEAD`, `OPTIONS`), routes behind one of the CSRF defences listed above, cookies every `set_cookie`',
        '  of which passes `samesite="strict"`;',
        '- `Cookie()` parameters not named like a credential (a theme, a language) and names alone: a cookie named',
        '  `session` that nothing checks is not a credential.',
      ].join('\n'),
      why:
        'Browsers attach cookies to requests that other sites trigger (a form that posts to your API, an image or a ' +
        "script tag). When the API key travels in a cookie, such a request carries the victim's credentials, and the " +
        'route performs the change on their behalf (cross-site request forgery). Header-based keys are not sent ' +
        'automatically, which is why `APIKeyHeader` does not have this problem.',
      example: [
        'cookie_key = APIKeyCookie(name="session")',
        '',
        '',
        '@app.post("/account/email")',
        'def change_email(email: str, session: str = Security(cookie_key)):',
        '    ...',
      ].join('\n'),
      fix: [
        'Require a CSRF token on state-changing routes, e.g. with starlette-csrf:',
        '',
        '```python',
        'from starlette_csrf import CSRFMiddleware',
        '',
        'app.add_middleware(CSRFMiddleware, secret=settings.CSRF_SECRET)',
        '```',
        '',
        'or fastapi-csrf-protect (`await csrf_protect.validate_csrf(request)` in the handler), or require a custom header ' +
          'such as `X-Requested-With` that cross-site forms cannot set, or issue the cookie with `samesite="strict"`. ' +
          'For machine clients, prefer `APIKeyHeader`.',
      ].join('\n'),
      references: [
        'https://cwe.mitre.org/data/definitions/352.html',
        'https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html',
        'https://fastapi.tiangolo.com/reference/security/#fastapi.security.APIKeyCookie',
        'https://github.com/frankie567/starlette-csrf',
      ],
    },
  },
  messages: {
    cookie:
      '`{route}` is authenticated by the `{cookie}` cookie, read by {scheme}, and has no CSRF defence: a page on another site can make the browser send this request with the cookie attached{cookieNote}. Require a CSRF token (fastapi-csrf-protect, starlette-csrf `CSRFMiddleware`) or a header cross-site forms cannot set (`X-CSRF-Token`, `X-Requested-With`), or issue the cookie with `samesite="strict"`.',
  },
  check(ctx) {
    const project = ctx.project;
    const schemes = new Map<RouteInfo, Array<{ s: SchemeInfo; decision?: Decision }>>();
    for (const { use: u, scheme: s } of schemeUses(project, (x) => x.cls === 'APIKeyCookie')) {
      // the cookie authenticates when the scheme rejects requests without it, or when its value decides (a
      // cookie read for logging or analytics does not make the route cookie-authenticated)
      const decision = u.receiver && u.param ? decides(project, u.receiver, u.param) : undefined;
      if (!s.autoError && !decision) continue;
      const list = schemes.get(u.route) ?? [];
      if (!list.some((x) => x.s.inst === s.inst)) list.push(decision ? { s, decision } : { s });
      schemes.set(u.route, list);
    }
    const params = cookieParams(project);
    if (!schemes.size && !params.size) return;
    const sites = cookieSites(project);
    const mwMemo = new Map<InstRec, boolean>();
    const fnMemo = new Map<FuncRec, boolean>();
    const fnDefends = (fn: FuncRec): boolean => {
      let v = fnMemo.get(fn);
      if (v === undefined) fnMemo.set(fn, (v = bodyDefends(project, fn)));
      return v;
    };

    for (const route of params.size ? project.routes : [...schemes.keys()]) {
      if (route.kind !== 'http' || !route.methods.some((m) => MUTATING.has(m))) continue;
      const list = schemes.get(route) ?? [];
      // `Cookie()` parameters of the route's handler and dependencies whose value decides
      const cookies: Array<{ fn: FuncRec; param: string; wire: string; decision: Decision }> = [];
      const fns = treeFunctions(project, route);
      for (const fn of fns) for (const c of params.get(fn) ?? []) cookies.push(c);
      if (!list.length && !cookies.length) continue;
      // middleware on the app (and on any app the route passed through)
      const apps = new Set<InstRec>([route.app]);
      for (const h of route.hops) if (h.inst?.router && h.inst.router.kind !== 'router') apps.add(h.inst);
      if ([...apps].some((a) => middlewareDefends(project, a, mwMemo))) continue;
      // the route's own tree: CSRF dependencies, handler and dependency bodies, a required header credential
      let defended = [...fns].some(fnDefends) || requiresHeaderCredential(project, route, fns);
      const stack: DepNode[] = route.deps.map((d) => d.node);
      const seen = new Set<DepNode>();
      while (!defended && stack.length) {
        const n = stack.pop()!;
        if (seen.has(n)) continue;
        seen.add(n);
        if (CSRF_NAME.test(n.name)) defended = true;
        stack.push(...n.children);
      }
      if (defended) continue;
      const report = (name: string, scheme: string, at: SrcLoc, decision: Decision | undefined): void => {
        const set = sites.get(name) ?? [];
        if (set.length && set.every((x) => x.samesite === 'strict')) return;
        const lax = set.find((x) => x.samesite === 'lax');
        const none = set.find((x) => x.samesite === 'none');
        const cookieNote = none
          ? ` (it is issued with \`samesite="none"\` at ${where(none.loc)}: browsers send it on every cross-site request)`
          : lax
            ? ` (it is issued with SameSite=Lax at ${where(lax.loc)}, which does not stop requests from sibling subdomains)`
            : '';
        const related = [{ at, message: 'the credential is read from a cookie here' }];
        if (decision) related.push({ at: decision.at, message: `the cookie decides here: ${decision.how}` });
        if (none ?? lax) related.push({ at: (none ?? lax)!.loc, message: 'the cookie is issued here' });
        ctx.report({
          messageId: 'cookie',
          data: { route: routeLabel(route), cookie: name, scheme, cookieNote },
          at: route.rec.loc,
          key: `${route.methods.join(',')} ${route.path} ${route.handlerName} ${name}`,
          related,
          suppressLines: route.defLine ? [route.defLine] : [],
        });
      };
      for (const { s, decision } of list) report(asStr(s.inst.args.kw.get('name')) ?? '?', schemeText(s), s.inst.loc, decision);
      for (const c of cookies) if (!list.length) report(c.wire, `the \`${c.param}\` parameter of \`${c.fn.name}\` (${where(c.fn.loc)})`, c.fn.loc, c.decision);
    }
  },
};

export default rule;
