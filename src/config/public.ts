import picomatch from 'picomatch';
import type { PublicRoute } from './types.js';

/**
 * Routes that are evidently meant to be public, whatever the configuration says: FA101/FA102 do not
 * report them (the config's `public` key extends this list, or replaces it with `public-defaults:
 * replace`). The test is method-aware and segment-exact: a path segment must *be* one of the words
 * (`/sign_up`, `/auth/sign-in`), never contain it or end the path with it by chance
 * (`/users/{id}/token` is not the OAuth token endpoint, `PUT /servers/{id}/health` is no probe).
 * Writes are evidently public only on account and OAuth/SSO flows; probes, versions, well-known
 * URIs and static files only for reads.
 */
type PublicKind = 'account' | 'oauth' | 'probe' | 'docs' | 'well-known' | 'static' | 'root' | 'about' | 'ui-config' | 'inert' | 'media' | 'share-link' | 'published';

export interface BuiltInPublic {
  kind: PublicKind;
  /** The segment (or the rule) that made it public: `signup`, `.well-known`, `/{path:path}`. */
  word: string;
}

const READS = ['GET', 'HEAD', 'OPTIONS'];
const READ_WRITE = [...READS, 'POST'];

/**
 * A public word: the segment spellings (compared lower case, without `-` and `_`), the methods it
 * is public for, what may stand before it — `neutral`: only segments such as `api`, `v1`, `auth`,
 * `account` or other public words, no path parameter (the flow is not about some resource); `any`:
 * anything — and what may follow it: path parameters only, or (`any`) anything (`/health/db`).
 */
interface Entry {
  kind: PublicKind;
  words: string[];
  methods: string[];
  /** `auth-area`: neutral segments, the last of them the auth area of the API (`/api/v1/auth/setup`). */
  before: 'neutral' | 'prefix' | 'auth-area' | 'any';
  /** `one`: an identity provider's name may follow (`/login/google`). */
  after?: 'any' | 'one';
}

/** Where a caller logs in, and where an identity provider sends the login back (SAML's ACS). */
const LOGIN = ['login', 'signin', 'logon'];
const IDP_RETURN = ['authorize', 'callback'];

const ENTRIES: Entry[] = [
  // account flows
  { kind: 'account', words: LOGIN, methods: READ_WRITE, before: 'any', after: 'one' },
  { kind: 'account', words: ['logout', 'signout', 'logoff'], methods: [...READ_WRITE, 'DELETE'], before: 'any', after: 'one' },
  { kind: 'account', words: ['signup', 'register', 'registration'], methods: READ_WRITE, before: 'neutral' },
  { kind: 'account', words: ['refresh', 'refreshtoken', 'tokenrefresh'], methods: READ_WRITE, before: 'neutral' },
  {
    kind: 'account',
    words: ['forgotpassword', 'resetpassword', 'passwordreset', 'passwordrecovery', 'recoverpassword', 'forgot'],
    methods: [...READ_WRITE, 'PUT', 'PATCH'],
    before: 'neutral',
  },
  { kind: 'account', words: ['verifyemail', 'emailverification', 'confirmemail', 'verify', 'verification', 'confirm'], methods: READ_WRITE, before: 'neutral' },
  { kind: 'account', words: ['magiclink', 'magic', 'otp', 'passwordless'], methods: READ_WRITE, before: 'neutral' },
  // the first-run set-up of the first account, in the auth area (`POST /auth/setup`; a bare `/setup` may configure anything)
  { kind: 'account', words: ['setup'], methods: READ_WRITE, before: 'auth-area' },
  // the challenge a login or sign-up form shows before anyone has signed in
  { kind: 'account', words: ['captcha', 'recaptcha'], methods: READS, before: 'neutral' },
  // the availability checks a sign-up form makes as its user types (`GET /api/validators/user/email?email=`)
  { kind: 'account', words: ['validators', 'availability'], methods: READS, before: 'neutral', after: 'any' },
  // OAuth2 / OIDC / SAML / SSO
  { kind: 'oauth', words: IDP_RETURN, methods: READS, before: 'any', after: 'one' },
  { kind: 'oauth', words: [...IDP_RETURN, 'acs'], methods: READ_WRITE, before: 'neutral' },
  { kind: 'oauth', words: ['token', 'accesstoken', 'revoke', 'introspect', 'devicecode', 'deviceauthorization'], methods: ['POST'], before: 'neutral' },
  { kind: 'oauth', words: ['jwks', 'jwks.json', 'certs'], methods: READS, before: 'neutral' },
  // `GET /api/auth/oauth`, `/sso`: where the browser starts a sign-in with the identity provider
  { kind: 'oauth', words: ['oauth', 'oauth2', 'sso', 'oidc', 'saml'], methods: READS, before: 'neutral', after: 'one' },
  // API documentation pages and schemas served by hand (FastAPI's own are not routes)
  { kind: 'docs', words: ['docs', 'redoc', 'swagger', 'swaggerui', 'scalar', 'openapi.json', 'openapi.yaml', 'openapi.yml', 'oauth2redirect'], methods: READS, before: 'neutral' },
  // probes and version
  { kind: 'probe', words: ['health', 'healthz', 'healthcheck', 'livez', 'readyz', 'liveness', 'readiness', 'ping', 'heartbeat'], methods: READS, before: 'any', after: 'any' },
  // readiness of the service (not of a resource: `/documents/{id}/ready` is data), version and status pages, and the Prometheus scrape endpoint (`/metrics`, `/status/metrics`)
  { kind: 'probe', words: ['ready', 'live', 'alive', 'version', 'versionz', 'buildinfo', 'status', 'metrics'], methods: READS, before: 'neutral' },
  // what a client checks before it starts talking to the service (limits, features): `/api/v2/pre-flight-checks`
  { kind: 'probe', words: ['preflight', 'preflightchecks', 'preflightcheck'], methods: READS, before: 'neutral' },
  // what the service is: an about page (and what a login page reads below it: `/about/theme`), server info
  { kind: 'about', words: ['about'], methods: READS, before: 'prefix', after: 'any' },
  { kind: 'about', words: ['info', 'serverinfo', 'appinfo', 'systeminfo'], methods: READS, before: 'prefix' },
  // what a browser app reads before anyone signs in: its settings (`/ui-settings`, `/config/ui`, `/config/runtime`)
  { kind: 'ui-config', words: ['uisettings', 'uiconfig', 'clientconfig', 'frontendconfig', 'publicconfig', 'runtimeconfig'], methods: READS, before: 'prefix' },
];

