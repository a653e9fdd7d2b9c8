/**
 * Shared contracts between pipeline stages. Everything here is plain data.
 * Stages: discover → parse (FileFacts) → model (Project) → rules (Finding) → suppress → report.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'note';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'note'];
/** Rank: higher is more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, note: 1 };
export type FailOn = Severity | 'none';

/** A location in a scanned file. Lines and columns are 1-based; `file` is POSIX, relative to the scan root. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface RelatedLocation extends Location {
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
  /** Other places that explain the finding (the router, the include, the settings value…). */
  related?: RelatedLocation[];
  /**
   * A stable key for the finding that does not depend on line numbers (e.g. rule + route path +
   * handler). The SARIF reporter hashes it into partialFingerprints.
   */
  fingerprint: string;
  /**
   * Other lines of `location.file` where an inline `# fastapi-audit: ignore[...]` (on the line or
   * the line above) also suppresses this finding, e.g. the handler's `def` line for a route
   * reported at its decorator.
   */
  suppressLines?: number[];
  /** Set by the suppress stage. */
  suppression?: { kind: 'inSource' | 'external'; justification: string };
  /** Set by the baseline stage: the finding existed in the baseline. */
  baseline?: 'unchanged' | 'new';
}

interface RuleDocs {
  /** One-line description (SARIF shortDescription). */
  summary: string;
  what: string;
  /**
   * What the rule does not report and why (markdown): the look-alikes it leaves out on purpose.
   * Every rule has one (the docs test checks it); optional here only so that a rule added on another
   * branch still compiles until it gets its own.
   */
  notReported?: string;
  why: string;
  example: string;
  fix: string;
  references: string[];
}

export interface RuleMeta {
  id: string;
  name: string;
  defaultSeverity: Severity;
  cwe: number[];
  precision: 'very-high' | 'high' | 'medium' | 'low';
  docs: RuleDocs;
}

/**
 * `conditional`: authentication runs only when a setting is on, and it is off by default (a
 * middleware added under `if settings.api_keys:`, or one that passes every request on while
 * `settings.auth_enabled` is false): FA107 reports it, FA101 does not.
 */
export type AuthStatus = 'required' | 'optional' | 'conditional' | 'none' | 'unknown';
/**
 * Where a route's auth comes from: a handler parameter, the route decorator's `dependencies=`, its
 * APIRouter, an `include_router(dependencies=)`, the app, an authenticating middleware, the
 * handler's own body (it checks a credential and rejects itself), or a webhook signature check.
 */
export type EvidenceVia = 'param' | 'decorator' | 'router' | 'include' | 'app' | 'middleware' | 'handler' | 'signature';

export interface Evidence {
  via: EvidenceVia;
  file: string;
  line: number;
  name: string;
  /** The credential checked: `header X-API-Key (APIKeyHeader)`, `request.session`, `Stripe signature headers`. */
  credential?: string;
  /** The rejection that depends on it: `401 at app/deps.py:14`, `redirect 303 to a login page at …`. */
  rejects?: string;
}

/** One endpoint of the route inventory (DESIGN.md "Inventory JSON"). */
export interface InventoryRoute {
  kind: 'http' | 'websocket';
  methods: string[];
  path: string;
  file: string;
  line: number;
  handler: string;
  /** The apps that serve it (module variable, attribute or factory names); for an unincluded route, its router. */
  apps: string[];
  /**
   * False when no server start reaches it: its apps are made only by code nobody calls (library code,
   * helpers for users' apps), or no app includes its router.
   */
  served: boolean;
  auth: AuthStatus;
  public: boolean;
  /** Why it is public on purpose (when it is): `public by design (probe): health`, a config entry, a marker. */
  publicBecause?: string;
  dependencies: string[];
  evidence: Evidence[];
}

export interface Inventory {
  version: 1;
  routes: InventoryRoute[];
  /** Routes of routers that no app includes once every entry point ran: not served. */
  unincluded: InventoryRoute[];
}

/**
 * A message for the user that is not a finding (unparsable file, skipped file, …). `error`: a file
 * the engine failed on (an internal error: its findings and routes are missing); `warning`: the
 * results may be incomplete for a reason the user can act on (code cut off, a limit reached, no
 * Python file found); `notice`: for information. `--strict` fails on errors and warnings.
 */
export interface Notice {
  level: 'notice' | 'warning' | 'error';
  message: string;
  file?: string;
  line?: number;
}
