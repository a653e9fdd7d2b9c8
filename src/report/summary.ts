/**
 * The job summary (GITHUB_STEP_SUMMARY): the attack-surface diff (with an inventory baseline),
 * totals, findings, route inventory, notices.
 *
 * Bounded: "each step is restricted to a maximum size of 1MiB … If more than 1MiB of content is
 * added for a step, then the upload for the step will fail" (GitHub docs, workflow commands, "Step
 * isolation and limits",
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#step-isolation-and-limits).
 * We stay well under it by default (other content may share the step) and cut tables with a line
 * saying how many rows were left out.
 */
import type { InventoryDiff } from '../suppress/baseline.js';
import { SEVERITIES, type Finding, type Inventory, type Notice, type RuleMeta } from '../types.js';
import { attackSurfaceMarkdown } from './attack-surface.js';
import { ruleDocUrl, ruleTitle } from './docs.js';
import { evidenceText, normalizeInventory, routeApps, routeAuth, routeMethods, routeStats } from './inventory.js';
import { escapeInline, link, table, utf8Length } from './markdown.js';
import { encodePath, repoPath } from './paths.js';
import { compareBySeverity, countBySeverity, plural, severityBreakdown } from './severity.js';
import { compareStrings } from './location.js';

/** GitHub's per-step limit (1 MiB). */
export const GITHUB_STEP_SUMMARY_BYTES = 1024 * 1024;
/** Our default budget: three quarters of the limit, leaving room for whatever else the step writes. */
const DEFAULT_SUMMARY_BYTES = 768 * 1024;

export interface SummaryInput {
  findings: readonly Finding[];
  inventory?: Inventory;
  /** The rules that ran (names and doc links in the findings table). */
  rules?: readonly RuleMeta[];
  /** Annotations not shown because of GitHub's per-step limit (`planAnnotations(...).omitted.total`). */
  omittedAnnotations?: number;
  notices?: readonly Notice[];
  /** `https://github.com/owner/repo` (from GITHUB_SERVER_URL and GITHUB_REPOSITORY): with `sha`, locations link to the code. */
  repoUrl?: string;
  sha?: string;
  /** The scan root's path inside the repository, for links. */
  pathPrefix?: string;
  /** Size budget in UTF-8 bytes (default 768 KiB; never above GitHub's 1 MiB). */
  maxBytes?: number;
  /**
   * The attack-surface diff against a baseline inventory, shown first; `subject` is its headline's
   * subject ("This PR"). With `note` and no `diff`, one line saying why there is no diff.
   */
  attackSurface?: { diff?: InventoryDiff; subject?: string; note?: string };
  /** On a pull request: findings not annotated because their file is not part of it. */
  outsidePullRequest?: number;
}

const MAX_ROWS = { findings: 1_000, routes: 1_000, notices: 100 };

