import * as __WEBPACK_EXTERNAL_MODULE_module__ from "module";
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 879:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__.p + "3be45e2eea811a05c780.wasm";

/***/ }),

/***/ 550:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

var x = (y) => {
	var x = {}; __nccwpck_require__.d(x, y); return x
} 
var y = (x) => (() => (x))
module.exports = x({ ["createRequire"]: () => (__WEBPACK_EXTERNAL_MODULE_module__.createRequire) });

/***/ }),

/***/ 943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 33:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   TM: () => (/* binding */ Language),
/* harmony export */   iX: () => (/* binding */ Parser)
/* harmony export */ });
/* unused harmony exports CaptureQuantifier, Edit, LANGUAGE_VERSION, LookaheadIterator, MIN_COMPATIBLE_VERSION, Node, Query, Tree, TreeCursor */
var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// src/edit.ts
var Edit = class {
  static {
    __name(this, "Edit");
  }
  /** The start position of the change. */
  startPosition;
  /** The end position of the change before the edit. */
  oldEndPosition;
  /** The end position of the change after the edit. */
  newEndPosition;
  /** The start index of the change. */
  startIndex;
  /** The end index of the change before the edit. */
  oldEndIndex;
  /** The end index of the change after the edit. */
  newEndIndex;
  constructor({
    startIndex,
    oldEndIndex,
    newEndIndex,
    startPosition,
    oldEndPosition,
    newEndPosition
  }) {
    this.startIndex = startIndex >>> 0;
    this.oldEndIndex = oldEndIndex >>> 0;
    this.newEndIndex = newEndIndex >>> 0;
    this.startPosition = startPosition;
    this.oldEndPosition = oldEndPosition;
    this.newEndPosition = newEndPosition;
  }
  /**
   * Edit a point and index to keep it in-sync with source code that has been edited.
   *
   * This function updates a single point's byte offset and row/column position
   * based on an edit operation. This is useful for editing points without
   * requiring a tree or node instance.
   */
  editPoint(point, index) {
    let newIndex = index;
    const newPoint = { ...point };
    if (index >= this.oldEndIndex) {
      newIndex = this.newEndIndex + (index - this.oldEndIndex);
      const originalRow = point.row;
      newPoint.row = this.newEndPosition.row + (point.row - this.oldEndPosition.row);
      newPoint.column = originalRow === this.oldEndPosition.row ? this.newEndPosition.column + (point.column - this.oldEndPosition.column) : point.column;
    } else if (index > this.startIndex) {
      newIndex = this.newEndIndex;
      newPoint.row = this.newEndPosition.row;
      newPoint.column = this.newEndPosition.column;
    }
    return { point: newPoint, index: newIndex };
  }
  /**
   * Edit a range to keep it in-sync with source code that has been edited.
   *
   * This function updates a range's start and end positions based on an edit
   * operation. This is useful for editing ranges without requiring a tree
   * or node instance.
   */
  editRange(range) {
    const newRange = {
      startIndex: range.startIndex,
      startPosition: { ...range.startPosition },
      endIndex: range.endIndex,
      endPosition: { ...range.endPosition }
    };
    if (range.endIndex >= this.oldEndIndex) {
      if (range.endIndex !== Number.MAX_SAFE_INTEGER) {
        newRange.endIndex = this.newEndIndex + (range.endIndex - this.oldEndIndex);
        newRange.endPosition = {
          row: this.newEndPosition.row + (range.endPosition.row - this.oldEndPosition.row),
          column: range.endPosition.row === this.oldEndPosition.row ? this.newEndPosition.column + (range.endPosition.column - this.oldEndPosition.column) : range.endPosition.column
        };
        if (newRange.endIndex < this.newEndIndex) {
          newRange.endIndex = Number.MAX_SAFE_INTEGER;
          newRange.endPosition = { row: Number.MAX_SAFE_INTEGER, column: Number.MAX_SAFE_INTEGER };
        }
      }
    } else if (range.endIndex > this.startIndex) {
      newRange.endIndex = this.startIndex;
      newRange.endPosition = { ...this.startPosition };
    }
    if (range.startIndex >= this.oldEndIndex) {
      newRange.startIndex = this.newEndIndex + (range.startIndex - this.oldEndIndex);
      newRange.startPosition = {
        row: this.newEndPosition.row + (range.startPosition.row - this.oldEndPosition.row),
        column: range.startPosition.row === this.oldEndPosition.row ? this.newEndPosition.column + (range.startPosition.column - this.oldEndPosition.column) : range.startPosition.column
      };
      if (newRange.startIndex < this.newEndIndex) {
        newRange.startIndex = Number.MAX_SAFE_INTEGER;
        newRange.startPosition = { row: Number.MAX_SAFE_INTEGER, column: Number.MAX_SAFE_INTEGER };
      }
    } else if (range.startIndex > this.startIndex) {
      newRange.startIndex = this.startIndex;
      newRange.startPosition = { ...this.startPosition };
    }
    return newRange;
  }
};

// src/constants.ts
var SIZE_OF_SHORT = 2;
var SIZE_OF_INT = 4;
var SIZE_OF_CURSOR = 4 * SIZE_OF_INT;
var SIZE_OF_NODE = 5 * SIZE_OF_INT;
var SIZE_OF_POINT = 2 * SIZE_OF_INT;
var SIZE_OF_RANGE = 2 * SIZE_OF_INT + 2 * SIZE_OF_POINT;
var ZERO_POINT = { row: 0, column: 0 };
var INTERNAL = /* @__PURE__ */ Symbol("INTERNAL");
function assertInternal(x) {
  if (x !== INTERNAL) throw new Error("Illegal constructor");
}
__name(assertInternal, "assertInternal");
function isPoint(point) {
  return !!point && typeof point.row === "number" && typeof point.column === "number";
}
__name(isPoint, "isPoint");
function setModule(module2) {
  C = module2;
}
__name(setModule, "setModule");
var C;

// src/finalization_registry.ts
function newFinalizer(handler) {
  try {
    return new FinalizationRegistry(handler);
  } catch (e) {
    console.error("Unsupported FinalizationRegistry:", e);
    return;
  }
}
__name(newFinalizer, "newFinalizer");

// src/lookahead_iterator.ts
var finalizer = newFinalizer((address) => {
  C._ts_lookahead_iterator_delete(address);
});
var LookaheadIterator = class {
  static {
    __name(this, "LookaheadIterator");
  }
  /** @internal */
  [0] = 0;
  // Internal handle for Wasm
  /** @internal */
  language;
  /** @internal */
  positioned = false;
  /** @internal */
  constructor(internal, address, language) {
    assertInternal(internal);
    this[0] = address;
    this.language = language;
    finalizer?.register(this, address, this);
  }
  /**
   * Get the current symbol of the lookahead iterator.
   *
   * Returns `null` if the iterator is not positioned on a symbol:
   *
   * - Before the first iteration step
   * - After the iterator is exhausted
   * - After a {@link reset} or {@link resetState} call
   */
  get currentTypeId() {
    return this.positioned ? C._ts_lookahead_iterator_current_symbol(this[0]) : null;
  }
  /**
   * Get the current symbol name of the lookahead iterator.
   *
   * Returns `null` if the iterator is not positioned on a symbol.
   */
  get currentType() {
    const id = this.currentTypeId;
    if (id === null) return null;
    return this.language.types[id] ?? C.UTF8ToString(C._ts_language_symbol_name(this.language[0], id));
  }
  /** Delete the lookahead iterator, freeing its resources. */
  delete() {
    finalizer?.unregister(this);
    C._ts_lookahead_iterator_delete(this[0]);
    this[0] = 0;
  }
  /**
   * Reset the lookahead iterator.
   *
   * This returns `true` if the language was set successfully and `false`
   * otherwise.
   */
  reset(language, stateId) {
    if (C._ts_lookahead_iterator_reset(this[0], language[0], stateId)) {
      this.language = language;
      this.positioned = false;
      return true;
    }
    return false;
  }
  /**
   * Reset the lookahead iterator to another state.
   *
   * This returns `true` if the iterator was reset to the given state and
   * `false` otherwise.
   */
  resetState(stateId) {
    if (!C._ts_lookahead_iterator_reset_state(this[0], stateId)) return false;
    this.positioned = false;
    return true;
  }
  /**
   * Returns an iterator that iterates over the symbols of the lookahead iterator.
   *
   * The iterator will yield the current symbol name as a string for each step
   * until there are no more symbols to iterate over.
   */
  [Symbol.iterator]() {
    return {
      next: /* @__PURE__ */ __name(() => {
        this.positioned = Boolean(C._ts_lookahead_iterator_next(this[0]));
        const value = this.currentType;
        return value === null ? { done: true, value: "" } : { done: false, value };
      }, "next")
    };
  }
};

// src/tree.ts
function getText(tree, startIndex, endIndex, startPosition) {
  const length = endIndex - startIndex;
  let result = tree.textCallback(startIndex, startPosition);
  if (result) {
    startIndex += result.length;
    while (startIndex < endIndex) {
      const string = tree.textCallback(startIndex, startPosition);
      if (string && string.length > 0) {
        startIndex += string.length;
        result += string;
      } else {
        break;
      }
    }
    if (startIndex > endIndex) {
      result = result.slice(0, length);
    }
  }
  return result ?? "";
}
__name(getText, "getText");
var finalizer2 = newFinalizer((address) => {
  C._ts_tree_delete(address);
});
var Tree = class _Tree {
  static {
    __name(this, "Tree");
  }
  /** @internal */
  [0] = 0;
  // Internal handle for Wasm
  /** @internal */
  textCallback;
  /** The language that was used to parse the syntax tree. */
  language;
  /** @internal */
  constructor(internal, address, language, textCallback) {
    assertInternal(internal);
    this[0] = address;
    this.language = language;
    this.textCallback = textCallback;
    finalizer2?.register(this, address, this);
  }
  /** Create a shallow copy of the syntax tree. This is very fast. */
  copy() {
    const address = C._ts_tree_copy(this[0]);
    return new _Tree(INTERNAL, address, this.language, this.textCallback);
  }
  /** Delete the syntax tree, freeing its resources. */
  delete() {
    finalizer2?.unregister(this);
    C._ts_tree_delete(this[0]);
    this[0] = 0;
  }
  /** Get the root node of the syntax tree. */
  get rootNode() {
    C._ts_tree_root_node_wasm(this[0]);
    return unmarshalNode(this);
  }
  /**
   * Get the root node of the syntax tree, but with its position shifted
   * forward by the given offset.
   */
  rootNodeWithOffset(offsetBytes, offsetExtent) {
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    C.setValue(address, offsetBytes, "i32");
    marshalPoint(address + SIZE_OF_INT, offsetExtent);
    C._ts_tree_root_node_with_offset_wasm(this[0]);
    return unmarshalNode(this);
  }
  /**
   * Edit the syntax tree to keep it in sync with source code that has been
   * edited.
   *
   * You must describe the edit both in terms of byte offsets and in terms of
   * row/column coordinates.
   */
  edit(edit) {
    marshalEdit(edit);
    C._ts_tree_edit_wasm(this[0]);
  }
  /** Create a new {@link TreeCursor} starting from the root of the tree. */
  walk() {
    return this.rootNode.walk();
  }
  /**
   * Compare this old edited syntax tree to a new syntax tree representing
   * the same document, returning a sequence of ranges whose syntactic
   * structure has changed.
   *
   * For this to work correctly, this syntax tree must have been edited such
   * that its ranges match up to the new tree. Generally, you'll want to
   * call this method right after calling one of the [`Parser::parse`]
   * functions. Call it on the old tree that was passed to parse, and
   * pass the new tree that was returned from `parse`.
   */
  getChangedRanges(other) {
    if (!(other instanceof _Tree)) {
      throw new TypeError("Argument must be a Tree");
    }
    C._ts_tree_get_changed_ranges_wasm(this[0], other[0]);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = unmarshalRange(address);
        address += SIZE_OF_RANGE;
      }
      C._free(buffer);
    }
    return result;
  }
  /** Get the included ranges that were used to parse the syntax tree. */
  getIncludedRanges() {
    C._ts_tree_included_ranges_wasm(this[0]);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = unmarshalRange(address);
        address += SIZE_OF_RANGE;
      }
      C._free(buffer);
    }
    return result;
  }
};

