/**
 * Workflow annotations (`core.error/warning/notice(message, properties)`): which findings to
 * annotate, in which order, and how many GitHub would not show.
 *
 * GitHub shows a bounded number of annotations per step: "GitHub Actions are limited to 10 warning
 * annotations and 10 error annotations per step" (REST docs, check runs `output.annotations`,
 * https://docs.github.com/en/rest/checks/runs), and 50 per job in total (actions/toolkit PR #734,
 * https://github.com/actions/toolkit/pull/734). Notices are not documented; we assume the same 10.
 * So we emit at most `limit` per level (10 × 3 ≤ 50), most severe first, and count the rest.
 */
import type { Finding, RuleMeta } from '../types.js';
import { ruleTitle } from './docs.js';
import { cleanRange } from './location.js';
import { repoPath } from './paths.js';
import { annotationLevel, compareBySeverity, type AnnotationLevel } from './severity.js';

export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

/** Mirrors @actions/core's AnnotationProperties. */
interface AnnotationProperties {
  title: string;
  file: string;
  startLine: number;
  endLine: number;
  /** Only when the annotation is on one line (GitHub rejects columns across lines). */
  startColumn?: number;
  endColumn?: number;
}

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  properties: AnnotationProperties;
}

export interface AnnotationOptions {
  /** Most annotations per level (default 10, what GitHub shows per step). */
  limit?: number;
  /** Repository-relative paths of the files a pull request changes: only these are annotated. */
  changedFiles?: Iterable<string>;
  /** Rule metadata, for titles like `FA101 missing-auth`. */
  rules?: readonly Pick<RuleMeta, 'id' | 'name'>[];
  /** The scan root's path inside the repository (annotation paths are repository-relative). */
  pathPrefix?: string;
  /** Annotations of each level taken by something else in the step (notices that are always annotated). */
  reserved?: Partial<Record<AnnotationLevel, number>>;
}

export interface AnnotationPlan {
  annotations: Annotation[];
  /** Annotations left out because of the per-step limit, by level. */
  omitted: Record<AnnotationLevel, number> & { total: number };
  /** Findings deliberately not annotated. */
  skipped: { suppressed: number; baseline: number; unchangedFiles: number; duplicates: number };
}

function annotationFor(f: Finding, title: string, prefix: string | undefined): Annotation {
  const r = cleanRange(f.location);
  const endLine = r.endLine ?? r.startLine;
  const properties: AnnotationProperties = { title, file: repoPath(f.location.file, prefix), startLine: r.startLine, endLine };
  if (endLine === r.startLine && r.startColumn !== undefined) {
    properties.startColumn = r.startColumn;
    if (r.endColumn !== undefined) properties.endColumn = r.endColumn;
  }
  return { level: annotationLevel(f.severity), message: f.message, properties };
}

export function planAnnotations(findings: readonly Finding[], opts: AnnotationOptions = {}): AnnotationPlan {
  const limit = Math.max(0, opts.limit ?? GITHUB_ANNOTATIONS_PER_LEVEL);
  const names = new Map((opts.rules ?? []).map((r) => [r.id, ruleTitle(r)]));
  const changed = opts.changedFiles ? new Set(opts.changedFiles) : undefined;
  const plan: AnnotationPlan = {
    annotations: [],
    omitted: { error: 0, warning: 0, notice: 0, total: 0 },
    skipped: { suppressed: 0, baseline: 0, unchangedFiles: 0, duplicates: 0 },
  };
  const seen = new Set<string>();
  const perLevel: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };

  for (const f of [...findings].sort(compareBySeverity)) {
    if (f.suppression) {
      plan.skipped.suppressed++;
      continue;
    }
    if (f.baseline === 'unchanged') {
      plan.skipped.baseline++;
      continue;
    }
    const a = annotationFor(f, `${names.get(f.ruleId) ?? f.ruleId} (${f.severity})`, opts.pathPrefix);
    if (changed && !changed.has(a.properties.file)) {
      plan.skipped.unchangedFiles++;
      continue;
    }
    const key = JSON.stringify([a.level, a.message, a.properties]);
    if (seen.has(key)) {
      plan.skipped.duplicates++;
      continue;
    }
    seen.add(key);
    if (perLevel[a.level] >= Math.max(0, limit - (opts.reserved?.[a.level] ?? 0))) {
      plan.omitted[a.level]++;
      plan.omitted.total++;
      continue;
    }
    perLevel[a.level]++;
    plan.annotations.push(a);
  }
  return plan;
}
