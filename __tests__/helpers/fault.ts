/**
 * Fault injection for the built bundles, the same on every thread: a `--require` preload (Node
 * loads it in the main thread and again in each worker thread, before the bundle) that replaces the
 * global `parseFloat` by one that throws on one literal. The extractor (src/parse/extract.ts) reads
 * Python float literals with `parseFloat`, so a file holding `FAULT_LITERAL` makes extraction throw
 * on that file, wherever it is parsed: on the main thread (`--threads 1`, small scans) or in a
 * worker (`--threads 2`). Nothing in the shipped code knows about this: the test reaches it only
 * through a global every JavaScript program shares. Should the extractor stop calling
 * `parseFloat`, the tests using this fail (no error notice), not pass silently.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** A Python float literal whose extraction throws under the preload (`6.66e-66`). */
export const FAULT_LITERAL = '6.66e-66';
export const FAULT_MESSAGE = 'injected fault (fastapi-audit tests)';

/** Writes the preload into `dir`; put the returned variables in the child's environment. */
export function writeFaultPreload(dir: string): { NODE_OPTIONS: string } {
  const script = path.join(dir, 'fa-fault.cjs');
  writeFileSync(
    script,
    `'use strict';
const real = globalThis.parseFloat;
globalThis.parseFloat = function parseFloat(s) {
  if (s === ${JSON.stringify(FAULT_LITERAL)}) throw new Error(${JSON.stringify(FAULT_MESSAGE)});
  return real(s);
};
`,
  );
  return { NODE_OPTIONS: `--require ${JSON.stringify(script)}` };
}
