/**
 * Entry points: real apps are built where the server starts, not only on import. Once every module
 * is imported, the linker runs as roots the code a server start runs (DESIGN.md "Entry points"),
 * each root once, in this order:
 *
 *  1. targets named outside Python (Dockerfile, Procfile, compose, scripts, pyproject, the config's
 *     `entrypoints`) and inside it (`uvicorn.run("pkg.main:create_app", factory=True)`): a factory
 *     or console script is called, an app named directly is marked served;
 *  2. `if __name__ == "__main__":` blocks;
 *  3. click/typer commands, their parameters bound to the options' defaults;
 *  4. every function, method or class nobody called whose body (directly or through what it calls,
 *     by name) creates or changes an app, router or middleware: parameters bound to their defaults,
 *     else unknown; methods run on the instances that exist, else on one made with unknown arguments.
 *
 * What 1–3 build is served; what only 4 builds is *possible* (library code, helpers for users'
 * apps): its routes feed the rules, and app-level findings on it are notes.
 */
import type { DefStmt, Expr, FileFacts, Stmt } from '../facts/ir.js';
import { optionDefault } from './eval/commands.js';
import { MIN_ROOT_STEPS, ROOT_STEPS_PER_LINE } from './eval/evaluator.js';
import type { Interp } from './interp.js';
import { moduleKey } from './modules.js';
import { alternatives, type CallArgs, type ClassRec, type FuncRec, type ModuleRec, type Origin, type SrcLoc, type Value } from './values.js';

/** A server target named outside Python, or by the user's config. */
export interface EntryTarget {
  /** Dotted module name (`pkg.main`). */
  module: string;
  /** Attribute path in it (`create_app`, `server.app`). */
  attr: string;
  /** Call it with no arguments (`--factory`, `m:create_app()`, a console script). */
  factory: boolean;
  /** The folder the server imports from (POSIX, relative to the scan root; '' = the root). */
  dir: string;
  /** How it is named, for messages: `uvicorn --factory app.main:create_app (Dockerfile:12)`. */
  label: string;
  loc?: SrcLoc;
}

export interface EntryReport {
  /** Targets that name nothing in the scan, with why. */
  unresolved: Array<{ target: EntryTarget; why: string }>;
  /** How many roots of each kind ran. */
  ran: Record<Origin['kind'], number>;
}

/** Names of calls that create or change an app, router or middleware (methods, decorators, constructors). */
// prettier-ignore
const BUILD_CALLS = new Set([
  'FastAPI', 'APIRouter', 'Starlette', 'include_router', 'add_api_route', 'add_api_websocket_route', 'add_route',
  'add_websocket_route', 'mount', 'add_middleware', 'api_route', 'websocket_route',
]);
/** Route decorators: only as decorators (`.get(` alone is every dict lookup). */
const ROUTE_DECORATORS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'trace', 'websocket', 'route', 'middleware', 'api_route', 'websocket_route']);
/** Library calls that start a server. */
const SERVE_CALLS = new Set(['run', 'serve', 'Config', 'Granian']);
const SERVE_ROOTS = new Set(['uvicorn', 'hypercorn', 'granian', 'gunicorn']);

const MAX_ROUNDS = 4;
/** How many calls away from a build call a function still counts as building (BuildIndex). */
const MAX_HOPS = 2;
/** Instances of a class a method of it runs on, at most. */
const MAX_SELVES = 1;

interface DefInfo {
  builds: boolean;
  /**
   * What it calls, by name: `f` (a plain call), `.m` (a method of its own class or its bases:
   * `self.m()`, `cls.m()`, `super().m()`), `:f` (a function or class of a module:
   * `factory.create_app()`). Other method calls (`session.get()`, `x.run()`) are not followed: by
   * name they would match anything.
   */
  calls: string[];
  kind: 'function' | 'method' | 'class';
  /** For a method: its class. */
  owner?: ClassInfo;
}

interface ClassInfo extends DefInfo {
  name: string;
  bases: string[];
  methods: Map<string, DefInfo>;
}

/**
 * Which functions and classes build apps, by their code: a function does when its body makes a
 * build call, or calls (by name, as DefInfo.calls says) a function or class that does; a class
 * does when one of its methods does. Names over-approximate (two functions named `setup`), which
 * only costs evaluation: what a root really does is what running it does.
 */
