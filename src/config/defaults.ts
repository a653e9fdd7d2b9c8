import type { Config, PublicRoute } from './types.js';

/**
 * Routes that are evidently meant to be public: health probes, the site root, well-known URIs and
 * the endpoints that hand out credentials. FA101/FA102 do not report them. This is the one place
 * the list lives; the config's `public` key extends or replaces it.
 */
export const DEFAULT_PUBLIC_ROUTES: readonly PublicRoute[] = [
  { path: '/' },
  { path: '**/health' },
  { path: '**/healthz' },
  { path: '**/health-check' },
  { path: '**/healthcheck' },
  { path: '**/health/**' },
  { path: '**/livez' },
  { path: '**/readyz' },
  { path: '**/ping' },
  { path: '/.well-known/**' },
  { path: '**/login' },
  { path: '**/login/**' },
  { path: '**/token' },
  { path: '**/token/refresh' },
  { path: '**/register' },
  { path: '**/signup' },
  { path: '**/sign-up' },
  { path: '**/auth/login' },
  { path: '**/password-recovery/**' },
  { path: '**/reset-password' },
  { path: '**/reset-password/**' },
];

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export function defaultConfig(): Config {
  return {
    include: [],
    exclude: [],
    failOn: 'high',
    rules: {},
    auth: { dependencies: [], middleware: [], middlewareExempt: [] },
    public: DEFAULT_PUBLIC_ROUTES.map((r) => ({ ...r })),
    tlsTerminatedByProxy: false,
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    tests: 'skip',
    entrypoints: [],
  };
}
