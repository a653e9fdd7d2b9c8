/**
 * What an application does, for the app-level rules (FA201, FA301, FA302): which apps are real
 * services, and the impact their configuration has, read from the code each app runs — its route
 * handlers, their dependencies, its middleware, and the functions of ours those call.
 *
 * - **docs stub**: an app made in a Sphinx configuration (`conf.py` that sets `extensions`,
 *   `html_theme` or imports `sphinx`): documentation builds import it, nothing serves it.
 * - **mock server**: an app made by a helper only test code calls (a function no production code
 *   calls, imported by test files), an app whose module only test code imports and no server starts,
 *   or an app every HTTP route of which returns a constant without reading its request, canned data
 *   at least once (`{"status": "ok"}`, a fixed list of models): it stands in for a service in tests
 *   and demos. Routes that return only `None` are stubs, not canned data. The file's or the app's name
 *   never decides.
 * - **example app**: an app whose entry point (the module, `__main__` block, command or function that
 *   made it) lives under an `examples/`, `demo/`, `samples/`, `docs/`, `cookbook/`, `tutorial/`,
 *   `mock/`, `load_test/` or `benchmark/`
 *   folder, or one whose name has a test word (`proxy-test/`, `e2e_tests/`, `mock-server/`), of the scanned tree, unless a deployment file, a project script or the config outside such
 *   a folder starts it: the project ships it for users to read and copy, it is not the service the
 *   project runs. Its routes' FA101/FA102 findings are notes; the app-level rules skip it.
 * - **browser credentials** (FA201): cookies, sessions or HTTP Basic the app authenticates with —
 *   `SessionMiddleware`, `APIKeyCookie`/`HTTPBasic`/`HTTPDigest` schemes in its routes, `Cookie()`
 *   credentials or `request.cookies`/`request.session` reads that decide a request, fastapi-users
 *   `CookieTransport`, a credential cookie it sets.
 * - **request host use** (FA301): `request.url_for(...)`, `request.base_url`, `request.url` (other than
 *   its path or query), the `Host`/`X-Forwarded-Host` header, templates rendered with the request
 *   (they build links with `url_for`).
 * - **secure transport intent** (FA302): cookies set with `secure=True`, `SessionMiddleware(https_only=True)`,
 *   or a `Strict-Transport-Security` header.
 */
import type { Expr, FileFacts } from '../facts/ir.js';
import type { DepNode } from '../model/deps.js';
import type { Project, RouteInfo } from '../model/project.js';
import { alternatives, asStr, truthy, type FuncRec, type InstRec, type SrcLoc, type Value } from '../model/values.js';
import { callsFrom, callSitesOf } from './calls.js';
import { bodyOf, codeIndex } from './code.js';
import { credentialName } from './credentials.js';
import { decides } from './decision.js';
import { refusedUnless, servedOnlyWhen } from './middleware-auth.js';
import { classPaths, isClass, isTestPath, moduleOfFile, where } from './helpers.js';
import { argExpr, chain, eachBodyExpr, eachStmt } from './ir.js';
import { funcOf, paramSource, schemeOf } from './schemes.js';
import { locOf, type CodeUnit } from './units.js';

// ------------------------------------------------------------------ the code an app runs

const codeMemo = new WeakMap<InstRec, FuncRec[]>();

/** The functions an app runs for a request: route handlers, their dependencies, middleware, and what they call (ours). */
const routesByApp = new WeakMap<Project, Map<InstRec, RouteInfo[]>>();
/** The routes an app serves (grouped once per project). */
function routesOf(project: Project, app: InstRec): RouteInfo[] {
  let m = routesByApp.get(project);
  if (!m) {
    m = new Map();
    for (const r of project.routes) {
      const list = m.get(r.app);
      if (list) list.push(r);
      else m.set(r.app, [r]);
    }
    routesByApp.set(project, m);
  }
  return m.get(app) ?? [];
}