class BuildIndex {
  readonly defs = new Map<DefStmt, DefInfo>();
  readonly classes = new Map<Stmt, DefInfo>();
  /** Every name called or passed as a value anywhere in the scanned code (a function named here has a caller, maybe). */
  readonly calledNames = new Set<string>();
  /** Files whose own code (module level or a function in it) makes a build call. */
  readonly buildingFiles = new Set<string>();

  /** Names of the functions and classes the code defines: only calls of these can reach one (the rest are not recorded). */
  private readonly defNames = new Set<string>();
  private readonly stack: Expr[] = [];

  constructor(facts: Iterable<FileFacts>) {
    const all = [...facts];
    const collect = (stmts: Stmt[]): void => {
      for (const s of stmts) {
        if (s.t === 'def' || s.t === 'class') {
          this.defNames.add(s.name);
          collect(s.body);
        } else if (s.t === 'if' || s.t === 'for' || s.t === 'while') {
          collect(s.body);
          collect(s.orelse);
        } else if (s.t === 'try') {
          collect(s.body);
          for (const h of s.handlers) collect(h.body);
          collect(s.orelse);
          collect(s.final);
        } else if (s.t === 'with') collect(s.body);
      }
    };
    for (const f of all) collect(f.body);
    const fns: Array<[string, DefInfo]> = [];
    const classesByName = new Map<string, ClassInfo[]>();
    const visitDef = (d: DefStmt, owner?: ClassInfo): DefInfo => {
      const info: DefInfo = { builds: false, calls: [], kind: owner ? 'method' : 'function' };
      if (owner) info.owner = owner;
      this.defs.set(d, info);
      fns.push([d.name, info]);
      this.scan(d.body, info, (x) => visitDef(x), visitClass);
      return info;
    };
    const visitClass = (c: Extract<Stmt, { t: 'class' }>): DefInfo => {
      const info: ClassInfo = { builds: false, calls: [], kind: 'class', name: c.name, bases: [], methods: new Map() };
      this.classes.set(c, info);
      classesByName.set(c.name, [...(classesByName.get(c.name) ?? []), info]);
      for (const b of c.bases) {
        const n = b.v.t === 'name' ? b.v.id : b.v.t === 'attr' ? b.v.attr : undefined;
        if (n) info.bases.push(n);
      }
      for (const s of c.body) {
        if (s.t === 'def') info.methods.set(s.name, visitDef(s, info));
        else if (s.t === 'class') visitClass(s);
      }
      return info;
    };
    for (const f of all) {
      const top: DefInfo = { builds: false, calls: [], kind: 'function' };
      const before = fns.length;
      this.scan(f.body, top, (x) => visitDef(x), visitClass);
      if (top.builds || fns.slice(before).some(([, i]) => i.builds)) this.buildingFiles.add(f.path);
    }

    const builders = new Set<string>();
    const method = (cls: ClassInfo, name: string, depth: number): DefInfo | undefined => {
      const own = cls.methods.get(name);
      if (own || depth > 5) return own;
      for (const b of cls.bases)
        for (const c of classesByName.get(b) ?? [])
          if (c !== cls) {
            const m = method(c, name, depth + 1);
            if (m) return m;
          }
      return undefined;
    };
    const callsBuilder = (i: DefInfo, c: string): boolean => {
      if (c.startsWith('.')) return i.owner !== undefined && method(i.owner, c.slice(1), 0)?.builds === true;
      return builders.has(c.startsWith(':') ? c.slice(1) : c);
    };
    const allClasses = [...classesByName.values()].flat();
    const publish = (): void => {
      for (const [name, i] of fns) {
        if (!i.builds) continue;
        if (i.kind === 'function') builders.add(name);
        else if (i.owner) i.owner.builds = true;
      }
      for (const c of allClasses) if (c.builds) builders.add(c.name);
    };
    publish();
    // Calling something that builds builds, up to MAX_HOPS calls away: further up, names match too
    // much in a big code base (every caller of a client class) to pay for running each as a root.
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const now: DefInfo[] = [];
      for (const [, i] of fns) if (!i.builds && i.calls.some((c) => callsBuilder(i, c))) now.push(i);
      if (!now.length) break;
      for (const i of now) i.builds = true;
      publish();
    }
  }

  private scan(stmts: Stmt[], info: DefInfo, visitDef: (d: DefStmt) => DefInfo, visitClass: (c: Extract<Stmt, { t: 'class' }>) => DefInfo): void {
    for (const s of stmts) {
      switch (s.t) {
        case 'def': {
          // decorators run in the enclosing code: `@router.get(...)` on a nested def registers a route there
          for (const d of s.decorators) {
            this.names(d, info);
            const call = d.t === 'call' ? d.fn : d;
            if (call.t === 'attr' && ROUTE_DECORATORS.has(call.attr)) info.builds = true;
          }
          for (const p of s.params) if (p.def) this.names(p.def, info);
          visitDef(s);
          break;
        }
        case 'class':
          for (const d of s.decorators) this.names(d, info);
          visitClass(s);
          break;
        case 'import':
        case 'from':
        case 'global':
        case 'flow':
          break;
        case 'assign':
          if (s.v) this.names(s.v, info);
          for (const t of s.targets) this.names(t, info);
          break;
        case 'aug':
          this.names(s.v, info);
          break;
        case 'expr':
          this.names(s.v, info);
          break;
        case 'return':
          if (s.v) this.names(s.v, info);
          break;
        case 'raise':
          if (s.exc) this.names(s.exc, info);
          break;
        case 'if':
        case 'while':
          this.names(s.test, info);
          this.scan(s.body, info, visitDef, visitClass);
          this.scan(s.orelse, info, visitDef, visitClass);
          break;
        case 'for':
          this.names(s.iter, info);
          this.scan(s.body, info, visitDef, visitClass);
          this.scan(s.orelse, info, visitDef, visitClass);
          break;
        case 'try':
          this.scan(s.body, info, visitDef, visitClass);
          for (const h of s.handlers) this.scan(h.body, info, visitDef, visitClass);
          this.scan(s.orelse, info, visitDef, visitClass);
          this.scan(s.final, info, visitDef, visitClass);
          break;
        case 'with':
          for (const it of s.items) this.names(it.ctx, info);
          this.scan(s.body, info, visitDef, visitClass);
          break;
        case 'match':
          this.names(s.subject, info);
          for (const c of s.cases) this.scan(c.body, info, visitDef, visitClass);
          break;
        default:
          break;
      }
    }
  }

  /** Records the calls in an expression; a build call marks the code as building. */
  private names(e: Expr, info: DefInfo): void {
    const stack = this.stack;
    stack.push(e);
    while (stack.length) {
      const x = stack.pop()!;
      switch (x.t) {
        case 'call': {
          const f = x.fn;
          const name = f.t === 'name' ? f.id : f.t === 'attr' ? f.attr : undefined;
          if (name !== undefined && this.defNames.has(name)) {
            if (f.t === 'name') info.calls.push(name);
            else if (f.t === 'attr') {
              const recv = f.obj;
              if (recv.t === 'name' && (recv.id === 'self' || recv.id === 'cls')) info.calls.push(`.${name}`);
              else if (recv.t === 'call' && recv.fn.t === 'name' && recv.fn.id === 'super') info.calls.push(`.${name}`);
              else if (recv.t === 'name') info.calls.push(`:${name}`);
            }
            this.calledNames.add(name);
          }
          if (name !== undefined) {
            if (BUILD_CALLS.has(name)) info.builds = true;
            if (f.t === 'attr' && SERVE_CALLS.has(name) && rootName(f.obj) !== undefined && SERVE_ROOTS.has(rootName(f.obj)!)) info.builds = true;
          }
          stack.push(f);
          for (const a of x.args) stack.push(a.v);
          break;
        }
        case 'name':
          // a function passed as a value (`Depends(get_app)`, `callbacks=[setup]`) may be called by the library
          if (this.defNames.has(x.id)) this.calledNames.add(x.id);
          break;
        case 'attr':
          stack.push(x.obj);
          break;
        case 'sub':
          stack.push(x.obj, x.index);
          break;
        case 'bin':
          stack.push(x.l, x.r);
          break;
        case 'unary':
        case 'starred':
        case 'await':
          stack.push(x.v);
          break;
        case 'cmp':
          stack.push(...x.operands);
          break;
        case 'boolop':
          stack.push(...x.values);
          break;
        case 'ifexp':
          stack.push(x.test, x.body, x.orelse);
          break;
        case 'list':
        case 'tuple':
        case 'set':
          stack.push(...x.items);
          break;
        case 'dict':
          for (const [k, v] of x.items) {
            if (k) stack.push(k);
            stack.push(v);
          }
          break;
        case 'fstr':
          for (const p of x.parts) if (typeof p !== 'string') stack.push(p);
          break;
        case 'lambda':
          stack.push(x.body);
          break;
        case 'comp':
          stack.push(x.elt, x.iter);
          break;
        case 'walrus':
          stack.push(x.v);
          break;
        default:
          break;
      }
    }
  }
}

