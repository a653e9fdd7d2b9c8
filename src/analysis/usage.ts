/**
 * How a function's body treats a value, for the rules that follow credentials and decisions through
 * handler and dependency bodies (FA103, FA107): does it test a parameter that may be None before using
 * it, can a block finish without returning or raising, which names does it test for None.
 */
import type { Expr, Loc, Stmt } from '../facts/ir.js';
import { unwrap } from '../model/auth.js';
import type { Project } from '../model/project.js';
import type { FuncRec, SrcLoc } from '../model/values.js';
import { bodyOf } from './code.js';
import { where } from './helpers.js';
import { blocksOf, chain, childExprs, eachStmt, exprText, exprsOf, mentions } from './ir.js';

// ------------------------------------------------------------------ does a function check a parameter before using it?

type UsageKind = 'checked' | 'opaque' | 'crash' | 'returned' | 'used' | 'ignored';

export interface Usage {
  kind: UsageKind;
  at?: SrcLoc;
  /** For crash/used: what happens there ("`.credentials`", "passed to `secrets.compare_digest`"). */
  what?: string;
}

/** Library functions that raise TypeError/AttributeError on None. */
const CRASHING = /^(builtins\.(len|int|float|bytes|iter)|secrets\.compare_digest|hmac\.(compare_digest|new)|hashlib\.\w+|base64\.\w+|binascii\.\w+)$/;
/** Library functions that accept None and tell nothing. */
const HARMLESS = /^(builtins\.(print|str|repr|dict|list|tuple|set|format)|typing\.cast|logging\.\w+)$/;
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log', 'msg']);
const TEST_FUNCS = /^builtins\.(bool|isinstance|callable|hasattr|getattr)$/;

type Role = { r: 'test' } | { r: 'deref'; what: string } | { r: 'value' } | { r: 'opaque'; what: string } | { r: 'helper'; u: Usage; what: string };

const usageMemo = new WeakMap<FuncRec, Map<string, Usage>>();

/**
 * How a function treats one of its parameters that may be None, in evaluation order: the first
 * decisive event wins — a test (`if x`, `x is None`, `not x`, `x or …`, any comparison) is a check;
 * a dereference (`x.attr`, `x[…]`, `x + …`, iteration, a library call that rejects None) is a
 * crash; handing it to code we cannot see (an unresolved call, an attribute store, a closure) is
 * opaque. Without a decisive event: `returned` when it is returned as is, `used` when it is read,
 * `ignored` when it is not read at all. Helpers of ours it is passed to are followed (depth 3).
 */
export function paramUsage(project: Project, fn: FuncRec, param: string, depth = 0, active: Set<string> = new Set()): Usage {
  const memo = usageMemo.get(fn)?.get(param);
  if (memo) return memo;
  const key = `${fn.id}:${param}`;
  if (active.has(key) || depth > 3) return { kind: 'opaque' };
  active.add(key);
  const res = analyzeUsage(project, fn, param, depth, active);
  active.delete(key);
  // only top-level answers are final (deeper ones may have been cut by the depth limit or a cycle)
  if (depth === 0) {
    let m = usageMemo.get(fn);
    if (!m) usageMemo.set(fn, (m = new Map()));
    m.set(param, res);
  }
  return res;
}

