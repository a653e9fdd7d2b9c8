/**
 * Naming the condition a value depends on, for messages ("in the `if settings.ENVIRONMENT == "local"`
 * branch (app/main.py:12)"). The interpreter runs both branches of an `if` it cannot decide and
 * merges the results into a `choice`; values assigned at module level carry the location of their
 * assignment. From that location (or the call's own keyword expression) we find the enclosing
 * `if`/`x if c else y` in the file's IR and print its test back as Python.
 */
import type { Expr, Loc, Stmt } from '../facts/ir.js';
import type { Project } from '../model/project.js';
import { alternatives, type SrcLoc, type Value } from '../model/values.js';
import { where } from './helpers.js';

const MAX_TEXT = 70;

/** A short Python rendering of an expression (for messages; long ones are cut). */
export function exprText(e: Expr, max = MAX_TEXT): string {
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

function contains(loc: Loc, line: number, col: number): boolean {
  const [l, c, el, ec] = loc;
  return (line > l || (line === l && col >= c)) && (line < el || (line === el && col <= ec));
}

function inBlock(stmts: Stmt[], line: number, col: number): boolean {
  return stmts.some((s) => contains(s.loc, line, col));
}

export interface Condition {
  /** "the `if settings.DEBUG` branch", "the `else` branch of `if settings.DEBUG`", "`[\"*\"] if DEBUG else ORIGINS`". */
  text: string;
  at: SrcLoc;
}

/** The innermost `if` statement or conditional expression around a point of a file. */
export function enclosingCondition(project: Project, at: SrcLoc): Condition | undefined {
  const facts = project.facts.get(at.file);
  if (!facts) return undefined;
  let found: Condition | undefined;
  const { line, column: col } = at;
  const here = (loc: Loc): SrcLoc => ({ file: at.file, line: loc[0], column: loc[1], endLine: loc[2], endColumn: loc[3] });
  const visitExpr = (e: Expr | null | undefined): void => {
    if (!e || !contains(e.loc, line, col)) return;
    if (e.t === 'ifexp' && (contains(e.body.loc, line, col) || contains(e.orelse.loc, line, col))) {
      found = { text: `\`${exprText(e)}\``, at: here(e.loc) };
    }
    for (const c of childExprs(e)) visitExpr(c);
  };
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (!contains(s.loc, line, col)) continue;
      switch (s.t) {
        case 'if': {
          const test = exprText(s.test);
          if (inBlock(s.body, line, col)) {
            found = { text: `the \`if ${test}\` branch`, at: here(s.loc) };
            visit(s.body);
          } else if (inBlock(s.orelse, line, col)) {
            const elif = s.orelse.length === 1 && s.orelse[0]!.t === 'if' && contains(s.orelse[0]!.loc, line, col);
            if (!elif) found = { text: `the \`else\` branch of \`if ${test}\``, at: here(s.loc) };
            visit(s.orelse);
          } else visitExpr(s.test);
          break;
        }
        case 'match':
          for (const c of s.cases) {
            if (inBlock(c.body, line, col)) {
              found = { text: `a \`case\` of \`match ${exprText(s.subject)}\``, at: here(c.loc) };
              visit(c.body);
            }
          }
          break;
        case 'def':
        case 'class':
        case 'with':
        case 'for':
        case 'while':
          visit(s.body);
          if (s.t === 'for' || s.t === 'while') visit(s.orelse);
          break;
        case 'try':
          visit(s.body);
          for (const h of s.handlers) visit(h.body);
          visit(s.orelse);
          visit(s.final);
          break;
        case 'assign':
          visitExpr(s.v);
          break;
        case 'expr':
          visitExpr(s.v);
          break;
        case 'return':
          visitExpr(s.v);
          break;
        case 'aug':
          visitExpr(s.v);
          break;
        default:
          break;
      }
    }
  };
  visit(facts.body);
  return found;
}

export function childExprs(e: Expr): Expr[] {
  switch (e.t) {
    case 'attr':
      return [e.obj];
    case 'call':
      return [e.fn, ...e.args.map((a) => a.v)];
    case 'fstr':
      return e.parts.filter((p): p is Expr => typeof p !== 'string');
    case 'list':
    case 'tuple':
    case 'set':
      return e.items;
    case 'dict':
      return e.items.flatMap(([k, v]) => (k ? [k, v] : [v]));
    case 'sub':
      return [e.obj, e.index];
    case 'bin':
      return [e.l, e.r];
    case 'unary':
    case 'starred':
    case 'await':
      return [e.v];
    case 'cmp':
      return e.operands;
    case 'boolop':
      return e.values;
    case 'ifexp':
      return [e.test, e.body, e.orelse];
    case 'lambda':
      return [e.body];
    case 'comp':
      return [e.elt, e.iter];
    case 'walrus':
      return [e.v];
    default:
      return [];
  }
}

