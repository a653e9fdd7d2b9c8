/**
 * One file → FileFacts (or the reason it was skipped). Runs in a worker thread, or in-process for
 * small scans; either way the tree is deleted before returning (the WASM heap never shrinks).
 */
import { readFile } from 'node:fs/promises';
import type { FileFacts } from '../facts/ir.js';
import { extractFacts } from './extract.js';
import { pythonParser } from './grammar.js';
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
  const parser = await pythonParser();
  const tree = parser.parse(decoded.text);
  if (!tree) return { kind: 'skipped', reason: 'the parser gave no tree' };
  try {
    const facts = extractFacts(tree, job.rel, decoded.text, buf.length);
    return decoded.warning ? { kind: 'facts', facts, warning: decoded.warning } : { kind: 'facts', facts };
  } finally {
    tree.delete();
  }
}
