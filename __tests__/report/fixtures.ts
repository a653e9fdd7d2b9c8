/** Realistic report-stage inputs shared by the report tests. */
import type { Finding, Inventory, Notice, RuleMeta } from '../../src/types.js';

export const RULES: RuleMeta[] = [
  {
    id: 'FA101',
    name: 'missing-auth',
    defaultSeverity: 'high',
    cwe: [306, 862],
    precision: 'high',
    docs: {
      summary: 'HTTP route with no authentication dependency.',
      what: 'Finds HTTP routes whose effective dependency tree contains no authenticating dependency and that are not allow-listed as public.',
      why: 'Anyone who can reach the service can call the endpoint: read or change data without credentials.',
      example: 'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.delete("/items/{item_id}")\ndef delete_item(item_id: int) -> None:\n    ...\n',
      fix: 'Add an authenticating dependency to the route, its router or the app:\n\n```python\nrouter = APIRouter(dependencies=[Depends(get_current_user)])\n```\n\nor mark the route public with `# fastapi-audit: public`.',
      references: ['https://fastapi.tiangolo.com/tutorial/security/', 'https://cwe.mitre.org/data/definitions/306.html'],
    },
  },
  {
    id: 'FA104',
    name: 'apikey-in-query',
    defaultSeverity: 'medium',
    cwe: [598],
    precision: 'very-high',
    docs: {
      summary: 'API key read from the query string.',
      what: 'Finds `APIKeyQuery` security schemes.',
      why: 'Query strings end up in access logs, browser history and `Referer` headers.',
      example: 'api_key = APIKeyQuery(name="api_key")',
      fix: 'Use `APIKeyHeader` instead.',
      references: ['https://cwe.mitre.org/data/definitions/598.html'],
    },
  },
  {
    id: 'FA201',
    name: 'cors-wildcard-credentials',
    defaultSeverity: 'critical',
    cwe: [942],
    precision: 'very-high',
    docs: {
      summary: 'CORS allows any origin together with credentials.',
      what: 'Finds `CORSMiddleware` with `allow_origins=["*"]` and `allow_credentials=True`.',
      why: 'Starlette then reflects any Origin on requests that carry cookies: any site can make credentialed requests.',
      example: 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)',
      fix: 'List the trusted origins explicitly.',
      references: ['https://www.starlette.io/middleware/#corsmiddleware'],
    },
  },
  {
    id: 'FA302',
    name: 'missing-https-redirect',
    defaultSeverity: 'low',
    cwe: [319],
    precision: 'medium',
    docs: {
      summary: 'Application without HTTPSRedirectMiddleware.',
      what: 'Finds applications that never add `HTTPSRedirectMiddleware`.',
      why: 'Plain-HTTP requests are served as they are.',
      example: 'app = FastAPI()',
      fix: 'Add `HTTPSRedirectMiddleware`, or set `tls-terminated-by-proxy: true`.',
      references: [],
    },
  },
];

export function finding(overrides: Partial<Finding> & Pick<Finding, 'ruleId'>): Finding {
  return {
    severity: 'high',
    message: 'DELETE /items/{item_id} has no authentication dependency.',
    location: { file: 'app/api/items.py', line: 12, column: 1, endLine: 12, endColumn: 30 },
    fingerprint: `${overrides.ruleId}:DELETE /items/{item_id}`,
    ...overrides,
  };
}

export const FINDINGS: Finding[] = [
  finding({
    ruleId: 'FA101',
    severity: 'high',
    related: [
      { file: 'app/main.py', line: 20, column: 1, endLine: 20, endColumn: 48, message: 'included here with prefix "/api" and no dependencies' },
      { file: 'app/api/items.py', line: 5, column: 1, endLine: 5, endColumn: 30, message: 'router [items] defined here' },
    ],
  }),
  finding({
    ruleId: 'FA101',
    severity: 'medium',
    message: 'GET /items has no authentication dependency.',
    location: { file: 'app/api/items.py', line: 30, column: 1, endLine: 30, endColumn: 22 },
    fingerprint: 'FA101:GET /items',
  }),
  finding({
    ruleId: 'FA201',
    severity: 'critical',
    message: 'CORS allows any origin ("*") with credentials: any site can make credentialed requests.',
    location: { file: 'app/main.py', line: 9, column: 1, endLine: 14, endColumn: 2 },
    fingerprint: 'FA201:app',
  }),
  finding({
    ruleId: 'FA104',
    severity: 'medium',
    message: 'API key `api_key` is read from the query string | logged everywhere.',
    location: { file: 'app/my deps/#1 100%/sécurité.py', line: 3, column: 11, endLine: 3, endColumn: 40 },
    fingerprint: 'FA104:api_key',
  }),
  finding({
    ruleId: 'FA302',
    severity: 'low',
    message: 'Application `app` has no HTTPSRedirectMiddleware.',
    location: { file: 'app/main.py', line: 7, column: 7 },
    fingerprint: 'FA302:app',
    suppression: { kind: 'inSource', justification: 'TLS terminates at the load balancer' },
  }),
  finding({
    ruleId: 'FA101',
    severity: 'medium',
    message: 'GET /users/me has no authentication dependency.',
    location: { file: 'app/api/users.py', line: 8, column: 1, endLine: 8, endColumn: 20 },
    fingerprint: 'FA101:GET /users/me',
    baseline: 'unchanged',
  }),
];

export const NOTICES: Notice[] = [
  { level: 'warning', message: 'File does not parse: invalid syntax; partial results.', file: 'app/broken.py', line: 4 },
  { level: 'notice', message: 'Skipped a file larger than 1 MiB.', file: 'app/generated.py' },
];

export const INVENTORY: Inventory = {
  version: 1,
  routes: [
    {
      kind: 'http',
      methods: ['GET'],
      path: '/api/items',
      file: 'app/api/items.py',
      line: 30,
      handler: 'list_items',
      apps: ['app.main.app'],
      served: true,
      auth: 'none',
      public: false,
      dependencies: [],
      evidence: [],
    },
    {
      kind: 'websocket',
      methods: [],
      path: '/ws',
      file: 'app/main.py',
      line: 40,
      handler: 'ws_endpoint',
      apps: ['app.main.app'],
      served: true,
      auth: 'unknown',
      public: false,
      dependencies: [],
      evidence: [],
    },
    {
      kind: 'http',
      methods: ['POST', 'PUT'],
      path: '/api/items/{item_id}',
      file: 'app/api/items.py',
      line: 12,
      handler: 'update_item',
      apps: ['app.main.app'],
      served: true,
      auth: 'required',
      public: false,
      dependencies: ['app.api.deps.oauth2_scheme', 'app.api.deps.get_current_user'],
      evidence: [
        { via: 'router', file: 'app/api/items.py', line: 5, name: 'get_current_user' },
        { via: 'param', file: 'app/api/deps.py', line: 49, name: 'CurrentUser', credential: 'header Authorization (OAuth2PasswordBearer)', rejects: '401 at app/api/deps.py:57' },
      ],
    },
    {
      kind: 'http',
      methods: ['GET'],
      path: '/health',
      file: 'app/main.py',
      line: 50,
      handler: 'health',
      apps: ['app.main.app'],
      served: true,
      auth: 'none',
      public: true,
      dependencies: [],
      evidence: [],
    },
  ],
  unincluded: [],
};
