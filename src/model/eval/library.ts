/**
 * Calls of library code we model: `os.getenv`, builtins (`str`, `list`, `getattr`, `len`…), `functools`,
 * Starlette's `requires`, methods of strings, lists, dicts and environment values; FastAPI and
 * router calls go to ../routes.ts. Library classes become instances that rules can read back.
 */
import { MAX_ITEMS, NONE, UNKNOWN, asStr, str, truthy, withSrc, type CallArgs, type InstRec, type Scope, type Value } from '../values.js';
import { clickCall, commandMethod, serverStart } from './commands.js';
import type { Evaluator } from './evaluator.js';

export function callExt(ip: Evaluator, path: string, args: CallArgs, scope?: Scope): Value {
  const special = ip.routers.callExt(path, args);
  if (special) return special;
  if (scope) ip.extCalls.push({ path, args, loc: args.loc, conditional: ip.conditional, module: scope.module });
  serverStart(ip, path, args, scope);
  const click = clickCall(path, args);
  if (click) return click;
  switch (path) {
    case 'os.getenv': {
      const name = asStr(args.pos[0]);
      if (!name) return UNKNOWN('os.getenv(?)');
      const dflt = args.pos[1] ?? args.kw.get('default');
      return dflt ? { k: 'env', name, dflt, loc: args.loc } : { k: 'env', name, loc: args.loc };
    }
    case 'functools.wraps':
      return args.pos[0] ? { k: 'wraps', target: args.pos[0] } : UNKNOWN('wraps()');
    case 'starlette.authentication.requires': {
      // `requires([])` asks for nothing; any other scopes (or ones we cannot read) are checked
      const scopes = args.pos[0] ?? args.kw.get('scopes');
      const none = scopes && ((scopes.k === 'str' && scopes.v === '') || ((scopes.k === 'list' || scopes.k === 'tuple') && scopes.items.length === 0));
      return none ? { k: 'identitydeco', note: path } : { k: 'identitydeco', mark: 'requires', loc: args.loc };
    }
    case 'functools.lru_cache':
    case 'functools.cache':
    case 'builtins.staticmethod':
    case 'builtins.classmethod':
    case 'builtins.property':
      if (args.pos[0] && (args.pos[0].k === 'func' || args.pos[0].k === 'class')) return path === 'builtins.property' ? asProperty(args.pos[0]) : args.pos[0];
      return { k: 'identitydeco', note: path };
    case 'functools.cached_property':
      return args.pos[0] ? asProperty(args.pos[0]) : UNKNOWN('cached_property()');
    // what the server itself does with an import string (`import_from_string("pkg.main:app")`)
    case 'uvicorn.importer.import_from_string':
    case 'importlib.import_module': {
      const s = asStr(args.pos[0]);
      const m = s !== undefined ? /^([A-Za-z_][\w.]*)(?::([A-Za-z_][\w.]*))?$/.exec(s) : null;
      const key = m && scope ? ip.index.resolve(m[1]!, scope.module.root) : undefined;
      const mod = key ? ip.loadModule(key) : undefined;
      if (!m || !mod) return UNKNOWN(`${path}(?)`);
      let v: Value = { k: 'module', mod };
      if (m[2]) for (const part of m[2].split('.')) v = ip.getAttr(v, part);
      return v;
    }
    case 'typing.cast':
      return args.pos[1] ?? UNKNOWN('cast');
    case 'builtins.str': {
      const a = args.pos[0];
      if (!a) return str('');
      const s = ip.stringify(a);
      return s !== undefined ? str(s, 'src' in a ? a.src : undefined) : a.k === 'env' ? a : UNKNOWN('str()');
    }
    case 'builtins.list':
    case 'builtins.tuple':
    case 'builtins.set': {
      const a = args.pos[0];
      const kind = path.slice(9) as 'list' | 'tuple' | 'set';
      if (!a) return { k: kind, items: [] };
      if (a.k === 'list' || a.k === 'tuple' || a.k === 'set') return { k: kind, items: [...a.items], src: a.src };
      return UNKNOWN(`${kind}()`);
    }
    case 'builtins.dict': {
      const entries: Array<[Value, Value]> = [];
      for (const [k, v] of args.kw) entries.push([str(k), v]);
      return { k: 'dict', entries };
    }
    case 'builtins.bool': {
      const t = args.pos[0] ? truthy(args.pos[0]) : false;
      return t === undefined ? UNKNOWN('bool()') : { k: 'bool', v: t };
    }
    case 'builtins.getattr': {
      const [obj, name, dflt] = args.pos;
      const n = asStr(name);
      if (!obj || !n) return dflt ?? UNKNOWN('getattr');
      const r = ip.getAttr(obj, n);
      return r.k === 'unknown' && dflt ? dflt : r;
    }
    case 'builtins.super':
      return scope ? ip.makeSuper(scope) : UNKNOWN('super');
    case 'builtins.len': {
      const a = args.pos[0];
      if (a && (a.k === 'list' || a.k === 'tuple' || a.k === 'set')) return { k: 'num', v: a.items.length };
      if (a && a.k === 'str') return { k: 'num', v: a.v.length };
      return UNKNOWN('len');
    }
    default: {
      const last = path.slice(path.lastIndexOf('.') + 1).replace(/\[\]$/, '');
      // Classes of libraries (CORSMiddleware, HTTPException, APIKeyQuery, Field…) become instances we can read back.
      if (/^[A-Z]/.test(last) && !path.endsWith('[]')) {
        const inst: InstRec = { id: ip.newId(), cls: { k: 'ext', path }, args, attrs: new Map(), loc: args.loc, conditional: ip.conditional };
        ip.track(inst);
        return { k: 'inst', inst };
      }
      // a library function handed an app gives it back, as far as we know (`app = gr.mount_gradio_app(app, ...)`):
      // what the code does with the result next still reaches the app
      const a0 = args.pos[0];
      if (a0?.k === 'inst' && a0.inst.router) return a0;
      return UNKNOWN(`result of ${path}()`);
    }
  }
}