function appCode(project: Project, app: InstRec): FuncRec[] {
  const hit = codeMemo.get(app);
  if (hit) return hit;
  const roots: FuncRec[] = [];
  const seenNodes = new Set<DepNode>();
  const walk = (n: DepNode): void => {
    if (seenNodes.has(n)) return;
    seenNodes.add(n);
    if (n.kind !== 'security_scheme') {
      const f = funcOf(project, n.call);
      if (f) roots.push(f);
    }
    n.children.forEach(walk);
  };
  for (const r of routesOf(project, app)) {
    if (r.handler) roots.push(r.handler);
    for (const d of r.deps) walk(d.node);
  }
  for (const mw of app.router?.middleware ?? []) {
    if (mw.fn?.k === 'func') roots.push(mw.fn.fn);
    const cls = mw.cls.k === 'class' ? mw.cls.cls : undefined;
    for (const name of ['dispatch', '__call__']) {
      const m = cls ? project.interp.classAttr(cls, name) : undefined;
      if (m?.k === 'func') roots.push(m.fn);
    }
  }
  const ix = codeIndex(project);
  const seen = new Set<FuncRec['def']>();
  const out: FuncRec[] = [];
  const queue = [...roots];
  while (queue.length && out.length < 20_000) {
    const fn = queue.pop()!;
    if (seen.has(fn.def)) continue;
    seen.add(fn.def);
    out.push(fn);
    for (const s of callsFrom(project, ix.unitOf(fn))) if (!seen.has(s.target.def)) queue.push(s.target);
  }
  codeMemo.set(app, out);
  return out;
}

// ------------------------------------------------------------------ which apps are services

/** `canned`: a mock only because its routes return constants (a guess good enough for app-level rules, not for routes). */
export type AppRole = { kind: 'service' } | { kind: 'docs' | 'mock' | 'example'; why: string; canned?: boolean };

const roleMemo = new WeakMap<InstRec, AppRole>();

/** Is the app a service, a docs stub or a mock server (see the module comment)? */
export function appRole(project: Project, app: InstRec): AppRole {
  let r = roleMemo.get(app);
  if (!r) roleMemo.set(app, (r = readRole(project, app)));
  return r;
}

/**
 * Why findings on the routes of an app are only notes: it is an example app, a mock server only tests
 * make, or a docs stub (the text completes "Reported as a note: …"), else nothing. A route of an app
 * that merely returns constants is still reported in full: its routes may change state all the same.
 */
export function noteOf(project: Project, app: InstRec): { noteBecause?: string } {
  const role = appRole(project, app);
  if (role.kind === 'service' || role.canned) return {};
  return { noteBecause: `\`${project.appName(app)}\` is ${role.kind === 'example' ? '' : role.kind === 'mock' ? 'a mock server, ' : 'a docs stub, '}${role.why}` };
}

/**
 * Why a route's findings are only notes: its app is not the service (`noteOf`), or the route is
 * registered only while a setting that is off by default is on (a development-only router).
 */
export function routeNoteOf(project: Project, r: RouteInfo): { noteBecause?: string } {
  const app = noteOf(project, r.app);
  if (app.noteBecause) return app;
  const lb = loopbackOnly(project, r.app);
  if (lb) return { noteBecause: `\`${project.appName(r.app)}\` is served only on the loopback interface (${lb}), so only processes on the same machine can reach it` };
  const off = refusedUnless(project, r);
  if (off)
    return {
      noteBecause: `its handler refuses every request ${off.onWhen ? 'unless' : 'while'} \`${off.test}\` holds (${where(off.at)}), and ${off.note || 'that is the case by default'}`,
    };
  const sw = servedOnlyWhen(project, r);
  if (!sw) return {};
  return { noteBecause: `the route is served only ${sw.onWhen ? 'when' : 'unless'} \`${sw.test}\` holds (${where(sw.at)}), and ${sw.note || 'that is not the case by default'}` };
}

// ------------------------------------------------------------------ loopback-only apps

