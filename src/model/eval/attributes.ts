/**
 * Attributes and classes: attribute lookup on modules, classes, instances and library symbols, the
 * method resolution order of user classes, and `super()`.
 */
import { UNKNOWN, choice, type ClassRec, type Scope, type Value } from '../values.js';
import type { Evaluator } from './evaluator.js';

export function getAttr(ip: Evaluator, v: Value, name: string): Value {
  switch (v.k) {
    case 'module': {
      const x = v.mod.ns.get(name);
      if (x !== undefined) return x;
      const m = ip.submodule(v.mod, name);
      if (m) return { k: 'module', mod: m };
      return UNKNOWN(`${v.mod.name}.${name} not found`);
    }
    case 'ext':
      return ip.ext(`${v.path}.${name}`);
    case 'class': {
      const x = classAttr(ip, v.cls, name);
      return x ?? UNKNOWN(`${v.cls.qualname}.${name} not found`);
    }
    case 'inst': {
      const own = v.inst.attrs.get(name);
      if (own !== undefined) return own;
      if (v.inst.cls.k === 'class') {
        const x = classAttr(ip, v.inst.cls.cls, name);
        if (x?.k === 'func' && x.fn.property) {
          // read once per instance (as `cached_property` does; a plain property that changes is rare
          // in the code that configures apps): each read would run its body again
          const key = `@property ${x.fn.id}`;
          let r = v.inst.attrs.get(key);
          if (r === undefined) {
            v.inst.attrs.set(key, UNKNOWN('property being read'));
            r = ip.callFunction(x.fn, { pos: [v], kw: new Map(), open: false, loc: x.fn.loc });
            v.inst.attrs.set(key, r);
          }
          return r;
        }
        if (x?.k === 'func') return { k: 'method', self: v, name, fn: x.fn };
        if (x !== undefined) return x;
      }
      // app.router is the app's own APIRouter: same routes, same dependencies
      if (v.inst.router && name === 'router' && v.inst.router.kind !== 'router') return v;
      return { k: 'method', self: v, name };
    }
    case 'choice': {
      const opts = v.options.slice(0, 16).map((o) => getAttr(ip, o, name));
      return choice(opts);
    }
    case 'super':
      return superAttr(ip, v.cls, v.self, name);
    case 'str':
    case 'list':
    case 'tuple':
    case 'dict':
    case 'env':
      return { k: 'method', self: v, name };
    case 'func':
      // `@cli.command()` on a click group
      if (v.fn.command && (name === 'command' || name === 'group')) return { k: 'identitydeco', mark: 'command' };
      return UNKNOWN(`attribute ${name} of a function`);
    default:
      return UNKNOWN(`attribute ${name} of ${v.k}`);
  }
}

/** Method resolution order of a user class: itself, then bases depth-first (good enough for mixins). */
export function mro(ip: Evaluator, cls: ClassRec): Value[] {
  const out: Value[] = [];
  const seen = new Set<unknown>();
  const visit = (c: Value, depth: number): void => {
    if (depth > 20) return;
    const key = c.k === 'class' ? c.cls : c.k === 'ext' ? c.path : c;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
    if (c.k === 'class') for (const b of c.cls.bases) visit(b, depth + 1);
  };
  visit({ k: 'class', cls }, 0);
  return out;
}

export function classAttr(ip: Evaluator, cls: ClassRec, name: string): Value | undefined {
  for (const c of mro(ip, cls)) {
    if (c.k === 'class') {
      const x = c.cls.ns.get(name);
      if (x !== undefined) return x;
    }
  }
  return undefined;
}

/** The external base a class derives from (`fastapi.FastAPI`, `pydantic.BaseSettings`, …), if any. */
export function extBases(ip: Evaluator, cls: ClassRec): string[] {
  return mro(ip, cls).flatMap((c) => (c.k === 'ext' ? [c.path] : []));
}

export function makeSuper(ip: Evaluator, scope: Scope): Value {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.fnClass && s.self) return { k: 'super', cls: s.fnClass, self: s.self };
  }
  return UNKNOWN('super() outside a method');
}

function superAttr(ip: Evaluator, cls: ClassRec, self: Value, name: string): Value {
  const order = self.k === 'inst' && self.inst.cls.k === 'class' ? mro(ip, self.inst.cls.cls) : mro(ip, cls);
  const i = order.findIndex((c) => c.k === 'class' && c.cls === cls);
  for (const c of order.slice(i + 1)) {
    if (c.k === 'class') {
      const x = c.cls.ns.get(name);
      if (x?.k === 'func') return { k: 'method', self, name, fn: x.fn };
      if (x !== undefined) return x;
    } else if (c.k === 'ext') {
      return { k: 'method', self, name: `super:${c.path}:${name}` };
    }
  }
  return { k: 'method', self, name: `super::${name}` };
}
