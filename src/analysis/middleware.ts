/**
 * Every configuration of a given ASGI middleware class in the project, whatever the form:
 *
 * - `app.add_middleware(Cls, ...)` (also from a helper the app is passed to),
 * - `Middleware(Cls, ...)` in `FastAPI(middleware=[...])` / `Starlette(middleware=[...])`,
 * - the ASGI wrapper `app = Cls(app, ...)` — the interpreter records it as an instance of the
 *   library class whose first argument is the wrapped application.
 *
 * User subclasses of the class count. One entry per call site (an app factory run twice, or a
 * helper applied to several apps, gives one configuration listing every app).
 */
import type { Project } from '../model/project.js';
import type { CallArgs, InstRec, SrcLoc, Value } from '../model/values.js';
import { instLabel, isClass, moduleOfFile } from './helpers.js';
import { callAt, pythonText } from './ir.js';

export interface MiddlewareConfig {
  /** The application(s) it is installed on (empty when the wrapped object is not an app we know). */
  apps: InstRec[];
  /** `app.main.app`, else `FastAPI(...)`, else "the wrapped application". */
  appLabel: string;
  /** The configuring call: add_middleware(...), Middleware(...) or Cls(app, ...). */
  loc: SrcLoc;
  form: 'add_middleware' | 'Middleware' | 'wrap';
  args: CallArgs;
  /** Installed under a condition the interpreter could not decide. */
  conditional: boolean;
  /** A parameter by keyword, or by its positional slot after `app`. */
  get(name: string): Value | undefined;
}

/** `app = Cls(app, ...)` rebinds the name to the wrapper: name the application by the expression it was passed as. */
function wrappedName(project: Project, loc: SrcLoc): string | undefined {
  const call = callAt(project, loc);
  const a0 = call?.args.find((a) => !a.name && !a.star)?.v ?? call?.args.find((a) => a.name === 'app')?.v;
  if (!a0 || (a0.t !== 'name' && a0.t !== 'attr')) return undefined;
  const mod = moduleOfFile(project, loc.file);
  const text = pythonText(a0);
  return mod && a0.t === 'name' ? `${mod.name}.${text}` : text;
}

const cache = new WeakMap<Project, Map<string, MiddlewareConfig[]>>();

/** The configurations of a middleware class; `params` are its parameters after `app`, in order (positional slots). Built once per project. */
export function middlewareConfigs(project: Project, classPath: string, params: readonly string[]): MiddlewareConfig[] {
  let byClass = cache.get(project);
  if (!byClass) cache.set(project, (byClass = new Map()));
  const key = `${classPath}(${params.join(',')})`;
  let out = byClass.get(key);
  if (!out) byClass.set(key, (out = readConfigs(project, classPath, params)));
  return out;
}

function readConfigs(project: Project, classPath: string, params: readonly string[]): MiddlewareConfig[] {
  const byLoc = new Map<string, MiddlewareConfig>();
  const add = (app: InstRec | undefined, loc: SrcLoc, form: MiddlewareConfig['form'], args: CallArgs, shift: number, conditional: boolean): void => {
    const key = `${loc.file}:${loc.line}:${loc.column}`;
    const existing = byLoc.get(key);
    if (existing) {
      if (app && !existing.apps.includes(app)) existing.apps.push(app);
      existing.conditional &&= conditional;
      return;
    }
    const get = (name: string): Value | undefined => {
      const i = params.indexOf(name);
      return args.kw.get(name) ?? (i >= 0 ? args.pos[i + shift] : undefined);
    };
    byLoc.set(key, { apps: app ? [app] : [], appLabel: '', loc, form, args, conditional, get });
  };
  for (const app of project.apps) {
    for (const m of app.router?.middleware ?? []) {
      if (m.fn || !isClass(project, m.cls, classPath)) continue;
      const call = callAt(project, m.loc);
      const form = call?.fn.t === 'attr' && call.fn.attr === 'add_middleware' ? 'add_middleware' : 'Middleware';
      add(app, m.loc, form, m.args, 0, m.conditional);
    }
  }
  for (const inst of project.interp.insts) {
    if (inst.router || !isClass(project, inst.cls, classPath)) continue;
    const wrapped = inst.args.pos[0] ?? inst.args.kw.get('app');
    const app = wrapped && wrapped.k === 'inst' && wrapped.inst.router ? wrapped.inst : undefined;
    add(app, inst.loc, 'wrap', inst.args, 1, inst.conditional);
  }
  const out = [...byLoc.values()];
  for (const c of out) {
    const named = c.apps
      .map((a) => project.nameOf(a))
      .filter((n): n is string => n !== undefined)
      .sort();
    c.appLabel = named[0] ?? (c.form === 'wrap' ? wrappedName(project, c.loc) : undefined) ?? (c.apps[0] ? instLabel(project, c.apps[0]) : 'the wrapped application');
  }
  out.sort((a, b) => (a.loc.file < b.loc.file ? -1 : a.loc.file > b.loc.file ? 1 : a.loc.line - b.loc.line || a.loc.column - b.loc.column));
  return out;
}
