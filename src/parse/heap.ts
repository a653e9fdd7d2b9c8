/**
 * A tree cursor that reads tree-sitter's subtrees straight from the WASM heap.
 *
 * The cursor walk of src/parse/light.ts makes four calls into WASM per node; reading the same
 * information from the heap with typed arrays makes none. This file mirrors, line for line, what
 * lib/src/tree_cursor.c does for `goto_first_child`, `goto_next_sibling`, `goto_parent` and the
 * current node's type id and byte range (visibility, aliases, extras, hidden nodes), over the
 * structs of lib/src/subtree.h and the alias tables of `TSLanguage` (lib/src/parser.h), for
 * 32-bit WASM:
 *
 * - a `Subtree` is 8 bytes: a pointer to `SubtreeHeapData`, or (bit 0 set) the inline data of a
 *   small leaf (byte 0: is_inline, visible, named, extra bits; byte 1 symbol; byte 6 padding bytes;
 *   byte 7 size bytes);
 * - `SubtreeHeapData`: padding.bytes at 4, size.bytes at 16, child_count at 36, symbol at 40,
 *   flags at 44 (visible, named, extra), visible_child_count at 48, production_id at 66; its
 *   children are the `child_count` Subtrees just before it;
 * - `TSLanguage`: symbol_count at 4, alias_count at 8, production_id_count at 28,
 *   max_alias_sequence_length at 36,
 *   symbol_names at 56, symbol_metadata at 72, public_symbol_map at 76, alias_sequences at 84.
 *
 * That layout belongs to the exact web-tree-sitter version we pin. It is checked before use: the
 * language fields against the public API (`checkLanguage`), and each thread's first trees are
 * walked both ways and compared (src/parse/light.ts). Anything out of place throws and the file is
 * read with the cursor: a pointer outside the heap, a production or symbol outside the language's
 * tables, an offset past the source, more steps, nodes or depth than the source can hold.
 * __tests__/parse/light.test.ts compares both walks on the IR corpus, fixtures, oracle, generated
 * code and the stdlib, and feeds the walk corrupted subtrees.
 */
import type { Language, Tree } from 'web-tree-sitter';
import { doubled, LightTree, type TypeTable } from './tree.js';
import type { WasmModule } from './grammar.js';

/** tree-sitter's `ts_builtin_sym_error`. */
const ERROR_SYMBOL = 0xffff;

/** The language tables the cursor needs, read once per language. */
interface LangTables {
  /** Symbols and aliases. */
  symbolCount: number;
  /** production_id_count: alias sequences there are. */
  productionIds: number;
  maxAliasLen: number;
  /** Byte address of `alias_sequences` (u16). */
  aliasSeqs: number;
  /** public_symbol_map, copied out. */
  publicMap: Uint16Array;
}

/** The heap layout does not hold what this file expects. */
export class HeapLayoutError extends Error {}

const langCache = new WeakMap<Language, LangTables | null>();

function cString(u8: Uint8Array, p: number): string {
  let end = p;
  const stop = Math.min(u8.length, p + 256); // a symbol name, not the heap
  while (end < stop && u8[end] !== 0) end++;
  return Buffer.from(u8.subarray(p, end)).toString('latin1');
}

/**
 * Reads the language's tables and checks them against the public API (counts, every symbol's name,
 * visibility and namedness): null when anything differs.
 */
export function checkLanguage(m: WasmModule, lang: Language): LangTables | null {
  let t = langCache.get(lang);
  if (t !== undefined) return t;
  t = null;
  try {
    const p = (lang as unknown as Record<number, number>)[0];
    const u32 = m.HEAPU32;
    const u8 = m.HEAPU8;
    if (typeof p === 'number' && p > 0 && p % 4 === 0 && p + 88 <= u8.length) {
      const symbolCount = u32[(p + 4) >> 2]!;
      const aliasCount = u32[(p + 8) >> 2]!;
      const productionIds = u32[(p + 28) >> 2]!;
      const maxAliasLen = m.HEAPU16[(p + 36) >> 1]!;
      const names = u32[(p + 56) >> 2]!;
      const meta = u32[(p + 72) >> 2]!;
      const pub = u32[(p + 76) >> 2]!;
      const aliasSeqs = u32[(p + 84) >> 2]!;
      let ok = symbolCount + aliasCount === lang.nodeTypeCount && pub % 2 === 0 && aliasSeqs % 2 === 0 && pub + 2 * (symbolCount + aliasCount) <= u8.length;
      for (let i = 1; ok && i < symbolCount + aliasCount; i++) {
        // symbol_names[i] is the API's name of i; symbol_metadata[i] is {visible, named, supertype}
        if (cString(u8, u32[(names >> 2) + i]!) !== (lang.nodeTypeForId(i) ?? '')) ok = false;
        else if (Boolean(u8[meta + 3 * i]) !== lang.nodeTypeIsVisible(i)) ok = false;
        // (the API calls a node named only when it is visible too)
        else if (u8[meta + 3 * i] && Boolean(u8[meta + 3 * i + 1]) !== lang.nodeTypeIsNamed(i)) ok = false;
      }
      if (ok && aliasSeqs + 2 * productionIds * maxAliasLen > u8.length) ok = false;
      if (ok) t = { symbolCount: symbolCount + aliasCount, productionIds, maxAliasLen, aliasSeqs, publicMap: m.HEAPU16.slice(pub >> 1, (pub >> 1) + symbolCount + aliasCount) };
    }
  } catch {
    t = null;
  }
  langCache.set(lang, t);
  return t;
}

