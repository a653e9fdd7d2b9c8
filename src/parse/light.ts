/**
 * A compact copy of a tree-sitter tree, read in one pass: straight from the WASM heap
 * (src/parse/heap.ts) when its layout checks out, else with a TreeCursor.
 *
 * Every call into web-tree-sitter crosses the JS/WASM boundary, and Node objects are costly to
 * create; a cursor walk that reads only each node's type id (and, for leaves, start and end
 * offsets) is several times cheaper, and reading the heap needs no call at all. Internal nodes
 * take their span from their first and last leaves. The copy is struct-of-arrays, read by node index (src/parse/extract.ts); nodes are
 * numbered in preorder (document order), the root is 0. Offsets are UTF-16 indices into `source`.
 * Field names are not read: the extractor decodes children by position and type.
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';
import { wasmModule } from './grammar.js';
import { checkLanguage, heapLightTree, HeapLayoutError } from './heap.js';
import { LightTree, type TypeTable } from './tree.js';

export { LightTree, typeTable, type TypeTable } from './tree.js';

/** Copies a tree: with the heap walk, checked against the cursor on the thread's first trees (see `heapWalk`). */
export function lightTree(tree: Tree, source: string, types: TypeTable): LightTree {
  const viaHeap = heapWalk.enabled ? heapTree(tree, source, types) : undefined;
  if (viaHeap && heapWalk.trees >= heapWalk.checkTrees && heapWalk.nodes >= heapWalk.checkNodes) return viaHeap;
  const viaCursor = cursorTree(tree, source, types);
  if (viaHeap) {
    heapWalk.trees++;
    heapWalk.nodes += viaCursor.n;
    if (!sameTree(viaHeap, viaCursor)) heapWalk.enabled = false;
  }
  return viaCursor;
}

/** The copy read from the WASM heap (src/parse/heap.ts); undefined when the layout does not check out. */
export function heapTree(tree: Tree, source: string, types: TypeTable): LightTree | undefined {
  const w = wasmModule();
  const tables = w ? checkLanguage(w.module, tree.language) : null;
  if (!w || !tables) return undefined;
  try {
    return heapLightTree(w.module, tree, tables, source, types);
  } catch (e) {
    if (e instanceof HeapLayoutError) return undefined;
    throw e;
  }
}

/**
 * The heap walk (src/parse/heap.ts) is used when the language's tables check out, and each thread's
 * first trees are also walked with the cursor and compared, at least `checkTrees` of them and
 * `checkNodes` nodes in all (a few empty `__init__.py` would prove little): one difference and the
 * thread goes back to the cursor for good. The copy the heap walk returns is valid until its next
 * walk on the thread (its arrays are reused).
 */
export const heapWalk = { enabled: true, checkTrees: 2, checkNodes: 10_000, trees: 0, nodes: 0 };

/**
 * The copy read with a TreeCursor (on the C exports when they are exposed). Offsets are read only
 * where they cannot be derived: the start of a named node that is not a first child (a first child
 * starts where its parent does), a named leaf's end, the end of a last child that is an anonymous
 * token; every other span comes from the children. Punctuation tokens, a third of all nodes, cost
 * one call.
 */
export function cursorTree(tree: Tree, source: string, types: TypeTable): LightTree {
  const c = tree.walk();
  try {
    return walk(source, types, fastCursor(tree, c) ?? publicCursor(c));
  } finally {
    c.delete();
  }
}

/** Node for node the same copy (the arrays beyond `n` are spare capacity). */
export function sameTree(a: LightTree, b: LightTree): boolean {
  if (a.n !== b.n) return false;
  for (let i = 0; i < a.n; i++) {
    if (a.type[i] !== b.type[i] || a.start[i] !== b.start[i] || a.end[i] !== b.end[i] || a.first[i] !== b.first[i] || a.next[i] !== b.next[i]) return false;
  }
  return true;
}

