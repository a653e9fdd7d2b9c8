/**
 * How parse outcomes cross from a worker to the main thread: a flat Int32Array (its buffer is
 * transferred, not copied) and a table of strings, written and read with the IR's own schema.
 *
 * JSON would do, but the main thread pays for it: a chunk's facts are about six times the size of
 * its source as JSON text, and JSON.parse on the main thread (competing with the workers for the
 * cores) was its largest cost. Reading the same objects back from integers costs the main thread
 * about a fifth of that, and writing them costs the worker less than JSON.stringify did. Strings are
 * sent once per chunk (names repeat), and lists are read into arrays of their exact length.
 *
 * The reader builds exactly what JSON.parse(JSON.stringify(outcome)) would: the same keys in the same
 * order, optional keys absent when they were absent; locations (src/facts/loc.ts) travel as their
 * four numbers and are made anew in the reading thread's table. Each shape below mirrors an object
 * literal of src/parse/extract.ts; an outcome the writer does not recognise (an unknown node, a field
 * that is undefined) or one nested too deep travels as JSON instead (its locations listed beside
 * it), so nothing is lost or changed; an
 * outcome the reader still cannot read is that file `failed` (an internal error: an error notice),
 * never the whole chunk.
 * __tests__/parse/wire.test.ts checks the round trip byte for byte on the snapshot corpus: a new IR
 * field needs a line on each side here.
 */
import type { Arg, Comment, DefStmt, Expr, FactsWarning, FileFacts, Handler, Loc, Param, Stmt } from '../facts/ir.js';
import { locColumn, locEndColumn, locEndLine, locLine, locsOf, makeLoc, relocate } from '../facts/loc.js';
import { errorText, type ParseOutcome } from './job.js';

export interface Wire {
  ints: Int32Array;
  strs: string[];
}

/** A value the schema below does not cover: the outcome is sent as JSON. */
class Unencodable extends Error {}

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

const PARAM_KINDS: Param['kind'][] = ['posonly', 'pos', 'kw', 'var', 'varkw'];
const COMP_KINDS = ['list', 'set', 'dict', 'gen'] as const;
const FLOW_KINDS = ['pass', 'break', 'continue'] as const;

// ------------------------------------------------------------------------------------- writing

class Writer {
  ints = new Int32Array(1 << 14);
  n = 0;
  private depth = 0;
  readonly strs: string[] = [];
  private readonly ids = new Map<string, number>();

  private room(k: number): void {
    if (this.n + k <= this.ints.length) return;
    const b = new Int32Array(Math.max(this.ints.length * 2, this.n + k));
    b.set(this.ints.subarray(0, this.n));
    this.ints = b;
  }

  int(v: number): void {
    if (this.n === this.ints.length) this.room(1);
    this.ints[this.n++] = v;
  }

