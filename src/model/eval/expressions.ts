/**
 * Expressions: names, literals, f-strings, containers, subscripts (`Annotated[...]`, `os.environ[...]`),
 * operators and comparisons, over the value domain of ../values.ts.
 */
import type { Arg, Expr } from '../../facts/ir.js';
import { MAX_ITEMS, NONE, UNKNOWN, alternatives, asStr, choice, srcLoc, str, truthy, type CallArgs, type Scope, type SrcLoc, type Value } from '../values.js';
import { MAX_LOOP, type Evaluator } from './evaluator.js';

// prettier-ignore
const BUILTIN_NAMES = new Set([
  'str', 'int', 'float', 'bool', 'list', 'dict', 'tuple', 'set', 'frozenset', 'len', 'getattr', 'isinstance', 'print',
  'range', 'super', 'object', 'Exception', 'ValueError', 'TypeError', 'KeyError', 'RuntimeError', 'property',
  'staticmethod', 'classmethod', 'type', 'sorted', 'min', 'max', 'any', 'all', 'open', 'repr', 'hasattr', 'callable',
  'enumerate', 'zip', 'map', 'filter', 'id', 'hash', 'iter', 'next', 'bytes', 'NotImplementedError', 'PermissionError',
]);

export function evalExpr(ip: Evaluator, e: Expr, scope: Scope): Value {
  if (!ip.step()) return UNKNOWN('evaluation budget exhausted');
  switch (e.t) {
    case 'name':
      return lookup(ip, e.id, scope);
    case 'attr':
      return ip.getAttr(evalExpr(ip, e.obj, scope), e.attr);
    case 'call': {
      const fn = evalExpr(ip, e.fn, scope);
      const args = evalArgs(ip, e.args, scope, srcLoc(scope.module.file, e.loc));
      if (fn.k === 'super' || (e.fn.t === 'name' && e.fn.id === 'super' && fn.k === 'ext' && fn.path === 'builtins.super')) {
        return ip.makeSuper(scope);
      }
      return ip.call(fn, args, scope);
    }
    case 'str':
      return str(e.v);
    case 'fstr': {
      let out = '';
      for (const p of e.parts) {
        if (typeof p === 'string') out += p;
        else {
          const s = stringify(ip, evalExpr(ip, p, scope));
          if (s === undefined) return UNKNOWN('f-string with unknown parts');
          out += s;
        }
      }
      return str(out);
    }
    case 'num':
      return { k: 'num', v: e.v };
    case 'const':
      return e.v === null ? NONE : { k: 'bool', v: e.v };
    case 'ellipsis':
      return { k: 'ext', path: 'builtins.Ellipsis' };
    case 'list':
    case 'tuple':
    case 'set': {
      const items: Value[] = [];
      for (const it of e.items) {
        if (it.t === 'starred') {
          const v = evalExpr(ip, it.v, scope);
          if (v.k === 'list' || v.k === 'tuple' || v.k === 'set') items.push(...v.items);
          else items.push(UNKNOWN('starred item'));
        } else items.push(evalExpr(ip, it, scope));
      }
      return { k: e.t, items };
    }
    case 'dict': {
      const entries: Array<[Value, Value]> = [];
      for (const [k, v] of e.items) {
        if (k === null) {
          const sp = evalExpr(ip, v, scope);
          if (sp.k === 'dict') entries.push(...sp.entries);
        } else entries.push([evalExpr(ip, k, scope), evalExpr(ip, v, scope)]);
      }
      return { k: 'dict', entries };
    }
    case 'sub':
      return subscript(ip, evalExpr(ip, e.obj, scope), e.index, scope);
    case 'bin':
      return binop(ip, e.op, evalExpr(ip, e.l, scope), evalExpr(ip, e.r, scope));
    case 'unary': {
      const v = evalExpr(ip, e.v, scope);
      if (e.op === 'not') {
        const t = truthy(v);
        return t === undefined ? UNKNOWN('not of unknown') : { k: 'bool', v: !t };
      }
      if (e.op === '-' && v.k === 'num') return { k: 'num', v: -v.v };
      return UNKNOWN('unary');
    }
    case 'cmp':
      return compare(ip, e, scope);
    case 'boolop': {
      let last: Value = NONE;
      const maybe: Value[] = [];
      for (const ve of e.values) {
        const v = evalExpr(ip, ve, scope);
        const t = v.k === 'env' ? undefined : truthy(v);
        last = v;
        if (t === undefined) {
          maybe.push(v);
          continue;
        }
        if (e.op === 'or' ? t : !t) return maybe.length ? choice([...maybe, v]) : v;
      }
      return maybe.length ? choice([...maybe, last]) : last;
    }
    case 'ifexp': {
      const t = ip.certainTruth(evalExpr(ip, e.test, scope));
      if (t === true) return evalExpr(ip, e.body, scope);
      if (t === false) return evalExpr(ip, e.orelse, scope);
      return choice([evalExpr(ip, e.body, scope), evalExpr(ip, e.orelse, scope)]);
    }
    case 'comp': {
      const iter = evalExpr(ip, e.iter, scope);
      if ((iter.k === 'list' || iter.k === 'tuple' || iter.k === 'set') && iter.items.length <= MAX_LOOP && e.kind !== 'dict') {
        const inner: Scope = { vars: new Map(), parent: scope, module: scope.module };
        const items = iter.items.map((it) => {
          ip.assignTarget(e.target, it, inner, { returns: [] }, e.loc);
          return evalExpr(ip, e.elt, inner);
        });
        return { k: e.kind === 'set' ? 'set' : 'list', items, src: 'src' in iter ? iter.src : undefined } as Value;
      }
      return UNKNOWN('comprehension');
    }
    case 'walrus': {
      const v = evalExpr(ip, e.v, scope);
      scope.vars.set(e.target, v);
      return v;
    }
    case 'starred':
      return evalExpr(ip, e.v, scope);
    case 'await':
      evalExpr(ip, e.v, scope);
      return UNKNOWN('await');
    case 'lambda':
      // a function whose body returns the expression (`Field(default_factory=lambda: [...])`, `Depends(lambda: ...)`)
      return ip.defineFunction(
        { t: 'def', name: '<lambda>', async: false, params: e.params, decorators: [], body: [{ t: 'return', v: e.body, loc: e.loc }], loc: e.loc, defLoc: e.loc },
        scope,
      );
    case 'unk':
      return UNKNOWN(e.what);
  }
}

