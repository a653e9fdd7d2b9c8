/**
 * tree-sitter tree (as a LightTree copy) → FileFacts IR (src/facts/ir.ts), in one recursive pass.
 * Children are decoded by position and type (the copy has no field names): `after(n, K.tok_as)` is
 * the alias, the block of a compound statement is its `block` child, and so on.
 *
 * The walk reads the copy's arrays by node index: no view object or child list is made to look at
 * a node, types are compared as small integers (every type id with the same name maps to the same
 * kind, so a kind compares exactly like the type name), and line/column lookups start from the row
 * of the previous one (nodes are visited nearly in source order). Comments and line continuations
 * are not children as far as the extractor is concerned. What it builds is the IR and nothing else;
 * __tests__/parse/facts-snapshot.test.ts pins that IR byte for byte. Every object shape built here
 * has a mirror in src/parse/wire.ts (how facts leave a worker), checked by __tests__/parse/wire.test.ts.
 *
 * Nesting is bounded: past MAX_DEPTH an expression becomes `unk` ("too deep") and a block is left
 * out, so a file with 10 000 nested brackets cannot overflow the stack here or in any later walk of
 * the IR. An `elif` chain nests too (each `elif` is the `orelse` of the one before), so its branches
 * spend the same budget. Whatever a bound leaves out is reported in `FileFacts.warnings` (the first
 * line and how many places, per kind), which the scan turns into warnings naming the file and line.
 * Unknown or erroneous syntax becomes `unk` and the walk goes on: a file with syntax errors still
 * yields facts for what parsed.
 */
import type { Arg, Comment, DefStmt, Expr, FactsWarning, FileFacts, Handler, Loc, Param, Stmt } from '../facts/ir.js';
import { makeLoc } from '../facts/loc.js';
import type { LightTree, TypeTable } from './tree.js';

/**
 * Levels of nesting (blocks, brackets, `elif` branches) the IR keeps. CPython itself stops at 100
 * levels of indentation and 200 of brackets; an `elif` chain has no such limit, but a 5 000-branch
 * chain must not make every later walk 5 000 deep (before they shared this budget, 60 nested chains
 * of 100 crashed the rules stage with a stack overflow).
 */
export const MAX_DEPTH = 200;

/** The node types (and tokens) the extractor tells apart; every other type is kind 0. */
enum K {
  identifier = 1,
  attribute,
  call,
  string,
  concatenated_string,
  string_start,
  string_content,
  escape_sequence,
  interpolation,
  integer,
  float,
  true,
  false,
  none,
  ellipsis,
  list,
  set,
  tuple,
  expression_list,
  pattern_list,
  tuple_pattern,
  list_pattern,
  dictionary,
  pair,
  subscript,
  generic_type,
  type_parameter,
  union_type,
  type,
  parenthesized_expression,
  parenthesized_list_splat,
  binary_operator,
  boolean_operator,
  unary_operator,
  not_operator,
  comparison_operator,
  conditional_expression,
  lambda,
  lambda_parameters,
  list_splat,
  list_splat_pattern,
  dictionary_splat,
  dictionary_splat_pattern,
  await,
  yield,
  list_comprehension,
  set_comprehension,
  generator_expression,
  dictionary_comprehension,
  for_in_clause,
  named_expression,
  keyword_argument,
  as_pattern,
  as_pattern_target,
  expression_statement,
  assignment,
  augmented_assignment,
  import_statement,
  dotted_name,
  aliased_import,
  import_from_statement,
  relative_import,
  import_prefix,
  wildcard_import,
  future_import_statement,
  function_definition,
  class_definition,
  decorated_definition,
  decorator,
  if_statement,
  elif_clause,
  else_clause,
  block,
  for_statement,
  while_statement,
  try_statement,
  except_clause,
  except_group_clause,
  finally_clause,
  with_statement,
  with_clause,
  match_statement,
  case_clause,
  return_statement,
  raise_statement,
  assert_statement,
  type_alias_statement,
  global_statement,
  nonlocal_statement,
  delete_statement,
  pass_statement,
  break_statement,
  continue_statement,
  ERROR,
  parameters,
  argument_list,
  typed_parameter,
  default_parameter,
  typed_default_parameter,
  keyword_separator,
  positional_separator,
  comment,
  line_continuation,
  // anonymous tokens
  tok_as,
  tok_for,
  tok_in,
  tok_eq,
  tok_arrow,
  tok_colon,
  tok_async,
}