function locationCell(file: string, line: number | undefined, input: SummaryInput): string {
  const label = line ? `${file}:${line}` : file;
  if (!input.repoUrl || !input.sha) return escapeInline(label);
  const path = encodePath(repoPath(file, input.pathPrefix));
  return link(label, `${input.repoUrl.replace(/\/+$/, '')}/blob/${encodeURIComponent(input.sha)}/${path}${line ? `#L${line}` : ''}`);
}

function totals(findings: readonly Finding[]): string[] {
  const active = findings.filter((f) => !f.suppression);
  const counts = countBySeverity(active);
  const suppressed = findings.length - active.length;
  const baseline = active.filter((f) => f.baseline === 'unchanged').length;
  const head = active.length ? `**${plural(active.length, 'finding')}**: ${severityBreakdown(counts)}` : '**No findings.**';
  const extra = [suppressed && `${suppressed} suppressed`, baseline && `${baseline} already in the baseline`].filter(Boolean);
  return [
    extra.length ? `${head} (${extra.join(', ')})` : head,
    '',
    `| ${SEVERITIES.join(' | ')} |`,
    `| ${SEVERITIES.map(() => '---:').join(' | ')} |`,
    `| ${SEVERITIES.map((s) => counts[s]).join(' | ')} |`,
  ];
}

function findingsTable(input: SummaryInput, maxBytes: number): string {
  const metas = new Map((input.rules ?? []).map((r) => [r.id, r]));
  const rows = input.findings
    .filter((f) => !f.suppression)
    .sort(compareBySeverity)
    .map((f) => {
      const meta = metas.get(f.ruleId);
      const severity = f.baseline === 'unchanged' ? `${f.severity} (baseline)` : f.severity;
      return [severity, meta ? link(ruleTitle(meta), ruleDocUrl(meta.id)) : escapeInline(f.ruleId), locationCell(f.location.file, f.location.line, input), escapeInline(f.message)];
    });
  return table(['Severity', 'Rule', 'Location', 'Message'], rows, { maxRows: MAX_ROWS.findings, maxBytes }, 'findings');
}

function inventorySection(inventory: Inventory, input: SummaryInput, maxBytes: number): string[] {
  const inv = normalizeInventory(inventory);
  const s = routeStats(inv);
  const parts = [
    `**${s.unauthenticated} unauthenticated**`,
    s.public && `${s.public} public on purpose`,
    s.optional && `${s.optional} with optional auth`,
    s.conditional && `${s.conditional} with auth off by default`,
    s.unknown && `${s.unknown} unknown`,
  ].filter(Boolean);
  const rows = inv.routes.map((r) => [
    escapeInline(routeMethods(r)),
    escapeInline(r.path),
    `${escapeInline(r.handler)} (${locationCell(r.file, r.line, input)})`,
    escapeInline(routeApps(r)),
    r.auth === 'none' && !r.public ? `**${routeAuth(r)}**` : routeAuth(r),
    escapeInline(evidenceText(r)),
  ]);
  const unincluded = inv.unincluded.length
    ? ['', `${plural(inv.unincluded.length, 'route')} on routers no app includes (not served; listed under \`unincluded\` in the inventory file).`]
    : [];
  return [
    '### Route inventory',
    '',
    s.routes ? `${plural(s.routes, 'route')}: ${parts.join(', ')}.` : 'No routes found.',
    ...(s.routes ? ['', table(['Methods', 'Path', 'Handler', 'Apps', 'Auth', 'Why'], rows, { maxRows: MAX_ROWS.routes, maxBytes }, 'routes')] : []),
    ...unincluded,
  ];
}

const LEVEL_RANK: Record<Notice['level'], number> = { error: 0, warning: 1, notice: 2 };

/** Errors first, then warnings, then notices (so that a cut list keeps the ones that matter), each by file. */
function noticeLines(notices: readonly Notice[], input: SummaryInput, maxBytes: number): string[] {
  const sorted = [...notices].sort(
    (a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || compareStrings(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.message, b.message),
  );
  const out: string[] = [];
  let bytes = 0;
  for (const n of sorted) {
    const where = n.file ? `${locationCell(n.file, n.line, input)}: ` : '';
    // parse-stage messages start with their file (for log lines): the link already names it
    const message = n.file !== undefined && n.message.startsWith(`${n.file}: `) ? n.message.slice(n.file.length + 2) : n.message;
    const text = `- ${n.level}: ${where}${escapeInline(message)}`;
    if (out.length >= MAX_ROWS.notices || bytes + utf8Length(text) + 1 > maxBytes) break;
    out.push(text);
    bytes += utf8Length(text) + 1;
  }
  if (out.length < sorted.length) out.push('', `*… ${sorted.length - out.length} more notices not shown.*`);
  return out;
}

/** "**The results may be incomplete**: 1 file not scanned because of an internal error and 2 warnings (see Notices below)." */
function incompleteLine(notices: readonly Notice[]): string | undefined {
  const errors = notices.filter((n) => n.level === 'error').length;
  const warnings = notices.filter((n) => n.level === 'warning').length;
  if (!errors && !warnings) return undefined;
  const parts = [errors && `${plural(errors, 'file')} not scanned because of an internal error`, warnings && plural(warnings, 'warning')].filter(Boolean);
  return `**The results may be incomplete**: ${parts.join(' and ')} (see Notices below).`;
}

export function summaryMarkdown(input: SummaryInput): string {
  const budget = Math.min(input.maxBytes ?? DEFAULT_SUMMARY_BYTES, GITHUB_STEP_SUMMARY_BYTES);
  // Fixed shares of the budget; the headings and totals are small and bounded.
  // With an attack-surface diff, it takes a tenth and the other sections share the rest.
  const surface = input.attackSurface;
  const rest = surface?.diff ? 0.9 : 1;
  const share = (fraction: number) => Math.floor((budget - 4096) * fraction * rest);
  const out = ['## fastapi-audit', ''];
  if (surface?.diff) {
    const location = (file: string, line: number) => locationCell(file, line, input);
    out.push(attackSurfaceMarkdown(surface.diff, { maxBytes: Math.floor((budget - 4096) * 0.1), location, ...(surface.subject ? { subject: surface.subject } : {}) }), '');
  }
  out.push(...totals(input.findings));
  const incomplete = incompleteLine(input.notices ?? []);
  if (incomplete) out.push('', incomplete);

  if (input.findings.some((f) => !f.suppression)) out.push('', '### Findings', '', findingsTable(input, share(0.55)));
  const omitted = input.omittedAnnotations ?? 0;
  if (omitted > 0) {
    out.push('', `${plural(omitted, 'annotation')} not shown: GitHub shows a limited number per step, most severe first. Every finding is listed here and in the SARIF file.`);
  }
  const outside = input.outsidePullRequest ?? 0;
  if (outside > 0) {
    out.push(
      '',
      `${plural(outside, 'finding')} in files this pull request does not change ${outside === 1 ? 'is' : 'are'} not annotated; ${outside === 1 ? 'it is' : 'they are'} listed here and in the SARIF file.`,
    );
  }
  if (surface?.note && !surface.diff) out.push('', `*${escapeInline(surface.note)}*`);
  if (input.inventory) out.push('', ...inventorySection(input.inventory, input, share(0.4)));
  if (input.notices?.length) out.push('', '### Notices', '', ...noticeLines(input.notices, input, share(0.05)));
  return `${out.join('\n')}\n`;
}