/** Every expression of a block, statements and nested function bodies included (pre-order). */
export function* exprsOf(stmts: Stmt[]): Generator<Expr> {
  function* ex(e: Expr | null | undefined): Generator<Expr> {
    if (!e) return;
    yield e;
    for (const c of childExprs(e)) yield* ex(c);
  }
  for (const s of stmts) {
    switch (s.t) {
      case 'assign':
        yield* ex(s.v);
        break;
      case 'aug':
      case 'typealias':
        yield* ex(s.v);
        break;
      case 'expr':
        yield* ex(s.v);
        break;
      case 'return':
        yield* ex(s.v);
        break;
      case 'raise':
        yield* ex(s.exc);
        break;
      case 'assert':
        yield* ex(s.test);
        break;
      case 'if':
      case 'while':
        yield* ex(s.test);
        yield* exprsOf(s.body);
        yield* exprsOf(s.orelse);
        break;
      case 'for':
        yield* ex(s.iter);
        yield* exprsOf(s.body);
        yield* exprsOf(s.orelse);
        break;
      case 'with':
        for (const it of s.items) yield* ex(it.ctx);
        yield* exprsOf(s.body);
        break;
      case 'try':
        yield* exprsOf(s.body);
        for (const h of s.handlers) yield* exprsOf(h.body);
        yield* exprsOf(s.orelse);
        yield* exprsOf(s.final);
        break;
      case 'match':
        yield* ex(s.subject);
        for (const c of s.cases) yield* exprsOf(c.body);
        break;
      case 'def':
        for (const d of s.decorators) yield* ex(d);
        for (const p of s.params) yield* ex(p.def);
        yield* exprsOf(s.body);
        break;
      case 'class':
        for (const d of s.decorators) yield* ex(d);
        for (const b of s.bases) yield* ex(b.v);
        yield* exprsOf(s.body);
        break;
      default:
        break;
    }
  }
}

/** The call expression that starts at a location (a middleware or constructor call), if any. */
export function callAt(project: Project, at: SrcLoc): Extract<Expr, { t: 'call' }> | undefined {
  const facts = project.facts.get(at.file);
  if (!facts) return undefined;
  for (const e of exprsOf(facts.body)) {
    if (e.t === 'call' && e.loc[0] === at.line && e.loc[1] === at.column) return e;
  }
  return undefined;
}

/**
 * When `top` (an argument's value) has several alternatives, says which condition the alternative
 * `alt` comes from: ", set in the `if X` branch (file:line)". Empty when the value is certain.
 */
export function branchNote(project: Project, top: Value, alt: Value, call?: { at: SrcLoc; kw: string }): string {
  if (alternatives(top).length <= 1) return '';
  const src = 'src' in alt ? alt.src : undefined;
  if (src?.loc) {
    const c = enclosingCondition(project, src.loc);
    if (c) return `, set in ${c.text} (${where(c.at)})`;
  }
  if (call) {
    const e = callAt(project, call.at);
    const kw = e?.args.find((a) => a.name === call.kw)?.v;
    if (kw) {
      const cond = kw.t === 'ifexp' ? kw : kw.t === 'name' ? moduleIfexp(project, call.at.file, kw.id) : undefined;
      if (cond) return `, one side of \`${exprText(cond)}\` (${where({ file: call.at.file, line: cond.loc[0], column: cond.loc[1] })})`;
    }
  }
  return ', one of the values it can take (it depends on a condition the scan cannot decide)';
}

/** `NAME = a if c else b` at module level of a file. */
function moduleIfexp(project: Project, file: string, name: string): Extract<Expr, { t: 'ifexp' }> | undefined {
  const facts = project.facts.get(file);
  for (const s of facts?.body ?? []) {
    if (s.t === 'assign' && s.v?.t === 'ifexp' && s.targets.some((t) => t.t === 'name' && t.id === name)) return s.v;
  }
  return undefined;
}

/** " (added in the `if X` branch at file:line)" for something registered under a condition. */
export function conditionalNote(project: Project, at: SrcLoc, verb = 'added'): string {
  const c = enclosingCondition(project, at);
  return c ? ` (${verb} in ${c.text}, ${where(c.at)})` : ` (${verb} under a condition)`;
}