/** Segments that say nothing about a resource: API prefixes, versions, the auth area of an API. */
// prettier-ignore
const NEUTRAL = new Set([
  'api', 'apis', 'rest', 'public', 'web', 'ui', 'auth', 'authentication', 'oauth', 'oauth2', 'oidc', 'openid', 'openidconnect',
  'saml', 'saml2', 'sso', 'account', 'accounts', 'user', 'users', 'identity', 'iam', 'session', 'sessions', 'me', 'email', 'password',
  'connect', 'internal', 'system', 'admin', 'jwt', 'idp', 'protocol', 'link', 'status', 'app', 'server', 'service',
]);
/** The auth area of an API: what a first-run set-up sits under. */
const AUTH_AREA = new Set(['auth', 'authentication', 'account', 'accounts', 'identity', 'iam']);
/** API prefixes: what may stand before an about page or a UI's settings (not `users`, `admin`, `me`, `account`). */
const PREFIX = new Set(['api', 'apis', 'rest', 'public', 'web', 'ui', 'app', 'server', 'service', 'system']);
/** `/config/<one of these>`: a browser app's settings. */
const UI_CONFIG = new Set(['ui', 'client', 'frontend', 'public', 'runtime', 'web', 'app']);
/** Segments an API's root is made of. */
const API_ROOT = new Set(['api', 'apis', 'rest']);
const isPrefix = (s: string): boolean => PREFIX.has(norm(s)) || isVersion(s);

/** Identity providers that may follow a login/logout/authorize/callback word (`/login/google`). */
// prettier-ignore
const PROVIDERS = new Set([
  'google', 'github', 'gitlab', 'bitbucket', 'microsoft', 'azure', 'azuread', 'entra', 'apple', 'facebook', 'meta', 'twitter', 'x',
  'linkedin', 'okta', 'auth0', 'keycloak', 'cognito', 'huggingface', 'hf', 'discord', 'slack', 'oidc', 'openid', 'saml', 'sso',
  'oauth', 'oauth2', 'ldap', 'gitee', 'wechat', 'feishu', 'lark', 'dingtalk', 'authentik', 'zitadel', 'casdoor', 'clerk',
  'supabase', 'firebase', 'workos', 'descope', 'stytch', 'provider', 'idp',
]);
/** Segments that make the rest of the path an OAuth/SSO flow: `/github-proxy/{org}/login/oauth/access_token`. */
const FLOW = new Set(['oauth', 'oauth2', 'oidc', 'openid', 'openidconnect', 'sso', 'saml', 'saml2', 'login']);
/** SAML metadata is public only under a `saml`/`sso` segment (`/metadata` alone is someone's data). */
const SAML = new Set(['saml', 'saml2', 'sso']);
/** Folders static files are served from. */
const STATIC_DIRS = new Set(['static', 'assets', 'public', 'dist', 'build', '_next', 'js', 'css', 'img', 'images', 'fonts', 'icons', 'favicon']);
/** ...and where a single-page app's catch-all (`/{path:path}`) may sit. */
const SPA_DIRS = new Set([...STATIC_DIRS, 'ui', 'web', 'app', 'spa', 'frontend', '_app', 'dashboard']);
const STATIC_FILE = /\.(ico|png|svg|jpe?g|gif|webp|css|js|mjs|map|html?|txt|xml|webmanifest|woff2?|ttf)$/i;
const STATIC_JSON = new Set(['manifest.json', 'asset-manifest.json']);

