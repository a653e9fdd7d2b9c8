/**
 * Does a credential decide whether a request goes through? It does when a rejection depends on it
 * (DESIGN.md "What counts as authentication"): following the value, and what is computed from it,
 * through locals, the parameters of helpers of ours (a few calls deep) and the consumers of a
 * dependency that returns it, one of these happens —
 *
 * - a condition on it guards a `raise` (`if not user: raise HTTPException(401)`, `if session is None: raise`);
 * - it is verified by a call that raises on a bad value (`jwt.decode`, `serializer.loads`,
 *   `compare_digest`, `verify_password`, a `verify`/`validate`/`authenticate` method);
 * - it is passed to a helper of ours that rejects (raises 401/403 on some path).
 *
 * Reading it for logging, analytics or display decides nothing. FA105 asks this of a cookie, FA201
 * of the credentials a browser attaches.
 */
import type { Expr, Stmt } from '../facts/ir.js';
import type { Project } from '../model/project.js';
import type { FuncRec, SrcLoc } from '../model/values.js';
import { callTarget } from './calls.js';
import { codeIndex } from './code.js';
import { blocksOf, chain, eachExpr, eachStmt, exprsOf, type CallExpr } from './ir.js';
import { jwtOp } from './jwt.js';
import { usesOf } from './schemes.js';
import { locOf, type CodeUnit } from './units.js';

export interface Decision {
  at: SrcLoc;
  /** "a condition on it guards a rejection", "verified by `jwt.decode`", "passed to `get_user`, which rejects". */
  how: string;
}

const VERIFYING = /(^|\.)(decode|loads|unsign|verify|verify_password|check_password|checkpw|compare_digest|validate|validate_token|authenticate|read_token|get_current_user)$/;
const MAX_DEPTH = 3;

const memo = new WeakMap<FuncRec, Map<string, Decision | null>>();

/** The first place where the value of `param` in `fn` decides the request, if it does. */
export function decides(project: Project, fn: FuncRec, param: string, depth = 0, active: Set<string> = new Set()): Decision | undefined {
  const m = memo.get(fn)?.get(param);
  if (m !== undefined) return m ?? undefined;
  const key = `${fn.id}:${param}`;
  if (active.has(key) || depth > MAX_DEPTH) return undefined;
  active.add(key);
  const found = analyze(project, fn, param, depth, active);
  active.delete(key);
  if (depth === 0) {
    let byParam = memo.get(fn);
    if (!byParam) memo.set(fn, (byParam = new Map()));
    byParam.set(param, found ?? null);
  }
  return found;
}

function analyze(project: Project, fn: FuncRec, param: string, depth: number, active: Set<string>): Decision | undefined {
  const ix = codeIndex(project);
  const unit = ix.unitOf(fn);
  // the value and what is computed from it
  const tainted = new Set([param]);
  for (let changed = true, round = 0; changed && round < 6; round++) {
    changed = false;
    for (const [name, bs] of unit.locals) {
      if (tainted.has(name)) continue;
      if (bs.some((b) => b.v && mentions(b.v, tainted))) {
        tainted.add(name);
        changed = true;
      }
    }
  }
  let found: Decision | undefined;
  const check = (e: Expr): void => {
    eachExpr(e, (x) => {
      if (found || x.t !== 'call' || !x.args.some((a) => mentions(a.v, tainted))) return;
      found = viaCall(project, unit, x, tainted, depth, active);
    });
  };
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (found) return;
      if (s.t === 'def' || s.t === 'class') continue;
      if ((s.t === 'if' || s.t === 'while') && mentions(s.test, tainted) && blocksOf(s).some(raises)) {
        found = { at: locOf(unit, s), how: 'a condition on it guards a rejection' };
        return;
      }
      for (const e of exprsOf(s)) check(e);
      for (const b of blocksOf(s)) visit(b);
    }
  };
  visit(fn.def.body);
  if (found) return found;
  // a dependency that returns it (or a value computed from it): its consumers decide
  if (unit.returns.some((r) => r && mentions(r, tainted))) {
    for (const use of usesOf(project, fn)) {
      if (!use.receiver || !use.param) continue;
      const d = decides(project, use.receiver, use.param, depth + 1, active);
      if (d) return d;
    }
  }
  return undefined;
}

function viaCall(project: Project, unit: CodeUnit, call: CallExpr, tainted: ReadonlySet<string>, depth: number, active: Set<string>): Decision | undefined {
  const ix = codeIndex(project);
  const callee = ix.resolver.value(unit, call.fn);
  const name = chain(call.fn) ?? 'a call';
  const op = jwtOp(callee);
  if (op && (op.op === 'decode' || op.op === 'jwsVerify' || op.op === 'unverifiedClaims')) return { at: locOf(unit, call), how: `verified by \`${op.label}\`` };
  const t = callTarget(project, unit, call, callee);
  if (t) {
    const positional = t.fn.def.params.filter((p) => p.kind === 'pos' || p.kind === 'posonly').slice(t.bound ? 1 : 0);
    let i = 0;
    for (const a of call.args) {
      const p = a.name ?? (a.star ? undefined : positional[i++]?.name);
      if (!p || !mentions(a.v, tainted)) continue;
      const d = decides(project, t.fn, p, depth + 1, active);
      if (d) return { at: locOf(unit, call), how: `passed to \`${name}\`, where ${d.how}` };
    }
    if (project.deps.auth.analyze(t.fn, new Map()).rejection) return { at: locOf(unit, call), how: `passed to \`${name}\`, which rejects requests` };
    return undefined;
  }
  const path = callee.k === 'ext' ? callee.path : name;
  if (VERIFYING.test(path)) return { at: locOf(unit, call), how: `verified by \`${name}\`` };
  return undefined;
}

function mentions(e: Expr, names: ReadonlySet<string>): boolean {
  let hit = false;
  eachExpr(e, (x) => {
    if (!hit && x.t === 'name' && names.has(x.id)) hit = true;
  });
  return hit;
}

function raises(stmts: Stmt[]): boolean {
  let hit = false;
  eachStmt(stmts, (s) => {
    if (s.t === 'raise') hit = true;
  });
  return hit;
}
