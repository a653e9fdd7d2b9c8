/**
 * Calls of user code: functions with bound arguments (bounded depth, no recursion), methods, callable
 * instances, and classes (`__init__` runs; pydantic models and settings get their field defaults).
 */
import { NONE, UNKNOWN, choice, soften, str, withSrc, type CallArgs, type ClassRec, type FuncRec, type InstRec, type Scope, type Value } from '../values.js';
import { MAX_CALL_DEPTH, type Evaluator, type Flow, type Frame } from './evaluator.js';

export function call(ip: Evaluator, fn: Value, args: CallArgs, scope?: Scope): Value {
  switch (fn.k) {
    case 'func':
      return callFunction(ip, fn.fn, args);
    case 'class':
      return instantiate(ip, fn.cls, args);
    case 'ext':
      return ip.callExt(fn.path, args, scope);
    case 'method':
      if (fn.fn) {
        const outer = ip.routerSite === undefined && fn.self.k === 'inst' && fn.self.inst.router !== undefined;
        if (outer) ip.routerSite = args.loc;
        try {
          return callFunction(ip, fn.fn, { ...args, pos: [fn.self, ...args.pos] });
        } finally {
          if (outer) ip.routerSite = undefined;
        }
      }
      return ip.callMethod(fn.self, fn.name, args);
    case 'routedeco':
    case 'identitydeco':
    case 'wraps':
      // `@cli.command()`, `@cli.command("serve")`: the decorator factory's call gives the decorator
      if (fn.k === 'identitydeco' && fn.mark === 'command' && args.pos[0]?.k !== 'func') return fn;
      return args.pos[0] ? ip.applyDecorator(fn, args.pos[0], args.loc) : UNKNOWN('decorator without argument');
    case 'inst': {
      if (fn.inst.cls.k === 'class') {
        const c = ip.classAttr(fn.inst.cls.cls, '__call__');
        if (c?.k === 'func') return callFunction(ip, c.fn, { ...args, pos: [fn, ...args.pos] });
      }
      return UNKNOWN('call of an instance');
    }
    case 'choice': {
      const outs = fn.options.slice(0, 8).map((o) => call(ip, o, args, scope));
      return choice(outs);
    }
    default:
      return UNKNOWN(`call of ${fn.k}`);
  }
}

export function callFunction(ip: Evaluator, fn: FuncRec, args: CallArgs): Value {
  if (ip.depth >= MAX_CALL_DEPTH || ip.active.has(fn)) return UNKNOWN('call depth');
  if (fn.def.gen) return UNKNOWN('generator');
  const scope: Scope & { fnQual?: string } = { vars: new Map(), parent: fn.closure, module: fn.module };
  scope.fnQual = fn.qualname;
  const params = fn.params ?? [];
  let pi = 0;
  const rest: Value[] = [];
  for (const a of args.pos) {
    while (pi < params.length && (params[pi]!.kind === 'kw' || params[pi]!.kind === 'varkw')) pi++;
    const p = params[pi];
    if (p && (p.kind === 'pos' || p.kind === 'posonly')) {
      scope.vars.set(p.name, a);
      pi++;
    } else rest.push(a);
  }
  for (const p of params) {
    if (scope.vars.has(p.name)) continue;
    if (p.kind === 'var') scope.vars.set(p.name, args.open ? UNKNOWN('*args') : { k: 'tuple', items: rest });
    else if (p.kind === 'varkw') {
      const entries: Array<[Value, Value]> = [];
      for (const [k, v] of args.kw) if (!params.some((q) => q.name === k && q.kind !== 'posonly')) entries.push([str(k), v]);
      scope.vars.set(p.name, args.open ? UNKNOWN('**kwargs') : { k: 'dict', entries });
    } else {
      const kw = p.kind !== 'posonly' ? args.kw.get(p.name) : undefined;
      // with `*args`/`**kwargs` in the call (or an entry point run with no arguments) a default may
      // not be what the parameter gets: a condition on it runs both branches
      const dflt = p.def && args.open ? soften(p.def) : p.def;
      scope.vars.set(p.name, kw ?? dflt ?? UNKNOWN(`argument ${p.name}`));
    }
  }
  if (fn.ownerClass && params[0]) {
    scope.fnClass = fn.ownerClass;
    scope.self = scope.vars.get(params[0].name);
  }
  ip.depth++;
  ip.active.add(fn);
  ip.called.add(fn.id);
  const caller = ip.current;
  ip.current = fn;
  const frame: Frame = { returns: [] };
  let flow: Flow;
  try {
    flow = ip.execBlock(fn.def.body, scope, frame);
  } finally {
    ip.current = caller;
    ip.active.delete(fn);
    ip.depth--;
  }
  const outs = [...frame.returns];
  if (flow === 'normal' || flow === 'break' || flow === 'continue') outs.push(NONE);
  if (outs.length === 0) return UNKNOWN('function always raises');
  return choice(outs);
}

export function instantiate(ip: Evaluator, cls: ClassRec, args: CallArgs): Value {
  const inst: InstRec = { id: ip.newId(), cls: { k: 'class', cls }, args, attrs: new Map(), loc: args.loc, conditional: ip.conditional };
  ip.track(inst);
  ip.instantiated.add(cls);
  const self: Value = { k: 'inst', inst };
  const bases = ip.extBases(cls);
  const routerBase = bases.find((b) => b === 'fastapi.FastAPI' || b === 'fastapi.APIRouter' || b === 'fastapi.Starlette' || b === 'fastapi.Router');
  if (routerBase) ip.routers.initRouter(inst, routerBase, { pos: [], kw: new Map(), open: false, loc: args.loc }, false);
  if (bases.some((b) => b === 'pydantic.BaseSettings' || b === 'pydantic.BaseModel')) {
    const soft = bases.includes('pydantic.BaseSettings');
    for (const c of ip.mro(cls).reverse()) {
      if (c.k !== 'class') continue;
      for (const f of c.cls.fields) {
        let v = c.cls.ns.get(f);
        if (v === undefined) continue;
        if (v.k === 'inst' && v.inst.cls.k === 'ext' && v.inst.cls.path === 'pydantic.Field') v = fieldDefault(ip, v.inst.args);
        const srcName = `${c.cls.name}.${f}`;
        const prov = 'src' in v && v.src ? { ...v.src, name: srcName, soft } : { name: srcName, soft, loc: c.cls.loc };
        inst.attrs.set(f, withSrc(v, prov, true));
      }
    }
    for (const [k, v] of args.kw) inst.attrs.set(k, v);
    return self;
  }
  const init = ip.classAttr(cls, '__init__');
  if (init?.k === 'func') callFunction(ip, init.fn, { ...args, pos: [self, ...args.pos] });
  else if (routerBase) ip.routers.initRouter(inst, routerBase, args, true);
  return self;
}

/** `Field(default)`, `Field(default=...)`, `Field(default_factory=f)` (f is called). */
function fieldDefault(ip: Evaluator, args: CallArgs): Value {
  const d = args.kw.get('default') ?? args.pos[0];
  if (d && !(d.k === 'ext' && d.path === 'builtins.Ellipsis')) return d;
  const factory = args.kw.get('default_factory');
  if (factory) return ip.call(factory, { pos: [], kw: new Map(), open: false, loc: args.loc });
  return UNKNOWN('Field');
}
