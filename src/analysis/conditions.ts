/**
 * Naming the condition a value depends on, for messages ("in the `if settings.ENVIRONMENT == "local"`
 * branch (app/main.py:12)"). The interpreter runs both branches of an `if` it cannot decide and
 * merges the results into a `choice`; values assigned at module level carry the location of their
 * assignment. From that location (or the call's own keyword expression) we find the enclosing
 * `if`/`x if c else y` in the file's IR and print its test back as Python.
 */
import type { Expr, Loc, Stmt } from '../facts/ir.js';
import { locColumn, locLine } from '../facts/loc.js';
import type { Project } from '../model/project.js';
import { alternatives, srcLoc, type SrcLoc, type Value } from '../model/values.js';
import { where } from './helpers.js';
import { callAt, childExprs, inBlock, locContains, pythonText } from './ir.js';

interface Condition {
  /** "the `if settings.DEBUG` branch", "the `else` branch of `if settings.DEBUG`", "`[\"*\"] if DEBUG else ORIGINS`". */
  text: string;
  at: SrcLoc;
}

/** The innermost `if` statement or conditional expression around a point of a file. */
function enclosingCondition(project: Project, at: SrcLoc): Condition | undefined {
  const facts = project.facts.get(at.file);
  if (!facts) return undefined;
  let found: Condition | undefined;
  const { line, column: col } = at;
  const here = (loc: Loc): SrcLoc => srcLoc(at.file, loc);
  const visitExpr = (e: Expr | null | undefined): void => {
    if (!e || !locContains(e.loc, line, col)) return;
    if (e.t === 'ifexp' && (locContains(e.body.loc, line, col) || locContains(e.orelse.loc, line, col))) {
      found = { text: `\`${pythonText(e)}\``, at: here(e.loc) };
    }
    for (const c of childExprs(e)) visitExpr(c);
  };
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (!locContains(s.loc, line, col)) continue;
      switch (s.t) {
        case 'if': {
          const test = pythonText(s.test);
          if (inBlock(s.body, line, col)) {
            found = { text: `the \`if ${test}\` branch`, at: here(s.loc) };
            visit(s.body);
          } else if (inBlock(s.orelse, line, col)) {
            const elif = s.orelse.length === 1 && s.orelse[0]!.t === 'if' && locContains(s.orelse[0]!.loc, line, col);
            if (!elif) found = { text: `the \`else\` branch of \`if ${test}\``, at: here(s.loc) };
            visit(s.orelse);
          } else visitExpr(s.test);
          break;
        }
        case 'match':
          for (const c of s.cases) {
            if (inBlock(c.body, line, col)) {
              found = { text: `a \`case\` of \`match ${pythonText(s.subject)}\``, at: here(c.loc) };
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
      if (cond) return `, one side of \`${pythonText(cond)}\` (${where({ file: call.at.file, line: locLine(cond.loc), column: locColumn(cond.loc) })})`;
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