/** Library calls that start a server on an app, where the app and the host are, and the host when none is given. */
const STARTS: Record<string, { app: number; appKw: string; host?: number; hostKw: string; dflt?: string }> = {
  'uvicorn.run': { app: 0, appKw: 'app', hostKw: 'host', dflt: '127.0.0.1' },
  'uvicorn.main.run': { app: 0, appKw: 'app', hostKw: 'host', dflt: '127.0.0.1' },
  'uvicorn.Config': { app: 0, appKw: 'app', host: 1, hostKw: 'host', dflt: '127.0.0.1' },
  'uvicorn.config.Config': { app: 0, appKw: 'app', host: 1, hostKw: 'host', dflt: '127.0.0.1' },
  'hypercorn.asyncio.serve': { app: 0, appKw: 'app', hostKw: '' },
  'hypercorn.trio.serve': { app: 0, appKw: 'app', hostKw: '' },
  'granian.Granian': { app: 0, appKw: 'target', hostKw: 'address' },
  'granian.server.Granian': { app: 0, appKw: 'target', hostKw: 'address' },
  'daphne.server.Server': { app: 0, appKw: 'application', hostKw: '' },
};
const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|::1|\[::1\])$/i;
const loopbackMemo = new WeakMap<InstRec, string | null>();

/**
 * Where an app is served only on the loopback interface, said for messages (`uvicorn.Config(...) at
 * pkg/cli.py:318 binds 127.0.0.1`): every server start in the code that names it binds a loopback
 * address, given as a literal (`host="127.0.0.1"`), or left to uvicorn's default (127.0.0.1) on an
 * ephemeral port (`port=0`: a one-shot server whose port only the code that started it learns, such
 * as a CLI's login callback); and nothing else serves it: no deployment target, no other app mounts
 * it. Undefined otherwise (an address read from a setting or an argument may be any).
 */
function loopbackOnly(project: Project, app: InstRec): string | undefined {
  let hit = loopbackMemo.get(app);
  if (hit === undefined) loopbackMemo.set(app, (hit = readLoopback(project, app) ?? null));
  return hit ?? undefined;
}

function readLoopback(project: Project, app: InstRec): string | undefined {
  if (!project.servedApps.includes(app) || !app.servedBy?.loc) return undefined;
  const starts = project.interp.extCalls.filter((c) => {
    const spec = STARTS[c.path];
    if (!spec) return false;
    const a = c.args.pos[spec.app] ?? c.args.kw.get(spec.appKw);
    return (a && alternatives(a).some((v) => v.k === 'inst' && v.inst === app)) || sameLoc(c.loc, app.servedBy!.loc!);
  });
  // every way it is served is one of these calls (not a deployment file, not a factory a target runs)
  if (!starts.some((c) => sameLoc(c.loc, app.servedBy!.loc!))) return undefined;
  if (app.origin?.kind === 'target' && !(app.origin.loc && starts.some((c) => sameLoc(c.loc, app.origin!.loc!)))) return undefined;
  const said: string[] = [];
  for (const c of starts) {
    const spec = STARTS[c.path]!;
    const h = (spec.host !== undefined ? c.args.pos[spec.host] : undefined) ?? (spec.hostKw ? c.args.kw.get(spec.hostKw) : undefined);
    let host: string | undefined;
    if (h === undefined) {
      // uvicorn's default, trusted only on an ephemeral port: a service's `uvicorn.run(app)` may be started another way too
      const port = c.args.kw.get('port') ?? (spec.host !== undefined ? c.args.pos[spec.host + 1] : undefined);
      if (!spec.dflt || c.args.open || !port || !alternatives(port).every((p) => p.k === 'num' && p.v === 0)) return undefined;
      host = `${spec.dflt}, uvicorn's default, on an ephemeral port`;
    } else {
      // a literal of the code: a setting's or an environment variable's default may differ at run time
      const alts = alternatives(h);
      const hosts = alts.map(asStr);
      if (!hosts.length || alts.some((a) => a.k !== 'str' || a.src?.soft) || !hosts.every((x) => x !== undefined && LOOPBACK.test(x))) return undefined;
      host = [...new Set(hosts)].join(' or ');
    }
    said.push(`\`${c.path.replace(/^(\w+)\..*\.(\w+)$/, '$1.$2')}(...)\` at ${where(c.loc)} binds ${host}`);
  }
  return said.length ? said.join('; ') : undefined;
}

