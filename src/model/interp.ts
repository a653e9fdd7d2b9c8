/**
 * The abstract interpreter: evaluates the scanned modules the way importing them would, over the
 * value domain of values.ts. Imports are followed on demand (each module once, cycle-safe),
 * function calls are evaluated with bound arguments up to a fixed depth, `if` on an unknown
 * condition runs both branches and merges what they bind, `for` over a known list iterates.
 * Calls on FastAPI/Starlette/APIRouter objects mutate their RouterState (routes.ts).
 *
 * This class holds the state; the evaluation itself lives in eval/, a file per kind of code
 * (imports, statements, definitions, expressions, attributes, calls, library calls), and reaches
 * the rest through the Evaluator interface this class implements.
 */
import type { Arg, ClassStmt, DefStmt, Expr, FileFacts, Loc, Stmt } from '../facts/ir.js';
import * as attributes from './eval/attributes.js';
import * as calls from './eval/calls.js';
import * as definitions from './eval/definitions.js';
import { MIN_STEPS, SLICE, STEPS_PER_LINE, type Evaluator, type ExtCall, type Flow, type Frame, type NamedTarget } from './eval/evaluator.js';
import * as expressions from './eval/expressions.js';
import * as imports from './eval/imports.js';
import * as library from './eval/library.js';
import * as statements from './eval/statements.js';
import { ModuleIndex } from './modules.js';
import { RouterOps } from './routes.js';
import type { CallArgs, ClassRec, FuncRec, InstRec, ModuleRec, Origin, ParamRec, Scope, SrcLoc, Value } from './values.js';

export type { ExtCall } from './eval/evaluator.js';

export class Interp implements Evaluator {
  readonly modules = new Map<string, ModuleRec>();
  readonly insts: InstRec[] = [];
  readonly funcs: FuncRec[] = [];
  readonly classes: ClassRec[] = [];
  readonly extCalls: ExtCall[] = [];
  readonly routers: RouterOps;
  readonly facts = new Map<string, FileFacts>();
  depth = 0;
  routerSite: SrcLoc | undefined;
  steps = 0;
  stepLimit: number;
  maxSteps: number;
  /** Where a slice ran out first, for the notice. */
  private sliceCut: string | undefined;
  private sliceWhat = '';
  iterations = 0;
  readonly limits = new Set<string>();
  cond = 0;
  private nextId = 1;
  readonly active = new Set<FuncRec>();
  readonly moduleScopes = new Map<ModuleRec, Scope>();
  origin: Origin = { kind: 'import', name: '' };
  current: FuncRec | undefined;
  readonly called = new Set<number>();
  readonly instantiated = new Set<ClassRec>();
  readonly mainBlocks: Array<{ mod: ModuleRec; body: Stmt[]; loc: SrcLoc }> = [];
  readonly namedTargets: NamedTarget[] = [];

  constructor(
    readonly index: ModuleIndex,
    facts: Iterable<FileFacts>,
  ) {
    let lines = 0;
    for (const f of facts) {
      lines += f.lineCount;
      const mf = index.byFile.get(f.path);
      if (mf && index.byKey.get(mf.key) === mf) this.facts.set(mf.key, f);
    }
    this.routers = new RouterOps(this, lines);
    this.lines = lines;
    this.maxSteps = Math.max(MIN_STEPS, lines * STEPS_PER_LINE);
    this.stepLimit = this.maxSteps;
  }

  /** Lines of the scanned code (budgets grow with it). */
  readonly lines: number;

  /** The budget of the evaluation phase that starts now (entry points, after imports): `steps` more. */
  startPhase(steps: number, what: string): void {
    this.maxSteps = this.steps + steps;
    this.stepLimit = this.maxSteps;
    this.phase = what;
  }
  private phase = 'importing the modules';

  step(): boolean {
    if (++this.steps <= this.stepLimit) return true;
    if (this.steps > this.maxSteps) this.limits.add(`evaluation budget used up while ${this.phase}`);
    else if (this.sliceCut === undefined) {
      this.sliceCut = this.sliceWhat;
      this.limits.add(`more than ${SLICE} evaluation steps in one module or entry point, first ${this.sliceCut}`);
    }
    return false;
  }

  charge(n: number): boolean {
    this.steps += n - 1;
    return this.step();
  }

  withSlice<T>(what: string, body: () => T): T {
    const start = this.steps;
    const saved = { limit: this.stepLimit, what: this.sliceWhat };
    this.stepLimit = Math.min(this.maxSteps, start + SLICE);
    this.sliceWhat = what;
    try {
      return body();
    } finally {
      // the caller's slice does not pay for this one
      this.stepLimit = Math.min(this.maxSteps, saved.limit + (this.steps - start));
      this.sliceWhat = saved.what;
    }
  }

  get conditional(): boolean {
    return this.cond > 0;
  }

