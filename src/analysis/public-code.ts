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
import type { DepNode } from '../model/deps.js';
import type { FuncRec } from '../model/values.js';
import { chain, eachExpr, eachStmt, pythonText, withoutDocstring } from './ir.js';
import { locParts } from '../facts/loc.js';
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

/**
 * A flag-like literal: a non-empty dict of string keys to booleans or None (`{"saas": True}`,
 * `{"success": True}`). Not `{}` or `None` (a stub's answer), no numbers (`{"revenue": 1_000_000}` is
 * data) and no strings (a constant string may be a secret handed out).
 */
function flagLiteral(e: Expr | null): boolean {
  return !!e && e.t === 'dict' && e.items.length > 0 && e.items.every(([k, v]) => k?.t === 'str' && v.t === 'const');
}

/** Is `e` one of the unit's calls, of a library callable whose path matches (`fastapi.Response`)? */
function callsLibrary(project: Project, unit: CodeUnit, e: Expr | null, path: RegExp): e is Extract<Expr, { t: 'call' }> {
  if (!e || e.t !== 'call') return false;
  const i = unit.calls.indexOf(e);
  return i >= 0 && alternatives(codeIndex(project).callee(unit, i)).some((c) => c.k === 'ext' && path.test(c.path));
}

/** `Response(status_code=200)`, `Response(status_code=status.HTTP_204_NO_CONTENT)`: a bare status. */
function statusResponse(project: Project, unit: CodeUnit, e: Expr | null): boolean {
  if (!callsLibrary(project, unit, e, /^(fastapi|starlette)(\.responses)?\.(Response|JSONResponse|PlainTextResponse)$/) || e.args.length !== 1) return false;
  const a = e.args[0]!;
  return a.name === 'status_code' && (a.v.t === 'num' || (a.v.t === 'attr' && /^HTTP_\d{3}_/.test(a.v.attr)));
}

/** `Response(content="webhook validation", status_code=200)`: a fixed text with a fixed status. */
function textResponse(project: Project, unit: CodeUnit, e: Expr | null): boolean {
  if (!callsLibrary(project, unit, e, /^(fastapi|starlette)(\.responses)?\.(Response|PlainTextResponse)$/)) return false;
  return e.args.every((a) => (a.name === 'content' || a.name === 'status_code') && (a.v.t === 'str' || a.v.t === 'num'));
}

/** Calls that leave nothing behind: logging and analytics, reading the request, string work, builtins. */
const LOG_CALL = /^(debug|info|warning|warn|error|exception|critical|log|capture|track)$/;
const STR_METHOD = /^(decode|encode|strip|lstrip|rstrip|lower|upper|startswith|endswith|hexdigest|digest)$/;
const REQUEST_READ = /^(body|json|form)$/;
const BUILTIN = /^(print|len|str|int|bool|float|bytes|isinstance)$/;
const PURE_LIB = /^(hmac|hashlib|base64|binascii|json)\./;
const RAISES = /(^|\.)HTTPException$/;

function quietCall(project: Project, unit: CodeUnit, i: number, depth: number): boolean {
  const c = unit.calls[i]!;
  if (c.fn.t === 'attr' && (LOG_CALL.test(c.fn.attr) || STR_METHOD.test(c.fn.attr) || REQUEST_READ.test(c.fn.attr))) return true;
  if (c.fn.t === 'name' && BUILTIN.test(c.fn.id)) return true;
  const alts = alternatives(codeIndex(project).callee(unit, i));
  const quietHelper = (fn: FuncRec): boolean => {
    const u = codeIndex(project).unitOf(unwrap(fn));
    return u.calls.every((_, j) => quietCall(project, u, j, depth + 1));
  };
  return (
    alts.length > 0 &&
    alts.every(
      (v) =>
        (v.k === 'ext' && (PURE_LIB.test(v.path) || RAISES.test(v.path) || /^(fastapi|starlette)(\.responses)?\.\w*Response$/.test(v.path))) ||
        // a helper of ours that only computes (`generate_signature(payload, key)` over hmac/hashlib)
        (v.k === 'func' && depth === 0 && quietHelper(v.fn)),
    )
  );
}

