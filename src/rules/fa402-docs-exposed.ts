import type { RouteInfo } from '../model/project.js';
import { alternatives, asStr, type InstRec, type Value } from '../model/values.js';
import { appReach, instLabel, isTestPath } from '../analysis/helpers.js';
import { sourceNote } from '../analysis/values.js';
import type { Rule } from './types.js';

interface Url {
  /** The URL when it is on (a non-empty string in every alternative). */
  url?: string;
  /** Some alternative turns it off (None or ""): switched by a condition. */
  off: boolean;
  /** Could not be resolved. */
  unknown: boolean;
  note: string;
}

function urlOf(args: { kw: Map<string, Value> }, name: string, dflt: string): Url {
  const v = args.kw.get(name);
  if (v === undefined) return { url: dflt, off: false, unknown: false, note: '' };
  let url: string | undefined;
  let off = false;
  let unknown = false;
  let note = '';
  for (const a of alternatives(v)) {
    const s = a.k === 'none' ? '' : asStr(a);
    if (s === undefined) unknown = true;
    else if (s === '') off = true;
    else {
      url ??= s;
      note ||= sourceNote(a);
    }
  }
  return { ...(url !== undefined && !off && !unknown ? { url } : {}), off, unknown, note };
}

/** The application a route belongs to: the innermost app it was registered on (a mounted sub-app has its own docs). */
function ownerApp(r: RouteInfo): InstRec {
  for (let i = r.hops.length - 1; i >= 0; i--) {
    const h = r.hops[i]!;
    if (h.kind === 'app' && h.inst) return h.inst;
  }
  return r.app;
}

const rule: Rule<'exposed' | 'schemaOnly'> = {
  meta: {
    id: 'FA402',
    name: 'docs-exposed',
    defaultSeverity: 'note',
    cwe: [200],
    precision: 'high',
    docs: {
      summary: 'OpenAPI schema and docs pages served to anyone by an application whose routes require authentication',
      what: [
        "Reports, at the application's construction, a `FastAPI(...)` that serves its OpenAPI schema at the default",
        'location (`openapi_url` not set, or set to a path ending in `/openapi.json`, e.g. `f"{settings.API_V1_STR}/openapi.json"`)',
        'while at least one of its own routes requires authentication. The Swagger UI (`docs_url`, default `/docs`) and',
        'ReDoc (`redoc_url`, default `/redoc`) pages are named when they are on; turning only those off (`docs_url=None,',
        'redoc_url=None`) still serves the schema itself, and FastAPI registers all three routes without any dependency,',
        'so it is still reported.',
      ].join('\n'),
      notReported: [
        '`openapi_url=None` (FastAPI then serves no schema and no docs pages); an `openapi_url` that a',
        'condition switches off in some environment (`"/openapi.json" if settings.ENVIRONMENT == "local" else None`: the',
        'intended way to keep docs in development); a renamed schema path; applications without authenticated routes',
        "(a public API's docs are its documentation); mounted sub-applications are judged by their own routes. Values are",
        'resolved through settings and constants; unresolved ones are not reported. A note: the schema is not a',
        'vulnerability by itself.',
      ].join('\n'),
      why:
        'The schema lists every endpoint, parameter, model and security scheme of the API — including internal and admin ' +
        'routes nobody links to. For an API that is meant for authenticated clients it is a ready-made map for an attacker.',
      example: [
        'app = FastAPI(title="Inventory service")  # /docs, /redoc, /openapi.json are public',
        '',
        '@app.get("/items", dependencies=[Depends(get_current_user)])',
        'def items(): ...',
      ].join('\n'),
      fix: [
        'Serve the docs only where you need them:',
        '',
        '```python',
        'app = FastAPI(openapi_url="/openapi.json" if settings.ENVIRONMENT == "local" else None)',
        '```',
        '',
        'or serve the schema and pages from routes of your own behind the auth dependency (with `openapi_url=None`,',
        '`get_openapi(...)` and `get_swagger_ui_html(...)`). If the docs are public on purpose, disable the rule.',
      ].join('\n'),
      references: [
        'https://fastapi.tiangolo.com/how-to/conditional-openapi/',
        'https://fastapi.tiangolo.com/tutorial/metadata/#docs-urls',
        'https://cwe.mitre.org/data/definitions/200.html',
      ],
    },
  },
  messages: {
    exposed:
      '`{app}`{reach} serves its OpenAPI schema at `{schema}`{schemaNote} and the {pages} to anyone, while {auth} authentication: the schema maps every endpoint and parameter for an attacker. Set `openapi_url=None` outside development, or serve the docs behind the auth dependency.',
    schemaOnly:
      '`{app}`{reach} turned its docs pages off but still serves its OpenAPI schema at `{schema}`{schemaNote} to anyone, while {auth} authentication. `docs_url=None`/`redoc_url=None` do not remove the schema: set `openapi_url=None` too.',
  },
  check(ctx) {
    const project = ctx.project;
    const routesByApp = new Map<InstRec, RouteInfo[]>();
    for (const r of project.routes) {
      const a = ownerApp(r);
      const list = routesByApp.get(a) ?? [];
      list.push(r);
      routesByApp.set(a, list);
    }
    const seen = new Set<string>();
    for (const app of project.apps) {
      const r = app.router!;
      if (r.kind !== 'fastapi' || isTestPath(app.loc.file)) continue;
      const routes = routesByApp.get(app) ?? [];
      const required = routes.filter((x) => x.auth === 'required').length;
      if (required === 0) continue;
      const schema = urlOf(r.args, 'openapi_url', '/openapi.json');
      if (!schema.url || !/(^|\/)openapi\.json$/.test(schema.url)) continue;
      const key = `${app.loc.file}:${app.loc.line}:${app.loc.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const docs = urlOf(r.args, 'docs_url', '/docs');
      const redoc = urlOf(r.args, 'redoc_url', '/redoc');
      const shownPages = [docs, redoc].filter((u) => u.url).length;
      const label = project.nameOf(app) ?? instLabel(project, app);
      const total = routes.length;
      const auth =
        required === total
          ? total === 1
            ? 'its only route requires'
            : `all ${total} of its routes require`
          : `${required} of its ${total} routes ${required === 1 ? 'requires' : 'require'}`;
      ctx.report({
        messageId: shownPages ? 'exposed' : 'schemaOnly',
        ...(appReach(project, app).severity ? { severity: 'note' as const } : {}),
        data: {
          app: label,
          reach: appReach(project, app).reach,
          schema: schema.url,
          schemaNote: schema.note,
          pages: [docs, redoc]
            .map((u, i) => (u.url ? `${i === 0 ? 'Swagger UI' : 'ReDoc'} page at \`${u.url}\`${u.note}` : ''))
            .filter(Boolean)
            .join(' and '),
          auth,
        },
        at: app.loc,
        key: `docs-exposed ${label}`,
      });
    }
  },
};

export default rule;