function rootName(e: Expr): string | undefined {
  let x = e;
  while (x.t === 'attr') x = x.obj;
  return x.t === 'name' ? x.id : undefined;
}

/** Whether a file's own code creates or changes an app, router or middleware (the prefilter's "app code"). */
export function buildsApps(f: FileFacts): boolean {
  return new BuildIndex([f]).buildingFiles.has(f.path);
}

const NO_ARGS = (loc: SrcLoc): CallArgs => ({ pos: [], kw: new Map(), open: true, loc });

/** Runs the entry points of an interpreter that has imported every module. */
export function runEntryPoints(ip: Interp, targets: readonly EntryTarget[], isTest: (file: string) => boolean): EntryReport {
  const report: EntryReport = { unresolved: [], ran: { import: 0, target: 0, main: 0, command: 0, uncalled: 0 } };
  const facts = [...ip.facts.values()].filter((f) => !isTest(f.path));
  const index = new BuildIndex(facts);
  // the entry points' own budget, after what importing took
  ip.startPhase(Math.max(MIN_ROOT_STEPS, ip.lines * ROOT_STEPS_PER_LINE), 'running the entry points (the rest were not run)');
  const exhausted = (): boolean => ip.steps > ip.maxSteps;

  const asRoot = <T>(origin: Origin, run: () => T): T | undefined => {
    if (exhausted()) return undefined;
    const saved = { depth: ip.depth, cond: ip.cond, origin: ip.origin, current: ip.current };
    ip.depth = 0;
    ip.cond = 0;
    ip.origin = origin;
    ip.current = undefined;
    report.ran[origin.kind]++;
    try {
      return ip.withSlice(`entry point ${origin.name}`, run);
    } finally {
      Object.assign(ip, saved);
    }
  };
  // targets named in Python while a root ran (`uvicorn.run("m:create_app", factory=True)`) run next, as the server would

  const started = new Set<string>();
  const drainNamed = (): void => {
    while (ip.namedTargets.length) {
      const t = ip.namedTargets.shift()!;
      // each target once, however many places start it
      const id = t.fn ? `fn ${t.fn.id}` : `${t.from.root}:${t.module}:${t.attr}:${t.factory}`;
      if (started.has(id)) continue;
      started.add(id);
      const origin: Origin = { kind: 'target', name: t.fn ? `${t.fn.module.name}.${t.fn.qualname}` : `${t.module}:${t.attr}`, loc: t.loc };
      if (t.fn) {
        if (!ip.called.has(t.fn.id)) asRoot(origin, () => ip.callFunction(t.fn!, NO_ARGS(t.loc)));
        continue;
      }
      const key = ip.index.resolve(t.module!, t.from.root);
      const mod = key ? ip.loadModule(key) : undefined;
      if (!mod) continue;
      runTarget(mod, t.attr!, t.factory, origin);
    }
  };
  const runTarget = (mod: ModuleRec, attr: string, factory: boolean, origin: Origin): string | undefined => {
    let v: Value = { k: 'module', mod };
    for (const part of attr.split('.')) v = ip.getAttr(v, part);
    if (v.k === 'unknown') return `${attr} is not defined in ${mod.name}`;
    // a factory the import already called (`app = create_app()`) builds another app when the server calls it
    if (factory) asRoot(origin, () => ip.call(v, NO_ARGS(origin.loc ?? { file: mod.file, line: 1, column: 1 })));
    else for (const a of alternatives(v)) if (a.k === 'inst' && a.inst.router) a.inst.servedBy ??= origin;
    drainNamed();
    return undefined;
  };

  // 1. deployment targets and the config's entry points
  for (const t of targets) {
    const root = t.dir === '' ? '.' : t.dir;
    const key = ip.index.resolve(t.module, root) ?? (ip.index.has(moduleKey(root, t.module)) ? moduleKey(root, t.module) : undefined);
    const mod = key ? ip.loadModule(key) : undefined;
    if (!mod) {
      report.unresolved.push({ target: t, why: `module ${t.module} is not in the scan` });
      continue;
    }
    const why = runTarget(mod, t.attr, t.factory, { kind: 'target', name: t.label, loc: t.loc });
    if (why) report.unresolved.push({ target: t, why });
  }
  drainNamed();

  // 2. `if __name__ == "__main__":` blocks, with at most half of the budget left: a library's
  // hundreds of demo scripts must leave room for the commands and factories after them
  const mainEnd = ip.steps + (ip.maxSteps - ip.steps) / 2;
  for (const b of ip.mainBlocks.splice(0)) {
    if (isTest(b.mod.file)) continue;
    if (ip.steps > mainEnd) {
      ip.limits.add("`__main__` blocks past half the entry points' evaluation budget: the rest were not run");
      break;
    }
    asRoot({ kind: 'main', name: `${b.mod.name} (__main__)`, loc: b.loc }, () => ip.execBlock(b.body, ip.moduleScope(b.mod), { returns: [] }));
    drainNamed();
  }

  // 3. click/typer commands nobody called
  for (const fn of sorted(ip.funcs.filter((f) => f.command && !ip.called.has(f.id) && !isTest(f.module.file)))) {
    if (ip.called.has(fn.id)) continue;
    asRoot({ kind: 'command', name: `${fn.module.name}.${fn.qualname}`, loc: fn.loc }, () => ip.callFunction(fn, commandArgs(fn)));
    drainNamed();
  }

  // 4. functions, methods and classes nobody called that build apps (rounds: a root may define more)
  const tried = new Set<number>();
  const triedClasses = new Set<ClassRec>();
  for (let round = 0; round < MAX_ROUNDS && !exhausted(); round++) {
    const fns = ip.funcs.filter((f) => !ip.called.has(f.id) && !tried.has(f.id) && index.defs.get(f.def)?.builds && !isTest(f.module.file));
    const classes = ip.classes.filter((c) => !ip.instantiated.has(c) && !triedClasses.has(c) && index.classes.get(c.def)?.builds && !isTest(c.module.file));
    if (!fns.length && !classes.length) break;
    // Callers before callees: what no code calls by name is a true root (`main` before `create_app`,
    // a builder function before the app class it instantiates with real arguments).
    const order = (f: { name: string }): number => (index.calledNames.has(f.name) ? 1 : 0);
    const todo = sorted<FuncRec | ClassRec>([...classes, ...fns]).sort((a, b) => order(a) - order(b));
    for (const rec of todo) {
      if ('def' in rec && rec.def.t === 'class') {
        const cls = rec as ClassRec;
        triedClasses.add(cls);
        if (ip.instantiated.has(cls)) continue;
        asRoot({ kind: 'uncalled', name: `${cls.module.name}.${cls.qualname}`, loc: cls.loc }, () => ip.instantiate(cls, NO_ARGS(cls.loc)));
        drainNamed();
        continue;
      }
      const fn = rec as FuncRec;
      tried.add(fn.id);
      if (ip.called.has(fn.id) || fn.name === '<lambda>') continue;
      const origin: Origin = { kind: 'uncalled', name: `${fn.module.name}.${fn.qualname}`, loc: fn.loc };
      if (fn.ownerClass) {
        const cls = fn.ownerClass;
        let selves = ip.insts.filter((i) => i.cls.k === 'class' && ip.mro(i.cls.cls).some((c) => c.k === 'class' && c.cls === cls)).slice(0, MAX_SELVES);
        if (!selves.length) {
          const made = asRoot(origin, () => ip.instantiate(cls, NO_ARGS(cls.loc)));
          selves = made?.k === 'inst' ? [made.inst] : [];
        }
        for (const self of selves) {
          if (ip.called.has(fn.id) && selves.length === 1) break;
          asRoot(origin, () => ip.callFunction(fn, { ...NO_ARGS(fn.loc), pos: [{ k: 'inst', inst: self } satisfies Value] }));
        }
      } else asRoot(origin, () => ip.callFunction(fn, NO_ARGS(fn.loc)));
      drainNamed();
    }
  }
  return report;
}

/**
 * A command's parameters: the click options' defaults, typer `Option(default)`s, plain defaults;
 * each is only a default (the command line may say otherwise), so a condition on it runs both branches.
 */
function commandArgs(fn: FuncRec): CallArgs {
  const kw = new Map<string, Value>();
  for (const p of fn.params ?? []) {
    const o = fn.options?.get(p.name);
    if (o) kw.set(p.name, o);
    else if (p.def) kw.set(p.name, optionDefault(p.def, p.name));
  }
  return { pos: [], kw, open: true, loc: fn.loc };
}

function sorted<T extends { module: ModuleRec; loc: SrcLoc }>(xs: T[]): T[] {
  return [...xs].sort((a, b) => (a.module.file < b.module.file ? -1 : a.module.file > b.module.file ? 1 : a.loc.line - b.loc.line));
}
