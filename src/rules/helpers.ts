/** Small readers over the model shared by several rules. */
import type { Project } from '../model/project.js';
import { alternatives, describe, type CallArgs, type InstRec, type MiddlewareRec, type SrcLoc, type Value } from '../model/values.js';

/** `app.main.app` for an application or router held by a module variable, else `FastAPI(...) at file:line`. */
export function instLabel(project: Project, inst: InstRec): string {
  const n = project.nameOf(inst);
  if (n) return n;
  const c = inst.cls;
  const cls = c.k === 'ext' ? c.path.slice(c.path.lastIndexOf('.') + 1) : c.k === 'class' ? c.cls.name : '?';
  return `${cls}(...)`;
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

/** "from `Settings.X` (file:line)" when the value carries provenance. */
export function origin(v: Value): string {
  const src = 'src' in v ? v.src : undefined;
  if (!src) return '';
  return src.loc ? ` from \`${src.name}\` (${where(src.loc)})` : ` from \`${src.name}\``;
}

export function show(v: Value): string {
  return describe(v);
}
