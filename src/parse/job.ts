/**
 * One file → FileFacts (or the reason it was skipped). Runs in a worker thread, or in-process for
 * small scans; either way the tree is deleted before returning (the WASM heap never shrinks).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
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
  /** Size from discovery (for chunking work between threads). */
  size?: number;
}

export type ParseOutcome =
  | { kind: 'facts'; facts: FileFacts; warning?: string }
  | { kind: 'filtered' }
  | { kind: 'skipped'; reason: string };

/**
 * Words of the libraries the model and the rules are about. A file with none of them is not parsed
 * unless a parsed file imports it (parse on demand): route modules, dependency and settings modules
 * are all imported by the application, so they are reached that way even when they never name
 * FastAPI (`from app.deps import Depends`). What is left out is code no application imports.
 */
export const PREFILTER = /fastapi|starlette|uvicorn|\bjwt\b|\bjose\b|authlib|forwarded_allow_ips/;

/**
 * Reads a file that may have changed since discovery: opened non-blocking (a FIFO put in its place
 * must not hang the scan), checked to be a regular file within the size cap before it is read.
 */
function readSource(abs: string, maxBytes: number): Buffer | string {
  let fd: number | undefined;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) return 'not a regular file';
    if (st.size > maxBytes) return `too large (${st.size} bytes > ${maxBytes})`;
    const buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    while (n < st.size) {
      const r = readSync(fd, buf, n, st.size - n, n);
      if (r === 0) break;
      n += r;
    }
    return n === st.size ? buf : buf.subarray(0, n);
  } catch (e) {
    return `unreadable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export async function runJob(job: ParseJob): Promise<ParseOutcome> {
  const buf = readSource(job.abs, job.maxBytes);
  if (typeof buf === 'string') return { kind: 'skipped', reason: buf };
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
  // no `await` between the copy and its extraction: the copy's arrays are reused by the next walk on this thread
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
