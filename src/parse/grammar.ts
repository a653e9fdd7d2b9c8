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

/** A Parser with the Python language set; one per thread. */
export function pythonParser(): Promise<Parser> {
  ready ??= (async () => {
    const runtime = findWasm(RUNTIME, 'web-tree-sitter');
    await Parser.init({ locateFile: () => runtime });
    const lang = await Language.load(findWasm(GRAMMAR, 'tree-sitter-python'));
    const parser = new Parser();
    parser.setLanguage(lang);
    return parser;
  })();
  return ready;
}
