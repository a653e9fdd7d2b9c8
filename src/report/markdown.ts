/**
 * GitHub-flavoured markdown building blocks shared by the job summary and the rule docs.
 * Everything that comes from scanned code (paths, messages, handler names) goes through
 * `escapeInline`, so a file name or message can never inject markup, links, mentions or HTML.
 */
import { wellFormed } from './paths.js';

/**
 * ASCII punctuation that means something inline in GFM or on GitHub: emphasis, code, links and
 * images, HTML and entities, table pipes, strikethrough, math (`$`), mentions and issue refs.
 * CommonMark lets any ASCII punctuation be backslash-escaped, so escaping is always safe.
 */
const INLINE_SPECIAL = /[\\`*_[\]<>|~&$@#!]/g;

/** Text for a single-line markdown context (a table cell, a list item): escaped, newlines as `<br>`. */
export function escapeInline(text: string): string {
  return (
    wellFormed(text)
      .replace(INLINE_SPECIAL, '\\$&')
      .replace(/\r\n?|\n/g, '<br>')
      // eslint-disable-next-line no-control-regex -- matching control characters is the point: they become spaces
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
  );
}

/**
 * Markdown we wrote ourselves (a rule's summary) for a table cell: code spans and emphasis stay,
 * only what would break the table or open HTML is escaped. Never for text from scanned code.
 */
export function authoredCell(markdown: string): string {
  return wellFormed(markdown)
    .replace(/[|<>]/g, '\\$&')
    .replace(/\r\n?|\n/g, '<br>');
}

/** A fenced code block whose fence is longer than any backtick run inside `code`. */
export function fence(code: string, lang = ''): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${lang}\n${code.replace(/\n+$/, '')}\n${ticks}`;
}

export function link(text: string, url: string): string {
  return `[${escapeInline(text)}](${url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c))})`;
}

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export interface TableLimits {
  /** Most rows to print. */
  maxRows: number;
  /** Most UTF-8 bytes for the whole table, header and truncation line included. */
  maxBytes: number;
}

/**
 * A markdown table of pre-escaped cells. Rows past `maxRows` or `maxBytes` are left out and a line
 * says how many (`… 12 more findings not shown.`), so the output is bounded whatever the input.
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], limits: TableLimits, noun: string): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const out = [line(headers), line(headers.map(() => '---'))];
  let bytes = utf8Length(out.join('\n')) + 200; // reserve room for the truncation line
  let shown = 0;
  for (const row of rows) {
    if (shown >= limits.maxRows) break;
    const text = line(row);
    const size = utf8Length(text) + 1;
    if (bytes + size > limits.maxBytes) break;
    out.push(text);
    bytes += size;
    shown++;
  }
  const rest = rows.length - shown;
  if (rest > 0) out.push('', `*… ${rest} more ${noun} not shown.*`);
  return out.join('\n');
}