const sameLoc = (a: SrcLoc, b: SrcLoc): boolean => a.file === b.file && a.line === b.line && a.column === b.column;

/** Apps the app-level rules report: served apps that are neither docs stubs nor mock servers. */
function serviceApps(project: Project): InstRec[] {
  return project.servedApps.filter((a) => appRole(project, a).kind === 'service');
}

/**
 * The service apps grouped by the place that makes them: a factory a library runs once per user
 * app (gradio's `App.create_app`) makes many apps at one line, and one finding there says it once.
 * Groups in the order of their first app; apps in a group sorted by name.
 */
export function serviceAppsBySite(project: Project): InstRec[][] {
  const groups = new Map<string, InstRec[]>();
  for (const a of serviceApps(project)) {
    const l = a.router?.loc ?? a.loc;
    const key = `${l.file}:${l.line}:${l.column}`;
    const g = groups.get(key);
    if (g) g.push(a);
    else groups.set(key, [a]);
  }
  return [...groups.values()].map((g) => g.sort((x, y) => (project.appName(x) < project.appName(y) ? -1 : project.appName(x) > project.appName(y) ? 1 : 0)));
}

function readRole(project: Project, app: InstRec): AppRole {
  const facts = project.facts.get(app.loc.file);
  if (facts && sphinxConfig(facts)) return { kind: 'docs', why: `made in the Sphinx configuration ${app.loc.file}` };
  const example = exampleFolder(app);
  if (example) return { kind: 'example', why: `an example app under \`${example}/\` that no deployment file starts` };
  const creator = app.creator;
  const tests = testImports(project);
  if (creator && project.isPossible(app) && callSitesOf(project, creator.def).length === 0 && tests.names.has(creator.name)) {
    return { kind: 'mock', why: `made by \`${creator.name}\`, which only test code calls` };
  }
  const mod = moduleOfFile(project, app.loc.file);
  // a module-level app nobody starts, whose module only tests import
  if (mod && app.origin?.kind === 'import' && !app.servedBy && tests.modules.has(mod.name) && !productionImports(project).has(mod.name)) {
    return { kind: 'mock', why: `its module \`${mod.name}\` is imported only by test code and no server starts it` };
  }
  const routes = routesOf(project, app).filter((r) => r.kind === 'http');
  if (routes.length && routes.every((r) => r.handler && constantHandler(project, r.handler) !== undefined) && routes.some((r) => constantHandler(project, r.handler!))) {
    return { kind: 'mock', why: 'every HTTP route returns canned data without reading the request', canned: true };
  }
  return { kind: 'service' };
}

/** Folders a project keeps code for users to read and copy in (compared lower case). */
// prettier-ignore
const EXAMPLE_FOLDERS = new Set([
  'example', 'examples', 'demo', 'demos', 'sample', 'samples', 'docs', 'docs_src', 'doc', 'cookbook', 'cookbooks', 'tutorial', 'tutorials',
  // stand-ins and harnesses: mock servers, load tests and benchmarks are not the service either
  'mock', 'mocks', 'load_test', 'load_tests', 'loadtest', 'benchmark', 'benchmarks',
]);

/** Words that make a folder a harness when its name is made of words (`proxy-test`, `e2e_tests`, `mock-server`). */
const HARNESS_WORDS = new Set(['test', 'tests', 'testing', 'e2e', 'mock', 'mocks', 'benchmark', 'benchmarks', 'loadtest']);

function exampleFolderName(name: string): boolean {
  const lower = name.toLowerCase();
  return EXAMPLE_FOLDERS.has(lower) || lower.split(/[-_.]/).some((w) => HARNESS_WORDS.has(w));
}

