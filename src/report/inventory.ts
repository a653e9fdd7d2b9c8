import type { Evidence, Inventory, InventoryRoute } from '../types.js';
import { compareStrings } from './location.js';

function compareEvidence(a: Evidence, b: Evidence): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    compareStrings(a.via, b.via) ||
    compareStrings(a.name, b.name) ||
    compareStrings(a.credential ?? '', b.credential ?? '') ||
    compareStrings(a.rejects ?? '', b.rejects ?? '')
  );
}

/** One evidence object in DESIGN.md's key order: via, file, line, name, then credential and rejects when known. */
function normalizeEvidence(e: Evidence): Evidence {
  const out: Evidence = { via: e.via, file: e.file, line: e.line, name: e.name };
  if (e.credential !== undefined) out.credential = e.credential;
  if (e.rejects !== undefined) out.rejects = e.rejects;
  return out;
}

/** "header X-API-Key (APIKeyHeader); 401 at app/deps.py:14": why a required route is required, in one line. */
export function evidenceText(r: Pick<InventoryRoute, 'auth' | 'evidence'> & Partial<Pick<InventoryRoute, 'public' | 'publicBecause'>>): string {
  if (r.auth !== 'required') return r.public && r.publicBecause ? r.publicBecause : '';
  const e = r.evidence.find((x) => x.credential || x.rejects) ?? r.evidence[0];
  if (!e) return '';
  const parts = [e.credential, e.rejects].filter((x): x is string => !!x);
  return parts.length ? parts.join('; ') : `${e.via} ${e.name}`;
}

/** Route order everywhere: path, methods, kind, file, line, handler. */
export function compareRoutes(a: InventoryRoute, b: InventoryRoute): number {
  return (
    compareStrings(a.path, b.path) ||
    compareStrings(a.methods.join(','), b.methods.join(',')) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    compareStrings(a.handler, b.handler)
  );
}

const unique = (xs: readonly string[]) => [...new Set(xs)].sort(compareStrings);

/**
 * The inventory in canonical form: routes sorted, methods upper-case and sorted, dependency names
 * de-duplicated and sorted, evidence sorted, and every object built with DESIGN.md's key order, so
 * that serializing it is deterministic.
 */
export function normalizeInventory(inventory: Inventory): Inventory {
  return { version: 1, routes: normalizeRoutes(inventory.routes), unincluded: normalizeRoutes(inventory.unincluded ?? []) };
}

function normalizeRoutes(list: readonly InventoryRoute[]): InventoryRoute[] {
  const routes = list.map((r): InventoryRoute => ({
    kind: r.kind,
    methods: unique(r.methods.map((m) => m.toUpperCase())),
    path: r.path,
    file: r.file,
    line: r.line,
    handler: r.handler,
    apps: unique(r.apps ?? []),
    served: r.served ?? true,
    auth: r.auth,
    public: r.public,
    ...(r.public && r.publicBecause ? { publicBecause: r.publicBecause } : {}),
    dependencies: unique(r.dependencies),
    evidence: [...r.evidence]
      .sort(compareEvidence)
      .map(normalizeEvidence)
      .filter((e, i, all) => i === 0 || compareEvidence(all[i - 1]!, e) !== 0),
  }));
  // Routes equal in every sort key still differ somewhere (auth, dependencies…): the JSON breaks the tie.
  return routes.sort((a, b) => compareRoutes(a, b) || compareStrings(JSON.stringify(a), JSON.stringify(b)));
}

export interface RouteStats {
  routes: number;
  /** `auth: none` and not public on purpose: the ones that matter. */
  unauthenticated: number;
  /** `auth: none` but marked public (allow-list or `# fastapi-audit: public`). */
  public: number;
  optional: number;
  /** Authentication only while a setting that is off by default is on (FA107). */
  conditional: number;
  unknown: number;
}

export function routeStats(inventory: Inventory): RouteStats {
  const stats: RouteStats = { routes: 0, unauthenticated: 0, public: 0, optional: 0, conditional: 0, unknown: 0 };
  for (const r of inventory.routes) {
    stats.routes++;
    if (r.auth === 'none') {
      if (r.public) stats.public++;
      else stats.unauthenticated++;
    } else if (r.auth === 'optional') stats.optional++;
    else if (r.auth === 'conditional') stats.conditional++;
    else if (r.auth === 'unknown') stats.unknown++;
  }
  return stats;
}

/** `GET, POST` for HTTP routes, `WS` for WebSocket routes. */
export function routeMethods(r: Pick<InventoryRoute, 'kind' | 'methods'>): string {
  return r.kind === 'websocket' ? 'WS' : r.methods.join(', ') || '*';
}

/** The apps that serve a route, short: `app.main.app`, `a, b`, `a (+2)`; `(possible)` when no server start reaches them. */
export function routeApps(r: Pick<InventoryRoute, 'apps' | 'served'>): string {
  const apps = r.apps ?? [];
  const names = apps.length > 2 ? `${apps[0]} (+${apps.length - 1})` : apps.join(', ');
  return r.served === false ? `${names || '-'} (possible)` : names || '-';
}

/** `none (public)` for a route that is public on purpose; otherwise the auth status itself. */
export function routeAuth(r: Pick<InventoryRoute, 'auth' | 'public'>): string {
  return r.public ? `${r.auth} (public)` : r.auth;
}