// src/tree_cursor.ts
var finalizer3 = newFinalizer((handles) => {
  marshalTreeCursor({ handles });
  C._ts_tree_cursor_delete_wasm(0);
});
var TreeCursor = class _TreeCursor {
  static {
    __name(this, "TreeCursor");
  }
  /** @internal */
  handles = [0, 0, 0, 0];
  // Internal handles for Wasm, shared with the finalizer.
  /** @internal */
  tree;
  /** @internal */
  constructor(internal, tree) {
    assertInternal(internal);
    this.tree = tree;
    unmarshalTreeCursor(this);
    finalizer3?.register(this, this.handles, this);
  }
  /** Creates a deep copy of the tree cursor. This allocates new memory. */
  copy() {
    marshalTreeCursor(this);
    C._ts_tree_cursor_copy_wasm(this.tree[0]);
    return new _TreeCursor(INTERNAL, this.tree);
  }
  /** Delete the tree cursor, freeing its resources. */
  delete() {
    finalizer3?.unregister(this);
    marshalTreeCursor(this);
    C._ts_tree_cursor_delete_wasm(this.tree[0]);
    this.handles.fill(0);
  }
  /** Get the tree cursor's current {@link Node}. */
  get currentNode() {
    marshalTreeCursor(this);
    C._ts_tree_cursor_current_node_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /**
   * Get the numerical field id of this tree cursor's current node.
   *
   * See also {@link TreeCursor#currentFieldName}.
   */
  get currentFieldId() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_field_id_wasm(this.tree[0]);
  }
  /** Get the field name of this tree cursor's current node. */
  get currentFieldName() {
    return this.tree.language.fields[this.currentFieldId];
  }
  /**
   * Get the depth of the cursor's current node relative to the original
   * node that the cursor was constructed with.
   */
  get currentDepth() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_depth_wasm(this.tree[0]);
  }
  /**
   * Get the index of the cursor's current node out of all of the
   * descendants of the original node that the cursor was constructed with.
   */
  get currentDescendantIndex() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_descendant_index_wasm(this.tree[0]);
  }
  /** Get the type of the cursor's current node. */
  get nodeType() {
    return this.tree.language.types[this.nodeTypeId] || "ERROR";
  }
  /** Get the type id of the cursor's current node. */
  get nodeTypeId() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_node_type_id_wasm(this.tree[0]);
  }
  /** Get the state id of the cursor's current node. */
  get nodeStateId() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_node_state_id_wasm(this.tree[0]);
  }
  /** Get the id of the cursor's current node. */
  get nodeId() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_node_id_wasm(this.tree[0]);
  }
  /**
   * Check if the cursor's current node is *named*.
   *
   * Named nodes correspond to named rules in the grammar, whereas
   * *anonymous* nodes correspond to string literals in the grammar.
   */
  get nodeIsNamed() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_node_is_named_wasm(this.tree[0]) === 1;
  }
  /**
   * Check if the cursor's current node is *missing*.
   *
   * Missing nodes are inserted by the parser in order to recover from
   * certain kinds of syntax errors.
   */
  get nodeIsMissing() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_current_node_is_missing_wasm(this.tree[0]) === 1;
  }
  /** Get the string content of the cursor's current node. */
  get nodeText() {
    marshalTreeCursor(this);
    const startIndex = C._ts_tree_cursor_start_index_wasm(this.tree[0]);
    const endIndex = C._ts_tree_cursor_end_index_wasm(this.tree[0]);
    C._ts_tree_cursor_start_position_wasm(this.tree[0]);
    const startPosition = unmarshalPoint(TRANSFER_BUFFER);
    return getText(this.tree, startIndex, endIndex, startPosition);
  }
  /** Get the start position of the cursor's current node. */
  get startPosition() {
    marshalTreeCursor(this);
    C._ts_tree_cursor_start_position_wasm(this.tree[0]);
    return unmarshalPoint(TRANSFER_BUFFER);
  }
  /** Get the end position of the cursor's current node. */
  get endPosition() {
    marshalTreeCursor(this);
    C._ts_tree_cursor_end_position_wasm(this.tree[0]);
    return unmarshalPoint(TRANSFER_BUFFER);
  }
  /** Get the start index of the cursor's current node. */
  get startIndex() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_start_index_wasm(this.tree[0]);
  }
  /** Get the end index of the cursor's current node. */
  get endIndex() {
    marshalTreeCursor(this);
    return C._ts_tree_cursor_end_index_wasm(this.tree[0]);
  }
  /**
   * Move this cursor to the first child of its current node.
   *
   * This returns `true` if the cursor successfully moved, and returns
   * `false` if there were no children.
   */
  gotoFirstChild() {
    marshalTreeCursor(this);
    const result = C._ts_tree_cursor_goto_first_child_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move this cursor to the last child of its current node.
   *
   * This returns `true` if the cursor successfully moved, and returns
   * `false` if there were no children.
   *
   * Note that this function may be slower than
   * {@link TreeCursor#gotoFirstChild} because it needs to
   * iterate through all the children to compute the child's position.
   */
  gotoLastChild() {
    marshalTreeCursor(this);
    const result = C._ts_tree_cursor_goto_last_child_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move this cursor to the parent of its current node.
   *
   * This returns `true` if the cursor successfully moved, and returns
   * `false` if there was no parent node (the cursor was already on the
   * root node).
   *
   * Note that the node the cursor was constructed with is considered the root
   * of the cursor, and the cursor cannot walk outside this node.
   */
  gotoParent() {
    marshalTreeCursor(this);
    const result = C._ts_tree_cursor_goto_parent_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move this cursor to the next sibling of its current node.
   *
   * This returns `true` if the cursor successfully moved, and returns
   * `false` if there was no next sibling node.
   *
   * Note that the node the cursor was constructed with is considered the root
   * of the cursor, and the cursor cannot walk outside this node.
   */
  gotoNextSibling() {
    marshalTreeCursor(this);
    const result = C._ts_tree_cursor_goto_next_sibling_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move this cursor to the previous sibling of its current node.
   *
   * This returns `true` if the cursor successfully moved, and returns
   * `false` if there was no previous sibling node.
   *
   * Note that this function may be slower than
   * {@link TreeCursor#gotoNextSibling} due to how node
   * positions are stored. In the worst case, this will need to iterate
   * through all the children up to the previous sibling node to recalculate
   * its position. Also note that the node the cursor was constructed with is
   * considered the root of the cursor, and the cursor cannot walk outside this node.
   */
  gotoPreviousSibling() {
    marshalTreeCursor(this);
    const result = C._ts_tree_cursor_goto_previous_sibling_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move the cursor to the node that is the nth descendant of
   * the original node that the cursor was constructed with, where
   * zero represents the original node itself.
   */
  gotoDescendant(goalDescendantIndex) {
    marshalTreeCursor(this);
    C._ts_tree_cursor_goto_descendant_wasm(this.tree[0], goalDescendantIndex);
    unmarshalTreeCursor(this);
  }
  /**
   * Move this cursor to the first child of its current node that contains or
   * starts after the given byte offset.
   *
   * This returns `true` if the cursor successfully moved to a child node, and returns
   * `false` if no such child was found.
   */
  gotoFirstChildForIndex(goalIndex) {
    marshalTreeCursor(this);
    C.setValue(TRANSFER_BUFFER + SIZE_OF_CURSOR, goalIndex, "i32");
    const result = C._ts_tree_cursor_goto_first_child_for_index_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Move this cursor to the first child of its current node that contains or
   * starts after the given position.
   *
   * This returns `true` if the cursor successfully moved to a child node, and returns
   * `false` if no such child was found.
   */
  gotoFirstChildForPosition(goalPosition) {
    marshalTreeCursor(this);
    marshalPoint(TRANSFER_BUFFER + SIZE_OF_CURSOR, goalPosition);
    const result = C._ts_tree_cursor_goto_first_child_for_position_wasm(this.tree[0]);
    unmarshalTreeCursor(this);
    return result === 1;
  }
  /**
   * Re-initialize this tree cursor to start at the original node that the
   * cursor was constructed with.
   */
  reset(node) {
    marshalNode(node);
    marshalTreeCursor(this, TRANSFER_BUFFER + SIZE_OF_NODE);
    C._ts_tree_cursor_reset_wasm(node.tree[0]);
    unmarshalTreeCursor(this);
    this.tree = node.tree;
  }
  /**
   * Re-initialize a tree cursor to the same position as another cursor.
   *
   * Unlike {@link TreeCursor#reset}, this will not lose parent
   * information and allows reusing already created cursors.
   */
  resetTo(cursor) {
    marshalTreeCursor(this, TRANSFER_BUFFER);
    marshalTreeCursor(cursor, TRANSFER_BUFFER + SIZE_OF_CURSOR);
    C._ts_tree_cursor_reset_to_wasm(this.tree[0], cursor.tree[0]);
    unmarshalTreeCursor(this);
    this.tree = cursor.tree;
  }
};

// src/node.ts
var Node = class {
  static {
    __name(this, "Node");
  }
  /** @internal */
  // @ts-expect-error: never read
  [0] = 0;
  // Internal handle for Wasm
  /** @internal */
  _children;
  /** @internal */
  _namedChildren;
  /** @internal */
  constructor(internal, {
    id,
    tree,
    startIndex,
    startPosition,
    other
  }) {
    assertInternal(internal);
    this[0] = other;
    this.id = id;
    this.tree = tree;
    this.startIndex = startIndex;
    this.startPosition = startPosition;
  }
  /**
   * The numeric id for this node that is unique.
   *
   * Within a given syntax tree, no two nodes have the same id. However:
   *
   * * If a new tree is created based on an older tree, and a node from the old tree is reused in
   *   the process, then that node will have the same id in both trees.
   *
   * * A node not marked as having changes does not guarantee it was reused.
   *
   * * If a node is marked as having changed in the old tree, it will not be reused.
   */
  id;
  /** The byte index where this node starts. */
  startIndex;
  /** The position where this node starts. */
  startPosition;
  /** The tree that this node belongs to. */
  tree;
  /** Get this node's type as a numerical id. */
  get typeId() {
    marshalNode(this);
    return C._ts_node_symbol_wasm(this.tree[0]);
  }
  /**
   * Get the node's type as a numerical id as it appears in the grammar,
   * ignoring aliases.
   */
  get grammarId() {
    marshalNode(this);
    return C._ts_node_grammar_symbol_wasm(this.tree[0]);
  }
  /** Get this node's type as a string. */
  get type() {
    return this.tree.language.types[this.typeId] || "ERROR";
  }
  /**
   * Get this node's symbol name as it appears in the grammar, ignoring
   * aliases as a string.
   */
  get grammarType() {
    return this.tree.language.types[this.grammarId] || "ERROR";
  }
  /**
   * Check if this node is *named*.
   *
   * Named nodes correspond to named rules in the grammar, whereas
   * *anonymous* nodes correspond to string literals in the grammar.
   */
  get isNamed() {
    marshalNode(this);
    return C._ts_node_is_named_wasm(this.tree[0]) === 1;
  }
  /**
   * Check if this node is *extra*.
   *
   * Extra nodes represent things like comments, which are not required
   * by the grammar, but can appear anywhere.
   */
  get isExtra() {
    marshalNode(this);
    return C._ts_node_is_extra_wasm(this.tree[0]) === 1;
  }
  /**
   * Check if this node represents a syntax error.
   *
   * Syntax errors represent parts of the code that could not be incorporated
   * into a valid syntax tree.
   */
  get isError() {
    marshalNode(this);
    return C._ts_node_is_error_wasm(this.tree[0]) === 1;
  }
  /**
   * Check if this node is *missing*.
   *
   * Missing nodes are inserted by the parser in order to recover from
   * certain kinds of syntax errors.
   */
  get isMissing() {
    marshalNode(this);
    return C._ts_node_is_missing_wasm(this.tree[0]) === 1;
  }
  /** Check if this node has been edited. */
  get hasChanges() {
    marshalNode(this);
    return C._ts_node_has_changes_wasm(this.tree[0]) === 1;
  }
  /**
   * Check if this node represents a syntax error or contains any syntax
   * errors anywhere within it.
   */
  get hasError() {
    marshalNode(this);
    return C._ts_node_has_error_wasm(this.tree[0]) === 1;
  }
  /** Get the byte index where this node ends. */
  get endIndex() {
    marshalNode(this);
    return C._ts_node_end_index_wasm(this.tree[0]);
  }
  /** Get the position where this node ends. */
  get endPosition() {
    marshalNode(this);
    C._ts_node_end_point_wasm(this.tree[0]);
    return unmarshalPoint(TRANSFER_BUFFER);
  }
  /** Get the string content of this node. */
  get text() {
    return getText(this.tree, this.startIndex, this.endIndex, this.startPosition);
  }
  /** Get this node's parse state. */
  get parseState() {
    marshalNode(this);
    return C._ts_node_parse_state_wasm(this.tree[0]);
  }
  /** Get the parse state after this node. */
  get nextParseState() {
    marshalNode(this);
    return C._ts_node_next_parse_state_wasm(this.tree[0]);
  }
  /** Check if this node is equal to another node. */
  equals(other) {
    return this.tree === other.tree && this.id === other.id;
  }
  /**
   * Get the node's child at the given index, where zero represents the first child.
   *
   * This method is fairly fast, but its cost is technically log(n), so if
   * you might be iterating over a long list of children, you should use
   * {@link Node#children} instead.
   */
  child(index) {
    marshalNode(this);
    C._ts_node_child_wasm(this.tree[0], index);
    return unmarshalNode(this.tree);
  }
  /**
   * Get this node's *named* child at the given index.
   *
   * See also {@link Node#isNamed}.
   * This method is fairly fast, but its cost is technically log(n), so if
   * you might be iterating over a long list of children, you should use
   * {@link Node#namedChildren} instead.
   */
  namedChild(index) {
    marshalNode(this);
    C._ts_node_named_child_wasm(this.tree[0], index);
    return unmarshalNode(this.tree);
  }
  /**
   * Get this node's child with the given numerical field id.
   *
   * See also {@link Node#childForFieldName}. You can
   * convert a field name to an id using {@link Language#fieldIdForName}.
   */
  childForFieldId(fieldId) {
    marshalNode(this);
    C._ts_node_child_by_field_id_wasm(this.tree[0], fieldId);
    return unmarshalNode(this.tree);
  }
  /**
   * Get the first child with the given field name.
   *
   * If multiple children may have the same field name, access them using
   * {@link Node#childrenForFieldName}.
   */
  childForFieldName(fieldName) {
    const fieldId = this.tree.language.fields.indexOf(fieldName);
    if (fieldId !== -1) return this.childForFieldId(fieldId);
    return null;
  }
  /** Get the field name of this node's child at the given index. */
  fieldNameForChild(index) {
    marshalNode(this);
    const address = C._ts_node_field_name_for_child_wasm(this.tree[0], index);
    if (!address) return null;
    return C.AsciiToString(address);
  }
  /** Get the field name of this node's named child at the given index. */
  fieldNameForNamedChild(index) {
    marshalNode(this);
    const address = C._ts_node_field_name_for_named_child_wasm(this.tree[0], index);
    if (!address) return null;
    return C.AsciiToString(address);
  }
  /**
   * Get an array of this node's children with a given field name.
   *
   * See also {@link Node#children}.
   */
  childrenForFieldName(fieldName) {
    const fieldId = this.tree.language.fields.indexOf(fieldName);
    if (fieldId !== -1 && fieldId !== 0) return this.childrenForFieldId(fieldId);
    return [];
  }
  /**
    * Get an array of this node's children with a given field id.
    *
    * See also {@link Node#childrenForFieldName}.
    */
  childrenForFieldId(fieldId) {
    marshalNode(this);
    C._ts_node_children_by_field_id_wasm(this.tree[0], fieldId);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = unmarshalNode(this.tree, address);
        address += SIZE_OF_NODE;
      }
      C._free(buffer);
    }
    return result;
  }
  /** Get the node's first child that contains or starts after the given byte offset. */
  firstChildForIndex(index) {
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    C.setValue(address, index, "i32");
    C._ts_node_first_child_for_byte_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the node's first named child that contains or starts after the given byte offset. */
  firstNamedChildForIndex(index) {
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    C.setValue(address, index, "i32");
    C._ts_node_first_named_child_for_byte_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get this node's number of children. */
  get childCount() {
    marshalNode(this);
    return C._ts_node_child_count_wasm(this.tree[0]);
  }
  /**
   * Get this node's number of *named* children.
   *
   * See also {@link Node#isNamed}.
   */
  get namedChildCount() {
    marshalNode(this);
    return C._ts_node_named_child_count_wasm(this.tree[0]);
  }
  /** Get this node's first child. */
  get firstChild() {
    return this.child(0);
  }
  /**
   * Get this node's first named child.
   *
   * See also {@link Node#isNamed}.
   */
  get firstNamedChild() {
    return this.namedChild(0);
  }
  /** Get this node's last child. */
  get lastChild() {
    return this.child(this.childCount - 1);
  }
  /**
   * Get this node's last named child.
   *
   * See also {@link Node#isNamed}.
   */
  get lastNamedChild() {
    return this.namedChild(this.namedChildCount - 1);
  }
  /**
   * Iterate over this node's children.
   *
   * If you're walking the tree recursively, you may want to use the
   * {@link TreeCursor} APIs directly instead.
   */
  get children() {
    if (!this._children) {
      marshalNode(this);
      C._ts_node_children_wasm(this.tree[0]);
      const count = C.getValue(TRANSFER_BUFFER, "i32");
      const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
      this._children = new Array(count);
      if (count > 0) {
        let address = buffer;
        for (let i2 = 0; i2 < count; i2++) {
          this._children[i2] = unmarshalNode(this.tree, address);
          address += SIZE_OF_NODE;
        }
        C._free(buffer);
      }
    }
    return this._children;
  }
  /**
   * Iterate over this node's named children.
   *
   * See also {@link Node#children}.
   */
  get namedChildren() {
    if (!this._namedChildren) {
      marshalNode(this);
      C._ts_node_named_children_wasm(this.tree[0]);
      const count = C.getValue(TRANSFER_BUFFER, "i32");
      const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
      this._namedChildren = new Array(count);
      if (count > 0) {
        let address = buffer;
        for (let i2 = 0; i2 < count; i2++) {
          this._namedChildren[i2] = unmarshalNode(this.tree, address);
          address += SIZE_OF_NODE;
        }
        C._free(buffer);
      }
    }
    return this._namedChildren;
  }
  /**
   * Get the descendants of this node that are the given type, or in the given types array.
   *
   * The types array should contain node type strings, which can be retrieved from {@link Language#types}.
   *
   * Additionally, a `startPosition` and `endPosition` can be passed in to restrict the search to a byte range.
   */
  descendantsOfType(types, startPosition = ZERO_POINT, endPosition = ZERO_POINT) {
    if (!Array.isArray(types)) types = [types];
    const symbols = [];
    const typesBySymbol = this.tree.language.types;
    for (let i2 = 0, n = typesBySymbol.length; i2 < n; i2++) {
      if (types.includes(typesBySymbol[i2])) {
        symbols.push(i2);
      }
    }
    if (types.includes("ERROR")) {
      symbols.push(65535);
    }
    const symbolsAddress = C._malloc(SIZE_OF_INT * symbols.length);
    for (let i2 = 0, n = symbols.length; i2 < n; i2++) {
      C.setValue(symbolsAddress + i2 * SIZE_OF_INT, symbols[i2], "i32");
    }
    marshalNode(this);
    C._ts_node_descendants_of_type_wasm(
      this.tree[0],
      symbolsAddress,
      symbols.length,
      startPosition.row,
      startPosition.column,
      endPosition.row,
      endPosition.column
    );
    const descendantCount = C.getValue(TRANSFER_BUFFER, "i32");
    const descendantAddress = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(descendantCount);
    if (descendantCount > 0) {
      let address = descendantAddress;
      for (let i2 = 0; i2 < descendantCount; i2++) {
        result[i2] = unmarshalNode(this.tree, address);
        address += SIZE_OF_NODE;
      }
    }
    C._free(descendantAddress);
    C._free(symbolsAddress);
    return result;
  }
  /** Get this node's next sibling. */
  get nextSibling() {
    marshalNode(this);
    C._ts_node_next_sibling_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get this node's previous sibling. */
  get previousSibling() {
    marshalNode(this);
    C._ts_node_prev_sibling_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /**
   * Get this node's next *named* sibling.
   *
   * See also {@link Node#isNamed}.
   */
  get nextNamedSibling() {
    marshalNode(this);
    C._ts_node_next_named_sibling_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /**
   * Get this node's previous *named* sibling.
   *
   * See also {@link Node#isNamed}.
   */
  get previousNamedSibling() {
    marshalNode(this);
    C._ts_node_prev_named_sibling_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the node's number of descendants, including one for the node itself. */
  get descendantCount() {
    marshalNode(this);
    return C._ts_node_descendant_count_wasm(this.tree[0]);
  }
  /**
   * Get this node's immediate parent.
   * Prefer {@link Node#childWithDescendant} for iterating over this node's ancestors.
   */
  get parent() {
    marshalNode(this);
    C._ts_node_parent_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /**
   * Get the node that contains `descendant`.
   *
   * Note that this can return `descendant` itself.
   */
  childWithDescendant(descendant) {
    marshalNode(this);
    marshalNode(descendant, 1);
    C._ts_node_child_with_descendant_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the smallest node within this node that spans the given byte range. */
  descendantForIndex(start2, end = start2) {
    if (typeof start2 !== "number" || typeof end !== "number") {
      throw new Error("Arguments must be numbers");
    }
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    C.setValue(address, start2, "i32");
    C.setValue(address + SIZE_OF_INT, end, "i32");
    C._ts_node_descendant_for_index_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the smallest named node within this node that spans the given byte range. */
  namedDescendantForIndex(start2, end = start2) {
    if (typeof start2 !== "number" || typeof end !== "number") {
      throw new Error("Arguments must be numbers");
    }
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    C.setValue(address, start2, "i32");
    C.setValue(address + SIZE_OF_INT, end, "i32");
    C._ts_node_named_descendant_for_index_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the smallest node within this node that spans the given point range. */
  descendantForPosition(start2, end = start2) {
    if (!isPoint(start2) || !isPoint(end)) {
      throw new Error("Arguments must be {row, column} objects");
    }
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    marshalPoint(address, start2);
    marshalPoint(address + SIZE_OF_POINT, end);
    C._ts_node_descendant_for_position_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /** Get the smallest named node within this node that spans the given point range. */
  namedDescendantForPosition(start2, end = start2) {
    if (!isPoint(start2) || !isPoint(end)) {
      throw new Error("Arguments must be {row, column} objects");
    }
    marshalNode(this);
    const address = TRANSFER_BUFFER + SIZE_OF_NODE;
    marshalPoint(address, start2);
    marshalPoint(address + SIZE_OF_POINT, end);
    C._ts_node_named_descendant_for_position_wasm(this.tree[0]);
    return unmarshalNode(this.tree);
  }
  /**
   * Create a new {@link TreeCursor} starting from this node.
   *
   * Note that the given node is considered the root of the cursor,
   * and the cursor cannot walk outside this node.
   */
  walk() {
    marshalNode(this);
    C._ts_tree_cursor_new_wasm(this.tree[0]);
    return new TreeCursor(INTERNAL, this.tree);
  }
  /**
   * Edit this node to keep it in-sync with source code that has been edited.
   *
   * This function is only rarely needed. When you edit a syntax tree with
   * the {@link Tree#edit} method, all of the nodes that you retrieve from
   * the tree afterward will already reflect the edit. You only need to
   * use {@link Node#edit} when you have a specific {@link Node} instance that
   * you want to keep and continue to use after an edit.
   */
  edit(edit) {
    const { point, index } = edit.editPoint(this.startPosition, this.startIndex);
    this.startPosition = point;
    this.startIndex = index;
  }
  /** Get the S-expression representation of this node. */
  toString() {
    marshalNode(this);
    const address = C._ts_node_to_string_wasm(this.tree[0]);
    const result = C.AsciiToString(address);
    C._free(address);
    return result;
  }
};

// src/marshal.ts
function unmarshalCaptures(query, tree, address, patternIndex, result) {
  for (let i2 = 0, n = result.length; i2 < n; i2++) {
    const captureIndex = C.getValue(address, "i32");
    address += SIZE_OF_INT;
    const node = unmarshalNode(tree, address);
    address += SIZE_OF_NODE;
    result[i2] = { patternIndex, name: query.captureNames[captureIndex], node };
  }
  return address;
}
__name(unmarshalCaptures, "unmarshalCaptures");
function marshalNode(node, index = 0) {
  let address = TRANSFER_BUFFER + index * SIZE_OF_NODE;
  C.setValue(address, node.id, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node.startIndex, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node.startPosition.row, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node.startPosition.column, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node[0], "i32");
}
__name(marshalNode, "marshalNode");
function unmarshalNode(tree, address = TRANSFER_BUFFER) {
  const id = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  if (id === 0) return null;
  const index = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  const row = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  const column = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  const other = C.getValue(address, "i32");
  const result = new Node(INTERNAL, {
    id,
    tree,
    startIndex: index,
    startPosition: { row, column },
    other
  });
  return result;
}
__name(unmarshalNode, "unmarshalNode");
function marshalTreeCursor({ handles }, address = TRANSFER_BUFFER) {
  C.setValue(address + 0 * SIZE_OF_INT, handles[0], "i32");
  C.setValue(address + 1 * SIZE_OF_INT, handles[1], "i32");
  C.setValue(address + 2 * SIZE_OF_INT, handles[2], "i32");
  C.setValue(address + 3 * SIZE_OF_INT, handles[3], "i32");
}
__name(marshalTreeCursor, "marshalTreeCursor");
function unmarshalTreeCursor({ handles }) {
  handles[0] = C.getValue(TRANSFER_BUFFER + 0 * SIZE_OF_INT, "i32");
  handles[1] = C.getValue(TRANSFER_BUFFER + 1 * SIZE_OF_INT, "i32");
  handles[2] = C.getValue(TRANSFER_BUFFER + 2 * SIZE_OF_INT, "i32");
  handles[3] = C.getValue(TRANSFER_BUFFER + 3 * SIZE_OF_INT, "i32");
}
__name(unmarshalTreeCursor, "unmarshalTreeCursor");
function marshalPoint(address, point) {
  C.setValue(address, point.row, "i32");
  C.setValue(address + SIZE_OF_INT, point.column, "i32");
}
__name(marshalPoint, "marshalPoint");
function unmarshalPoint(address) {
  const result = {
    row: C.getValue(address, "i32") >>> 0,
    column: C.getValue(address + SIZE_OF_INT, "i32") >>> 0
  };
  return result;
}
__name(unmarshalPoint, "unmarshalPoint");
function marshalRange(address, range) {
  marshalPoint(address, range.startPosition);
  address += SIZE_OF_POINT;
  marshalPoint(address, range.endPosition);
  address += SIZE_OF_POINT;
  C.setValue(address, range.startIndex, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, range.endIndex, "i32");
  address += SIZE_OF_INT;
}
__name(marshalRange, "marshalRange");
function unmarshalRange(address) {
  const result = {};
  result.startPosition = unmarshalPoint(address);
  address += SIZE_OF_POINT;
  result.endPosition = unmarshalPoint(address);
  address += SIZE_OF_POINT;
  result.startIndex = C.getValue(address, "i32") >>> 0;
  address += SIZE_OF_INT;
  result.endIndex = C.getValue(address, "i32") >>> 0;
  return result;
}
__name(unmarshalRange, "unmarshalRange");
function marshalEdit(edit, address = TRANSFER_BUFFER) {
  marshalPoint(address, edit.startPosition);
  address += SIZE_OF_POINT;
  marshalPoint(address, edit.oldEndPosition);
  address += SIZE_OF_POINT;
  marshalPoint(address, edit.newEndPosition);
  address += SIZE_OF_POINT;
  C.setValue(address, edit.startIndex, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, edit.oldEndIndex, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, edit.newEndIndex, "i32");
  address += SIZE_OF_INT;
}
__name(marshalEdit, "marshalEdit");
function unmarshalLanguageMetadata(address) {
  const major_version = C.getValue(address, "i32");
  const minor_version = C.getValue(address += SIZE_OF_INT, "i32");
  const patch_version = C.getValue(address += SIZE_OF_INT, "i32");
  return { major_version, minor_version, patch_version };
}
__name(unmarshalLanguageMetadata, "unmarshalLanguageMetadata");

// src/language.ts
var LANGUAGE_FUNCTION_REGEX = /^tree_sitter_\w+$/;
var Language = class _Language {
  static {
    __name(this, "Language");
  }
  /** @internal */
  [0] = 0;
  // Internal handle for Wasm
  /**
   * A list of all node types in the language. The index of each type in this
   * array is its node type id.
   */
  types;
  /**
   * A list of all field names in the language. The index of each field name in
   * this array is its field id.
   */
  fields;
  /** @internal */
  constructor(internal, address) {
    assertInternal(internal);
    this[0] = address;
    this.types = new Array(C._ts_language_symbol_count(this[0]));
    for (let i2 = 0, n = this.types.length; i2 < n; i2++) {
      if (C._ts_language_symbol_type(this[0], i2) < 2) {
        this.types[i2] = C.UTF8ToString(C._ts_language_symbol_name(this[0], i2));
      }
    }
    this.fields = new Array(C._ts_language_field_count(this[0]) + 1);
    for (let i2 = 0, n = this.fields.length; i2 < n; i2++) {
      const fieldName = C._ts_language_field_name_for_id(this[0], i2);
      if (fieldName !== 0) {
        this.fields[i2] = C.UTF8ToString(fieldName);
      } else {
        this.fields[i2] = null;
      }
    }
  }
  /**
   * Gets the name of the language.
   */
  get name() {
    const ptr = C._ts_language_name(this[0]);
    if (ptr === 0) return null;
    return C.UTF8ToString(ptr);
  }
  /**
   * Gets the ABI version of the language.
   */
  get abiVersion() {
    return C._ts_language_abi_version(this[0]);
  }
  /**
  * Get the metadata for this language. This information is generated by the
  * CLI, and relies on the language author providing the correct metadata in
  * the language's `tree-sitter.json` file.
  */
  get metadata() {
    C._ts_language_metadata_wasm(this[0]);
    const length = C.getValue(TRANSFER_BUFFER, "i32");
    if (length === 0) return null;
    return unmarshalLanguageMetadata(TRANSFER_BUFFER + SIZE_OF_INT);
  }
  /**
   * Gets the number of fields in the language.
   */
  get fieldCount() {
    return this.fields.length - 1;
  }
  /**
   * Gets the number of states in the language.
   */
  get stateCount() {
    return C._ts_language_state_count(this[0]);
  }
  /**
   * Get the field id for a field name.
   */
  fieldIdForName(fieldName) {
    const result = this.fields.indexOf(fieldName);
    return result !== -1 ? result : null;
  }
  /**
   * Get the field name for a field id.
   */
  fieldNameForId(fieldId) {
    return this.fields[fieldId] ?? null;
  }
  /**
   * Get the node type id for a node type name.
   */
  idForNodeType(type, named) {
    const typeLength = C.lengthBytesUTF8(type);
    const typeAddress = C._malloc(typeLength + 1);
    C.stringToUTF8(type, typeAddress, typeLength + 1);
    const result = C._ts_language_symbol_for_name(this[0], typeAddress, typeLength, named ? 1 : 0);
    C._free(typeAddress);
    return result || null;
  }
  /**
   * Gets the number of node types in the language.
   */
  get nodeTypeCount() {
    return C._ts_language_symbol_count(this[0]);
  }
  /**
   * Get the node type name for a node type id.
   */
  nodeTypeForId(typeId) {
    const name2 = C._ts_language_symbol_name(this[0], typeId);
    return name2 ? C.UTF8ToString(name2) : null;
  }
  /**
   * Check if a node type is named.
   *
   * @see {@link https://tree-sitter.github.io/tree-sitter/using-parsers/2-basic-parsing.html#named-vs-anonymous-nodes}
   */
  nodeTypeIsNamed(typeId) {
    return C._ts_language_type_is_named_wasm(this[0], typeId) ? true : false;
  }
  /**
   * Check if a node type is visible.
   */
  nodeTypeIsVisible(typeId) {
    return C._ts_language_type_is_visible_wasm(this[0], typeId) ? true : false;
  }
  /**
   * Get the supertypes ids of this language.
   *
   * @see {@link https://tree-sitter.github.io/tree-sitter/using-parsers/6-static-node-types.html?highlight=supertype#supertype-nodes}
   */
  get supertypes() {
    C._ts_language_supertypes_wasm(this[0]);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = C.getValue(address, "i16");
        address += SIZE_OF_SHORT;
      }
    }
    return result;
  }
  /**
   * Get the subtype ids for a given supertype node id.
   */
  subtypes(supertype) {
    C._ts_language_subtypes_wasm(this[0], supertype);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = C.getValue(address, "i16");
        address += SIZE_OF_SHORT;
      }
    }
    return result;
  }
  /**
   * Get the next state id for a given state id and node type id.
   */
  nextState(stateId, typeId) {
    return C._ts_language_next_state(this[0], stateId, typeId);
  }
  /**
   * Create a new lookahead iterator for this language and parse state.
   *
   * This returns `null` if state is invalid for this language.
   *
   * Iterating {@link LookaheadIterator} will yield valid symbols in the given
   * parse state. A newly created iterator is not positioned on a symbol, so
   * {@link LookaheadIterator#currentType} returns `null` until the first
   * iteration step.
   *
   * Lookahead iterators can be useful for generating suggestions and improving
   * syntax error diagnostics. To get symbols valid in an `ERROR` node, use the
   * lookahead iterator on its first leaf node state. For `MISSING` nodes, a
   * lookahead iterator created on the previous non-extra leaf node may be
   * appropriate.
   */
  lookaheadIterator(stateId) {
    const address = C._ts_lookahead_iterator_new(this[0], stateId);
    if (address) return new LookaheadIterator(INTERNAL, address, this);
    return null;
  }
  /**
   * Load a language from a WebAssembly module.
   * The module can be provided as a path to a file, a `URL` to a file, or as a
   * buffer.
   */
  static async load(input) {
    let binary2;
    if (input instanceof Uint8Array) {
      binary2 = input;
    } else if (globalThis.process?.versions.node) {
      const fs2 = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 943, 19));
      binary2 = await fs2.readFile(input);
    } else {
      const response = await fetch(input);
      if (!response.ok) {
        const body2 = await response.text();
        throw new Error(`Language.load failed with status ${response.status}.

${body2}`);
      }
      const retryResp = response.clone();
      try {
        binary2 = await WebAssembly.compileStreaming(response);
      } catch (reason) {
        console.error("wasm streaming compile failed:", reason);
        console.error("falling back to ArrayBuffer instantiation");
        binary2 = new Uint8Array(await retryResp.arrayBuffer());
      }
    }
    const mod = await C.loadWebAssemblyModule(binary2, { loadAsync: true });
    return _Language.loadFromWasmExports(mod, { sync: false });
  }
  static loadFromWasmExports(mod, { sync }) {
    const symbolNames = Object.keys(mod);
    const functionName = symbolNames.find((key) => LANGUAGE_FUNCTION_REGEX.test(key) && !key.includes("external_scanner_"));
    if (!functionName) {
      console.log(`Couldn't find language function in Wasm file. Symbols:
${JSON.stringify(symbolNames, null, 2)}`);
      throw new Error(`Language.${sync ? "loadSync" : "load"} failed: no language function found in Wasm file`);
    }
    const languageAddress = mod[functionName]();
    return new _Language(INTERNAL, languageAddress);
  }
  /**
   * Load a language synchronously from a pre-compiled WebAssembly module.
   * Use this when the host environment provides a `WebAssembly.Module` directly.
   */
  static loadSync(wasmModule) {
    const mod = C.loadWebAssemblyModule(wasmModule, { loadAsync: false });
    return _Language.loadFromWasmExports(mod, { sync: true });
  }
};

// lib/web-tree-sitter.mjs
async function Module2(moduleArg = {}) {
  var moduleRtn;
  var Module = moduleArg;
  var ENVIRONMENT_IS_WEB = typeof window == "object";
  var ENVIRONMENT_IS_WORKER = typeof WorkerGlobalScope != "undefined";
  var ENVIRONMENT_IS_NODE = typeof process == "object" && process.versions?.node && process.type != "renderer";
  if (ENVIRONMENT_IS_NODE) {
    const { createRequire } = await Promise.resolve(/* import() */).then(__nccwpck_require__.bind(__nccwpck_require__, 550));
    var require = createRequire(import.meta.url);
  }
  Module.currentQueryProgressCallback = null;
  Module.currentProgressCallback = null;
  Module.currentLogCallback = null;
  Module.currentParseCallback = null;
  var arguments_ = [];
  var thisProgram = "./this.program";
  var quit_ = /* @__PURE__ */ __name((status, toThrow) => {
    throw toThrow;
  }, "quit_");
  var _scriptName = import.meta.url;
  var scriptDirectory = "";
  function locateFile(path) {
    if (Module["locateFile"]) {
      return Module["locateFile"](path, scriptDirectory);
    }
    return scriptDirectory + path;
  }
  __name(locateFile, "locateFile");
  var readAsync, readBinary;
  if (ENVIRONMENT_IS_NODE) {
    var fs = require("fs");
    if (_scriptName.startsWith("file:")) {
      scriptDirectory = require("path").dirname(require("url").fileURLToPath(_scriptName)) + "/";
    }
    readBinary = /* @__PURE__ */ __name((filename) => {
      filename = isFileURI(filename) ? new URL(filename) : filename;
      var ret = fs.readFileSync(filename);
      return ret;
    }, "readBinary");
    readAsync = /* @__PURE__ */ __name(async (filename, binary2 = true) => {
      filename = isFileURI(filename) ? new URL(filename) : filename;
      var ret = fs.readFileSync(filename, binary2 ? void 0 : "utf8");
      return ret;
    }, "readAsync");
    if (process.argv.length > 1) {
      thisProgram = process.argv[1].replace(/\\/g, "/");
    }
    arguments_ = process.argv.slice(2);
    quit_ = /* @__PURE__ */ __name((status, toThrow) => {
      process.exitCode = status;
      throw toThrow;
    }, "quit_");
  } else if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
    try {
      scriptDirectory = new URL(".", _scriptName).href;
    } catch {
    }
    {
      if (ENVIRONMENT_IS_WORKER) {
        readBinary = /* @__PURE__ */ __name((url) => {
          var xhr = new XMLHttpRequest();
          xhr.open("GET", url, false);
          xhr.responseType = "arraybuffer";
          xhr.send(null);
          return new Uint8Array(
            /** @type{!ArrayBuffer} */
            xhr.response
          );
        }, "readBinary");
      }
      readAsync = /* @__PURE__ */ __name(async (url) => {
        if (isFileURI(url)) {
          return new Promise((resolve, reject) => {
            var xhr = new XMLHttpRequest();
            xhr.open("GET", url, true);
            xhr.responseType = "arraybuffer";
            xhr.onload = () => {
              if (xhr.status == 200 || xhr.status == 0 && xhr.response) {
                resolve(xhr.response);
                return;
              }
              reject(xhr.status);
            };
            xhr.onerror = reject;
            xhr.send(null);
          });
        }
        var response = await fetch(url, {
          credentials: "same-origin"
        });
        if (response.ok) {
          return response.arrayBuffer();
        }
        throw new Error(response.status + " : " + response.url);
      }, "readAsync");
    }
  } else {
  }
  var out = console.log.bind(console);
  var err = console.error.bind(console);
  var dynamicLibraries = [];
  var wasmBinary;
  var ABORT = false;
  var EXITSTATUS;
  var isFileURI = /* @__PURE__ */ __name((filename) => filename.startsWith("file://"), "isFileURI");
  var readyPromiseResolve, readyPromiseReject;
  var wasmMemory;
  var HEAP8, HEAPU8, HEAP16, HEAPU16, HEAP32, HEAPU32, HEAPF32, HEAPF64;
  var HEAP64, HEAPU64;
  var HEAP_DATA_VIEW;
  var runtimeInitialized = false;
  function updateMemoryViews() {
    var b = wasmMemory.buffer;
    Module["HEAP8"] = HEAP8 = new Int8Array(b);
    Module["HEAP16"] = HEAP16 = new Int16Array(b);
    Module["HEAPU8"] = HEAPU8 = new Uint8Array(b);
    Module["HEAPU16"] = HEAPU16 = new Uint16Array(b);
    Module["HEAP32"] = HEAP32 = new Int32Array(b);
    Module["HEAPU32"] = HEAPU32 = new Uint32Array(b);
    Module["HEAPF32"] = HEAPF32 = new Float32Array(b);
    Module["HEAPF64"] = HEAPF64 = new Float64Array(b);
    Module["HEAP64"] = HEAP64 = new BigInt64Array(b);
    Module["HEAPU64"] = HEAPU64 = new BigUint64Array(b);
    Module["HEAP_DATA_VIEW"] = HEAP_DATA_VIEW = new DataView(b);
    LE_HEAP_UPDATE();
  }
  __name(updateMemoryViews, "updateMemoryViews");
  function initMemory() {
    if (Module["wasmMemory"]) {
      wasmMemory = Module["wasmMemory"];
    } else {
      var INITIAL_MEMORY = Module["INITIAL_MEMORY"] || 33554432;
      wasmMemory = new WebAssembly.Memory({
        "initial": INITIAL_MEMORY / 65536,
        // In theory we should not need to emit the maximum if we want "unlimited"
        // or 4GB of memory, but VMs error on that atm, see
        // https://github.com/emscripten-core/emscripten/issues/14130
        // And in the pthreads case we definitely need to emit a maximum. So
        // always emit one.
        "maximum": 32768
      });
    }
    updateMemoryViews();
  }
  __name(initMemory, "initMemory");
  var __RELOC_FUNCS__ = [];
  function preRun() {
    if (Module["preRun"]) {
      if (typeof Module["preRun"] == "function") Module["preRun"] = [Module["preRun"]];
      while (Module["preRun"].length) {
        addOnPreRun(Module["preRun"].shift());
      }
    }
    callRuntimeCallbacks(onPreRuns);
  }
  __name(preRun, "preRun");
  function initRuntime() {
    runtimeInitialized = true;
    callRuntimeCallbacks(__RELOC_FUNCS__);
    wasmExports["__wasm_call_ctors"]();
    callRuntimeCallbacks(onPostCtors);
  }
  __name(initRuntime, "initRuntime");
  function preMain() {
  }
  __name(preMain, "preMain");
  function postRun() {
    if (Module["postRun"]) {
      if (typeof Module["postRun"] == "function") Module["postRun"] = [Module["postRun"]];
      while (Module["postRun"].length) {
        addOnPostRun(Module["postRun"].shift());
      }
    }
    callRuntimeCallbacks(onPostRuns);
  }
  __name(postRun, "postRun");
  function abort(what) {
    Module["onAbort"]?.(what);
    what = "Aborted(" + what + ")";
    err(what);
    ABORT = true;
    what += ". Build with -sASSERTIONS for more info.";
    var e = new WebAssembly.RuntimeError(what);
    readyPromiseReject?.(e);
    throw e;
  }
  __name(abort, "abort");
  var wasmBinaryFile;
  function findWasmBinary() {
    if (Module["locateFile"]) {
      return locateFile("web-tree-sitter.wasm");
    }
    return new URL(/* asset import */ __nccwpck_require__(879), __nccwpck_require__.b).href;
  }
  __name(findWasmBinary, "findWasmBinary");
  function getBinarySync(file) {
    if (file == wasmBinaryFile && wasmBinary) {
      return new Uint8Array(wasmBinary);
    }
    if (readBinary) {
      return readBinary(file);
    }
    throw "both async and sync fetching of the wasm failed";
  }
  __name(getBinarySync, "getBinarySync");
  async function getWasmBinary(binaryFile) {
    if (!wasmBinary) {
      try {
        var response = await readAsync(binaryFile);
        return new Uint8Array(response);
      } catch {
      }
    }
    return getBinarySync(binaryFile);
  }
  __name(getWasmBinary, "getWasmBinary");
  async function instantiateArrayBuffer(binaryFile, imports) {
    try {
      var binary2 = await getWasmBinary(binaryFile);
      var instance2 = await WebAssembly.instantiate(binary2, imports);
      return instance2;
    } catch (reason) {
      err(`failed to asynchronously prepare wasm: ${reason}`);
      abort(reason);
    }
  }
  __name(instantiateArrayBuffer, "instantiateArrayBuffer");
  async function instantiateAsync(binary2, binaryFile, imports) {
    if (!binary2 && !isFileURI(binaryFile) && !ENVIRONMENT_IS_NODE) {
      try {
        var response = fetch(binaryFile, {
          credentials: "same-origin"
        });
        var instantiationResult = await WebAssembly.instantiateStreaming(response, imports);
        return instantiationResult;
      } catch (reason) {
        err(`wasm streaming compile failed: ${reason}`);
        err("falling back to ArrayBuffer instantiation");
      }
    }
    return instantiateArrayBuffer(binaryFile, imports);
  }
  __name(instantiateAsync, "instantiateAsync");
  function getWasmImports() {
    return {
      "env": wasmImports,
      "wasi_snapshot_preview1": wasmImports,
      "GOT.mem": new Proxy(wasmImports, GOTHandler),
      "GOT.func": new Proxy(wasmImports, GOTHandler)
    };
  }
  __name(getWasmImports, "getWasmImports");
  async function createWasm() {
    function receiveInstance(instance2, module2) {
      wasmExports = instance2.exports;
      wasmExports = relocateExports(wasmExports, 1024);
      var metadata2 = getDylinkMetadata(module2);
      if (metadata2.neededDynlibs) {
        dynamicLibraries = metadata2.neededDynlibs.concat(dynamicLibraries);
      }
      mergeLibSymbols(wasmExports, "main");
      LDSO.init();
      loadDylibs();
      __RELOC_FUNCS__.push(wasmExports["__wasm_apply_data_relocs"]);
      assignWasmExports(wasmExports);
      return wasmExports;
    }
    __name(receiveInstance, "receiveInstance");
    function receiveInstantiationResult(result2) {
      return receiveInstance(result2["instance"], result2["module"]);
    }
    __name(receiveInstantiationResult, "receiveInstantiationResult");
    var info2 = getWasmImports();
    if (Module["instantiateWasm"]) {
      return new Promise((resolve, reject) => {
        Module["instantiateWasm"](info2, (mod, inst) => {
          resolve(receiveInstance(mod, inst));
        });
      });
    }
    wasmBinaryFile ??= findWasmBinary();
    var result = await instantiateAsync(wasmBinary, wasmBinaryFile, info2);
    var exports = receiveInstantiationResult(result);
    return exports;
  }
  __name(createWasm, "createWasm");
  class ExitStatus {
    static {
      __name(this, "ExitStatus");
    }
    name = "ExitStatus";
    constructor(status) {
      this.message = `Program terminated with exit(${status})`;
      this.status = status;
    }
  }
  var GOT = {};
  var currentModuleWeakSymbols = /* @__PURE__ */ new Set([]);
  var GOTHandler = {
    get(obj, symName) {
      var rtn = GOT[symName];
      if (!rtn) {
        rtn = GOT[symName] = new WebAssembly.Global({
          "value": "i32",
          "mutable": true
        });
      }
      if (!currentModuleWeakSymbols.has(symName)) {
        rtn.required = true;
      }
      return rtn;
    }
  };
  var LE_ATOMICS_NATIVE_BYTE_ORDER = [];
  var LE_HEAP_LOAD_F32 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getFloat32(byteOffset, true), "LE_HEAP_LOAD_F32");
  var LE_HEAP_LOAD_F64 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getFloat64(byteOffset, true), "LE_HEAP_LOAD_F64");
  var LE_HEAP_LOAD_I16 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getInt16(byteOffset, true), "LE_HEAP_LOAD_I16");
  var LE_HEAP_LOAD_I32 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getInt32(byteOffset, true), "LE_HEAP_LOAD_I32");
  var LE_HEAP_LOAD_I64 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getBigInt64(byteOffset, true), "LE_HEAP_LOAD_I64");
  var LE_HEAP_LOAD_U32 = /* @__PURE__ */ __name((byteOffset) => HEAP_DATA_VIEW.getUint32(byteOffset, true), "LE_HEAP_LOAD_U32");
  var LE_HEAP_STORE_F32 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setFloat32(byteOffset, value, true), "LE_HEAP_STORE_F32");
  var LE_HEAP_STORE_F64 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setFloat64(byteOffset, value, true), "LE_HEAP_STORE_F64");
  var LE_HEAP_STORE_I16 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setInt16(byteOffset, value, true), "LE_HEAP_STORE_I16");
  var LE_HEAP_STORE_I32 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setInt32(byteOffset, value, true), "LE_HEAP_STORE_I32");
  var LE_HEAP_STORE_I64 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setBigInt64(byteOffset, value, true), "LE_HEAP_STORE_I64");
  var LE_HEAP_STORE_U32 = /* @__PURE__ */ __name((byteOffset, value) => HEAP_DATA_VIEW.setUint32(byteOffset, value, true), "LE_HEAP_STORE_U32");
  var callRuntimeCallbacks = /* @__PURE__ */ __name((callbacks) => {
    while (callbacks.length > 0) {
      callbacks.shift()(Module);
    }
  }, "callRuntimeCallbacks");
  var onPostRuns = [];
  var addOnPostRun = /* @__PURE__ */ __name((cb) => onPostRuns.push(cb), "addOnPostRun");
  var onPreRuns = [];
  var addOnPreRun = /* @__PURE__ */ __name((cb) => onPreRuns.push(cb), "addOnPreRun");
  var UTF8Decoder = typeof TextDecoder != "undefined" ? new TextDecoder() : void 0;
  var findStringEnd = /* @__PURE__ */ __name((heapOrArray, idx, maxBytesToRead, ignoreNul) => {
    var maxIdx = idx + maxBytesToRead;
    if (ignoreNul) return maxIdx;
    while (heapOrArray[idx] && !(idx >= maxIdx)) ++idx;
    return idx;
  }, "findStringEnd");
  var UTF8ArrayToString = /* @__PURE__ */ __name((heapOrArray, idx = 0, maxBytesToRead, ignoreNul) => {
    var endPtr = findStringEnd(heapOrArray, idx, maxBytesToRead, ignoreNul);
    if (endPtr - idx > 16 && heapOrArray.buffer && UTF8Decoder) {
      return UTF8Decoder.decode(heapOrArray.subarray(idx, endPtr));
    }
    var str = "";
    while (idx < endPtr) {
      var u0 = heapOrArray[idx++];
      if (!(u0 & 128)) {
        str += String.fromCharCode(u0);
        continue;
      }
      var u1 = heapOrArray[idx++] & 63;
      if ((u0 & 224) == 192) {
        str += String.fromCharCode((u0 & 31) << 6 | u1);
        continue;
      }
      var u2 = heapOrArray[idx++] & 63;
      if ((u0 & 240) == 224) {
        u0 = (u0 & 15) << 12 | u1 << 6 | u2;
      } else {
        u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | heapOrArray[idx++] & 63;
      }
      if (u0 < 65536) {
        str += String.fromCharCode(u0);
      } else {
        var ch = u0 - 65536;
        str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
      }
    }
    return str;
  }, "UTF8ArrayToString");
  var getDylinkMetadata = /* @__PURE__ */ __name((binary2) => {
    var offset = 0;
    var end = 0;
    function getU8() {
      return binary2[offset++];
    }
    __name(getU8, "getU8");
    function getLEB() {
      var ret = 0;
      var mul = 1;
      while (1) {
        var byte = binary2[offset++];
        ret += (byte & 127) * mul;
        mul *= 128;
        if (!(byte & 128)) break;
      }
      return ret;
    }
    __name(getLEB, "getLEB");
    function getString() {
      var len = getLEB();
      offset += len;
      return UTF8ArrayToString(binary2, offset - len, len);
    }
    __name(getString, "getString");
    function getStringList() {
      var count2 = getLEB();
      var rtn = [];
      while (count2--) rtn.push(getString());
      return rtn;
    }
    __name(getStringList, "getStringList");
    function failIf(condition, message) {
      if (condition) throw new Error(message);
    }
    __name(failIf, "failIf");
    if (binary2 instanceof WebAssembly.Module) {
      var dylinkSection = WebAssembly.Module.customSections(binary2, "dylink.0");
      failIf(dylinkSection.length === 0, "need dylink section");
      binary2 = new Uint8Array(dylinkSection[0]);
      end = binary2.length;
    } else {
      var int32View = new Uint32Array(new Uint8Array(binary2.subarray(0, 24)).buffer);
      var magicNumberFound = int32View[0] == 1836278016 || int32View[0] == 6386541;
      failIf(!magicNumberFound, "need to see wasm magic number");
      failIf(binary2[8] !== 0, "need the dylink section to be first");
      offset = 9;
      var section_size = getLEB();
      end = offset + section_size;
      var name2 = getString();
      failIf(name2 !== "dylink.0");
    }
    var customSection = {
      neededDynlibs: [],
      tlsExports: /* @__PURE__ */ new Set(),
      weakImports: /* @__PURE__ */ new Set(),
      runtimePaths: []
    };
    var WASM_DYLINK_MEM_INFO = 1;
    var WASM_DYLINK_NEEDED = 2;
    var WASM_DYLINK_EXPORT_INFO = 3;
    var WASM_DYLINK_IMPORT_INFO = 4;
    var WASM_DYLINK_RUNTIME_PATH = 5;
    var WASM_SYMBOL_TLS = 256;
    var WASM_SYMBOL_BINDING_MASK = 3;
    var WASM_SYMBOL_BINDING_WEAK = 1;
    while (offset < end) {
      var subsectionType = getU8();
      var subsectionSize = getLEB();
      if (subsectionType === WASM_DYLINK_MEM_INFO) {
        customSection.memorySize = getLEB();
        customSection.memoryAlign = getLEB();
        customSection.tableSize = getLEB();
        customSection.tableAlign = getLEB();
      } else if (subsectionType === WASM_DYLINK_NEEDED) {
        customSection.neededDynlibs = getStringList();
      } else if (subsectionType === WASM_DYLINK_EXPORT_INFO) {
        var count = getLEB();
        while (count--) {
          var symname = getString();
          var flags2 = getLEB();
          if (flags2 & WASM_SYMBOL_TLS) {
            customSection.tlsExports.add(symname);
          }
        }
      } else if (subsectionType === WASM_DYLINK_IMPORT_INFO) {
        var count = getLEB();
        while (count--) {
          var modname = getString();
          var symname = getString();
          var flags2 = getLEB();
          if ((flags2 & WASM_SYMBOL_BINDING_MASK) == WASM_SYMBOL_BINDING_WEAK) {
            customSection.weakImports.add(symname);
          }
        }
      } else if (subsectionType === WASM_DYLINK_RUNTIME_PATH) {
        customSection.runtimePaths = getStringList();
      } else {
        offset += subsectionSize;
      }
    }
    return customSection;
  }, "getDylinkMetadata");
  function getValue(ptr, type = "i8") {
    if (type.endsWith("*")) type = "*";
    switch (type) {
      case "i1":
        return HEAP8[ptr];
      case "i8":
        return HEAP8[ptr];
      case "i16":
        return LE_HEAP_LOAD_I16((ptr >> 1) * 2);
      case "i32":
        return LE_HEAP_LOAD_I32((ptr >> 2) * 4);
      case "i64":
        return LE_HEAP_LOAD_I64((ptr >> 3) * 8);
      case "float":
        return LE_HEAP_LOAD_F32((ptr >> 2) * 4);
      case "double":
        return LE_HEAP_LOAD_F64((ptr >> 3) * 8);
      case "*":
        return LE_HEAP_LOAD_U32((ptr >> 2) * 4);
      default:
        abort(`invalid type for getValue: ${type}`);
    }
  }
  __name(getValue, "getValue");
  var newDSO = /* @__PURE__ */ __name((name2, handle2, syms) => {
    var dso = {
      refcount: Infinity,
      name: name2,
      exports: syms,
      global: true
    };
    LDSO.loadedLibsByName[name2] = dso;
    if (handle2 != void 0) {
      LDSO.loadedLibsByHandle[handle2] = dso;
    }
    return dso;
  }, "newDSO");
  var LDSO = {
    loadedLibsByName: {},
    loadedLibsByHandle: {},
    init() {
      newDSO("__main__", 0, wasmImports);
    }
  };
  var ___heap_base = 82240;
  var alignMemory = /* @__PURE__ */ __name((size, alignment) => Math.ceil(size / alignment) * alignment, "alignMemory");
  var getMemory = /* @__PURE__ */ __name((size) => {
    if (runtimeInitialized) {
      return _calloc(size, 1);
    }
    var ret = ___heap_base;
    var end = ret + alignMemory(size, 16);
    ___heap_base = end;
    GOT["__heap_base"].value = end;
    return ret;
  }, "getMemory");
  var isInternalSym = /* @__PURE__ */ __name((symName) => ["__cpp_exception", "__c_longjmp", "__wasm_apply_data_relocs", "__dso_handle", "__tls_size", "__tls_align", "__set_stack_limits", "_emscripten_tls_init", "__wasm_init_tls", "__wasm_call_ctors", "__start_em_asm", "__stop_em_asm", "__start_em_js", "__stop_em_js"].includes(symName) || symName.startsWith("__em_js__"), "isInternalSym");
  var uleb128EncodeWithLen = /* @__PURE__ */ __name((arr) => {
    const n = arr.length;
    return [n % 128 | 128, n >> 7, ...arr];
  }, "uleb128EncodeWithLen");
  var wasmTypeCodes = {
    "i": 127,
    // i32
    "p": 127,
    // i32
    "j": 126,
    // i64
    "f": 125,
    // f32
    "d": 124,
    // f64
    "e": 111
  };
  var generateTypePack = /* @__PURE__ */ __name((types) => uleb128EncodeWithLen(Array.from(types, (type) => {
    var code = wasmTypeCodes[type];
    return code;
  })), "generateTypePack");
  var convertJsFunctionToWasm = /* @__PURE__ */ __name((func2, sig) => {
    var bytes = Uint8Array.of(
      0,
      97,
      115,
      109,
      // magic ("\0asm")
      1,
      0,
      0,
      0,
      // version: 1
      1,
      ...uleb128EncodeWithLen([
        1,
        // count: 1
        96,
        // param types
        ...generateTypePack(sig.slice(1)),
        // return types (for now only supporting [] if `void` and single [T] otherwise)
        ...generateTypePack(sig[0] === "v" ? "" : sig[0])
      ]),
      // The rest of the module is static
      2,
      7,
      // import section
      // (import "e" "f" (func 0 (type 0)))
      1,
      1,
      101,
      1,
      102,
      0,
      0,
      7,
      5,
      // export section
      // (export "f" (func 0 (type 0)))
      1,
      1,
      102,
      0,
      0
    );
    var module2 = new WebAssembly.Module(bytes);
    var instance2 = new WebAssembly.Instance(module2, {
      "e": {
        "f": func2
      }
    });
    var wrappedFunc = instance2.exports["f"];
    return wrappedFunc;
  }, "convertJsFunctionToWasm");
  var wasmTableMirror = [];
  var wasmTable = new WebAssembly.Table({
    "initial": 31,
    "element": "anyfunc"
  });
  var getWasmTableEntry = /* @__PURE__ */ __name((funcPtr) => {
    var func2 = wasmTableMirror[funcPtr];
    if (!func2) {
      wasmTableMirror[funcPtr] = func2 = wasmTable.get(funcPtr);
    }
    return func2;
  }, "getWasmTableEntry");
  var updateTableMap = /* @__PURE__ */ __name((offset, count) => {
    if (functionsInTableMap) {
      for (var i2 = offset; i2 < offset + count; i2++) {
        var item = getWasmTableEntry(i2);
        if (item) {
          functionsInTableMap.set(item, i2);
        }
      }
    }
  }, "updateTableMap");
  var functionsInTableMap;
  var getFunctionAddress = /* @__PURE__ */ __name((func2) => {
    if (!functionsInTableMap) {
      functionsInTableMap = /* @__PURE__ */ new WeakMap();
      updateTableMap(0, wasmTable.length);
    }
    return functionsInTableMap.get(func2) || 0;
  }, "getFunctionAddress");
  var freeTableIndexes = [];
  var getEmptyTableSlot = /* @__PURE__ */ __name(() => {
    if (freeTableIndexes.length) {
      return freeTableIndexes.pop();
    }
    return wasmTable["grow"](1);
  }, "getEmptyTableSlot");
  var setWasmTableEntry = /* @__PURE__ */ __name((idx, func2) => {
    wasmTable.set(idx, func2);
    wasmTableMirror[idx] = wasmTable.get(idx);
  }, "setWasmTableEntry");
  var addFunction = /* @__PURE__ */ __name((func2, sig) => {
    var rtn = getFunctionAddress(func2);
    if (rtn) {
      return rtn;
    }
    var ret = getEmptyTableSlot();
    try {
      setWasmTableEntry(ret, func2);
    } catch (err2) {
      if (!(err2 instanceof TypeError)) {
        throw err2;
      }
      var wrapped = convertJsFunctionToWasm(func2, sig);
      setWasmTableEntry(ret, wrapped);
    }
    functionsInTableMap.set(func2, ret);
    return ret;
  }, "addFunction");
  var updateGOT = /* @__PURE__ */ __name((exports, replace) => {
    for (var symName in exports) {
      if (isInternalSym(symName)) {
        continue;
      }
      var value = exports[symName];
      GOT[symName] ||= new WebAssembly.Global({
        "value": "i32",
        "mutable": true
      });
      if (replace || GOT[symName].value == 0) {
        if (typeof value == "function") {
          GOT[symName].value = addFunction(value);
        } else if (typeof value == "number") {
          GOT[symName].value = value;
        } else {
          err(`unhandled export type for '${symName}': ${typeof value}`);
        }
      }
    }
  }, "updateGOT");
  var relocateExports = /* @__PURE__ */ __name((exports, memoryBase2, replace) => {
    var relocated = {};
    for (var e in exports) {
      var value = exports[e];
      if (typeof value == "object") {
        value = value.value;
      }
      if (typeof value == "number") {
        value += memoryBase2;
      }
      relocated[e] = value;
    }
    updateGOT(relocated, replace);
    return relocated;
  }, "relocateExports");
  var isSymbolDefined = /* @__PURE__ */ __name((symName) => {
    var existing = wasmImports[symName];
    if (!existing || existing.stub) {
      return false;
    }
    return true;
  }, "isSymbolDefined");
  var dynCall = /* @__PURE__ */ __name((sig, ptr, args2 = [], promising = false) => {
    var func2 = getWasmTableEntry(ptr);
    var rtn = func2(...args2);
    function convert(rtn2) {
      return rtn2;
    }
    __name(convert, "convert");
    return convert(rtn);
  }, "dynCall");
  var stackSave = /* @__PURE__ */ __name(() => _emscripten_stack_get_current(), "stackSave");
  var stackRestore = /* @__PURE__ */ __name((val) => __emscripten_stack_restore(val), "stackRestore");
  var createInvokeFunction = /* @__PURE__ */ __name((sig) => (ptr, ...args2) => {
    var sp = stackSave();
    try {
      return dynCall(sig, ptr, args2);
    } catch (e) {
      stackRestore(sp);
      if (e !== e + 0) throw e;
      _setThrew(1, 0);
      if (sig[0] == "j") return 0n;
    }
  }, "createInvokeFunction");
  var resolveGlobalSymbol = /* @__PURE__ */ __name((symName, direct = false) => {
    var sym;
    if (isSymbolDefined(symName)) {
      sym = wasmImports[symName];
    } else if (symName.startsWith("invoke_")) {
      sym = wasmImports[symName] = createInvokeFunction(symName.split("_")[1]);
    }
    return {
      sym,
      name: symName
    };
  }, "resolveGlobalSymbol");
  var onPostCtors = [];
  var addOnPostCtor = /* @__PURE__ */ __name((cb) => onPostCtors.push(cb), "addOnPostCtor");
  var UTF8ToString = /* @__PURE__ */ __name((ptr, maxBytesToRead, ignoreNul) => ptr ? UTF8ArrayToString(HEAPU8, ptr, maxBytesToRead, ignoreNul) : "", "UTF8ToString");
  var loadWebAssemblyModule = /* @__PURE__ */ __name((binary, flags, libName, localScope, handle) => {
    var metadata = getDylinkMetadata(binary);
    function loadModule() {
      var memAlign = Math.pow(2, metadata.memoryAlign);
      var memoryBase = metadata.memorySize ? alignMemory(getMemory(metadata.memorySize + memAlign), memAlign) : 0;
      var tableBase = metadata.tableSize ? wasmTable.length : 0;
      if (handle) {
        HEAP8[handle + 8] = 1;
        LE_HEAP_STORE_U32((handle + 12 >> 2) * 4, memoryBase);
        LE_HEAP_STORE_I32((handle + 16 >> 2) * 4, metadata.memorySize);
        LE_HEAP_STORE_U32((handle + 20 >> 2) * 4, tableBase);
        LE_HEAP_STORE_I32((handle + 24 >> 2) * 4, metadata.tableSize);
      }
      if (metadata.tableSize) {
        wasmTable.grow(metadata.tableSize);
      }
      var moduleExports;
      function resolveSymbol(sym) {
        var resolved = resolveGlobalSymbol(sym).sym;
        if (!resolved && localScope) {
          resolved = localScope[sym];
        }
        if (!resolved) {
          resolved = moduleExports[sym];
        }
        return resolved;
      }
      __name(resolveSymbol, "resolveSymbol");
      var proxyHandler = {
        get(stubs, prop) {
          switch (prop) {
            case "__memory_base":
              return memoryBase;
            case "__table_base":
              return tableBase;
          }
          if (prop in wasmImports && !wasmImports[prop].stub) {
            var res = wasmImports[prop];
            return res;
          }
          if (!(prop in stubs)) {
            var resolved;
            stubs[prop] = (...args2) => {
              resolved ||= resolveSymbol(prop);
              return resolved(...args2);
            };
          }
          return stubs[prop];
        }
      };
      var proxy = new Proxy({}, proxyHandler);
      currentModuleWeakSymbols = metadata.weakImports;
      var info = {
        "GOT.mem": new Proxy({}, GOTHandler),
        "GOT.func": new Proxy({}, GOTHandler),
        "env": proxy,
        "wasi_snapshot_preview1": proxy
      };
      function postInstantiation(module, instance) {
        updateTableMap(tableBase, metadata.tableSize);
        moduleExports = relocateExports(instance.exports, memoryBase);
        if (!flags.allowUndefined) {
          reportUndefinedSymbols();
        }
        function addEmAsm(addr, body) {
          var args = [];
          var arity = 0;
          for (; arity < 16; arity++) {
            if (body.indexOf("$" + arity) != -1) {
              args.push("$" + arity);
            } else {
              break;
            }
          }
          args = args.join(",");
          var func = `(${args}) => { ${body} };`;
          ASM_CONSTS[start] = eval(func);
        }
        __name(addEmAsm, "addEmAsm");
        if ("__start_em_asm" in moduleExports) {
          var start = moduleExports["__start_em_asm"];
          var stop = moduleExports["__stop_em_asm"];
          while (start < stop) {
            var jsString = UTF8ToString(start);
            addEmAsm(start, jsString);
            start = HEAPU8.indexOf(0, start) + 1;
          }
        }
        function addEmJs(name, cSig, body) {
          var jsArgs = [];
          cSig = cSig.slice(1, -1);
          if (cSig != "void") {
            cSig = cSig.split(",");
            for (var i in cSig) {
              var jsArg = cSig[i].split(" ").pop();
              jsArgs.push(jsArg.replace("*", ""));
            }
          }
          var func = `(${jsArgs}) => ${body};`;
          moduleExports[name] = eval(func);
        }
        __name(addEmJs, "addEmJs");
        for (var name in moduleExports) {
          if (name.startsWith("__em_js__")) {
            var start = moduleExports[name];
            var jsString = UTF8ToString(start);
            var parts = jsString.split("<::>");
            addEmJs(name.replace("__em_js__", ""), parts[0], parts[1]);
            delete moduleExports[name];
          }
        }
        var applyRelocs = moduleExports["__wasm_apply_data_relocs"];
        if (applyRelocs) {
          if (runtimeInitialized) {
            applyRelocs();
          } else {
            __RELOC_FUNCS__.push(applyRelocs);
          }
        }
        var init = moduleExports["__wasm_call_ctors"];
        if (init) {
          if (runtimeInitialized) {
            init();
          } else {
            addOnPostCtor(init);
          }
        }
        return moduleExports;
      }
      __name(postInstantiation, "postInstantiation");
      if (flags.loadAsync) {
        return (async () => {
          var instance2;
          if (binary instanceof WebAssembly.Module) {
            instance2 = new WebAssembly.Instance(binary, info);
          } else {
            ({ module: binary, instance: instance2 } = await WebAssembly.instantiate(binary, info));
          }
          return postInstantiation(binary, instance2);
        })();
      }
      var module = binary instanceof WebAssembly.Module ? binary : new WebAssembly.Module(binary);
      var instance = new WebAssembly.Instance(module, info);
      return postInstantiation(module, instance);
    }
    __name(loadModule, "loadModule");
    flags = {
      ...flags,
      rpath: {
        parentLibPath: libName,
        paths: metadata.runtimePaths
      }
    };
    if (flags.loadAsync) {
      return metadata.neededDynlibs.reduce((chain, dynNeeded) => chain.then(() => loadDynamicLibrary(dynNeeded, flags, localScope)), Promise.resolve()).then(loadModule);
    }
    metadata.neededDynlibs.forEach((needed) => loadDynamicLibrary(needed, flags, localScope));
    return loadModule();
  }, "loadWebAssemblyModule");
  var mergeLibSymbols = /* @__PURE__ */ __name((exports, libName2) => {
    for (var [sym, exp] of Object.entries(exports)) {
      const setImport = /* @__PURE__ */ __name((target) => {
        if (!isSymbolDefined(target)) {
          wasmImports[target] = exp;
        }
      }, "setImport");
      setImport(sym);
      const main_alias = "__main_argc_argv";
      if (sym == "main") {
        setImport(main_alias);
      }
      if (sym == main_alias) {
        setImport("main");
      }
    }
  }, "mergeLibSymbols");
  var asyncLoad = /* @__PURE__ */ __name(async (url) => {
    var arrayBuffer = await readAsync(url);
    return new Uint8Array(arrayBuffer);
  }, "asyncLoad");
  function loadDynamicLibrary(libName2, flags2 = {
    global: true,
    nodelete: true
  }, localScope2, handle2) {
    var dso = LDSO.loadedLibsByName[libName2];
    if (dso) {
      if (!flags2.global) {
        if (localScope2) {
          Object.assign(localScope2, dso.exports);
        }
      } else if (!dso.global) {
        dso.global = true;
        mergeLibSymbols(dso.exports, libName2);
      }
      if (flags2.nodelete && dso.refcount !== Infinity) {
        dso.refcount = Infinity;
      }
      dso.refcount++;
      if (handle2) {
        LDSO.loadedLibsByHandle[handle2] = dso;
      }
      return flags2.loadAsync ? Promise.resolve(true) : true;
    }
    dso = newDSO(libName2, handle2, "loading");
    dso.refcount = flags2.nodelete ? Infinity : 1;
    dso.global = flags2.global;
    function loadLibData() {
      if (handle2) {
        var data = LE_HEAP_LOAD_U32((handle2 + 28 >> 2) * 4);
        var dataSize = LE_HEAP_LOAD_U32((handle2 + 32 >> 2) * 4);
        if (data && dataSize) {
          var libData = HEAP8.slice(data, data + dataSize);
          return flags2.loadAsync ? Promise.resolve(libData) : libData;
        }
      }
      var libFile = locateFile(libName2);
      if (flags2.loadAsync) {
        return asyncLoad(libFile);
      }
      if (!readBinary) {
        throw new Error(`${libFile}: file not found, and synchronous loading of external files is not available`);
      }
      return readBinary(libFile);
    }
    __name(loadLibData, "loadLibData");
    function getExports() {
      if (flags2.loadAsync) {
        return loadLibData().then((libData) => loadWebAssemblyModule(libData, flags2, libName2, localScope2, handle2));
      }
      return loadWebAssemblyModule(loadLibData(), flags2, libName2, localScope2, handle2);
    }
    __name(getExports, "getExports");
    function moduleLoaded(exports) {
      if (dso.global) {
        mergeLibSymbols(exports, libName2);
      } else if (localScope2) {
        Object.assign(localScope2, exports);
      }
      dso.exports = exports;
    }
    __name(moduleLoaded, "moduleLoaded");
    if (flags2.loadAsync) {
      return getExports().then((exports) => {
        moduleLoaded(exports);
        return true;
      });
    }
    moduleLoaded(getExports());
    return true;
  }
  __name(loadDynamicLibrary, "loadDynamicLibrary");
  var reportUndefinedSymbols = /* @__PURE__ */ __name(() => {
    for (var [symName, entry] of Object.entries(GOT)) {
      if (entry.value == 0) {
        var value = resolveGlobalSymbol(symName, true).sym;
        if (!value && !entry.required) {
          continue;
        }
        if (typeof value == "function") {
          entry.value = addFunction(value, value.sig);
        } else if (typeof value == "number") {
          entry.value = value;
        } else {
          throw new Error(`bad export type for '${symName}': ${typeof value}`);
        }
      }
    }
  }, "reportUndefinedSymbols");
  var runDependencies = 0;
  var dependenciesFulfilled = null;
  var removeRunDependency = /* @__PURE__ */ __name((id) => {
    runDependencies--;
    Module["monitorRunDependencies"]?.(runDependencies);
    if (runDependencies == 0) {
      if (dependenciesFulfilled) {
        var callback = dependenciesFulfilled;
        dependenciesFulfilled = null;
        callback();
      }
    }
  }, "removeRunDependency");
  var addRunDependency = /* @__PURE__ */ __name((id) => {
    runDependencies++;
    Module["monitorRunDependencies"]?.(runDependencies);
  }, "addRunDependency");
  var loadDylibs = /* @__PURE__ */ __name(async () => {
    if (!dynamicLibraries.length) {
      reportUndefinedSymbols();
      return;
    }
    addRunDependency("loadDylibs");
    for (var lib of dynamicLibraries) {
      await loadDynamicLibrary(lib, {
        loadAsync: true,
        global: true,
        nodelete: true,
        allowUndefined: true
      });
    }
    reportUndefinedSymbols();
    removeRunDependency("loadDylibs");
  }, "loadDylibs");
  var noExitRuntime = true;
  function setValue(ptr, value, type = "i8") {
    if (type.endsWith("*")) type = "*";
    switch (type) {
      case "i1":
        HEAP8[ptr] = value;
        break;
      case "i8":
        HEAP8[ptr] = value;
        break;
      case "i16":
        LE_HEAP_STORE_I16((ptr >> 1) * 2, value);
        break;
      case "i32":
        LE_HEAP_STORE_I32((ptr >> 2) * 4, value);
        break;
      case "i64":
        LE_HEAP_STORE_I64((ptr >> 3) * 8, BigInt(value));
        break;
      case "float":
        LE_HEAP_STORE_F32((ptr >> 2) * 4, value);
        break;
      case "double":
        LE_HEAP_STORE_F64((ptr >> 3) * 8, value);
        break;
      case "*":
        LE_HEAP_STORE_U32((ptr >> 2) * 4, value);
        break;
      default:
        abort(`invalid type for setValue: ${type}`);
    }
  }
  __name(setValue, "setValue");
  var ___memory_base = new WebAssembly.Global({
    "value": "i32",
    "mutable": false
  }, 1024);
  var ___stack_high = 82240;
  var ___stack_low = 16704;
  var ___stack_pointer = new WebAssembly.Global({
    "value": "i32",
    "mutable": true
  }, 82240);
  var ___table_base = new WebAssembly.Global({
    "value": "i32",
    "mutable": false
  }, 1);
  var __abort_js = /* @__PURE__ */ __name(() => abort(""), "__abort_js");
  __abort_js.sig = "v";
  var getHeapMax = /* @__PURE__ */ __name(() => (
    // Stay one Wasm page short of 4GB: while e.g. Chrome is able to allocate
    // full 4GB Wasm memories, the size will wrap back to 0 bytes in Wasm side
    // for any code that deals with heap sizes, which would require special
    // casing all heap size related code to treat 0 specially.
    2147483648
  ), "getHeapMax");
  var growMemory = /* @__PURE__ */ __name((size) => {
    var oldHeapSize = wasmMemory.buffer.byteLength;
    var pages = (size - oldHeapSize + 65535) / 65536 | 0;
    try {
      wasmMemory.grow(pages);
      updateMemoryViews();
      return 1;
    } catch (e) {
    }
  }, "growMemory");
  var _emscripten_resize_heap = /* @__PURE__ */ __name((requestedSize) => {
    var oldSize = HEAPU8.length;
    requestedSize >>>= 0;
    var maxHeapSize = getHeapMax();
    if (requestedSize > maxHeapSize) {
      return false;
    }
    for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
      var overGrownHeapSize = oldSize * (1 + 0.2 / cutDown);
      overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
      var newSize = Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536));
      var replacement = growMemory(newSize);
      if (replacement) {
        return true;
      }
    }
    return false;
  }, "_emscripten_resize_heap");
  _emscripten_resize_heap.sig = "ip";
  var _fd_close = /* @__PURE__ */ __name((fd) => 52, "_fd_close");
  _fd_close.sig = "ii";
  var INT53_MAX = 9007199254740992;
  var INT53_MIN = -9007199254740992;
  var bigintToI53Checked = /* @__PURE__ */ __name((num) => num < INT53_MIN || num > INT53_MAX ? NaN : Number(num), "bigintToI53Checked");
  function _fd_seek(fd, offset, whence, newOffset) {
    offset = bigintToI53Checked(offset);
    return 70;
  }
  __name(_fd_seek, "_fd_seek");
  _fd_seek.sig = "iijip";
  var printCharBuffers = [null, [], []];
  var printChar = /* @__PURE__ */ __name((stream, curr) => {
    var buffer = printCharBuffers[stream];
    if (curr === 0 || curr === 10) {
      (stream === 1 ? out : err)(UTF8ArrayToString(buffer));
      buffer.length = 0;
    } else {
      buffer.push(curr);
    }
  }, "printChar");
  var _fd_write = /* @__PURE__ */ __name((fd, iov, iovcnt, pnum) => {
    var num = 0;
    for (var i2 = 0; i2 < iovcnt; i2++) {
      var ptr = LE_HEAP_LOAD_U32((iov >> 2) * 4);
      var len = LE_HEAP_LOAD_U32((iov + 4 >> 2) * 4);
      iov += 8;
      for (var j = 0; j < len; j++) {
        printChar(fd, HEAPU8[ptr + j]);
      }
      num += len;
    }
    LE_HEAP_STORE_U32((pnum >> 2) * 4, num);
    return 0;
  }, "_fd_write");
  _fd_write.sig = "iippp";
  function _tree_sitter_log_callback(isLexMessage, messageAddress) {
    if (Module.currentLogCallback) {
      const message = UTF8ToString(messageAddress);
      Module.currentLogCallback(message, isLexMessage !== 0);
    }
  }
  __name(_tree_sitter_log_callback, "_tree_sitter_log_callback");
  function _tree_sitter_parse_callback(inputBufferAddress, index, row, column, lengthAddress) {
    const INPUT_BUFFER_SIZE = 10 * 1024;
    const string = Module.currentParseCallback(index, {
      row,
      column
    });
    if (typeof string === "string") {
      setValue(lengthAddress, string.length, "i32");
      stringToUTF16(string, inputBufferAddress, INPUT_BUFFER_SIZE);
    } else {
      setValue(lengthAddress, 0, "i32");
    }
  }
  __name(_tree_sitter_parse_callback, "_tree_sitter_parse_callback");
  function _tree_sitter_progress_callback(currentOffset, hasError) {
    if (Module.currentProgressCallback) {
      return Module.currentProgressCallback({
        currentOffset,
        hasError
      });
    }
    return false;
  }
  __name(_tree_sitter_progress_callback, "_tree_sitter_progress_callback");
  function _tree_sitter_query_progress_callback(currentOffset) {
    if (Module.currentQueryProgressCallback) {
      return Module.currentQueryProgressCallback({
        currentOffset
      });
    }
    return false;
  }
  __name(_tree_sitter_query_progress_callback, "_tree_sitter_query_progress_callback");
  var runtimeKeepaliveCounter = 0;
  var keepRuntimeAlive = /* @__PURE__ */ __name(() => noExitRuntime || runtimeKeepaliveCounter > 0, "keepRuntimeAlive");
  var _proc_exit = /* @__PURE__ */ __name((code) => {
    EXITSTATUS = code;
    if (!keepRuntimeAlive()) {
      Module["onExit"]?.(code);
      ABORT = true;
    }
    quit_(code, new ExitStatus(code));
  }, "_proc_exit");
  _proc_exit.sig = "vi";
  var exitJS = /* @__PURE__ */ __name((status, implicit) => {
    EXITSTATUS = status;
    _proc_exit(status);
  }, "exitJS");
  var handleException = /* @__PURE__ */ __name((e) => {
    if (e instanceof ExitStatus || e == "unwind") {
      return EXITSTATUS;
    }
    quit_(1, e);
  }, "handleException");
  var lengthBytesUTF8 = /* @__PURE__ */ __name((str) => {
    var len = 0;
    for (var i2 = 0; i2 < str.length; ++i2) {
      var c = str.charCodeAt(i2);
      if (c <= 127) {
        len++;
      } else if (c <= 2047) {
        len += 2;
      } else if (c >= 55296 && c <= 57343) {
        len += 4;
        ++i2;
      } else {
        len += 3;
      }
    }
    return len;
  }, "lengthBytesUTF8");
  var stringToUTF8Array = /* @__PURE__ */ __name((str, heap, outIdx, maxBytesToWrite) => {
    if (!(maxBytesToWrite > 0)) return 0;
    var startIdx = outIdx;
    var endIdx = outIdx + maxBytesToWrite - 1;
    for (var i2 = 0; i2 < str.length; ++i2) {
      var u = str.codePointAt(i2);
      if (u <= 127) {
        if (outIdx >= endIdx) break;
        heap[outIdx++] = u;
      } else if (u <= 2047) {
        if (outIdx + 1 >= endIdx) break;
        heap[outIdx++] = 192 | u >> 6;
        heap[outIdx++] = 128 | u & 63;
      } else if (u <= 65535) {
        if (outIdx + 2 >= endIdx) break;
        heap[outIdx++] = 224 | u >> 12;
        heap[outIdx++] = 128 | u >> 6 & 63;
        heap[outIdx++] = 128 | u & 63;
      } else {
        if (outIdx + 3 >= endIdx) break;
        heap[outIdx++] = 240 | u >> 18;
        heap[outIdx++] = 128 | u >> 12 & 63;
        heap[outIdx++] = 128 | u >> 6 & 63;
        heap[outIdx++] = 128 | u & 63;
        i2++;
      }
    }
    heap[outIdx] = 0;
    return outIdx - startIdx;
  }, "stringToUTF8Array");
  var stringToUTF8 = /* @__PURE__ */ __name((str, outPtr, maxBytesToWrite) => stringToUTF8Array(str, HEAPU8, outPtr, maxBytesToWrite), "stringToUTF8");
  var stackAlloc = /* @__PURE__ */ __name((sz) => __emscripten_stack_alloc(sz), "stackAlloc");
  var stringToUTF8OnStack = /* @__PURE__ */ __name((str) => {
    var size = lengthBytesUTF8(str) + 1;
    var ret = stackAlloc(size);
    stringToUTF8(str, ret, size);
    return ret;
  }, "stringToUTF8OnStack");
  var AsciiToString = /* @__PURE__ */ __name((ptr) => {
    var str = "";
    while (1) {
      var ch = HEAPU8[ptr++];
      if (!ch) return str;
      str += String.fromCharCode(ch);
    }
  }, "AsciiToString");
  var stringToUTF16 = /* @__PURE__ */ __name((str, outPtr, maxBytesToWrite) => {
    maxBytesToWrite ??= 2147483647;
    if (maxBytesToWrite < 2) return 0;
    maxBytesToWrite -= 2;
    var startPtr = outPtr;
    var numCharsToWrite = maxBytesToWrite < str.length * 2 ? maxBytesToWrite / 2 : str.length;
    for (var i2 = 0; i2 < numCharsToWrite; ++i2) {
      var codeUnit = str.charCodeAt(i2);
      LE_HEAP_STORE_I16((outPtr >> 1) * 2, codeUnit);
      outPtr += 2;
    }
    LE_HEAP_STORE_I16((outPtr >> 1) * 2, 0);
    return outPtr - startPtr;
  }, "stringToUTF16");
  LE_ATOMICS_NATIVE_BYTE_ORDER = new Int8Array(new Int16Array([1]).buffer)[0] === 1 ? [
    /* little endian */
    ((x) => x),
    ((x) => x),
    void 0,
    ((x) => x)
  ] : [
    /* big endian */
    ((x) => x),
    ((x) => ((x & 65280) << 8 | (x & 255) << 24) >> 16),
    void 0,
    ((x) => x >> 24 & 255 | x >> 8 & 65280 | (x & 65280) << 8 | (x & 255) << 24)
  ];
  function LE_HEAP_UPDATE() {
    HEAPU16.unsigned = ((x) => x & 65535);
    HEAPU32.unsigned = ((x) => x >>> 0);
  }
  __name(LE_HEAP_UPDATE, "LE_HEAP_UPDATE");
  {
    initMemory();
    if (Module["noExitRuntime"]) noExitRuntime = Module["noExitRuntime"];
    if (Module["print"]) out = Module["print"];
    if (Module["printErr"]) err = Module["printErr"];
    if (Module["dynamicLibraries"]) dynamicLibraries = Module["dynamicLibraries"];
    if (Module["wasmBinary"]) wasmBinary = Module["wasmBinary"];
    if (Module["arguments"]) arguments_ = Module["arguments"];
    if (Module["thisProgram"]) thisProgram = Module["thisProgram"];
    if (Module["preInit"]) {
      if (typeof Module["preInit"] == "function") Module["preInit"] = [Module["preInit"]];
      while (Module["preInit"].length > 0) {
        Module["preInit"].shift()();
      }
    }
  }
  Module["setValue"] = setValue;
  Module["getValue"] = getValue;
  Module["UTF8ToString"] = UTF8ToString;
  Module["stringToUTF8"] = stringToUTF8;
  Module["lengthBytesUTF8"] = lengthBytesUTF8;
  Module["AsciiToString"] = AsciiToString;
  Module["stringToUTF16"] = stringToUTF16;
  Module["loadWebAssemblyModule"] = loadWebAssemblyModule;
  Module["LE_HEAP_STORE_I64"] = LE_HEAP_STORE_I64;
  var ASM_CONSTS = {};
  var _malloc, _calloc, _realloc, _free, _ts_range_edit, _memcmp, _ts_language_symbol_count, _ts_language_state_count, _ts_language_abi_version, _ts_language_name, _ts_language_field_count, _ts_language_next_state, _ts_language_symbol_name, _ts_language_symbol_for_name, _strncmp, _strlen, _ts_language_symbol_type, _ts_language_field_name_for_id, _ts_lookahead_iterator_new, _ts_lookahead_iterator_delete, _ts_lookahead_iterator_reset_state, _ts_lookahead_iterator_reset, _ts_lookahead_iterator_next, _ts_lookahead_iterator_current_symbol, _ts_point_edit, _ts_parser_delete, _ts_parser_reset, _ts_parser_set_language, _ts_parser_set_included_ranges, _ts_query_new, _ts_query_delete, _iswspace, _iswalnum, _ts_query_copy, _ts_query_pattern_count, _ts_query_capture_count, _ts_query_string_count, _ts_query_capture_name_for_id, _ts_query_capture_quantifier_for_id, _ts_query_string_value_for_id, _ts_query_predicates_for_pattern, _ts_query_start_byte_for_pattern, _ts_query_end_byte_for_pattern, _ts_query_is_pattern_rooted, _ts_query_is_pattern_non_local, _ts_query_is_pattern_guaranteed_at_step, _ts_query_disable_capture, _ts_query_disable_pattern, _ts_tree_copy, _ts_tree_delete, _ts_init, _ts_parser_new_wasm, _ts_parser_enable_logger_wasm, _ts_parser_parse_wasm, _ts_parser_included_ranges_wasm, _ts_language_type_is_named_wasm, _ts_language_type_is_visible_wasm, _ts_language_metadata_wasm, _ts_language_supertypes_wasm, _ts_language_subtypes_wasm, _ts_tree_root_node_wasm, _ts_tree_root_node_with_offset_wasm, _ts_tree_edit_wasm, _ts_tree_included_ranges_wasm, _ts_tree_get_changed_ranges_wasm, _ts_tree_cursor_new_wasm, _ts_tree_cursor_copy_wasm, _ts_tree_cursor_delete_wasm, _ts_tree_cursor_reset_wasm, _ts_tree_cursor_reset_to_wasm, _ts_tree_cursor_goto_first_child_wasm, _ts_tree_cursor_goto_last_child_wasm, _ts_tree_cursor_goto_first_child_for_index_wasm, _ts_tree_cursor_goto_first_child_for_position_wasm, _ts_tree_cursor_goto_next_sibling_wasm, _ts_tree_cursor_goto_previous_sibling_wasm, _ts_tree_cursor_goto_descendant_wasm, _ts_tree_cursor_goto_parent_wasm, _ts_tree_cursor_current_node_type_id_wasm, _ts_tree_cursor_current_node_state_id_wasm, _ts_tree_cursor_current_node_is_named_wasm, _ts_tree_cursor_current_node_is_missing_wasm, _ts_tree_cursor_current_node_id_wasm, _ts_tree_cursor_start_position_wasm, _ts_tree_cursor_end_position_wasm, _ts_tree_cursor_start_index_wasm, _ts_tree_cursor_end_index_wasm, _ts_tree_cursor_current_field_id_wasm, _ts_tree_cursor_current_depth_wasm, _ts_tree_cursor_current_descendant_index_wasm, _ts_tree_cursor_current_node_wasm, _ts_node_symbol_wasm, _ts_node_field_name_for_child_wasm, _ts_node_field_name_for_named_child_wasm, _ts_node_children_by_field_id_wasm, _ts_node_first_child_for_byte_wasm, _ts_node_first_named_child_for_byte_wasm, _ts_node_grammar_symbol_wasm, _ts_node_child_count_wasm, _ts_node_named_child_count_wasm, _ts_node_child_wasm, _ts_node_named_child_wasm, _ts_node_child_by_field_id_wasm, _ts_node_next_sibling_wasm, _ts_node_prev_sibling_wasm, _ts_node_next_named_sibling_wasm, _ts_node_prev_named_sibling_wasm, _ts_node_descendant_count_wasm, _ts_node_parent_wasm, _ts_node_child_with_descendant_wasm, _ts_node_descendant_for_index_wasm, _ts_node_named_descendant_for_index_wasm, _ts_node_descendant_for_position_wasm, _ts_node_named_descendant_for_position_wasm, _ts_node_start_point_wasm, _ts_node_end_point_wasm, _ts_node_start_index_wasm, _ts_node_end_index_wasm, _ts_node_to_string_wasm, _ts_node_children_wasm, _ts_node_named_children_wasm, _ts_node_descendants_of_type_wasm, _ts_node_is_named_wasm, _ts_node_has_changes_wasm, _ts_node_has_error_wasm, _ts_node_is_error_wasm, _ts_node_is_missing_wasm, _ts_node_is_extra_wasm, _ts_node_parse_state_wasm, _ts_node_next_parse_state_wasm, _ts_query_matches_wasm, _ts_query_captures_wasm, _memset, _memcpy, _memmove, _iswalpha, _iswblank, _iswdigit, _iswlower, _iswpunct, _iswupper, _iswxdigit, _memchr, _strcmp, _strncat, _strncpy, _towlower, _towupper, _setThrew, __emscripten_stack_restore, __emscripten_stack_alloc, _emscripten_stack_get_current, ___wasm_apply_data_relocs;
  function assignWasmExports(wasmExports2) {
    Module["_malloc"] = _malloc = wasmExports2["malloc"];
    Module["_calloc"] = _calloc = wasmExports2["calloc"];
    Module["_realloc"] = _realloc = wasmExports2["realloc"];
    Module["_free"] = _free = wasmExports2["free"];
    Module["_ts_range_edit"] = _ts_range_edit = wasmExports2["ts_range_edit"];
    Module["_memcmp"] = _memcmp = wasmExports2["memcmp"];
    Module["_ts_language_symbol_count"] = _ts_language_symbol_count = wasmExports2["ts_language_symbol_count"];
    Module["_ts_language_state_count"] = _ts_language_state_count = wasmExports2["ts_language_state_count"];
    Module["_ts_language_abi_version"] = _ts_language_abi_version = wasmExports2["ts_language_abi_version"];
    Module["_ts_language_name"] = _ts_language_name = wasmExports2["ts_language_name"];
    Module["_ts_language_field_count"] = _ts_language_field_count = wasmExports2["ts_language_field_count"];
    Module["_ts_language_next_state"] = _ts_language_next_state = wasmExports2["ts_language_next_state"];
    Module["_ts_language_symbol_name"] = _ts_language_symbol_name = wasmExports2["ts_language_symbol_name"];
    Module["_ts_language_symbol_for_name"] = _ts_language_symbol_for_name = wasmExports2["ts_language_symbol_for_name"];
    Module["_strncmp"] = _strncmp = wasmExports2["strncmp"];
    Module["_strlen"] = _strlen = wasmExports2["strlen"];
    Module["_ts_language_symbol_type"] = _ts_language_symbol_type = wasmExports2["ts_language_symbol_type"];
    Module["_ts_language_field_name_for_id"] = _ts_language_field_name_for_id = wasmExports2["ts_language_field_name_for_id"];
    Module["_ts_lookahead_iterator_new"] = _ts_lookahead_iterator_new = wasmExports2["ts_lookahead_iterator_new"];
    Module["_ts_lookahead_iterator_delete"] = _ts_lookahead_iterator_delete = wasmExports2["ts_lookahead_iterator_delete"];
    Module["_ts_lookahead_iterator_reset_state"] = _ts_lookahead_iterator_reset_state = wasmExports2["ts_lookahead_iterator_reset_state"];
    Module["_ts_lookahead_iterator_reset"] = _ts_lookahead_iterator_reset = wasmExports2["ts_lookahead_iterator_reset"];
    Module["_ts_lookahead_iterator_next"] = _ts_lookahead_iterator_next = wasmExports2["ts_lookahead_iterator_next"];
    Module["_ts_lookahead_iterator_current_symbol"] = _ts_lookahead_iterator_current_symbol = wasmExports2["ts_lookahead_iterator_current_symbol"];
    Module["_ts_point_edit"] = _ts_point_edit = wasmExports2["ts_point_edit"];
    Module["_ts_parser_delete"] = _ts_parser_delete = wasmExports2["ts_parser_delete"];
    Module["_ts_parser_reset"] = _ts_parser_reset = wasmExports2["ts_parser_reset"];
    Module["_ts_parser_set_language"] = _ts_parser_set_language = wasmExports2["ts_parser_set_language"];
    Module["_ts_parser_set_included_ranges"] = _ts_parser_set_included_ranges = wasmExports2["ts_parser_set_included_ranges"];
    Module["_ts_query_new"] = _ts_query_new = wasmExports2["ts_query_new"];
    Module["_ts_query_delete"] = _ts_query_delete = wasmExports2["ts_query_delete"];
    Module["_iswspace"] = _iswspace = wasmExports2["iswspace"];
    Module["_iswalnum"] = _iswalnum = wasmExports2["iswalnum"];
    Module["_ts_query_copy"] = _ts_query_copy = wasmExports2["ts_query_copy"];
    Module["_ts_query_pattern_count"] = _ts_query_pattern_count = wasmExports2["ts_query_pattern_count"];
    Module["_ts_query_capture_count"] = _ts_query_capture_count = wasmExports2["ts_query_capture_count"];
    Module["_ts_query_string_count"] = _ts_query_string_count = wasmExports2["ts_query_string_count"];
    Module["_ts_query_capture_name_for_id"] = _ts_query_capture_name_for_id = wasmExports2["ts_query_capture_name_for_id"];
    Module["_ts_query_capture_quantifier_for_id"] = _ts_query_capture_quantifier_for_id = wasmExports2["ts_query_capture_quantifier_for_id"];
    Module["_ts_query_string_value_for_id"] = _ts_query_string_value_for_id = wasmExports2["ts_query_string_value_for_id"];
    Module["_ts_query_predicates_for_pattern"] = _ts_query_predicates_for_pattern = wasmExports2["ts_query_predicates_for_pattern"];
    Module["_ts_query_start_byte_for_pattern"] = _ts_query_start_byte_for_pattern = wasmExports2["ts_query_start_byte_for_pattern"];
    Module["_ts_query_end_byte_for_pattern"] = _ts_query_end_byte_for_pattern = wasmExports2["ts_query_end_byte_for_pattern"];
    Module["_ts_query_is_pattern_rooted"] = _ts_query_is_pattern_rooted = wasmExports2["ts_query_is_pattern_rooted"];
    Module["_ts_query_is_pattern_non_local"] = _ts_query_is_pattern_non_local = wasmExports2["ts_query_is_pattern_non_local"];
    Module["_ts_query_is_pattern_guaranteed_at_step"] = _ts_query_is_pattern_guaranteed_at_step = wasmExports2["ts_query_is_pattern_guaranteed_at_step"];
    Module["_ts_query_disable_capture"] = _ts_query_disable_capture = wasmExports2["ts_query_disable_capture"];
    Module["_ts_query_disable_pattern"] = _ts_query_disable_pattern = wasmExports2["ts_query_disable_pattern"];
    Module["_ts_tree_copy"] = _ts_tree_copy = wasmExports2["ts_tree_copy"];
    Module["_ts_tree_delete"] = _ts_tree_delete = wasmExports2["ts_tree_delete"];
    Module["_ts_init"] = _ts_init = wasmExports2["ts_init"];
    Module["_ts_parser_new_wasm"] = _ts_parser_new_wasm = wasmExports2["ts_parser_new_wasm"];
    Module["_ts_parser_enable_logger_wasm"] = _ts_parser_enable_logger_wasm = wasmExports2["ts_parser_enable_logger_wasm"];
    Module["_ts_parser_parse_wasm"] = _ts_parser_parse_wasm = wasmExports2["ts_parser_parse_wasm"];
    Module["_ts_parser_included_ranges_wasm"] = _ts_parser_included_ranges_wasm = wasmExports2["ts_parser_included_ranges_wasm"];
    Module["_ts_language_type_is_named_wasm"] = _ts_language_type_is_named_wasm = wasmExports2["ts_language_type_is_named_wasm"];
    Module["_ts_language_type_is_visible_wasm"] = _ts_language_type_is_visible_wasm = wasmExports2["ts_language_type_is_visible_wasm"];
    Module["_ts_language_metadata_wasm"] = _ts_language_metadata_wasm = wasmExports2["ts_language_metadata_wasm"];
    Module["_ts_language_supertypes_wasm"] = _ts_language_supertypes_wasm = wasmExports2["ts_language_supertypes_wasm"];
    Module["_ts_language_subtypes_wasm"] = _ts_language_subtypes_wasm = wasmExports2["ts_language_subtypes_wasm"];
    Module["_ts_tree_root_node_wasm"] = _ts_tree_root_node_wasm = wasmExports2["ts_tree_root_node_wasm"];
    Module["_ts_tree_root_node_with_offset_wasm"] = _ts_tree_root_node_with_offset_wasm = wasmExports2["ts_tree_root_node_with_offset_wasm"];
    Module["_ts_tree_edit_wasm"] = _ts_tree_edit_wasm = wasmExports2["ts_tree_edit_wasm"];
    Module["_ts_tree_included_ranges_wasm"] = _ts_tree_included_ranges_wasm = wasmExports2["ts_tree_included_ranges_wasm"];
    Module["_ts_tree_get_changed_ranges_wasm"] = _ts_tree_get_changed_ranges_wasm = wasmExports2["ts_tree_get_changed_ranges_wasm"];
    Module["_ts_tree_cursor_new_wasm"] = _ts_tree_cursor_new_wasm = wasmExports2["ts_tree_cursor_new_wasm"];
    Module["_ts_tree_cursor_copy_wasm"] = _ts_tree_cursor_copy_wasm = wasmExports2["ts_tree_cursor_copy_wasm"];
    Module["_ts_tree_cursor_delete_wasm"] = _ts_tree_cursor_delete_wasm = wasmExports2["ts_tree_cursor_delete_wasm"];
    Module["_ts_tree_cursor_reset_wasm"] = _ts_tree_cursor_reset_wasm = wasmExports2["ts_tree_cursor_reset_wasm"];
    Module["_ts_tree_cursor_reset_to_wasm"] = _ts_tree_cursor_reset_to_wasm = wasmExports2["ts_tree_cursor_reset_to_wasm"];
    Module["_ts_tree_cursor_goto_first_child_wasm"] = _ts_tree_cursor_goto_first_child_wasm = wasmExports2["ts_tree_cursor_goto_first_child_wasm"];
    Module["_ts_tree_cursor_goto_last_child_wasm"] = _ts_tree_cursor_goto_last_child_wasm = wasmExports2["ts_tree_cursor_goto_last_child_wasm"];
    Module["_ts_tree_cursor_goto_first_child_for_index_wasm"] = _ts_tree_cursor_goto_first_child_for_index_wasm = wasmExports2["ts_tree_cursor_goto_first_child_for_index_wasm"];
    Module["_ts_tree_cursor_goto_first_child_for_position_wasm"] = _ts_tree_cursor_goto_first_child_for_position_wasm = wasmExports2["ts_tree_cursor_goto_first_child_for_position_wasm"];
    Module["_ts_tree_cursor_goto_next_sibling_wasm"] = _ts_tree_cursor_goto_next_sibling_wasm = wasmExports2["ts_tree_cursor_goto_next_sibling_wasm"];
    Module["_ts_tree_cursor_goto_previous_sibling_wasm"] = _ts_tree_cursor_goto_previous_sibling_wasm = wasmExports2["ts_tree_cursor_goto_previous_sibling_wasm"];
    Module["_ts_tree_cursor_goto_descendant_wasm"] = _ts_tree_cursor_goto_descendant_wasm = wasmExports2["ts_tree_cursor_goto_descendant_wasm"];
    Module["_ts_tree_cursor_goto_parent_wasm"] = _ts_tree_cursor_goto_parent_wasm = wasmExports2["ts_tree_cursor_goto_parent_wasm"];
    Module["_ts_tree_cursor_current_node_type_id_wasm"] = _ts_tree_cursor_current_node_type_id_wasm = wasmExports2["ts_tree_cursor_current_node_type_id_wasm"];
    Module["_ts_tree_cursor_current_node_state_id_wasm"] = _ts_tree_cursor_current_node_state_id_wasm = wasmExports2["ts_tree_cursor_current_node_state_id_wasm"];
    Module["_ts_tree_cursor_current_node_is_named_wasm"] = _ts_tree_cursor_current_node_is_named_wasm = wasmExports2["ts_tree_cursor_current_node_is_named_wasm"];
    Module["_ts_tree_cursor_current_node_is_missing_wasm"] = _ts_tree_cursor_current_node_is_missing_wasm = wasmExports2["ts_tree_cursor_current_node_is_missing_wasm"];
    Module["_ts_tree_cursor_current_node_id_wasm"] = _ts_tree_cursor_current_node_id_wasm = wasmExports2["ts_tree_cursor_current_node_id_wasm"];
    Module["_ts_tree_cursor_start_position_wasm"] = _ts_tree_cursor_start_position_wasm = wasmExports2["ts_tree_cursor_start_position_wasm"];
    Module["_ts_tree_cursor_end_position_wasm"] = _ts_tree_cursor_end_position_wasm = wasmExports2["ts_tree_cursor_end_position_wasm"];
    Module["_ts_tree_cursor_start_index_wasm"] = _ts_tree_cursor_start_index_wasm = wasmExports2["ts_tree_cursor_start_index_wasm"];
    Module["_ts_tree_cursor_end_index_wasm"] = _ts_tree_cursor_end_index_wasm = wasmExports2["ts_tree_cursor_end_index_wasm"];
    Module["_ts_tree_cursor_current_field_id_wasm"] = _ts_tree_cursor_current_field_id_wasm = wasmExports2["ts_tree_cursor_current_field_id_wasm"];
    Module["_ts_tree_cursor_current_depth_wasm"] = _ts_tree_cursor_current_depth_wasm = wasmExports2["ts_tree_cursor_current_depth_wasm"];
    Module["_ts_tree_cursor_current_descendant_index_wasm"] = _ts_tree_cursor_current_descendant_index_wasm = wasmExports2["ts_tree_cursor_current_descendant_index_wasm"];
    Module["_ts_tree_cursor_current_node_wasm"] = _ts_tree_cursor_current_node_wasm = wasmExports2["ts_tree_cursor_current_node_wasm"];
    Module["_ts_node_symbol_wasm"] = _ts_node_symbol_wasm = wasmExports2["ts_node_symbol_wasm"];
    Module["_ts_node_field_name_for_child_wasm"] = _ts_node_field_name_for_child_wasm = wasmExports2["ts_node_field_name_for_child_wasm"];
    Module["_ts_node_field_name_for_named_child_wasm"] = _ts_node_field_name_for_named_child_wasm = wasmExports2["ts_node_field_name_for_named_child_wasm"];
    Module["_ts_node_children_by_field_id_wasm"] = _ts_node_children_by_field_id_wasm = wasmExports2["ts_node_children_by_field_id_wasm"];
    Module["_ts_node_first_child_for_byte_wasm"] = _ts_node_first_child_for_byte_wasm = wasmExports2["ts_node_first_child_for_byte_wasm"];
    Module["_ts_node_first_named_child_for_byte_wasm"] = _ts_node_first_named_child_for_byte_wasm = wasmExports2["ts_node_first_named_child_for_byte_wasm"];
    Module["_ts_node_grammar_symbol_wasm"] = _ts_node_grammar_symbol_wasm = wasmExports2["ts_node_grammar_symbol_wasm"];
    Module["_ts_node_child_count_wasm"] = _ts_node_child_count_wasm = wasmExports2["ts_node_child_count_wasm"];
    Module["_ts_node_named_child_count_wasm"] = _ts_node_named_child_count_wasm = wasmExports2["ts_node_named_child_count_wasm"];
    Module["_ts_node_child_wasm"] = _ts_node_child_wasm = wasmExports2["ts_node_child_wasm"];
    Module["_ts_node_named_child_wasm"] = _ts_node_named_child_wasm = wasmExports2["ts_node_named_child_wasm"];
    Module["_ts_node_child_by_field_id_wasm"] = _ts_node_child_by_field_id_wasm = wasmExports2["ts_node_child_by_field_id_wasm"];
    Module["_ts_node_next_sibling_wasm"] = _ts_node_next_sibling_wasm = wasmExports2["ts_node_next_sibling_wasm"];
    Module["_ts_node_prev_sibling_wasm"] = _ts_node_prev_sibling_wasm = wasmExports2["ts_node_prev_sibling_wasm"];
    Module["_ts_node_next_named_sibling_wasm"] = _ts_node_next_named_sibling_wasm = wasmExports2["ts_node_next_named_sibling_wasm"];
    Module["_ts_node_prev_named_sibling_wasm"] = _ts_node_prev_named_sibling_wasm = wasmExports2["ts_node_prev_named_sibling_wasm"];
    Module["_ts_node_descendant_count_wasm"] = _ts_node_descendant_count_wasm = wasmExports2["ts_node_descendant_count_wasm"];
    Module["_ts_node_parent_wasm"] = _ts_node_parent_wasm = wasmExports2["ts_node_parent_wasm"];
    Module["_ts_node_child_with_descendant_wasm"] = _ts_node_child_with_descendant_wasm = wasmExports2["ts_node_child_with_descendant_wasm"];
    Module["_ts_node_descendant_for_index_wasm"] = _ts_node_descendant_for_index_wasm = wasmExports2["ts_node_descendant_for_index_wasm"];
    Module["_ts_node_named_descendant_for_index_wasm"] = _ts_node_named_descendant_for_index_wasm = wasmExports2["ts_node_named_descendant_for_index_wasm"];
    Module["_ts_node_descendant_for_position_wasm"] = _ts_node_descendant_for_position_wasm = wasmExports2["ts_node_descendant_for_position_wasm"];
    Module["_ts_node_named_descendant_for_position_wasm"] = _ts_node_named_descendant_for_position_wasm = wasmExports2["ts_node_named_descendant_for_position_wasm"];
    Module["_ts_node_start_point_wasm"] = _ts_node_start_point_wasm = wasmExports2["ts_node_start_point_wasm"];
    Module["_ts_node_end_point_wasm"] = _ts_node_end_point_wasm = wasmExports2["ts_node_end_point_wasm"];
    Module["_ts_node_start_index_wasm"] = _ts_node_start_index_wasm = wasmExports2["ts_node_start_index_wasm"];
    Module["_ts_node_end_index_wasm"] = _ts_node_end_index_wasm = wasmExports2["ts_node_end_index_wasm"];
    Module["_ts_node_to_string_wasm"] = _ts_node_to_string_wasm = wasmExports2["ts_node_to_string_wasm"];
    Module["_ts_node_children_wasm"] = _ts_node_children_wasm = wasmExports2["ts_node_children_wasm"];
    Module["_ts_node_named_children_wasm"] = _ts_node_named_children_wasm = wasmExports2["ts_node_named_children_wasm"];
    Module["_ts_node_descendants_of_type_wasm"] = _ts_node_descendants_of_type_wasm = wasmExports2["ts_node_descendants_of_type_wasm"];
    Module["_ts_node_is_named_wasm"] = _ts_node_is_named_wasm = wasmExports2["ts_node_is_named_wasm"];
    Module["_ts_node_has_changes_wasm"] = _ts_node_has_changes_wasm = wasmExports2["ts_node_has_changes_wasm"];
    Module["_ts_node_has_error_wasm"] = _ts_node_has_error_wasm = wasmExports2["ts_node_has_error_wasm"];
    Module["_ts_node_is_error_wasm"] = _ts_node_is_error_wasm = wasmExports2["ts_node_is_error_wasm"];
    Module["_ts_node_is_missing_wasm"] = _ts_node_is_missing_wasm = wasmExports2["ts_node_is_missing_wasm"];
    Module["_ts_node_is_extra_wasm"] = _ts_node_is_extra_wasm = wasmExports2["ts_node_is_extra_wasm"];
    Module["_ts_node_parse_state_wasm"] = _ts_node_parse_state_wasm = wasmExports2["ts_node_parse_state_wasm"];
    Module["_ts_node_next_parse_state_wasm"] = _ts_node_next_parse_state_wasm = wasmExports2["ts_node_next_parse_state_wasm"];
    Module["_ts_query_matches_wasm"] = _ts_query_matches_wasm = wasmExports2["ts_query_matches_wasm"];
    Module["_ts_query_captures_wasm"] = _ts_query_captures_wasm = wasmExports2["ts_query_captures_wasm"];
    Module["_memset"] = _memset = wasmExports2["memset"];
    Module["_memcpy"] = _memcpy = wasmExports2["memcpy"];
    Module["_memmove"] = _memmove = wasmExports2["memmove"];
    Module["_iswalpha"] = _iswalpha = wasmExports2["iswalpha"];
    Module["_iswblank"] = _iswblank = wasmExports2["iswblank"];
    Module["_iswdigit"] = _iswdigit = wasmExports2["iswdigit"];
    Module["_iswlower"] = _iswlower = wasmExports2["iswlower"];
    Module["_iswpunct"] = _iswpunct = wasmExports2["iswpunct"];
    Module["_iswupper"] = _iswupper = wasmExports2["iswupper"];
    Module["_iswxdigit"] = _iswxdigit = wasmExports2["iswxdigit"];
    Module["_memchr"] = _memchr = wasmExports2["memchr"];
    Module["_strcmp"] = _strcmp = wasmExports2["strcmp"];
    Module["_strncat"] = _strncat = wasmExports2["strncat"];
    Module["_strncpy"] = _strncpy = wasmExports2["strncpy"];
    Module["_towlower"] = _towlower = wasmExports2["towlower"];
    Module["_towupper"] = _towupper = wasmExports2["towupper"];
    _setThrew = wasmExports2["setThrew"];
    __emscripten_stack_restore = wasmExports2["_emscripten_stack_restore"];
    __emscripten_stack_alloc = wasmExports2["_emscripten_stack_alloc"];
    _emscripten_stack_get_current = wasmExports2["emscripten_stack_get_current"];
    ___wasm_apply_data_relocs = wasmExports2["__wasm_apply_data_relocs"];
  }
  __name(assignWasmExports, "assignWasmExports");
  var wasmImports = {
    /** @export */
    __heap_base: ___heap_base,
    /** @export */
    __indirect_function_table: wasmTable,
    /** @export */
    __memory_base: ___memory_base,
    /** @export */
    __stack_high: ___stack_high,
    /** @export */
    __stack_low: ___stack_low,
    /** @export */
    __stack_pointer: ___stack_pointer,
    /** @export */
    __table_base: ___table_base,
    /** @export */
    _abort_js: __abort_js,
    /** @export */
    emscripten_resize_heap: _emscripten_resize_heap,
    /** @export */
    fd_close: _fd_close,
    /** @export */
    fd_seek: _fd_seek,
    /** @export */
    fd_write: _fd_write,
    /** @export */
    memory: wasmMemory,
    /** @export */
    tree_sitter_log_callback: _tree_sitter_log_callback,
    /** @export */
    tree_sitter_parse_callback: _tree_sitter_parse_callback,
    /** @export */
    tree_sitter_progress_callback: _tree_sitter_progress_callback,
    /** @export */
    tree_sitter_query_progress_callback: _tree_sitter_query_progress_callback
  };
  function callMain(args2 = []) {
    var entryFunction = resolveGlobalSymbol("main").sym;
    if (!entryFunction) return;
    args2.unshift(thisProgram);
    var argc = args2.length;
    var argv = stackAlloc((argc + 1) * 4);
    var argv_ptr = argv;
    args2.forEach((arg) => {
      LE_HEAP_STORE_U32((argv_ptr >> 2) * 4, stringToUTF8OnStack(arg));
      argv_ptr += 4;
    });
    LE_HEAP_STORE_U32((argv_ptr >> 2) * 4, 0);
    try {
      var ret = entryFunction(argc, argv);
      exitJS(
        ret,
        /* implicit = */
        true
      );
      return ret;
    } catch (e) {
      return handleException(e);
    }
  }
  __name(callMain, "callMain");
  function run(args2 = arguments_) {
    if (runDependencies > 0) {
      dependenciesFulfilled = run;
      return;
    }
    preRun();
    if (runDependencies > 0) {
      dependenciesFulfilled = run;
      return;
    }
    function doRun() {
      Module["calledRun"] = true;
      if (ABORT) return;
      initRuntime();
      preMain();
      readyPromiseResolve?.(Module);
      Module["onRuntimeInitialized"]?.();
      var noInitialRun = Module["noInitialRun"] || false;
      if (!noInitialRun) callMain(args2);
      postRun();
    }
    __name(doRun, "doRun");
    if (Module["setStatus"]) {
      Module["setStatus"]("Running...");
      setTimeout(() => {
        setTimeout(() => Module["setStatus"](""), 1);
        doRun();
      }, 1);
    } else {
      doRun();
    }
  }
  __name(run, "run");
  var wasmExports;
  wasmExports = await createWasm();
  run();
  if (runtimeInitialized) {
    moduleRtn = Module;
  } else {
    moduleRtn = new Promise((resolve, reject) => {
      readyPromiseResolve = resolve;
      readyPromiseReject = reject;
    });
  }
  return moduleRtn;
}
__name(Module2, "Module");
var web_tree_sitter_default = Module2;