/** The example folder a file lives under (`examples/llm`), if any. */
function exampleFolderOf(file: string): string | undefined {
  const segs = file.split('/');
  const i = segs.slice(0, -1).findIndex(exampleFolderName);
  return i >= 0 ? segs.slice(0, Math.min(i + 2, segs.length - 1)).join('/') : undefined;
}

/**
 * The example folder of the entry point that made the app, unless a deployment target outside
 * example folders starts it (see the module comment).
 */
function exampleFolder(app: InstRec): string | undefined {
  for (const o of [app.origin, app.servedBy]) if (o?.kind === 'target' && !(o.loc && exampleFolderOf(o.loc.file))) return undefined;
  return exampleFolderOf(app.origin?.loc?.file ?? app.loc.file);
}

const deployedFolders = new WeakMap<Project, Set<string>>();

/**
 * The example folder of a file (`examples/auth`) when it holds example code: under an example folder
 * that no app the project serves as a service was made in. Findings there are notes.
 */
export function exampleCode(project: Project, file: string): string | undefined {
  const folder = exampleFolderOf(file);
  if (!folder) return undefined;
  let deployed = deployedFolders.get(project);
  if (!deployed) {
    deployed = new Set();
    for (const a of project.servedApps) {
      const f = exampleFolderOf(a.origin?.loc?.file ?? a.loc.file);
      if (f && appRole(project, a).kind === 'service') deployed.add(f);
    }
    deployedFolders.set(project, deployed);
  }
  return deployed.has(folder) ? undefined : folder;
}

/** A Sphinx `conf.py`: it sets `extensions`/`html_theme` or imports sphinx. */
function sphinxConfig(facts: FileFacts): boolean {
  if (!/(^|\/)conf\.py$/.test(facts.path)) return false;
  return facts.body.some(
    (s) =>
      (s.t === 'assign' && s.targets.some((t) => t.t === 'name' && /^(extensions|html_theme|master_doc|root_doc|autodoc_mock_imports)$/.test(t.id))) ||
      (s.t === 'import' && s.names.some((n) => n.mod.startsWith('sphinx'))) ||
      (s.t === 'from' && s.mod.startsWith('sphinx')),
  );
}

const testImportMemo = new WeakMap<Project, { names: Set<string>; modules: Set<string> }>();
const prodImportMemo = new WeakMap<Project, Set<string>>();

function importsOf(f: FileFacts, names: Set<string>, modules: Set<string>): void {
  eachStmt(f.body, (s) => {
    if (s.t === 'import') for (const n of s.names) modules.add(n.mod);
    else if (s.t === 'from' && s.level === 0) {
      modules.add(s.mod);
      if (s.names !== '*')
        for (const n of s.names) {
          names.add(n.name);
          modules.add(`${s.mod}.${n.name}`);
        }
    }
  });
}

/** Names and modules test files import. */
function testImports(project: Project): { names: Set<string>; modules: Set<string> } {
  let m = testImportMemo.get(project);
  if (m) return m;
  m = { names: new Set(), modules: new Set() };
  for (const [file, f] of project.facts) if (isTestPath(file)) importsOf(f, m.names, m.modules);
  testImportMemo.set(project, m);
  return m;
}

/** Modules production files import. */
function productionImports(project: Project): Set<string> {
  let m = prodImportMemo.get(project);
  if (m) return m;
  m = new Set();
  const names = new Set<string>();
  for (const [file, f] of project.facts) if (!isTestPath(file)) importsOf(f, names, m);
  prodImportMemo.set(project, m);
  return m;
}

/**
 * A handler that returns only constants and reads no parameter: `true` when it returns canned data
 * (a string, a dict, a list…), `false` when it returns only None (a stub), undefined when it is real code.
 */
function constantHandler(project: Project, fn: FuncRec): boolean | undefined {
  const unit = codeIndex(project).unitOf(fn);
  if (!unit.returns.length) return undefined;
  const params = new Set(fn.def.params.map((p) => p.name));
  let reads = false;
  eachBodyExpr(fn.def.body, (e) => {
    if (e.t === 'name' && params.has(e.id)) reads = true;
  });
  if (reads || !unit.returns.every((r) => r !== null && constantExpr(project, unit, r, 0))) return undefined;
  return unit.returns.some((r) => r !== null && !(r.t === 'const' && r.v === null));
}

