/**
 * Source locations of the IR: line, column, end line and end column (1-based; columns count UTF-16
 * code units, SARIF's default column kind), kept in one table of int32s for the whole process and
 * named by their index.
 *
 * Every statement and expression has one, millions on a large tree: as an array each cost about 80
 * bytes and an object for the garbage collector to trace and copy (a fifth of the main thread's
 * heap on the benchmark tree); as an index into this table, 16 bytes and nothing to trace. Entries
 * are never freed on the main thread: a process runs one scan, and a location must stay readable
 * as long as anything holds it; a parse worker empties its table between messages (`resetLocs`). Locations do not cross threads: the wire format (src/parse/wire.ts) sends the four
 * numbers and the reader makes a location of them on the main thread.
 */
export type Loc = number & { readonly __loc: unique symbol };

const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const chunks: Int32Array[] = [];
let count = 0;

export function makeLoc(line: number, column: number, endLine: number, endColumn: number): Loc {
  const i = count++;
  const k = i >>> CHUNK_BITS;
  const chunk = chunks[k] ?? (chunks[k] = new Int32Array(4 * CHUNK));
  const o = (i & (CHUNK - 1)) << 2;
  chunk[o] = line;
  chunk[o + 1] = column;
  chunk[o + 2] = endLine;
  chunk[o + 3] = endColumn;
  return i as Loc;
}

/**
 * Empties the table (its chunks are kept for reuse). Only for a thread that has handed over all the
 * IR it made, and holds none: a parse worker between messages. Every location made before is void.
 */
export function resetLocs(): void {
  count = 0;
}

/** One of the four numbers: 0 line, 1 column, 2 end line, 3 end column. */
function part(l: Loc, p: number): number {
  const chunk = chunks[l >>> CHUNK_BITS];
  if (chunk === undefined || !(l >= 0 && l < count) || (l | 0) !== l) throw new Error(`not a location: ${l}`);
  return chunk[((l & (CHUNK - 1)) << 2) + p]!;
}

export const locLine = (l: Loc): number => part(l, 0);
export const locColumn = (l: Loc): number => part(l, 1);
export const locEndLine = (l: Loc): number => part(l, 2);
export const locEndColumn = (l: Loc): number => part(l, 3);

/** `[line, column, endLine, endColumn]`. */
export function locParts(l: Loc): [line: number, column: number, endLine: number, endColumn: number] {
  return [part(l, 0), part(l, 1), part(l, 2), part(l, 3)];
}

/** IR keys that hold a location. */
const LOC_KEYS = new Set(['loc', 'defLoc']);

/**
 * A deep copy of IR data with every location as its four numbers, keys (and keys whose value is
 * undefined) kept in order: what JSON of the IR shows (snapshots, the wire's JSON fallback).
 * Iterative: the IR can nest deeper than the stack.
 */
export function withLocParts(root: unknown): unknown {
  const out: Record<string | number, unknown> = {};
  const stack: Array<[unknown, Record<string | number, unknown>, string | number]> = [[root, out, 'v']];
  while (stack.length) {
    const [x, into, key] = stack.pop()!;
    if (typeof key === 'string' && LOC_KEYS.has(key) && typeof x === 'number') into[key] = locParts(x as Loc);
    else if (Array.isArray(x)) {
      const a: unknown[] = new Array(x.length);
      into[key] = a;
      for (let i = 0; i < x.length; i++) stack.push([x[i], a as unknown as Record<number, unknown>, i]);
    } else if (x !== null && typeof x === 'object') {
      const o: Record<string, unknown> = {};
      into[key] = o;
      for (const k of Object.keys(x)) {
        o[k] = undefined; // the key, in its place
        stack.push([(x as Record<string, unknown>)[k], o, k]);
      }
    } else into[key] = x;
  }
  return out.v;
}

/** Calls `f` with every location of IR data and a setter for it. Iterative: the IR can nest deeper than the stack. */
function eachLoc(root: unknown, f: (loc: Loc, set: (l: Loc) => void) => void): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      for (const v of x) if (v !== null && typeof v === 'object') stack.push(v);
    } else if (x !== null && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const v = o[k];
        if (LOC_KEYS.has(k) && typeof v === 'number') f(v as Loc, (l) => (o[k] = l));
        else if (v !== null && typeof v === 'object') stack.push(v);
      }
    }
  }
}

/**
 * The locations IR data holds, with their four numbers: `[loc, line, column, endLine, endColumn, …]`.
 * With `relocate` on the other side, IR sent as JSON (whose locations are this thread's indices)
 * gets locations of the receiving thread's table; numbers are replaced by numbers, which keeps the
 * parsed objects as JSON.parse made them.
 */
export function locsOf(root: unknown): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  eachLoc(root, (l) => {
    if (seen.has(l)) return;
    seen.add(l);
    out.push(l, ...locParts(l));
  });
  return out;
}

/** Replaces, in place, the locations of another thread (listed by `locsOf` there) with locations of this one. */
export function relocate<T>(root: T, locs: number[]): T {
  const map = new Map<number, Loc>();
  for (let i = 0; i + 4 < locs.length; i += 5) map.set(locs[i]!, makeLoc(locs[i + 1]!, locs[i + 2]!, locs[i + 3]!, locs[i + 4]!));
  eachLoc(root, (l, set) => {
    const m = map.get(l);
    if (m === undefined) throw new Error(`location ${l} was not sent`);
    set(m);
  });
  return root;
}