// src/bindings.ts
var Module3 = null;
async function initializeBinding(moduleOptions) {
  return Module3 ??= await web_tree_sitter_default(moduleOptions);
}
__name(initializeBinding, "initializeBinding");
function checkModule() {
  return !!Module3;
}
__name(checkModule, "checkModule");

// src/parser.ts
var TRANSFER_BUFFER;
var LANGUAGE_VERSION;
var MIN_COMPATIBLE_VERSION;
var finalizer4 = newFinalizer((addresses) => {
  C._ts_parser_delete(addresses[0]);
  C._free(addresses[1]);
});
var Parser = class {
  static {
    __name(this, "Parser");
  }
  /** @internal */
  [0] = 0;
  // Internal handle for Wasm
  /** @internal */
  [1] = 0;
  // Internal handle for Wasm
  /** @internal */
  logCallback = null;
  /** The parser's current language. */
  language = null;
  /**
   * This must always be called before creating a Parser.
   *
   * You can optionally pass in options to configure the Wasm module, the most common
   * one being `locateFile` to help the module find the `.wasm` file.
   */
  static async init(moduleOptions) {
    setModule(await initializeBinding(moduleOptions));
    TRANSFER_BUFFER = C._ts_init();
    LANGUAGE_VERSION = C.getValue(TRANSFER_BUFFER, "i32");
    MIN_COMPATIBLE_VERSION = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
  }
  /**
   * Create a new parser.
   */
  constructor() {
    this.initialize();
    finalizer4?.register(this, [this[0], this[1]], this);
  }
  /** @internal */
  initialize() {
    if (!checkModule()) {
      throw new Error("cannot construct a Parser before calling `init()`");
    }
    C._ts_parser_new_wasm();
    this[0] = C.getValue(TRANSFER_BUFFER, "i32");
    this[1] = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
  }
  /** Delete the parser, freeing its resources. */
  delete() {
    finalizer4?.unregister(this);
    C._ts_parser_delete(this[0]);
    C._free(this[1]);
    this[0] = 0;
    this[1] = 0;
  }
  /**
   * Set the language that the parser should use for parsing.
   *
   * If the language was not successfully assigned, an error will be thrown.
   * This happens if the language was generated with an incompatible
   * version of the Tree-sitter CLI. Check the language's version using
   * {@link Language#version} and compare it to this library's
   * {@link LANGUAGE_VERSION} and {@link MIN_COMPATIBLE_VERSION} constants.
   */
  setLanguage(language) {
    let address;
    if (!language) {
      address = 0;
      this.language = null;
    } else if (language.constructor === Language) {
      address = language[0];
      const version = C._ts_language_abi_version(address);
      if (version < MIN_COMPATIBLE_VERSION || LANGUAGE_VERSION < version) {
        throw new Error(
          `Incompatible language version ${version}. Compatibility range ${MIN_COMPATIBLE_VERSION} through ${LANGUAGE_VERSION}.`
        );
      }
      this.language = language;
    } else {
      throw new Error("Argument must be a Language");
    }
    C._ts_parser_set_language(this[0], address);
    return this;
  }
  /**
   * Parse a slice of UTF8 text.
   *
   * @param {string | ParseCallback} callback - The UTF8-encoded text to parse or a callback function.
   *
   * @param {Tree | null} [oldTree] - A previous syntax tree parsed from the same document. If the text of the
   *   document has changed since `oldTree` was created, then you must edit `oldTree` to match
   *   the new text using {@link Tree#edit}.
   *
   * @param {ParseOptions} [options] - Options for parsing the text.
   *  This can be used to set the included ranges, or a progress callback.
   *
   * @returns {Tree | null} A {@link Tree} if parsing succeeded, or `null` if:
   *  - The parser has not yet had a language assigned with {@link Parser#setLanguage}.
   *  - The progress callback returned true.
   */
  parse(callback, oldTree, options) {
    if (typeof callback === "string") {
      C.currentParseCallback = (index) => callback.slice(index);
    } else if (typeof callback === "function") {
      C.currentParseCallback = callback;
    } else {
      throw new Error("Argument must be a string or a function");
    }
    if (options?.progressCallback) {
      C.currentProgressCallback = options.progressCallback;
    } else {
      C.currentProgressCallback = null;
    }
    if (this.logCallback) {
      C.currentLogCallback = this.logCallback;
      C._ts_parser_enable_logger_wasm(this[0], 1);
    } else {
      C.currentLogCallback = null;
      C._ts_parser_enable_logger_wasm(this[0], 0);
    }
    let rangeCount = 0;
    let rangeAddress = 0;
    if (options?.includedRanges) {
      rangeCount = options.includedRanges.length;
      rangeAddress = C._calloc(rangeCount, SIZE_OF_RANGE);
      let address = rangeAddress;
      for (let i2 = 0; i2 < rangeCount; i2++) {
        marshalRange(address, options.includedRanges[i2]);
        address += SIZE_OF_RANGE;
      }
    }
    const treeAddress = C._ts_parser_parse_wasm(
      this[0],
      this[1],
      oldTree ? oldTree[0] : 0,
      rangeAddress,
      rangeCount
    );
    if (!treeAddress) {
      C.currentParseCallback = null;
      C.currentLogCallback = null;
      C.currentProgressCallback = null;
      return null;
    }
    if (!this.language) {
      throw new Error("Parser must have a language to parse");
    }
    const result = new Tree(INTERNAL, treeAddress, this.language, C.currentParseCallback);
    C.currentParseCallback = null;
    C.currentLogCallback = null;
    C.currentProgressCallback = null;
    return result;
  }
  /**
   * Instruct the parser to start the next parse from the beginning.
   *
   * If the parser previously failed because of a callback, 
   * then by default, it will resume where it left off on the
   * next call to {@link Parser#parse} or other parsing functions.
   * If you don't want to resume, and instead intend to use this parser to
   * parse some other document, you must call `reset` first.
   */
  reset() {
    C._ts_parser_reset(this[0]);
  }
  /** Get the ranges of text that the parser will include when parsing. */
  getIncludedRanges() {
    C._ts_parser_included_ranges_wasm(this[0]);
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const buffer = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const result = new Array(count);
    if (count > 0) {
      let address = buffer;
      for (let i2 = 0; i2 < count; i2++) {
        result[i2] = unmarshalRange(address);
        address += SIZE_OF_RANGE;
      }
      C._free(buffer);
    }
    return result;
  }
  /** Set the logging callback that a parser should use during parsing. */
  setLogger(callback) {
    if (!callback) {
      this.logCallback = null;
    } else if (typeof callback !== "function") {
      throw new Error("Logger callback must be a function");
    } else {
      this.logCallback = callback;
    }
    return this;
  }
  /** Get the parser's current logger. */
  getLogger() {
    return this.logCallback;
  }
};