/**
 * The copy of src/parse/light.ts read from the heap: the same nodes, numbering and spans as the
 * cursor walk there. Visible nodes are found as tree_cursor.c finds them (a child is visible when
 * its subtree is, or when its parent's production aliases it and it is not an extra; a hidden child
 * with visible descendants is looked through), but in one pass over the subtrees: the cursor climbs
 * back up through hidden nodes (repetitions are balanced trees of them) at every step.
 *
 * Spans follow light.ts's walk exactly, since the extractor reads what it writes: a first child
 * starts where its parent does (unless the parent has text of its own), a named node that is not a
 * first child has its own start; named leaves and nodes with text of their own have their own end;
 * an anonymous last child has its own end, and a parent ends where its last child does.
 */
export function heapLightTree(m: WasmModule, tree: Tree, lang: LangTables, source: string, types: TypeTable): LightTree {
  const u8 = m.HEAPU8;
  const u16 = m.HEAPU16;
  const u32 = m.HEAPU32;
  const heapEnd = u8.length;
  const { maxAliasLen, publicMap, productionIds } = lang;
  const aliasSeqs = lang.aliasSeqs >> 1;
  const { terminal, named, ownSpan } = types;
  const treePtr = (tree as unknown as Record<number, number>)[0];
  if (typeof treePtr !== 'number' || treePtr <= 0 || treePtr % 4 !== 0 || treePtr + 8 > heapEnd) throw new HeapLayoutError('tree pointer');
  let lt: LightTree;
  if (spare && spare.types === types) {
    lt = spare;
    lt.reset(source);
  } else lt = new LightTree(source, types, Math.max(256, source.length >> 3));
  spare = undefined; // taken: a walk that throws leaves nothing half-written to reuse

  const ptr = (a: number): number => {
    const p = u32[a >> 2]!;
    if ((p & 1) !== 0 || p === 0 || p + 72 > heapEnd) throw new HeapLayoutError('subtree pointer');
    return p;
  };
  const publicType = (sym: number): number => {
    if (sym === ERROR_SYMBOL) return sym;
    if (sym >= publicMap.length) throw new HeapLayoutError('symbol');
    return publicMap[sym]!;
  };

  const f = frames;
  let top = -1;
  const pushFrame = (slot: number, position: number, owner: number, owns: boolean): void => {
    const p = ptr(slot);
    const n = u32[(p + 36) >> 2]!;
    const base = p - 8 * n;
    if (base <= 0) throw new HeapLayoutError('children');
    if (++top === f.cap) {
      if (top >= maxDepth) throw new HeapLayoutError('too deep');
      f.grow();
    }
    f.base[top] = base;
    f.count[top] = n;
    f.index[top] = 0;
    f.struct[top] = 0;
    f.pid[top] = u16[(p + 66) >> 1]!;
    f.pos[top] = position;
    f.owner[top] = owner;
    if (owns) {
      f.ownerFrame[top] = top;
      f.last[top] = -1;
      f.lastEnd[top] = 0;
    } else f.ownerFrame[top] = f.ownerFrame[top - 1]!;
  };

  // The root.
  const rootInline = (u8[treePtr]! & 1) !== 0;
  const rootStart = rootInline ? u8[treePtr + 6]! : u32[(ptr(treePtr) + 4) >> 2]!;
  const rootEnd = rootStart + (rootInline ? u8[treePtr + 7]! : u32[(ptr(treePtr) + 16) >> 2]!);
  const rootType = publicType(rootInline ? u8[treePtr + 1]! : u16[(ptr(treePtr) + 40) >> 1]!);
  lt.add(rootType);
  lt.start[0] = rootStart >> 1;
  if (!rootInline && !terminal[rootType] && u32[(ptr(treePtr) + 36) >> 2]! > 0) {
    pushFrame(treePtr, rootStart, 0, true);
    f.ownEnd[0] = rootEnd >> 1;
  }
  // Bounds that a real tree stays well within (steps ≤ 2 per character, nodes ≤ 0.5, depth far
  // less, on the stdlib and the bench corpus): a bad read that loops or runs away stops here.
  let budget = 8 * (source.length + 64);
  const maxNodes = 2 * source.length + 256;
  const maxDepth = source.length + 4096;
  const maxBytes = 2 * source.length; // offsets are UTF-16 bytes

  while (top >= 0) {
    if (--budget < 0) throw new HeapLayoutError('the walk does not end');
    const i = f.index[top]!;
    if (i >= f.count[top]!) {
      // the frame is done; a visible node's own frame closes the node
      if (f.ownerFrame[top] === top) {
        const owner = f.owner[top]!;
        const prev = f.last[top]!;
        const ty = lt.type[owner]!;
        if (prev === -1) {
          if (named[ty]) lt.end[owner] = f.ownEnd[top]!; // no visible child: a leaf
        } else {
          if (!named[lt.type[prev]!] && lt.first[prev] === -1) lt.end[prev] = f.lastEnd[top]!;
          if (!ownSpan[ty]) lt.end[owner] = lt.end[prev]!;
        }
      }
      top--;
      continue;
    }
    const slot = f.base[top]! + 8 * i;
    const position = f.pos[top]!;
    // read the child
    const b0 = u8[slot]!;
    let visible: boolean;
    let isExtra: boolean;
    let sym: number;
    let size: number;
    let kids: number;
    let visibleKids: number;
    if ((b0 & 1) !== 0) {
      visible = (b0 & 2) !== 0;
      isExtra = (b0 & 8) !== 0;
      sym = u8[slot + 1]!;
      size = u8[slot + 7]!;
      kids = 0;
      visibleKids = 0;
    } else {
      const p = ptr(slot);
      const fl = u8[p + 44]!;
      visible = (fl & 1) !== 0;
      isExtra = (fl & 4) !== 0;
      sym = u16[(p + 40) >> 1]!;
      size = u32[(p + 16) >> 2]!;
      kids = u32[(p + 36) >> 2]!;
      visibleKids = kids > 0 ? u32[(p + 48) >> 2]! : 0;
    }
    let alias = 0;
    const struct = f.struct[top]!;
    if (!isExtra) {
      const pid = f.pid[top]!;
      if (pid) {
        if (pid >= productionIds || struct >= maxAliasLen) throw new HeapLayoutError('production');
        alias = u16[aliasSeqs + pid * maxAliasLen + struct]!;
      }
      f.struct[top] = struct + 1;
    }
    // advance the frame past it
    let nextPos = position + size;
    if (nextPos > maxBytes) throw new HeapLayoutError('size');
    f.index[top] = i + 1;
    if (i + 1 < f.count[top]!) {
      const ns = slot + 8;
      nextPos += (u8[ns]! & 1) !== 0 ? u8[ns + 6]! : u32[(ptr(ns) + 4) >> 2]!;
    }
    f.pos[top] = nextPos;

    const owner = f.owner[top]!;
    if (!visible && alias === 0) {
      // hidden: look through it when it has visible descendants
      if (visibleKids > 0) pushFrame(slot, position, owner, false);
      continue;
    }
    const ty = publicType(alias || sym);
    if (lt.n >= maxNodes) throw new HeapLayoutError('too many nodes');
    const node = lt.add(ty);
    const start = position >> 1;
    const end = (position + size) >> 1;
    const of = f.ownerFrame[top]!;
    const prev = f.last[of]!;
    if (prev === -1) {
      lt.first[owner] = node;
      lt.start[node] = ownSpan[lt.type[owner]!] ? start : lt.start[owner]!;
    } else {
      lt.next[prev] = node;
      if (named[ty]) lt.start[node] = start;
    }
    f.last[of] = node;
    f.lastEnd[of] = end;
    if (ownSpan[ty]) lt.end[node] = end;
    if (!terminal[ty] && kids > 0) {
      pushFrame(slot, position, node, true);
      f.ownEnd[top] = end;
    } else if (named[ty]) lt.end[node] = end;
  }
  lt.end[0] = rootEnd >> 1;
  if (lt.type.length <= MAX_SPARE_NODES) spare = lt;
  return lt;
}

