/**
 * Loads web-tree-sitter and the Python grammar once per thread.
 *
 * Both .wasm files sit next to the bundle in dist/ (ncc corrupts the runtime wasm it rewrites, so
 * the build copies them itself); from source (tests) they come from node_modules.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser } from 'web-tree-sitter';

const RUNTIME = 'web-tree-sitter.wasm';
const GRAMMAR = 'tree-sitter-python.wasm';

function findWasm(file: string, pkg: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, file);
  if (existsSync(beside)) return beside;
  let dir = here;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'node_modules', pkg, file);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`cannot find ${file} (looked beside ${here} and in node_modules/${pkg})`);
}

let ready: Promise<Parser> | undefined;

/**
 * The Emscripten module web-tree-sitter runs on. Emscripten builds its module on the options
 * object given to `Parser.init`, so that object ends up holding the C exports and the heap views;
 * src/parse/light.ts uses them for a cursor walk without per-call marshalling. web-tree-sitter is
 * pinned to an exact version, and __tests__/parse/light.test.ts checks the walk node by node
 * against the public API.
 */
export interface WasmModule {
  HEAP32: Int32Array;
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAPU32: Uint32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

let wasm: { module: WasmModule; transferBuffer: number } | undefined;

/** The raw module, when the runtime exposes what the fast walk needs (else the public API is used). */
export function wasmModule(): { module: WasmModule; transferBuffer: number } | undefined {
  return wasm;
}

/** A Parser with the Python language set; one per thread. */
export function pythonParser(): Promise<Parser> {
  ready ??= (async () => {
    const runtime = findWasm(RUNTIME, 'web-tree-sitter');
    const moduleOptions: Partial<WasmModule> & { locateFile: () => string } = { locateFile: () => runtime };
    await Parser.init(moduleOptions);
    const m = moduleOptions as Partial<WasmModule>;
    if (
      m.HEAP32 instanceof Int32Array &&
      m.HEAPU8 instanceof Uint8Array &&
      m.HEAPU16 instanceof Uint16Array &&
      m.HEAPU32 instanceof Uint32Array &&
      typeof m._ts_init === 'function' &&
      typeof m._ts_tree_cursor_goto_first_child_wasm === 'function' &&
      typeof m._ts_tree_cursor_goto_next_sibling_wasm === 'function' &&
      typeof m._ts_tree_cursor_goto_parent_wasm === 'function' &&
      typeof m._ts_tree_cursor_current_node_type_id_wasm === 'function' &&
      typeof m._ts_tree_cursor_start_index_wasm === 'function' &&
      typeof m._ts_tree_cursor_end_index_wasm === 'function'
    ) {
      // ts_init returns the address of the binding's static transfer buffer (it only rewrites two version words).
      wasm = { module: m as WasmModule, transferBuffer: m._ts_init() };
    }
    const lang = await Language.load(findWasm(GRAMMAR, 'tree-sitter-python'));
    const parser = new Parser();
    parser.setLanguage(lang);
    return parser;
  })();
  return ready;
}