// src/query.ts
var PREDICATE_STEP_TYPE_CAPTURE = 1;
var PREDICATE_STEP_TYPE_STRING = 2;
var QUERY_WORD_REGEX = /[\w-]+/g;
var CaptureQuantifier = {
  Zero: 0,
  ZeroOrOne: 1,
  ZeroOrMore: 2,
  One: 3,
  OneOrMore: 4
};
var isCaptureStep = /* @__PURE__ */ __name((step) => step.type === "capture", "isCaptureStep");
var isStringStep = /* @__PURE__ */ __name((step) => step.type === "string", "isStringStep");
var QueryErrorKind = {
  Syntax: 1,
  NodeName: 2,
  FieldName: 3,
  CaptureName: 4,
  PatternStructure: 5
};
var QueryError = class _QueryError extends Error {
  constructor(kind, info2, index, length) {
    super(_QueryError.formatMessage(kind, info2));
    this.kind = kind;
    this.info = info2;
    this.index = index;
    this.length = length;
    this.name = "QueryError";
  }
  kind;
  info;
  index;
  length;
  static {
    __name(this, "QueryError");
  }
  /** Formats an error message based on the error kind and info */
  static formatMessage(kind, info2) {
    switch (kind) {
      case QueryErrorKind.NodeName:
        return `Bad node name '${info2.word}'`;
      case QueryErrorKind.FieldName:
        return `Bad field name '${info2.word}'`;
      case QueryErrorKind.CaptureName:
        return `Bad capture name @${info2.word}`;
      case QueryErrorKind.PatternStructure:
        return `Bad pattern structure at offset ${info2.suffix}`;
      case QueryErrorKind.Syntax:
        return `Bad syntax at offset ${info2.suffix}`;
    }
  }
};
function parseAnyPredicate(steps, index, operator, textPredicates) {
  if (steps.length !== 3) {
    throw new Error(
      `Wrong number of arguments to \`#${operator}\` predicate. Expected 2, got ${steps.length - 1}`
    );
  }
  if (!isCaptureStep(steps[1])) {
    throw new Error(
      `First argument of \`#${operator}\` predicate must be a capture. Got "${steps[1].value}"`
    );
  }
  const isPositive = operator === "eq?" || operator === "any-eq?";
  const matchAll = !operator.startsWith("any-");
  if (isCaptureStep(steps[2])) {
    const captureName1 = steps[1].name;
    const captureName2 = steps[2].name;
    textPredicates[index].push((captures) => {
      const nodes1 = [];
      const nodes2 = [];
      for (const c of captures) {
        if (c.name === captureName1) nodes1.push(c.node);
        if (c.name === captureName2) nodes2.push(c.node);
      }
      const compare = /* @__PURE__ */ __name((n1, n2, positive) => {
        return positive ? n1.text === n2.text : n1.text !== n2.text;
      }, "compare");
      return matchAll ? nodes1.every((n1) => nodes2.some((n2) => compare(n1, n2, isPositive))) : nodes1.some((n1) => nodes2.some((n2) => compare(n1, n2, isPositive)));
    });
  } else {
    const captureName = steps[1].name;
    const stringValue = steps[2].value;
    const matches = /* @__PURE__ */ __name((n) => n.text === stringValue, "matches");
    const doesNotMatch = /* @__PURE__ */ __name((n) => n.text !== stringValue, "doesNotMatch");
    textPredicates[index].push((captures) => {
      const nodes = [];
      for (const c of captures) {
        if (c.name === captureName) nodes.push(c.node);
      }
      const test = isPositive ? matches : doesNotMatch;
      return matchAll ? nodes.every(test) : nodes.some(test);
    });
  }
}
__name(parseAnyPredicate, "parseAnyPredicate");
function parseMatchPredicate(steps, index, operator, textPredicates) {
  if (steps.length !== 3) {
    throw new Error(
      `Wrong number of arguments to \`#${operator}\` predicate. Expected 2, got ${steps.length - 1}.`
    );
  }
  if (steps[1].type !== "capture") {
    throw new Error(
      `First argument of \`#${operator}\` predicate must be a capture. Got "${steps[1].value}".`
    );
  }
  if (steps[2].type !== "string") {
    throw new Error(
      `Second argument of \`#${operator}\` predicate must be a string. Got @${steps[2].name}.`
    );
  }
  const isPositive = operator === "match?" || operator === "any-match?";
  const matchAll = !operator.startsWith("any-");
  const captureName = steps[1].name;
  const regex = new RegExp(steps[2].value);
  textPredicates[index].push((captures) => {
    const nodes = [];
    for (const c of captures) {
      if (c.name === captureName) nodes.push(c.node.text);
    }
    const test = /* @__PURE__ */ __name((text, positive) => {
      return positive ? regex.test(text) : !regex.test(text);
    }, "test");
    if (nodes.length === 0) return !isPositive;
    return matchAll ? nodes.every((text) => test(text, isPositive)) : nodes.some((text) => test(text, isPositive));
  });
}
__name(parseMatchPredicate, "parseMatchPredicate");
function parseAnyOfPredicate(steps, index, operator, textPredicates) {
  if (steps.length < 2) {
    throw new Error(
      `Wrong number of arguments to \`#${operator}\` predicate. Expected at least 1. Got ${steps.length - 1}.`
    );
  }
  if (steps[1].type !== "capture") {
    throw new Error(
      `First argument of \`#${operator}\` predicate must be a capture. Got "${steps[1].value}".`
    );
  }
  const isPositive = operator === "any-of?";
  const captureName = steps[1].name;
  const stringSteps = steps.slice(2);
  if (!stringSteps.every(isStringStep)) {
    throw new Error(
      `Arguments to \`#${operator}\` predicate must be strings.".`
    );
  }
  const values = stringSteps.map((s) => s.value);
  textPredicates[index].push((captures) => {
    const nodes = [];
    for (const c of captures) {
      if (c.name === captureName) nodes.push(c.node.text);
    }
    if (nodes.length === 0) return !isPositive;
    return nodes.every((text) => values.includes(text)) === isPositive;
  });
}
__name(parseAnyOfPredicate, "parseAnyOfPredicate");
function parseIsPredicate(steps, index, operator, assertedProperties, refutedProperties) {
  if (steps.length < 2 || steps.length > 3) {
    throw new Error(
      `Wrong number of arguments to \`#${operator}\` predicate. Expected 1 or 2. Got ${steps.length - 1}.`
    );
  }
  if (!steps.every(isStringStep)) {
    throw new Error(
      `Arguments to \`#${operator}\` predicate must be strings.".`
    );
  }
  const properties = operator === "is?" ? assertedProperties : refutedProperties;
  if (!properties[index]) properties[index] = {};
  properties[index][steps[1].value] = steps[2]?.value ?? null;
}
__name(parseIsPredicate, "parseIsPredicate");
function parseSetDirective(steps, index, setProperties) {
  if (steps.length < 2 || steps.length > 3) {
    throw new Error(`Wrong number of arguments to \`#set!\` predicate. Expected 1 or 2. Got ${steps.length - 1}.`);
  }
  if (!steps.every(isStringStep)) {
    throw new Error(`Arguments to \`#set!\` predicate must be strings.".`);
  }
  if (!setProperties[index]) setProperties[index] = {};
  setProperties[index][steps[1].value] = steps[2]?.value ?? null;
}
__name(parseSetDirective, "parseSetDirective");
function parsePattern(index, stepType, stepValueId, captureNames, stringValues, steps, textPredicates, predicates, setProperties, assertedProperties, refutedProperties) {
  if (stepType === PREDICATE_STEP_TYPE_CAPTURE) {
    const name2 = captureNames[stepValueId];
    steps.push({ type: "capture", name: name2 });
  } else if (stepType === PREDICATE_STEP_TYPE_STRING) {
    steps.push({ type: "string", value: stringValues[stepValueId] });
  } else if (steps.length > 0) {
    if (steps[0].type !== "string") {
      throw new Error("Predicates must begin with a literal value");
    }
    const operator = steps[0].value;
    switch (operator) {
      case "any-not-eq?":
      case "not-eq?":
      case "any-eq?":
      case "eq?":
        parseAnyPredicate(steps, index, operator, textPredicates);
        break;
      case "any-not-match?":
      case "not-match?":
      case "any-match?":
      case "match?":
        parseMatchPredicate(steps, index, operator, textPredicates);
        break;
      case "not-any-of?":
      case "any-of?":
        parseAnyOfPredicate(steps, index, operator, textPredicates);
        break;
      case "is?":
      case "is-not?":
        parseIsPredicate(steps, index, operator, assertedProperties, refutedProperties);
        break;
      case "set!":
        parseSetDirective(steps, index, setProperties);
        break;
      default:
        predicates[index].push({ operator, operands: steps.slice(1) });
    }
    steps.length = 0;
  }
}
__name(parsePattern, "parsePattern");
function indexForByteOffset(source, byteOffset) {
  return new TextEncoder().encodeInto(source, new Uint8Array(byteOffset)).read;
}
__name(indexForByteOffset, "indexForByteOffset");
var finalizer5 = newFinalizer((address) => {
  C._ts_query_delete(address);
});
var Query = class {
  static {
    __name(this, "Query");
  }
  /** @internal */
  [0] = 0;
  // Internal handle for Wasm
  /** @internal */
  exceededMatchLimit;
  /** @internal */
  textPredicates;
  /** @internal */
  source;
  /** The names of the captures used in the query. */
  captureNames;
  /** The quantifiers of the captures used in the query. */
  captureQuantifiers;
  /**
   * The other user-defined predicates associated with the given index.
   *
   * This includes predicates with operators other than:
   * - `match?`
   * - `eq?` and `not-eq?`
   * - `any-of?` and `not-any-of?`
   * - `is?` and `is-not?`
   * - `set!`
   */
  predicates;
  /** The properties for predicates with the operator `set!`. */
  setProperties;
  /** The properties for predicates with the operator `is?`. */
  assertedProperties;
  /** The properties for predicates with the operator `is-not?`. */
  refutedProperties;
  /** The maximum number of in-progress matches for this cursor. */
  matchLimit;
  /**
   * Create a new query from a string containing one or more S-expression
   * patterns.
   *
   * The query is associated with a particular language, and can only be run
   * on syntax nodes parsed with that language. References to Queries can be
   * shared between multiple threads.
   *
   * @link {@see https://tree-sitter.github.io/tree-sitter/using-parsers/queries}
   */
  constructor(language, source) {
    const sourceLength = C.lengthBytesUTF8(source);
    const sourceAddress = C._malloc(sourceLength + 1);
    C.stringToUTF8(source, sourceAddress, sourceLength + 1);
    const address = C._ts_query_new(
      language[0],
      sourceAddress,
      sourceLength,
      TRANSFER_BUFFER,
      TRANSFER_BUFFER + SIZE_OF_INT
    );
    if (!address) {
      const errorId = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
      const errorByte = C.getValue(TRANSFER_BUFFER, "i32");
      const errorIndex = C.UTF8ToString(sourceAddress, errorByte).length;
      const suffix = source.slice(errorIndex, errorIndex + 100).split("\n")[0];
      const word = suffix.match(QUERY_WORD_REGEX)?.[0] ?? "";
      C._free(sourceAddress);
      switch (errorId) {
        case QueryErrorKind.Syntax:
          throw new QueryError(QueryErrorKind.Syntax, { suffix: `${errorIndex}: '${suffix}'...` }, errorIndex, 0);
        case QueryErrorKind.NodeName:
          throw new QueryError(errorId, { word }, errorIndex, word.length);
        case QueryErrorKind.FieldName:
          throw new QueryError(errorId, { word }, errorIndex, word.length);
        case QueryErrorKind.CaptureName:
          throw new QueryError(errorId, { word }, errorIndex, word.length);
        case QueryErrorKind.PatternStructure:
          throw new QueryError(errorId, { suffix: `${errorIndex}: '${suffix}'...` }, errorIndex, 0);
      }
    }
    const stringCount = C._ts_query_string_count(address);
    const captureCount = C._ts_query_capture_count(address);
    const patternCount = C._ts_query_pattern_count(address);
    const captureNames = new Array(captureCount);
    const captureQuantifiers = new Array(patternCount);
    const stringValues = new Array(stringCount);
    for (let i2 = 0; i2 < captureCount; i2++) {
      const nameAddress = C._ts_query_capture_name_for_id(
        address,
        i2,
        TRANSFER_BUFFER
      );
      const nameLength = C.getValue(TRANSFER_BUFFER, "i32");
      captureNames[i2] = C.UTF8ToString(nameAddress, nameLength);
    }
    for (let i2 = 0; i2 < patternCount; i2++) {
      const captureQuantifiersArray = new Array(captureCount);
      for (let j = 0; j < captureCount; j++) {
        const quantifier = C._ts_query_capture_quantifier_for_id(address, i2, j);
        captureQuantifiersArray[j] = quantifier;
      }
      captureQuantifiers[i2] = captureQuantifiersArray;
    }
    for (let i2 = 0; i2 < stringCount; i2++) {
      const valueAddress = C._ts_query_string_value_for_id(
        address,
        i2,
        TRANSFER_BUFFER
      );
      const nameLength = C.getValue(TRANSFER_BUFFER, "i32");
      stringValues[i2] = C.UTF8ToString(valueAddress, nameLength);
    }
    const setProperties = new Array(patternCount);
    const assertedProperties = new Array(patternCount);
    const refutedProperties = new Array(patternCount);
    const predicates = new Array(patternCount);
    const textPredicates = new Array(patternCount);
    for (let i2 = 0; i2 < patternCount; i2++) {
      const predicatesAddress = C._ts_query_predicates_for_pattern(address, i2, TRANSFER_BUFFER);
      const stepCount = C.getValue(TRANSFER_BUFFER, "i32");
      predicates[i2] = [];
      textPredicates[i2] = [];
      const steps = new Array();
      let stepAddress = predicatesAddress;
      for (let j = 0; j < stepCount; j++) {
        const stepType = C.getValue(stepAddress, "i32");
        stepAddress += SIZE_OF_INT;
        const stepValueId = C.getValue(stepAddress, "i32");
        stepAddress += SIZE_OF_INT;
        parsePattern(
          i2,
          stepType,
          stepValueId,
          captureNames,
          stringValues,
          steps,
          textPredicates,
          predicates,
          setProperties,
          assertedProperties,
          refutedProperties
        );
      }
      Object.freeze(textPredicates[i2]);
      Object.freeze(predicates[i2]);
      Object.freeze(setProperties[i2]);
      Object.freeze(assertedProperties[i2]);
      Object.freeze(refutedProperties[i2]);
    }
    C._free(sourceAddress);
    this[0] = address;
    this.captureNames = captureNames;
    this.captureQuantifiers = captureQuantifiers;
    this.textPredicates = textPredicates;
    this.source = source;
    this.predicates = predicates;
    this.setProperties = setProperties;
    this.assertedProperties = assertedProperties;
    this.refutedProperties = refutedProperties;
    this.exceededMatchLimit = false;
    finalizer5?.register(this, address, this);
  }
  /** Delete the query, freeing its resources. */
  delete() {
    finalizer5?.unregister(this);
    C._ts_query_delete(this[0]);
    this[0] = 0;
  }
  /**
   * Iterate over all of the matches in the order that they were found.
   *
   * Each match contains the index of the pattern that matched, and a list of
   * captures. Because multiple patterns can match the same set of nodes,
   * one match may contain captures that appear *before* some of the
   * captures from a previous match.
   *
   * @param {Node} node - The node to execute the query on.
   *
   * @param {QueryOptions} options - Options for query execution.
   */
  matches(node, options = {}) {
    const startPosition = options.startPosition ?? ZERO_POINT;
    const endPosition = options.endPosition ?? ZERO_POINT;
    const startIndex = options.startIndex ?? 0;
    const endIndex = options.endIndex ?? 0;
    const startContainingPosition = options.startContainingPosition ?? ZERO_POINT;
    const endContainingPosition = options.endContainingPosition ?? ZERO_POINT;
    const startContainingIndex = options.startContainingIndex ?? 0;
    const endContainingIndex = options.endContainingIndex ?? 0;
    const matchLimit = options.matchLimit ?? 4294967295;
    const maxStartDepth = options.maxStartDepth ?? 4294967295;
    const progressCallback = options.progressCallback;
    if (typeof matchLimit !== "number") {
      throw new Error("Arguments must be numbers");
    }
    this.matchLimit = matchLimit;
    if (endIndex !== 0 && startIndex > endIndex) {
      throw new Error("`startIndex` cannot be greater than `endIndex`");
    }
    if (endPosition !== ZERO_POINT && (startPosition.row > endPosition.row || startPosition.row === endPosition.row && startPosition.column > endPosition.column)) {
      throw new Error("`startPosition` cannot be greater than `endPosition`");
    }
    if (endContainingIndex !== 0 && startContainingIndex > endContainingIndex) {
      throw new Error("`startContainingIndex` cannot be greater than `endContainingIndex`");
    }
    if (endContainingPosition !== ZERO_POINT && (startContainingPosition.row > endContainingPosition.row || startContainingPosition.row === endContainingPosition.row && startContainingPosition.column > endContainingPosition.column)) {
      throw new Error("`startContainingPosition` cannot be greater than `endContainingPosition`");
    }
    if (progressCallback) {
      C.currentQueryProgressCallback = progressCallback;
    }
    marshalNode(node);
    C._ts_query_matches_wasm(
      this[0],
      node.tree[0],
      startPosition.row,
      startPosition.column,
      endPosition.row,
      endPosition.column,
      startIndex,
      endIndex,
      startContainingPosition.row,
      startContainingPosition.column,
      endContainingPosition.row,
      endContainingPosition.column,
      startContainingIndex,
      endContainingIndex,
      matchLimit,
      maxStartDepth
    );
    const rawCount = C.getValue(TRANSFER_BUFFER, "i32");
    const startAddress = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const didExceedMatchLimit = C.getValue(TRANSFER_BUFFER + 2 * SIZE_OF_INT, "i32");
    const result = new Array(rawCount);
    this.exceededMatchLimit = Boolean(didExceedMatchLimit);
    let filteredCount = 0;
    let address = startAddress;
    for (let i2 = 0; i2 < rawCount; i2++) {
      const patternIndex = C.getValue(address, "i32");
      address += SIZE_OF_INT;
      const captureCount = C.getValue(address, "i32");
      address += SIZE_OF_INT;
      const captures = new Array(captureCount);
      address = unmarshalCaptures(this, node.tree, address, patternIndex, captures);
      if (this.textPredicates[patternIndex].every((p) => p(captures))) {
        result[filteredCount] = { patternIndex, captures };
        const setProperties = this.setProperties[patternIndex];
        result[filteredCount].setProperties = setProperties;
        const assertedProperties = this.assertedProperties[patternIndex];
        result[filteredCount].assertedProperties = assertedProperties;
        const refutedProperties = this.refutedProperties[patternIndex];
        result[filteredCount].refutedProperties = refutedProperties;
        filteredCount++;
      }
    }
    result.length = filteredCount;
    C._free(startAddress);
    C.currentQueryProgressCallback = null;
    return result;
  }
  /**
   * Iterate over all of the individual captures in the order that they
   * appear.
   *
   * This is useful if you don't care about which pattern matched, and just
   * want a single, ordered sequence of captures.
   *
   * @param {Node} node - The node to execute the query on.
   *
   * @param {QueryOptions} options - Options for query execution.
   */
  captures(node, options = {}) {
    const startPosition = options.startPosition ?? ZERO_POINT;
    const endPosition = options.endPosition ?? ZERO_POINT;
    const startIndex = options.startIndex ?? 0;
    const endIndex = options.endIndex ?? 0;
    const startContainingPosition = options.startContainingPosition ?? ZERO_POINT;
    const endContainingPosition = options.endContainingPosition ?? ZERO_POINT;
    const startContainingIndex = options.startContainingIndex ?? 0;
    const endContainingIndex = options.endContainingIndex ?? 0;
    const matchLimit = options.matchLimit ?? 4294967295;
    const maxStartDepth = options.maxStartDepth ?? 4294967295;
    const progressCallback = options.progressCallback;
    if (typeof matchLimit !== "number") {
      throw new Error("Arguments must be numbers");
    }
    this.matchLimit = matchLimit;
    if (endIndex !== 0 && startIndex > endIndex) {
      throw new Error("`startIndex` cannot be greater than `endIndex`");
    }
    if (endPosition !== ZERO_POINT && (startPosition.row > endPosition.row || startPosition.row === endPosition.row && startPosition.column > endPosition.column)) {
      throw new Error("`startPosition` cannot be greater than `endPosition`");
    }
    if (endContainingIndex !== 0 && startContainingIndex > endContainingIndex) {
      throw new Error("`startContainingIndex` cannot be greater than `endContainingIndex`");
    }
    if (endContainingPosition !== ZERO_POINT && (startContainingPosition.row > endContainingPosition.row || startContainingPosition.row === endContainingPosition.row && startContainingPosition.column > endContainingPosition.column)) {
      throw new Error("`startContainingPosition` cannot be greater than `endContainingPosition`");
    }
    if (progressCallback) {
      C.currentQueryProgressCallback = progressCallback;
    }
    marshalNode(node);
    C._ts_query_captures_wasm(
      this[0],
      node.tree[0],
      startPosition.row,
      startPosition.column,
      endPosition.row,
      endPosition.column,
      startIndex,
      endIndex,
      startContainingPosition.row,
      startContainingPosition.column,
      endContainingPosition.row,
      endContainingPosition.column,
      startContainingIndex,
      endContainingIndex,
      matchLimit,
      maxStartDepth
    );
    const count = C.getValue(TRANSFER_BUFFER, "i32");
    const startAddress = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32");
    const didExceedMatchLimit = C.getValue(TRANSFER_BUFFER + 2 * SIZE_OF_INT, "i32");
    const result = new Array();
    this.exceededMatchLimit = Boolean(didExceedMatchLimit);
    const captures = new Array();
    let address = startAddress;
    for (let i2 = 0; i2 < count; i2++) {
      const patternIndex = C.getValue(address, "i32");
      address += SIZE_OF_INT;
      const captureCount = C.getValue(address, "i32");
      address += SIZE_OF_INT;
      const captureIndex = C.getValue(address, "i32");
      address += SIZE_OF_INT;
      captures.length = captureCount;
      address = unmarshalCaptures(this, node.tree, address, patternIndex, captures);
      if (this.textPredicates[patternIndex].every((p) => p(captures))) {
        const capture = captures[captureIndex];
        const setProperties = this.setProperties[patternIndex];
        capture.setProperties = setProperties;
        const assertedProperties = this.assertedProperties[patternIndex];
        capture.assertedProperties = assertedProperties;
        const refutedProperties = this.refutedProperties[patternIndex];
        capture.refutedProperties = refutedProperties;
        result.push(capture);
      }
    }
    C._free(startAddress);
    C.currentQueryProgressCallback = null;
    return result;
  }
  /** Get the predicates for a given pattern. */
  predicatesForPattern(patternIndex) {
    return this.predicates[patternIndex];
  }
  /**
   * Disable a certain capture within a query.
   *
   * This prevents the capture from being returned in matches, and also
   * avoids any resource usage associated with recording the capture.
   */
  disableCapture(captureName) {
    const captureNameLength = C.lengthBytesUTF8(captureName);
    const captureNameAddress = C._malloc(captureNameLength + 1);
    C.stringToUTF8(captureName, captureNameAddress, captureNameLength + 1);
    C._ts_query_disable_capture(this[0], captureNameAddress, captureNameLength);
    C._free(captureNameAddress);
  }
  /**
   * Disable a certain pattern within a query.
   *
   * This prevents the pattern from matching, and also avoids any resource
   * usage associated with the pattern. This throws an error if the pattern
   * index is out of bounds.
   */
  disablePattern(patternIndex) {
    if (patternIndex >= this.predicates.length) {
      throw new Error(
        `Pattern index is ${patternIndex} but the pattern count is ${this.predicates.length}`
      );
    }
    C._ts_query_disable_pattern(this[0], patternIndex);
  }
  /**
   * Check if, on its last execution, this cursor exceeded its maximum number
   * of in-progress matches.
   */
  didExceedMatchLimit() {
    return this.exceededMatchLimit;
  }
  /** Get the index where the given pattern starts in the query's source. */
  startIndexForPattern(patternIndex) {
    if (patternIndex >= this.predicates.length) {
      throw new Error(
        `Pattern index is ${patternIndex} but the pattern count is ${this.predicates.length}`
      );
    }
    const byteOffset = C._ts_query_start_byte_for_pattern(this[0], patternIndex);
    return indexForByteOffset(this.source, byteOffset);
  }
  /** Get the index where the given pattern ends in the query's source. */
  endIndexForPattern(patternIndex) {
    if (patternIndex >= this.predicates.length) {
      throw new Error(
        `Pattern index is ${patternIndex} but the pattern count is ${this.predicates.length}`
      );
    }
    const byteOffset = C._ts_query_end_byte_for_pattern(this[0], patternIndex);
    return indexForByteOffset(this.source, byteOffset);
  }
  /** Get the number of patterns in the query. */
  patternCount() {
    return C._ts_query_pattern_count(this[0]);
  }
  /** Get the index for a given capture name. */
  captureIndexForName(captureName) {
    return this.captureNames.indexOf(captureName);
  }
  /** Check if a given pattern within a query has a single root node. */
  isPatternRooted(patternIndex) {
    return C._ts_query_is_pattern_rooted(this[0], patternIndex) === 1;
  }
  /** Check if a given pattern within a query has a single root node. */
  isPatternNonLocal(patternIndex) {
    return C._ts_query_is_pattern_non_local(this[0], patternIndex) === 1;
  }
  /**
   * Check if the step at the given index in the query's source is 'definite'.
   *
   * A query step is 'definite' if its parent pattern will be guaranteed to
   * match successfully once it reaches the step.
   */
  isPatternGuaranteedAtStep(index) {
    const byteOffset = C.lengthBytesUTF8(this.source.slice(0, index));
    return C._ts_query_is_pattern_guaranteed_at_step(this[0], byteOffset) === 1;
  }
};