const norm = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
const isParam = (s: string): boolean => s.startsWith('{') && s.endsWith('}');
const isVersion = (s: string): boolean => /^v\d+(\.\d+)*$/i.test(s);

const BY_WORD = new Map<string, Entry[]>();
for (const e of ENTRIES) for (const w of e.words) BY_WORD.set(w, [...(BY_WORD.get(w) ?? []), e]);

/** Neutral segments, or public words of account/OAuth flows (`/login/access-token`, `/token/refresh`). */
function neutral(s: string): boolean {
  const n = norm(s);
  return NEUTRAL.has(n) || isVersion(s) || (BY_WORD.get(n) ?? []).some((e) => e.kind === 'account' || e.kind === 'oauth');
}

function beforeOk(e: Entry, before: readonly string[]): boolean {
  if (e.before === 'any') return true;
  if (e.before === 'prefix') return before.every(isPrefix);
  if (e.before === 'auth-area') return before.length > 0 && AUTH_AREA.has(norm(before[before.length - 1]!)) && before.every((s) => !isParam(s) && neutral(s));
  // after an OAuth/SSO segment, the rest is the flow's (a proxy's `/{org}/login/oauth/access_token`)
  const flow = e.kind === 'oauth' ? before.findIndex((s) => FLOW.has(norm(s))) : -1;
  return before.slice(flow + 1).every((s) => !isParam(s) && neutral(s));
}

/**
 * Whether a route is evidently public (see above), and why. `methods` are the route's methods; a
 * route with several is public when every one of them is (WebSocket routes, with none, never are).
 */
export function builtInPublic(path: string, methods: readonly string[]): BuiltInPublic | undefined {
  if (!methods.length) return undefined;
  const segs = path.split('/').filter((s) => s !== '');
  const allowed = (ms: readonly string[]): boolean => methods.every((m) => ms.includes(m.toUpperCase()));
  if (!segs.length) return allowed(READS) ? { kind: 'root', word: '/' } : undefined;
  // `/.well-known/...` at any mount
  const wk = segs.indexOf('.well-known');
  if (wk >= 0 && !segs.slice(0, wk).some(isParam)) return allowed(READS) ? { kind: 'well-known', word: '.well-known' } : undefined;
  const last = segs[segs.length - 1]!;
  // SAML metadata
  if (norm(last) === 'metadata' && segs.slice(0, -1).some((s) => SAML.has(norm(s)))) return allowed(READS) ? { kind: 'oauth', word: 'metadata' } : undefined;
  // a word that may be followed by anything (`/health/db`)
  for (let i = 0; i < segs.length; i++) {
    for (const e of BY_WORD.get(norm(segs[i]!)) ?? []) {
      if (e.after === 'any' && beforeOk(e, segs.slice(0, i)) && allowed(e.methods)) return { kind: e.kind, word: norm(segs[i]!) };
    }
  }
  // the last literal segment (only path parameters after it)
  let i = segs.length - 1;
  while (i >= 0 && isParam(segs[i]!)) i--;
  if (i >= 0) {
    const w = norm(segs[i]!);
    for (const e of BY_WORD.get(w) ?? []) if (beforeOk(e, segs.slice(0, i)) && allowed(e.methods)) return { kind: e.kind, word: w };
    // `/openapi-3.0.json`, `/docs/oauth2-redirect`
    if (/^openapi[\w.-]*\.(json|ya?ml)$/i.test(segs[i]!) && i === segs.length - 1 && beforeOk(BY_WORD.get('docs')![0]!, segs.slice(0, i)) && allowed(READS))
      return { kind: 'docs', word: segs[i]! };
    if (w === 'oauth2redirect' && i > 0 && norm(segs[i - 1]!) === 'docs' && allowed(READS)) return { kind: 'docs', word: w };
    // `/login/google`, `/auth/login/{tenant}/github`, `/login/session`, `/login/swagger`: an identity provider (or a neutral or public word) after a flow word
    for (let j = i - 1; (PROVIDERS.has(w) || NEUTRAL.has(w) || BY_WORD.has(w)) && j >= 0 && j >= i - 2; j--) {
      if (j < i - 1 && !isParam(segs[j + 1]!)) break;
      const pw = norm(segs[j]!);
      for (const e of BY_WORD.get(pw) ?? []) if (e.after === 'one' && beforeOk(e, segs.slice(0, j)) && allowed(e.methods)) return { kind: e.kind, word: pw };
    }
  }
  if (!allowed(READS)) return undefined;
  // the root of an API (`GET /api`, `/v2`, `/api/v1`): what `/` is to the site
  if (segs.every((s) => API_ROOT.has(norm(s)) || isVersion(s))) return { kind: 'root', word: `/${segs.join('/')}` };
  // `/config/ui`, `/api/v1/config/runtime`: a browser app's settings
  if (segs.length >= 2 && norm(segs[segs.length - 2]!) === 'config' && UI_CONFIG.has(norm(last)) && segs.slice(0, -2).every(isPrefix))
    return { kind: 'ui-config', word: `config/${last}` };
  // the Open Inference Protocol's model readiness: `/v2/models/{name}/ready`, `/v2/models/{name}/versions/{v}/ready`
  if (norm(last) === 'ready') {
    const m = segs.lastIndexOf('models');
    const rest = segs.slice(m + 1, -1);
    if (
      m >= 0 &&
      segs.slice(0, m).every(isPrefix) &&
      (rest.length === 1 || (rest.length === 3 && norm(rest[1]!) === 'versions')) &&
      isParam(rest[0]!) &&
      isParam(rest[rest.length - 1]!)
    )
      return { kind: 'probe', word: 'models/{name}/ready' };
  }
  // static files and single-page-app catch-alls, for reads
  const dirs = segs.slice(0, -1);
  if (
    !isParam(last) &&
    (STATIC_FILE.test(last) || STATIC_JSON.has(last.toLowerCase())) &&
    dirs.every((s) => STATIC_DIRS.has(s.toLowerCase()) || NEUTRAL.has(norm(s)) || isVersion(s))
  ) {
    return { kind: 'static', word: last };
  }
  const literal = segs.filter((s) => !isParam(s));
  // `/{full_path:path}`, `/ui/{rest:path}`
  if (/^\{[^}:]+:path\}$/.test(last) && dirs.every((s) => !isParam(s)) && literal.every((s) => SPA_DIRS.has(s.toLowerCase()))) return { kind: 'static', word: last };
  // `/static/{name}`, `/assets/{folder}/{file}`
  if (literal.length > 0 && i === literal.length - 1 && literal.every((s) => STATIC_DIRS.has(s.toLowerCase()))) return { kind: 'static', word: literal[0]! };
  return undefined;
}