function constantExpr(project: Project, unit: CodeUnit, e: Expr, depth: number): boolean {
  if (depth > 6) return false;
  switch (e.t) {
    case 'str':
    case 'num':
    case 'const':
      return true;
    case 'list':
    case 'tuple':
    case 'set':
      return e.items.every((i) => constantExpr(project, unit, i, depth + 1));
    case 'dict':
      return e.items.every(([k, v]) => (k === null || constantExpr(project, unit, k, depth + 1)) && constantExpr(project, unit, v, depth + 1));
    case 'call': {
      // `JSONResponse({...})`, `Response(status_code=204)`
      const callee = codeIndex(project).resolver.value(unit, e.fn);
      if (callee.k !== 'ext' || !/Response$/.test(callee.path)) return false;
      return e.args.every((a) => constantExpr(project, unit, a.v, depth + 1));
    }
    default:
      return false;
  }
}

// ------------------------------------------------------------------ impact

/** One piece of evidence: what it is, and where. */
export interface Evidence {
  what: string;
  at: SrcLoc;
}

/**
 * A parameter that holds the request: annotated `Request`/`WebSocket`/`HTTPConnection`, or named like
 * one without an annotation (`async def dispatch(self, request, call_next)`). A `req: ScrapeRecipe`
 * body model is not.
 */
function requestParam(project: Project, fn: FuncRec, name: string): boolean {
  const rec = fn.params?.find((p) => p.name === name);
  if (!rec) return false;
  if (fn.def.params.find((p) => p.name === name)?.ann) {
    const ann = project.interp.annotationOf(fn, rec);
    return !!ann && alternatives(ann).some((a) => a.k === 'ext' && /^(fastapi|starlette)\.(Request|WebSocket|HTTPConnection)$/.test(a.path));
  }
  return REQUEST_NAME.test(name);
}

const BROWSER_SCHEMES: Record<string, string> = { APIKeyCookie: 'a cookie', HTTPBasic: 'HTTP Basic', HTTPDigest: 'HTTP Digest' };
const REQUEST_NAME = /^(request|req|http_request|websocket|ws|conn|connection)$/;

/** The credentials a browser attaches that the app authenticates with (FA201). */
export function browserCredentials(project: Project, app: InstRec | undefined): Evidence | undefined {
  if (app) {
    for (const m of app.router?.middleware ?? []) {
      if (isClass(project, m.cls, 'fastapi.SessionMiddleware')) return { what: 'sessions (`SessionMiddleware`)', at: m.loc };
    }
    const seen = new Set<DepNode>();
    const walk = (n: DepNode): Evidence | undefined => {
      if (seen.has(n)) return undefined;
      seen.add(n);
      const s = n.kind === 'security_scheme' ? schemeOf(project, n) : undefined;
      if (s && BROWSER_SCHEMES[s.cls]) return { what: `${BROWSER_SCHEMES[s.cls]} (\`${s.label}\`)`, at: s.inst.loc };
      for (const c of n.children) {
        const e = walk(c);
        if (e) return e;
      }
      return undefined;
    };
    for (const r of project.routes) {
      if (r.app !== app) continue;
      for (const d of r.deps) {
        const e = walk(d.node);
        if (e) return e;
      }
    }
  }
  // cookies and sessions read or set in the code the app runs (the whole project when the app is unknown)
  const fns = app ? appCode(project, app) : codeIndex(project).functions.filter((f) => !isTestPath(f.module.file));
  for (const fn of fns) {
    const e = browserCredentialIn(project, fn);
    if (e) return e;
  }
  // fastapi-users: a cookie transport carries the token
  for (const inst of project.interp.insts) {
    if (isTestPath(inst.loc.file)) continue;
    if (classPaths(project, inst.cls).some((p) => /^fastapi_users\..*CookieTransport$/.test(p))) return { what: 'cookies (fastapi-users `CookieTransport`)', at: inst.loc };
  }
  return undefined;
}