const TOKENS: Record<string, K> = { as: K.tok_as, for: K.tok_for, in: K.tok_in, '=': K.tok_eq, '->': K.tok_arrow, ':': K.tok_colon, async: K.tok_async };

/** Flags of a type id. */
const NAMED = 1;
/** comment, line_continuation: not children for the extractor. */
const SKIP = 2;
/** `*_statement` / `*_clause`: statements the extractor leaves out when it does not decode them. */
const STMT_OR_CLAUSE = 4;

interface Kinds {
  kind: Uint8Array;
  flags: Uint8Array;
}

const kindTables = new WeakMap<TypeTable, Kinds>();

function kinds(types: TypeTable): Kinds {
  let k = kindTables.get(types);
  if (!k) {
    // Tables over every id keep reads in bounds (ERROR nodes have the id 0xffff).
    k = { kind: new Uint8Array(0x10000), flags: new Uint8Array(0x10000) };
    for (let id = 0; id < types.names.length; id++) {
      const name = types.names[id]!;
      // a kind stands for a name: anonymous `lambda` and the named `lambda` node compare alike, as names do
      const byName = Object.hasOwn(TOKENS, name) ? TOKENS[name]! : (K as unknown as Record<string, K | string | undefined>)[name];
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

interface FnCtx {
  gen: boolean;
}

/** `errorLines`: lines of ERROR/MISSING nodes, found by the caller on the real tree when it has errors. */
export function extractFacts(tree: LightTree, path: string, source: string, bytes: number, errorLines: number[] = []): FileFacts {
  const x = new Extractor(tree);
  const body = x.block(0, 0);
  const comments: Comment[] = source.includes('fastapi-audit') ? x.comments() : [];
  const facts: FileFacts = { path, body, comments, errors: errorLines, lineCount: x.row(source.length, 0) + 1, bytes };
  const warnings = x.warnings();
  if (warnings.length) facts.warnings = warnings;
  return facts;
}

/** What a bound left out: where first, and how many times. */
interface Cut {
  line: number;
  count: number;
  /** elif: the `if` line of the first chain cut, and the branches it lost. */
  ifLine?: number;
  lost?: number;
}

/** Decodes a Python string literal body (the part between quotes). */
function unescape(raw: string, isRaw: boolean): string {
  if (isRaw || !raw.includes('\\')) return raw;
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\n|.)/g, (_m, e: string) => {
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
  private fn: FnCtx | null = null;
  private readonly src: string;
  private readonly ty: Uint16Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly first: Int32Array;
  private readonly next: Int32Array;
  private readonly kind: Uint8Array;
  private readonly flags: Uint8Array;
  private readonly names: string[];
  private readonly n: number;
  /** Offsets where lines start. */
  private readonly lines: number[] = [0];
  /** Row of the last node start looked up. */
  private hint = 0;
  /** Code a bound left out (MAX_DEPTH), by kind. */
  private nestingCut: Cut | undefined;
  private elifCut: Cut | undefined;

  constructor(t: LightTree) {
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
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.lines.push(i + 1);
  }

  // ---------------------------------------------------------------- tree access

  private k(n: number): K {
    return this.kind[this.ty[n]!]!;
  }

  private isNamed(n: number): boolean {
    return (this.flags[this.ty[n]!]! & NAMED) !== 0;
  }

  private text(n: number): string {
    return this.src.slice(this.start[n]!, this.end[n]!);
  }

  private typeName(n: number): string {
    return this.names[this.ty[n]!]!;
  }

  /** `c` or the first sibling after it that is not a comment or line continuation. */
  private kidFrom(c: number): number {
    while (c !== -1 && (this.flags[this.ty[c]!]! & SKIP) !== 0) c = this.next[c]!;
    return c;
  }

  /** `c` or the first named sibling after it (comments and line continuations left out). */
  private namedFrom(c: number): number {
    while (c !== -1 && (this.flags[this.ty[c]!]! & (NAMED | SKIP)) !== NAMED) c = this.next[c]!;
    return c;
  }

  private firstKid(n: number): number {
    return this.kidFrom(this.first[n]!);
  }

  private nextKid(c: number): number {
    return this.kidFrom(this.next[c]!);
  }

  private firstNamed(n: number): number {
    return this.namedFrom(this.first[n]!);
  }

  private nextNamed(c: number): number {
    return this.namedFrom(this.next[c]!);
  }

  /** The i-th child (anonymous tokens included), or -1. */
  private kidAt(n: number, i: number): number {
    let c = this.firstKid(n);
    while (i-- > 0 && c !== -1) c = this.nextKid(c);
    return c;
  }

  private lastNamed(n: number): number {
    let last = -1;
    for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) last = c;
    return last;
  }

  /** The first child of a kind (any child). */
  private child(n: number, kind: K): number {
    for (let c = this.first[n]!; c !== -1; c = this.next[c]!) if (this.k(c) === kind) return c;
    return -1;
  }

  /** Whether an anonymous child of this kind exists, e.g. `async`. */
  private hasToken(n: number, kind: K): boolean {
    for (let c = this.first[n]!; c !== -1; c = this.next[c]!) if (this.k(c) === kind && !this.isNamed(c)) return true;
    return false;
  }

  /** The named child after the anonymous token `tok` (e.g. the alias after `as`). */
  private after(n: number, tok: K): number {
    let seen = false;
    for (let c = this.firstKid(n); c !== -1; c = this.nextKid(c)) {
      const named = this.isNamed(c);
      if (seen && named) return c;
      if (!named && this.k(c) === tok) seen = true;
    }
    return -1;
  }

  /** The first descendant of a kind in document order (the node itself left out). */
  private firstDescendant(n: number, kind: K): number {
    const stack: number[] = [];
    for (let c = this.first[n]!; ;) {
      if (c === -1) {
        if (stack.length === 0) return -1;
        c = stack.pop()!;
        continue;
      }
      if (this.k(c) === kind) return c;
      if (this.next[c] !== -1) stack.push(this.next[c]!);
      c = this.first[c]!;
    }
  }

  /** Comments that matter to the tool. Node indices are in document order (the copy is made in preorder). */
  comments(): Comment[] {
    const out: Comment[] = [];
    for (let i = 1; i < this.n; i++) {
      if (this.k(i) !== K.comment) continue;
      const text = this.text(i);
      if (!text.includes('fastapi-audit')) continue;
      const r = this.row(this.start[i]!, this.hint);
      out.push({ line: r + 1, column: this.start[i]! - this.lines[r]! + 1, text });
    }
    return out;
  }

  // ---------------------------------------------------------------- positions

  /** 0-based row of an offset, searched from row `hint` (forward a line or two, else by bisection). */
  row(offset: number, hint: number): number {
    const ls = this.lines;
    const last = ls.length - 1;
    let lo: number;
    let hi: number;
    if (ls[hint]! <= offset) {
      if (hint === last || offset < ls[hint + 1]!) return hint;
      if (hint + 1 === last || offset < ls[hint + 2]!) return hint + 1;
      lo = hint + 2;
      hi = last;
    } else {
      lo = 0;
      hi = hint - 1;
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private loc(n: number): Loc {
    const s = this.start[n]!;
    const e = this.end[n]!;
    const sr = (this.hint = this.row(s, this.hint));
    const er = this.row(e, sr);
    return makeLoc(sr + 1, s - this.lines[sr]! + 1, er + 1, e - this.lines[er]! + 1);
  }

  /** From the start of `n` to the end of `name` (the `def`/`class` line through the name). */
  private defLoc(n: number, name: number): Loc {
    const s = this.start[n]!;
    const sr = (this.hint = this.row(s, this.hint));
    if (name === -1) return makeLoc(sr + 1, s - this.lines[sr]! + 1, sr + 1, s - this.lines[sr]! + 1);
    const e = this.end[name]!;
    const er = this.row(e, sr);
    return makeLoc(sr + 1, s - this.lines[sr]! + 1, er + 1, e - this.lines[er]! + 1);
  }

  // ---------------------------------------------------------------- bounds

  /** The 1-based line where node `n` starts. */
  private lineOf(n: number): number {
    return (this.hint = this.row(this.start[n]!, this.hint)) + 1;
  }

  /** Code at node `n` is left out: nested deeper than MAX_DEPTH. */
  private cutNesting(n: number): void {
    if (this.nestingCut) this.nestingCut.count++;
    else this.nestingCut = { line: this.lineOf(n), count: 1 };
  }

  /** The warnings for FileFacts: one per kind of cut, at its first place, in line order. */
  warnings(): FactsWarning[] {
    const out: FactsWarning[] = [];
    const more = (c: Cut, what: string) => (c.count > 1 ? `; ${c.count} ${what} in this file` : '');
    const e = this.elifCut;
    if (e) {
      out.push({
        line: e.line,
        message: `if/elif chain cut at line ${e.line}: the last ${e.lost} elif branch${e.lost === 1 ? '' : 'es'} of the if at line ${e.ifLine} ${e.lost === 1 ? 'is' : 'are'} not scanned (each elif nests in the one before, and nesting stops at ${MAX_DEPTH} levels)${more(e, 'chains cut')}`,
      });
    }
    const d = this.nestingCut;
    if (d) out.push({ line: d.line, message: `code nested more than ${MAX_DEPTH} levels deep is not scanned, first at line ${d.line}${more(d, 'places')}` });
    return out.sort((a, b) => a.line - b.line);
  }

  // ---------------------------------------------------------------- statements

  block(n: number, depth: number): Stmt[] {
    const out: Stmt[] = [];
    if (depth > MAX_DEPTH) {
      const first = this.firstNamed(n);
      if (first !== -1) this.cutNesting(first);
      return out;
    }
    for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) this.stmt(c, depth, out);
    return out;
  }

  private body(n: number, depth: number): Stmt[] {
    return n !== -1 ? this.block(n, depth + 1) : [];
  }

  /** The block of `n`'s first child of kind `clause` (an `else:`), or []. */
  private clauseBody(n: number, clause: K, depth: number): Stmt[] {
    const c = this.child(n, clause);
    return this.body(c === -1 ? -1 : this.child(c, K.block), depth);
  }

  /** Every named child as an expression. */
  private exprs(n: number, depth: number): Expr[] {
    const out: Expr[] = [];
    for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) out.push(this.expr(c, depth));
    return out;
  }

  private stmt(n: number, depth: number, out: Stmt[]): void {
    const L = this.loc(n);
    switch (this.k(n)) {
      case K.expression_statement: {
        const k0 = this.firstNamed(n);
        if (k0 !== -1 && this.nextNamed(k0) === -1) {
          const kk = this.k(k0);
          if (kk === K.assignment) return void out.push(this.assignment(k0, depth));
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
        const names: Array<{ mod: string; as?: string }> = [];
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
          const kc = this.k(c);
          if (kc === K.dotted_name) names.push({ mod: this.text(c) });
          else if (kc === K.aliased_import) names.push(this.aliased(c));
        }
        return void out.push({ t: 'import', names, loc: L });
      }
      case K.import_from_statement: {
        const modNode = this.firstNamed(n);
        let mod = '';
        let level = 0;
        let names: Array<{ name: string; as?: string }> | '*' = [];
        if (modNode !== -1) {
          if (this.k(modNode) === K.relative_import) {
            for (let c = this.firstKid(modNode); c !== -1; c = this.nextKid(c)) {
              const kc = this.k(c);
              if (kc === K.import_prefix) level = this.end[c]! - this.start[c]!;
              else if (kc === K.dotted_name) mod = this.text(c);
            }
          } else mod = this.text(modNode);
          for (let c = this.nextNamed(modNode); c !== -1; c = this.nextNamed(c)) {
            const kc = this.k(c);
            if (kc === K.wildcard_import) names = '*';
            else if (names !== '*') {
              if (kc === K.dotted_name) names.push({ name: this.text(c) });
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
        const names: Array<{ name: string }> = [];
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) names.push({ name: this.k(c) === K.aliased_import ? this.aliased(c).mod : this.text(c) });
        return void out.push({ t: 'from', mod: '__future__', level: 0, names, loc: L });
      }
      case K.function_definition:
        return void out.push(this.def(n, [], depth, L));
      case K.class_definition:
        return void out.push(this.cls(n, [], depth, L));
      case K.decorated_definition: {
        const decos: Expr[] = [];
        let def = -1;
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
          const kc = this.k(c);
          if (kc === K.decorator) decos.push(this.expr(this.firstNamed(c), depth));
          else if (kc === K.function_definition || kc === K.class_definition) def = c;
        }
        if (def === -1) return;
        if (this.k(def) === K.function_definition) return void out.push(this.def(def, decos, depth, L));
        return void out.push(this.cls(def, decos, depth, L));
      }
      case K.if_statement: {
        // if cond: block (elif_clause)* (else_clause)? — elif chains become nested ifs in orelse
        const clauses: Array<{ test: Expr; body: Stmt[]; loc: Loc }> = [{ test: this.expr(this.firstNamed(n), depth), body: this.body(this.child(n, K.block), depth), loc: L }];
        let orelse: Stmt[] = [];
        let lost = 0;
        let firstLost = -1;
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
          const kc = this.k(c);
          if (kc === K.elif_clause) {
            // elif chains nest (the i-th `elif` is an `if` i levels down, in the orelse of the one
            // before): they spend the depth budget, and what does not fit (with its body) is left out
            const d = depth + clauses.length;
            if (d >= MAX_DEPTH) {
              if (lost++ === 0) firstLost = c;
              continue;
            }
            clauses.push({ test: this.expr(this.firstNamed(c), d), body: this.body(this.child(c, K.block), d), loc: this.loc(c) });
          } else if (kc === K.else_clause) orelse = this.body(this.child(c, K.block), depth + clauses.length - 1);
        }
        if (lost) {
          if (this.elifCut) this.elifCut.count++;
          else this.elifCut = { line: this.lineOf(firstLost), count: 1, ifLine: this.lineOf(n), lost };
        }
        for (let i = clauses.length - 1; i >= 0; i--) {
          const c = clauses[i]!;
          orelse = [{ t: 'if', test: c.test, body: c.body, orelse, loc: c.loc }];
        }
        out.push(orelse[0]!);
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
        const handlers: Handler[] = [];
        let orelse: Stmt[] = [];
        let final: Stmt[] = [];
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
          const kc = this.k(c);
          if (kc === K.except_clause || kc === K.except_group_clause) handlers.push(this.handler(c, depth));
          else if (kc === K.else_clause) orelse = this.body(this.child(c, K.block), depth);
          else if (kc === K.finally_clause) final = this.body(this.child(c, K.block), depth);
        }
        return void out.push({ t: 'try', body: this.body(this.child(n, K.block), depth), handlers, orelse, final, loc: L });
      }
      case K.with_statement: {
        const items: Array<{ ctx: Expr; as?: Expr }> = [];
        const clause = this.child(n, K.with_clause);
        if (clause !== -1) {
          for (let it = this.firstNamed(clause); it !== -1; it = this.nextNamed(it)) {
            const v = this.firstNamed(it);
            if (v !== -1 && this.k(v) === K.as_pattern) {
              const k0 = this.firstNamed(v);
              const target = this.lastNamed(v);
              const item: { ctx: Expr; as?: Expr } = { ctx: this.expr(k0, depth) };
              if (target !== -1 && target !== k0) {
                const inner = this.k(target) === K.as_pattern_target ? this.firstNamed(target) : -1;
                item.as = this.expr(inner !== -1 ? inner : target, depth);
              }
              items.push(item);
            } else items.push({ ctx: this.expr(v, depth) });
          }
        }
        return void out.push({ t: 'with', items, body: this.body(this.child(n, K.block), depth), loc: L });
      }
      case K.match_statement: {
        const cases: Array<{ body: Stmt[]; loc: Loc }> = [];
        const blk = this.child(n, K.block);
        if (blk !== -1) {
          for (let c = this.firstNamed(blk); c !== -1; c = this.nextNamed(c)) {
            if (this.k(c) === K.case_clause) cases.push({ body: this.body(this.child(c, K.block), depth), loc: this.loc(c) });
          }
        }
        return void out.push({ t: 'match', subject: this.expr(this.firstNamed(n), depth), cases, loc: L });
      }
      case K.return_statement: {
        const k0 = this.firstNamed(n);
        let v: Expr | null = null;
        if (k0 !== -1) v = this.nextNamed(k0) === -1 ? this.expr(k0, depth) : { t: 'tuple', items: this.exprs(n, depth), loc: L };
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
        const names: string[] = [];
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) names.push(this.text(c));
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
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) this.stmt(c, depth + 1, out);
        return;
      case K.ERROR:
        // Recover what we can: statements inside an ERROR node are still statements.
        if (depth < MAX_DEPTH) for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) this.stmt(c, depth + 1, out);
        else if (this.firstNamed(n) !== -1) this.cutNesting(n);
        return;
      default:
        // Stray expressions (e.g. inside ERROR recovery) are kept as expression statements.
        if ((this.flags[this.ty[n]!]! & STMT_OR_CLAUSE) !== 0) return;
        out.push({ t: 'expr', v: this.expr(n, depth), loc: L });
    }
  }

  /** except [VALUE (, VALUE)* | VALUE as ALIAS] : block */
  private handler(c: number, depth: number): Handler {
    let alias = this.after(c, K.tok_as);
    // the named children before `as`, but the block
    const values: number[] = [];
    for (let k = this.firstKid(c); k !== -1; k = this.nextKid(k)) {
      const named = this.isNamed(k);
      if (!named && this.k(k) === K.tok_as) break;
      if (named && this.k(k) !== K.block) values.push(k);
    }
    let type: Expr | null = null;
    if (values.length > 1) type = { t: 'tuple', items: values.map((k) => this.expr(k, depth)), loc: this.loc(c) };
    else if (values.length === 1) type = this.expr(this.k(values[0]!) === K.as_pattern ? this.firstNamed(values[0]!) : values[0]!, depth);
    // `except E as e` parses as an as_pattern holding the alias
    if (alias === -1 && values.length === 1 && this.k(values[0]!) === K.as_pattern) alias = this.after(values[0]!, K.tok_as);
    const h: Handler = { type, body: this.body(this.child(c, K.block), depth), loc: this.loc(c) };
    if (alias !== -1) h.name = this.text(alias);
    return h;
  }

  private assignment(n: number, depth: number): Stmt {
    const targets: Expr[] = [];
    let cur = n;
    let ann: Expr | undefined;
    let v: Expr | null = null;
    // a = b = c parses as assignment(left=a, right=assignment(left=b, right=c)); x: T = v has a `type` child
    while (cur !== -1 && this.k(cur) === K.assignment) {
      targets.push(this.expr(this.firstNamed(cur), depth));
      const type = this.child(cur, K.type);
      if (type !== -1 && !ann) ann = this.expr(type, depth);
      const right = this.after(cur, K.tok_eq);
      if (right !== -1 && this.k(right) === K.assignment) cur = right;
      else {
        v = right !== -1 ? this.expr(right, depth) : null;
        cur = -1;
      }
    }
    const s: Stmt = { t: 'assign', targets, v, loc: this.loc(n) };
    if (ann) s.ann = ann;
    return s;
  }

  private def(n: number, decorators: Expr[], depth: number, L: Loc): DefStmt {
    const saved = this.fn;
    const ctx: FnCtx = { gen: false };
    const params = this.params(this.child(n, K.parameters), depth);
    const returns = this.after(n, K.tok_arrow);
    this.fn = ctx;
    const body = this.body(this.child(n, K.block), depth);
    this.fn = saved;
    const nameNode = this.child(n, K.identifier);
    const d: DefStmt = {
      t: 'def',
      name: nameNode !== -1 ? this.text(nameNode) : '',
      async: this.hasToken(n, K.tok_async),
      params,
      decorators,
      body,
      loc: L,
      defLoc: this.defLoc(n, nameNode),
    };
    if (returns !== -1) d.returns = this.expr(returns, depth);
    if (ctx.gen) d.gen = true;
    return d;
  }

  private cls(n: number, decorators: Expr[], depth: number, L: Loc): Stmt {
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
  private firstNamedText(n: number): string {
    const c = this.firstNamed(n);
    return c !== -1 ? this.text(c) : '';
  }

  private params(n: number, depth: number): Param[] {
    const out: Param[] = [];
    if (n === -1) return out;
    let kind: Param['kind'] = 'pos';
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
          } else if (ki === K.dictionary_splat_pattern) out.push({ name: this.firstNamedText(inner), kind: 'varkw', ann, loc: L });
          else out.push({ name: inner !== -1 ? this.text(inner) : '', kind, ann, loc: L });
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
          for (const p of out) if (p.kind === 'pos') p.kind = 'posonly';
          break;
        default:
          break;
      }
    }
    return out;
  }

  private args(n: number, depth: number): Arg[] {
    const out: Arg[] = [];
    for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
      const kc = this.k(c);
      if (kc === K.keyword_argument) out.push({ name: this.firstNamedText(c), v: this.expr(this.after(c, K.tok_eq), depth) });
      else if (kc === K.list_splat) out.push({ star: 1, v: this.expr(this.firstNamed(c), depth) });
      else if (kc === K.dictionary_splat) out.push({ star: 2, v: this.expr(this.firstNamed(c), depth) });
      else out.push({ v: this.expr(c, depth) });
    }
    return out;
  }

  /** `a.b as c` → {mod: 'a.b', as: 'c'} (the dotted name and the alias identifier). */
  private aliased(c: number): { mod: string; as?: string } {
    let name = -1;
    for (let k = this.firstNamed(c); k !== -1; k = this.nextNamed(k)) {
      if (this.k(k) === K.dotted_name) {
        name = k;
        break;
      }
    }
    if (name === -1) name = this.firstNamed(c);
    const mod = name !== -1 ? this.text(name) : '';
    const a = this.after(c, K.tok_as);
    const alias = a !== -1 ? this.text(a) : '';
    return alias ? { mod, as: alias } : { mod };
  }

  // ---------------------------------------------------------------- expressions

  expr(n: number, depth: number): Expr {
    if (n === -1) return { t: 'unk', what: 'missing', loc: makeLoc(0, 0, 0, 0) };
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
        let args: Arg[] = [];
        if (argsNode !== -1 && argsNode !== k0) {
          if (this.k(argsNode) === K.generator_expression) args = [{ v: this.expr(argsNode, d) }];
          else args = this.args(argsNode, d);
        }
        return { t: 'call', fn: this.expr(k0, d), args, loc: L };
      }
      case K.string:
        return this.string(n, d, L);
      case K.concatenated_string: {
        const parts: Array<string | Expr> = [];
        let allStr = true;
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
          const s = this.string(c, d, this.loc(c));
          if (s.t === 'str') parts.push(s.v);
          else if (s.t === 'fstr') {
            allStr = false;
            parts.push(...s.parts);
          } else return s;
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
        const items: Array<[Expr | null, Expr]> = [];
        for (let c = this.firstNamed(n); c !== -1; c = this.nextNamed(c)) {
          const kc = this.k(c);
          if (kc === K.pair) {
            const k0 = this.firstNamed(c);
            items.push([this.expr(k0, d), this.expr(k0 === -1 ? -1 : this.nextNamed(k0), d)]);
          } else if (kc === K.dictionary_splat) items.push([null, this.expr(this.firstNamed(c), d)]);
        }
        return { t: 'dict', items, loc: L };
      }
      case K.subscript: {
        const k0 = this.firstNamed(n);
        const s0 = k0 === -1 ? -1 : this.nextNamed(k0);
        let index: Expr;
        if (s0 !== -1 && this.nextNamed(s0) === -1) index = this.expr(s0, d);
        else {
          const items: Expr[] = [];
          for (let c = s0; c !== -1; c = this.nextNamed(c)) items.push(this.expr(c, d));
          index = { t: 'tuple', items, loc: L };
        }
        return { t: 'sub', obj: this.expr(k0, d), index, loc: L };
      }
      case K.generic_type: {
        // PEP 695 / type contexts: list[int] parsed as generic_type(identifier, type_parameter)
        const k0 = this.firstNamed(n);
        const tp = k0 === -1 ? -1 : this.nextNamed(k0);
        const items = tp !== -1 ? this.exprs(tp, d) : [];
        return { t: 'sub', obj: this.expr(k0, d), index: items.length === 1 ? items[0]! : { t: 'tuple', items, loc: L }, loc: L };
      }
      case K.union_type: {
        const k0 = this.firstNamed(n);
        return { t: 'bin', op: '|', l: this.expr(k0, d), r: this.expr(k0 === -1 ? -1 : this.nextNamed(k0), d), loc: L };
      }
      case K.type:
      case K.parenthesized_expression:
      case K.parenthesized_list_splat: {
        const k0 = this.firstNamed(n);
        if (k0 !== -1 && this.nextNamed(k0) === -1) return this.expr(k0, d);
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
        const values: Expr[] = [];
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
        const operands: Expr[] = [];
        const ops: string[] = [];
        let pendingNot = false;
        for (let c = this.firstKid(n); c !== -1; c = this.nextKid(c)) {
          if (this.isNamed(c)) operands.push(this.expr(c, d));
          else {
            const t = this.typeName(c);
            if (t === 'is not' || t === 'not in') ops.push(t);
            else if (t === 'not') pendingNot = true;
            else if (t === 'in') {
              ops.push(pendingNot ? 'not in' : 'in');
              pendingNot = false;
            } else if (t === 'is') ops.push('is');
            else if (CMP_OPS.has(t)) ops.push(t);
          }
        }
        if (ops.length > operands.length - 1) ops.length = Math.max(0, operands.length - 1);
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
        if (this.fn) this.fn.gen = true;
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
  private flatten(m: number, op: string, dd: number, values: Expr[]): void {
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

  private string(n: number, d: number, L: Loc): Expr {
    if (this.k(n) !== K.string) return this.expr(n, d);
    // the prefix: string_start's text without its quotes
    let prefix = '';
    for (let c = this.firstKid(n); c !== -1; c = this.nextKid(c)) {
      if (this.k(c) !== K.string_start) continue;
      const s = this.start[c]!;
      let e = this.end[c]!;
      while (e > s && (this.src.charCodeAt(e - 1) === 0x22 || this.src.charCodeAt(e - 1) === 0x27)) e--;
      if (e > s) prefix = this.src.slice(s, e).toLowerCase();
      break;
    }
    const isRaw = prefix.includes('r');
    if (prefix.includes('t')) return { t: 'unk', what: 't-string', loc: L };
    const isF = prefix.includes('f');
    const parts: Array<string | Expr> = [];
    let cur = '';
    let hasInterp = false;
    for (let c = this.firstKid(n); c !== -1; c = this.nextKid(c)) {
      switch (this.k(c)) {
        case K.string_content: {
          const s = unescape(this.text(c), isRaw);
          cur += isF ? s.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : s;
          break;
        }
        case K.escape_sequence:
          cur += unescape(this.text(c), false);
          break;
        case K.interpolation: {
          hasInterp = true;
          if (cur) parts.push(cur);
          cur = '';
          parts.push(this.expr(this.firstNamed(c), d));
          break;
        }
        default:
          break;
      }
    }
    if (!hasInterp) return { t: 'str', v: cur, loc: L };
    if (cur) parts.push(cur);
    return { t: 'fstr', parts, loc: L };
  }
}