const KIND_TEXT: Record<PublicKind, string> = {
  account: 'an account flow',
  oauth: 'an OAuth/SSO flow',
  probe: 'a probe',
  docs: 'API docs',
  'well-known': 'a well-known URI',
  static: 'static files',
  root: 'a site or API root',
  about: 'about/server info',
  'ui-config': "a browser app's settings",
  inert: 'it does nothing',
  media: 'an image or media file a page loads',
  'share-link': 'a share link whose token is the key',
  published: 'what owners chose to publish',
};

const LOGIN_WORDS = new Set([...LOGIN, ...IDP_RETURN, 'acs']);

/**
 * Is it a login, or an identity provider's return to one? Its handler's own 401 (a wrong password,
 * a provider's refusal) answers the login: the route hands out a credential, it protects nothing.
 */
export function isLogin(m: PublicRoute | BuiltInPublic): boolean {
  return 'kind' in m && LOGIN_WORDS.has(m.word);
}

/** Why a match makes a route public, for the inventory: `built-in: a probe (health)`, `config public: /status/**`. */
export function publicBecause(m: PublicRoute | BuiltInPublic): string {
  if ('kind' in m) return `public by design: ${KIND_TEXT[m.kind]} (${m.word})`;
  return `listed under \`public\` in the config (${m.path}${m.methods ? ` ${m.methods.join(',')}` : ''})`;
}

/**
 * Compiles the public-route list once; `match(path, methods)` says whether a route is public on
 * purpose: a configured entry (its glob, and its methods when it names some), else, with
 * `builtIn`, the built-in list above.
 */
export function publicRouteMatcher(routes: readonly PublicRoute[], builtIn = false): (path: string, methods: readonly string[]) => PublicRoute | BuiltInPublic | undefined {
  const compiled = routes.map((r) => ({
    route: r,
    test: picomatch(r.path, { dot: true }),
    methods: r.methods?.map((m) => m.toUpperCase()),
  }));
  return (path, methods) => {
    // Normalise: "/a/b/" and "/a/b" are the same route for this purpose; path parameters stay as written.
    const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path || '/';
    for (const c of compiled) {
      if (!c.test(p)) continue;
      if (c.methods && methods.length > 0 && !methods.every((m) => c.methods!.includes(m))) continue;
      return c.route;
    }
    return builtIn ? builtInPublic(p, methods) : undefined;
  };
}
