/** Small readers over the model shared by several rules: names of apps and routes, classes, middleware, locations. */
import type { Project, RouteInfo } from '../model/project.js';
import { alternatives, type CallArgs, type ClassRec, type InstRec, type MiddlewareRec, type ModuleRec, type SrcLoc, type Value } from '../model/values.js';

/** `app.main.app` for an application or router held by a module variable, else `FastAPI(...) at file:line`. */
/**
 * App-level findings on an app that only code nobody calls makes (library code, helpers for users'
 * apps) are notes: `reach` is appended to the app's name in messages.
 */
export function appReach(project: Project, app: InstRec): { reach: string; severity?: 'note' } {
  if (!project.isPossible(app)) return { reach: '' };
  return { reach: ` (made by \`${app.origin?.name ?? '?'}\`, which no entry point the scan sees calls: it may not be served)`, severity: 'note' };
}

export function instLabel(project: Project, inst: InstRec): string {
  return project.appName(inst);
}

export function where(loc: SrcLoc): string {
  return `${loc.file}:${loc.line}`;
}

/** The canonical class name of a middleware (or of any instance's class), following user subclasses to the library class. */
export function classPaths(project: Project, cls: Value): string[] {
  const out: string[] = [];
  for (const c of alternatives(cls)) {
    if (c.k === 'ext') out.push(c.path);
    else if (c.k === 'class') out.push(...project.interp.extBases(c.cls));
  }
  return out;
}

export function isClass(project: Project, cls: Value, path: string): boolean {
  return classPaths(project, cls).includes(path);
}

export function middlewareOf(project: Project, app: InstRec, path: string): MiddlewareRec[] {
  return (app.router?.middleware ?? []).filter((m) => isClass(project, m.cls, path));
}

/** A keyword argument (or its positional slot) of a call. */
export function arg(args: CallArgs, name: string, pos?: number): Value | undefined {
  return args.kw.get(name) ?? (pos !== undefined ? args.pos[pos] : undefined);
}

/** Enumeration bases: `enum.Enum` and its standard subclasses, `strenum.StrEnum`, Django's `TextChoices`/`IntegerChoices`. */
const ENUM_BASE = /^enum\.(Enum|StrEnum|IntEnum|Flag|IntFlag|ReprEnum)$|(^|\.)(StrEnum|TextChoices|IntegerChoices)$/;
const enumClasses = new WeakMap<ClassRec, boolean>();

/** A class deriving from `Enum` (directly or through user classes): its attributes are named constants, not configuration. */
export function isEnumClass(project: Project, cls: ClassRec): boolean {
  let v = enumClasses.get(cls);
  if (v === undefined) enumClasses.set(cls, (v = project.interp.extBases(cls).some((b) => ENUM_BASE.test(b))));
  return v;
}

const modulesByFile = new WeakMap<Project, Map<string, ModuleRec>>();

/** The module a file was evaluated as (the first, when a file is reachable under two names). */
export function moduleOfFile(project: Project, file: string): ModuleRec | undefined {
  let m = modulesByFile.get(project);
  if (!m) {
    m = new Map();
    for (const mod of project.interp.modules.values()) if (!m.has(mod.file)) m.set(mod.file, mod);
    modulesByFile.set(project, m);
  }
  return m.get(file);
}

/** `f`, remembering its answer for each string (names and paths recur across a project; the table is bounded). */
export function memoByString<T>(f: (s: string) => T): (s: string) => T {
  const memo = new Map<string, T>();
  return (s) => {
    if (memo.has(s)) return memo.get(s)!;
    if (memo.size > 100_000) memo.clear();
    const v = f(s);
    memo.set(s, v);
    return v;
  };
}

/** Test code is not production code: the configuration and secret rules (FA303, FA401–FA406) skip it. */
export { isTestPath } from '../model/testcode.js';

// ------------------------------------------------------------------ routes

/** `GET,POST /items/{id}`, `WEBSOCKET /ws`. */
export function routeLabel(r: RouteInfo): string {
  return `${r.kind === 'websocket' ? 'WEBSOCKET' : r.methods.join(',')} ${r.path}`;
}

/** "`GET /a` (and 2 more routes)": the first route by path, and how many others. */
export function routesText(routes: readonly RouteInfo[]): string {
  const first = [...routes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))[0]!;
  // the same route served by several apps (one router included by many) counts once
  const n = new Set(routes.map(routeLabel)).size;
  return `\`${routeLabel(first)}\`${n > 1 ? ` (and ${n - 1} more route${n > 2 ? 's' : ''})` : ''}`;
}

/** "its router `x` (file:line), the include at file:line or the app `y` (file:line)": every level where auth could have been added. */
export function expectedAt(project: Project, r: RouteInfo): { text: string; related: Array<{ at: SrcLoc; message: string }> } {
  const parts: string[] = [];
  const related: Array<{ at: SrcLoc; message: string }> = [];
  for (const h of r.hops) {
    if (h.kind === 'include') {
      parts.push(`the include at ${where(h.loc)}`);
      related.push({ at: h.loc, message: 'included here without an auth dependency' });
    } else if (h.inst) {
      const label = instLabel(project, h.inst);
      const what = h.kind === 'router' ? 'its router' : 'the app';
      if (parts.some((p) => p.includes(`\`${label}\``))) continue;
      parts.push(`${what} \`${label}\` (${where(h.loc)})`);
      related.push({ at: h.loc, message: `${h.kind === 'router' ? 'router' : 'application'} without an auth dependency` });
    }
  }
  for (const m of r.mounts) parts.push(`the mount at \`${m}\``);
  const text = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}` : (parts[0] ?? 'its application');
  return { text, related };
}