function analyzeUsage(project: Project, fn: FuncRec, param: string, depth: number, active: Set<string>): Usage {
  const body = bodyOf(project, fn);
  const aliases = new Set([param]);
  let decisive: Usage | undefined;
  let returned: Usage | undefined;
  let used: Usage | undefined;

  const event = (role: Role, loc: Loc): void => {
    if (decisive) return;
    const at = body.at(loc);
    switch (role.r) {
      case 'test':
        decisive = { kind: 'checked', at };
        return;
      case 'deref':
        decisive = { kind: 'crash', at, what: role.what };
        return;
      case 'opaque':
        decisive = { kind: 'opaque', at, what: role.what };
        return;
      case 'helper':
        if (role.u.kind === 'checked') decisive = { kind: 'checked', at };
        else if (role.u.kind === 'crash') decisive = { kind: 'crash', at, what: role.what };
        else if (role.u.kind === 'opaque' || role.u.kind === 'returned') decisive = { kind: 'opaque', at, what: role.what };
        else used ??= { kind: 'used', at, what: role.what };
        return;
      case 'value':
        used ??= { kind: 'used', at };
        return;
    }
  };

  const isAlias = (e: Expr): boolean => e.t === 'name' && aliases.has(e.id);

  const argRole = (call: Extract<Expr, { t: 'call' }>, argIndex: number): Role => {
    const callee = body.resolve(call.fn);
    const name = exprText(call.fn);
    if (callee.k === 'ext') {
      if (TEST_FUNCS.test(callee.path)) return { r: 'test' };
      if (CRASHING.test(callee.path)) return { r: 'deref', what: `passed to \`${name}\`, which fails on None` };
      if (HARMLESS.test(callee.path)) return { r: 'value' };
      if (/\.[A-Z]\w*$/.test(callee.path) && callee.path.startsWith('fastapi.')) return { r: 'value' };
      return { r: 'opaque', what: `passed to \`${name}\`` };
    }
    if (call.fn.t === 'attr' && LOG_METHODS.has(call.fn.attr)) return { r: 'value' };
    const target = callee.k === 'func' ? callee.fn : callee.k === 'method' ? callee.fn : undefined;
    if (target) {
      const f = unwrap(target);
      const params = (f.params ?? []).filter((p) => p.kind !== 'var' && p.kind !== 'varkw');
      const positional = params.slice(callee.k === 'method' ? 1 : 0);
      const a = call.args[argIndex]!;
      let pname: string | undefined;
      if (a.name) pname = params.find((p) => p.name === a.name)?.name;
      else if (!a.star) {
        const posIndex = call.args.slice(0, argIndex).filter((x) => !x.name && !x.star).length;
        pname = positional[posIndex]?.name;
      }
      if (!pname) return { r: 'opaque', what: `passed to \`${name}\`` };
      const u = paramUsage(project, f, pname, depth + 1, active);
      const what = u.kind === 'crash' && u.at ? `passed to \`${name}\`, which dereferences it at ${where(u.at)}` : `passed to \`${name}\``;
      return { r: 'helper', u, what };
    }
    return { r: 'opaque', what: `passed to \`${name}\`` };
  };

  const scan = (e: Expr, role: Role): void => {
    if (decisive) return;
    switch (e.t) {
      case 'name':
        if (aliases.has(e.id)) event(role, e.loc);
        return;
      case 'attr':
        scan(e.obj, { r: 'deref', what: `\`.${e.attr}\`` });
        return;
      case 'sub':
        scan(e.obj, { r: 'deref', what: 'a subscript' });
        scan(e.index, { r: 'value' });
        return;
      case 'call': {
        if (e.fn.t === 'attr') scan(e.fn.obj, { r: 'deref', what: `\`.${e.fn.attr}()\`` });
        else scan(e.fn, { r: 'value' });
        e.args.forEach((a, i) => {
          if (decisive) return;
          if (isAlias(a.v)) event(argRole(e, i), a.v.loc);
          else scan(a.v, { r: 'value' });
        });
        return;
      }
      case 'bin': {
        const fmt = e.op === '%' && (e.l.t === 'str' || e.l.t === 'fstr');
        scan(e.l, { r: 'deref', what: `\`${e.op}\`` });
        scan(e.r, fmt ? { r: 'value' } : { r: 'deref', what: `\`${e.op}\`` });
        return;
      }
      case 'unary':
        scan(e.v, e.op === 'not' ? { r: 'test' } : { r: 'deref', what: `unary \`${e.op}\`` });
        return;
      case 'cmp':
        for (const o of e.operands) scan(o, { r: 'test' });
        return;
      case 'boolop':
        for (const v of e.values) scan(v, { r: 'test' });
        return;
      case 'ifexp':
        scan(e.test, { r: 'test' });
        scan(e.body, role);
        scan(e.orelse, role);
        return;
      case 'starred':
        scan(e.v, role.r === 'deref' ? role : { r: 'deref', what: 'unpacking' });
        return;
      case 'await':
        scan(e.v, { r: 'value' });
        return;
      case 'walrus':
        scan(e.v, role);
        if (isAlias(e.v)) aliases.add(e.target);
        return;
      case 'comp':
        scan(e.iter, { r: 'deref', what: 'iteration' });
        scan(e.elt, { r: 'value' });
        return;
      case 'lambda':
        if (mentions([{ t: 'expr', v: e.body, loc: e.loc }], aliases)) event({ r: 'opaque', what: 'captured by a lambda' }, e.loc);
        return;
      default:
        for (const c of childExprs(e)) scan(c, { r: 'value' });
    }
  };

  const walk = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (decisive) return;
      switch (s.t) {
        case 'def':
        case 'class':
          if (mentions([s], aliases)) event({ r: 'opaque', what: `captured by \`${s.name}\`` }, s.loc);
          continue;
        case 'assign': {
          if (s.v && isAlias(s.v)) {
            for (const t of s.targets) {
              if (t.t === 'name') aliases.add(t.id);
              else event({ r: 'opaque', what: `stored in \`${exprText(t)}\`` }, s.loc);
            }
            continue;
          }
          if (s.v) scan(s.v, { r: 'value' });
          for (const t of s.targets) {
            if (t.t === 'name') aliases.delete(t.id);
            else if (t.t === 'attr' || t.t === 'sub') scan(t.obj, { r: 'deref', what: 'an attribute store' });
          }
          continue;
        }
        case 'return':
          if (s.v && isAlias(s.v)) returned ??= { kind: 'returned', at: body.at(s.loc) };
          else if (s.v) scan(s.v, { r: 'value' });
          continue;
        case 'if':
        case 'while':
        case 'assert':
          scan(s.test, { r: 'test' });
          break;
        case 'match':
          scan(s.subject, { r: 'test' });
          break;
        case 'for':
          // `for key in [query_key, header_key]: if key is not None: ...` — the loop variable stands for them
          if ((s.iter.t === 'list' || s.iter.t === 'tuple') && s.target.t === 'name' && s.iter.items.some(isAlias)) {
            aliases.add(s.target.id);
            for (const i of s.iter.items) if (!isAlias(i)) scan(i, { r: 'value' });
          } else scan(s.iter, { r: 'deref', what: 'iteration' });
          break;
        case 'with':
          for (const i of s.items) scan(i.ctx, { r: 'deref', what: 'a `with` statement' });
          break;
        default:
          for (const x of exprsOf(s)) scan(x, { r: 'value' });
      }
      for (const b of blocksOf(s)) walk(b);
    }
  };
  walk(fn.def.body);
  if (decisive) return decisive;
  if (returned) return returned;
  if (used) return used;
  // a generator dependency hands its value out with `yield`, which the IR does not keep
  if (fn.def.gen) return { kind: 'opaque', what: 'yielded' };
  return { kind: 'ignored' };
}

