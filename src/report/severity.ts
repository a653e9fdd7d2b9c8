import { SEVERITIES, SEVERITY_RANK, type Finding, type Severity } from '../types.js';
import { compareLocations, compareStrings } from './location.js';

/** SARIF `level` (and rule `defaultConfiguration.level`) for a severity. */
export type SarifLevel = 'error' | 'warning' | 'note';
/** Workflow-command annotation level for a severity. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

const SARIF_LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  note: 'note',
};

const ANNOTATION_LEVEL: Record<Severity, AnnotationLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  note: 'notice',
};

/**
 * `properties.security-severity` per severity. GitHub maps the score back to a label: over 9.0 is
 * critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low (docs: "SARIF support for code scanning",
 * reportingDescriptor object). Each value sits inside its band, away from the edges, so it reads as
 * the same label GitHub shows; `note` is the bottom of "low" (GitHub has no lower security label).
 */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  note: '1.0',
};

export function sarifLevel(severity: Severity): SarifLevel {
  return SARIF_LEVEL[severity];
}

export function annotationLevel(severity: Severity): AnnotationLevel {
  return ANNOTATION_LEVEL[severity];
}

export function countBySeverity(findings: readonly Pick<Finding, 'severity'>[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, note: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** "1 critical, 2 high" — non-zero severities only, most severe first; "" when all are zero. */
export function severityBreakdown(counts: Record<Severity, number>): string {
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The rest of a finding, for the last tie-break: findings that differ only there still sort totally. */
function tail(f: Finding): string {
  const related = f.related?.map((r) => [r.file, r.line, r.column, r.endLine, r.endColumn, r.message]);
  return JSON.stringify([f.severity, f.suppression?.kind, f.suppression?.justification, f.baseline, related]);
}

/** Reading order: file, line, column, rule, message, key; then everything else, so the order is total. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareLocations(a.location, b.location) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message) ||
    compareStrings(a.fingerprint, b.fingerprint) ||
    compareStrings(tail(a), tail(b))
  );
}

/** Most severe first, then reading order. */
export function compareBySeverity(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareFindings(a, b);
}
