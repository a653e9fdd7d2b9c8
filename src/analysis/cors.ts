/**
 * Every CORSMiddleware configuration in the project, read once and shared by FA201–FA204.
 *
 * Forms: `app.add_middleware(CORSMiddleware, ...)` (also in a helper called with the app),
 * `Middleware(CORSMiddleware, ...)` in `FastAPI(middleware=[...])`/`Starlette(middleware=[...])`,
 * and the ASGI wrapper `app = CORSMiddleware(app, ...)` (the interpreter records it as an instance
 * of the library class whose first argument is the app). User subclasses of CORSMiddleware count.
 * Values are whatever the interpreter resolved: literals, module constants, imported names,
 * settings fields, `os.getenv` defaults, `.split(",")`, concatenations, and `choice`s for
 * conditions it could not decide.
 *
 * Starlette semantics (starlette/middleware/cors.py): `allow_all_origins = "*" in allow_origins`,
 * `is_allowed_origin` = all, or `allow_origin_regex.fullmatch(origin)`, or `origin in allow_origins`;
 * `allow_credentials` is tested for truth. A bare string for `allow_origins` therefore means
 * substring tests: `"*"` anywhere in it allows every origin.
 */
import type { Project } from '../model/project.js';
import { alternatives, describe, truthy, type Value } from '../model/values.js';
import { branchNote, conditionalNote } from './conditions.js';
import { middlewareConfigs, type MiddlewareConfig } from './middleware.js';
import { where } from './helpers.js';
import { sourceNote } from './values.js';

/** CORSMiddleware's parameters after `app`, in order (positional slots). */
const PARAMS = ['allow_origins', 'allow_methods', 'allow_headers', 'allow_credentials', 'allow_origin_regex', 'expose_headers', 'max_age'];

export type CorsConfig = MiddlewareConfig;

/** One origin string of `allow_origins` (an item of a list, or a bare string), with where it came from. */
export interface OriginEntry {
  origin: string;
  /** The bare-string form: Starlette then tests substrings. */
  bare: boolean;
  /** The alternative of allow_origins it belongs to (for branch naming). */
  alt: Value;
  /** The value that carries provenance: the item, else the list. */
  carrier: Value;
}

export function corsConfigs(project: Project): CorsConfig[] {
  return middlewareConfigs(project, 'fastapi.CORSMiddleware', PARAMS);
}

/** The origins of `allow_origins`, per alternative. Unknown parts are skipped. */
export function originEntries(v: Value | undefined): OriginEntry[] {
  const out: OriginEntry[] = [];
  if (!v) return out;
  for (const alt of alternatives(v)) {
    if (alt.k === 'list' || alt.k === 'tuple' || alt.k === 'set') {
      for (const item of alt.items) {
        for (const ia of alternatives(item)) {
          const s = stringOf(ia);
          if (s !== undefined) out.push({ origin: s, bare: false, alt, carrier: 'src' in ia && ia.src ? ia : ia.k === 'env' ? ia : alt });
        }
      }
    } else {
      const s = stringOf(alt);
      if (s !== undefined) out.push({ origin: s, bare: true, alt, carrier: alt });
    }
  }
  return out;
}

function stringOf(v: Value): string | undefined {
  if (v.k === 'str') return v.v;
  if (v.k === 'env' && v.dflt?.k === 'str') return v.dflt.v;
  return undefined;
}

/** The entry that makes Starlette allow every origin, if some alternative has one. */
export function wildcardEntry(c: CorsConfig): OriginEntry | undefined {
  return originEntries(c.get('allow_origins')).find((e) => (e.bare ? e.origin.includes('*') : e.origin === '*'));
}

/** True when every alternative of allow_origins allows every origin. */
export function alwaysWildcard(c: CorsConfig): boolean {
  const v = c.get('allow_origins');
  if (!v) return false;
  return alternatives(v).every((alt) => originEntries(alt).some((e) => (e.bare ? e.origin.includes('*') : e.origin === '*')));
}

export interface Credentials {
  on: boolean;
  /** "`True` from `Settings.X` (file:line)" or "`False` (default)". */
  text: string;
}

/** Is `allow_credentials` true in some alternative? (Starlette tests it for truth: the string "false" is true.) */
export function credentials(project: Project, c: CorsConfig): Credentials {
  const v = c.get('allow_credentials');
  if (!v) return { on: false, text: '`False` (the default)' };
  for (const alt of alternatives(v)) {
    const t = alt.k === 'env' ? (alt.dflt ? truthy(alt.dflt) : undefined) : truthy(alt);
    if (t !== true) continue;
    let text: string;
    if (alt.k === 'env' && alt.dflt?.k === 'str') {
      text = `\`${describe(alt)}\` (${where(alt.loc)}), whose default ${JSON.stringify(alt.dflt.v)} is a non-empty string: true for Python`;
    } else {
      text = `\`${describe(alt)}\`${sourceNote(alt)}`;
      if (alt.k === 'str') text += ' (a non-empty string: true for Python)';
    }
    text += branchNote(project, v, alt, { at: c.loc, kw: 'allow_credentials' });
    return { on: true, text };
  }
  return { on: false, text: `\`${describe(v)}\`` };
}

/** " with credentials" (and where `allow_credentials` came from when it is not a plain `True`), or "". */
export function withCredentials(c: Credentials): string {
  if (!c.on) return '';
  return c.text === '`True`' ? ' with credentials' : ` with credentials (\`allow_credentials\` is ${c.text})`;
}

/** "`["*"]` from `Settings.X` (file:line)" plus the branch when it depends on a condition. */
export function originsText(project: Project, c: CorsConfig, e: OriginEntry): string {
  const top = c.get('allow_origins')!;
  const shown = `\`${describe(e.alt)}\``;
  return `${shown}${sourceNote(e.carrier)}${branchNote(project, top, e.alt, { at: c.loc, kw: 'allow_origins' })}`;
}

/** " (added in the `if X` branch, file:line)" for middleware added conditionally. */
export function addedNote(project: Project, c: CorsConfig): string {
  return c.conditional ? conditionalNote(project, c.loc) : '';
}

/** The finding key: line-independent, one per configuration. */
export function corsKey(c: CorsConfig, what: string): string {
  return `${what} ${c.appLabel}`;
}
