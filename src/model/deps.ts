/**
 * FastAPI's dependant, rebuilt: for a callable (handler, dependency function, class, callable
 * instance, bound method), its parameters that are `Depends`/`Security` (as defaults or inside
 * `Annotated[...]`, aliases included), recursively. Each callable's subtree is built once.
 *
 * Names follow the oracle's convention (shared/oracle/README.md): functions and classes
 * `module.qualname`; instances by the module-level variable that holds them, else
 * `module.Class()`.
 */
import { realName, schemeClass } from './externals.js';
import type { Interp } from './interp.js';
import { RejectAnalyzer, unwrap, type Rejection } from './auth.js';
import { injected } from './injector.js';
import { alternatives, settled, type ClassRec, type DepSpec, type FuncRec, type InstRec, type ParamRec, type SrcLoc, type Value } from './values.js';

export type DepKind = 'function' | 'class' | 'instance' | 'security_scheme' | 'method' | 'unresolved';

export interface DepNode {
  name: string;
  kind: DepKind;
  /** The handler/dependency parameter it fills; null for `dependencies=[...]` entries. */
  param: string | null;
  spec: DepSpec;
  call?: Value;
  /** Where the parameter sits, or the `Depends(...)` call for lists. */
  loc: SrcLoc;
  /** The Annotated alias the parameter used, if any (`CurrentUser`). */
  alias?: { name: string; loc?: SrcLoc };
  children: DepNode[];
  /** This node's own contribution to auth. */
  own: OwnAuth;
}

export type OwnAuth =
  | { kind: 'scheme'; autoError: boolean; scheme: string }
  | { kind: 'security' }
  | { kind: 'rejects'; rejection: Rejection }
  | { kind: 'configured'; pattern: string }
  | { kind: 'unresolved'; why: string }
  | { kind: 'none' };

interface Sub {
  name: string;
  kind: DepKind;
  children: DepNode[];
  own: OwnAuth;
}

export class DependantBuilder {
  private readonly subs = new Map<unknown, Sub>();
  private readonly building = new Set<unknown>();
  readonly rejects: RejectAnalyzer;

  constructor(
    private readonly ip: Interp,
    private readonly instanceName: (inst: InstRec) => string | undefined,
    private readonly authPatterns: (name: string) => string | undefined,
  ) {
    this.rejects = new RejectAnalyzer(ip);
  }

  /** The dependency parameters of a handler (its signature), as nodes. */
  paramsOf(call: Value): DepNode[] {
    const sig = this.signature(call);
    if (!sig) return [];
    const out: DepNode[] = [];
    for (const p of sig.params) {
      const n = this.paramNode(sig.fn, p);
      if (n) out.push(n);
    }
    return out;
  }

  /**
   * Class-based views (fastapi-utils / fastapi-restful `@cbv(router)`, and projects that copied it):
   * a handler that is a method taking `self` gets `self` from the class's own dependencies, its
   * class attributes whose default is `Depends(...)` (the most derived definition of each name).
   */
  classViewParams(handler: FuncRec): DepNode[] {
    const cls = handler.ownerClass;
    if (!cls || handler.params?.[0]?.name !== 'self') return [];
    const out: DepNode[] = [];
    const seen = new Set<string>();
    for (const c of this.ip.mro(cls)) {
      if (c.k !== 'class') continue;
      for (const [name, v] of c.cls.ns) {
        if (seen.has(name)) continue;
        seen.add(name);
        const own = this.ip.classAttr(cls, name);
        const dep = own ? alternatives(own).find((x) => x.k === 'depends') : undefined;
        if (dep && dep.k === 'depends') out.push(this.node(dep.spec, dep.spec.target, name, dep.spec.loc));
        void v;
      }
    }
    return out;
  }

  /** A `dependencies=[Depends(x)]` entry as a node. */
  listNode(spec: DepSpec): DepNode {
    return this.node(spec, spec.target, null, spec.loc);
  }

