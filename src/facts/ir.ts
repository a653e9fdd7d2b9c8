/**
 * FileFacts: the compact, serializable IR a worker builds from one tree-sitter tree.
 *
 * It is a plain-data mirror of the Python statements and expressions the model needs: enough to
 * evaluate module code abstractly (imports, assignments, defs, classes, calls, control flow) and
 * for rules to inspect function bodies (raises, returns, comparisons, calls). Trees never leave
 * the worker; this does.
 *
 * Locations (`Loc`) are indices into the location table of src/facts/loc.ts: read them with
 * `locLine`, `locParts`, ….
 */
import type { Loc } from './loc.js';

export type { Loc } from './loc.js';

export interface Arg {
  /** Keyword name, when passed as `name=value`. */
  name?: string;
  /** 1 for `*value`, 2 for `**value`. */
  star?: 1 | 2;
  v: Expr;
}

export interface Param {
  name: string;
  /** posonly: before `/`; pos: normal; kw: keyword-only (after `*`); var: `*args`; varkw: `**kwargs`. */
  kind: 'posonly' | 'pos' | 'kw' | 'var' | 'varkw';
  ann?: Expr;
  def?: Expr;
  loc: Loc;
}

export type Expr =
  | { t: 'name'; id: string; loc: Loc }
  | { t: 'attr'; obj: Expr; attr: string; loc: Loc }
  | { t: 'call'; fn: Expr; args: Arg[]; loc: Loc }
  | { t: 'str'; v: string; loc: Loc }
  | { t: 'fstr'; parts: Array<string | Expr>; loc: Loc }
  | { t: 'num'; v: number; loc: Loc }
  | { t: 'const'; v: boolean | null; loc: Loc }
  | { t: 'ellipsis'; loc: Loc }
  | { t: 'list' | 'tuple' | 'set'; items: Expr[]; loc: Loc }
  | { t: 'dict'; items: Array<[Expr | null, Expr]>; loc: Loc }
  | { t: 'sub'; obj: Expr; index: Expr; loc: Loc }
  | { t: 'bin'; op: string; l: Expr; r: Expr; loc: Loc }
  | { t: 'unary'; op: string; v: Expr; loc: Loc }
  | { t: 'cmp'; ops: string[]; operands: Expr[]; loc: Loc }
  | { t: 'boolop'; op: 'and' | 'or'; values: Expr[]; loc: Loc }
  | { t: 'ifexp'; test: Expr; body: Expr; orelse: Expr; loc: Loc }
  | { t: 'lambda'; params: Param[]; body: Expr; loc: Loc }
  | { t: 'starred'; v: Expr; double?: boolean; loc: Loc }
  | { t: 'await'; v: Expr; loc: Loc }
  | { t: 'comp'; kind: 'list' | 'set' | 'dict' | 'gen'; elt: Expr; target: Expr; iter: Expr; loc: Loc }
  | { t: 'walrus'; target: string; v: Expr; loc: Loc }
  | { t: 'unk'; what: string; loc: Loc };

export interface DefStmt {
  t: 'def';
  name: string;
  async: boolean;
  params: Param[];
  decorators: Expr[];
  returns?: Expr;
  body: Stmt[];
  /** From the first decorator (or `def`) to the end of the body. */
  loc: Loc;
  /** The `def` keyword line through the name. */
  defLoc: Loc;
  /** True when the body contains `yield` (a generator dependency). */
  gen?: boolean;
}

export interface ClassStmt {
  t: 'class';
  name: string;
  bases: Arg[];
  decorators: Expr[];
  body: Stmt[];
  loc: Loc;
  defLoc: Loc;
}

export interface Handler {
  type: Expr | null;
  name?: string;
  body: Stmt[];
  loc: Loc;
}

export type Stmt =
  | { t: 'import'; names: Array<{ mod: string; as?: string }>; loc: Loc }
  | { t: 'from'; mod: string; level: number; names: Array<{ name: string; as?: string }> | '*'; loc: Loc }
  /** `a = b = v` → targets [a, b]; `x: T = v` → ann; `x: T` alone → v null. */
  | { t: 'assign'; targets: Expr[]; v: Expr | null; ann?: Expr; loc: Loc }
  | { t: 'aug'; target: Expr; op: string; v: Expr; loc: Loc }
  | { t: 'expr'; v: Expr; loc: Loc }
  | DefStmt
  | ClassStmt
  | { t: 'if'; test: Expr; body: Stmt[]; orelse: Stmt[]; loc: Loc }
  | { t: 'for'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; loc: Loc }
  | { t: 'while'; test: Expr; body: Stmt[]; orelse: Stmt[]; loc: Loc }
  | { t: 'try'; body: Stmt[]; handlers: Handler[]; orelse: Stmt[]; final: Stmt[]; loc: Loc }
  | { t: 'with'; items: Array<{ ctx: Expr; as?: Expr }>; body: Stmt[]; loc: Loc }
  | { t: 'match'; subject: Expr; cases: Array<{ body: Stmt[]; loc: Loc }>; loc: Loc }
  | { t: 'return'; v: Expr | null; loc: Loc }
  | { t: 'raise'; exc: Expr | null; loc: Loc }
  | { t: 'assert'; test: Expr; loc: Loc }
  | { t: 'typealias'; name: string; v: Expr; loc: Loc }
  | { t: 'global'; names: string[]; loc: Loc }
  | { t: 'del'; targets: Expr[]; loc: Loc }
  | { t: 'flow'; kind: 'pass' | 'break' | 'continue'; loc: Loc };

/** A comment that matters to the tool (`# fastapi-audit: ...`), kept verbatim. */
export interface Comment {
  line: number;
  column: number;
  text: string;
}

/** Code the extractor left out (a bound of src/parse/extract.ts), for a warning naming the line. */
export interface FactsWarning {
  line: number;
  message: string;
}

export interface FileFacts {
  /** POSIX path relative to the scan root. */
  path: string;
  body: Stmt[];
  comments: Comment[];
  /** Lines holding tree-sitter ERROR / MISSING nodes (first few). */
  errors: number[];
  lineCount: number;
  bytes: number;
  /** What the extractor left out (absent when nothing was). */
  warnings?: FactsWarning[];
}
