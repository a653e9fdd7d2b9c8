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
import { AuthAnalyzer, credentialWire, unwrap, type Cred, type FnAuth, type Rejection, type Seed, type SettingTest } from './auth.js';
import { injected } from './injector.js';
import { alternatives, asStr, settled, type ClassRec, type DepSpec, type FuncRec, type InstRec, type ParamRec, type SrcLoc, type Value } from './values.js';

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

/**
 * What a dependency contributes to authentication by itself (DESIGN.md "What counts as
 * authentication"), given what its own sub-dependencies hand it:
 *
 * - `scheme`: a FastAPI security scheme (its `__call__` not overridden). It only extracts: with
 *   `auto_error` it refuses requests without the credential, but the value is a credential to
 *   verify, and whoever receives it decides (`cred`);
 * - `rejects`: a credential reaches the condition of a rejection (`credential`, `rejection`);
 * - `verifies`: it verifies a credential (decodes, compares, looks up, hands it to library code)
 *   without a rejection of its own. When it hands it to code that may raise on a bad one (`raises`:
 *   `jwt.decode`, a client of an auth service, not `compare_digest` whose answer nobody tests) and the
 *   credential is enforced (a scheme with `auto_error`, a required header), bad and missing
 *   credentials are both refused: it authenticates;
 * - `passes`: it returns the credential (or a value made of it) unverified: its consumer decides;
 * - `unverified`: it accepts a credential and never verifies it (FA108);
 * - `security`: `Security(...)` around a dependency that shows nothing else;
 * - `configured`: the config names it as authenticating;
 * - `unresolved`: we cannot see into it.
 */
