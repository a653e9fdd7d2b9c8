/**
 * SARIF 2.1.0 for GitHub code scanning. `toSarif` is a pure function of its input: everything is
 * sorted, nothing depends on time, the machine or absolute paths, and GitHub's documented limits
 * are applied here (most severe results kept) with a record of what was left out.
 */
import type * as Sarif from 'sarif';
import { SEVERITY_RANK, type Finding, type Location, type Notice, type RuleMeta, type Severity } from '../types.js';
import { REPO_URL, ruleDocUrl, ruleHelpText, ruleMarkdown } from './docs.js';
import { fingerprintOf } from './fingerprint.js';
import { encodePath, repoPath, wellFormed } from './paths.js';
import { cleanRange, compareLocations, compareStrings, positiveInt } from './location.js';
import { SECURITY_SEVERITY, compareFindings, plural, sarifLevel } from './severity.js';

export const TOOL_NAME = 'fastapi-audit';
const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Our key in `partialFingerprints` (GitHub fills `primaryLocationLineHash` itself on upload). */
export const FINGERPRINT_KEY = 'fastapiAudit/v1';
const SRCROOT = '%SRCROOT%';

/**
 * GitHub code scanning limits on one SARIF upload, from
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 * ("Validating your SARIF file" and the reportingDescriptor table) and
 * https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit :
 * runs per file 20; results per run 25,000 (only the top 5,000 by severity are kept); rules per run
 * 25,000; locations per result 1,000 (100 shown); tags per rule 20 (10 shown); rule `name` up to 255
 * characters; `shortDescription`/`fullDescription` up to 1,024; gzip-compressed file up to 10 MB.
 * Where GitHub silently keeps a subset we apply the display limit ourselves, so that we choose what is
 * kept (the most severe) and can say so.
 */
export const GITHUB_SARIF_LIMITS = {
  results: 5_000,
  rules: 25_000,
  /** We emit one primary location per result; this bounds `relatedLocations`. */
  relatedLocations: 100,
  tags: 10,
  ruleNameChars: 255,
  descriptionChars: 1_024,
  /** Uncompressed size, which bounds the gzip-compressed size GitHub checks (10 MB). */
  fileBytes: 10_000_000,
  /** Not GitHub limits: our own bounds so that one odd input cannot blow up the file. */
  messageChars: 4_000,
  notifications: 1_000,
} as const;

type SarifLimits = { -readonly [K in keyof typeof GITHUB_SARIF_LIMITS]: number };

export interface SarifInput {
  findings: readonly Finding[];
  /** The rules that ran (all of them appear in `tool.driver.rules`, with or without results). */
  rules: readonly RuleMeta[];
  /** Configured severity of a rule (`rules:` in the config); defaults to the rule's default severity. */
  severityOf?: (ruleId: string) => Severity;
  notices?: readonly Notice[];
  toolVersion: string;
  /** `runAutomationDetails.id`: "category/" or "category/run-id" (default "fastapi-audit/"). */
  automationId?: string;
  /** The scan root's path inside the repository (`services/api`), prepended to every URI. */
  pathPrefix?: string;
  limits?: Partial<SarifLimits>;
  /**
   * `invocations[0].executionSuccessful` (default true). SARIF §3.20.14: false means the tool
   * "terminated with an exit code that denotes failure": the entry points set it false only when they
   * exit with status 2 for an incomplete scan (`--strict`). Without `--strict` a file the engine
   * failed on is an error-level notification in a run that succeeded (SARIF Appendix I: then the
   * results "cannot be assumed to be complete"). GitHub code scanning does not process the results
   * of a SARIF file whose execution was unsuccessful ("unsuccessful execution", github/codeql-action
   * #1316, #1393): one bad file must not keep every other finding off the dashboard.
   */
  executionSuccessful?: boolean;
}

/** What `toSarif` left out to respect the limits (all zero when nothing was). */
export interface SarifTruncation {
  results: number;
  relatedLocations: number;
  notifications: number;
  rules: number;
  tags: number;
  /** Messages and descriptions shortened. */
  texts: number;
}

