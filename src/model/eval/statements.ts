/**
 * Statements: assignment targets, control flow (`if` on an unknown condition runs both branches and
 * merges what they bind; `for` over a known list iterates), blocks.
 */
import type { Expr, Loc, Stmt } from '../../facts/ir.js';
import { MAX_ITEMS, NONE, UNKNOWN, alternatives, choice, srcLoc, truthy, withSrc, type Scope, type Value } from '../values.js';
import { MAX_ITERATIONS, MAX_LOOP, type Evaluator, type Flow, type Frame } from './evaluator.js';

export function execBlock(ip: Evaluator, stmts: Stmt[], scope: Scope, frame: Frame): Flow {
  for (const s of stmts) {
    const f = execStmt(ip, s, scope, frame);
    if (f !== 'normal') return f;
  }
  return 'normal';
}

export function bind(ip: Evaluator, scope: Scope, frame: Frame, name: string, v: Value, loc: Loc, imported = false): void {
  if (frame.globals?.has(name)) {
    scope.module.ns.set(name, v);
    return;
  }
  scope.vars.set(name, v);
  if (!imported && scope.vars === scope.module.ns) scope.module.assigned.add(name);
  void loc;
}

export function assignTarget(ip: Evaluator, t: Expr, v: Value, scope: Scope, frame: Frame, loc: Loc): void {
  switch (t.t) {
    case 'name': {
      let val = v;
      if (scope.vars === scope.module.ns) val = withSrc(v, { name: `${scope.module.name}.${t.id}`, loc: srcLoc(scope.module.file, loc) });
      else if (scope.cls) val = withSrc(v, { name: `${scope.cls.name}.${t.id}`, loc: srcLoc(scope.module.file, loc) });
      bind(ip, scope, frame, t.id, val, loc);
      return;
    }
    case 'tuple':
    case 'list': {
      const items = v.k === 'tuple' || v.k === 'list' ? v.items : undefined;
      t.items.forEach((it, i) => {
        if (it.t === 'starred') assignTarget(ip, it.v, UNKNOWN('starred assignment'), scope, frame, loc);
        else assignTarget(ip, it, items && items.length === t.items.length ? items[i]! : UNKNOWN('unpacking'), scope, frame, loc);
      });
      return;
    }
    case 'attr': {
      const obj = ip.eval(t.obj, scope);
      for (const o of alternatives(obj)) {
        if (o.k === 'inst') {
          o.inst.attrs.set(t.attr, v);
          // `self.app = FastAPI()`: the app is named after the attribute of the class that holds it
          if (v.k === 'inst' && v.inst.router && v.inst.attrName === undefined && o.inst.cls.k === 'class') {
            v.inst.attrName = `${o.inst.cls.cls.module.name}.${o.inst.cls.cls.qualname}.${t.attr}`;
          }
        } else if (o.k === 'module') o.mod.ns.set(t.attr, v);
        else if (o.k === 'class') o.cls.ns.set(t.attr, v);
      }
      return;
    }
    case 'sub': {
      const obj = ip.eval(t.obj, scope);
      const key = ip.eval(t.index, scope);
      if (obj.k === 'dict') {
        const i = obj.entries.findIndex(([k]) => k.k === key.k && 'v' in k && 'v' in key && k.v === key.v);
        if (i >= 0) obj.entries[i] = [key, v];
        else obj.entries.push([key, v]);
      }
      return;
    }
    default:
      return;
  }
}

