/**
 * What both entry points do with a ScanResult: decide the exit status, write SARIF and inventory
 * files atomically (temp file + rename: never a half-written output).
 */
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inventoryJson } from '../report/json.js';
import { sarifJson, toSarif, truncationNotice } from '../report/sarif.js';
import { SEVERITY_RANK, type FailOn, type Finding, type Notice } from '../types.js';
import { VERSION } from '../version.js';
import type { ScanResult } from './scan.js';

/** Findings that count against `fail-on`: not suppressed and not already in the baseline. */
export function activeFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppression && f.baseline !== 'unchanged');
}

export function failing(findings: readonly Finding[], failOn: FailOn): Finding[] {
  if (failOn === 'none') return [];
  const min = SEVERITY_RANK[failOn];
  return activeFindings(findings).filter((f) => SEVERITY_RANK[f.severity] >= min);
}

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

export function sarifText(result: ScanResult, opts: { automationId?: string; pathPrefix?: string; executionSuccessful?: boolean } = {}): { text: string; notice?: Notice } {
  const out = toSarif({
    findings: result.findings,
    rules: result.rules,
    severityOf: result.severityOf,
    notices: result.notices,
    toolVersion: VERSION,
    ...(opts.automationId ? { automationId: opts.automationId } : {}),
    ...(opts.pathPrefix ? { pathPrefix: opts.pathPrefix } : {}),
    ...(opts.executionSuccessful === false ? { executionSuccessful: false } : {}),
  });
  const notice = truncationNotice(out.truncated);
  return notice ? { text: sarifJson(out.sarif), notice } : { text: sarifJson(out.sarif) };
}

export function inventoryText(result: ScanResult): string {
  return inventoryJson(result.inventory);
}
