/**
 * The attack-surface diff, for people: which endpoints a change opens. Built from `diffInventory`
 * (baseline inventory → this scan's inventory) and shown first in the job summary, and by the CLI
 * with `--baseline inventory.json`:
 *
 *   **This PR adds 2 unauthenticated endpoints and makes 1 existing endpoint unauthenticated.**
 *
 * followed by one row per changed route, most dangerous first. Routes whose auth got stronger are
 * not listed (the diff does not report them); nothing here depends on findings or severities.
 */
import type { InventoryDiff } from '../suppress/baseline.js';
import type { InventoryRoute } from '../types.js';
import { compareRoutes, routeAuth, routeMethods } from './inventory.js';
import { escapeInline, table } from './markdown.js';
import { plural } from './severity.js';
import { aligned, printable } from './text.js';

/** One changed route, by what happened to it (in the order rows are shown). */
type SurfaceChange =
  /** New route, `auth: none`, not public on purpose. */
  | 'new-unauthenticated'
  /** Existing route that had auth (required or optional) and now has none, not public on purpose. */
  | 'now-unauthenticated'
  /** Existing route whose auth went from required to optional or unknown. */
  | 'weakened'
  /** Existing protected route now on the public list (config or `# fastapi-audit: public`). */
  | 'marked-public'
  /** New route whose auth could not be resolved. */
  | 'new-unknown'
  /** New route with optional auth only. */
  | 'new-optional'
  /** New route, public on purpose. */
  | 'new-public'
  /** New route with auth required. */
  | 'new-authenticated'
  | 'removed';

const ORDER: readonly SurfaceChange[] = [
  'new-unauthenticated',
  'now-unauthenticated',
  'weakened',
  'marked-public',
  'new-unknown',
  'new-optional',
  'new-public',
  'new-authenticated',
  'removed',
];

const LABEL: Record<SurfaceChange, string> = {
  'new-unauthenticated': 'new, unauthenticated',
  'now-unauthenticated': 'now unauthenticated',
  weakened: 'auth weakened',
  'marked-public': 'marked public',
  'new-unknown': 'new, auth unknown',
  'new-optional': 'new, optional auth',
  'new-public': 'new, public',
  'new-authenticated': 'new',
  removed: 'removed',
};

/** Changes that open the service to unauthenticated callers: bold in the summary. */
const EXPOSING = new Set<SurfaceChange>(['new-unauthenticated', 'now-unauthenticated', 'weakened']);

export interface SurfaceRow {
  change: SurfaceChange;
  /** The route now (the old one for `removed`). */
  route: InventoryRoute;
  /** The route in the baseline, for changes to an existing route. */
  before?: InventoryRoute;
}

function newRouteChange(r: InventoryRoute): SurfaceChange {
  if (r.public) return 'new-public';
  switch (r.auth) {
    case 'none':
      return 'new-unauthenticated';
    case 'unknown':
      return 'new-unknown';
    // auth that a setting leaves off by default is no stronger than optional auth
    case 'optional':
    case 'conditional':
      return 'new-optional';
    default:
      return 'new-authenticated';
  }
}

/** Every changed route, most dangerous change first, then in route order. */
export function surfaceRows(diff: InventoryDiff): SurfaceRow[] {
  const rows: SurfaceRow[] = [
    ...diff.newRoutes.map((route) => ({ change: newRouteChange(route), route })),
    ...diff.becamePublic.map((c): SurfaceRow => ({ change: c.after.public ? 'marked-public' : 'now-unauthenticated', route: c.after, before: c.before })),
    ...diff.lostAuth.map((c): SurfaceRow => ({ change: 'weakened', route: c.after, before: c.before })),
    ...diff.removed.map((route): SurfaceRow => ({ change: 'removed', route })),
  ];
  return rows.sort((a, b) => ORDER.indexOf(a.change) - ORDER.indexOf(b.change) || compareRoutes(a.route, b.route));
}

type SurfaceCounts = Record<SurfaceChange, number>;

function surfaceCounts(diff: InventoryDiff): SurfaceCounts {
  const counts = Object.fromEntries(ORDER.map((c) => [c, 0])) as SurfaceCounts;
  for (const r of surfaceRows(diff)) counts[r.change]++;
  return counts;
}

/** Routes that accept unauthenticated callers now and did not before (the number a reviewer wants). */
export function newlyUnauthenticated(diff: InventoryDiff): number {
  const c = surfaceCounts(diff);
  return c['new-unauthenticated'] + c['now-unauthenticated'];
}

function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * The headline: "This PR adds 2 unauthenticated endpoints and makes 1 existing endpoint
 * unauthenticated." / "This PR adds no unauthenticated endpoints." `subject` is the sentence's
 * subject ("This PR"; default "Compared with the baseline, this code").
 */
