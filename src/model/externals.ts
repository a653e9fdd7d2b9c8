/**
 * What we know about library symbols we do not scan: FastAPI, Starlette, uvicorn, typing,
 * functools, os. Symbols are spelled many ways (`fastapi.security.OAuth2PasswordBearer`,
 * `fastapi.security.oauth2.OAuth2PasswordBearer`, `starlette.middleware.cors.CORSMiddleware`,
 * `fastapi.middleware.cors.CORSMiddleware`); `canonical()` maps them to one name.
 */

/** FastAPI/Starlette public names we model, canonicalised as `fastapi.<Name>` whatever module they come from. */
// prettier-ignore
const WEB_NAMES = new Set([
  'FastAPI', 'APIRouter', 'Depends', 'Security', 'HTTPException', 'WebSocketException', 'Request', 'WebSocket',
  'Response', 'BackgroundTasks', 'Starlette', 'Router', 'Route', 'WebSocketRoute', 'Mount', 'Host', 'APIRoute',
  'APIWebSocketRoute', 'Middleware', 'CORSMiddleware', 'TrustedHostMiddleware', 'HTTPSRedirectMiddleware',
  'SessionMiddleware', 'GZipMiddleware', 'BaseHTTPMiddleware', 'AuthenticationMiddleware', 'StaticFiles',
  'OAuth2PasswordBearer', 'OAuth2AuthorizationCodeBearer', 'OAuth2', 'OAuth2PasswordRequestForm',
  'OAuth2PasswordRequestFormStrict', 'SecurityScopes', 'APIKeyHeader', 'APIKeyQuery', 'APIKeyCookie', 'HTTPBasic',
  'HTTPBearer', 'HTTPDigest', 'HTTPBasicCredentials', 'HTTPAuthorizationCredentials', 'OpenIdConnect',
  'ProxyHeadersMiddleware', 'status', 'Query', 'Path', 'Body', 'Header', 'Cookie', 'Form', 'File',
]);
const WEB_ROOTS = new Set(['fastapi', 'starlette', 'uvicorn']);

/**
 * Libraries the model and the rules know, assumed installed wherever the scanned code runs: a
 * folder of the scan with one of these names and no `__init__.py` (a FastAPI service kept in
 * `services/fastapi/`) is a namespace package, and Python imports the installed package instead.
 */
// prettier-ignore
export const ASSUMED_INSTALLED: ReadonlySet<string> = new Set([
  ...WEB_ROOTS, 'pydantic', 'pydantic_settings', 'typing_extensions', 'jwt', 'jose', 'authlib', 'itsdangerous', 'passlib', 'gunicorn',
]);

const ALIASES: Record<string, string> = {
  'typing_extensions.Annotated': 'typing.Annotated',
  'typing_extensions.TypeAlias': 'typing.TypeAlias',
  'pydantic_settings.BaseSettings': 'pydantic.BaseSettings',
  'pydantic.v1.BaseSettings': 'pydantic.BaseSettings',
  'pydantic.v1.BaseModel': 'pydantic.BaseModel',
  'os.environ.get': 'os.getenv',
  'os.environ.setdefault': 'os.getenv',
};

export function canonical(path: string): string {
  const alias = ALIASES[path];
  if (alias) return alias;
  const dot = path.indexOf('.');
  if (dot > 0) {
    const root = path.slice(0, dot);
    if (WEB_ROOTS.has(root)) {
      const last = path.slice(path.lastIndexOf('.') + 1);
      if (WEB_NAMES.has(last)) return `fastapi.${last}`;
      // fastapi.params.Depends / fastapi.param_functions.Depends are covered by the last segment above.
    }
  }
  return path;
}

/** Security scheme classes (subclasses of fastapi.security.base.SecurityBase) and their real modules. */
const SECURITY_SCHEMES: Record<string, string> = {
  OAuth2PasswordBearer: 'fastapi.security.oauth2',
  OAuth2AuthorizationCodeBearer: 'fastapi.security.oauth2',
  OAuth2: 'fastapi.security.oauth2',
  APIKeyHeader: 'fastapi.security.api_key',
  APIKeyQuery: 'fastapi.security.api_key',
  APIKeyCookie: 'fastapi.security.api_key',
  HTTPBasic: 'fastapi.security.http',
  HTTPBearer: 'fastapi.security.http',
  HTTPDigest: 'fastapi.security.http',
  OpenIdConnect: 'fastapi.security.open_id_connect_url',
};

/** Where FastAPI really defines the classes that appear as dependencies (FastAPI's own naming). */
const REAL_MODULES: Record<string, string> = {
  ...SECURITY_SCHEMES,
  OAuth2PasswordRequestForm: 'fastapi.security.oauth2',
  OAuth2PasswordRequestFormStrict: 'fastapi.security.oauth2',
  SecurityScopes: 'fastapi.security.oauth2',
  HTTPBasicCredentials: 'fastapi.security.http',
  HTTPAuthorizationCredentials: 'fastapi.security.http',
  Request: 'starlette.requests',
  WebSocket: 'starlette.websockets',
  BackgroundTasks: 'starlette.background',
  Response: 'starlette.responses',
};

/** `fastapi.OAuth2PasswordRequestForm` → `fastapi.security.oauth2.OAuth2PasswordRequestForm`. */
export function realName(canonicalPath: string): string {
  if (canonicalPath.startsWith('fastapi.')) {
    const last = canonicalPath.slice(8);
    const mod = REAL_MODULES[last];
    if (mod) return `${mod}.${last}`;
  }
  return canonicalPath;
}

export function schemeClass(canonicalPath: string): string | undefined {
  if (!canonicalPath.startsWith('fastapi.')) return undefined;
  const last = canonicalPath.slice(8);
  return SECURITY_SCHEMES[last] ? last : undefined;
}

/** HTTP method decorators on FastAPI/APIRouter objects. */
export const METHOD_DECORATORS: Record<string, string> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  head: 'HEAD',
  options: 'OPTIONS',
  trace: 'TRACE',
};

/** `status.HTTP_401_UNAUTHORIZED` → 401, `status.WS_1008_POLICY_VIOLATION` → 1008. */
export function statusConstant(name: string): number | undefined {
  const m = /^(?:HTTP|WS)_(\d{3,4})_/.exec(name);
  return m ? Number(m[1]) : undefined;
}
