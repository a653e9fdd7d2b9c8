/**
 * The `# fastapi-audit: ...` comment syntax:
 *
 *   # fastapi-audit: ignore[FA101] reason text
 *   # fastapi-audit: ignore[FA101, apikey-in-query]: reason text
 *   # fastapi-audit: public [reason text]
 *
 * A directive may follow other comment text after its own `#` (`# noqa: E501  # fastapi-audit: ...`).
 * Keywords are case-insensitive; the reason may be set off by `:`, `-`, `--` or `—`.
 */
import type { Comment } from '../facts/ir.js';

export type Directive =
  | { kind: 'ignore'; rules: string[]; reason: string }
  | { kind: 'public'; reason: string }
  /** Says `fastapi-audit:` but is neither of the above (a typo such as `ignroe[FA101]` or `ignore FA101`). */
  | { kind: 'invalid'; text: string };

/** A directive with the comment it was written in. */
export type Located<D extends Directive = Directive> = D & { file: string; comment: Comment };

const DIRECTIVE = /(?:^|#)\s*fastapi-audit\s*:\s*(.*)$/i;
const IGNORE = /^ignore\s*\[([^\]]*)\](.*)$/is;
const PUBLIC = /^public(?![\w-])(.*)$/is;

const reasonOf = (rest: string): string =>
  rest
    .trim()
    .replace(/^[:\-–—]+\s*/, '')
    .trim();

/** The directive in a comment, or undefined when the comment holds none. */
export function parseDirective(text: string): Directive | undefined {
  const m = DIRECTIVE.exec(text);
  if (!m) return undefined;
  const body = m[1]!.trim();
  const ignore = IGNORE.exec(body);
  if (ignore) {
    const rules = ignore[1]!
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '');
    return rules.length > 0 ? { kind: 'ignore', rules, reason: reasonOf(ignore[2]!) } : { kind: 'invalid', text: body };
  }
  const pub = PUBLIC.exec(body);
  if (pub) return { kind: 'public', reason: reasonOf(pub[1]!) };
  return { kind: 'invalid', text: body };
}

/** Every directive in the given comments, in file then line order. */
export function directivesIn(commentsByFile: ReadonlyMap<string, readonly Comment[]>): Located[] {
  const out: Located[] = [];
  for (const file of [...commentsByFile.keys()].sort()) {
    const comments = [...commentsByFile.get(file)!].sort((a, b) => a.line - b.line || a.column - b.column);
    for (const comment of comments) {
      const d = parseDirective(comment.text);
      if (d) out.push({ ...d, file, comment });
    }
  }
  return out;
}
