import type { Rule } from './types.js';
import { expectedAt } from '../analysis/helpers.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const rule: Rule<'none' | 'unknown' | 'unincluded'> = {
  meta: {
    id: 'FA101',
    name: 'missing-auth',
    defaultSeverity: 'high',
    cwe: [306],
    precision: 'high',
    docs: {
      summary: 'HTTP route that anyone can call: no authentication dependency reaches it',
      notReported: [
        'Routes that are public by design: `/`, health probes, `/.well-known/...`, login/token/register endpoints, routes',
        'listed under `public` in the configuration or marked `# fastapi-audit: public`. Routes of routers no app includes',
        'serve nothing and are notes only (the inventory lists them as `unincluded`), and a route whose auth cannot be',
        'decided is a note, so neither fails a build. WebSocket routes are FA102\'s. Names never decide: a dependency called',
        '`get_current_user` that rejects nothing does not protect a route, and one with any name that rejects does.',
      ].join('\n'),
      what:
        'Reports an HTTP endpoint whose effective dependency tree holds no authentication: nothing in the handler parameters ' +
        '(`Depends`/`Security`, as defaults or inside `Annotated[...]`, aliases included), the decorator\'s `dependencies=[...]`, ' +
        'its `APIRouter(dependencies=)`, the `include_router(..., dependencies=)` calls that bring it into the app, or ' +
        '`FastAPI(dependencies=)` reaches a FastAPI security scheme with `auto_error` on, a `Security(...)`, a dependency that ' +
        'raises `HTTPException` 401/403 itself, or a dependency or middleware the configuration names as authenticating; ' +
        'nor is the handler decorated with Starlette\'s `@requires(scopes)` below the route decorator. ' +
        'The tree is resolved across files the way FastAPI builds it at run time. Routes that are evidently public (`/`, ' +
        'health probes, `/.well-known/...`, login/token/register endpoints) and routes listed under `public` in the ' +
        'configuration are not reported. Writes (POST, PUT, PATCH, DELETE) are reported as high, reads as medium. When the ' +
        'auth of a route cannot be decided (a dependency imported from a package outside the scan, dynamic code), the route ' +
        'is listed with `auth: unknown` in the inventory and reported as a **note** only, so it never fails a build.',
      why:
        'An endpoint without authentication can be called by anyone who can reach the service. Missing auth on one route is ' +
        'the most common way FastAPI services leak data: the dependency that protects the other routes was added per route, ' +
        'and the new one was forgotten, or a router was included without the dependency its siblings get.',
      example: [
        'router = APIRouter(prefix="/items")',
        '',
        '@router.delete("/{item_id}")',
        'def delete_item(item_id: int, db: Session = Depends(get_db)):',
        '    ...',
      ].join('\n'),
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
    none: '`{route}` (handler `{handler}`) can be called without authentication: no auth dependency on this route, {expected}. Add one (e.g. `Depends(get_current_user)`) at one of these levels, or mark the route public with `# fastapi-audit: public`.',
    unknown: '`{route}` (handler `{handler}`): authentication could not be determined because {why}. Check it by hand, or name the dependency under `auth.dependencies` in the config.',
    unincluded:
      '`{route}` (handler `{handler}`) would be callable without authentication if its router `{router}` is included somewhere the scan does not see: no app includes it once every entry point ran. If a server does include it, name that entry point under `entrypoints` in the config.',
  },
  check(ctx) {
    for (const r of ctx.project.unincluded) {
      if (r.kind !== 'http' || r.public || r.auth !== 'none') continue;
      const handler = r.handlerName.slice(r.handlerName.lastIndexOf('.') + 1);
      const data = { route: `${r.methods.join(',')} ${r.path}`, handler, router: ctx.project.appName(r.app) };
      ctx.report({ at: r.rec.loc, key: `${r.methods.join(',')} ${r.path} ${r.handlerName}`, suppressLines: r.defLine ? [r.defLine] : [], messageId: 'unincluded', data, severity: 'note' });
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
      };
      if (r.auth === 'none') {
        ctx.report({
          ...common,
          messageId: 'none',
          data: { route: `${r.methods.join(',')} ${r.path}`, handler, expected: exp.text },
          severity: r.methods.some((m) => MUTATING.has(m)) ? 'high' : 'medium',
          related: exp.related,
        });
      } else {
        ctx.report({ ...common, messageId: 'unknown', data: { route: `${r.methods.join(',')} ${r.path}`, handler, why: r.unknownBecause ?? 'part of it could not be resolved' }, severity: 'note' });
      }
    }
  },
};

export default rule;