//# sourceMappingURL=web-tree-sitter.js.map


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/publicPath */
/******/ (() => {
/******/ 	var scriptUrl;
/******/ 	if (typeof import.meta.url === "string") scriptUrl = import.meta.url
/******/ 	// When supporting browsers where an automatic publicPath is not supported you must specify an output.publicPath manually via configuration
/******/ 	// or pass an empty string ("") and set the __webpack_public_path__ variable from your code to use your own logic.
/******/ 	if (!scriptUrl) throw new Error("Automatic publicPath is not supported in this browser");
/******/ 	scriptUrl = scriptUrl.replace(/#.*$/, "").replace(/\?.*$/, "").replace(/\/[^\/]+$/, "/");
/******/ 	__nccwpck_require__.p = scriptUrl;
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	__nccwpck_require__.b = new URL("./", import.meta.url);
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	// no install chunk
/******/ 	
/******/ 	// no chunk on demand loading
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/facts/loc.ts
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const chunks = [];
let count = 0;
function loc_makeLoc(line, column, endLine, endColumn) {
    const i = count++;
    const k = i >>> CHUNK_BITS;
    const chunk = chunks[k] ?? (chunks[k] = new Int32Array(4 * CHUNK));
    const o = (i & (CHUNK - 1)) << 2;
    chunk[o] = line;
    chunk[o + 1] = column;
    chunk[o + 2] = endLine;
    chunk[o + 3] = endColumn;
    return i;
}
/**
 * Empties the table (its chunks are kept for reuse). Only for a thread that has handed over all the
 * IR it made, and holds none: a parse worker between messages. Every location made before is void.
 */
function resetLocs() {
    count = 0;
}
/** One of the four numbers: 0 line, 1 column, 2 end line, 3 end column. */
function part(l, p) {
    const chunk = chunks[l >>> CHUNK_BITS];
    if (chunk === undefined || !(l >= 0 && l < count) || (l | 0) !== l)
        throw new Error(`not a location: ${l}`);
    return chunk[((l & (CHUNK - 1)) << 2) + p];
}
const locLine = (l) => part(l, 0);
const locColumn = (l) => part(l, 1);
const locEndLine = (l) => part(l, 2);
const locEndColumn = (l) => part(l, 3);
/** `[line, column, endLine, endColumn]`. */
function locParts(l) {
    return [part(l, 0), part(l, 1), part(l, 2), part(l, 3)];
}
/** IR keys that hold a location. */
const LOC_KEYS = new Set(['loc', 'defLoc']);
/**
 * A deep copy of IR data with every location as its four numbers, keys (and keys whose value is
 * undefined) kept in order: what JSON of the IR shows (snapshots, the wire's JSON fallback).
 * Iterative: the IR can nest deeper than the stack.
 */
function withLocParts(root) {
    const out = {};
    const stack = [[root, out, 'v']];
    while (stack.length) {
        const [x, into, key] = stack.pop();
        if (typeof key === 'string' && LOC_KEYS.has(key) && typeof x === 'number')
            into[key] = locParts(x);
        else if (Array.isArray(x)) {
            const a = new Array(x.length);
            into[key] = a;
            for (let i = 0; i < x.length; i++)
                stack.push([x[i], a, i]);
        }
        else if (x !== null && typeof x === 'object') {
            const o = {};
            into[key] = o;
            for (const k of Object.keys(x)) {
                o[k] = undefined; // the key, in its place
                stack.push([x[k], o, k]);
            }
        }
        else
            into[key] = x;
    }
    return out.v;
}
/** Calls `f` with every location of IR data and a setter for it. Iterative: the IR can nest deeper than the stack. */
function eachLoc(root, f) {
    const stack = [root];
    while (stack.length) {
        const x = stack.pop();
        if (Array.isArray(x)) {
            for (const v of x)
                if (v !== null && typeof v === 'object')
                    stack.push(v);
        }
        else if (x !== null && typeof x === 'object') {
            const o = x;
            for (const k of Object.keys(o)) {
                const v = o[k];
                if (LOC_KEYS.has(k) && typeof v === 'number')
                    f(v, (l) => (o[k] = l));
                else if (v !== null && typeof v === 'object')
                    stack.push(v);
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
function locsOf(root) {
    const out = [];
    const seen = new Set();
    eachLoc(root, (l) => {
        if (seen.has(l))
            return;
        seen.add(l);
        out.push(l, ...locParts(l));
    });
    return out;
}
/** Replaces, in place, the locations of another thread (listed by `locsOf` there) with locations of this one. */
function loc_relocate(root, locs) {
    const map = new Map();
    for (let i = 0; i + 4 < locs.length; i += 5)
        map.set(locs[i], loc_makeLoc(locs[i + 1], locs[i + 2], locs[i + 3], locs[i + 4]));
    eachLoc(root, (l, set) => {
        const m = map.get(l);
        if (m === undefined)
            throw new Error(`location ${l} was not sent`);
        set(m);
    });
    return root;
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: ./src/parse/extract.ts

/**
 * Levels of nesting (blocks, brackets, `elif` branches) the IR keeps. CPython itself stops at 100
 * levels of indentation and 200 of brackets; an `elif` chain has no such limit, but a 5 000-branch
 * chain must not make every later walk 5 000 deep (before they shared this budget, 60 nested chains
 * of 100 crashed the rules stage with a stack overflow).
 */
const MAX_DEPTH = 200;
/** The node types (and tokens) the extractor tells apart; every other type is kind 0. */
var K;
(function (K) {
    K[K["identifier"] = 1] = "identifier";
    K[K["attribute"] = 2] = "attribute";
    K[K["call"] = 3] = "call";
    K[K["string"] = 4] = "string";
    K[K["concatenated_string"] = 5] = "concatenated_string";
    K[K["string_start"] = 6] = "string_start";
    K[K["string_content"] = 7] = "string_content";
    K[K["escape_sequence"] = 8] = "escape_sequence";
    K[K["interpolation"] = 9] = "interpolation";
    K[K["integer"] = 10] = "integer";
    K[K["float"] = 11] = "float";
    K[K["true"] = 12] = "true";
    K[K["false"] = 13] = "false";
    K[K["none"] = 14] = "none";
    K[K["ellipsis"] = 15] = "ellipsis";
    K[K["list"] = 16] = "list";
    K[K["set"] = 17] = "set";
    K[K["tuple"] = 18] = "tuple";
    K[K["expression_list"] = 19] = "expression_list";
    K[K["pattern_list"] = 20] = "pattern_list";
    K[K["tuple_pattern"] = 21] = "tuple_pattern";
    K[K["list_pattern"] = 22] = "list_pattern";
    K[K["dictionary"] = 23] = "dictionary";
    K[K["pair"] = 24] = "pair";
    K[K["subscript"] = 25] = "subscript";
    K[K["generic_type"] = 26] = "generic_type";
    K[K["type_parameter"] = 27] = "type_parameter";
    K[K["union_type"] = 28] = "union_type";
    K[K["type"] = 29] = "type";
    K[K["parenthesized_expression"] = 30] = "parenthesized_expression";
    K[K["parenthesized_list_splat"] = 31] = "parenthesized_list_splat";
    K[K["binary_operator"] = 32] = "binary_operator";
    K[K["boolean_operator"] = 33] = "boolean_operator";
    K[K["unary_operator"] = 34] = "unary_operator";
    K[K["not_operator"] = 35] = "not_operator";
    K[K["comparison_operator"] = 36] = "comparison_operator";
    K[K["conditional_expression"] = 37] = "conditional_expression";
    K[K["lambda"] = 38] = "lambda";
    K[K["lambda_parameters"] = 39] = "lambda_parameters";
    K[K["list_splat"] = 40] = "list_splat";
    K[K["list_splat_pattern"] = 41] = "list_splat_pattern";
    K[K["dictionary_splat"] = 42] = "dictionary_splat";
    K[K["dictionary_splat_pattern"] = 43] = "dictionary_splat_pattern";
    K[K["await"] = 44] = "await";
    K[K["yield"] = 45] = "yield";
    K[K["list_comprehension"] = 46] = "list_comprehension";
    K[K["set_comprehension"] = 47] = "set_comprehension";
    K[K["generator_expression"] = 48] = "generator_expression";
    K[K["dictionary_comprehension"] = 49] = "dictionary_comprehension";
    K[K["for_in_clause"] = 50] = "for_in_clause";
    K[K["named_expression"] = 51] = "named_expression";
    K[K["keyword_argument"] = 52] = "keyword_argument";
    K[K["as_pattern"] = 53] = "as_pattern";
    K[K["as_pattern_target"] = 54] = "as_pattern_target";
    K[K["expression_statement"] = 55] = "expression_statement";
    K[K["assignment"] = 56] = "assignment";
    K[K["augmented_assignment"] = 57] = "augmented_assignment";
    K[K["import_statement"] = 58] = "import_statement";
    K[K["dotted_name"] = 59] = "dotted_name";
    K[K["aliased_import"] = 60] = "aliased_import";
    K[K["import_from_statement"] = 61] = "import_from_statement";
    K[K["relative_import"] = 62] = "relative_import";
    K[K["import_prefix"] = 63] = "import_prefix";
    K[K["wildcard_import"] = 64] = "wildcard_import";
    K[K["future_import_statement"] = 65] = "future_import_statement";
    K[K["function_definition"] = 66] = "function_definition";
    K[K["class_definition"] = 67] = "class_definition";
    K[K["decorated_definition"] = 68] = "decorated_definition";
    K[K["decorator"] = 69] = "decorator";
    K[K["if_statement"] = 70] = "if_statement";
    K[K["elif_clause"] = 71] = "elif_clause";
    K[K["else_clause"] = 72] = "else_clause";
    K[K["block"] = 73] = "block";
    K[K["for_statement"] = 74] = "for_statement";
    K[K["while_statement"] = 75] = "while_statement";
    K[K["try_statement"] = 76] = "try_statement";
    K[K["except_clause"] = 77] = "except_clause";
    K[K["except_group_clause"] = 78] = "except_group_clause";
    K[K["finally_clause"] = 79] = "finally_clause";
    K[K["with_statement"] = 80] = "with_statement";
    K[K["with_clause"] = 81] = "with_clause";
    K[K["match_statement"] = 82] = "match_statement";
    K[K["case_clause"] = 83] = "case_clause";
    K[K["return_statement"] = 84] = "return_statement";
    K[K["raise_statement"] = 85] = "raise_statement";
    K[K["assert_statement"] = 86] = "assert_statement";
    K[K["type_alias_statement"] = 87] = "type_alias_statement";
    K[K["global_statement"] = 88] = "global_statement";
    K[K["nonlocal_statement"] = 89] = "nonlocal_statement";
    K[K["delete_statement"] = 90] = "delete_statement";
    K[K["pass_statement"] = 91] = "pass_statement";
    K[K["break_statement"] = 92] = "break_statement";
    K[K["continue_statement"] = 93] = "continue_statement";
    K[K["ERROR"] = 94] = "ERROR";
    K[K["parameters"] = 95] = "parameters";
    K[K["argument_list"] = 96] = "argument_list";
    K[K["typed_parameter"] = 97] = "typed_parameter";
    K[K["default_parameter"] = 98] = "default_parameter";
    K[K["typed_default_parameter"] = 99] = "typed_default_parameter";
    K[K["keyword_separator"] = 100] = "keyword_separator";
    K[K["positional_separator"] = 101] = "positional_separator";
    K[K["comment"] = 102] = "comment";
    K[K["line_continuation"] = 103] = "line_continuation";
    // anonymous tokens
    K[K["tok_as"] = 104] = "tok_as";
    K[K["tok_for"] = 105] = "tok_for";
    K[K["tok_in"] = 106] = "tok_in";
    K[K["tok_eq"] = 107] = "tok_eq";
    K[K["tok_arrow"] = 108] = "tok_arrow";
    K[K["tok_colon"] = 109] = "tok_colon";
    K[K["tok_async"] = 110] = "tok_async";
})(K || (K = {}));
const TOKENS = { as: K.tok_as, for: K.tok_for, in: K.tok_in, '=': K.tok_eq, '->': K.tok_arrow, ':': K.tok_colon, async: K.tok_async };
/** Flags of a type id. */
const NAMED = 1;
/** comment, line_continuation: not children for the extractor. */
const SKIP = 2;
/** `*_statement` / `*_clause`: statements the extractor leaves out when it does not decode them. */
const STMT_OR_CLAUSE = 4;
const kindTables = new WeakMap();
function kinds(types) {
    let k = kindTables.get(types);
    if (!k) {
        // Tables over every id keep reads in bounds (ERROR nodes have the id 0xffff).
        k = { kind: new Uint8Array(0x10000), flags: new Uint8Array(0x10000) };
        for (let id = 0; id < types.names.length; id++) {
            const name = types.names[id];
            // a kind stands for a name: anonymous `lambda` and the named `lambda` node compare alike, as names do
            const byName = Object.hasOwn(TOKENS, name) ? TOKENS[name] : K[name];
            k.kind[id] = typeof byName === 'number' ? byName : 0;
            k.flags[id] =
                (types.named[id] ? NAMED : 0) |
                    (name === 'comment' || name === 'line_continuation' ? SKIP : 0) |
                    (name.endsWith('_statement') || name.endsWith('_clause') ? STMT_OR_CLAUSE : 0);
        }
        kindTables.set(types, k);
    }
    return k;
}
/** `errorLines`: lines of ERROR/MISSING nodes, found by the caller on the real tree when it has errors. */
function extractFacts(tree, path, source, bytes, errorLines = []) {
    const x = new Extractor(tree);
    const body = x.block(0, 0);
    const comments = source.includes('fastapi-audit') ? x.comments() : [];
    const facts = { path, body, comments, errors: errorLines, lineCount: x.row(source.length, 0) + 1, bytes };
    const warnings = x.warnings();
    if (warnings.length)
        facts.warnings = warnings;
    return facts;
}
/** Decodes a Python string literal body (the part between quotes). */
function extract_unescape(raw, isRaw) {
    if (isRaw || !raw.includes('\\'))
        return raw;
    return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\n|.)/g, (_m, e) => {
        switch (e[0]) {
            case 'n':
                return e === 'n' ? '\n' : e;
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case '0':
            case '1':
            case '2':
            case '3':
            case '4':
            case '5':
            case '6':
            case '7':
                return String.fromCharCode(parseInt(e, 8));
            case 'x':
            case 'u':
            case 'U': {
                const cp = parseInt(e.slice(1), 16);
                return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
            }
            case '\n':
                return '';
            case '\\':
                return '\\';
            case "'":
                return "'";
            case '"':
                return '"';
            case 'a':
                return '\x07';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'v':
                return '\v';
            case 'N':
                return '?';
            default:
                return '\\' + e;
        }
    });
}
const CMP_OPS = new Set(['<', '>', '==', '>=', '<=', '!=', '<>']);
/** Node indices throughout; -1 is "no node". */
class Extractor {
    fn = null;
    src;
    ty;
    start;
    end;
    first;
    next;
    kind;
    flags;
    names;
    n;
    /** Offsets where lines start. */
    lines = [0];
    /** Row of the last node start looked up. */
    hint = 0;
    /** Code a bound left out (MAX_DEPTH), by kind. */
    nestingCut;
    elifCut;
    constructor(t) {
        const source = (this.src = t.source);
        this.ty = t.type;
        this.start = t.start;
        this.end = t.end;
        this.first = t.first;
        this.next = t.next;
        this.n = t.n;
        this.names = t.types.names;
        const k = kinds(t.types);
        this.kind = k.kind;
        this.flags = k.flags;
        for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1))
            this.lines.push(i + 1);
    }
    // ---------------------------------------------------------------- tree access
    k(n) {
        return this.kind[this.ty[n]];
    }
    isNamed(n) {
        return (this.flags[this.ty[n]] & NAMED) !== 0;
    }
    text(n) {
        return this.src.slice(this.start[n], this.end[n]);
    }
    typeName(n) {
        return this.names[this.ty[n]];
    }
    /** `c` or the first sibling after it that is not a comment or line continuation. */
    kidFrom(c) {
        while (c !== -1 && (this.flags[this.ty[c]] & SKIP) !== 0)
            c = this.next[c];
        return c;
    }
    /** `c` or the first named sibling after it (comments and line continuations left out). */
    namedFrom(c) {
        while (c !== -1 && (this.flags[this.ty[c]] & (NAMED | SKIP)) !== NAMED)
            c = this.next[c];
        return c;
    }
    firstKid(n) {
        return this.kidFrom(this.first[n]);
    }
    nextKid(c) {
        return this.kidFrom(this.next[c]);
    }
    firstNamed(n) {
        return this.namedFrom(this.first[n]);
    }
    nextNamed(c) {
        return this.namedFrom(this.next[c]);
    }
    /** The i-th child (anonymous tokens included), or -1. */
    kidAt(n, i) {
        let c = this.firstKid(n);
        while (i-- > 0 && c !== -1)
            c = this.nextKid(c);
        return c;
    }
    lastNamed(n) {
        let last = -1;
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c))
            last = c;
        return last;
    }
    /** The first child of a kind (any child). */
    child(n, kind) {
        for (let c = this.first[n]; c !== -1; c = this.next[c])
            if (this.k(c) === kind)
                return c;
        return -1;
    }
    /** Whether an anonymous child of this kind exists, e.g. `async`. */
    hasToken(n, kind) {
        for (let c = this.first[n]; c !== -1; c = this.next[c])
            if (this.k(c) === kind && !this.isNamed(c))
                return true;
        return false;
    }
    /** The named child after the anonymous token `tok` (e.g. the alias after `as`). */
    after(n, tok) {
        let seen = false;
        for (let c = this.firstKid(n); c !== -1; c = this.nextKid(c)) {
            const named = this.isNamed(c);
            if (seen && named)
                return c;
            if (!named && this.k(c) === tok)
                seen = true;
        }
        return -1;
    }
    /** The first descendant of a kind in document order (the node itself left out). */
    firstDescendant(n, kind) {
        const stack = [];
        for (let c = this.first[n];;) {
            if (c === -1) {
                if (stack.length === 0)
                    return -1;
                c = stack.pop();
                continue;
            }
            if (this.k(c) === kind)
                return c;
            if (this.next[c] !== -1)
                stack.push(this.next[c]);
            c = this.first[c];
        }
    }
    /** Comments that matter to the tool. Node indices are in document order (the copy is made in preorder). */
    comments() {
        const out = [];
        for (let i = 1; i < this.n; i++) {
            if (this.k(i) !== K.comment)
                continue;
            const text = this.text(i);
            if (!text.includes('fastapi-audit'))
                continue;
            const r = this.row(this.start[i], this.hint);
            out.push({ line: r + 1, column: this.start[i] - this.lines[r] + 1, text });
        }
        return out;
    }
    // ---------------------------------------------------------------- positions
    /** 0-based row of an offset, searched from row `hint` (forward a line or two, else by bisection). */
    row(offset, hint) {
        const ls = this.lines;
        const last = ls.length - 1;
        let lo;
        let hi;
        if (ls[hint] <= offset) {
            if (hint === last || offset < ls[hint + 1])
                return hint;
            if (hint + 1 === last || offset < ls[hint + 2])
                return hint + 1;
            lo = hint + 2;
            hi = last;
        }
        else {
            lo = 0;
            hi = hint - 1;
        }
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (ls[mid] <= offset)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    }
    loc(n) {
        const s = this.start[n];
        const e = this.end[n];
        const sr = (this.hint = this.row(s, this.hint));
        const er = this.row(e, sr);
        return loc_makeLoc(sr + 1, s - this.lines[sr] + 1, er + 1, e - this.lines[er] + 1);
    }
    /** From the start of `n` to the end of `name` (the `def`/`class` line through the name). */
    defLoc(n, name) {
        const s = this.start[n];
        const sr = (this.hint = this.row(s, this.hint));
        if (name === -1)
            return loc_makeLoc(sr + 1, s - this.lines[sr] + 1, sr + 1, s - this.lines[sr] + 1);
        const e = this.end[name];
        const er = this.row(e, sr);
        return loc_makeLoc(sr + 1, s - this.lines[sr] + 1, er + 1, e - this.lines[er] + 1);
    }
    // ---------------------------------------------------------------- bounds
    /** The 1-based line where node `n` starts. */
    lineOf(n) {
        return (this.hint = this.row(this.start[n], this.hint)) + 1;
    }
    /** Code at node `n` is left out: nested deeper than MAX_DEPTH. */
    cutNesting(n) {
        if (this.nestingCut)
            this.nestingCut.count++;
        else
            this.nestingCut = { line: this.lineOf(n), count: 1 };
    }
    /** The warnings for FileFacts: one per kind of cut, at its first place, in line order. */
    warnings() {
        const out = [];
        const more = (c, what) => (c.count > 1 ? `; ${c.count} ${what} in this file` : '');
        const e = this.elifCut;
        if (e) {
            out.push({
                line: e.line,
                message: `if/elif chain cut at line ${e.line}: the last ${e.lost} elif branch${e.lost === 1 ? '' : 'es'} of the if at line ${e.ifLine} ${e.lost === 1 ? 'is' : 'are'} not scanned (each elif nests in the one before, and nesting stops at ${MAX_DEPTH} levels)${more(e, 'chains cut')}`,
            });
        }
        const d = this.nestingCut;
        if (d)
            out.push({ line: d.line, message: `code nested more than ${MAX_DEPTH} levels deep is not scanned, first at line ${d.line}${more(d, 'places')}` });
        return out.sort((a, b) => a.line - b.line);
    }
    // ---------------------------------------------------------------- statements
    block(n, depth) {
        const out = [];
        if (depth > MAX_DEPTH) {
            const first = this.firstNamed(n);
            if (first !== -1)
                this.cutNesting(first);
            return out;
        }
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c))
            this.stmt(c, depth, out);
        return out;
    }
    body(n, depth) {
        return n !== -1 ? this.block(n, depth + 1) : [];
    }
    /** The block of `n`'s first child of kind `clause` (an `else:`), or []. */
    clauseBody(n, clause, depth) {
        const c = this.child(n, clause);
        return this.body(c === -1 ? -1 : this.child(c, K.block), depth);
    }
    /** Every named child as an expression. */
    exprs(n, depth) {
        const out = [];
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c))
            out.push(this.expr(c, depth));
        return out;
    }
    stmt(n, depth, out) {
        const L = this.loc(n);
        switch (this.k(n)) {
            case K.expression_statement: {
                const k0 = this.firstNamed(n);
                if (k0 !== -1 && this.nextNamed(k0) === -1) {
                    const kk = this.k(k0);
                    if (kk === K.assignment)
                        return void out.push(this.assignment(k0, depth));
                    if (kk === K.augmented_assignment) {
                        const a0 = this.firstKid(k0);
                        const a1 = a0 === -1 ? -1 : this.nextKid(a0);
                        const a2 = a1 === -1 ? -1 : this.nextKid(a1);
                        return void out.push({ t: 'aug', target: this.expr(a0, depth), op: a1 === -1 ? '+=' : this.typeName(a1), v: this.expr(a2, depth), loc: L });
                    }
                    return void out.push({ t: 'expr', v: this.expr(k0, depth), loc: L });
                }
                return void out.push({ t: 'expr', v: { t: 'tuple', items: this.exprs(n, depth), loc: L }, loc: L });
            }
            case K.import_statement: {
                const names = [];
                for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
                    const kc = this.k(c);
                    if (kc === K.dotted_name)
                        names.push({ mod: this.text(c) });
                    else if (kc === K.aliased_import)
                        names.push(this.aliased(c));
                }
                return void out.push({ t: 'import', names, loc: L });
            }
            case K.import_from_statement: {
                const modNode = this.firstNamed(n);
                let mod = '';
                let level = 0;
                let names = [];
                if (modNode !== -1) {
                    if (this.k(modNode) === K.relative_import) {
                        for (let c = this.firstKid(modNode); c !== -1; c = this.nextKid(c)) {
                            const kc = this.k(c);
                            if (kc === K.import_prefix)
                                level = this.end[c] - this.start[c];
                            else if (kc === K.dotted_name)
                                mod = this.text(c);
                        }
                    }
                    else
                        mod = this.text(modNode);
                    for (let c = this.nextNamed(modNode); c !== -1; c = this.nextNamed(c)) {
                        const kc = this.k(c);
                        if (kc === K.wildcard_import)
                            names = '*';
                        else if (names !== '*') {
                            if (kc === K.dotted_name)
                                names.push({ name: this.text(c) });
                            else if (kc === K.aliased_import) {
                                const a = this.aliased(c);
                                names.push(a.as ? { name: a.mod, as: a.as } : { name: a.mod });
                            }
                        }
                    }
                }
                return void out.push({ t: 'from', mod, level, names, loc: L });
            }
            case K.future_import_statement: {
                const names = [];
                for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c))
                    names.push({ name: this.k(c) === K.aliased_import ? this.aliased(c).mod : this.text(c) });
                return void out.push({ t: 'from', mod: '__future__', level: 0, names, loc: L });
            }
            case K.function_definition:
                return void out.push(this.def(n, [], depth, L));
            case K.class_definition:
                return void out.push(this.cls(n, [], depth, L));
            case K.decorated_definition: {
                const decos = [];
                let def = -1;
                for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
                    const kc = this.k(c);
                    if (kc === K.decorator)
                        decos.push(this.expr(this.firstNamed(c), depth));
                    else if (kc === K.function_definition || kc === K.class_definition)
                        def = c;
                }
                if (def === -1)
                    return;
                if (this.k(def) === K.function_definition)
                    return void out.push(this.def(def, decos, depth, L));
                return void out.push(this.cls(def, decos, depth, L));
            }
            case K.if_statement: {
                // if cond: block (elif_clause)* (else_clause)? — elif chains become nested ifs in orelse
                const clauses = [{ test: this.expr(this.firstNamed(n), depth), body: this.body(this.child(n, K.block), depth), loc: L }];
                let orelse = [];
                let lost = 0;
                let firstLost = -1;
                for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
                    const kc = this.k(c);
                    if (kc === K.elif_clause) {
                        // elif chains nest (the i-th `elif` is an `if` i levels down, in the orelse of the one
                        // before): they spend the depth budget, and what does not fit (with its body) is left out
                        const d = depth + clauses.length;
                        if (d >= MAX_DEPTH) {
                            if (lost++ === 0)
                                firstLost = c;
                            continue;
                        }
                        clauses.push({ test: this.expr(this.firstNamed(c), d), body: this.body(this.child(c, K.block), d), loc: this.loc(c) });
                    }
                    else if (kc === K.else_clause)
                        orelse = this.body(this.child(c, K.block), depth + clauses.length - 1);
                }
                if (lost) {
                    if (this.elifCut)
                        this.elifCut.count++;
                    else
                        this.elifCut = { line: this.lineOf(firstLost), count: 1, ifLine: this.lineOf(n), lost };
                }
                for (let i = clauses.length - 1; i >= 0; i--) {
                    const c = clauses[i];
                    orelse = [{ t: 'if', test: c.test, body: c.body, orelse, loc: c.loc }];
                }
                out.push(orelse[0]);
                return;
            }
            case K.for_statement:
                // [async] for LEFT in RIGHT : block [else_clause]
                return void out.push({
                    t: 'for',
                    target: this.expr(this.after(n, K.tok_for), depth),
                    iter: this.expr(this.after(n, K.tok_in), depth),
                    body: this.body(this.child(n, K.block), depth),
                    orelse: this.clauseBody(n, K.else_clause, depth),
                    loc: L,
                });
            case K.while_statement:
                return void out.push({
                    t: 'while',
                    test: this.expr(this.firstNamed(n), depth),
                    body: this.body(this.child(n, K.block), depth),
                    orelse: this.clauseBody(n, K.else_clause, depth),
                    loc: L,
                });
            case K.try_statement: {
                const handlers = [];
                let orelse = [];
                let final = [];
                for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
                    const kc = this.k(c);
                    if (kc === K.except_clause || kc === K.except_group_clause)
                        handlers.push(this.handler(c, depth));
                    else if (kc === K.else_clause)
                        orelse = this.body(this.child(c, K.block), depth);
                    else if (kc === K.finally_clause)
                        final = this.body(this.child(c, K.block), depth);
                }
                return void out.push({ t: 'try', body: this.body(this.child(n, K.block), depth), handlers, orelse, final, loc: L });
            }
            case K.with_statement: {
                const items = [];
                const clause = this.child(n, K.with_clause);
                if (clause !== -1) {
                    for (let it = this.firstNamed(clause); it !== -1; it = this.nextNamed(it)) {
                        const v = this.firstNamed(it);
                        if (v !== -1 && this.k(v) === K.as_pattern) {
                            const k0 = this.firstNamed(v);
                            const target = this.lastNamed(v);
                            const item = { ctx: this.expr(k0, depth) };
                            if (target !== -1 && target !== k0) {
                                const inner = this.k(target) === K.as_pattern_target ? this.firstNamed(target) : -1;
                                item.as = this.expr(inner !== -1 ? inner : target, depth);
                            }
                            items.push(item);
                        }
                        else
                            items.push({ ctx: this.expr(v, depth) });
                    }
                }
                return void out.push({ t: 'with', items, body: this.body(this.child(n, K.block), depth), loc: L });
            }
            case K.match_statement: {
                const cases = [];
                const blk = this.child(n, K.block);
                if (blk !== -1) {
                    for (let c = this.firstNamed(blk); c !== -1; c = this.nextNamed(c)) {
                        if (this.k(c) === K.case_clause)
                            cases.push({ body: this.body(this.child(c, K.block), depth), loc: this.loc(c) });
                    }
                }
                return void out.push({ t: 'match', subject: this.expr(this.firstNamed(n), depth), cases, loc: L });
            }
            case K.return_statement: {
                const k0 = this.firstNamed(n);
                let v = null;
                if (k0 !== -1)
                    v = this.nextNamed(k0) === -1 ? this.expr(k0, depth) : { t: 'tuple', items: this.exprs(n, depth), loc: L };
                return void out.push({ t: 'return', v, loc: L });
            }
            case K.raise_statement: {
                const k0 = this.firstNamed(n);
                return void out.push({ t: 'raise', exc: k0 !== -1 ? this.expr(k0, depth) : null, loc: L });
            }
            case K.assert_statement:
                return void out.push({ t: 'assert', test: this.expr(this.firstNamed(n), depth), loc: L });
            case K.type_alias_statement: {
                const left = this.firstNamed(n);
                let name = '';
                if (left !== -1) {
                    const id = this.firstDescendant(left, K.identifier);
                    name = this.text(id !== -1 ? id : left);
                }
                return void out.push({ t: 'typealias', name, v: this.expr(left === -1 ? -1 : this.nextNamed(left), depth), loc: L });
            }
            case K.global_statement:
            case K.nonlocal_statement: {
                const names = [];
                for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c))
                    names.push(this.text(c));
                return void out.push({ t: 'global', names, loc: L });
            }
            case K.delete_statement:
                return void out.push({ t: 'del', targets: this.exprs(n, depth), loc: L });
            case K.pass_statement:
                return void out.push({ t: 'flow', kind: 'pass', loc: L });
            case K.break_statement:
                return void out.push({ t: 'flow', kind: 'break', loc: L });
            case K.continue_statement:
                return void out.push({ t: 'flow', kind: 'continue', loc: L });
            case K.block:
                for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c))
                    this.stmt(c, depth + 1, out);
                return;
            case K.ERROR:
                // Recover what we can: statements inside an ERROR node are still statements.
                if (depth < MAX_DEPTH)
                    for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c))
                        this.stmt(c, depth + 1, out);
                else if (this.firstNamed(n) !== -1)
                    this.cutNesting(n);
                return;
            default:
                // Stray expressions (e.g. inside ERROR recovery) are kept as expression statements.
                if ((this.flags[this.ty[n]] & STMT_OR_CLAUSE) !== 0)
                    return;
                out.push({ t: 'expr', v: this.expr(n, depth), loc: L });
        }
    }
    /** except [VALUE (, VALUE)* | VALUE as ALIAS] : block */
    handler(c, depth) {
        let alias = this.after(c, K.tok_as);
        // the named children before `as`, but the block
        const values = [];
        for (let k = this.firstKid(c); k !== -1; k = this.nextKid(k)) {
            const named = this.isNamed(k);
            if (!named && this.k(k) === K.tok_as)
                break;
            if (named && this.k(k) !== K.block)
                values.push(k);
        }
        let type = null;
        if (values.length > 1)
            type = { t: 'tuple', items: values.map((k) => this.expr(k, depth)), loc: this.loc(c) };
        else if (values.length === 1)
            type = this.expr(this.k(values[0]) === K.as_pattern ? this.firstNamed(values[0]) : values[0], depth);
        // `except E as e` parses as an as_pattern holding the alias
        if (alias === -1 && values.length === 1 && this.k(values[0]) === K.as_pattern)
            alias = this.after(values[0], K.tok_as);
        const h = { type, body: this.body(this.child(c, K.block), depth), loc: this.loc(c) };
        if (alias !== -1)
            h.name = this.text(alias);
        return h;
    }
    assignment(n, depth) {
        const targets = [];
        let cur = n;
        let ann;
        let v = null;
        // a = b = c parses as assignment(left=a, right=assignment(left=b, right=c)); x: T = v has a `type` child
        while (cur !== -1 && this.k(cur) === K.assignment) {
            targets.push(this.expr(this.firstNamed(cur), depth));
            const type = this.child(cur, K.type);
            if (type !== -1 && !ann)
                ann = this.expr(type, depth);
            const right = this.after(cur, K.tok_eq);
            if (right !== -1 && this.k(right) === K.assignment)
                cur = right;
            else {
                v = right !== -1 ? this.expr(right, depth) : null;
                cur = -1;
            }
        }
        const s = { t: 'assign', targets, v, loc: this.loc(n) };
        if (ann)
            s.ann = ann;
        return s;
    }
    def(n, decorators, depth, L) {
        const saved = this.fn;
        const ctx = { gen: false };
        const params = this.params(this.child(n, K.parameters), depth);
        const returns = this.after(n, K.tok_arrow);
        this.fn = ctx;
        const body = this.body(this.child(n, K.block), depth);
        this.fn = saved;
        const nameNode = this.child(n, K.identifier);
        const d = {
            t: 'def',
            name: nameNode !== -1 ? this.text(nameNode) : '',
            async: this.hasToken(n, K.tok_async),
            params,
            decorators,
            body,
            loc: L,
            defLoc: this.defLoc(n, nameNode),
        };
        if (returns !== -1)
            d.returns = this.expr(returns, depth);
        if (ctx.gen)
            d.gen = true;
        return d;
    }
    cls(n, decorators, depth, L) {
        const saved = this.fn;
        this.fn = null;
        const sup = this.child(n, K.argument_list);
        const bases = sup !== -1 ? this.args(sup, depth) : [];
        const body = this.body(this.child(n, K.block), depth);
        this.fn = saved;
        const nameNode = this.child(n, K.identifier);
        return {
            t: 'class',
            name: nameNode !== -1 ? this.text(nameNode) : '',
            bases,
            decorators,
            body,
            loc: L,
            defLoc: nameNode !== -1 ? this.defLoc(n, nameNode) : this.loc(n),
        };
    }
    /** The text of the first named child, or ''. */
    firstNamedText(n) {
        const c = this.firstNamed(n);
        return c !== -1 ? this.text(c) : '';
    }
    params(n, depth) {
        const out = [];
        if (n === -1)
            return out;
        let kind = 'pos';
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
            const L = this.loc(c);
            switch (this.k(c)) {
                case K.identifier:
                    out.push({ name: this.text(c), kind, loc: L });
                    break;
                case K.typed_parameter: {
                    // NAME : type  (NAME may be *args / **kwargs)
                    const inner = this.firstNamed(c);
                    const ann = this.expr(this.child(c, K.type), depth);
                    const ki = inner !== -1 ? this.k(inner) : 0;
                    if (ki === K.list_splat_pattern) {
                        out.push({ name: this.firstNamedText(inner), kind: 'var', ann, loc: L });
                        kind = 'kw';
                    }
                    else if (ki === K.dictionary_splat_pattern)
                        out.push({ name: this.firstNamedText(inner), kind: 'varkw', ann, loc: L });
                    else
                        out.push({ name: inner !== -1 ? this.text(inner) : '', kind, ann, loc: L });
                    break;
                }
                case K.default_parameter:
                    out.push({ name: this.firstNamedText(c), kind, def: this.expr(this.after(c, K.tok_eq), depth), loc: L });
                    break;
                case K.typed_default_parameter:
                    out.push({ name: this.firstNamedText(c), kind, ann: this.expr(this.child(c, K.type), depth), def: this.expr(this.after(c, K.tok_eq), depth), loc: L });
                    break;
                case K.list_splat_pattern:
                    out.push({ name: this.firstNamedText(c), kind: 'var', loc: L });
                    kind = 'kw';
                    break;
                case K.dictionary_splat_pattern:
                    out.push({ name: this.firstNamedText(c), kind: 'varkw', loc: L });
                    break;
                case K.keyword_separator:
                    kind = 'kw';
                    break;
                case K.positional_separator:
                    for (const p of out)
                        if (p.kind === 'pos')
                            p.kind = 'posonly';
                    break;
                default:
                    break;
            }
        }
        return out;
    }
    args(n, depth) {
        const out = [];
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
            const kc = this.k(c);
            if (kc === K.keyword_argument)
                out.push({ name: this.firstNamedText(c), v: this.expr(this.after(c, K.tok_eq), depth) });
            else if (kc === K.list_splat)
                out.push({ star: 1, v: this.expr(this.firstNamed(c), depth) });
            else if (kc === K.dictionary_splat)
                out.push({ star: 2, v: this.expr(this.firstNamed(c), depth) });
            else
                out.push({ v: this.expr(c, depth) });
        }
        return out;
    }
    /** `a.b as c` → {mod: 'a.b', as: 'c'} (the dotted name and the alias identifier). */
    aliased(c) {
        let name = -1;
        for (let k = this.firstNamed(c); k !== -1; k = this.nextNamed(k)) {
            if (this.k(k) === K.dotted_name) {
                name = k;
                break;
            }
        }
        if (name === -1)
            name = this.firstNamed(c);
        const mod = name !== -1 ? this.text(name) : '';
        const a = this.after(c, K.tok_as);
        const alias = a !== -1 ? this.text(a) : '';
        return alias ? { mod, as: alias } : { mod };
    }
    // ---------------------------------------------------------------- expressions
    expr(n, depth) {
        if (n === -1)
            return { t: 'unk', what: 'missing', loc: loc_makeLoc(0, 0, 0, 0) };
        const L = this.loc(n);
        if (depth > MAX_DEPTH) {
            this.cutNesting(n);
            return { t: 'unk', what: 'too deep', loc: L };
        }
        const d = depth + 1;
        const kind = this.k(n);
        switch (kind) {
            case K.identifier:
                return { t: 'name', id: this.text(n), loc: L };
            case K.attribute: {
                const last = this.lastNamed(n);
                return { t: 'attr', obj: this.expr(this.firstNamed(n), d), attr: last !== -1 ? this.text(last) : '', loc: L };
            }
            case K.call: {
                const k0 = this.firstNamed(n);
                const argsNode = this.lastNamed(n);
                let args = [];
                if (argsNode !== -1 && argsNode !== k0) {
                    if (this.k(argsNode) === K.generator_expression)
                        args = [{ v: this.expr(argsNode, d) }];
                    else
                        args = this.args(argsNode, d);
                }
                return { t: 'call', fn: this.expr(k0, d), args, loc: L };
            }
            case K.string:
                return this.string(n, d, L);
            case K.concatenated_string: {
                const parts = [];
                let allStr = true;
                for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
                    const s = this.string(c, d, this.loc(c));
                    if (s.t === 'str')
                        parts.push(s.v);
                    else if (s.t === 'fstr') {
                        allStr = false;
                        parts.push(...s.parts);
                    }
                    else
                        return s;
                }
                return allStr ? { t: 'str', v: parts.join(''), loc: L } : { t: 'fstr', parts, loc: L };
            }
            case K.integer:
            case K.float: {
                // Complex (`1j`) and out-of-range (`1e999`) literals are not numbers the model uses, and NaN
                // or Infinity would not survive the trip from a worker (JSON, wire.ts): they become `unk`.
                const txt = this.text(n).replace(/_/g, '').toLowerCase();
                const v = txt.endsWith('j') ? NaN : kind === K.float ? parseFloat(txt) : /^0[xob]/.test(txt) ? Number(txt) : parseInt(txt, 10);
                return Number.isFinite(v) ? { t: 'num', v, loc: L } : { t: 'unk', what: 'number', loc: L };
            }
            case K.true:
                return { t: 'const', v: true, loc: L };
            case K.false:
                return { t: 'const', v: false, loc: L };
            case K.none:
                return { t: 'const', v: null, loc: L };
            case K.ellipsis:
                return { t: 'ellipsis', loc: L };
            case K.list:
            case K.list_pattern:
                return { t: 'list', items: this.exprs(n, d), loc: L };
            case K.set:
                return { t: 'set', items: this.exprs(n, d), loc: L };
            case K.tuple:
            case K.expression_list:
            case K.pattern_list:
            case K.tuple_pattern:
                return { t: 'tuple', items: this.exprs(n, d), loc: L };
            case K.dictionary: {
                const items = [];
                for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
                    const kc = this.k(c);
                    if (kc === K.pair) {
                        const k0 = this.firstNamed(c);
                        items.push([this.expr(k0, d), this.expr(k0 === -1 ? -1 : this.nextNamed(k0), d)]);
                    }
                    else if (kc === K.dictionary_splat)
                        items.push([null, this.expr(this.firstNamed(c), d)]);
                }
                return { t: 'dict', items, loc: L };
            }
            case K.subscript: {
                const k0 = this.firstNamed(n);
                const s0 = k0 === -1 ? -1 : this.nextNamed(k0);
                let index;
                if (s0 !== -1 && this.nextNamed(s0) === -1)
                    index = this.expr(s0, d);
                else {
                    const items = [];
                    for (let c = s0; c !== -1; c = this.nextNamed(c))
                        items.push(this.expr(c, d));
                    index = { t: 'tuple', items, loc: L };
                }
                return { t: 'sub', obj: this.expr(k0, d), index, loc: L };
            }
            case K.generic_type: {
                // PEP 695 / type contexts: list[int] parsed as generic_type(identifier, type_parameter)
                const k0 = this.firstNamed(n);
                const tp = k0 === -1 ? -1 : this.nextNamed(k0);
                const items = tp !== -1 ? this.exprs(tp, d) : [];
                return { t: 'sub', obj: this.expr(k0, d), index: items.length === 1 ? items[0] : { t: 'tuple', items, loc: L }, loc: L };
            }
            case K.union_type: {
                const k0 = this.firstNamed(n);
                return { t: 'bin', op: '|', l: this.expr(k0, d), r: this.expr(k0 === -1 ? -1 : this.nextNamed(k0), d), loc: L };
            }
            case K.type:
            case K.parenthesized_expression:
            case K.parenthesized_list_splat: {
                const k0 = this.firstNamed(n);
                if (k0 !== -1 && this.nextNamed(k0) === -1)
                    return this.expr(k0, d);
                return { t: 'tuple', items: this.exprs(n, d), loc: L };
            }
            case K.binary_operator: {
                const a0 = this.firstKid(n);
                const a1 = a0 === -1 ? -1 : this.nextKid(a0);
                const a2 = a1 === -1 ? -1 : this.nextKid(a1);
                return { t: 'bin', op: a1 !== -1 ? this.typeName(a1) : '?', l: this.expr(a0, d), r: this.expr(a2, d), loc: L };
            }
            case K.boolean_operator: {
                // a and b and c: flatten the left-nested chain of one operator
                const a1 = this.kidAt(n, 1);
                const op = a1 !== -1 ? this.typeName(a1) : '?';
                const values = [];
                this.flatten(this.kidAt(n, 0), op, d, values);
                this.flatten(a1 === -1 ? -1 : this.nextKid(a1), op, d, values);
                return { t: 'boolop', op: op === 'and' ? 'and' : 'or', values, loc: L };
            }
            case K.unary_operator: {
                const a0 = this.firstKid(n);
                return { t: 'unary', op: a0 !== -1 ? this.typeName(a0) : '-', v: this.expr(a0 === -1 ? -1 : this.nextKid(a0), d), loc: L };
            }
            case K.not_operator:
                return { t: 'unary', op: 'not', v: this.expr(this.firstNamed(n), d), loc: L };
            case K.comparison_operator: {
                const operands = [];
                const ops = [];
                let pendingNot = false;
                for (let c = this.firstKid(n); c !== -1; c = this.nextKid(c)) {
                    if (this.isNamed(c))
                        operands.push(this.expr(c, d));
                    else {
                        const t = this.typeName(c);
                        if (t === 'is not' || t === 'not in')
                            ops.push(t);
                        else if (t === 'not')
                            pendingNot = true;
                        else if (t === 'in') {
                            ops.push(pendingNot ? 'not in' : 'in');
                            pendingNot = false;
                        }
                        else if (t === 'is')
                            ops.push('is');
                        else if (CMP_OPS.has(t))
                            ops.push(t);
                    }
                }
                if (ops.length > operands.length - 1)
                    ops.length = Math.max(0, operands.length - 1);
                return { t: 'cmp', ops, operands, loc: L };
            }
            case K.conditional_expression: {
                const k0 = this.firstNamed(n);
                const k1 = k0 === -1 ? -1 : this.nextNamed(k0);
                const k2 = k1 === -1 ? -1 : this.nextNamed(k1);
                return { t: 'ifexp', body: this.expr(k0, d), test: this.expr(k1, d), orelse: this.expr(k2, d), loc: L };
            }
            case K.lambda:
                return { t: 'lambda', params: this.params(this.child(n, K.lambda_parameters), d), body: this.expr(this.after(n, K.tok_colon), d), loc: L };
            case K.list_splat:
            case K.list_splat_pattern:
                return { t: 'starred', v: this.expr(this.firstNamed(n), d), loc: L };
            case K.dictionary_splat:
                return { t: 'starred', v: this.expr(this.firstNamed(n), d), double: true, loc: L };
            case K.await:
                return { t: 'await', v: this.expr(this.firstNamed(n), d), loc: L };
            case K.yield:
                if (this.fn)
                    this.fn.gen = true;
                return { t: 'unk', what: 'yield', loc: L };
            case K.list_comprehension:
            case K.set_comprehension:
            case K.generator_expression:
            case K.dictionary_comprehension: {
                let forClause = -1;
                for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
                    if (this.k(c) === K.for_in_clause) {
                        forClause = c;
                        break;
                    }
                }
                return {
                    t: 'comp',
                    kind: kind === K.list_comprehension ? 'list' : kind === K.set_comprehension ? 'set' : kind === K.generator_expression ? 'gen' : 'dict',
                    elt: this.expr(this.firstNamed(n), d),
                    target: this.expr(forClause !== -1 ? this.after(forClause, K.tok_for) : -1, d),
                    iter: this.expr(forClause !== -1 ? this.after(forClause, K.tok_in) : -1, d),
                    loc: L,
                };
            }
            case K.named_expression: {
                const k0 = this.firstNamed(n);
                return { t: 'walrus', target: k0 !== -1 ? this.text(k0) : '', v: this.expr(k0 === -1 ? -1 : this.nextNamed(k0), d), loc: L };
            }
            case K.keyword_argument:
                return this.expr(this.after(n, K.tok_eq), d);
            case K.as_pattern:
                return this.expr(this.firstNamed(n), d);
            default:
                return { t: 'unk', what: this.typeName(n), loc: L };
        }
    }
    /** Operands of a chain of one boolean operator, left-nested (`a and b and c`). */
    flatten(m, op, dd, values) {
        if (m !== -1 && this.k(m) === K.boolean_operator && dd < MAX_DEPTH) {
            const a0 = this.firstKid(m);
            const a1 = a0 === -1 ? -1 : this.nextKid(a0);
            if (a1 !== -1 && this.typeName(a1) === op) {
                this.flatten(a0, op, dd + 1, values);
                this.flatten(this.nextKid(a1), op, dd + 1, values);
                return;
            }
        }
        values.push(this.expr(m, dd));
    }
    string(n, d, L) {
        if (this.k(n) !== K.string)
            return this.expr(n, d);
        // the prefix: string_start's text without its quotes
        let prefix = '';
        for (let c = this.firstKid(n); c !== -1; c = this.nextKid(c)) {
            if (this.k(c) !== K.string_start)
                continue;
            const s = this.start[c];
            let e = this.end[c];
            while (e > s && (this.src.charCodeAt(e - 1) === 0x22 || this.src.charCodeAt(e - 1) === 0x27))
                e--;
            if (e > s)
                prefix = this.src.slice(s, e).toLowerCase();
            break;
        }
        const isRaw = prefix.includes('r');
        if (prefix.includes('t'))
            return { t: 'unk', what: 't-string', loc: L };
        const isF = prefix.includes('f');
        const parts = [];
        let cur = '';
        let hasInterp = false;
        for (let c = this.firstKid(n); c !== -1; c = this.nextKid(c)) {
            switch (this.k(c)) {
                case K.string_content: {
                    const s = extract_unescape(this.text(c), isRaw);
                    cur += isF ? s.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : s;
                    break;
                }
                case K.escape_sequence:
                    cur += extract_unescape(this.text(c), false);
                    break;
                case K.interpolation: {
                    hasInterp = true;
                    if (cur)
                        parts.push(cur);
                    cur = '';
                    parts.push(this.expr(this.firstNamed(c), d));
                    break;
                }
                default:
                    break;
            }
        }
        if (!hasInterp)
            return { t: 'str', v: cur, loc: L };
        if (cur)
            parts.push(cur);
        return { t: 'fstr', parts, loc: L };
    }
}

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
// EXTERNAL MODULE: ./node_modules/web-tree-sitter/web-tree-sitter.js
var web_tree_sitter = __nccwpck_require__(33);
;// CONCATENATED MODULE: ./src/parse/grammar.ts
/**
 * Loads web-tree-sitter and the Python grammar once per thread.
 *
 * Both .wasm files sit next to the bundle in dist/ (ncc corrupts the runtime wasm it rewrites, so
 * the build copies them itself); from source (tests) they come from node_modules.
 */