export function stringify(ip: Evaluator, v: Value): string | undefined {
  if (v.k === 'str') return v.v;
  if (v.k === 'num') return String(v.v);
  if (v.k === 'bool') return v.v ? 'True' : 'False';
  if (v.k === 'none') return 'None';
  return asStr(v);
}

export function lookup(ip: Evaluator, name: string, scope: Scope): Value {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const v = s.vars.get(name);
    if (v !== undefined) return v;
  }
  const g = scope.module.ns.get(name);
  if (g !== undefined) return g;
  if (BUILTIN_NAMES.has(name)) return { k: 'ext', path: `builtins.${name}` };
  return UNKNOWN(`undefined name ${name}`);
}

export function evalArgs(ip: Evaluator, args: Arg[], scope: Scope, loc: SrcLoc): CallArgs {
  const out: CallArgs = { pos: [], kw: new Map(), open: false, loc };
  for (const a of args) {
    const v = evalExpr(ip, a.v, scope);
    if (a.star === 1) {
      if (v.k === 'list' || v.k === 'tuple') out.pos.push(...v.items);
      else out.open = true;
    } else if (a.star === 2) {
      if (v.k === 'dict') {
        for (const [k, x] of v.entries) if (k.k === 'str') out.kw.set(k.v, x);
      } else out.open = true;
    } else if (a.name) out.kw.set(a.name, v);
    else out.pos.push(v);
  }
  return out;
}