  private paramNode(fn: FuncRec, p: ParamRec): DepNode | undefined {
    if (p.kind === 'var' || p.kind === 'varkw') return undefined;
    const ann = this.ip.annotationOf(fn, p);
    let typeAnn: Value | undefined = ann;
    let spec: DepSpec | undefined;
    let alias: DepNode['alias'];
    if (ann && ann.k === 'annotated') {
      typeAnn = ann.base;
      const markers = ann.extras.flatMap(alternatives).filter((x): x is Extract<Value, { k: 'depends' }> => x.k === 'depends');
      const last = markers[markers.length - 1];
      if (last) {
        spec = last.spec;
        if (ann.src) alias = { name: ann.src.name.slice(ann.src.name.lastIndexOf('.') + 1), loc: ann.src.loc };
      }
    }
    const dflt = p.def ? alternatives(p.def).find((x) => x.k === 'depends') : undefined;
    if (dflt && dflt.k === 'depends') spec = dflt.spec;
    if (!spec) return undefined;
    const n = this.node(spec, spec.target ?? typeAnn, p.name, alias ? spec.loc : p.loc);
    if (alias) n.alias = alias;
    return n;
  }

  private node(spec: DepSpec, call: Value | undefined, param: string | null, loc: SrcLoc): DepNode {
    const target = call ? injected(this.ip, pick(call), spec) : undefined;
    const sub = target ? this.sub(target) : { name: '?', kind: 'unresolved' as const, children: [], own: { kind: 'unresolved' as const, why: 'Depends() without a dependency' } };
    let own = sub.own;
    if (spec.security && own.kind !== 'scheme' && own.kind !== 'rejects') own = { kind: 'security' };
    return { name: sub.name, kind: sub.kind, param, spec, call: target, loc, children: sub.children, own };
  }

  private sub(call: Value): Sub {
    const key = identity(call);
    const cached = this.subs.get(key);
    if (cached) return cached;
    if (this.building.has(key)) return { name: this.nameOf(call), kind: this.kindOf(call), children: [], own: { kind: 'none' } };
    this.building.add(key);
    const name = this.nameOf(call);
    const kind = this.kindOf(call);
    let own: OwnAuth = { kind: 'none' };
    let children: DepNode[] = [];
    if (kind === 'unresolved') own = { kind: 'unresolved', why: call.k === 'unknown' ? call.why : `cannot see into ${name}` };
    else if (kind === 'security_scheme' && call.k === 'inst') {
      const ae = call.inst.args.kw.get('auto_error');
      own = { kind: 'scheme', autoError: !(ae && ae.k === 'bool' && !ae.v), scheme: schemeName(this.ip, call.inst) };
      // a user subclass may override __call__ with dependencies of its own
      children = call.inst.cls.k === 'class' ? this.paramsOf(call) : [];
    } else {
      children = this.paramsOf(call);
      const rej = this.bodyRejects(call);
      if (rej) own = { kind: 'rejects', rejection: rej };
    }
    const pattern = this.authPatterns(name);
    if (pattern && own.kind !== 'scheme') own = { kind: 'configured', pattern };
    const s: Sub = { name, kind, children, own };
    this.building.delete(key);
    this.subs.set(key, s);
    return s;
  }

  private bodyRejects(call: Value): Rejection | undefined {
    const fns: FuncRec[] = [];
    if (call.k === 'func') fns.push(call.fn);
    else if (call.k === 'method' && call.fn) fns.push(call.fn);
    else if (call.k === 'class') {
      const init = this.ip.classAttr(call.cls, '__init__');
      if (init?.k === 'func') fns.push(init.fn);
    } else if (call.k === 'inst' && call.inst.cls.k === 'class') {
      const c = this.ip.classAttr(call.inst.cls.cls, '__call__');
      if (c?.k === 'func') fns.push(c.fn);
    }
    for (const f of fns) {
      const r = this.rejects.rejects(f);
      if (r) return r;
    }
    return undefined;
  }

