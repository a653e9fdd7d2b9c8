/**
 * Walking the IR (src/facts/ir.ts) for the rules: the one place that knows which expressions a
 * statement evaluates, which blocks it holds and which sub-expressions an expression has, plus the
 * small readers of call arguments and the two ways expressions are printed back for messages.
 *
 * Conventions: a statement's own expressions and blocks do not include nested `def`/`class` bodies
 * (other scopes) nor type-alias values (evaluated lazily); children come in evaluation order; a
 * lambda's body counts as a child (it is code of the enclosing scope).
 */
import type { Expr, Loc, Stmt } from '../facts/ir.js';
import { locColumn, locLine, locParts } from '../facts/loc.js';
import type { Project } from '../model/project.js';
import type { SrcLoc } from '../model/values.js';

export type CallExpr = Extract<Expr, { t: 'call' }>;
export type CmpExpr = Extract<Expr, { t: 'cmp' }>;

// ------------------------------------------------------------------ statements and expressions

/** The blocks nested directly in a statement. Nested `def`/`class` bodies are other scopes and are not included. */
export function blocksOf(s: Stmt): Stmt[][] {
  switch (s.t) {
    case 'if':
    case 'for':
    case 'while':
      return [s.body, s.orelse];
    case 'try':
      return [s.body, ...s.handlers.map((h) => h.body), s.orelse, s.final];
    case 'with':
      return [s.body];
    case 'match':
      return s.cases.map((c) => c.body);
    default:
      return [];
  }
}

/** The expressions a statement evaluates itself, in evaluation order (assignment targets excluded). */
export function exprsOf(s: Stmt): Expr[] {
  switch (s.t) {
    case 'assign':
      return s.v ? [s.v] : [];
    case 'aug':
      return [s.target, s.v];
    case 'expr':
      return [s.v];
    case 'if':
    case 'while':
    case 'assert':
      return [s.test];
    case 'for':
      return [s.iter];
    case 'with':
      return s.items.map((i) => i.ctx);
    case 'match':
      return [s.subject];
    case 'return':
      return s.v ? [s.v] : [];
    case 'raise':
      return s.exc ? [s.exc] : [];
    case 'del':
      return s.targets;
    default:
      return [];
  }
}

/** Every statement of a body, pre-order (a statement before the blocks it holds), nested scopes excluded. */
/** A body's statements without its docstring (a string expression statement). */
export function withoutDocstring(body: Stmt[]): Stmt[] {
  return body.filter((s) => !(s.t === 'expr' && s.v.t === 'str'));
}

export function eachStmt(stmts: Stmt[], visit: (s: Stmt) => void): void {
  for (const s of stmts) {
    visit(s);
    for (const b of blocksOf(s)) eachStmt(b, visit);
  }
}

/** Calls `visit` with each direct sub-expression of an expression, in evaluation order (a lambda's body included). */
export function forEachChild(e: Expr, visit: (c: Expr) => void): void {
  switch (e.t) {
    case 'attr':
      visit(e.obj);
      return;
    case 'call':
      visit(e.fn);
      for (const a of e.args) visit(a.v);
      return;
    case 'fstr':
      for (const p of e.parts) if (typeof p !== 'string') visit(p);
      return;
    case 'list':
    case 'tuple':
    case 'set':
      for (const it of e.items) visit(it);
      return;
    case 'dict':
      for (const [k, v] of e.items) {
        if (k) visit(k);
        visit(v);
      }
      return;
    case 'sub':
      visit(e.obj);
      visit(e.index);
      return;
    case 'bin':
      visit(e.l);
      visit(e.r);
      return;
    case 'unary':
    case 'starred':
    case 'await':
    case 'walrus':
      visit(e.v);
      return;
    case 'cmp':
      for (const o of e.operands) visit(o);
      return;
    case 'boolop':
      for (const v of e.values) visit(v);
      return;
    case 'ifexp':
      visit(e.test);
      visit(e.body);
      visit(e.orelse);
      return;
    case 'lambda':
      visit(e.body);
      return;
    case 'comp':
      visit(e.iter);
      visit(e.elt);
      return;
    default:
      return;
  }
}

/** The direct sub-expressions of an expression, in evaluation order (a lambda's body included). */
export function childExprs(e: Expr): Expr[] {
  const out: Expr[] = [];
  forEachChild(e, (c) => out.push(c));
  return out;
}

/** Every expression under (and including) e, pre-order. */
export function eachExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  forEachChild(e, (c) => eachExpr(c, visit));
}

/** Every expression a body evaluates (its statements' own expressions and theirs), nested scopes excluded. */
export function eachBodyExpr(stmts: Stmt[], visit: (e: Expr, stmt: Stmt) => void): void {
  eachStmt(stmts, (s) => {
    for (const x of exprsOf(s)) eachExpr(x, (e) => visit(e, s));
  });
}