function execStmt(ip: Evaluator, s: Stmt, scope: Scope, frame: Frame): Flow {
  if (!ip.step()) return 'normal';
  switch (s.t) {
    case 'import':
      ip.execImport(s, scope, frame);
      return 'normal';
    case 'from':
      ip.execFrom(s, scope, frame);
      return 'normal';
    case 'assign': {
      if (s.v === null) {
        if (scope.cls && s.targets[0]?.t === 'name') scope.cls.fields.push(s.targets[0].id);
        return 'normal';
      }
      const v = ip.eval(s.v, scope);
      for (const t of s.targets) {
        if (scope.cls && t.t === 'name' && s.ann && !scope.cls.fields.includes(t.id)) scope.cls.fields.push(t.id);
        assignTarget(ip, t, v, scope, frame, s.loc);
      }
      return 'normal';
    }
    case 'aug': {
      const cur = ip.eval(s.target, scope);
      const rhs = ip.eval(s.v, scope);
      const op = s.op.replace('=', '');
      if (op === '+' && (cur.k === 'list' || cur.k === 'tuple') && (rhs.k === 'list' || rhs.k === 'tuple') && cur.items.length + rhs.items.length <= MAX_ITEMS) {
        if (cur.k === 'list') cur.items.push(...rhs.items);
        else assignTarget(ip, s.target, { k: 'tuple', items: [...cur.items, ...rhs.items] }, scope, frame, s.loc);
      } else assignTarget(ip, s.target, ip.binop(op, cur, rhs), scope, frame, s.loc);
      return 'normal';
    }
    case 'expr':
      ip.eval(s.v, scope);
      return 'normal';
    case 'def':
      bind(ip, scope, frame, s.name, ip.defineFunction(s, scope), s.loc);
      return 'normal';
    case 'class':
      bind(ip, scope, frame, s.name, ip.defineClass(s, scope), s.loc);
      return 'normal';
    case 'typealias':
      bind(ip, scope, frame, s.name, ip.eval(s.v, scope), s.loc);
      return 'normal';
    case 'if': {
      // `if __name__ == "__main__":` does not run on import; it is an entry point, run once every module is loaded
      if (scope.vars === scope.module.ns && isMainTest(s.test)) {
        ip.mainBlocks.push({ mod: scope.module, body: s.body, loc: srcLoc(scope.module.file, s.loc) });
        return execBlock(ip, s.orelse, scope, frame);
      }
      const test = ip.eval(s.test, scope);
      const known = certainTruth(ip, test);
      if (known === true) return execBlock(ip, s.body, scope, frame);
      if (known === false) return execBlock(ip, s.orelse, scope, frame);
      return branches(ip, [s.body, s.orelse], scope, frame);
    }
    case 'match':
      return branches(ip, [...s.cases.map((c) => c.body), []], scope, frame);
    case 'for': {
      const iter = ip.eval(s.iter, scope);
      const items = iter.k === 'list' || iter.k === 'tuple' || iter.k === 'set' ? iter.items : iter.k === 'dict' ? iter.entries.map(([k]) => k) : undefined;
      if (items && items.length <= MAX_LOOP && ip.iterations + items.length <= MAX_ITERATIONS) {
        ip.iterations += items.length;
        for (const it of items) {
          assignTarget(ip, s.target, it, scope, frame, s.loc);
          const f = execBlock(ip, s.body, scope, frame);
          if (f === 'break') return 'normal';
          if (f === 'return' || f === 'raise') return f;
        }
        return execBlock(ip, s.orelse, scope, frame);
      }
      if (items && ip.iterations + items.length > MAX_ITERATIONS) ip.limits.add(`loops over more than ${MAX_ITERATIONS} items in all`);
      assignTarget(ip, s.target, UNKNOWN('loop variable'), scope, frame, s.loc);
      ip.cond++;
      try {
        const f = execBlock(ip, s.body, scope, frame);
        return f === 'break' || f === 'continue' || f === 'raise' ? 'normal' : f === 'return' ? 'normal' : f;
      } finally {
        ip.cond--;
      }
    }
    case 'while': {
      const known = certainTruth(ip, ip.eval(s.test, scope));
      if (known === false) return execBlock(ip, s.orelse, scope, frame);
      ip.cond++;
      try {
        execBlock(ip, s.body, scope, frame);
      } finally {
        ip.cond--;
      }
      return 'normal';
    }
    case 'try': {
      const f = execBlock(ip, s.body, scope, frame);
      if (f === 'normal') {
        const g = execBlock(ip, s.orelse, scope, frame);
        if (g !== 'normal') return g;
      }
      const h = execBlock(ip, s.final, scope, frame);
      return h !== 'normal' ? h : f === 'raise' ? 'normal' : f;
    }
    case 'with':
      for (const it of s.items) {
        const v = ip.eval(it.ctx, scope);
        if (it.as) assignTarget(ip, it.as, v.k === 'unknown' ? v : UNKNOWN('context manager value'), scope, frame, s.loc);
      }
      return execBlock(ip, s.body, scope, frame);
    case 'return':
      frame.returns.push(s.v ? ip.eval(s.v, scope) : NONE);
      return 'return';
    case 'raise':
      if (s.exc) ip.eval(s.exc, scope);
      return 'raise';
    case 'global':
      frame.globals ??= new Set();
      for (const n of s.names) frame.globals.add(n);
      return 'normal';
    case 'flow':
      return s.kind === 'pass' ? 'normal' : s.kind;
    case 'assert':
    case 'del':
      return 'normal';
  }
}

/** Runs alternative blocks from the same state and merges the names they bind into choices. */
function branches(ip: Evaluator, blocks: Stmt[][], scope: Scope, frame: Frame): Flow {
  const before = new Map(scope.vars);
  const results: Array<{ vars: Map<string, Value>; flow: Flow }> = [];
  ip.cond++;
  try {
    for (const b of blocks) {
      scope.vars.clear();
      for (const [k, v] of before) scope.vars.set(k, v);
      const flow = execBlock(ip, b, scope, frame);
      results.push({ vars: new Map(scope.vars), flow });
    }
  } finally {
    ip.cond--;
  }
  const live = results.filter((r) => r.flow === 'normal' || r.flow === 'break' || r.flow === 'continue');
  const merged = live.length ? live : results;
  const keys = new Set<string>();
  for (const r of merged) for (const k of r.vars.keys()) keys.add(k);
  scope.vars.clear();
  for (const k of keys) {
    const opts: Value[] = [];
    for (const r of merged) {
      const v = r.vars.get(k);
      if (v !== undefined) opts.push(v);
    }
    scope.vars.set(k, opts.length === 1 || opts.every((o) => o === opts[0]) ? opts[0]! : choice(opts));
  }
  if (live.length === 0) return results.every((r) => r.flow === 'raise') ? 'raise' : 'return';
  return 'normal';
}

/** Truth of a condition when it is certain: literals and module constants, not settings or env values. */
export function certainTruth(ip: Evaluator, v: Value): boolean | undefined {
  if ('src' in v && v.src?.soft) return undefined;
  if (v.k === 'env') return undefined;
  return truthy(v);
}

/** `__name__ == "__main__"` (either side). */
function isMainTest(e: Expr): boolean {
  if (e.t !== 'cmp' || e.ops.length !== 1 || e.ops[0] !== '==' || e.operands.length !== 2) return false;
  const [a, b] = e.operands as [Expr, Expr];
  const isName = (x: Expr): boolean => x.t === 'name' && x.id === '__name__';
  const isMain = (x: Expr): boolean => x.t === 'str' && x.v === '__main__';
  return (isName(a) && isMain(b)) || (isName(b) && isMain(a));
}