export type OwnAuth =
  | { kind: 'scheme'; autoError: boolean; scheme: string; cred: Cred }
  | { kind: 'security' }
  | { kind: 'rejects'; rejection: Rejection; credential: Cred; bypass?: SettingTest; under?: SettingTest }
  | { kind: 'verifies'; credential: Cred; raises: boolean; fn?: FuncRec }
  | { kind: 'passes'; credential: Cred; fn?: FuncRec }
  | { kind: 'unverified'; credential: Cred; fn?: FuncRec }
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
  readonly auth: AuthAnalyzer;

  constructor(
    private readonly ip: Interp,
    private readonly instanceName: (inst: InstRec) => string | undefined,
    private readonly authPatterns: (name: string) => string | undefined,
  ) {
    this.auth = new AuthAnalyzer(ip);
    this.auth.schemeCred = (cls, self) => {
      const base = ip
        .extBases(cls)
        .map(schemeClass)
        .find((c): c is string => c !== undefined);
      if (!base) return undefined;
      const inst = self?.k === 'inst' ? self.inst : undefined;
      return { desc: schemeWire(base, inst, cls.name), verified: false, enforced: inst ? autoErrorOf(inst) : true };
    };
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
    // `Security(dep, scopes=...)` counts when the dependency shows nothing else (not over an unverified credential)
    if (spec.security && own.kind === 'none') own = { kind: 'security' };
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
      const autoError = autoErrorOf(call.inst);
      const scheme = schemeName(this.ip, call.inst);
      const custom = call.inst.cls.k === 'class' && this.ip.classAttr(call.inst.cls.cls, '__call__')?.k === 'func';
      own = {
        kind: 'scheme',
        autoError,
        scheme,
        cred: { desc: schemeWire(scheme, call.inst, call.inst.cls.k === 'class' ? call.inst.cls.cls.name : undefined), verified: false, enforced: autoError },
      };
      // a user subclass may override __call__ with dependencies and checks of its own
      if (custom) {
        children = this.paramsOf(call);
        own = this.ownFrom(this.analyzeCallable(call, children), own);
      }
    } else {
      children = this.paramsOf(call);
      own = this.ownFrom(this.analyzeCallable(call, children), own);
    }
    const pattern = this.authPatterns(name);
    if (pattern && own.kind !== 'scheme') own = { kind: 'configured', pattern };
    const s: Sub = { name, kind, children, own };
    this.building.delete(key);
    this.subs.set(key, s);
    return s;
  }

  /** What the function FastAPI calls for this dependency does with the credentials its parameters bring. */
  private analyzeCallable(call: Value, children: DepNode[]): FnAuth | undefined {
    const sig = this.signature(call);
    if (!sig) return undefined;
    const self = call.k === 'inst' ? call : call.k === 'method' ? call.self : undefined;
    return this.auth.analyze(sig.fn, this.seeds(sig.fn, sig.params, children), {}, self?.k === 'inst' ? self : undefined);
  }

  private ownFrom(r: FnAuth | undefined, dflt: OwnAuth): OwnAuth {
    if (!r) return dflt;
    if (r.auth)
      return {
        kind: 'rejects',
        rejection: r.auth.rejection,
        credential: r.auth.credential,
        ...(r.bypass ? { bypass: r.bypass } : {}),
        ...(r.auth.under ? { under: r.auth.under } : {}),
      };
    const cred = r.verified ?? r.credential;
    if (!cred) return dflt.kind === 'scheme' ? dflt : { kind: 'none' };
    const fn = r.fn;
    if (r.raising || r.opaque) return { kind: 'verifies', credential: r.raising ?? cred, raises: true, ...(fn ? { fn } : {}) };
    if (r.verified) return { kind: 'verifies', credential: cred, raises: false, ...(fn ? { fn } : {}) };
    if (r.returns) return { kind: 'passes', credential: r.returns, ...(fn ? { fn } : {}) };
    return { kind: 'unverified', credential: cred, ...(fn ? { fn } : {}) };
  }

  /**
   * What the parameters of a dependency (or handler) bring in: the values of its sub-dependencies
   * that carry a credential (a scheme's value, an authenticated user, a token passed on), and the
   * `Header`/`Cookie`/`Query` parameters named like credentials.
   */
  seeds(fn: FuncRec, params: ParamRec[], children: DepNode[]): Map<string, Seed> {
    const out = new Map<string, Seed>();
    for (const c of children) {
      if (!c.param) continue;
      const cred = carried(c);
      if (cred) out.set(c.param, { k: 'cred', cred });
      // the value of a dependency we cannot see into: a 401 that depends on it counts (`if user is None: raise 401`)
      else if (c.own.kind === 'unresolved')
        out.set(c.param, { k: 'cred', cred: { desc: `the value of ${c.name} (not in the scan)`, verified: true, enforced: false, weak: true } });
    }
    for (const p of params) {
      if (out.has(p.name) || children.some((c) => c.param === p.name)) continue;
      const cred = this.requestParam(fn, p);
      if (cred) out.set(p.name, { k: 'cred', cred });
    }
    return out;
  }

  /** A `Header`/`Cookie`/`Query` parameter (or a plain one, which FastAPI reads from the query) named like a credential. */
  private requestParam(fn: FuncRec, p: ParamRec): Cred | undefined {
    if (p.kind === 'var' || p.kind === 'varkw') return undefined;
    const markers: Value[] = p.def ? [...alternatives(p.def)] : [];
    const ann = this.ip.annotationOf(fn, p);
    if (ann?.k === 'annotated') markers.push(...ann.extras.flatMap(alternatives));
    const m = markers.find((v): v is Extract<Value, { k: 'inst' }> => v.k === 'inst' && v.inst.cls.k === 'ext' && /^fastapi\.(Header|Cookie|Query)$/.test(v.inst.cls.path));
    const defNone = p.def ? alternatives(p.def).some((v) => v.k === 'none') : false;
    if (m && m.inst.cls.k === 'ext') {
      const a = m.inst.args;
      const d = a.kw.get('default') ?? a.pos[0];
      const alias = asStr(a.kw.get('alias'));
      const kind = m.inst.cls.path === 'fastapi.Header' ? 'header' : m.inst.cls.path === 'fastapi.Cookie' ? 'cookie' : 'query';
      const wire = alias ?? (kind === 'header' ? p.name.replace(/_/g, '-') : p.name);
      const c = credentialWire(wire, kind) ?? credentialWire(p.name, kind);
      if (!c) return undefined;
      // without a default (or with `...`) FastAPI refuses the request when it is missing (422)
      const required = (d === undefined || (d.k === 'ext' && d.path === 'builtins.Ellipsis')) && !defNone;
      const cred: Cred = { desc: `${kind} ${wire}`, verified: false, enforced: required };
      if (c.signature) cred.signature = true;
      return cred;
    }
    if (markers.some((v) => v.k === 'depends' || v.k === 'inst')) return undefined;
    // a plain scalar parameter is a query parameter (a model or a container is the body)
    const base = ann?.k === 'annotated' ? ann.base : ann;
    if (base && alternatives(base).some((v) => v.k === 'class' || (v.k === 'ext' && !/^(builtins\.(str|bytes)|typing\.(Optional|Union|Annotated))$/.test(v.path))))
      return undefined;
    const c = credentialWire(p.name, 'param');
    if (!c) return undefined;
    const cred: Cred = { desc: `query ${p.name}`, verified: false, enforced: p.def === undefined };
    if (c.signature) cred.signature = true;
    return cred;
  }

  /** The library classes a class derives from. */
  extBases(cls: ClassRec): string[] {
    return this.ip.extBases(cls);
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

/** The credential a dependency's value carries to its consumer, if any. */
function carried(n: DepNode): Cred | undefined {
  const o = n.own;
  switch (o.kind) {
    case 'scheme':
      return o.cred;
    case 'rejects':
      return { ...o.credential, verified: true, enforced: true };
    case 'verifies':
      return { ...o.credential, verified: true };
    case 'passes':
      return o.credential;
    case 'configured':
      return { desc: `${n.name} (configured)`, verified: true, enforced: true };
    case 'security':
      return { desc: `${n.name} (Security)`, verified: true, enforced: true };
    default:
      return undefined;
  }
}

function autoErrorOf(inst: InstRec): boolean {
  const ae = inst.args.kw.get('auto_error');
  return !(ae && alternatives(ae).every((a) => a.k === 'bool' && !a.v));
}

/** `header Authorization (OAuth2PasswordBearer)`, `header X-API-Key (APIKeyHeader)`, `cookie session (APIKeyCookie)`. */
function schemeWire(scheme: string, inst: InstRec | undefined, shown?: string): string {
  let name = inst ? asStr(inst.args.kw.get('name') ?? (scheme.startsWith('APIKey') && inst.cls.k === 'ext' ? inst.args.pos[0] : undefined)) : undefined;
  // a subclass that passes the name up from its own `__init__(..., header_name="X-Api-Key")`
  if (name === undefined && inst?.cls.k === 'class') {
    const init = inst.cls.cls.ns.get('__init__');
    const p = init?.k === 'func' ? init.fn.params?.find((x) => /name/.test(x.name) && x.def?.k === 'str') : undefined;
    const given = p ? (inst.args.kw.get(p.name) ?? inst.args.pos[(init?.k === 'func' ? (init.fn.params ?? []).indexOf(p) : 0) - 1]) : undefined;
    name = asStr(given) ?? (p?.def?.k === 'str' ? p.def.v : undefined);
  }
  if (name === '') name = undefined;
  const label = shown && shown !== scheme ? `${shown}, ${scheme}` : scheme;
  if (scheme === 'APIKeyHeader') return `header ${name ?? '?'} (${label})`;
  if (scheme === 'APIKeyCookie') return `cookie ${name ?? '?'} (${label})`;
  if (scheme === 'APIKeyQuery') return `query ${name ?? '?'} (${label})`;
  return `header Authorization (${label})`;
}

function schemeName(ip: Interp, inst: InstRec): string {
  const c = inst.cls;
  if (c.k === 'ext') return schemeClass(c.path) ?? c.path;
  if (c.k === 'class')
    return (
      ip
        .extBases(c.cls)
        .map(schemeClass)
        .find((s) => s) ?? c.cls.name
    );
  return '?';
}