  /** The function whose signature FastAPI reads for this callable, minus `self`. */
  signature(call: Value): { fn: FuncRec; params: ParamRec[] } | undefined {
    let fn: FuncRec | undefined;
    let dropSelf = false;
    if (call.k === 'func') fn = unwrap(call.fn);
    else if (call.k === 'method' && call.fn) {
      fn = unwrap(call.fn);
      dropSelf = true;
    } else if (call.k === 'class') {
      const init = this.ip.classAttr(call.cls, '__init__');
      if (init?.k === 'func') {
        fn = unwrap(init.fn);
        dropSelf = true;
      }
    } else if (call.k === 'inst' && call.inst.cls.k === 'class') {
      const c = this.ip.classAttr(call.inst.cls.cls, '__call__');
      if (c?.k === 'func') {
        fn = unwrap(c.fn);
        dropSelf = true;
      }
    }
    if (!fn) return undefined;
    const params = fn.params ?? [];
    return { fn, params: dropSelf ? params.slice(1) : params };
  }

  kindOf(call: Value): DepKind {
    switch (call.k) {
      case 'func':
        return 'function';
      case 'class':
        return 'class';
      case 'method':
        return call.fn ? 'method' : 'unresolved';
      case 'inst':
        return isScheme(this.ip, call.inst) ? 'security_scheme' : 'instance';
      case 'ext':
        // a library class (OAuth2PasswordRequestForm) is a leaf dependency we know; anything else we cannot see into
        return /\.[A-Z][A-Za-z0-9_]*$/.test(call.path) && call.path.startsWith('fastapi.') ? 'class' : 'unresolved';
      default:
        return 'unresolved';
    }
  }

  nameOf(call: Value): string {
    switch (call.k) {
      case 'func': {
        const f = unwrap(call.fn);
        return `${f.module.name}.${f.qualname}`;
      }
      case 'class':
        return classQual(call.cls);
      case 'method':
        return call.fn ? `${call.fn.module.name}.${call.fn.qualname}` : `?.${call.name}`;
      case 'inst': {
        const bound = this.instanceName(call.inst);
        if (bound) return bound;
        const c = call.inst.cls;
        return `${c.k === 'class' ? classQual(c.cls) : c.k === 'ext' ? realName(c.path) : '?'}()`;
      }
      case 'ext':
        return realName(call.path);
      default:
        return `?(${call.k === 'unknown' ? call.why : call.k})`;
    }
  }
}

function classQual(c: ClassRec): string {
  return `${c.module.name}.${c.qualname}`;
}

/** The one callable a dependency value stands for (a choice picks its first callable alternative). */
function pick(value: Value): Value {
  const v = settled(value);
  if (v.k !== 'choice') return v;
  return v.options.find((o) => o.k === 'func' || o.k === 'class' || o.k === 'inst' || o.k === 'method') ?? v.options[0]!;
}

function identity(v: Value): unknown {
  switch (v.k) {
    case 'func':
      return unwrap(v.fn);
    case 'class':
      return v.cls;
    case 'inst':
      return v.inst;
    case 'method':
      return v.fn ?? v;
    case 'ext':
      return `ext:${v.path}`;
    default:
      return v;
  }
}

export function isScheme(ip: Interp, inst: InstRec): boolean {
  const c = inst.cls;
  if (c.k === 'ext') return schemeClass(c.path) !== undefined;
  if (c.k === 'class') return ip.extBases(c.cls).some((b) => schemeClass(b) !== undefined);
  return false;
}

function schemeName(ip: Interp, inst: InstRec): string {
  const c = inst.cls;
  if (c.k === 'ext') return schemeClass(c.path) ?? c.path;
  if (c.k === 'class') return ip.extBases(c.cls).map(schemeClass).find((s) => s) ?? c.cls.name;
  return '?';
}
