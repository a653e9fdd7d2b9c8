/**
 * The built-in list of evidently public routes: method-aware and segment-exact (src/config/public.ts).
 */
import { describe, expect, it } from 'vitest';
import { builtInPublic, publicBecause, publicRouteMatcher } from '../../src/config/public.js';
import { evidenceText } from '../../src/report/inventory.js';

const pub = (method: string, path: string): string | undefined => builtInPublic(path, method.split(','))?.kind;

describe('built-in public routes', () => {
  it.each([
    // account flows, every spelling, reads and writes
    ['POST', '/login', 'account'],
    ['POST', '/api/v1/auth/signin', 'account'],
    ['POST', '/auth/sign-in', 'account'],
    ['POST', '/auth/sign_in', 'account'],
    ['POST', '/sign_up', 'account'],
    ['POST', '/api/auth/sign-up', 'account'],
    ['POST', '/users/register', 'account'],
    ['POST', '/auth/refresh', 'account'],
    ['POST', '/token/refresh', 'account'],
    ['POST', '/logout', 'account'],
    ['DELETE', '/auth/logout', 'account'],
    ['POST', '/forgot-password', 'account'],
    ['POST', '/auth/reset-password', 'account'],
    ['PUT', '/reset_password/{token}', 'account'],
    ['POST', '/password-recovery/{email}', 'account'],
    ['GET', '/verify-email', 'account'],
    ['POST', '/auth/verify', 'account'],
    ['POST', '/auth/magic-link', 'account'],
    ['GET', '/auth/{provider}/login', 'account'],
    ['GET', '/login/huggingface', 'account'],
    ['POST', '/api/v1/login/session', 'account'],
    ['POST', '/api/v1/auth/login/swagger', 'account'],
    ['GET', '/auth/login/{tenant}/github', 'account'],
    ['POST', '/github-proxy/{subdomain}/login/oauth/access_token', 'oauth'],
    ['POST', '/api/v1/login/access-token', 'oauth'],
    // OAuth2 / OIDC / SAML / SSO
    ['GET', '/oauth/authorize', 'oauth'],
    ['POST', '/oauth/token', 'oauth'],
    ['POST', '/token', 'oauth'],
    ['POST', '/oauth2/revoke', 'oauth'],
    ['POST', '/oauth2/introspect', 'oauth'],
    ['GET', '/auth/google/callback', 'oauth'],
    ['GET', '/integrations/{id}/callback', 'oauth'],
    ['POST', '/sso/callback', 'oauth'],
    ['GET', '/.well-known/jwks.json', 'well-known'],
    ['GET', '/api/.well-known/openid-configuration', 'well-known'],
    ['GET', '/oauth/jwks', 'oauth'],
    ['POST', '/saml/acs', 'oauth'],
    ['GET', '/saml/metadata', 'oauth'],
    ['GET', '/api/auth/oauth', 'oauth'],
    ['GET', '/sso/google', 'oauth'],
    // API documentation served by hand
    ['GET', '/docs', 'docs'],
    ['GET', '/api/v1/redoc', 'docs'],
    ['GET', '/openapi-3.0.json', 'docs'],
    ['GET', '/docs/oauth2-redirect', 'docs'],
    // probes and versions
    ['GET', '/health', 'probe'],
    ['GET', '/api/v1/healthz', 'probe'],
    ['GET', '/health/db', 'probe'],
    ['GET', '/servers/{id}/health', 'probe'],
    ['HEAD,GET', '/readyz', 'probe'],
    ['GET', '/ready', 'probe'],
    ['GET', '/api/v1/heartbeat', 'probe'],
    ['GET', '/ping', 'probe'],
    ['GET', '/version', 'probe'],
    ['GET', '/api/v2/version', 'probe'],
    ['GET', '/api/v1/app/version', 'probe'],
    ['GET', '/metrics', 'probe'],
    ['GET', '/status/metrics', 'probe'],
    ['GET', '/status', 'probe'],
    ['GET', '/api/v1/auth/status', 'probe'],
    // the Open Inference Protocol's model readiness
    ['GET', '/v2/models/{model_name}/ready', 'probe'],
    ['GET', '/v2/models/{model_name}/versions/{model_version}/ready', 'probe'],
    // about pages and server info, under API prefixes only
    ['GET', '/api/app/about', 'about'],
    ['GET', '/api/app/about/theme', 'about'],
    ['GET', '/about', 'about'],
    ['GET', '/server_info', 'about'],
    ['GET', '/api/v1/info', 'about'],
    ['GET', '/system/info', 'about'],
    // a browser app's settings
    ['GET', '/ui-settings', 'ui-config'],
    ['GET', '/api/v1/config/runtime', 'ui-config'],
    ['GET', '/config/ui', 'ui-config'],
    ['GET', '/api/client-config', 'ui-config'],
    // the site root, the root of an API, static files and single-page-app catch-alls
    ['GET', '/', 'root'],
    ['GET', '/api', 'root'],
    ['GET', '/v2', 'root'],
    ['GET', '/api/v1', 'root'],
    ['GET', '/favicon.ico', 'static'],
    ['GET', '/static/{file_path:path}', 'static'],
    ['GET', '/assets/{name}', 'static'],
    ['GET', '/{full_path:path}', 'static'],
    ['GET', '/ui/{rest:path}', 'static'],
  ])('%s %s is public (%s)', (method, path, kind) => {
    expect(pub(method, path)).toBe(kind);
  });

  it.each([
    // the over-matches of the old list: the method, and path endings that are not the word
    ['DELETE', '/'],
    ['POST', '/'],
    ['DELETE', '/users/{id}/token'],
    ['POST', '/users/{id}/token'],
    ['PUT', '/servers/{id}/health'],
    ['POST', '/health'],
    ['DELETE', '/login'],
    // substrings and suffixes are not the word
    ['GET', '/users/signin_history'],
    ['POST', '/tokens'],
    ['GET', '/healthy-recipes'],
    ['POST', '/api/login/test-token'],
    ['GET', '/admin/users/{id}/password-reset-link-history'],
    // a resource's action named like a flow
    ['POST', '/models/register'],
    ['POST', '/orders/{id}/confirm'],
    ['POST', '/cache/refresh'],
    ['GET', '/models/{id}/version'],
    ['GET', '/documents/{id}/ready'],
    ['GET', '/jobs/{id}/status'],
    ['GET', '/models/{name}/metrics'],
    ['GET', '/metadata'],
    ['GET', '/admin/login/history'],
    ['GET', '/projects/{id}/docs'],
    ['POST', '/docs'],
    ['POST', '/users/{id}/oauth-token'],
    ['POST', '/jobs/{id}/callback'],
    // writes are never public on probes, versions, well-known URIs and static files
    ['POST', '/.well-known/acme'],
    ['POST', '/version'],
    ['PUT', '/static/{file_path:path}'],
    // about, info and settings words are public only for reads, and only under API prefixes
    ['DELETE', '/about'],
    ['POST', '/api/app/about'],
    ['GET', '/users/{id}/info'],
    ['GET', '/users/info'],
    ['GET', '/admin/info'],
    ['GET', '/me/info'],
    ['GET', '/projects/{id}/about'],
    ['PUT', '/config/ui'],
    ['GET', '/config'],
    ['GET', '/admin/config/ui'],
    ['GET', '/api/config/database'],
    ['GET', '/users/{id}/ui-settings'],
    // an API's root is made of API prefixes alone; writes to it are not public
    ['GET', '/users'],
    ['GET', '/admin'],
    ['GET', '/me'],
    ['POST', '/api'],
    ['DELETE', '/v2'],
    // readiness of a model of an inference server, not of any resource
    ['GET', '/models/{id}/ready/{x}'],
    ['GET', '/users/{id}/models/{m}/ready'],
    ['POST', '/v2/models/{name}/ready'],
    // data behind a catch-all that is not a static folder
    ['GET', '/files/{path:path}'],
    ['GET', '/items/{id}'],
    ['GET', '/app/{app_id}'],
  ])('%s %s is not public', (method, path) => {
    expect(pub(method, path)).toBeUndefined();
  });

  it('never makes a WebSocket route public', () => {
    expect(builtInPublic('/health', [])).toBeUndefined();
  });

  it('applies after the configured entries, and not with public-defaults: replace', () => {
    const withDefaults = publicRouteMatcher([{ path: '/status' }], true);
    const replaced = publicRouteMatcher([{ path: '/status' }], false);
    expect(withDefaults('/status', ['GET'])).toEqual({ path: '/status' });
    expect(withDefaults('/login/', ['POST'])).toEqual({ kind: 'account', word: 'login' });
    expect(replaced('/login', ['POST'])).toBeUndefined();
  });

  it('says why a route is public, for the inventory', () => {
    expect(publicBecause(builtInPublic('/api/v1/healthz', ['GET'])!)).toBe('public by design: a probe (healthz)');
    expect(publicBecause(builtInPublic('/api/app/about/theme', ['GET'])!)).toBe('public by design: about/server info (about)');
    expect(publicBecause({ path: '/status/**', methods: ['GET'] })).toBe('listed under `public` in the config (/status/** GET)');
    const why = 'public by design: a probe (health)';
    expect(evidenceText({ auth: 'none', evidence: [], public: true, publicBecause: why })).toBe(why);
    expect(evidenceText({ auth: 'none', evidence: [], public: false })).toBe('');
  });
});