/**
 * The copy of the last walk, reused by the next one on this thread (a copy is valid until then;
 * the extractor is done with it long before), unless it grew past this many nodes.
 */
let spare: LightTree | undefined;
const MAX_SPARE_NODES = 1 << 20;

/**
 * The walk's stack of frames, one per subtree whose children are being read (a visible node's own
 * children, or a hidden node's inside it), reused from walk to walk. A visible node's own frame
 * also holds its last child so far, that child's end and its own end.
 */
class Frames {
  cap = 64;
  base = new Int32Array(this.cap); // address of the first child slot
  count = new Int32Array(this.cap);
  index = new Int32Array(this.cap);
  struct = new Int32Array(this.cap); // structural index (extras not counted)
  pid = new Int32Array(this.cap); // the subtree's production id (its alias sequence)
  pos = new Int32Array(this.cap); // start of the child at `index`, in bytes
  owner = new Int32Array(this.cap); // the visible node the children belong to
  ownerFrame = new Int32Array(this.cap); // that node's own frame
  last = new Int32Array(this.cap);
  lastEnd = new Int32Array(this.cap);
  ownEnd = new Int32Array(this.cap);

  grow(): void {
    const cap = this.cap;
    const g = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => doubled(a, cap);
    this.base = g(this.base);
    this.count = g(this.count);
    this.index = g(this.index);
    this.struct = g(this.struct);
    this.pid = g(this.pid);
    this.pos = g(this.pos);
    this.owner = g(this.owner);
    this.ownerFrame = g(this.ownerFrame);
    this.last = g(this.last);
    this.lastEnd = g(this.lastEnd);
    this.ownEnd = g(this.ownEnd);
    this.cap = cap * 2;
  }
}
const frames = new Frames();