/**
 * A handler that does nothing: it may read the request, compute, log and refuse (`raise
 * HTTPException`), but it stores nothing, calls nothing else, and every `return` is flags, a bare
 * status or a fixed text (`return {"saas": True}`, a no-op `DELETE` answering 200, a webhook test
 * endpoint that only logs whether the signature matched). Calling it changes nothing and tells nothing.
 */
function inert(project: Project, unit: CodeUnit, fn: FuncRec): boolean {
  const body = withoutDocstring(fn.def.body).filter((s) => !(s.t === 'expr' && s.v.t === 'ellipsis') && !(s.t === 'flow' && s.kind === 'pass'));
  let rets = 0;
  let ok = true;
  eachStmt(body, (s) => {
    if (!ok) return;
    if (s.t === 'return') {
      rets++;
      ok = flagLiteral(s.v) || statusResponse(project, unit, s.v) || textResponse(project, unit, s.v);
    } else if (s.t === 'assign') ok = s.targets.every((t) => t.t === 'name');
    else ok = s.t === 'expr' || s.t === 'if' || s.t === 'raise';
  });
  return ok && rets > 0 && body[body.length - 1]?.t === 'return' && unit.calls.every((_, i) => quietCall(project, unit, i, 0));
}

const FILE_RESPONSE = /^(fastapi|starlette)\.responses\.FileResponse$/;
/** Path segments of images and media a page loads with `<img src>`, which cannot carry a bearer token. */
const MEDIA_SEGMENTS = /^(media|images?|thumbnails?|avatars?|icons?|assets|logos?|previews?|covers?)$/i;

/** `FileResponse(path, media_type="image/png")` (or a local bound to one): its media type if literal. */
function fileResponse(project: Project, unit: CodeUnit, e: Expr | null, depth = 0): { media?: string } | undefined {
  if (!e) return undefined;
  if (e.t === 'name' && depth === 0) {
    const bs = unit.locals.get(e.id) ?? [];
    const made = bs.map((b) => fileResponse(project, unit, b.v, 1));
    return made.length && made.every((m) => m) ? made[0] : undefined;
  }
  if (!callsLibrary(project, unit, e, FILE_RESPONSE)) return undefined;
  const mt = e.args.find((a) => a.name === 'media_type')?.v;
  return { media: mt?.t === 'str' ? mt.v : undefined };
}

/**
 * A read that answers with a file from disk, an image or media a page shows with `<img src>` (no
 * bearer token goes with it): every `return` is a `FileResponse`, whose media type is an image or
 * whose path sits under a media segment (`/media/recipes/{id}/images/{file}`, `/i/{key}/thumbnail`).
 */
function servesMedia(project: Project, unit: CodeUnit, r: RouteInfo): string | undefined {
  const rets = unit.returns.filter((e) => e !== null);
  if (!rets.length) return undefined;
  // `@router.get("/x.txt", response_class=FileResponse)`: whatever the handler returns is sent as a file
  const deco = r.handler?.def.decorators.find((d) => d.t === 'call' && locParts(d.loc)[0] === r.rec.loc.line);
  const rc = deco?.t === 'call' ? deco.args.find((a) => a.name === 'response_class')?.v : undefined;
  const asFile = rc !== undefined && /(^|\.)FileResponse$/.test(chain(rc) ?? '');
  const files = rets.map((e) => fileResponse(project, unit, e) ?? (asFile ? {} : undefined));
  if (files.some((f) => !f)) return undefined;
  if (files.every((f) => f!.media?.startsWith('image/'))) return files[0]!.media!;
  // a download or export (a zip of the images) is not what a page shows
  const segs = r.path.split('/');
  if (files.some((f) => f!.media) || segs.some((s) => /^(downloads?|exports?|archives?|backups?)$/i.test(s))) return undefined;
  return segs.find((s) => MEDIA_SEGMENTS.test(s));
}