export function callMethod(ip: Evaluator, self: Value, name: string, args: CallArgs): Value {
  if (self.k === 'inst' && self.inst.router) {
    const r = ip.routers.callRouterMethod(self.inst, name, args);
    if (r) return r;
  }
  if (self.k === 'inst') {
    const r = commandMethod(ip, self.inst, name, args);
    if (r) return r;
  }
  if (name.startsWith('super:')) {
    const [, base, meth] = name.split(':');
    if (meth === '__init__' && self.k === 'inst' && self.inst.router && base) {
      ip.routers.initRouter(self.inst, base, args, true);
      return NONE;
    }
    if (meth === '__init__' && self.k === 'inst' && base && (base === 'pydantic.BaseSettings' || base === 'pydantic.BaseModel')) return NONE;
    // a router subclass that overrides a method and calls the library's (`super().add_api_route(...)`)
    if (meth && self.k === 'inst' && self.inst.router) {
      const r = ip.routers.callRouterMethod(self.inst, meth, ip.routerSite ? { ...args, loc: ip.routerSite } : args);
      if (r) return r;
    }
    return UNKNOWN(`super().${meth}`);
  }
  if (self.k === 'str') return strMethod(ip, self, name, args);
  if (self.k === 'list') {
    const room = MAX_ITEMS - self.items.length;
    if (name === 'append' && args.pos[0] && room > 0) self.items.push(args.pos[0]);
    else if (name === 'extend' && args.pos[0] && (args.pos[0].k === 'list' || args.pos[0].k === 'tuple')) self.items.push(...args.pos[0].items.slice(0, Math.max(0, room)));
    else if (name === 'insert' && args.pos[1] && room > 0) self.items.unshift(args.pos[1]);
    else if (name === 'copy') return { k: 'list', items: [...self.items] };
    return NONE;
  }
  if (self.k === 'dict') {
    if (name === 'get') {
      const key = args.pos[0];
      for (const [k, v] of self.entries) if (key && k.k === key.k && 'v' in k && 'v' in key && k.v === key.v) return v;
      return args.pos[1] ?? NONE;
    }
    if (name === 'copy') return { k: 'dict', entries: [...self.entries] };
    if (name === 'update' && args.pos[0]?.k === 'dict') self.entries.push(...args.pos[0].entries);
    return UNKNOWN(`dict.${name}`);
  }
  if (self.k === 'env') {
    const d = self.dflt;
    if (d && d.k === 'str') {
      // what the default gives is still a default: a condition on it runs both branches
      return withSrc(strMethod(ip, d, name, args), { name: `os.getenv(${JSON.stringify(self.name)})`, loc: self.loc, soft: true }, true);
    }
    return UNKNOWN(`method ${name} of an environment value`);
  }
  return UNKNOWN(`method ${name}`);
}

function strMethod(ip: Evaluator, self: Extract<Value, { k: 'str' }>, name: string, args: CallArgs): Value {
  const s = self.v;
  const a0 = asStr(args.pos[0]);
  const keep = (v: string): Value => str(v, self.src);
  switch (name) {
    case 'split': {
      const parts = a0 !== undefined ? s.split(a0) : s.trim().split(/\s+/).filter(Boolean);
      return { k: 'list', items: parts.map((p) => keep(p)), src: self.src };
    }
    case 'strip':
    case 'lstrip':
    case 'rstrip': {
      const chars = a0 ?? ' \t\n\r';
      let lo = 0;
      let hi = s.length;
      if (name !== 'rstrip') while (lo < hi && chars.includes(s[lo]!)) lo++;
      if (name !== 'lstrip') while (hi > lo && chars.includes(s[hi - 1]!)) hi--;
      return keep(s.slice(lo, hi));
    }
    case 'lower':
      return keep(s.toLowerCase());
    case 'upper':
      return keep(s.toUpperCase());
    case 'replace':
      return a0 !== undefined && asStr(args.pos[1]) !== undefined ? keep(s.split(a0).join(asStr(args.pos[1])!)) : UNKNOWN('replace');
    case 'removeprefix':
      return a0 !== undefined ? keep(s.startsWith(a0) ? s.slice(a0.length) : s) : UNKNOWN('removeprefix');
    case 'removesuffix':
      return a0 !== undefined ? keep(s.endsWith(a0) && a0 ? s.slice(0, -a0.length) : s) : UNKNOWN('removesuffix');
    case 'startswith':
      return a0 !== undefined ? { k: 'bool', v: s.startsWith(a0) } : UNKNOWN('startswith');
    case 'endswith':
      return a0 !== undefined ? { k: 'bool', v: s.endsWith(a0) } : UNKNOWN('endswith');
    case 'join': {
      const l = args.pos[0];
      if (l && (l.k === 'list' || l.k === 'tuple')) {
        const parts = l.items.map((i) => asStr(i));
        if (parts.every((p) => p !== undefined)) return str(parts.join(s));
      }
      return UNKNOWN('join');
    }
    case 'format':
      return UNKNOWN('str.format');
    default:
      return UNKNOWN(`str.${name}`);
  }
}

/** `@property` / `@cached_property`: reading the attribute calls the function. */
function asProperty(v: Value): Value {
  return v.k === 'func' ? { k: 'func', fn: { ...v.fn, property: true } } : v;
}