/** Does a name occur anywhere in these statements, nested functions and lambdas included? */
export function mentions(stmts: Stmt[], names: ReadonlySet<string>): boolean {
  let found = false;
  const scanE = (e: Expr): void =>
    eachExpr(e, (x) => {
      if (x.t === 'name' && names.has(x.id)) found = true;
    });
  const scanS = (ss: Stmt[]): void => {
    for (const s of ss) {
      if (found) return;
      if (s.t === 'def') {
        for (const p of s.params) if (p.def) scanE(p.def);
        scanS(s.body);
      } else if (s.t === 'class') scanS(s.body);
      else {
        for (const x of exprsOf(s)) scanE(x);
        if (s.t === 'assign') for (const t of s.targets) scanE(t);
        for (const b of blocksOf(s)) scanS(b);
      }
    }
  };
  scanS(stmts);
  return found;
}

// ------------------------------------------------------------------ finding a node by its location

/** Does a location hold the point (line, column)? */
export function locContains(loc: Loc, line: number, col: number): boolean {
  const [l, c, el, ec] = locParts(loc);
  return (line > l || (line === l && col >= c)) && (line < el || (line === el && col <= ec));
}

/** Does some statement of the block contain the point? */
export function inBlock(stmts: Stmt[], line: number, col: number): boolean {
  return stmts.some((s) => locContains(s.loc, line, col));
}

/** Every expression of a statement that may hold a point, nested scopes' headers included (decorators, defaults, bases). */
function headerExprs(s: Stmt): Expr[] {
  if (s.t === 'def') return [...s.decorators, ...s.params.flatMap((p) => [p.def, p.ann].filter((x): x is Expr => !!x)), ...(s.returns ? [s.returns] : [])];
  if (s.t === 'class') return [...s.decorators, ...s.bases.map((b) => b.v)];
  if (s.t === 'assign') return [...(s.ann ? [s.ann] : []), ...s.targets, ...(s.v ? [s.v] : [])];
  if (s.t === 'typealias') return [s.v];
  if (s.t === 'try') return s.handlers.flatMap((h) => (h.type ? [h.type] : []));
  if (s.t === 'with') return s.items.flatMap((i) => (i.as ? [i.ctx, i.as] : [i.ctx]));
  if (s.t === 'for') return [s.target, s.iter];
  return exprsOf(s);
}

