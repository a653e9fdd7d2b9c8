/**
 * What the evaluation functions of this folder share: the interpreter's state and the operations
 * they call on each other across files. `Interp` (../interp.ts) implements it by delegating to the
 * functions here; the files import this interface only, never the class, so nothing imports back.
 */
import type { Arg, ClassStmt, DefStmt, Expr, FileFacts, Loc, Stmt } from '../../facts/ir.js';
import type { ModuleIndex } from '../modules.js';
import type { RouterOps } from '../routes.js';
import type { CallArgs, ClassRec, FuncRec, InstRec, ModuleRec, Origin, Scope, SrcLoc, Value } from '../values.js';

export const MAX_CALL_DEPTH = 10;
/**
 * Evaluation steps (statements and expressions). Importing every module may take MIN_STEPS or
 * STEPS_PER_LINE per line of scanned code, whichever is more; the entry points run after it share
 * MIN_ROOT_STEPS or ROOT_STEPS_PER_LINE per line more (a library repository's hundreds of demos each
 * launching a whole app must not make the scan slow). Each module's own code and each entry point may
 * take at most SLICE, so that one costly module cannot starve the ones after it; a module its importer
 * loads is not counted against the importer's slice.
 */
export const MIN_STEPS = 3_000_000;
export const STEPS_PER_LINE = 60;
export const MIN_ROOT_STEPS = 1_000_000;
export const ROOT_STEPS_PER_LINE = 20;
export const SLICE = 500_000;
/** A `for` over a known list runs its body per item up to this many items... */
export const MAX_LOOP = 200;
/** ...and all loops together run at most this many iterations; past that a loop runs once, as unknown. */
export const MAX_ITERATIONS = 20_000;

export type Flow = 'normal' | 'return' | 'break' | 'continue' | 'raise';

export interface Frame {
  returns: Value[];
  globals?: Set<string>;
}

/** A call of a library function, recorded for the rules (`uvicorn.run(...)`, `jwt.decode(...)`). */
export interface ExtCall {
  path: string;
  args: CallArgs;
  loc: SrcLoc;
  conditional: boolean;
  module: ModuleRec;
}

/** A server started on a `module:attr` string in Python (`uvicorn.run("app.main:create_app", factory=True)`). */
export interface NamedTarget {
  module?: string;
  attr?: string;
  /** `uvicorn.run(create_app, factory=True)`: the function itself. */
  fn?: FuncRec;
  factory: boolean;
  loc: SrcLoc;
  /** The module whose code named it (its source root resolves the name). */
  from: ModuleRec;
}

export interface Evaluator {
  readonly index: ModuleIndex;
  readonly modules: Map<string, ModuleRec>;
  readonly insts: InstRec[];
  readonly funcs: FuncRec[];
  readonly classes: ClassRec[];
  readonly extCalls: ExtCall[];
  readonly routers: RouterOps;
  /** Facts by module key. */
  readonly facts: Map<string, FileFacts>;
  /** Evaluation limits that were reached (for a notice): the result is still sound, only less precise. */
  readonly limits: Set<string>;
  /** Functions being evaluated (no recursion). */
  readonly active: Set<FuncRec>;
  readonly moduleScopes: Map<ModuleRec, Scope>;
  depth: number;
  steps: number;
  /** Where the running module's or entry point's slice ends (see SLICE), never past maxSteps. */
  stepLimit: number;
  /** The end of the current phase's budget (importing, then the entry points). */
  readonly maxSteps: number;
  iterations: number;
  /** Nesting of code that may not run (an undecided `if`, a loop over unknown items). */
  cond: number;
  /** Where user code called a method of a router instance: a `super()` call inside it registers routes there. */
  routerSite: SrcLoc | undefined;
  readonly conditional: boolean;
  /** The entry point running now (import-time evaluation, then each root of model/entrypoints.ts). */
  origin: Origin;
  /** The user function being evaluated, if any. */
  current: FuncRec | undefined;
  /** Ids of the functions that were evaluated (an entry point is a function nobody called). */
  readonly called: Set<number>;
  readonly instantiated: Set<ClassRec>;
  /** `if __name__ == "__main__":` blocks, run as entry points once every module is imported. */
  readonly mainBlocks: Array<{ mod: ModuleRec; body: Stmt[]; loc: SrcLoc }>;
  /** Servers started on a target named in Python, waiting to be run as entry points. */
  readonly namedTargets: NamedTarget[];
  newId(): number;
  /** Runs `body` with a slice of its own (a module's code, an entry point); what it used is not charged to the caller's. */
  withSlice<T>(what: string, body: () => T): T;
  /** Counts a step; false when the slice or the whole budget is used up (with a notice, once). */
  step(): boolean;
  /** Registers an app or router instance: where and by what code it was made. */
  track(inst: InstRec): void;
  moduleScope(mod: ModuleRec): Scope;

  loadModule(key: string): ModuleRec | undefined;
  ext(path: string): Value;
  submodule(pkg: ModuleRec, name: string): ModuleRec | undefined;
  execImport(s: Extract<Stmt, { t: 'import' }>, scope: Scope, frame: Frame): void;
  execFrom(s: Extract<Stmt, { t: 'from' }>, scope: Scope, frame: Frame): void;

  execBlock(stmts: Stmt[], scope: Scope, frame: Frame): Flow;
  bind(scope: Scope, frame: Frame, name: string, v: Value, loc: Loc, imported?: boolean): void;
  assignTarget(t: Expr, v: Value, scope: Scope, frame: Frame, loc: Loc): void;
  certainTruth(v: Value): boolean | undefined;

  defineFunction(s: DefStmt, scope: Scope): Value;
  defineClass(s: ClassStmt, scope: Scope): Value;
  applyDecorator(d: Value, target: Value, loc: SrcLoc): Value;

  eval(e: Expr, scope: Scope): Value;
  evalArgs(args: Arg[], scope: Scope, loc: SrcLoc): CallArgs;
  stringify(v: Value): string | undefined;
  binop(op: string, l: Value, r: Value): Value;

  getAttr(v: Value, name: string): Value;
  mro(cls: ClassRec): Value[];
  classAttr(cls: ClassRec, name: string): Value | undefined;
  extBases(cls: ClassRec): string[];
  makeSuper(scope: Scope): Value;

  call(fn: Value, args: CallArgs, scope?: Scope): Value;
  callFunction(fn: FuncRec, args: CallArgs): Value;
  instantiate(cls: ClassRec, args: CallArgs): Value;
  callExt(path: string, args: CallArgs, scope?: Scope): Value;
  callMethod(self: Value, name: string, args: CallArgs): Value;
}
