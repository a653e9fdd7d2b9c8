/**
 * Terminal output of the CLI: one line per finding and a total, and the `--routes` table.
 * Text from scanned code is made printable first (control characters, ANSI escapes and bidi
 * overrides shown as `\u{…}`), so a crafted file name or message cannot rewrite the terminal.
 */
import type { Finding, Inventory, Notice } from '../types.js';
import { evidenceText, normalizeInventory, routeApps, routeAuth, routeMethods, routeStats } from './inventory.js';
import { wellFormed } from './paths.js';
import { compareFindings, countBySeverity, plural, severityBreakdown } from './severity.js';

// C0/C1 controls, DEL, and the Unicode bidi embeddings/overrides/isolates ("Trojan Source").
// eslint-disable-next-line no-control-regex -- matching control characters is the point: printable() escapes them
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return wellFormed(text).replace(UNPRINTABLE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/**
 * `level: file: message` for a log line. Notices from the parse stage already start with their
 * file, those from discovery (skipped, symlink not followed, …) do not; printable, so a file name
 * holding a line break cannot start a line of its own (in CI, a workflow command).
 */
export function noticeLine(n: Notice, pathPrefix?: string): string {
  const file = n.file === undefined ? undefined : pathPrefix ? `${pathPrefix}/${n.file}` : n.file;
  let text = n.message;
  if (n.file !== undefined && text.startsWith(`${n.file}: `)) text = text.slice(n.file.length + 2);
  return `${n.level}: ${printable(file === undefined ? text : `${file}: ${text}`)}`;
}

export interface TextOptions {
  /** Also list suppressed findings (marked with their justification). */
  showSuppressed?: boolean;
}

const SEVERITY_WIDTH = 'CRITICAL'.length;

function findingLine(f: Finding): string {
  const l = f.location;
  const where = `${printable(l.file)}:${l.line}:${l.column}`;
  const suppressed = f.suppression ? `  (suppressed: ${printable(f.suppression.justification)})` : '';
  return `${where}  ${f.severity.toUpperCase().padEnd(SEVERITY_WIDTH)}  ${printable(f.ruleId)}  ${printable(f.message)}${suppressed}`;
}

/** "3 findings: 1 critical, 2 high; 2 suppressed" / "no findings". */
export function totalLine(findings: readonly Finding[]): string {
  const active = findings.filter((f) => !f.suppression);
  const suppressed = findings.length - active.length;
  const head = active.length ? `${plural(active.length, 'finding')}: ${severityBreakdown(countBySeverity(active))}` : 'no findings';
  return suppressed ? `${head}; ${suppressed} suppressed` : head;
}

/** `file:line:col  SEVERITY  FA101  message` per finding (reading order), then the total line. */
export function formatText(findings: readonly Finding[], opts: TextOptions = {}): string {
  const shown = findings.filter((f) => opts.showSuppressed || !f.suppression).sort(compareFindings);
  return [...shown.map(findingLine), totalLine(findings)].join('\n') + '\n';
}

/** Columns padded to their widest cell; the last column is not padded (no trailing spaces). */
export function aligned(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length))).join('  '));
}

/**
 * The `--routes` table: methods, full path, handler and its file:line, auth, and for `required`
 * routes why (the credential checked and the rejection that depends on it); then the counts.
 */
export function formatRoutes(inventory: Inventory): string {
  const inv = normalizeInventory(inventory);
  const rows = inv.routes.map((r) => [
    routeMethods(r),
    printable(r.path),
    `${printable(r.handler)} (${printable(r.file)}:${r.line})`,
    printable(routeApps(r)),
    routeAuth(r),
    printable(evidenceText(r)),
  ]);
  const s = routeStats(inv);
  const extra = [
    s.public && `${s.public} public`,
    s.optional && `${s.optional} optional`,
    s.conditional && `${s.conditional} conditional`,
    s.unknown && `${s.unknown} unknown`,
  ].filter(Boolean);
  const total = `${plural(s.routes, 'route')}: ${s.unauthenticated} unauthenticated${extra.length ? `, ${extra.join(', ')}` : ''}`;
  const unincluded = inv.unincluded.length ? [`${plural(inv.unincluded.length, 'route')} on routers no app includes (not served; the inventory's \`unincluded\`)`] : [];
  if (!rows.length) return ['no routes', ...unincluded].join('\n') + '\n';
  const lines = aligned([['METHODS', 'PATH', 'HANDLER', 'APPS', 'AUTH', 'WHY'], ...rows]).map((l) => l.trimEnd());
  return [...lines, total, ...unincluded].join('\n') + '\n';
}
