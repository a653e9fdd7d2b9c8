/**
 * The compact tree both walks write (src/parse/light.ts with a cursor, src/parse/heap.ts from the
 * WASM heap) and the extractor reads: struct-of-arrays by node index, nodes in preorder, the root 0.
 * Its own module, so that neither walk imports the other.
 */
import type { Language } from 'web-tree-sitter';

export interface TypeTable {
  names: string[];
  named: boolean[];
  /** Types that never have children: read as leaves without asking the cursor for a child. */
  terminal: boolean[];
  /** Types whose text is not covered by their children (string content around escapes): span read directly. */
  ownSpan: boolean[];
}

const OWN_SPAN = new Set(['string_content', 'format_specifier']);

const NAMED_TERMINALS = new Set([
  'identifier',
  'integer',
  'float',
  'comment',
  'string_start',
  'string_end',
  'escape_sequence',
  'line_continuation',
  'ellipsis',
  'true',
  'false',
  'none',
]);

const tables = new WeakMap<Language, TypeTable>();

/** tree-sitter's `ts_builtin_sym_error`. */
const ERROR_SYMBOL = 0xffff;

export function typeTable(lang: Language): TypeTable {
  let t = tables.get(lang);
  if (!t) {
    const names: string[] = [];
    const named: boolean[] = [];
    const terminal: boolean[] = [];
    const ownSpan: boolean[] = [];
    for (let i = 0; i < lang.nodeTypeCount; i++) {
      const name = lang.nodeTypeForId(i) ?? '';
      const isNamed = lang.nodeTypeIsNamed(i);
      names.push(name);
      named.push(isNamed);
      terminal.push(!isNamed || NAMED_TERMINALS.has(name));
      ownSpan.push(OWN_SPAN.has(name));
    }
    // ERROR nodes carry the builtin symbol 0xffff, outside the grammar's own ids: give it a row (and
    // fill the ids between, so the arrays stay dense) so that the extractor can recover inside them.
    for (let i = names.length; i <= ERROR_SYMBOL; i++) {
      const isError = i === ERROR_SYMBOL;
      names.push(isError ? 'ERROR' : '');
      named.push(isError);
      terminal.push(!isError);
      ownSpan.push(false);
    }
    t = { names, named, terminal, ownSpan };
    tables.set(lang, t);
  }
  return t;
}

/** An array of the same kind, twice as long, holding the first `keep` entries of `a`. */
export function doubled<T extends Uint16Array | Int32Array>(a: T, keep: number): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a.subarray(0, keep));
  return b;
}

export class LightTree {
  n = 0;
  type: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  first: Int32Array;
  next: Int32Array;

  constructor(
    public source: string,
    readonly types: TypeTable,
    capacity: number,
  ) {
    this.type = new Uint16Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.first = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  /** Empties the copy for another source, keeping its arrays (`add` initialises each node). */
  reset(source: string): void {
    this.source = source;
    this.n = 0;
  }

  private grow(): void {
    const n = this.n;
    this.type = doubled(this.type, n);
    this.start = doubled(this.start, n);
    this.end = doubled(this.end, n);
    this.first = doubled(this.first, n);
    this.next = doubled(this.next, n);
  }

  add(type: number): number {
    if (this.n === this.type.length) this.grow();
    const i = this.n++;
    this.type[i] = type;
    this.start[i] = 0;
    this.end[i] = 0;
    this.first[i] = -1;
    this.next[i] = -1;
    return i;
  }
}
