/**
 * One file → FileFacts (or the reason it was skipped). Runs in a worker thread, or in-process for
 * small scans; either way the tree is deleted before returning (the WASM heap never shrinks).
 */
import { readFile } from 'node:fs/promises';
import type { FileFacts } from '../facts/ir.js';
import type { Node, Tree } from 'web-tree-sitter';
import { extractFacts } from './extract.js';
import { pythonParser } from './grammar.js';
import { lightTree, typeTable } from './light.js';
import { decodeSource } from './source.js';

export interface ParseJob {
  abs: string;
  rel: string;
  /** Parse even when the prefilter finds no relevant word (the file is imported by one that matters). */
  force: boolean;
  maxBytes: number;
}

export type ParseOutcome =
  | { kind: 'facts'; facts: FileFacts; warning?: string }
  | { kind: 'filtered' }
  | { kind: 'skipped'; reason: string };

/**
 * Words that any rule or the model needs. A file with none of them is not parsed unless another
 * file imports it and the model needs its definitions (parse on demand).
 */
export const PREFILTER = /fastapi|starlette|APIRouter|Depends|Security|HTTPException|jwt|jose|set_cookie|uvicorn|Middleware|compare_digest/;

export async function runJob(job: ParseJob): Promise<ParseOutcome> {
  let buf: Buffer;
  try {
    buf = await readFile(job.abs);
  } catch (e) {
    return { kind: 'skipped', reason: `unreadable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  if (buf.length > job.maxBytes) return { kind: 'skipped', reason: `too large (${buf.length} bytes > ${job.maxBytes})` };
  if (!job.force && !PREFILTER.test(buf.toString('latin1'))) return { kind: 'filtered' };
  const decoded = decodeSource(buf);
  if (!decoded.ok) return { kind: 'skipped', reason: decoded.reason };
  const facts = await factsFromSource(decoded.text, job.rel, buf.length);
  return decoded.warning ? { kind: 'facts', facts, warning: decoded.warning } : { kind: 'facts', facts };
}

/** Parses decoded source and extracts its facts; the tree is deleted before the (pure JS) extraction. */
export async function factsFromSource(text: string, rel: string, bytes: number): Promise<FileFacts> {
  const parser = await pythonParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error('the parser gave no tree');
  let light;
  let errors: number[] = [];
  try {
    light = lightTree(tree, text, typeTable(parser.language!));
    if (tree.rootNode.hasError) errors = errorLines(tree);
  } finally {
    tree.delete();
  }
  return extractFacts(light, rel, text, bytes, errors);
}

/** Lines holding ERROR or MISSING nodes (the first 20), for the notice about a file that does not parse. */
function errorLines(tree: Tree): number[] {
  const lines = new Set<number>();
  const stack: Node[] = [tree.rootNode];
  while (stack.length && lines.size < 20) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) lines.add(n.startPosition.row + 1);
    else if (n.hasError) for (const c of n.children) if (c) stack.push(c);
  }
  return [...lines].sort((a, b) => a - b);
}