export interface SarifOutput {
  sarif: Sarif.Log;
  truncated: SarifTruncation;
}

function clip(text: string, max: number, counter: SarifTruncation): string {
  const clean = wellFormed(text);
  if (clean.length <= max) return clean;
  counter.texts++;
  return `${clean.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

function physicalLocation(l: Pick<Location, 'file'> & Partial<Location>, prefix: string | undefined): Sarif.PhysicalLocation {
  const p: Sarif.PhysicalLocation = { artifactLocation: { uri: encodePath(repoPath(l.file, prefix)), uriBaseId: SRCROOT } };
  if (l.line !== undefined) p.region = cleanRange(l);
  return p;
}

/**
 * Plain-text SARIF messages treat `[text](N)` as a link to location N (§3.11.6); break that
 * sequence in text that comes from the scanned code so it can never dangle.
 */
function plainMessage(text: string): string {
  return text.replace(/\]\(/g, '] (');
}

/** Link text inside an embedded link: `[`, `]` and `\` are escaped (§3.11.6). */
function linkText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&').replace(/\s+/g, ' ');
}

function ruleDescriptor(meta: RuleMeta, severity: Severity, limits: SarifLimits, counter: SarifTruncation): Sarif.ReportingDescriptor {
  const cwes = [...new Set(meta.cwe)].sort((a, b) => a - b).map((n) => `external/cwe/cwe-${String(n).padStart(3, '0')}`);
  const tags = ['security', ...cwes];
  if (tags.length > limits.tags) counter.tags += tags.length - limits.tags;
  const summary = meta.docs.summary.trim() || meta.id;
  const name = meta.name.trim();
  return {
    id: meta.id,
    // SARIF1001: a name equal to the id must be left out.
    ...(name && name !== meta.id ? { name: clip(name, limits.ruleNameChars, counter) } : {}),
    // GitHub requires both descriptions and rejects empty strings.
    shortDescription: { text: clip(summary, limits.descriptionChars, counter) },
    fullDescription: { text: clip(meta.docs.what.trim() || summary, limits.descriptionChars, counter) },
    help: { text: ruleHelpText(meta), markdown: ruleMarkdown(meta) },
    helpUri: ruleDocUrl(meta.id),
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: {
      tags: tags.slice(0, limits.tags),
      precision: meta.precision,
      'security-severity': SECURITY_SEVERITY[severity],
    },
  };
}

/** A stand-in for a finding whose rule is not among `rules`, so that `ruleIndex` always resolves. */
function unknownRule(id: string, severity: Severity): RuleMeta {
  const summary = `Finding reported by ${id}.`;
  return {
    id,
    name: '',
    defaultSeverity: severity,
    cwe: [],
    precision: 'medium',
    docs: { summary, what: summary, why: '', example: '', fix: '', references: [] },
  };
}

/** How many related locations the message links to (the rest are still listed in relatedLocations). */
const EMBEDDED_LINKS = 10;

function result(f: Finding, ruleIndex: number, input: SarifInput, limits: SarifLimits, counter: SarifTruncation, withSuppressions: boolean): Sarif.Result {
  const related = [...(f.related ?? [])].sort((a, b) => compareLocations(a, b) || compareStrings(a.message, b.message));
  if (related.length > limits.relatedLocations) counter.relatedLocations += related.length - limits.relatedLocations;
  const kept = related.slice(0, limits.relatedLocations);
  // GitHub links related locations only when the message embeds them: "… Related: [the router](1)."
  let text = plainMessage(clip(f.message.trim() || `${f.ruleId} finding.`, limits.messageChars, counter));
  const embedded = kept
    .map((r, i) => ({ r, id: i + 1 }))
    .filter(({ r }) => r.message.trim() !== '')
    .slice(0, EMBEDDED_LINKS)
    .map(({ r, id }) => `[${linkText(clip(r.message.trim(), 200, counter))}](${id})`);
  if (embedded.length) text += ` Related: ${embedded.join(', ')}.`;

  const out: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text },
    locations: [{ physicalLocation: physicalLocation(f.location, input.pathPrefix) }],
  };
  if (kept.length) {
    out.relatedLocations = kept.map((r, i) => {
      const loc: Sarif.Location = { id: i + 1, physicalLocation: physicalLocation(r, input.pathPrefix) };
      if (r.message.trim() !== '') loc.message = { text: plainMessage(clip(r.message.trim(), limits.messageChars, counter)) };
      return loc;
    });
  }
  out.partialFingerprints = { [FINGERPRINT_KEY]: fingerprintOf(f) };
  if (withSuppressions) {
    // §3.27.23: within a run, `suppressions` is present on every result or on none.
    const justification = f.suppression ? clip(f.suppression.justification.trim(), limits.messageChars, counter) : '';
    out.suppressions = f.suppression ? [{ kind: f.suppression.kind, status: 'accepted', ...(justification ? { justification } : {}) }] : [];
  }
  if (f.baseline) out.baselineState = f.baseline;
  out.properties = { severity: f.severity };
  return out;
}

function notification(n: Notice, input: SarifInput, limits: SarifLimits, counter: SarifTruncation): Sarif.Notification {
  const out: Sarif.Notification = {
    level: n.level === 'error' ? 'error' : n.level === 'warning' ? 'warning' : 'note',
    message: { text: plainMessage(clip(n.message.trim() || 'Notice.', limits.messageChars, counter)) },
  };
  if (n.file) out.locations = [{ physicalLocation: physicalLocation({ file: n.file, line: positiveInt(n.line) }, input.pathPrefix) }];
  return out;
}

const NOTICE_RANK: Record<Notice['level'], number> = { error: 3, warning: 2, notice: 1 };

function compareNotices(a: Notice, b: Notice): number {
  return compareStrings(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.level, b.level) || compareStrings(a.message, b.message);
}

/** Which findings to keep first when a limit bites: unsuppressed, not in the baseline, most severe. */
function comparePriority(a: Finding, b: Finding): number {
  return (
    Number(!!a.suppression) - Number(!!b.suppression) ||
    Number(a.baseline === 'unchanged') - Number(b.baseline === 'unchanged') ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareFindings(a, b)
  );
}

/** Bytes `value` takes in `sarifJson` output at nesting `depth` (pretty-printed, 2 spaces), comma included. */
function prettyBytes(value: unknown, depth: number): number {
  const text = JSON.stringify(value, null, 2);
  const lines = text.split('\n').length;
  return Buffer.byteLength(text, 'utf8') + lines * depth * 2 + 2;
}

function noTruncation(): SarifTruncation {
  return { results: 0, relatedLocations: 0, notifications: 0, rules: 0, tags: 0, texts: 0 };
}

export function toSarif(input: SarifInput): SarifOutput {
  const limits: SarifLimits = { ...GITHUB_SARIF_LIMITS, ...input.limits };
  const counter = noTruncation();
  const severityOf = (meta: RuleMeta) => input.severityOf?.(meta.id) ?? meta.defaultSeverity;

  // Rules: the ones that ran, plus a stand-in for any rule id a finding names that is not among them.
  const metas = new Map<string, RuleMeta>();
  for (const m of input.rules) if (!metas.has(m.id)) metas.set(m.id, m);
  const unknown = new Map<string, Severity>(); // most severe finding per unknown rule: independent of order
  for (const f of input.findings) {
    if (metas.has(f.ruleId)) continue;
    const seen = unknown.get(f.ruleId);
    if (!seen || SEVERITY_RANK[f.severity] > SEVERITY_RANK[seen]) unknown.set(f.ruleId, f.severity);
  }
  for (const [id, severity] of unknown) metas.set(id, unknownRule(id, severity));

  // Results: the highest-priority ones within the count limit, then in reading order.
  const ranked = [...input.findings].sort(comparePriority);
  counter.results = Math.max(0, ranked.length - limits.results);
  const chosen = ranked.slice(0, limits.results);

  const used = new Set(chosen.map((f) => f.ruleId));
  const ids = [...metas.keys()].sort(compareStrings);
  const keptIds = [...ids.filter((id) => used.has(id)), ...ids.filter((id) => !used.has(id))].slice(0, Math.max(limits.rules, used.size)).sort(compareStrings);
  counter.rules = ids.length - keptIds.length;
  const ruleIndex = new Map(keptIds.map((id, i) => [id, i]));

  // Notifications: errors, then warnings, then notices within the limit (500 files with syntax
  // errors must not push out the one file the engine failed on), listed in reading order.
  const byLevel = [...(input.notices ?? [])].sort((a, b) => NOTICE_RANK[b.level] - NOTICE_RANK[a.level] || compareNotices(a, b));
  const notices = byLevel.slice(0, limits.notifications).sort(compareNotices);
  counter.notifications = Math.max(0, byLevel.length - limits.notifications);

  const withSuppressions = chosen.some((f) => f.suppression);
  const version = wellFormed(input.toolVersion);
  const driver: Sarif.ToolComponent = {
    name: TOOL_NAME,
    ...(version ? { version } : {}),
    ...(SEMVER.test(version) ? { semanticVersion: version } : {}),
    informationUri: REPO_URL,
    rules: keptIds.map((id) => {
      const meta = metas.get(id)!;
      return ruleDescriptor(meta, severityOf(meta), limits, counter);
    }),
  };
  const run: Sarif.Run = {
    tool: { driver },
    automationDetails: { id: input.automationId ?? `${TOOL_NAME}/` },
    invocations: [
      {
        executionSuccessful: input.executionSuccessful ?? true,
        toolExecutionNotifications: notices.map((n) => notification(n, input, limits, counter)),
      },
    ],
    columnKind: 'utf16CodeUnits',
    results: [],
  };
  const sarif: Sarif.Log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };

  // Size: keep results (in priority order) while the pretty-printed file stays within the limit.
  let budget = limits.fileBytes - Buffer.byteLength(sarifJson(sarif), 'utf8') - 64; // 64: the results array's own brackets
  const kept: { f: Finding; r: Sarif.Result }[] = [];
  for (const f of chosen) {
    const own = noTruncation(); // counted only if the result is kept
    const r = result(f, ruleIndex.get(f.ruleId)!, input, limits, own, withSuppressions);
    const size = prettyBytes(r, 4);
    if (size > budget) break;
    budget -= size;
    kept.push({ f, r });
    counter.relatedLocations += own.relatedLocations;
    counter.texts += own.texts;
  }
  counter.results += chosen.length - kept.length;
  run.results = kept.sort((a, b) => compareFindings(a.f, b.f)).map((k) => k.r);
  return { sarif, truncated: counter };
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** The file's bytes: pretty-printed with two spaces and a final newline (stable, diff-friendly). */
export function sarifJson(sarif: Sarif.Log): string {
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

export function truncationCount(t: SarifTruncation): number {
  return t.results + t.relatedLocations + t.notifications + t.rules + t.tags;
}

/** A notice for the user when `toSarif` left something out (undefined when it did not). */
export function truncationNotice(t: SarifTruncation): Notice | undefined {
  const parts = [
    t.results && `${plural(t.results, 'result')} (the most severe were kept)`,
    t.relatedLocations && plural(t.relatedLocations, 'related location'),
    t.notifications && plural(t.notifications, 'tool notification'),
    t.rules && plural(t.rules, 'rule'),
    t.tags && plural(t.tags, 'rule tag'),
  ].filter(Boolean);
  if (!parts.length) return undefined;
  return {
    level: 'warning',
    message: `The SARIF file leaves out ${parts.join(', ')} to stay within GitHub code scanning limits.`,
  };
}
