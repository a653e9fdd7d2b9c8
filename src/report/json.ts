/**
 * Machine-readable outputs: findings (`--format json`) and the route inventory (`--inventory`).
 * Both have a fixed shape (every key always present, `null` when unknown), a fixed key order and
 * sorted arrays, so the same input gives the same bytes.
 */
import type { Finding, Inventory, Severity } from '../types.js';
import { fingerprintOf } from './fingerprint.js';
import { normalizeInventory } from './inventory.js';
import { compareLocations, compareStrings } from './location.js';
import { compareFindings, countBySeverity } from './severity.js';

interface RelatedJson {
  file: string;
  line: number;
  column: number;
  endLine: number | null;
  endColumn: number | null;
  message: string;
}

export interface FindingJson {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number | null;
  endColumn: number | null;
  /** `fingerprintOf(finding)`: the hash SARIF `partialFingerprints` and baselines use. */
  fingerprint: string;
  suppressed: boolean;
  suppression: { kind: 'inSource' | 'external'; justification: string } | null;
  baseline: 'new' | 'unchanged' | null;
  related: RelatedJson[];
}

export interface FindingsJson {
  version: 1;
  /** Unsuppressed findings by severity, and how many were suppressed. */
  counts: Record<Severity, number> & { total: number; suppressed: number };
  findings: FindingJson[];
}

export function findingJson(f: Finding): FindingJson {
  const l = f.location;
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: l.file,
    line: l.line,
    column: l.column,
    endLine: l.endLine ?? null,
    endColumn: l.endColumn ?? null,
    fingerprint: fingerprintOf(f),
    suppressed: f.suppression !== undefined,
    suppression: f.suppression ? { kind: f.suppression.kind, justification: f.suppression.justification } : null,
    baseline: f.baseline ?? null,
    related: [...(f.related ?? [])]
      .sort((a, b) => compareLocations(a, b) || compareStrings(a.message, b.message))
      .map((r) => ({ file: r.file, line: r.line, column: r.column, endLine: r.endLine ?? null, endColumn: r.endColumn ?? null, message: r.message })),
  };
}

export function findingsToJson(findings: readonly Finding[]): FindingsJson {
  const active = findings.filter((f) => !f.suppression);
  const bySeverity = countBySeverity(active);
  return {
    version: 1,
    counts: { total: active.length, ...bySeverity, suppressed: findings.length - active.length },
    findings: [...findings].sort(compareFindings).map(findingJson),
  };
}

/** `--format json` output: pretty-printed, final newline. */
export function findingsJson(findings: readonly Finding[]): string {
  return `${JSON.stringify(findingsToJson(findings), null, 2)}\n`;
}

/** The inventory file (DESIGN.md "Inventory JSON"): canonical order, pretty-printed, final newline. */
export function inventoryJson(inventory: Inventory): string {
  return `${JSON.stringify(normalizeInventory(inventory), null, 2)}\n`;
}