/** A path parameter a share link carries its key in: `{token_id}`, `{share_token}`, `{share_id}`. */
const SHARE_PARAM = /^(\w*_)?(token|share_?id|share_?key)(_id)?$/i;

/**
 * A share link: under a `shared` segment, the handler looks the token in its path up (passes it to a
 * call) before it answers, so the unguessable token is the key (`GET /recipes/shared/{token_id}`).
 */
function shareLink(unit: CodeUnit, r: RouteInfo): string | undefined {
  // under a `shared`/`share` segment: `/api/tokens/{token_id}` is an API-token manager, not a share link
  const segs = r.path.split('/');
  const at = segs.findIndex((x) => /^(shared?|shares)$/i.test(x));
  if (at < 0) return undefined;
  const params = [
    ...segs
      .slice(at + 1)
      .join('/')
      .matchAll(/\{(\w+)(?::[^}]*)?\}/g),
  ]
    .map((m) => m[1]!)
    .filter((p) => SHARE_PARAM.test(p));
  for (const p of params) {
    if (unit.calls.some((c) => c.args.some((a) => !a.star && a.v.t === 'name' && a.v.id === p))) return `{${p}}`;
  }
  return undefined;
}

/** An attribute that says whether a record is shown to everyone: `group.preferences.private_group`, `recipe.public`. */
const VISIBILITY = /^(is_)?(private|public|published|visible|shared)(_\w+)?$|^\w+_(private|public)$|^visibility$/i;

/**
 * A dependency that loads the record the path names and refuses it unless its owner made it
 * public: `if not group or group.preferences.private_group: raise HTTPException(404)`. The routes
 * behind it show what owners chose to publish (an explore page).
 */
function publishedGate(project: Project, r: RouteInfo): string | undefined {
  const seen = new Set<DepNode>();
  const walk = (n: DepNode): string | undefined => {
    if (seen.has(n)) return undefined;
    seen.add(n);
    const f = n.call && alternatives(n.call).find((x) => x.k === 'func');
    if (f?.k === 'func') {
      let hit: string | undefined;
      eachStmt(f.fn.def.body, (s) => {
        if (hit || s.t !== 'if' || !s.body.some((b) => b.t === 'raise')) return;
        eachExpr(s.test, (x) => {
          if (!hit && x.t === 'attr' && VISIBILITY.test(x.attr)) hit = `${f.fn.qualname}() refuses what \`${pythonText(x)}\` keeps private`;
        });
      });
      if (hit) return hit;
    }
    for (const c of n.children) {
      const h = walk(c);
      if (h) return h;
    }
    return undefined;
  };
  for (const d of r.deps) {
    const h = walk(d.node);
    if (h) return h;
  }
  return undefined;
}

/**
 * Public by what its handler does (see above): a read whose every `return` serves the API's docs;
 * a handler that does nothing; a read serving an image or media file; a share link; an explore
 * page behind a dependency that refuses what its owner keeps private.
 */
export function publicByCode(project: Project, r: RouteInfo): BuiltInPublic | undefined {
  if (r.kind !== 'http' || !r.handler || !r.methods.length) return undefined;
  const fn = unwrap(r.handler);
  const unit = codeIndex(project).unitOf(fn);
  if (inert(project, unit, fn)) return { kind: 'inert', word: `${r.handler.name}() keeps nothing and returns a constant` };
  if (!r.methods.every((m) => READS.has(m.toUpperCase()))) return undefined;
  if (unit.returns.length && unit.returns.every((e) => servesDocs(project, unit, e))) return { kind: 'docs', word: `${r.handler.name}() returns them` };
  const media = servesMedia(project, unit, r);
  if (media) return { kind: 'media', word: `${r.handler.name}() returns a FileResponse, ${media}` };
  const share = shareLink(unit, r);
  if (share) return { kind: 'share-link', word: `${share} is looked up` };
  const gate = publishedGate(project, r);
  if (gate) return { kind: 'published', word: gate };
  return undefined;
}
