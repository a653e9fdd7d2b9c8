import type { FailOn, Severity } from '../types.js';
import type { Entrypoint } from './entrypoints.js';

export type { Entrypoint } from './entrypoints.js';

/** A route that is public on purpose: a path glob (picomatch syntax, `/` separated) and optional methods. */
export interface PublicRoute {
  path: string;
  /** Upper-case HTTP methods; absent = any method (and WebSocket routes). */
  methods?: string[];
}

/** A rule the config may name, by id (`FA101`) or name (`missing-auth`). Supplied by the caller. */
export interface KnownRule {
  id: string;
  name: string;
}

export interface RuleSetting {
  enabled: boolean;
  severity?: Severity;
}

/** The effective configuration: defaults merged with the config file and CLI/action inputs. */
export interface Config {
  /** Globs (relative to the scan root) of files to scan; empty = every `.py` file. */
  include: string[];
  /** Globs excluded on top of the default excludes. */
  exclude: string[];
  failOn: FailOn;
  /** Per-rule settings keyed by rule id (names in the file are mapped to ids when loading). */
  rules: Record<string, RuleSetting>;
  auth: {
    /** Qualified names or glob patterns of callables that authenticate (e.g. `app.deps.verify_token`, `*.require_api_key`). */
    dependencies: string[];
    /**
     * Qualified names or glob patterns of dependencies that never authenticate (a library's DB
     * session, a dependency-injector provider outside the scan): an `unknown` route that depends only
     * on these (and on nothing else the scan cannot see) is `none`.
     */
    notAuth: string[];
    /** Middleware classes (qualified names or patterns) that authenticate every request. */
    middleware: string[];
    /** Path globs that an authenticating middleware lets through. */
    middlewareExempt: string[];
  };
  /** Routes that are public on purpose (the config's `public` entries). */
  public: PublicRoute[];
  /** `extend`: the built-in list of evidently public routes (src/config/public.ts) applies too; `replace`: only `public`. */
  publicDefaults: 'extend' | 'replace';
  /** TLS is terminated by a proxy that redirects to HTTPS: silences FA302. */
  tlsTerminatedByProxy: boolean;
  /** Files larger than this are skipped with a notice. */
  maxFileBytes: number;
  /**
   * Whether test code (`tests/` folders, `test_*.py`, `*_test.py`, `conftest.py`) may define the
   * served apps and routes (`scan`), or builds throw-away apps that are not served (`skip`).
   */
  tests: 'skip' | 'scan';
  /** Entry points named by the user (`module:attr`, `module:attr()` = factory), parsed. */
  entrypoints: Entrypoint[];
  /** Where the config came from (for messages), if a file was read. */
  source?: string;
}