export function surfaceHeadline(diff: InventoryDiff, subject = 'Compared with the baseline, this code'): string {
  const c = surfaceCounts(diff);
  const parts = [
    c['new-unauthenticated'] && `adds ${plural(c['new-unauthenticated'], 'unauthenticated endpoint')}`,
    c['now-unauthenticated'] && `makes ${plural(c['now-unauthenticated'], 'existing endpoint')} unauthenticated`,
    c.weakened && `weakens the authentication of ${plural(c.weakened, 'endpoint')}`,
    c['marked-public'] && `marks ${plural(c['marked-public'], 'protected endpoint')} public`,
  ].filter((p): p is string => typeof p === 'string');
  return `${subject} ${parts.length ? joinAnd(parts) : 'adds no unauthenticated endpoints'}.`;
}

/** The second line: "3 new routes (1 unauthenticated, 2 with auth required); 1 removed." or "No route added or removed." */
export function surfaceDetail(diff: InventoryDiff): string {
  const c = surfaceCounts(diff);
  const added = diff.newRoutes.length;
  const kinds = [
    c['new-unauthenticated'] && `${c['new-unauthenticated']} unauthenticated`,
    c['new-unknown'] && `${c['new-unknown']} with unknown auth`,
    c['new-optional'] && `${c['new-optional']} with optional auth`,
    c['new-public'] && `${c['new-public']} public on purpose`,
    c['new-authenticated'] && `${c['new-authenticated']} with auth required`,
  ].filter(Boolean);
  const addedText = added ? `${plural(added, 'new route')}${kinds.length > 1 ? ` (${kinds.join(', ')})` : kinds.length ? ` (${kinds[0]})` : ''}` : '';
  const removedText = c.removed ? `${plural(c.removed, 'route')} removed` : '';
  if (!addedText && !removedText) return 'No route added or removed.';
  return `${[addedText, removedText].filter(Boolean).join('; ')}.`;
}

/** `required → none`, `none`, `required → required (public)`. */
function authChange(row: SurfaceRow): string {
  const now = routeAuth(row.route);
  return row.before ? `${routeAuth(row.before)} → ${now}` : now;
}

export interface SurfaceMarkdownOptions {
  /** The headline's subject (default "Compared with the baseline, this code"). */
  subject?: string;
  /** Size budget for the table in UTF-8 bytes. */
  maxBytes: number;
  /** Most table rows (default 200). */
  maxRows?: number;
  /** A markdown cell for a file and line (the summary links it to the code). */
  location?: (file: string, line: number) => string;
}

/** The job-summary section: heading, headline, counts and a table of the changed routes. */
export function attackSurfaceMarkdown(diff: InventoryDiff, opts: SurfaceMarkdownOptions): string {
  const location = opts.location ?? ((file: string, line: number) => escapeInline(`${file}:${line}`));
  const rows = surfaceRows(diff);
  const out = ['### Attack surface', '', `**${escapeInline(surfaceHeadline(diff, opts.subject))}** ${escapeInline(surfaceDetail(diff))}`];
  if (rows.length) {
    const cells = rows.map((row) => {
      const strong = EXPOSING.has(row.change);
      const em = (s: string) => (strong ? `**${s}**` : s);
      // A removed route's file and line are the baseline's: no link to today's code.
      const where = row.change === 'removed' ? escapeInline(`${row.route.file}:${row.route.line}`) : location(row.route.file, row.route.line);
      return [
        em(escapeInline(LABEL[row.change])),
        escapeInline(routeMethods(row.route)),
        escapeInline(row.route.path),
        em(escapeInline(authChange(row))),
        `${escapeInline(row.route.handler)} (${where})`,
      ];
    });
    out.push('', table(['Change', 'Methods', 'Path', 'Auth', 'Handler'], cells, { maxRows: opts.maxRows ?? 200, maxBytes: opts.maxBytes }, 'changed routes'));
  }
  return out.join('\n');
}

/**
 * The CLI's text: `attack surface: compared with the baseline, this code adds 1 unauthenticated
 * endpoint. 2 new routes (…).`, then one aligned line per changed route.
 */
export function formatAttackSurface(diff: InventoryDiff, opts: { subject?: string } = {}): string {
  const rows = surfaceRows(diff);
  const headline = surfaceHeadline(diff, opts.subject ?? 'compared with the baseline, this code');
  const head = `attack surface: ${printable(headline)} ${printable(surfaceDetail(diff))}`;
  if (!rows.length) return `${head}\n`;
  const lines = aligned(
    rows.map((row) => [
      `  ${LABEL[row.change].toUpperCase()}`,
      routeMethods(row.route),
      printable(row.route.path),
      authChange(row),
      `${printable(row.route.handler)} (${printable(row.route.file)}:${row.route.line})`,
    ]),
  );
  return `${[head, ...lines].join('\n')}\n`;
}