/** The cursor operations the walk needs. */
interface Cursor {
  type(): number;
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): boolean;
  start(): number;
  end(): number;
  /** Hands the cursor state back to the TreeCursor object (before it is deleted). */
  done(): void;
}

function publicCursor(c: TreeCursor): Cursor {
  return {
    type: () => c.nodeTypeId,
    firstChild: () => c.gotoFirstChild(),
    nextSibling: () => c.gotoNextSibling(),
    parent: () => c.gotoParent(),
    start: () => c.startIndex,
    end: () => c.endIndex,
    done: () => undefined,
  };
}

/**
 * The same operations straight on the C exports: the cursor state stays in the binding's transfer
 * buffer between calls instead of being copied in and out of the TreeCursor object each time.
 */
function fastCursor(tree: Tree, c: TreeCursor): Cursor | undefined {
  const w = wasmModule();
  const internals = c as unknown as { handles?: number[] };
  const treePtr = (tree as unknown as Record<number, number>)[0];
  if (!w || !Array.isArray(internals.handles) || internals.handles.length !== 4 || typeof treePtr !== 'number') return undefined;
  const m = w.module;
  const tb = w.transferBuffer >> 2;
  const handles = internals.handles;
  for (let i = 0; i < 4; i++) m.HEAP32[tb + i] = handles[i]!;
  return {
    type: () => m._ts_tree_cursor_current_node_type_id_wasm(treePtr),
    firstChild: () => m._ts_tree_cursor_goto_first_child_wasm(treePtr) === 1,
    nextSibling: () => m._ts_tree_cursor_goto_next_sibling_wasm(treePtr) === 1,
    parent: () => m._ts_tree_cursor_goto_parent_wasm(treePtr) === 1,
    start: () => m._ts_tree_cursor_start_index_wasm(treePtr),
    end: () => m._ts_tree_cursor_end_index_wasm(treePtr),
    done: () => {
      const heap = m.HEAP32; // the heap may have grown: read the current view
      for (let i = 0; i < 4; i++) handles[i] = heap[tb + i]!;
    },
  };
}

function walk(source: string, types: TypeTable, c: Cursor): LightTree {
  const lt = new LightTree(source, types, Math.max(256, source.length >> 3)); // grows as needed
  const { terminal, named, ownSpan } = types;
  try {
    const stack: number[] = [];
    const lastChild: number[] = [];
    let node = lt.add(c.type());
    lt.start[node] = c.start();
    for (;;) {
      const ty = lt.type[node]!;
      if (ownSpan[ty]) lt.end[node] = c.end();
      if (!terminal[ty] && c.firstChild()) {
        stack.push(node);
        const child = lt.add(c.type());
        // a first child starts where its parent does, unless the parent has text of its own before it
        lt.start[child] = ownSpan[ty] ? c.start() : lt.start[node]!;
        lt.first[node] = child;
        lastChild.push(child);
        node = child;
        continue;
      }
      // a leaf (or an empty node): named ones need their span
      if (named[ty]) lt.end[node] = c.end();
      // climb until a next sibling exists
      for (;;) {
        if (stack.length === 0) {
          lt.end[0] = c.end(); // the cursor is back on the root, which may end after its last child
          return lt;
        }
        const prev = lastChild[lastChild.length - 1]!;
        if (c.nextSibling()) {
          const sib = lt.add(c.type());
          if (named[lt.type[sib]!]) lt.start[sib] = c.start();
          lt.next[prev] = sib;
          lastChild[lastChild.length - 1] = sib;
          node = sib;
          break;
        }
        // `prev` is the last child: an anonymous token's end is read here, while the cursor is on it
        if (!named[lt.type[prev]!] && lt.first[prev] === -1) lt.end[prev] = c.end();
        const p = stack.pop()!;
        lastChild.pop();
        if (!ownSpan[lt.type[p]!]) lt.end[p] = lt.end[prev]!;
        c.parent();
        node = p;
      }
    }
  } finally {
    c.done();
  }
}