/** The call expression that starts at a location (a middleware or constructor call), if any. Descends only where the point is. */
export function callAt(project: Project, at: SrcLoc): CallExpr | undefined {
  const facts = project.facts.get(at.file);
  if (!facts) return undefined;
  const { line, column } = at;
  const inExpr = (e: Expr): CallExpr | undefined => {
    if (!locContains(e.loc, line, column)) return undefined;
    if (e.t === 'call' && locLine(e.loc) === line && locColumn(e.loc) === column) return e;
    for (const c of childExprs(e)) {
      const hit = inExpr(c);
      if (hit) return hit;
    }
    return undefined;
  };
  const inStmts = (stmts: Stmt[]): CallExpr | undefined => {
    for (const s of stmts) {
      if (!locContains(s.loc, line, column)) continue;
      for (const e of headerExprs(s)) {
        const hit = inExpr(e);
        if (hit) return hit;
      }
      const blocks = s.t === 'def' || s.t === 'class' ? [s.body] : blocksOf(s);
      for (const b of blocks) {
        const hit = inStmts(b);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return inStmts(facts.body);
}

// ------------------------------------------------------------------ call arguments

/** The argument expression for a keyword or its positional slot (positional slots count only before a `*args`). */
export function argExpr(call: CallExpr, name: string, pos?: number): Expr | undefined {
  const kw = call.args.find((a) => a.name === name && !a.star);
  if (kw) return kw.v;
  if (pos === undefined) return undefined;
  let i = 0;
  for (const a of call.args) {
    if (a.star === 1) return undefined;
    if (a.name || a.star) continue;
    if (i === pos) return a.v;
    i++;
  }
  return undefined;
}

/** `**kwargs` arguments of a call. */
export function starStarArgs(call: CallExpr): Expr[] {
  return call.args.filter((a) => a.star === 2).map((a) => a.v);
}

/** The last identifier of a name or attribute chain (`settings.SECRET_KEY` → `SECRET_KEY`), if it is one. */
export function lastName(e: Expr): string | undefined {
  let x = e;
  while (x.t === 'await') x = x.v;
  if (x.t === 'name') return x.id;
  if (x.t === 'attr') return x.attr;
  return undefined;
}

/** `request.headers.get` for a chain of names and attributes, else undefined. */
export function chain(e: Expr): string | undefined {
  if (e.t === 'name') return e.id;
  if (e.t === 'attr') {
    const o = chain(e.obj);
    return o === undefined ? undefined : `${o}.${e.attr}`;
  }
  return undefined;
}

// ------------------------------------------------------------------ printing expressions back

/** A short source-like rendering of an expression (at most two call arguments, long strings cut), for messages and finding keys. */
export function exprText(e: Expr, depth = 0): string {
  if (depth > 4) return '…';
  const t = (x: Expr): string => exprText(x, depth + 1);
  switch (e.t) {
    case 'name':
      return e.id;
    case 'attr':
      return `${t(e.obj)}.${e.attr}`;
    case 'call':
      return `${t(e.fn)}(${e.args.length ? (e.args.length <= 2 ? e.args.map((a) => (a.name ? `${a.name}=` : a.star === 1 ? '*' : a.star === 2 ? '**' : '') + t(a.v)).join(', ') : '…') : ''})`;
    case 'str':
      return JSON.stringify(e.v.length > 40 ? `${e.v.slice(0, 37)}...` : e.v);
    case 'fstr':
      return `f"${e.parts.map((p) => (typeof p === 'string' ? p : `{${t(p)}}`)).join('')}"`;
    case 'num':
      return String(e.v);
    case 'const':
      return e.v === null ? 'None' : e.v ? 'True' : 'False';
    case 'sub':
      return `${t(e.obj)}[${t(e.index)}]`;
    case 'await':
      return `await ${t(e.v)}`;
    case 'unary':
      return `${e.op === 'not' ? 'not ' : e.op}${t(e.v)}`;
    case 'bin':
      return `${t(e.l)} ${e.op} ${t(e.r)}`;
    case 'cmp':
      return e.operands.map((o, i) => (i ? `${e.ops[i - 1]} ${t(o)}` : t(o))).join(' ');
    case 'list':
      return `[${e.items.map(t).join(', ')}]`;
    case 'tuple':
      return `(${e.items.map(t).join(', ')})`;
    default:
      return '…';
  }
}

/** The whole expression printed back as Python (every argument, every kind), cut at `max` characters: conditions, wrapped apps. */
export function pythonText(e: Expr, max = 70): string {
  const s = render(e, 0);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function render(e: Expr, depth: number): string {
  if (depth > 12) return '…';
  const r = (x: Expr): string => render(x, depth + 1);
  switch (e.t) {
    case 'name':
      return e.id;
    case 'attr':
      return `${r(e.obj)}.${e.attr}`;
    case 'call':
      return `${r(e.fn)}(${e.args.map((a) => `${a.star === 1 ? '*' : a.star === 2 ? '**' : ''}${a.name ? `${a.name}=` : ''}${r(a.v)}`).join(', ')})`;
    case 'str':
      return JSON.stringify(e.v);
    case 'fstr':
      return `f"${e.parts.map((p) => (typeof p === 'string' ? p : `{${r(p)}}`)).join('')}"`;
    case 'num':
      return String(e.v);
    case 'const':
      return e.v === null ? 'None' : e.v ? 'True' : 'False';
    case 'ellipsis':
      return '...';
    case 'list':
      return `[${e.items.map(r).join(', ')}]`;
    case 'tuple':
      return `(${e.items.map(r).join(', ')}${e.items.length === 1 ? ',' : ''})`;
    case 'set':
      return `{${e.items.map(r).join(', ')}}`;
    case 'dict':
      return `{${e.items.map(([k, v]) => (k ? `${r(k)}: ${r(v)}` : `**${r(v)}`)).join(', ')}}`;
    case 'sub':
      return `${r(e.obj)}[${r(e.index)}]`;
    case 'bin':
      return `${r(e.l)} ${e.op} ${r(e.r)}`;
    case 'unary':
      return e.op === 'not' ? `not ${r(e.v)}` : `${e.op}${r(e.v)}`;
    case 'cmp':
      return e.operands.map((o, i) => (i === 0 ? r(o) : `${e.ops[i - 1]} ${r(o)}`)).join(' ');
    case 'boolop':
      return e.values.map(r).join(` ${e.op} `);
    case 'ifexp':
      return `${r(e.body)} if ${r(e.test)} else ${r(e.orelse)}`;
    case 'lambda':
      return 'lambda: …';
    case 'starred':
      return `${e.double ? '**' : '*'}${r(e.v)}`;
    case 'await':
      return `await ${r(e.v)}`;
    case 'comp':
      return `[${r(e.elt)} for …]`;
    case 'walrus':
      return `(${e.target} := ${r(e.v)})`;
    case 'unk':
      return '…';
  }
}