const RUNTIME = 'web-tree-sitter.wasm';
const GRAMMAR = 'tree-sitter-python.wasm';
function findWasm(file, pkg) {
    const here = (0,external_node_path_namespaceObject.dirname)((0,external_node_url_namespaceObject.fileURLToPath)(import.meta.url));
    const beside = (0,external_node_path_namespaceObject.join)(here, file);
    if ((0,external_node_fs_namespaceObject.existsSync)(beside))
        return beside;
    let dir = here;
    for (let i = 0; i < 8; i++) {
        const candidate = (0,external_node_path_namespaceObject.join)(dir, 'node_modules', pkg, file);
        if ((0,external_node_fs_namespaceObject.existsSync)(candidate))
            return candidate;
        const up = (0,external_node_path_namespaceObject.dirname)(dir);
        if (up === dir)
            break;
        dir = up;
    }
    throw new Error(`cannot find ${file} (looked beside ${here} and in node_modules/${pkg})`);
}
let ready;
let wasm;
/** The raw module, when the runtime exposes what the fast walk needs (else the public API is used). */
function wasmModule() {
    return wasm;
}
/** A Parser with the Python language set; one per thread. */
function pythonParser() {
    ready ??= (async () => {
        const runtime = findWasm(RUNTIME, 'web-tree-sitter');
        const moduleOptions = { locateFile: () => runtime };
        await web_tree_sitter/* Parser */.iX.init(moduleOptions);
        const m = moduleOptions;
        if (m.HEAP32 instanceof Int32Array &&
            m.HEAPU8 instanceof Uint8Array &&
            m.HEAPU16 instanceof Uint16Array &&
            m.HEAPU32 instanceof Uint32Array &&
            typeof m._ts_init === 'function' &&
            typeof m._ts_tree_cursor_goto_first_child_wasm === 'function' &&
            typeof m._ts_tree_cursor_goto_next_sibling_wasm === 'function' &&
            typeof m._ts_tree_cursor_goto_parent_wasm === 'function' &&
            typeof m._ts_tree_cursor_current_node_type_id_wasm === 'function' &&
            typeof m._ts_tree_cursor_start_index_wasm === 'function' &&
            typeof m._ts_tree_cursor_end_index_wasm === 'function') {
            // ts_init returns the address of the binding's static transfer buffer (it only rewrites two version words).
            wasm = { module: m, transferBuffer: m._ts_init() };
        }
        const lang = await web_tree_sitter/* Language */.TM.load(findWasm(GRAMMAR, 'tree-sitter-python'));
        const parser = new web_tree_sitter/* Parser */.iX();
        parser.setLanguage(lang);
        return parser;
    })();
    return ready;
}