// ------------------------------------------------------------------ control flow for "can this return without raising"

/** Can a block finish normally (fall off its end)? The model's answer, shared with the rules. */
export { completes } from '../model/auth.js';

// ------------------------------------------------------------------ names tested for None

/**
 * Names and attribute chains a function tests for truthiness or None anywhere (`if x`, `not x`,
 * `x and …`, `x is None`, `x == None`, `assert x`): used to see whether a maybe-None value is guarded.
 */
export function testedChains(stmts: Stmt[]): Set<string> {
  const out = new Set<string>();
  const add = (e: Expr): void => {
    const c = chain(e);
    if (c) out.add(c);
  };
  const visit = (e: Expr, tested: boolean): void => {
    if (tested) add(e);
    switch (e.t) {
      case 'unary':
        visit(e.v, e.op === 'not');
        return;
      case 'boolop':
        for (const v of e.values) visit(v, true);
        return;
      case 'ifexp':
        visit(e.test, true);
        visit(e.body, false);
        visit(e.orelse, false);
        return;
      case 'cmp':
        e.operands.forEach((o, i) => {
          const op = e.ops[i] ?? e.ops[i - 1];
          const other = e.operands[i === 0 ? 1 : i - 1];
          const noneTest = op === 'is' || op === 'is not' || (other?.t === 'const' && other.v === null);
          visit(o, noneTest);
        });
        return;
      case 'call': {
        const c = chain(e.fn);
        const isTest = c === 'bool' || c === 'isinstance' || c === 'len';
        visit(e.fn, false);
        for (const a of e.args) visit(a.v, isTest);
        return;
      }
      default:
        for (const c of childExprs(e)) visit(c, false);
    }
  };
  eachStmt(stmts, (s) => {
    const root = s.t === 'if' || s.t === 'while' || s.t === 'assert';
    for (const x of exprsOf(s)) visit(x, root);
  });
  return out;
}