function subscript(ip: Evaluator, obj: Value, index: Expr, scope: Scope): Value {
  if (obj.k === 'ext') {
    if (obj.path === 'typing.Annotated') {
      const items = index.t === 'tuple' ? index.items : [index];
      const vals = items.map((i) => evalExpr(ip, i, scope));
      const base = vals[0] ?? UNKNOWN('Annotated');
      // Annotated[Annotated[T, a], b] is Annotated[T, a, b]
      if (base.k === 'annotated') return { k: 'annotated', base: base.base, extras: [...base.extras, ...vals.slice(1)] };
      return { k: 'annotated', base, extras: vals.slice(1) };
    }
    if (obj.path === 'os.environ') {
      const key = asStr(evalExpr(ip, index, scope));
      return key ? { k: 'env', name: key, loc: srcLoc(scope.module.file, index.loc) } : UNKNOWN('os.environ[?]');
    }
    // typing generics (Optional[X], List[X], …): the parameters do not matter here
    evalExpr(ip, index, scope);
    return { k: 'ext', path: `${obj.path}[]` };
  }
  const key = evalExpr(ip, index, scope);
  if (obj.k === 'dict') {
    for (const [k, v] of obj.entries) if (k.k === key.k && 'v' in k && 'v' in key && k.v === key.v) return v;
    // dispatch on a value we do not know (`{"local": A(), "prod": B()}[env]`): any of them
    if (!('v' in key) && obj.entries.length > 0 && obj.entries.length <= 16) return choice(obj.entries.map(([, v]) => v));
    return UNKNOWN('missing dict key');
  }
  if ((obj.k === 'list' || obj.k === 'tuple') && key.k === 'num') {
    const i = key.v < 0 ? obj.items.length + key.v : key.v;
    return obj.items[i] ?? UNKNOWN('index out of range');
  }
  return UNKNOWN('subscript');
}

export function binop(ip: Evaluator, op: string, l: Value, r: Value): Value {
  if (l.k === 'choice' || r.k === 'choice') {
    const out: Value[] = [];
    for (const a of alternatives(l)) for (const b of alternatives(r)) out.push(binop(ip, op, a, b));
    return out.length <= 16 ? choice(out) : UNKNOWN('too many alternatives');
  }
  if (op === '+') {
    const a = l.k === 'env' ? l.dflt : l;
    const b = r.k === 'env' ? r.dflt : r;
    if (a?.k === 'str' && b?.k === 'str') return str(a.v + b.v);
    if (a?.k === 'num' && b?.k === 'num') return { k: 'num', v: a.v + b.v };
    if ((a?.k === 'list' && b?.k === 'list') || (a?.k === 'tuple' && b?.k === 'tuple')) {
      return a.items.length + b.items.length <= MAX_ITEMS ? { k: a.k, items: [...a.items, ...b.items] } : UNKNOWN('list too long');
    }
  }
  if (op === '%' && l.k === 'str') return UNKNOWN('% formatting');
  if (op === '|' || op === '&') return UNKNOWN('bit operation');
  return UNKNOWN(`operator ${op}`);
}

function compare(ip: Evaluator, e: Extract<Expr, { t: 'cmp' }>, scope: Scope): Value {
  if (e.ops.length !== 1 || e.operands.length !== 2) {
    for (const o of e.operands) evalExpr(ip, o, scope);
    return UNKNOWN('chained comparison');
  }
  const a = evalExpr(ip, e.operands[0]!, scope);
  const b = evalExpr(ip, e.operands[1]!, scope);
  const op = e.ops[0]!;
  const lit = (v: Value): unknown => (v.k === 'str' || v.k === 'num' || v.k === 'bool' ? v.v : v.k === 'none' ? null : undefined);
  const x = lit(a);
  const y = lit(b);
  if (x === undefined || y === undefined) {
    if ((op === 'in' || op === 'not in') && x !== undefined && (b.k === 'list' || b.k === 'tuple' || b.k === 'set')) {
      const ys = b.items.map(lit);
      if (ys.every((v) => v !== undefined)) {
        const res = ys.includes(x) === (op === 'in');
        // `os.getenv("X", "").strip() in ("1", "true")`: still a default, not a fact
        return 'src' in a && a.src?.soft ? { k: 'bool', v: res, src: { name: 'settings comparison', soft: true } } : { k: 'bool', v: res };
      }
    }
    return UNKNOWN('comparison of unknown values');
  }
  const soft = ('src' in a && a.src?.soft) || ('src' in b && b.src?.soft);
  let res: boolean | undefined;
  switch (op) {
    case '==':
    case 'is':
      res = x === y;
      break;
    case '!=':
    case 'is not':
      res = x !== y;
      break;
    case 'in':
    case 'not in':
      if (typeof x === 'string' && typeof y === 'string') res = y.includes(x) === (op === 'in');
      break;
    default:
      if (typeof x === 'number' && typeof y === 'number') {
        res = op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : op === '>=' ? x >= y : undefined;
      }
  }
  if (res === undefined) return UNKNOWN('comparison');
  return soft ? { k: 'bool', v: res, src: { name: 'settings comparison', soft: true } } : { k: 'bool', v: res };
}