function browserCredentialIn(project: Project, fn: FuncRec): Evidence | undefined {
  for (const p of fn.params ?? []) {
    const src = paramSource(project, fn, p.name);
    if (src.kind === 'cookie' && credentialName(src.wire ?? p.name) && decides(project, fn, p.name)) return { what: `the \`${src.wire ?? p.name}\` cookie`, at: fn.loc };
  }
  const body = bodyOf(project, fn);
  let found: Evidence | undefined;
  eachBodyExpr(fn.def.body, (e) => {
    if (found) return;
    // request.session[...] / request.session.get(...)
    if (e.t === 'attr' && e.attr === 'session' && e.obj.t === 'name' && requestParam(project, fn, e.obj.id)) {
      found = { what: 'sessions (`request.session`)', at: body.at(e.loc) };
      return;
    }
    // request.cookies.get("session") / request.cookies["token"]
    const key = cookieKey(body, e);
    if (key !== undefined && credentialName(key)) {
      found = { what: `the \`${key}\` cookie`, at: body.at(e.loc) };
      return;
    }
    // response.set_cookie("access_token", ..., httponly=True)
    if (e.t === 'call' && e.fn.t === 'attr' && e.fn.attr === 'set_cookie') {
      const k = argExpr(e, 'key', 0);
      const name = k ? asStr(body.resolve(k)) : undefined;
      const httponly = argExpr(e, 'httponly');
      if (name !== undefined && (credentialName(name) || (httponly && truthyValue(body.resolve(httponly))))) found = { what: `the \`${name}\` cookie it sets`, at: body.at(e.loc) };
    }
  });
  return found;
}

function cookieKey(body: ReturnType<typeof bodyOf>, e: Expr): string | undefined {
  if (e.t === 'call' && e.fn.t === 'attr' && e.fn.attr === 'get' && /(^|\.)cookies$/.test(chain(e.fn.obj) ?? '')) {
    const a = e.args[0];
    return a && !a.name ? asStr(body.resolve(a.v)) : undefined;
  }
  if (e.t === 'sub' && /(^|\.)cookies$/.test(chain(e.obj) ?? '')) return asStr(body.resolve(e.index));
  return undefined;
}

function truthyValue(v: Value): boolean {
  const alts = alternatives(v);
  return alts.length > 0 && alts.every((a) => truthy(a) === true);
}

/** URL parts of `request.url` that do not depend on the Host header. */
const URL_PARTS = new Set(['path', 'query', 'fragment', 'scheme', 'port', 'path_params', 'query_params', 'username', 'password']);

/** Where the app builds a URL or a link from the request's host (FA301). */
export function requestHostUse(project: Project, app: InstRec): Evidence | undefined {
  for (const fn of appCode(project, app)) {
    const found = hostUseIn(project, fn);
    if (found) return found;
  }
  return undefined;
}

