/**
 * One file → FileFacts (or the reason it was skipped). Runs in a worker thread, or in-process for
 * small scans; either way the tree is deleted before returning (the WASM heap never shrinks).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { FileFacts } from '../facts/ir.js';
import type { Node, Parser, Tree } from 'web-tree-sitter';
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
  /** Not parsed: no library word. `imports` are the modules its text imports (`.routes`, `app.factory.create_app`). */
  | { kind: 'filtered'; imports: string[] }
  | { kind: 'skipped'; reason: string }
  /** An internal error (a bug of ours, not of the file): `error` is its name and message. */
  | { kind: 'failed'; error: string };

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
function importedNames(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(FROM_IMPORT)) {
    const base = m[1]!;
    out.add(base);
    for (const n of m[2]!.split(',')) {
      const name = n.trim().split(/[ \t]+/)[0];
      if (name && /^\w+$/.test(name)) out.add(base.endsWith('.') ? base + name : `${base}.${name}`);
    }
  }
  for (const m of text.matchAll(IMPORT)) {
    for (const n of m[1]!.split(',')) {
      const name = n.trim().split(/[ \t]+/)[0];
      if (name && /^[\w.]+$/.test(name)) out.add(name);
    }
  }
  return [...out];
}

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
  if (!job.force) {
    const text = buf.toString('latin1');
    if (!PREFILTER.test(text)) return { kind: 'filtered', imports: importedNames(text) };
  }
  const decoded = decodeSource(buf);
  if (!decoded.ok) return { kind: 'skipped', reason: decoded.reason };
  let facts: FileFacts;
  try {
    facts = await factsFromSource(decoded.text, job.rel, buf.length);
  } catch (e) {
    if (e instanceof ParseBudgetError) return { kind: 'skipped', reason: e.message };
    throw e;
  }
  return decoded.warning ? { kind: 'facts', facts, warning: decoded.warning } : { kind: 'facts', facts };
}

/**
 * `runJob`, with an exception turned into a `failed` outcome: the one entry point of both the main
 * thread (src/parse/pool.ts, small scans) and the workers (src/parse/worker.ts), so that a file the
 * engine fails on costs that file alone, with the same outcome (and notice) on either thread.
 */
export async function parseJob(job: ParseJob): Promise<ParseOutcome> {
  try {
    return await runJob(job);
  } catch (e) {
    return { kind: 'failed', error: errorText(e) };
  }
}

/** `RangeError: Maximum call stack size exceeded`: an error's name and first line, without the stack (it names our bundle's paths). */
export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const text = `${e.name || 'Error'}: ${e.message}`;
    return text.split('\n', 1)[0]!.slice(0, 500);
  }
  return `thrown ${typeof e}: ${String(e)}`.split('\n', 1)[0]!.slice(0, 500);
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

class ParseBudgetError extends Error {}

/**
 * The source with comment-only lines turned into spaces (same length, so every offset and column
 * stays), except comments naming `fastapi-audit` (the only ones the tool reads), and the offsets of
 * the lines blanked. A line that starts with `#` may sit inside a triple-quoted string, where
 * blanking it changes the string (node texts are read from the original source, so only its end
 * matters): `careful` leaves lines with a quote, backslash or brace, which could end it; otherwise
 * the caller checks that no blanked line ended up inside a string (`inString`) and that the tree has
 * no errors.
 */
export function blankComments(text: string, careful = false): { text: string; at: number[] } {
  const at: number[] = [];
  const out = text.replace(careful ? /^([ \t]*)(#[^'"\\{}\r\n]*)(?=\r?$)/gm : /^([ \t]*)(#[^\r\n]*)/gm, (line: string, indent: string, comment: string, offset: number) => {
    if (comment.includes('fastapi-audit')) return line;
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
function inString(tree: Tree, offsets: readonly number[]): boolean {
  if (!offsets.length) return false;
  for (const s of tree.rootNode.descendantsOfType('string')) {
    if (!s) continue;
    let lo = 0;
    let hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid]! < s.startIndex) lo = mid + 1;
      else hi = mid;
    }
    if (lo < offsets.length && offsets[lo]! < s.endIndex) return true;
  }
  return false;
}

/** A tree of `input`, or null when the parse passed its budget (the parser is then reset). */
function parseWithin(parser: Parser, input: string): Tree | null {
  const budget = READS_BASE + READS_PER_CHUNK * Math.ceil(input.length / CHUNK_CHARS);
  let reads = 0;
  let tree: Tree | null;
  try {
    tree = parser.parse(
      (index) => {
        reads++;
        return input.slice(index);
      },
      null,
      { progressCallback: () => reads > budget },
    );
  } catch (e) {
    parser.reset(); // the next file must not resume this parse
    throw e;
  }
  if (tree) return tree;
  parser.reset(); // a cancelled parse would otherwise resume on the next input
  if (reads <= budget) throw new Error('the parser gave no tree');
  return null;
}

/**
 * Parses decoded source and extracts its facts; the tree is deleted before the (pure JS) extraction.
 * `blank` starts with the comment lines blanked (tests: the facts are the same).
 */
export async function factsFromSource(text: string, rel: string, bytes: number, opts: { blank?: boolean } = {}): Promise<FileFacts> {
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
  if (!tree) throw new ParseBudgetError("parsing passed its budget even with comment lines blanked (tree-sitter-python's scanner is quadratic in runs of comment lines)");
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