  /** Strings are sent once per message and referred to by index. */
  str(v: string): void {
    if (typeof v !== 'string') throw new Unencodable();
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.strs.length;
      this.strs.push(v);
      this.ids.set(v, id);
    }
    this.int(id);
  }

  loc(l: Loc): void {
    this.room(4);
    const a = this.ints;
    const n = this.n;
    a[n] = locLine(l);
    a[n + 1] = locColumn(l);
    a[n + 2] = locEndLine(l);
    a[n + 3] = locEndColumn(l);
    this.n = n + 4;
  }

  index(list: readonly string[], v: string): void {
    const i = list.indexOf(v);
    if (i === -1) throw new Unencodable();
    this.int(i);
  }

  exprs(xs: Expr[]): void {
    this.int(xs.length);
    for (const x of xs) this.expr(x);
  }

  stmts(xs: Stmt[]): void {
    this.int(xs.length);
    for (const x of xs) this.stmt(x);
  }

  params(ps: Param[]): void {
    this.int(ps.length);
    for (const p of ps) {
      this.str(p.name);
      this.index(PARAM_KINDS, p.kind);
      this.int((p.ann ? 1 : 0) | (p.def ? 2 : 0));
      if (p.ann) this.expr(p.ann);
      if (p.def) this.expr(p.def);
      this.loc(p.loc);
    }
  }

  args(as: Arg[]): void {
    this.int(as.length);
    for (const a of as) {
      if (a.name !== undefined) {
        this.int(3);
        this.str(a.name);
      } else this.int(a.star ?? 0);
      this.expr(a.v);
    }
  }

  expr(e: Expr): void {
    if (++this.depth > MAX_NESTING) throw new Unencodable();
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
          } else {
            this.int(1);
            this.expr(p);
          }
        }
        break;
      case 'num':
        if ((e.v | 0) === e.v) {
          this.int(E_INT);
          this.int(e.v);
        } else {
          if (!Number.isFinite(e.v)) throw new Unencodable();
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
          } else this.int(0);
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
        for (const o of e.ops) this.str(o);
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

  stmt(s: Stmt): void {
    if (++this.depth > MAX_NESTING) throw new Unencodable();
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
        if (s.names === '*') this.int(-1);
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
        for (const n of s.names) this.str(n);
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
  private optStr(v: string | undefined): void {
    if (v === undefined) this.int(0);
    else {
      this.int(1);
      this.str(v);
    }
  }

  /** An optional or nullable expression: 0 when absent or null. */
  private optExpr(v: Expr | null | undefined): void {
    if (v) {
      this.int(1);
      this.expr(v);
    } else this.int(0);
  }

  facts(f: FileFacts): void {
    this.str(f.path);
    this.stmts(f.body);
    this.int(f.comments.length);
    for (const c of f.comments) {
      this.int(c.line);
      this.int(c.column);
      this.str(c.text);
    }
    this.int(f.errors.length);
    for (const e of f.errors) this.int(e);
    this.int(f.lineCount);
    this.int(f.bytes);
    // what the extractor left out: -1 when the key is absent (the usual case)
    if (f.warnings === undefined) this.int(-1);
    else {
      this.int(f.warnings.length);
      for (const w of f.warnings) {
        if (!Number.isInteger(w.line)) throw new Unencodable();
        this.int(w.line);
        this.str(w.message);
      }
    }
  }

  outcome(o: ParseOutcome): void {
    const mark = this.n;
    this.depth = 0;
    try {
      if (o.kind === 'facts') {
        if (o.warning === undefined) this.int(O_FACTS);
        else {
          this.int(O_FACTS_WARNING);
          this.str(o.warning);
        }
        this.facts(o.facts);
      } else if (o.kind === 'filtered') {
        this.int(O_FILTERED);
        this.str(o.imports.join('\n'));
      } else if (o.kind === 'skipped') {
        this.int(O_SKIPPED);
        this.str(o.reason);
      } else if (o.kind === 'failed') {
        this.int(O_FAILED);
        this.str(o.error);
      } else throw new Unencodable();
    } catch {
      // a shape the schema does not cover, or nesting too deep: as JSON
      this.n = mark;
      let json: string;
      try {
        json = JSON.stringify([o, locsOf(o)]);
      } catch (e) {
        // too deep even for JSON.stringify: the file fails (an error notice), the scan goes on
        json = JSON.stringify([{ kind: 'failed', error: errorText(e) } satisfies ParseOutcome, []]);
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
export class OutcomeEncoder {
  private readonly w = new Writer();
  private k = 0;

  constructor(private readonly count: number) {
    // the count, where each outcome ends (a reader that fails on one goes on with the next), the outcomes
    for (let k = 0; k <= count; k++) this.w.int(count);
  }

  add(o: ParseOutcome): void {
    if (this.k >= this.count) throw new Error('more outcomes than announced');
    this.w.outcome(o);
    this.w.ints[1 + this.k++] = this.w.n;
  }

  finish(): Wire {
    if (this.k !== this.count) throw new Error(`${this.k} outcomes of ${this.count}`);
    return { ints: this.w.ints.slice(0, this.w.n), strs: this.w.strs };
  }
}

export function encodeOutcomes(outcomes: ParseOutcome[]): Wire {
  const enc = new OutcomeEncoder(outcomes.length);
  for (const o of outcomes) enc.add(o);
  return enc.finish();
}

// ------------------------------------------------------------------------------------- reading

class Reader {
  private p = 0;
  /**
   * Lists are read onto this stack and sliced off it: arrays of their exact length, like JSON.parse
   * makes (an array grown by push keeps room for 16 more elements; the main thread holds every one).
   */
  private readonly tmp: unknown[] = [];
  private top = 0;

  constructor(
    private readonly a: Int32Array,
    private readonly strs: string[],
  ) {}

  /** Reads the outcome that starts at `p`. */
  outcomeAt(p: number): ParseOutcome {
    this.p = p;
    this.top = 0;
    return this.outcome();
  }

  int(): number {
    return this.a[this.p++]!;
  }

  private put(v: unknown): void {
    this.tmp[this.top++] = v;
  }

  /** The values put since `base`, as an array. */
  private list<T>(base: number): T[] {
    const out = this.tmp.slice(base, this.top) as T[];
    this.top = base;
    return out;
  }

  str(): string {
    return this.strs[this.a[this.p++]!]!;
  }

  loc(): Loc {
    const a = this.a;
    const p = this.p;
    this.p = p + 4;
    return makeLoc(a[p]!, a[p + 1]!, a[p + 2]!, a[p + 3]!);
  }

  exprs(): Expr[] {
    const n = this.int();
    const base = this.top;
    for (let k = 0; k < n; k++) this.put(this.expr());
    return this.list(base);
  }

  stmts(): Stmt[] {
    const n = this.int();
    const base = this.top;
    for (let k = 0; k < n; k++) this.put(this.stmt());
    return this.list(base);
  }

  params(): Param[] {
    const n = this.int();
    const base = this.top;
    for (let k = 0; k < n; k++) {
      const name = this.str();
      const kind = PARAM_KINDS[this.int()]!;
      const f = this.int();
      if (f === 0) this.put({ name, kind, loc: this.loc() });
      else if (f === 1) {
        const ann = this.expr();
        this.put({ name, kind, ann, loc: this.loc() });
      } else if (f === 2) {
        const def = this.expr();
        this.put({ name, kind, def, loc: this.loc() });
      } else {
        const ann = this.expr();
        const def = this.expr();
        this.put({ name, kind, ann, def, loc: this.loc() });
      }
    }
    return this.list(base);
  }

  args(): Arg[] {
    const n = this.int();
    const base = this.top;
    for (let k = 0; k < n; k++) {
      const m = this.int();
      if (m === 0) this.put({ v: this.expr() });
      else if (m === 3) {
        const name = this.str();
        this.put({ name, v: this.expr() });
      } else this.put({ star: m as 1 | 2, v: this.expr() });
    }
    return this.list(base);
  }

  optExpr(): Expr | null {
    return this.int() === 1 ? this.expr() : null;
  }

  expr(): Expr {
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
        for (let k = 0; k < n; k++) this.put(this.int() === 0 ? this.str() : this.expr());
        const parts = this.list<string | Expr>(base);
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
        const items = this.list<[Expr | null, Expr]>(base);
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
        for (let k = 0; k < n; k++) this.put(this.str());
        const ops = this.list<string>(base);
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
        const kind = COMP_KINDS[this.int()]!;
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

  stmt(): Stmt {
    switch (this.int()) {
      case S_IMPORT: {
        const n = this.int();
        const base = this.top;
        for (let k = 0; k < n; k++) {
          const mod = this.str();
          this.put(this.int() === 1 ? { mod, as: this.str() } : { mod });
        }
        const names = this.list<{ mod: string; as?: string }>(base);
        return { t: 'import', names, loc: this.loc() };
      }
      case S_FROM: {
        const mod = this.str();
        const level = this.int();
        const n = this.int();
        let names: Array<{ name: string; as?: string }> | '*' = '*';
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
        const d: DefStmt = { t: 'def', name, async: (f & 1) !== 0, params, decorators, body, loc: this.loc(), defLoc };
        if (returns) d.returns = returns;
        if (f & 2) d.gen = true;
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
        const handlers = this.list<Handler>(base);
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
        const items = this.list<{ ctx: Expr; as?: Expr }>(base);
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
        const cases = this.list<{ body: Stmt[]; loc: Loc }>(base);
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
        for (let k = 0; k < n; k++) this.put(this.str());
        const names = this.list<string>(base);
        return { t: 'global', names, loc: this.loc() };
      }
      case S_DEL: {
        const targets = this.exprs();
        return { t: 'del', targets, loc: this.loc() };
      }
      case S_FLOW: {
        const kind = FLOW_KINDS[this.int()]!;
        return { t: 'flow', kind, loc: this.loc() };
      }
      default:
        throw new Error(`wire: bad statement tag at ${this.p - 1}`);
    }
  }

  facts(): FileFacts {
    const path = this.str();
    const body = this.stmts();
    const nc = this.int();
    let base = this.top;
    for (let k = 0; k < nc; k++) {
      const line = this.int();
      const column = this.int();
      this.put({ line, column, text: this.str() });
    }
    const comments = this.list<Comment>(base);
    const ne = this.int();
    base = this.top;
    for (let k = 0; k < ne; k++) this.put(this.int());
    const errors = this.list<number>(base);
    const lineCount = this.int();
    const bytes = this.int();
    const facts: FileFacts = { path, body, comments, errors, lineCount, bytes };
    const nw = this.int();
    if (nw >= 0) {
      base = this.top;
      for (let k = 0; k < nw; k++) {
        const line = this.int();
        this.put({ line, message: this.str() });
      }
      facts.warnings = this.list<FactsWarning>(base);
    }
    return facts;
  }

  private outcome(): ParseOutcome {
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
        const [o, locs] = JSON.parse(this.str()) as [ParseOutcome, number[]];
        return relocate(o, locs);
      }
      default:
        throw new Error(`wire: bad outcome tag at ${this.p - 1}`);
    }
  }
}

export function decodeOutcomes(w: Wire): ParseOutcome[] {
  const n = w.ints[0]!;
  const out: ParseOutcome[] = [];
  const r = new Reader(w.ints, w.strs);
  let start = 1 + n;
  for (let k = 0; k < n; k++) {
    const end = w.ints[1 + k]!;
    try {
      out.push(r.outcomeAt(start));
    } catch (e) {
      // e.g. nesting too deep for this thread's stack: that file fails (an error notice), not the chunk
      out.push({ kind: 'failed', error: errorText(e) });
    }
    start = end;
  }
  return out;
}
