import type { Rule } from './types.js';
import { expectedAt } from '../analysis/helpers.js';
import { routeNoteOf } from '../analysis/apps.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const rule: Rule<'none' | 'unverified' | 'unknown' | 'unincluded'> = {
  meta: {
    id: 'FA101',
    name: 'missing-auth',
    defaultSeverity: 'high',
    cwe: [306],
    precision: 'high',
    docs: {
      summary: 'HTTP route that anyone can call: no authentication dependency reaches it',
      notReported: [
        'Routes that are public by design: `/` and the root of an API (`GET /api`, `/v2`), health probes and the Open Inference',
        "Protocol's model readiness, about pages and server info, a browser app's settings (`/ui-settings`, `/config/runtime`),",
        "`/.well-known/...`, login/token/register endpoints, handlers that serve the API's own docs (`get_openapi(...)`,",
        '`get_swagger_ui_html(...)`) whatever their path; routes listed under `public` in the configuration or marked',
        '`# fastapi-audit: public`. The inventory says why each one is public. Routes of routers no app includes',
        'serve nothing and are notes only (the inventory lists them as `unincluded`), and a route whose auth cannot be',
        'decided is a note, so neither fails a build. Routes of example apps (made under `examples/`, `demo/`, `docs/`…',
        'and started by no deployment file), of mock servers only tests make, of apps served only on the loopback interface (every',
        "server start binds `127.0.0.1`/`localhost` as a literal, or uvicorn's default on an ephemeral port, and nothing else serves",
        'them), routes registered only while a setting that is off by default is on (`if settings.ENVIRONMENT == "development": app.include_router(dev.router)`),',
        'and routes whose handler first refuses every request under such a setting (`if not settings.enable_management: raise HTTPException(403)`) are notes. Routes whose authentication a',
        'setting turns off by default (a check skipped while `not config.multiuser`, a key checked only `if self.api_key`)',
        "are `conditional` and FA107's. WebSocket routes are FA102's. Names never decide: a dependency called",
        '`get_current_user` that rejects nothing does not protect a route, and one with any name that rejects does.',
      ].join('\n'),
      what:
        'Reports an HTTP endpoint that nothing authenticates. Authentication is a credential checked, with a rejection that ' +
        "depends on it: somewhere in the route's effective dependency tree (handler parameters, `Depends`/`Security` as " +
        "defaults or inside `Annotated[...]`, aliases included, the decorator's `dependencies=[...]`, its " +
        '`APIRouter(dependencies=)`, the `include_router(..., dependencies=)` calls that bring it into the app, ' +
        '`FastAPI(dependencies=)`), or in the code the handler runs itself, a **credential** must reach the condition of a ' +
        '**rejection**.\n\n' +
        '- Credentials: the value of a FastAPI security scheme (`OAuth2PasswordBearer`, `HTTPBearer`, `APIKeyHeader`, …), a ' +
        '`Header`/`Cookie`/`Query` parameter or a `request.headers`/`request.cookies` entry named like one (`Authorization`, ' +
        '`X-API-Key`, `token`, `session`…), `request.session`, `request.user`/`request.auth`, `request.state.user`, a webhook ' +
        'signature header, or the value of a dependency that carries one.\n' +
        '- Rejections: `raise` of `HTTPException`/`WebSocketException` or of an exception class carrying 401/403 (literals, ' +
        '`status.HTTP_401_UNAUTHORIZED`, `HTTPStatus.FORBIDDEN(.value)`, module-level instances, subclasses, class and ' +
        '`self.` attributes), a 3xx redirect to a login page, a returned 401/403 response or login redirect in a handler, ' +
        '`websocket.close(code=1008)`, a signature check that raises (`stripe.Webhook.construct_event`, svix/standardwebhooks ' +
        "`verify`, Slack's `SignatureVerifier`, slack_bolt handlers of an app with a `signing_secret`).\n" +
        '- "Reaches the condition": the test guarding the rejection compares the credential with something, looks it up, ' +
        'passes it to a verification (`jwt.decode`, `hmac.compare_digest`, a project helper that verifies it), or tests a ' +
        'value obtained that way (`user = get_user(token); if not user: raise ...`); or the rejection is in the `except` of ' +
        'a `try` around such a verification. The credential is followed through variables, project helpers, `self.` ' +
        'methods and class attributes.\n\n' +
        'So a 403 that depends on no credential (read-only mode, a feature flag, a tenant header, "document is locked") does ' +
        'not authenticate, nor does a mere presence test (`if not token: raise 401`) on a raw token. A scheme with ' +
        '`auto_error` on only extracts: the route counts as authenticated when its value is verified (by the dependency ' +
        'that receives it, or handed to code that may raise on a bad one, such as `jwt.decode` or an auth service client); ' +
        'returned as is, it authenticates nothing and FA108 reports the dependency, while this rule reports each route and ' +
        "points to it. `Security(...)`, Starlette's `@requires(scopes)` under the route decorator, and dependencies or " +
        'middleware named in the configuration also count.\n\n' +
        'An authentication middleware of the route\'s app also covers it: a `BaseHTTPMiddleware`, `@app.middleware("http")` ' +
        'function, pure ASGI middleware or `AuthenticationMiddleware` backend that reads a credential and rejects without a ' +
        'valid one (the paths its own exception list lets through are public on purpose). `Depends(Provide[Container.x])` ' +
        '(dependency-injector) is resolved through the container when it is in the scan.\n\n' +
        'The tree is resolved across files the way FastAPI builds it at run time. Routes that are public by design are not ' +
        'reported: account flows (login, sign-in, sign-up, register, refresh, logout, forgot/reset password, verify email, ' +
        'magic links, a login captcha, a first-run set-up under the auth area), OAuth2/OIDC/SAML/SSO endpoints (authorize, callback, token, revoke, introspect, jwks, ACS, metadata), ' +
        'everything under `/.well-known/` at any mount, health/readiness/liveness/ping/version probes, `/` and the root of an ' +
        "API, about/server-info pages and a browser app's settings under API prefixes only (`GET /api/app/about` is public, " +
        '`GET /admin/info` and `/users/{id}/info` are not), the availability checks of a sign-up form (`/validators/...`), ' +
        "handlers whose every return serves the API's docs, static files and single-page-app catch-alls; and, by what the " +
        'handler does: one that only returns flags or a bare status (it does nothing), a read that returns an image or media ' +
        'file (a `FileResponse`, which `<img src>` loads without a token), a share link whose `{token_id}` the handler looks up, ' +
        'and a read behind a dependency that refuses records their owners keep private (an explore page). The path test is segment-exact (a path segment is the word: `/sign_up` and `/auth/signin` ' +
        'are public, `/users/{id}/token` and `/users/signin_history` are not) and method-aware (writes are public only on ' +
        'account and OAuth flows; `DELETE /` and `PUT /servers/{id}/health` are reported); the README lists every word. ' +
        'Routes listed under `public` in the configuration are not reported either. Routes whose authentication a setting ' +
        'turns off by default are `conditional` and reported by FA107 instead. Writes (POST, PUT, PATCH, DELETE) are reported as high, reads as medium. When the ' +
        'auth of a route cannot be decided (a dependency imported from a package outside the scan, dynamic code), the route ' +
        'is listed with `auth: unknown` in the inventory and reported as a **note** only, so it never fails a build.',
      why:
        'An endpoint without authentication can be called by anyone who can reach the service. Missing auth on one route is ' +
        'the most common way FastAPI services leak data: the dependency that protects the other routes was added per route, ' +
        'and the new one was forgotten, or a router was included without the dependency its siblings get.',
      example: ['router = APIRouter(prefix="/items")', '', '@router.delete("/{item_id}")', 'def delete_item(item_id: int, db: Session = Depends(get_db)):', '    ...'].join('\n'),
      fix: [
        'Add the authentication dependency at the level that fits: the route, its router, the include or the app.',
        '',
        '```python',
        'router = APIRouter(prefix="/items", dependencies=[Depends(get_current_user)])',
        '```',
        '',
        'If the route is public on purpose, say so: `# fastapi-audit: public` on the decorator line, or a `public` entry in',
        '`.fastapi-audit.yml`.',
      ].join('\n'),
      references: [
        'https://fastapi.tiangolo.com/tutorial/security/',
        'https://fastapi.tiangolo.com/tutorial/bigger-applications/#include-an-apirouter-with-a-custom-prefix-tags-responses-and-dependencies',
        'https://cwe.mitre.org/data/definitions/306.html',
      ],
    },
  },
  messages: {
    none: '`{route}` (handler `{handler}`) can be called without authentication: nothing on this route checks a credential (no dependency at {expected} rejects a request on the strength of one). Add one (e.g. `Depends(get_current_user)`) at one of these levels, or mark the route public with `# fastapi-audit: public`.',
    unverified:
      '`{route}` (handler `{handler}`) can be called without authentication: `{dep}` ({at}) accepts {credential} but never verifies it (FA108), so any value passes. Verify the credential there and raise 401 when it fails, or mark the route public with `# fastapi-audit: public`.',
    unknown:
      '`{route}` (handler `{handler}`): authentication could not be determined because {why}. Check it by hand, and name the dependency in the config: under `auth.dependencies` if it authenticates, under `auth.not-auth` if it does not.',
    unincluded:
      '`{route}` (handler `{handler}`) would be callable without authentication if its router `{router}` is included somewhere the scan does not see: no app includes it once every entry point ran. If a server does include it, name that entry point under `entrypoints` in the config.',
  },
  check(ctx) {
    for (const r of ctx.project.unincluded) {
      if (r.kind !== 'http' || r.public || r.auth !== 'none') continue;
      const handler = r.handlerName.slice(r.handlerName.lastIndexOf('.') + 1);
      const data = { route: `${r.methods.join(',')} ${r.path}`, handler, router: ctx.project.appName(r.app) };
      ctx.report({
        at: r.rec.loc,
        key: `${r.methods.join(',')} ${r.path} ${r.handlerName}`,
        suppressLines: r.defLine ? [r.defLine] : [],
        messageId: 'unincluded',
        data,
        severity: 'note',
      });
    }
    for (const r of ctx.project.routes) {
      if (r.kind !== 'http' || r.public) continue;
      if (r.auth !== 'none' && r.auth !== 'unknown') continue;
      const exp = expectedAt(ctx.project, r);
      const handler = r.handlerName.slice(r.handlerName.lastIndexOf('.') + 1);
      const common = {
        at: r.rec.loc,
        key: `${r.methods.join(',')} ${r.path} ${r.handlerName}`,
        suppressLines: r.defLine ? [r.defLine] : [],
        ...routeNoteOf(ctx.project, r),
      };
      const u = r.auth === 'none' ? r.unverified[0] : undefined;
      if (u) {
        ctx.report({
          ...common,
          messageId: 'unverified',
          data: {
            route: `${r.methods.join(',')} ${r.path}`,
            handler,
            dep: u.name.slice(u.name.lastIndexOf('.') + 1),
            at: `${u.at.file}:${u.at.line}`,
            credential: `the ${u.credential.desc}`,
          },
          severity: r.methods.some((m) => MUTATING.has(m)) ? 'high' : 'medium',
          related: [{ at: u.at, message: 'accepts the credential and never verifies it (FA108)' }],
        });
      } else if (r.auth === 'none') {
        ctx.report({
          ...common,
          messageId: 'none',
          data: { route: `${r.methods.join(',')} ${r.path}`, handler, expected: exp.text },
          severity: r.methods.some((m) => MUTATING.has(m)) ? 'high' : 'medium',
          related: exp.related,
        });
      } else {
        ctx.report({
          ...common,
          messageId: 'unknown',
          data: { route: `${r.methods.join(',')} ${r.path}`, handler, why: r.unknownBecause ?? 'part of it could not be resolved' },
          severity: 'note',
        });
      }
    }
  },
};

export default rule;
