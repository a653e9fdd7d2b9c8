/**
 * Inline suppressions (`# fastapi-audit: ignore[...] reason`) and public markers
 * (`# fastapi-audit: public`), read from the comments the parser keeps in FileFacts.
 */
import type { Comment } from '../facts/ir.js';
import type { KnownRule } from '../config/types.js';
import type { Finding, RuleMeta } from '../types.js';
import { directivesIn, type Directive, type Located } from './directives.js';
import { FA001_SUPPRESSION_WITHOUT_REASON, FA002_UNUSED_SUPPRESSION } from './rules.js';

export type CommentsByFile = ReadonlyMap<string, readonly Comment[]>;

export interface InlineOptions {
  /**
   * Ids of the rules that ran. An ignore for a known rule that did not run (disabled in the
   * config) is not reported as unused. Default: every known rule ran.
   */
  ranRuleIds?: ReadonlySet<string>;
}

/** Message templates; `{name}` placeholders are filled from the values given. */
const MESSAGES = {
  noReason: 'Suppression of {rules} gives no reason: write why after the brackets.',
  unused: 'Unused suppression: no {rule} finding on this line or the next.',
  unknownRule: 'Suppression names an unknown rule "{rule}": it suppresses nothing.',
  invalid: 'Not a valid fastapi-audit directive: "{text}" (expected "ignore[RULE] reason" or "public").',
} as const;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
}

/** Rule id for an id (any case) or a name, as written in an ignore. */
function ruleResolver(rules: readonly KnownRule[]): (written: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const r of rules) {
    byKey.set(r.id.toUpperCase(), r.id);
    byKey.set(r.name, r.id);
  }
  return (written) => byKey.get(written.toUpperCase()) ?? byKey.get(written);
}

interface IgnoreEntry {
  written: string;
  id: string | undefined;
  used: boolean;
}

type IgnoreDirective = Located<Extract<Directive, { kind: 'ignore' }>> & { entries: IgnoreEntry[] };

const lineKey = (file: string, line: number): string => `${file}:${line}`;

/**
 * Marks a finding suppressed — `suppression: {kind: 'inSource', justification: reason}`, first
 * match wins — when an ignore naming its rule (by id, any case, or by name) sits on the finding's
 * line or the line above, or on one of its `suppressLines` or the line above that.
 *
 * Returns the findings about the suppressions themselves, in file and line order: FA001 for an
 * ignore without a reason (it still applies), FA002 for each ignored rule that matched nothing,
 * for an unknown rule, and for a malformed directive. `rules`: every known rule.
 */
export function applyInlineSuppressions(findings: Finding[], commentsByFile: CommentsByFile, rules: readonly KnownRule[], options: InlineOptions = {}): Finding[] {
  const resolve = ruleResolver(rules);
  const directives = directivesIn(commentsByFile).map((d) =>
    d.kind === 'ignore' ? { ...d, entries: d.rules.map((written): IgnoreEntry => ({ written, id: resolve(written), used: false })) } : d,
  );
  const ignoresAt = new Map<string, IgnoreDirective[]>();
  for (const d of directives) {
    if (d.kind !== 'ignore') continue;
    const key = lineKey(d.file, d.comment.line);
    ignoresAt.set(key, [...(ignoresAt.get(key) ?? []), d]);
  }
  const ignoresFor = (file: string, line: number): IgnoreDirective[] => ignoresAt.get(lineKey(file, line)) ?? [];

  for (const f of findings) {
    for (const line of new Set([f.location.line, ...(f.suppressLines ?? [])])) {
      for (const ignore of [...ignoresFor(f.location.file, line), ...ignoresFor(f.location.file, line - 1)]) {
        for (const entry of ignore.entries.filter((e) => e.id === f.ruleId)) {
          entry.used = true;
          f.suppression ??= { kind: 'inSource', justification: ignore.reason };
        }
      }
    }
  }

  const report = new SuppressionFindings();
  for (const d of directives) {
    if (d.kind === 'invalid') report.add(FA002_UNUSED_SUPPRESSION, d, `invalid|${d.text}`, fill(MESSAGES.invalid, { text: d.text }));
    if (d.kind !== 'ignore') continue;
    if (!d.reason) report.add(FA001_SUPPRESSION_WITHOUT_REASON, d, `no-reason|${d.rules.join(',')}`, fill(MESSAGES.noReason, { rules: d.rules.join(', ') }));
    for (const entry of d.entries) {
      if (entry.used || (entry.id && options.ranRuleIds && !options.ranRuleIds.has(entry.id))) continue;
      const message = fill(entry.id ? MESSAGES.unused : MESSAGES.unknownRule, { rule: entry.written });
      report.add(FA002_UNUSED_SUPPRESSION, d, `unused|${entry.written}|${d.reason}`, message);
    }
  }
  return report.findings;
}

/** Builds FA001/FA002 findings with fingerprints that survive lines moving (n-th occurrence per file). */
class SuppressionFindings {
  readonly findings: Finding[] = [];
  private readonly seen = new Map<string, number>();

  add(rule: RuleMeta, d: Located, key: string, message: string): void {
    const counter = `${d.file}\0${rule.id}\0${key}`;
    const n = (this.seen.get(counter) ?? 0) + 1;
    this.seen.set(counter, n);
    const { line, column, text } = d.comment;
    this.findings.push({
      ruleId: rule.id,
      severity: rule.defaultSeverity,
      message,
      location: { file: d.file, line, column, endLine: line, endColumn: column + text.length },
      fingerprint: `${key}#${n}`,
    });
  }
}

/** `file:line` of every `# fastapi-audit: public` comment. */
export function publicMarkers(commentsByFile: CommentsByFile): Set<string> {
  return new Set(
    directivesIn(commentsByFile)
      .filter((d) => d.kind === 'public')
      .map((d) => lineKey(d.file, d.comment.line)),
  );
}

/**
 * Whether a `# fastapi-audit: public` marker applies to a route: on its decorator line (or the
 * `add_api_route(...)` call line), on the line above its first decorator, or on its `def` line.
 */
export function isMarkedPublic(markers: ReadonlySet<string>, file: string, route: { line: number; firstDecoratorLine?: number; defLine?: number }): boolean {
  const lines = [route.line, (route.firstDecoratorLine ?? route.line) - 1, route.defLine];
  return lines.some((l) => l !== undefined && markers.has(lineKey(file, l)));
}