/** The request's host used in one function (computed once per function: apps share their code). */
const hostMemo = new WeakMap<FuncRec, Evidence | null>();
function hostUseIn(project: Project, fn: FuncRec): Evidence | undefined {
  const hit = hostMemo.get(fn);
  if (hit !== undefined) return hit ?? undefined;
  const body = bodyOf(project, fn);
  const isRequest = (e: Expr): boolean => e.t === 'name' && requestParam(project, fn, e.id);
  const partOf = new Set<Expr>();
  let found: Evidence | undefined;
  eachBodyExpr(fn.def.body, (e) => {
    if (found) return;
    if (e.t === 'attr' && URL_PARTS.has(e.attr) && e.obj.t === 'attr' && e.obj.attr === 'url') partOf.add(e.obj);
    if (e.t === 'attr' && isRequest(e.obj)) {
      if (e.attr === 'url_for' || e.attr === 'base_url') found = { what: `\`${e.obj.t === 'name' ? e.obj.id : 'request'}.${e.attr}\``, at: body.at(e.loc) };
      else if (e.attr === 'url' && !partOf.has(e)) found = { what: `\`${e.obj.t === 'name' ? e.obj.id : 'request'}.url\``, at: body.at(e.loc) };
      return;
    }
    // the Host header itself, read from request headers: `request.headers.get("host")`, `headers["Host"]`
    const header =
      e.t === 'call' && e.fn.t === 'attr' && e.fn.attr === 'get' && e.args[0]?.v.t === 'str'
        ? { obj: e.fn.obj, key: e.args[0].v.v }
        : e.t === 'sub' && e.index.t === 'str'
          ? { obj: e.obj, key: e.index.v }
          : undefined;
    if (header && /^(host|x-forwarded-host)$/i.test(header.key.trim()) && /headers$/i.test(chain(header.obj) ?? '')) {
      found = { what: `the \`${header.key}\` header`, at: body.at(e.loc) };
      return;
    }
    // templates rendered with the request build links with url_for
    if (e.t === 'call' && e.fn.t === 'attr' && e.fn.attr === 'TemplateResponse')
      found = { what: 'templates rendered with the request (`TemplateResponse`), which build links with `url_for`', at: body.at(e.loc) };
  });
  hostMemo.set(fn, found ?? null);
  return found;
}

/** Where the app shows it is meant to run over HTTPS: secure cookies, `https_only` sessions, HSTS (FA302). */
export function secureTransportIntent(project: Project, app: InstRec): Evidence | undefined {
  for (const m of app.router?.middleware ?? []) {
    if (!isClass(project, m.cls, 'fastapi.SessionMiddleware')) continue;
    const v = m.args.kw.get('https_only');
    if (v && truthyValue(v)) return { what: '`SessionMiddleware(https_only=True)`', at: m.loc };
  }
  for (const fn of appCode(project, app)) {
    const found = transportIn(project, fn);
    if (found) return found;
  }
  return projectHsts(project);
}

/** Secure cookies or an HSTS header in one function (apps share their code: computed once per function). */
const transportMemo = new WeakMap<FuncRec, Evidence | null>();
function transportIn(project: Project, fn: FuncRec): Evidence | undefined {
  const hit = transportMemo.get(fn);
  if (hit !== undefined) return hit ?? undefined;
  const body = bodyOf(project, fn);
  let found: Evidence | undefined;
  eachBodyExpr(fn.def.body, (e) => {
    if (found) return;
    if (e.t === 'call' && e.fn.t === 'attr' && e.fn.attr === 'set_cookie') {
      const sec = argExpr(e, 'secure');
      if (sec && truthyValue(body.resolve(sec))) found = { what: 'cookies set with `secure=True`', at: body.at(e.loc) };
    } else if (e.t === 'str' && /^strict-transport-security$/i.test(e.v.trim())) found = { what: 'a `Strict-Transport-Security` header', at: body.at(e.loc) };
  });
  transportMemo.set(fn, found ?? null);
  return found;
}

/** HSTS set anywhere in the project (a headers middleware, a proxy config in code), once per project. */
const hstsMemo = new WeakMap<Project, Evidence | null>();
function projectHsts(project: Project): Evidence | undefined {
  const hit = hstsMemo.get(project);
  if (hit !== undefined) return hit ?? undefined;
  let found: Evidence | undefined;
  for (const unit of codeIndex(project).units) {
    if (found) break;
    if (isTestPath(unit.file)) continue;
    for (const c of unit.calls) {
      const a = c.args.find((x) => x.v.t === 'str' && /^strict-transport-security$/i.test(x.v.v.trim()));
      if (a) {
        found = { what: 'a `Strict-Transport-Security` header', at: locOf(unit, a.v) };
        break;
      }
    }
  }
  hstsMemo.set(project, found ?? null);
  return found;
}

export function evidenceText(e: Evidence): string {
  return `${e.what} (${where(e.at)})`;
}
