/**
 * What the configuration says about authentication, applied to the linked project: dependencies
 * that authenticate (`auth.dependencies`, read while the dependency trees are built) or never do
 * (`auth.not-auth`), middleware that authenticates (`auth.middleware`, minus `auth.exempt`), and the
 * authentication middleware the scan recognises by itself (middleware-auth.ts). A pattern that
 * matches nothing in the scan is a warning: a typo there silently changes every verdict.
 */
import picomatch from 'picomatch';
import { publicRouteMatcher } from '../config/public.js';
import type { Config } from '../config/types.js';
import type { DepNode } from '../model/deps.js';
import type { Project, RouteInfo } from '../model/project.js';
import type { Value } from '../model/values.js';
import type { Notice } from '../types.js';
import { applyMiddlewareAuth } from './middleware-auth.js';

type Matcher = { pattern: string; test: (s: string) => boolean };

const compile = (patterns: readonly string[]): Matcher[] => patterns.map((p) => ({ pattern: p, test: picomatch(p, { dot: true }) }));
const first = (ms: readonly Matcher[], name: string): Matcher | undefined => ms.find((m) => m.pattern === name || m.test(name));

export class AuthConfig {
  private readonly deps: Matcher[];
  private readonly notAuth: Matcher[];
  private readonly middleware: Matcher[];
  private readonly exempt: Matcher[];
  /** Patterns some name of the scan matched, by key (`auth.dependencies`…). */
  private readonly hits = new Set<string>();

  constructor(private readonly config: Config) {
    this.deps = compile(config.auth.dependencies);
    this.notAuth = compile(config.auth.notAuth);
    this.middleware = compile(config.auth.middleware);
    this.exempt = compile(config.auth.middlewareExempt);
  }

  /** For `link`: the `auth.dependencies` pattern a dependency's qualified name matches. */
  readonly dependency = (name: string): string | undefined => {
    const m = first(this.deps, name);
    if (!m) return undefined;
    this.hits.add(`auth.dependencies\0${m.pattern}`);
    return m.pattern;
  };

  /** After `link`: configured and recognised middleware, then `auth.not-auth`. */
  apply(project: Project): void {
    this.configuredMiddleware(project);
    applyMiddlewareAuth(project);
    for (const r of [...project.routes, ...project.unincluded]) this.notAuthRoute(r);
  }

  /** Middleware the config names as authenticating makes every route of its app `required`, minus exempt paths. */
  private configuredMiddleware(project: Project): void {
    if (!this.middleware.length) return;
    const named = new Map<unknown, string[]>();
    const namesOf = (cls: Value): string[] => {
      let n = named.get(cls);
      if (!n) named.set(cls, (n = classNames(project, cls)));
      return n;
    };
    // every middleware of the scan, for the unmatched-pattern check
    for (const app of project.apps) {
      for (const m of app.router?.middleware ?? []) {
        for (const n of namesOf(m.cls)) for (const p of this.middleware) if (p.pattern === n || p.test(n)) this.hits.add(`auth.middleware\0${p.pattern}`);
      }
    }
    for (const r of project.routes) {
      const exempt = this.exempt.filter((t) => t.test(r.path));
      for (const e of exempt) this.hits.add(`auth.exempt\0${e.pattern}`);
      if (r.auth === 'required') continue;
      const mw = (r.app.router?.middleware ?? []).find((m) => namesOf(m.cls).some((n) => this.middleware.some((t) => t.pattern === n || t.test(n))));
      if (!mw || exempt.length) continue;
      r.auth = 'required';
      delete r.unknownBecause;
      r.evidence.push({ via: 'middleware', file: mw.loc.file, line: mw.loc.line, name: namesOf(mw.cls)[0] ?? 'middleware' });
    }
  }

  /**
   * `auth.not-auth`: a route whose auth is `unknown` only because of dependencies the config says
   * never authenticate is `none` (or `optional`, with a scheme whose `auto_error` is off).
   */
  private notAuthRoute(r: RouteInfo): void {
    if (!this.notAuth.length) return;
    for (const n of r.dependencyNames) {
      const m = first(this.notAuth, n);
      if (m) this.hits.add(`auth.not-auth\0${m.pattern}`);
    }
    if (r.auth !== 'unknown' || !r.handler) return;
    let unresolved = 0;
    let allNamed = true;
    let optional = false;
    const seen = new Set<DepNode>();
    const stack = r.deps.map((d) => d.node);
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      if (n.own.kind === 'unresolved') {
        unresolved++;
        if (!first(this.notAuth, n.name)) allNamed = false;
      } else if (n.own.kind === 'scheme' && !n.own.autoError) optional = true;
      stack.push(...n.children);
    }
    if (!unresolved || !allNamed) return;
    r.auth = optional ? 'optional' : 'none';
    delete r.unknownBecause;
  }

  /** A warning for each `auth.*` or `public` pattern that matched nothing in the scan. */
  unmatched(project: Project): Notice[] {
    const out: Notice[] = [];
    const routes = [...project.routes, ...project.unincluded];
    const names = new Set<string>();
    for (const r of routes) for (const n of r.dependencyNames) names.add(n);
    const where = this.config.source ? `${this.config.source}: ` : '';
    const check = (key: string, ms: readonly Matcher[], what: string, extra?: (m: Matcher) => boolean): void => {
      for (const m of ms) {
        if (this.hits.has(`${key}\0${m.pattern}`)) continue;
        if (extra?.(m)) continue;
        out.push({
          level: 'warning',
          message: `${where}${key}: "${m.pattern}" matches no ${what} in the scan; check the spelling (qualified names look like \`app.api.deps.get_current_user\`) or remove it`,
          ...(this.config.source ? { file: this.config.source } : {}),
        });
      }
    };
    check('auth.dependencies', this.deps, 'dependency', (m) => [...names].some((n) => m.pattern === n || m.test(n)));
    check('auth.not-auth', this.notAuth, 'dependency', (m) => [...names].some((n) => m.pattern === n || m.test(n)));
    check('auth.middleware', this.middleware, 'middleware class');
    check('auth.exempt', this.exempt, 'route path', (m) => routes.some((r) => m.test(r.path)));
    this.config.public.forEach((p, i) => {
      const one = publicRouteMatcher([p]);
      if (routes.some((r) => one(r.path, r.methods))) return;
      const what = p.methods ? `${p.methods.join(',')} ${p.path}` : p.path;
      out.push({
        level: 'warning',
        message: `${where}public[${i}]: "${what}" matches no route in the scan; check the path (full paths, with every prefix, e.g. \`/api/v1/status\`) or remove it`,
        ...(this.config.source ? { file: this.config.source } : {}),
      });
    });
    return out;
  }
}

function classNames(project: Project, cls: Value): string[] {
  if (cls.k === 'class') return [`${cls.cls.module.name}.${cls.cls.qualname}`, ...project.interp.extBases(cls.cls)];
  if (cls.k === 'ext') return [cls.path];
  return [];
}
