/**
 * Line numbers for TOML keys. smol-toml returns values without positions, so to say *where* a bad
 * key is we scan the text line by line for table headers (`[a.b]`, `[[a.b]]`) and assignments
 * (`key =`, `a."b.c" =`), tracking the current table and the index of each array of tables, and
 * skipping the inside of multi-line strings. This only locates keys: every value the tool uses
 * comes from smol-toml, so a line the scan gets wrong costs precision of a message, never
 * correctness. A value inside an inline array or table is reported on its key's line.
 */

type Path = ReadonlyArray<string | number>;

interface KeyLine {
  line: number;
  path: Array<string | number>;
}

const KEY = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const DOTTED = String.raw`${KEY}(?:\s*\.\s*${KEY})*`;
const HEADER = new RegExp(String.raw`^\s*(\[\[?)\s*(${DOTTED})\s*\]`);
const ASSIGN = new RegExp(String.raw`^\s*(${DOTTED})\s*=(.*)$`);
const SEGMENT = new RegExp(KEY, 'g');
const MULTILINE = /"""|'''/g;

function unquote(segment: string): string {
  if (segment.startsWith("'")) return segment.slice(1, -1);
  if (!segment.startsWith('"')) return segment;
  try {
    return JSON.parse(segment) as string;
  } catch {
    return segment.slice(1, -1);
  }
}

const splitKey = (dotted: string): string[] => (dotted.match(SEGMENT) ?? []).map(unquote);

/** Every header and assignment in the document with its full key path (array-of-table elements indexed). */
export function tomlKeyLines(text: string): KeyLine[] {
  const out: KeyLine[] = [];
  const arrayCounts = new Map<string, number>();
  let table: Array<string | number> = [];
  let openString: string | undefined;

  // A header's keys, with the current element index inserted after each array-of-tables prefix.
  const resolve = (keys: string[]): Array<string | number> =>
    keys.flatMap((k, i) => {
      const n = arrayCounts.get(keys.slice(0, i + 1).join('\0'));
      return n === undefined ? [k] : [k, n - 1];
    });

  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = i + 1;
    if (openString) {
      if (raw.includes(openString)) openString = undefined;
      return;
    }
    const header = HEADER.exec(raw);
    if (header) {
      const keys = splitKey(header[2]!);
      if (header[1] === '[[') {
        const id = keys.join('\0');
        arrayCounts.set(id, (arrayCounts.get(id) ?? 0) + 1);
      }
      table = resolve(keys);
      out.push({ line, path: table });
      return;
    }
    const assign = ASSIGN.exec(raw);
    if (!assign) return;
    out.push({ line, path: [...table, ...splitKey(assign[1]!)] });
    const delimiters = assign[2]!.match(MULTILINE) ?? [];
    if (delimiters.length % 2 === 1) openString = delimiters[0];
  });
  return out;
}

const same = (a: string | number, b: string | number): boolean => String(a) === String(b);
const isPrefix = (prefix: Path, of: Path): boolean => prefix.length <= of.length && prefix.every((s, i) => same(s, of[i]!));

/**
 * The line of the key that best locates `path`: the deepest header or assignment whose path is a
 * prefix of it (`rules.FA101` for `rules.FA101.severity` written inline), else the first line
 * under it (a table written only through dotted keys).
 */
export function tomlLineOf(lines: readonly KeyLine[], path: Path): number | undefined {
  let best: KeyLine | undefined;
  for (const l of lines) {
    if (isPrefix(l.path, path) && (!best || l.path.length > best.path.length)) best = l;
  }
  return (best ?? lines.find((l) => isPrefix(path, l.path)))?.line;
}
