/**
 * A rule is metadata (id, name, severity, CWE, docs) plus message templates and a check over the
 * linked Project model, in the manner of ESLint rules: `check(ctx)` calls `ctx.report(...)`.
 */
import type { Config } from '../config/types.js';
import type { Project } from '../model/project.js';
import type { SrcLoc } from '../model/values.js';
import type { Finding, RelatedLocation, RuleMeta, Severity } from '../types.js';

export interface Report<M extends string> {
  messageId: M;
  /** Values for the template's `{name}` placeholders. */
  data: Record<string, string | number>;
  at: SrcLoc;
  /** Line-independent identity of the finding (rule id and file are added by the fingerprint). */
  key: string;
  severity?: Severity;
  related?: Array<{ at: SrcLoc; message: string }>;
  /** Further lines where an inline suppression also counts (e.g. a route's `def` line). */
  suppressLines?: number[];
  /**
   * Why the finding is only a note here (the code is an example app, a mock server): the severity
   * becomes `note` and the message says why.
   */
  noteBecause?: string;
}

interface RuleContext<M extends string = string> {
  project: Project;
  config: Config;
  report(r: Report<M>): void;
}

export interface Rule<M extends string = string> {
  meta: RuleMeta;
  /** Message templates by id; placeholders are `{name}`. */
  messages: Record<M, string>;
  check(ctx: RuleContext<M>): void;
}

/** A template cut at its placeholders: text, name, text, name, …, text. */
const compiled = new Map<string, string[]>();

/** Fills `{name}` placeholders; a missing value is a programming error. */
function formatMessage(template: string, data: Record<string, string | number>): string {
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = template.split(/\{(\w+)\}/)));
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    if (!(k in data)) throw new Error(`message placeholder {${k}} has no value`);
    out += String(data[k]) + parts[i + 1]!;
  }
  return out;
}

export function toFinding<M extends string>(rule: Rule<M>, r: Report<M>, severity: Severity): Finding {
  const related: RelatedLocation[] | undefined = r.related?.map((x) => ({
    file: x.at.file,
    line: x.at.line,
    column: x.at.column,
    ...(x.at.endLine ? { endLine: x.at.endLine, endColumn: x.at.endColumn } : {}),
    message: x.message,
  }));
  const f: Finding = {
    ruleId: rule.meta.id,
    severity,
    message: formatMessage(rule.messages[r.messageId], r.data) + (r.noteBecause ? ` Reported as a note: ${r.noteBecause}.` : ''),
    location: {
      file: r.at.file,
      line: r.at.line,
      column: r.at.column,
      ...(r.at.endLine ? { endLine: r.at.endLine, endColumn: r.at.endColumn } : {}),
    },
    fingerprint: r.key,
  };
  if (related && related.length) f.related = related;
  if (r.suppressLines?.length) f.suppressLines = r.suppressLines;
  return f;
}