;// CONCATENATED MODULE: ./src/parse/tree.ts
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
const tables = new WeakMap();
/** tree-sitter's `ts_builtin_sym_error`. */
const ERROR_SYMBOL = 0xffff;
function typeTable(lang) {
    let t = tables.get(lang);
    if (!t) {
        const names = [];
        const named = [];
        const terminal = [];
        const ownSpan = [];
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
function doubled(a, keep) {
    const b = new a.constructor(a.length * 2);
    b.set(a.subarray(0, keep));
    return b;
}
class LightTree {
    source;
    types;
    n = 0;
    type;
    start;
    end;
    first;
    next;
    constructor(source, types, capacity) {
        this.source = source;
        this.types = types;
        this.type = new Uint16Array(capacity);
        this.start = new Int32Array(capacity);
        this.end = new Int32Array(capacity);
        this.first = new Int32Array(capacity);
        this.next = new Int32Array(capacity);
    }
    /** Empties the copy for another source, keeping its arrays (`add` initialises each node). */
    reset(source) {
        this.source = source;
        this.n = 0;
    }
    grow() {
        const n = this.n;
        this.type = doubled(this.type, n);
        this.start = doubled(this.start, n);
        this.end = doubled(this.end, n);
        this.first = doubled(this.first, n);
        this.next = doubled(this.next, n);
    }
    add(type) {
        if (this.n === this.type.length)
            this.grow();
        const i = this.n++;
        this.type[i] = type;
        this.start[i] = 0;
        this.end[i] = 0;
        this.first[i] = -1;
        this.next[i] = -1;
        return i;
    }
}

;// CONCATENATED MODULE: ./src/parse/heap.ts

/** tree-sitter's `ts_builtin_sym_error`. */
const heap_ERROR_SYMBOL = 0xffff;
/** The heap layout does not hold what this file expects. */
class HeapLayoutError extends Error {
}
const langCache = new WeakMap();
function cString(u8, p) {
    let end = p;
    const stop = Math.min(u8.length, p + 256); // a symbol name, not the heap
    while (end < stop && u8[end] !== 0)
        end++;
    return Buffer.from(u8.subarray(p, end)).toString('latin1');
}
/**
 * Reads the language's tables and checks them against the public API (counts, every symbol's name,
 * visibility and namedness): null when anything differs.
 */
function checkLanguage(m, lang) {
    let t = langCache.get(lang);
    if (t !== undefined)
        return t;
    t = null;
    try {
        const p = lang[0];
        const u32 = m.HEAPU32;
        const u8 = m.HEAPU8;
        if (typeof p === 'number' && p > 0 && p % 4 === 0 && p + 88 <= u8.length) {
            const symbolCount = u32[(p + 4) >> 2];
            const aliasCount = u32[(p + 8) >> 2];
            const productionIds = u32[(p + 28) >> 2];
            const maxAliasLen = m.HEAPU16[(p + 36) >> 1];
            const names = u32[(p + 56) >> 2];
            const meta = u32[(p + 72) >> 2];
            const pub = u32[(p + 76) >> 2];
            const aliasSeqs = u32[(p + 84) >> 2];
            let ok = symbolCount + aliasCount === lang.nodeTypeCount && pub % 2 === 0 && aliasSeqs % 2 === 0 && pub + 2 * (symbolCount + aliasCount) <= u8.length;
            for (let i = 1; ok && i < symbolCount + aliasCount; i++) {
                // symbol_names[i] is the API's name of i; symbol_metadata[i] is {visible, named, supertype}
                if (cString(u8, u32[(names >> 2) + i]) !== (lang.nodeTypeForId(i) ?? ''))
                    ok = false;
                else if (Boolean(u8[meta + 3 * i]) !== lang.nodeTypeIsVisible(i))
                    ok = false;
                // (the API calls a node named only when it is visible too)
                else if (u8[meta + 3 * i] && Boolean(u8[meta + 3 * i + 1]) !== lang.nodeTypeIsNamed(i))
                    ok = false;
            }
            if (ok && aliasSeqs + 2 * productionIds * maxAliasLen > u8.length)
                ok = false;
            if (ok)
                t = { symbolCount: symbolCount + aliasCount, productionIds, maxAliasLen, aliasSeqs, publicMap: m.HEAPU16.slice(pub >> 1, (pub >> 1) + symbolCount + aliasCount) };
        }
    }
    catch {
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
function heapLightTree(m, tree, lang, source, types) {
    const u8 = m.HEAPU8;
    const u16 = m.HEAPU16;
    const u32 = m.HEAPU32;
    const heapEnd = u8.length;
    const { maxAliasLen, publicMap, productionIds } = lang;
    const aliasSeqs = lang.aliasSeqs >> 1;
    const { terminal, named, ownSpan } = types;
    const treePtr = tree[0];
    if (typeof treePtr !== 'number' || treePtr <= 0 || treePtr % 4 !== 0 || treePtr + 8 > heapEnd)
        throw new HeapLayoutError('tree pointer');
    let lt;
    if (spare && spare.types === types) {
        lt = spare;
        lt.reset(source);
    }
    else
        lt = new LightTree(source, types, Math.max(256, source.length >> 3));
    spare = undefined; // taken: a walk that throws leaves nothing half-written to reuse
    const ptr = (a) => {
        const p = u32[a >> 2];
        if ((p & 1) !== 0 || p === 0 || p + 72 > heapEnd)
            throw new HeapLayoutError('subtree pointer');
        return p;
    };
    const publicType = (sym) => {
        if (sym === heap_ERROR_SYMBOL)
            return sym;
        if (sym >= publicMap.length)
            throw new HeapLayoutError('symbol');
        return publicMap[sym];
    };
    const f = heap_frames;
    let top = -1;
    const pushFrame = (slot, position, owner, owns) => {
        const p = ptr(slot);
        const n = u32[(p + 36) >> 2];
        const base = p - 8 * n;
        if (base <= 0)
            throw new HeapLayoutError('children');
        if (++top === f.cap) {
            if (top >= maxDepth)
                throw new HeapLayoutError('too deep');
            f.grow();
        }
        f.base[top] = base;
        f.count[top] = n;
        f.index[top] = 0;
        f.struct[top] = 0;
        f.pid[top] = u16[(p + 66) >> 1];
        f.pos[top] = position;
        f.owner[top] = owner;
        if (owns) {
            f.ownerFrame[top] = top;
            f.last[top] = -1;
            f.lastEnd[top] = 0;
        }
        else
            f.ownerFrame[top] = f.ownerFrame[top - 1];
    };
    // The root.
    const rootInline = (u8[treePtr] & 1) !== 0;
    const rootStart = rootInline ? u8[treePtr + 6] : u32[(ptr(treePtr) + 4) >> 2];
    const rootEnd = rootStart + (rootInline ? u8[treePtr + 7] : u32[(ptr(treePtr) + 16) >> 2]);
    const rootType = publicType(rootInline ? u8[treePtr + 1] : u16[(ptr(treePtr) + 40) >> 1]);
    lt.add(rootType);
    lt.start[0] = rootStart >> 1;
    if (!rootInline && !terminal[rootType] && u32[(ptr(treePtr) + 36) >> 2] > 0) {
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
        if (--budget < 0)
            throw new HeapLayoutError('the walk does not end');
        const i = f.index[top];
        if (i >= f.count[top]) {
            // the frame is done; a visible node's own frame closes the node
            if (f.ownerFrame[top] === top) {
                const owner = f.owner[top];
                const prev = f.last[top];
                const ty = lt.type[owner];
                if (prev === -1) {
                    if (named[ty])
                        lt.end[owner] = f.ownEnd[top]; // no visible child: a leaf
                }
                else {
                    if (!named[lt.type[prev]] && lt.first[prev] === -1)
                        lt.end[prev] = f.lastEnd[top];
                    if (!ownSpan[ty])
                        lt.end[owner] = lt.end[prev];
                }
            }
            top--;
            continue;
        }
        const slot = f.base[top] + 8 * i;
        const position = f.pos[top];
        // read the child
        const b0 = u8[slot];
        let visible;
        let isExtra;
        let sym;
        let size;
        let kids;
        let visibleKids;
        if ((b0 & 1) !== 0) {
            visible = (b0 & 2) !== 0;
            isExtra = (b0 & 8) !== 0;
            sym = u8[slot + 1];
            size = u8[slot + 7];
            kids = 0;
            visibleKids = 0;
        }
        else {
            const p = ptr(slot);
            const fl = u8[p + 44];
            visible = (fl & 1) !== 0;
            isExtra = (fl & 4) !== 0;
            sym = u16[(p + 40) >> 1];
            size = u32[(p + 16) >> 2];
            kids = u32[(p + 36) >> 2];
            visibleKids = kids > 0 ? u32[(p + 48) >> 2] : 0;
        }
        let alias = 0;
        const struct = f.struct[top];
        if (!isExtra) {
            const pid = f.pid[top];
            if (pid) {
                if (pid >= productionIds || struct >= maxAliasLen)
                    throw new HeapLayoutError('production');
                alias = u16[aliasSeqs + pid * maxAliasLen + struct];
            }
            f.struct[top] = struct + 1;
        }
        // advance the frame past it
        let nextPos = position + size;
        if (nextPos > maxBytes)
            throw new HeapLayoutError('size');
        f.index[top] = i + 1;
        if (i + 1 < f.count[top]) {
            const ns = slot + 8;
            nextPos += (u8[ns] & 1) !== 0 ? u8[ns + 6] : u32[(ptr(ns) + 4) >> 2];
        }
        f.pos[top] = nextPos;
        const owner = f.owner[top];
        if (!visible && alias === 0) {
            // hidden: look through it when it has visible descendants
            if (visibleKids > 0)
                pushFrame(slot, position, owner, false);
            continue;
        }
        const ty = publicType(alias || sym);
        if (lt.n >= maxNodes)
            throw new HeapLayoutError('too many nodes');
        const node = lt.add(ty);
        const start = position >> 1;
        const end = (position + size) >> 1;
        const of = f.ownerFrame[top];
        const prev = f.last[of];
        if (prev === -1) {
            lt.first[owner] = node;
            lt.start[node] = ownSpan[lt.type[owner]] ? start : lt.start[owner];
        }
        else {
            lt.next[prev] = node;
            if (named[ty])
                lt.start[node] = start;
        }
        f.last[of] = node;
        f.lastEnd[of] = end;
        if (ownSpan[ty])
            lt.end[node] = end;
        if (!terminal[ty] && kids > 0) {
            pushFrame(slot, position, node, true);
            f.ownEnd[top] = end;
        }
        else if (named[ty])
            lt.end[node] = end;
    }
    lt.end[0] = rootEnd >> 1;
    if (lt.type.length <= MAX_SPARE_NODES)
        spare = lt;
    return lt;
}
/**
 * The copy of the last walk, reused by the next one on this thread (a copy is valid until then;
 * the extractor is done with it long before), unless it grew past this many nodes.
 */
let spare;
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
    grow() {
        const cap = this.cap;
        const g = (a) => doubled(a, cap);
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
const heap_frames = new Frames();

;// CONCATENATED MODULE: ./src/parse/light.ts




/** Copies a tree: with the heap walk, checked against the cursor on the thread's first trees (see `heapWalk`). */
function lightTree(tree, source, types) {
    const viaHeap = heapWalk.enabled ? heapTree(tree, source, types) : undefined;
    if (viaHeap && heapWalk.trees >= heapWalk.checkTrees && heapWalk.nodes >= heapWalk.checkNodes)
        return viaHeap;
    const viaCursor = cursorTree(tree, source, types);
    if (viaHeap) {
        heapWalk.trees++;
        heapWalk.nodes += viaCursor.n;
        if (!sameTree(viaHeap, viaCursor))
            heapWalk.enabled = false;
    }
    return viaCursor;
}
/** The copy read from the WASM heap (src/parse/heap.ts); undefined when the layout does not check out. */
function heapTree(tree, source, types) {
    const w = wasmModule();
    const tables = w ? checkLanguage(w.module, tree.language) : null;
    if (!w || !tables)
        return undefined;
    try {
        return heapLightTree(w.module, tree, tables, source, types);
    }
    catch (e) {
        if (e instanceof HeapLayoutError)
            return undefined;
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
const heapWalk = { enabled: true, checkTrees: 2, checkNodes: 10_000, trees: 0, nodes: 0 };
/**
 * The copy read with a TreeCursor (on the C exports when they are exposed). Offsets are read only
 * where they cannot be derived: the start of a named node that is not a first child (a first child
 * starts where its parent does), a named leaf's end, the end of a last child that is an anonymous
 * token; every other span comes from the children. Punctuation tokens, a third of all nodes, cost
 * one call.
 */
function cursorTree(tree, source, types) {
    const c = tree.walk();
    try {
        return walk(source, types, fastCursor(tree, c) ?? publicCursor(c));
    }
    finally {
        c.delete();
    }
}
/** Node for node the same copy (the arrays beyond `n` are spare capacity). */
function sameTree(a, b) {
    if (a.n !== b.n)
        return false;
    for (let i = 0; i < a.n; i++) {
        if (a.type[i] !== b.type[i] || a.start[i] !== b.start[i] || a.end[i] !== b.end[i] || a.first[i] !== b.first[i] || a.next[i] !== b.next[i])
            return false;
    }
    return true;
}
function publicCursor(c) {
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
function fastCursor(tree, c) {
    const w = wasmModule();
    const internals = c;
    const treePtr = tree[0];
    if (!w || !Array.isArray(internals.handles) || internals.handles.length !== 4 || typeof treePtr !== 'number')
        return undefined;
    const m = w.module;
    const tb = w.transferBuffer >> 2;
    const handles = internals.handles;
    for (let i = 0; i < 4; i++)
        m.HEAP32[tb + i] = handles[i];
    return {
        type: () => m._ts_tree_cursor_current_node_type_id_wasm(treePtr),
        firstChild: () => m._ts_tree_cursor_goto_first_child_wasm(treePtr) === 1,
        nextSibling: () => m._ts_tree_cursor_goto_next_sibling_wasm(treePtr) === 1,
        parent: () => m._ts_tree_cursor_goto_parent_wasm(treePtr) === 1,
        start: () => m._ts_tree_cursor_start_index_wasm(treePtr),
        end: () => m._ts_tree_cursor_end_index_wasm(treePtr),
        done: () => {
            const heap = m.HEAP32; // the heap may have grown: read the current view
            for (let i = 0; i < 4; i++)
                handles[i] = heap[tb + i];
        },
    };
}
function walk(source, types, c) {
    const lt = new LightTree(source, types, Math.max(256, source.length >> 3)); // grows as needed
    const { terminal, named, ownSpan } = types;
    try {
        const stack = [];
        const lastChild = [];
        let node = lt.add(c.type());
        lt.start[node] = c.start();
        for (;;) {
            const ty = lt.type[node];
            if (ownSpan[ty])
                lt.end[node] = c.end();
            if (!terminal[ty] && c.firstChild()) {
                stack.push(node);
                const child = lt.add(c.type());
                // a first child starts where its parent does, unless the parent has text of its own before it
                lt.start[child] = ownSpan[ty] ? c.start() : lt.start[node];
                lt.first[node] = child;
                lastChild.push(child);
                node = child;
                continue;
            }
            // a leaf (or an empty node): named ones need their span
            if (named[ty])
                lt.end[node] = c.end();
            // climb until a next sibling exists
            for (;;) {
                if (stack.length === 0) {
                    lt.end[0] = c.end(); // the cursor is back on the root, which may end after its last child
                    return lt;
                }
                const prev = lastChild[lastChild.length - 1];
                if (c.nextSibling()) {
                    const sib = lt.add(c.type());
                    if (named[lt.type[sib]])
                        lt.start[sib] = c.start();
                    lt.next[prev] = sib;
                    lastChild[lastChild.length - 1] = sib;
                    node = sib;
                    break;
                }
                // `prev` is the last child: an anonymous token's end is read here, while the cursor is on it
                if (!named[lt.type[prev]] && lt.first[prev] === -1)
                    lt.end[prev] = c.end();
                const p = stack.pop();
                lastChild.pop();
                if (!ownSpan[lt.type[p]])
                    lt.end[p] = lt.end[prev];
                c.parent();
                node = p;
            }
        }
    }
    finally {
        c.done();
    }
}

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./src/parse/source.ts
/**
 * Bytes → text the way CPython reads a source file: a UTF-8 BOM is dropped, a PEP 263 coding
 * cookie on line 1 or 2 picks the codec, invalid UTF-8 is replaced (with a notice), NUL bytes mean
 * "binary, not Python". Line endings are normalised to \n (CRLF and lone CR both end a line in
 * Python; tree-sitter only knows \n), which keeps line numbers and columns what a reader sees.
 */

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
function decodeSource(buf) {
    let start = 0;
    let bom = false;
    if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        start = 3;
        bom = true;
    }
    // A NUL byte in the first 8 KiB: a binary file with a .py name.
    const probe = Math.min(buf.length, start + 8192);
    for (let i = start; i < probe; i++)
        if (buf[i] === 0)
            return { ok: false, reason: 'binary file (NUL byte)' };
    if (buf.indexOf(0, probe) !== -1)
        return { ok: false, reason: 'binary file (NUL byte)' };
    let encoding = 'utf-8';
    if (!bom) {
        const head = new external_node_util_namespaceObject.TextDecoder('latin1').decode(buf.subarray(0, Math.min(buf.length, 400)));
        const lines = head.split(/\r\n|\r|\n/, 2);
        for (const line of lines) {
            const m = COOKIE.exec(line);
            if (m) {
                encoding = m[1].toLowerCase().replace(/_/g, '-');
                break;
            }
            if (!/^[ \t\f]*(#.*)?$/.test(line))
                break; // the cookie must be on a comment-only line
        }
    }
    let decoder;
    try {
        decoder = new external_node_util_namespaceObject.TextDecoder(encoding === 'latin-1' || encoding === 'iso-8859-1' ? 'latin1' : encoding, { fatal: true });
    }
    catch {
        return decodeUtf8(buf.subarray(start), `unknown coding "${encoding}"; read as UTF-8`);
    }
    try {
        return { ok: true, text: normaliseNewlines(decoder.decode(buf.subarray(start))) };
    }
    catch {
        return decodeUtf8(buf.subarray(start), `invalid ${encoding}; undecodable bytes replaced`);
    }
}
function decodeUtf8(buf, warning) {
    const text = new external_node_util_namespaceObject.TextDecoder('utf-8', { fatal: false }).decode(buf);
    return { ok: true, text: normaliseNewlines(text), warning };
}
function normaliseNewlines(text) {
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

;// CONCATENATED MODULE: ./src/parse/job.ts
/**
 * One file → FileFacts (or the reason it was skipped). Runs in a worker thread, or in-process for
 * small scans; either way the tree is deleted before returning (the WASM heap never shrinks).
 */





/**
 * Words of the libraries the model and the rules are about. A file with none of them is not parsed
 * unless a parsed file imports it (parse on demand): route modules, dependency and settings modules
 * are all imported by the application, so they are reached that way even when they never name
 * FastAPI (`from app.deps import Depends`). What is left out is code no application imports.
 */
const PREFILTER = /fastapi|starlette|uvicorn|\bjwt\b|\bjose\b|authlib|forwarded_allow_ips/;
const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?[ \t]*([\w \t,]*)/gm;
const IMPORT = /^[ \t]*import[ \t]+([\w \t.,]+)/gm;
/**
 * The modules a file the prefilter skipped imports, read off its text (a cheap match, not a parse:
 * enough to tell whether it imports code that builds an app, e.g. a `main.py` that only calls
 * `create_app()` from `factory.py`). `from X import a, b` gives X, X.a and X.b (either may be a module).
 */
function importedNames(text) {
    const out = new Set();
    for (const m of text.matchAll(FROM_IMPORT)) {
        const base = m[1];
        out.add(base);
        for (const n of m[2].split(',')) {
            const name = n.trim().split(/[ \t]+/)[0];
            if (name && /^\w+$/.test(name))
                out.add(base.endsWith('.') ? base + name : `${base}.${name}`);
        }
    }
    for (const m of text.matchAll(IMPORT)) {
        for (const n of m[1].split(',')) {
            const name = n.trim().split(/[ \t]+/)[0];
            if (name && /^[\w.]+$/.test(name))
                out.add(name);
        }
    }
    return [...out];
}
/**
 * Reads a file that may have changed since discovery: opened non-blocking (a FIFO put in its place
 * must not hang the scan), checked to be a regular file within the size cap before it is read.
 */
function readSource(abs, maxBytes) {
    let fd;
    try {
        fd = (0,external_node_fs_namespaceObject.openSync)(abs, external_node_fs_namespaceObject.constants.O_RDONLY | external_node_fs_namespaceObject.constants.O_NONBLOCK);
        const st = (0,external_node_fs_namespaceObject.fstatSync)(fd);
        if (!st.isFile())
            return 'not a regular file';
        if (st.size > maxBytes)
            return `too large (${st.size} bytes > ${maxBytes})`;
        const buf = Buffer.allocUnsafe(st.size);
        let n = 0;
        while (n < st.size) {
            const r = (0,external_node_fs_namespaceObject.readSync)(fd, buf, n, st.size - n, n);
            if (r === 0)
                break;
            n += r;
        }
        return n === st.size ? buf : buf.subarray(0, n);
    }
    catch (e) {
        return `unreadable: ${e.code ?? e.message}`;
    }
    finally {
        if (fd !== undefined)
            (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}
async function runJob(job) {
    const buf = readSource(job.abs, job.maxBytes);
    if (typeof buf === 'string')
        return { kind: 'skipped', reason: buf };
    if (!job.force) {
        const text = buf.toString('latin1');
        if (!PREFILTER.test(text))
            return { kind: 'filtered', imports: importedNames(text) };
    }
    const decoded = decodeSource(buf);
    if (!decoded.ok)
        return { kind: 'skipped', reason: decoded.reason };
    let facts;
    try {
        facts = await factsFromSource(decoded.text, job.rel, buf.length);
    }
    catch (e) {
        if (e instanceof ParseBudgetError)
            return { kind: 'skipped', reason: e.message };
        throw e;
    }
    return decoded.warning ? { kind: 'facts', facts, warning: decoded.warning } : { kind: 'facts', facts };
}
/**
 * `runJob`, with an exception turned into a `failed` outcome: the one entry point of both the main
 * thread (src/parse/pool.ts, small scans) and the workers (src/parse/worker.ts), so that a file the
 * engine fails on costs that file alone, with the same outcome (and notice) on either thread.
 */
async function parseJob(job) {
    try {
        return await runJob(job);
    }
    catch (e) {
        return { kind: 'failed', error: job_errorText(e) };
    }
}
/** `RangeError: Maximum call stack size exceeded`: an error's name and first line, without the stack (it names our bundle's paths). */
function job_errorText(e) {
    if (e instanceof Error) {
        const text = `${e.name || 'Error'}: ${e.message}`;
        return text.split('\n', 1)[0].slice(0, 500);
    }
    return `thrown ${typeof e}: ${String(e)}`.split('\n', 1)[0].slice(0, 500);
}
/**
 * The parser asks for its input again each time its lexer crosses a 10 KB chunk or looks back
 * before one: real code needs at most ~20 asks per chunk (the 6 858 files of the bench tree and
 * three real projects). tree-sitter-python's scanner, though, looks ahead over every following
 * comment line at each line of a run of comment lines after a statement (tree-sitter-python#245):
 * quadratic, 1 000 such lines take 0.2 s and ~4 000 asks, 2 500 take 1.3 s, 80 000 (2 MB) some 20
 * minutes. Past this budget the parse is cancelled and tried again with the comment lines blanked
 * (`blankComments`, which leaves the facts as they are: only time is lost when real code trips it);
 * past it again, the file is skipped with a notice. The budget is a count, not a clock: the outcome
 * does not depend on the machine.
 */
const READS_BASE = 1024;
const READS_PER_CHUNK = 32;
const CHUNK_CHARS = 10 * 1024;
class ParseBudgetError extends Error {
}
/**
 * The source with comment-only lines turned into spaces (same length, so every offset and column
 * stays), except comments naming `fastapi-audit` (the only ones the tool reads), and the offsets of
 * the lines blanked. A line that starts with `#` may sit inside a triple-quoted string, where
 * blanking it changes the string (node texts are read from the original source, so only its end
 * matters): `careful` leaves lines with a quote, backslash or brace, which could end it; otherwise
 * the caller checks that no blanked line ended up inside a string (`inString`) and that the tree has
 * no errors.
 */
function blankComments(text, careful = false) {
    const at = [];
    const out = text.replace(careful ? /^([ \t]*)(#[^'"\\{}\r\n]*)(?=\r?$)/gm : /^([ \t]*)(#[^\r\n]*)/gm, (line, indent, comment, offset) => {
        if (comment.includes('fastapi-audit'))
            return line;
        at.push(offset + indent.length);
        return indent + ' '.repeat(comment.length);
    });
    return { text: out, at };
}
/**
 * Is one of these offsets inside a string of the tree? Blanking only removes characters after a
 * `#`: a line that was inside a string still is (the text before it is the same, and its blanked
 * rest cannot end the string), and a line that was a comment is not.
 */
function inString(tree, offsets) {
    if (!offsets.length)
        return false;
    for (const s of tree.rootNode.descendantsOfType('string')) {
        if (!s)
            continue;
        let lo = 0;
        let hi = offsets.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (offsets[mid] < s.startIndex)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < offsets.length && offsets[lo] < s.endIndex)
            return true;
    }
    return false;
}
/** A tree of `input`, or null when the parse passed its budget (the parser is then reset). */
function parseWithin(parser, input) {
    const budget = READS_BASE + READS_PER_CHUNK * Math.ceil(input.length / CHUNK_CHARS);
    let reads = 0;
    let tree;
    try {
        tree = parser.parse((index) => {
            reads++;
            return input.slice(index);
        }, null, { progressCallback: () => reads > budget });
    }
    catch (e) {
        parser.reset(); // the next file must not resume this parse
        throw e;
    }
    if (tree)
        return tree;
    parser.reset(); // a cancelled parse would otherwise resume on the next input
    if (reads <= budget)
        throw new Error('the parser gave no tree');
    return null;
}
/**
 * Parses decoded source and extracts its facts; the tree is deleted before the (pure JS) extraction.
 * `blank` starts with the comment lines blanked (tests: the facts are the same).
 */
async function factsFromSource(text, rel, bytes, opts = {}) {
    const parser = await pythonParser();
    let tree = opts.blank ? null : parseWithin(parser, text);
    if (!tree) {
        const blanked = blankComments(text);
        tree = parseWithin(parser, blanked.text);
        if (tree && (tree.rootNode.hasError || inString(tree, blanked.at))) {
            // a `#` line inside a string (or a tree with errors, where a string may have become one): blank only lines that cannot end a string
            tree.delete();
            tree = parseWithin(parser, blankComments(text, true).text);
        }
    }
    if (!tree)
        throw new ParseBudgetError("parsing passed its budget even with comment lines blanked (tree-sitter-python's scanner is quadratic in runs of comment lines)");
    let light;
    let errors = [];
    try {
        light = lightTree(tree, text, typeTable(parser.language));
        if (tree.rootNode.hasError)
            errors = errorLines(tree);
    }
    finally {
        tree.delete();
    }
    // no `await` between the copy and its extraction: the copy's arrays are reused by the next walk on this thread
    return extractFacts(light, rel, text, bytes, errors);
}
/** Lines holding ERROR or MISSING nodes (the first 20), for the notice about a file that does not parse. */
function errorLines(tree) {
    const lines = new Set();
    const stack = [tree.rootNode];
    while (stack.length && lines.size < 20) {
        const n = stack.pop();
        if (n.isError || n.isMissing)
            lines.add(n.startPosition.row + 1);
        else if (n.hasError)
            for (const c of n.children)
                if (c)
                    stack.push(c);
    }
    return [...lines].sort((a, b) => a - b);
}

;// CONCATENATED MODULE: ./src/parse/wire.ts


/** A value the schema below does not cover: the outcome is sent as JSON. */
class Unencodable extends Error {
}
/**
 * Deeper than this (statements and expressions nested in each other), an outcome is sent as JSON:
 * the reader recurses, on the main thread's smaller stack, while JSON.parse does not. The extractor
 * bounds nesting at 200 (elif chains included), but facts built elsewhere (tests) need not be.
 */
const MAX_NESTING = 1000;
const E_NAME = 0;
const E_ATTR = 1;
const E_CALL = 2;
const E_STR = 3;
const E_FSTR = 4;
const E_INT = 5;
const E_NUM = 6;
const E_TRUE = 7;
const E_FALSE = 8;
const E_NONE = 9;
const E_ELLIPSIS = 10;
const E_LIST = 11;
const E_TUPLE = 12;
const E_SET = 13;
const E_DICT = 14;
const E_SUB = 15;
const E_BIN = 16;
const E_UNARY = 17;
const E_CMP = 18;
const E_AND = 19;
const E_OR = 20;
const E_IFEXP = 21;
const E_LAMBDA = 22;
const E_STARRED = 23;
const E_STARRED2 = 24;
const E_AWAIT = 25;
const E_COMP = 26;
const E_WALRUS = 27;
const E_UNK = 28;
const S_IMPORT = 0;
const S_FROM = 1;
const S_ASSIGN = 2;
const S_AUG = 3;
const S_EXPR = 4;
const S_DEF = 5;
const S_CLASS = 6;
const S_IF = 7;
const S_FOR = 8;
const S_WHILE = 9;
const S_TRY = 10;
const S_WITH = 11;
const S_MATCH = 12;
const S_RETURN = 13;
const S_RAISE = 14;
const S_ASSERT = 15;
const S_TYPEALIAS = 16;
const S_GLOBAL = 17;
const S_DEL = 18;
const S_FLOW = 19;
const O_FACTS = 0;
const O_FACTS_WARNING = 1;
const O_FILTERED = 2;
const O_SKIPPED = 3;
const O_JSON = 4;
const O_FAILED = 5;
const PARAM_KINDS = ['posonly', 'pos', 'kw', 'var', 'varkw'];
const COMP_KINDS = ['list', 'set', 'dict', 'gen'];
const FLOW_KINDS = ['pass', 'break', 'continue'];
// ------------------------------------------------------------------------------------- writing
class Writer {
    ints = new Int32Array(1 << 14);
    n = 0;
    depth = 0;
    strs = [];
    ids = new Map();
    room(k) {
        if (this.n + k <= this.ints.length)
            return;
        const b = new Int32Array(Math.max(this.ints.length * 2, this.n + k));
        b.set(this.ints.subarray(0, this.n));
        this.ints = b;
    }
    int(v) {
        if (this.n === this.ints.length)
            this.room(1);
        this.ints[this.n++] = v;
    }
    /** Strings are sent once per message and referred to by index. */
    str(v) {
        if (typeof v !== 'string')
            throw new Unencodable();
        let id = this.ids.get(v);
        if (id === undefined) {
            id = this.strs.length;
            this.strs.push(v);
            this.ids.set(v, id);
        }
        this.int(id);
    }
    loc(l) {
        this.room(4);
        const a = this.ints;
        const n = this.n;
        a[n] = locLine(l);
        a[n + 1] = locColumn(l);
        a[n + 2] = locEndLine(l);
        a[n + 3] = locEndColumn(l);
        this.n = n + 4;
    }
    index(list, v) {
        const i = list.indexOf(v);
        if (i === -1)
            throw new Unencodable();
        this.int(i);
    }
    exprs(xs) {
        this.int(xs.length);
        for (const x of xs)
            this.expr(x);
    }
    stmts(xs) {
        this.int(xs.length);
        for (const x of xs)
            this.stmt(x);
    }
    params(ps) {
        this.int(ps.length);
        for (const p of ps) {
            this.str(p.name);
            this.index(PARAM_KINDS, p.kind);
            this.int((p.ann ? 1 : 0) | (p.def ? 2 : 0));
            if (p.ann)
                this.expr(p.ann);
            if (p.def)
                this.expr(p.def);
            this.loc(p.loc);
        }
    }
    args(as) {
        this.int(as.length);
        for (const a of as) {
            if (a.name !== undefined) {
                this.int(3);
                this.str(a.name);
            }
            else
                this.int(a.star ?? 0);
            this.expr(a.v);
        }
    }
    expr(e) {
        if (++this.depth > MAX_NESTING)
            throw new Unencodable();
        switch (e.t) {
            case 'name':
                this.int(E_NAME);
                this.str(e.id);
                break;
            case 'attr':
                this.int(E_ATTR);
                this.expr(e.obj);
                this.str(e.attr);
                break;
            case 'call':
                this.int(E_CALL);
                this.expr(e.fn);
                this.args(e.args);
                break;
            case 'str':
                this.int(E_STR);
                this.str(e.v);
                break;
            case 'fstr':
                this.int(E_FSTR);
                this.int(e.parts.length);
                for (const p of e.parts) {
                    if (typeof p === 'string') {
                        this.int(0);
                        this.str(p);
                    }
                    else {
                        this.int(1);
                        this.expr(p);
                    }
                }
                break;
            case 'num':
                if ((e.v | 0) === e.v) {
                    this.int(E_INT);
                    this.int(e.v);
                }
                else {
                    if (!Number.isFinite(e.v))
                        throw new Unencodable();
                    this.int(E_NUM);
                    this.str(String(e.v));
                }
                break;
            case 'const':
                this.int(e.v === true ? E_TRUE : e.v === false ? E_FALSE : E_NONE);
                break;
            case 'ellipsis':
                this.int(E_ELLIPSIS);
                break;
            case 'list':
            case 'tuple':
            case 'set':
                this.int(e.t === 'list' ? E_LIST : e.t === 'tuple' ? E_TUPLE : E_SET);
                this.exprs(e.items);
                break;
            case 'dict':
                this.int(E_DICT);
                this.int(e.items.length);
                for (const [k, v] of e.items) {
                    if (k) {
                        this.int(1);
                        this.expr(k);
                    }
                    else
                        this.int(0);
                    this.expr(v);
                }
                break;
            case 'sub':
                this.int(E_SUB);
                this.expr(e.obj);
                this.expr(e.index);
                break;
            case 'bin':
                this.int(E_BIN);
                this.str(e.op);
                this.expr(e.l);
                this.expr(e.r);
                break;
            case 'unary':
                this.int(E_UNARY);
                this.str(e.op);
                this.expr(e.v);
                break;
            case 'cmp':
                this.int(E_CMP);
                this.int(e.ops.length);
                for (const o of e.ops)
                    this.str(o);
                this.exprs(e.operands);
                break;
            case 'boolop':
                this.int(e.op === 'and' ? E_AND : E_OR);
                this.exprs(e.values);
                break;
            case 'ifexp':
                this.int(E_IFEXP);
                this.expr(e.body);
                this.expr(e.test);
                this.expr(e.orelse);
                break;
            case 'lambda':
                this.int(E_LAMBDA);
                this.params(e.params);
                this.expr(e.body);
                break;
            case 'starred':
                this.int(e.double ? E_STARRED2 : E_STARRED);
                this.expr(e.v);
                break;
            case 'await':
                this.int(E_AWAIT);
                this.expr(e.v);
                break;
            case 'comp':
                this.int(E_COMP);
                this.index(COMP_KINDS, e.kind);
                this.expr(e.elt);
                this.expr(e.target);
                this.expr(e.iter);
                break;
            case 'walrus':
                this.int(E_WALRUS);
                this.str(e.target);
                this.expr(e.v);
                break;
            case 'unk':
                this.int(E_UNK);
                this.str(e.what);
                break;
            default:
                throw new Unencodable();
        }
        this.loc(e.loc);
        this.depth--;
    }
    stmt(s) {
        if (++this.depth > MAX_NESTING)
            throw new Unencodable();
        switch (s.t) {
            case 'import':
                this.int(S_IMPORT);
                this.int(s.names.length);
                for (const n of s.names) {
                    this.str(n.mod);
                    this.optStr(n.as);
                }
                break;
            case 'from':
                this.int(S_FROM);
                this.str(s.mod);
                this.int(s.level);
                if (s.names === '*')
                    this.int(-1);
                else {
                    this.int(s.names.length);
                    for (const n of s.names) {
                        this.str(n.name);
                        this.optStr(n.as);
                    }
                }
                break;
            case 'assign':
                this.int(S_ASSIGN);
                this.exprs(s.targets);
                this.optExpr(s.v);
                this.optExpr(s.ann);
                break;
            case 'aug':
                this.int(S_AUG);
                this.expr(s.target);
                this.str(s.op);
                this.expr(s.v);
                break;
            case 'expr':
                this.int(S_EXPR);
                this.expr(s.v);
                break;
            case 'def':
                this.int(S_DEF);
                this.str(s.name);
                this.int((s.async ? 1 : 0) | (s.gen ? 2 : 0));
                this.params(s.params);
                this.exprs(s.decorators);
                this.stmts(s.body);
                this.loc(s.defLoc);
                this.optExpr(s.returns);
                break;
            case 'class':
                this.int(S_CLASS);
                this.str(s.name);
                this.args(s.bases);
                this.exprs(s.decorators);
                this.stmts(s.body);
                this.loc(s.defLoc);
                break;
            case 'if':
            case 'while':
                this.int(s.t === 'if' ? S_IF : S_WHILE);
                this.expr(s.test);
                this.stmts(s.body);
                this.stmts(s.orelse);
                break;
            case 'for':
                this.int(S_FOR);
                this.expr(s.target);
                this.expr(s.iter);
                this.stmts(s.body);
                this.stmts(s.orelse);
                break;
            case 'try':
                this.int(S_TRY);
                this.stmts(s.body);
                this.int(s.handlers.length);
                for (const h of s.handlers) {
                    this.optExpr(h.type);
                    this.stmts(h.body);
                    this.loc(h.loc);
                    this.optStr(h.name);
                }
                this.stmts(s.orelse);
                this.stmts(s.final);
                break;
            case 'with':
                this.int(S_WITH);
                this.int(s.items.length);
                for (const it of s.items) {
                    this.expr(it.ctx);
                    this.optExpr(it.as);
                }
                this.stmts(s.body);
                break;
            case 'match':
                this.int(S_MATCH);
                this.expr(s.subject);
                this.int(s.cases.length);
                for (const c of s.cases) {
                    this.stmts(c.body);
                    this.loc(c.loc);
                }
                break;
            case 'return':
                this.int(S_RETURN);
                this.optExpr(s.v);
                break;
            case 'raise':
                this.int(S_RAISE);
                this.optExpr(s.exc);
                break;
            case 'assert':
                this.int(S_ASSERT);
                this.expr(s.test);
                break;
            case 'typealias':
                this.int(S_TYPEALIAS);
                this.str(s.name);
                this.expr(s.v);
                break;
            case 'global':
                this.int(S_GLOBAL);
                this.int(s.names.length);
                for (const n of s.names)
                    this.str(n);
                break;
            case 'del':
                this.int(S_DEL);
                this.exprs(s.targets);
                break;
            case 'flow':
                this.int(S_FLOW);
                this.index(FLOW_KINDS, s.kind);
                break;
            default:
                throw new Unencodable();
        }
        this.loc(s.loc);
        this.depth--;
    }
    /** An optional string key: 0 when absent. */
    optStr(v) {
        if (v === undefined)
            this.int(0);
        else {
            this.int(1);
            this.str(v);
        }
    }
    /** An optional or nullable expression: 0 when absent or null. */
    optExpr(v) {
        if (v) {
            this.int(1);
            this.expr(v);
        }
        else
            this.int(0);
    }
    facts(f) {
        this.str(f.path);
        this.stmts(f.body);
        this.int(f.comments.length);
        for (const c of f.comments) {
            this.int(c.line);
            this.int(c.column);
            this.str(c.text);
        }
        this.int(f.errors.length);
        for (const e of f.errors)
            this.int(e);
        this.int(f.lineCount);
        this.int(f.bytes);
        // what the extractor left out: -1 when the key is absent (the usual case)
        if (f.warnings === undefined)
            this.int(-1);
        else {
            this.int(f.warnings.length);
            for (const w of f.warnings) {
                if (!Number.isInteger(w.line))
                    throw new Unencodable();
                this.int(w.line);
                this.str(w.message);
            }
        }
    }
    outcome(o) {
        const mark = this.n;
        this.depth = 0;
        try {
            if (o.kind === 'facts') {
                if (o.warning === undefined)
                    this.int(O_FACTS);
                else {
                    this.int(O_FACTS_WARNING);
                    this.str(o.warning);
                }
                this.facts(o.facts);
            }
            else if (o.kind === 'filtered') {
                this.int(O_FILTERED);
                this.str(o.imports.join('\n'));
            }
            else if (o.kind === 'skipped') {
                this.int(O_SKIPPED);
                this.str(o.reason);
            }
            else if (o.kind === 'failed') {
                this.int(O_FAILED);
                this.str(o.error);
            }
            else
                throw new Unencodable();
        }
        catch {
            // a shape the schema does not cover, or nesting too deep: as JSON
            this.n = mark;
            let json;
            try {
                json = JSON.stringify([o, locsOf(o)]);
            }
            catch (e) {
                // too deep even for JSON.stringify: the file fails (an error notice), the scan goes on
                json = JSON.stringify([{ kind: 'failed', error: job_errorText(e) }, []]);
            }
            this.int(O_JSON);
            this.str(json);
        }
    }
}
/**
 * Encodes a chunk's outcomes one at a time, as each file is done: a file's facts can then be
 * dropped at once (they die young, which costs the worker's garbage collector far less than
 * holding a whole chunk of them).
 */
class OutcomeEncoder {
    count;
    w = new Writer();
    k = 0;
    constructor(count) {
        this.count = count;
        // the count, where each outcome ends (a reader that fails on one goes on with the next), the outcomes
        for (let k = 0; k <= count; k++)
            this.w.int(count);
    }
    add(o) {
        if (this.k >= this.count)
            throw new Error('more outcomes than announced');
        this.w.outcome(o);
        this.w.ints[1 + this.k++] = this.w.n;
    }
    finish() {
        if (this.k !== this.count)
            throw new Error(`${this.k} outcomes of ${this.count}`);
        return { ints: this.w.ints.slice(0, this.w.n), strs: this.w.strs };
    }
}
function encodeOutcomes(outcomes) {
    const enc = new OutcomeEncoder(outcomes.length);
    for (const o of outcomes)
        enc.add(o);
    return enc.finish();
}
// ------------------------------------------------------------------------------------- reading
class Reader {
    a;
    strs;
    p = 0;
    /**
     * Lists are read onto this stack and sliced off it: arrays of their exact length, like JSON.parse
     * makes (an array grown by push keeps room for 16 more elements; the main thread holds every one).
     */
    tmp = [];
    top = 0;
    constructor(a, strs) {
        this.a = a;
        this.strs = strs;
    }
    /** Reads the outcome that starts at `p`. */
    outcomeAt(p) {
        this.p = p;
        this.top = 0;
        return this.outcome();
    }
    int() {
        return this.a[this.p++];
    }
    put(v) {
        this.tmp[this.top++] = v;
    }
    /** The values put since `base`, as an array. */
    list(base) {
        const out = this.tmp.slice(base, this.top);
        this.top = base;
        return out;
    }
    str() {
        return this.strs[this.a[this.p++]];
    }
    loc() {
        const a = this.a;
        const p = this.p;
        this.p = p + 4;
        return makeLoc(a[p], a[p + 1], a[p + 2], a[p + 3]);
    }
    exprs() {
        const n = this.int();
        const base = this.top;
        for (let k = 0; k < n; k++)
            this.put(this.expr());
        return this.list(base);
    }
    stmts() {
        const n = this.int();
        const base = this.top;
        for (let k = 0; k < n; k++)
            this.put(this.stmt());
        return this.list(base);
    }
    params() {
        const n = this.int();
        const base = this.top;
        for (let k = 0; k < n; k++) {
            const name = this.str();
            const kind = PARAM_KINDS[this.int()];
            const f = this.int();
            if (f === 0)
                this.put({ name, kind, loc: this.loc() });
            else if (f === 1) {
                const ann = this.expr();
                this.put({ name, kind, ann, loc: this.loc() });
            }
            else if (f === 2) {
                const def = this.expr();
                this.put({ name, kind, def, loc: this.loc() });
            }
            else {
                const ann = this.expr();
                const def = this.expr();
                this.put({ name, kind, ann, def, loc: this.loc() });
            }
        }
        return this.list(base);
    }
    args() {
        const n = this.int();
        const base = this.top;
        for (let k = 0; k < n; k++) {
            const m = this.int();
            if (m === 0)
                this.put({ v: this.expr() });
            else if (m === 3) {
                const name = this.str();
                this.put({ name, v: this.expr() });
            }
            else
                this.put({ star: m, v: this.expr() });
        }
        return this.list(base);
    }
    optExpr() {
        return this.int() === 1 ? this.expr() : null;
    }
    expr() {
        switch (this.int()) {
            case E_NAME: {
                const id = this.str();
                return { t: 'name', id, loc: this.loc() };
            }
            case E_ATTR: {
                const obj = this.expr();
                const attr = this.str();
                return { t: 'attr', obj, attr, loc: this.loc() };
            }
            case E_CALL: {
                const fn = this.expr();
                const args = this.args();
                return { t: 'call', fn, args, loc: this.loc() };
            }
            case E_STR: {
                const v = this.str();
                return { t: 'str', v, loc: this.loc() };
            }
            case E_FSTR: {
                const n = this.int();
                const base = this.top;
                for (let k = 0; k < n; k++)
                    this.put(this.int() === 0 ? this.str() : this.expr());
                const parts = this.list(base);
                return { t: 'fstr', parts, loc: this.loc() };
            }
            case E_INT: {
                const v = this.int();
                return { t: 'num', v, loc: this.loc() };
            }
            case E_NUM: {
                const v = Number(this.str());
                return { t: 'num', v, loc: this.loc() };
            }
            case E_TRUE:
                return { t: 'const', v: true, loc: this.loc() };
            case E_FALSE:
                return { t: 'const', v: false, loc: this.loc() };
            case E_NONE:
                return { t: 'const', v: null, loc: this.loc() };
            case E_ELLIPSIS:
                return { t: 'ellipsis', loc: this.loc() };
            case E_LIST: {
                const items = this.exprs();
                return { t: 'list', items, loc: this.loc() };
            }
            case E_TUPLE: {
                const items = this.exprs();
                return { t: 'tuple', items, loc: this.loc() };
            }
            case E_SET: {
                const items = this.exprs();
                return { t: 'set', items, loc: this.loc() };
            }
            case E_DICT: {
                const n = this.int();
                const base = this.top;
                for (let k = 0; k < n; k++) {
                    const key = this.optExpr();
                    this.put([key, this.expr()]);
                }
                const items = this.list(base);
                return { t: 'dict', items, loc: this.loc() };
            }
            case E_SUB: {
                const obj = this.expr();
                const index = this.expr();
                return { t: 'sub', obj, index, loc: this.loc() };
            }
            case E_BIN: {
                const op = this.str();
                const l = this.expr();
                const r = this.expr();
                return { t: 'bin', op, l, r, loc: this.loc() };
            }
            case E_UNARY: {
                const op = this.str();
                const v = this.expr();
                return { t: 'unary', op, v, loc: this.loc() };
            }
            case E_CMP: {
                const n = this.int();
                const base = this.top;
                for (let k = 0; k < n; k++)
                    this.put(this.str());
                const ops = this.list(base);
                const operands = this.exprs();
                return { t: 'cmp', ops, operands, loc: this.loc() };
            }
            case E_AND: {
                const values = this.exprs();
                return { t: 'boolop', op: 'and', values, loc: this.loc() };
            }
            case E_OR: {
                const values = this.exprs();
                return { t: 'boolop', op: 'or', values, loc: this.loc() };
            }
            case E_IFEXP: {
                // the extractor's key order (body before test)
                const body = this.expr();
                const test = this.expr();
                const orelse = this.expr();
                return { t: 'ifexp', body, test, orelse, loc: this.loc() };
            }
            case E_LAMBDA: {
                const params = this.params();
                const body = this.expr();
                return { t: 'lambda', params, body, loc: this.loc() };
            }
            case E_STARRED: {
                const v = this.expr();
                return { t: 'starred', v, loc: this.loc() };
            }
            case E_STARRED2: {
                const v = this.expr();
                return { t: 'starred', v, double: true, loc: this.loc() };
            }
            case E_AWAIT: {
                const v = this.expr();
                return { t: 'await', v, loc: this.loc() };
            }
            case E_COMP: {
                const kind = COMP_KINDS[this.int()];
                const elt = this.expr();
                const target = this.expr();
                const iter = this.expr();
                return { t: 'comp', kind, elt, target, iter, loc: this.loc() };
            }
            case E_WALRUS: {
                const target = this.str();
                const v = this.expr();
                return { t: 'walrus', target, v, loc: this.loc() };
            }
            case E_UNK: {
                const what = this.str();
                return { t: 'unk', what, loc: this.loc() };
            }
            default:
                throw new Error(`wire: bad expression tag at ${this.p - 1}`);
        }
    }
    stmt() {
        switch (this.int()) {
            case S_IMPORT: {
                const n = this.int();
                const base = this.top;
                for (let k = 0; k < n; k++) {
                    const mod = this.str();
                    this.put(this.int() === 1 ? { mod, as: this.str() } : { mod });
                }
                const names = this.list(base);
                return { t: 'import', names, loc: this.loc() };
            }
            case S_FROM: {
                const mod = this.str();
                const level = this.int();
                const n = this.int();
                let names = '*';
                if (n >= 0) {
                    const base = this.top;
                    for (let k = 0; k < n; k++) {
                        const name = this.str();
                        this.put(this.int() === 1 ? { name, as: this.str() } : { name });
                    }
                    names = this.list(base);
                }
                return { t: 'from', mod, level, names, loc: this.loc() };
            }
            case S_ASSIGN: {
                const targets = this.exprs();
                const v = this.optExpr();
                const ann = this.optExpr();
                const loc = this.loc();
                return ann ? { t: 'assign', targets, v, loc, ann } : { t: 'assign', targets, v, loc };
            }
            case S_AUG: {
                const target = this.expr();
                const op = this.str();
                const v = this.expr();
                return { t: 'aug', target, op, v, loc: this.loc() };
            }
            case S_EXPR: {
                const v = this.expr();
                return { t: 'expr', v, loc: this.loc() };
            }
            case S_DEF: {
                const name = this.str();
                const f = this.int();
                const params = this.params();
                const decorators = this.exprs();
                const body = this.stmts();
                const defLoc = this.loc();
                const returns = this.optExpr();
                const d = { t: 'def', name, async: (f & 1) !== 0, params, decorators, body, loc: this.loc(), defLoc };
                if (returns)
                    d.returns = returns;
                if (f & 2)
                    d.gen = true;
                return d;
            }
            case S_CLASS: {
                const name = this.str();
                const bases = this.args();
                const decorators = this.exprs();
                const body = this.stmts();
                const defLoc = this.loc();
                return { t: 'class', name, bases, decorators, body, loc: this.loc(), defLoc };
            }
            case S_IF: {
                const test = this.expr();
                const body = this.stmts();
                const orelse = this.stmts();
                return { t: 'if', test, body, orelse, loc: this.loc() };
            }
            case S_WHILE: {
                const test = this.expr();
                const body = this.stmts();
                const orelse = this.stmts();
                return { t: 'while', test, body, orelse, loc: this.loc() };
            }
            case S_FOR: {
                const target = this.expr();
                const iter = this.expr();
                const body = this.stmts();
                const orelse = this.stmts();
                return { t: 'for', target, iter, body, orelse, loc: this.loc() };
            }
            case S_TRY: {
                const body = this.stmts();
                const n = this.int();
                const base = this.top;
                for (let k = 0; k < n; k++) {
                    const type = this.optExpr();
                    const hb = this.stmts();
                    const loc = this.loc();
                    this.put(this.int() === 1 ? { type, body: hb, loc, name: this.str() } : { type, body: hb, loc });
                }
                const handlers = this.list(base);
                const orelse = this.stmts();
                const final = this.stmts();
                return { t: 'try', body, handlers, orelse, final, loc: this.loc() };
            }
            case S_WITH: {
                const n = this.int();
                const base = this.top;
                for (let k = 0; k < n; k++) {
                    const ctx = this.expr();
                    this.put(this.int() === 1 ? { ctx, as: this.expr() } : { ctx });
                }
                const items = this.list(base);
                const body = this.stmts();
                return { t: 'with', items, body, loc: this.loc() };
            }
            case S_MATCH: {
                const subject = this.expr();
                const n = this.int();
                const base = this.top;
                for (let k = 0; k < n; k++) {
                    const body = this.stmts();
                    this.put({ body, loc: this.loc() });
                }
                const cases = this.list(base);
                return { t: 'match', subject, cases, loc: this.loc() };
            }
            case S_RETURN: {
                const v = this.optExpr();
                return { t: 'return', v, loc: this.loc() };
            }
            case S_RAISE: {
                const exc = this.optExpr();
                return { t: 'raise', exc, loc: this.loc() };
            }
            case S_ASSERT: {
                const test = this.expr();
                return { t: 'assert', test, loc: this.loc() };
            }
            case S_TYPEALIAS: {
                const name = this.str();
                const v = this.expr();
                return { t: 'typealias', name, v, loc: this.loc() };
            }
            case S_GLOBAL: {
                const n = this.int();
                const base = this.top;
                for (let k = 0; k < n; k++)
                    this.put(this.str());
                const names = this.list(base);
                return { t: 'global', names, loc: this.loc() };
            }
            case S_DEL: {
                const targets = this.exprs();
                return { t: 'del', targets, loc: this.loc() };
            }
            case S_FLOW: {
                const kind = FLOW_KINDS[this.int()];
                return { t: 'flow', kind, loc: this.loc() };
            }
            default:
                throw new Error(`wire: bad statement tag at ${this.p - 1}`);
        }
    }
    facts() {
        const path = this.str();
        const body = this.stmts();
        const nc = this.int();
        let base = this.top;
        for (let k = 0; k < nc; k++) {
            const line = this.int();
            const column = this.int();
            this.put({ line, column, text: this.str() });
        }
        const comments = this.list(base);
        const ne = this.int();
        base = this.top;
        for (let k = 0; k < ne; k++)
            this.put(this.int());
        const errors = this.list(base);
        const lineCount = this.int();
        const bytes = this.int();
        const facts = { path, body, comments, errors, lineCount, bytes };
        const nw = this.int();
        if (nw >= 0) {
            base = this.top;
            for (let k = 0; k < nw; k++) {
                const line = this.int();
                this.put({ line, message: this.str() });
            }
            facts.warnings = this.list(base);
        }
        return facts;
    }
    outcome() {
        switch (this.int()) {
            case O_FACTS:
                return { kind: 'facts', facts: this.facts() };
            case O_FACTS_WARNING: {
                const warning = this.str();
                return { kind: 'facts', facts: this.facts(), warning };
            }
            case O_FILTERED: {
                const imports = this.str();
                return { kind: 'filtered', imports: imports ? imports.split('\n') : [] };
            }
            case O_SKIPPED:
                return { kind: 'skipped', reason: this.str() };
            case O_FAILED:
                return { kind: 'failed', error: this.str() };
            case O_JSON: {
                const [o, locs] = JSON.parse(this.str());
                return relocate(o, locs);
            }
            default:
                throw new Error(`wire: bad outcome tag at ${this.p - 1}`);
        }
    }
}
function decodeOutcomes(w) {
    const n = w.ints[0];
    const out = [];
    const r = new Reader(w.ints, w.strs);
    let start = 1 + n;
    for (let k = 0; k < n; k++) {
        const end = w.ints[1 + k];
        try {
            out.push(r.outcomeAt(start));
        }
        catch (e) {
            // e.g. nesting too deep for this thread's stack: that file fails (an error notice), not the chunk
            out.push({ kind: 'failed', error: errorText(e) });
        }
        start = end;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/parse/worker.ts
/**
 * Worker thread entry (bundled as dist/worker.js): a chunk of parse jobs in, their outcomes out in
 * one message, encoded by src/parse/wire.ts (an Int32Array whose buffer is transferred, and a string
 * table): reading that back costs the main thread a few times less than JSON.parse or a structured
 * clone of the same objects, and one message per chunk keeps the round trips few.
 */




const port = external_node_worker_threads_namespaceObject.parentPort;
/** Messages being worked on: the handler awaits, so two may interleave (while the grammar loads). */
let active = 0;
if (port) {
    port.on('message', async (msg) => {
        active++;
        try {
            const enc = new OutcomeEncoder(msg.jobs.length);
            for (const job of msg.jobs) {
                enc.add(await parseJob(job));
            }
            const wire = enc.finish();
            port.postMessage({ chunk: msg.chunk, wire }, [wire.ints.buffer]);
        }
        finally {
            // every location this thread made has been sent as numbers: none is held any more
            if (--active === 0)
                resetLocs();
        }
    });
}

