/**
 * Routes public by design that the path alone does not show: a handler that serves the API's own
 * documentation (`return get_openapi(...)`, `get_swagger_ui_html(...)`, `app.openapi()`) wherever it
 * is mounted and however its path is spelt (`/openapi_spec`, `app.swagger_ui_oauth2_redirect_url`).
 */
import type { Expr } from '../facts/ir.js';
import type { BuiltInPublic } from '../config/public.js';
import type { RouteInfo, Project } from '../model/project.js';
import { alternatives, type Value } from '../model/values.js';
import { unwrap } from '../model/auth.js';
import { codeIndex } from './code.js';
import { isClass } from './helpers.js';
import type { CodeUnit } from './units.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DOCS_FUNCS = /^fastapi\.openapi\.(docs\.(get_swagger_ui_html|get_redoc_html|get_swagger_ui_oauth2_redirect_html)|utils\.get_openapi)$/;
const RESPONSES = /^(fastapi|starlette)\.responses\.(JSONResponse|HTMLResponse|ORJSONResponse|UJSONResponse|Response)$/;

/** Is this callee FastAPI's docs helper, or an application's `openapi()` method? */
function docsCallee(project: Project, callee: Value): boolean {
  return alternatives(callee).some(
    (c) =>
      (c.k === 'ext' && DOCS_FUNCS.test(c.path)) ||
      (c.k === 'method' &&
        c.name === 'openapi' &&
        alternatives(c.self).some((s) => s.k === 'inst' && (isClass(project, s.inst.cls, 'fastapi.FastAPI') || isClass(project, s.inst.cls, 'fastapi.applications.FastAPI')))),
  );
}

/** `get_openapi(...)`, `app.openapi()`, or a response made of one (`JSONResponse(app.openapi())`). */
function servesDocs(project: Project, unit: CodeUnit, e: Expr | null, depth = 0): boolean {
  if (!e || e.t !== 'call') return false;
  const i = unit.calls.indexOf(e);
  if (i < 0) return false;
  const callee = codeIndex(project).callee(unit, i);
  if (docsCallee(project, callee)) return true;
  if (depth > 0 || !alternatives(callee).some((c) => c.k === 'ext' && RESPONSES.test(c.path))) return false;
  const first = e.args.find((a) => !a.name && !a.star) ?? e.args.find((a) => a.name === 'content');
  return !!first && servesDocs(project, unit, first.v, depth + 1);
}

/** Public by what its handler does (see above): a read whose every `return` serves the API's docs. */
export function publicByCode(project: Project, r: RouteInfo): BuiltInPublic | undefined {
  if (r.kind !== 'http' || !r.handler || !r.methods.length || !r.methods.every((m) => READS.has(m.toUpperCase()))) return undefined;
  const fn = unwrap(r.handler);
  const unit = codeIndex(project).unitOf(fn);
  if (!unit.returns.length || !unit.returns.every((e) => servesDocs(project, unit, e))) return undefined;
  return { kind: 'docs', word: `${r.handler.name}() returns them` };
}