  newId(): number {
    return this.nextId++;
  }

  track(inst: InstRec): void {
    this.insts.push(inst);
    inst.origin ??= this.origin;
    if (this.current && inst.creator === undefined) inst.creator = this.current;
  }

  /** Evaluates every module (sorted by key; imports pull others in first, as Python would). */
  runAll(skip?: (file: string) => boolean): void {
    for (const key of [...this.facts.keys()].sort()) {
      if (skip && skip(this.facts.get(key)!.path)) continue;
      this.loadModule(key);
    }
  }

  factsOf(mod: ModuleRec): FileFacts | undefined {
    return this.facts.get(mod.key);
  }

  moduleScope(mod: ModuleRec): Scope {
    let s = this.moduleScopes.get(mod);
    if (!s) {
      s = { vars: mod.ns, module: mod };
      this.moduleScopes.set(mod, s);
    }
    return s;
  }

  // ------------------------------------------------------------------ delegates (eval/)

  loadModule(key: string): ModuleRec | undefined {
    return imports.loadModule(this, key);
  }
  /** A library symbol; status constants (`starlette.status.HTTP_401_UNAUTHORIZED`) are their numbers. */
  ext(path: string): Value {
    return imports.ext(this, path);
  }
  submodule(pkg: ModuleRec, name: string): ModuleRec | undefined {
    return imports.submodule(this, pkg, name);
  }
  execImport(s: Extract<Stmt, { t: 'import' }>, scope: Scope, frame: Frame): void {
    imports.execImport(this, s, scope, frame);
  }
  execFrom(s: Extract<Stmt, { t: 'from' }>, scope: Scope, frame: Frame): void {
    imports.execFrom(this, s, scope, frame);
  }
  execBlock(stmts: Stmt[], scope: Scope, frame: Frame): Flow {
    return statements.execBlock(this, stmts, scope, frame);
  }
  bind(scope: Scope, frame: Frame, name: string, v: Value, loc: Loc, imported = false): void {
    statements.bind(this, scope, frame, name, v, loc, imported);
  }
  assignTarget(t: Expr, v: Value, scope: Scope, frame: Frame, loc: Loc): void {
    statements.assignTarget(this, t, v, scope, frame, loc);
  }
  certainTruth(v: Value): boolean | undefined {
    return statements.certainTruth(this, v);
  }
  defineFunction(s: DefStmt, scope: Scope): Value {
    return definitions.defineFunction(this, s, scope);
  }
  defineClass(s: ClassStmt, scope: Scope): Value {
    return definitions.defineClass(this, s, scope);
  }
  /** Annotation of a parameter, evaluated lazily under `from __future__ import annotations`. */
  annotationOf(fn: FuncRec, p: ParamRec): Value | undefined {
    return definitions.annotationOf(this, fn, p);
  }
  applyDecorator(d: Value, target: Value, loc: SrcLoc): Value {
    return definitions.applyDecorator(this, d, target, loc);
  }
  eval(e: Expr, scope: Scope): Value {
    return expressions.evalExpr(this, e, scope);
  }
  evalArgs(args: Arg[], scope: Scope, loc: SrcLoc): CallArgs {
    return expressions.evalArgs(this, args, scope, loc);
  }
  stringify(v: Value): string | undefined {
    return expressions.stringify(this, v);
  }
  lookup(name: string, scope: Scope): Value {
    return expressions.lookup(this, name, scope);
  }
  binop(op: string, l: Value, r: Value): Value {
    return expressions.binop(this, op, l, r);
  }
  getAttr(v: Value, name: string): Value {
    return attributes.getAttr(this, v, name);
  }
  /** Method resolution order of a user class: itself, then bases depth-first (good enough for mixins). */
  mro(cls: ClassRec): Value[] {
    return attributes.mro(this, cls);
  }
  classAttr(cls: ClassRec, name: string): Value | undefined {
    return attributes.classAttr(this, cls, name);
  }
  /** The external base a class derives from (`fastapi.FastAPI`, `pydantic.BaseSettings`, …), if any. */
  extBases(cls: ClassRec): string[] {
    return attributes.extBases(this, cls);
  }
  makeSuper(scope: Scope): Value {
    return attributes.makeSuper(this, scope);
  }
  call(fn: Value, args: CallArgs, scope?: Scope): Value {
    return calls.call(this, fn, args, scope);
  }
  callFunction(fn: FuncRec, args: CallArgs): Value {
    return calls.callFunction(this, fn, args);
  }
  instantiate(cls: ClassRec, args: CallArgs): Value {
    return calls.instantiate(this, cls, args);
  }
  callExt(path: string, args: CallArgs, scope?: Scope): Value {
    return library.callExt(this, path, args, scope);
  }
  callMethod(self: Value, name: string, args: CallArgs): Value {
    return library.callMethod(this, self, name, args);
  }
}
