import { alternatives, describe, truthy, type InstRec, type Value } from '../model/values.js';
import { branchNote } from '../analysis/conditions.js';
import { instLabel, isTestPath } from '../analysis/helpers.js';
import { sourceNote } from '../analysis/values.js';
import type { Rule } from './types.js';
import { noteOf } from '../analysis/apps.js';

/** The `debug` an application runs with: `app.debug = ...` after construction wins over the constructor argument. */
function debugOf(app: InstRec): { v: Value; via: 'attr' | 'arg' } | undefined {
  const attr = app.attrs.get('debug');
  if (attr) return { v: attr, via: 'attr' };
  const r = app.router!;
  // FastAPI's parameters are keyword-only; Starlette(debug, routes, ...) also takes it first by position
  const arg = r.args.kw.get('debug') ?? (r.kind === 'starlette' ? r.args.pos[0] : undefined);
  return arg ? { v: arg, via: 'arg' } : undefined;
}

const rule: Rule<'on' | 'envString'> = {
  meta: {
    id: 'FA401',
    name: 'debug-enabled',
    defaultSeverity: 'medium',
    cwe: [489, 209],
    precision: 'very-high',
    docs: {
      summary: 'Application runs with `debug=True`: tracebacks are sent to clients',
      what: [
        "Reports, at the application's construction, a `FastAPI(...)` or `Starlette(...)` (or a subclass) whose `debug` is",
        'true: `debug=True` written in the call, or resolved from a module constant, an imported name, a settings field',
        '(`debug=settings.DEBUG` where `DEBUG: bool = True`: the message says it is a default the environment can',
        'override), either branch of a condition the scan cannot decide (the message names it), or `app.debug = True`',
        'after construction. `Starlette(True)` counts (its first parameter is `debug`).',
        '',
        'Also reported, as **low**: `debug=os.getenv("DEBUG")` and other raw environment strings. Python treats any',
        'non-empty string as true, so `DEBUG=false` or `DEBUG=0` turns debug **on**; with a default such as',
        '`os.getenv("DEBUG", "False")` debug is on even when the variable is unset (medium).',
      ].join('\n'),
      notReported: [
        '`FastAPI(DEBUG=True)` (upper case is not a parameter: it lands in `app.extra` and debug stays off),',
        '`debug=settings.DEBUG` whose default is `False`, settings overridden by an explicit `Settings(DEBUG=False)`,',
        'applications in test files.',
      ].join('\n'),
      why:
        "In debug mode Starlette's `ServerErrorMiddleware` answers every unhandled exception with the full traceback: " +
        'file paths, source lines, library versions, sometimes values of settings and queries. It tells an attacker how ' +
        'the service is built and often leaks data the exception carried.',
      example: ['class Settings(BaseSettings):', '    DEBUG: bool = True', '', 'settings = Settings()', 'app = FastAPI(debug=settings.DEBUG)'].join('\n'),
      fix: [
        'Keep the default off and turn it on only where you develop:',
        '',
        '```python',
        'class Settings(BaseSettings):',
        '    DEBUG: bool = False  # DEBUG=true in .env.development',
        '```',
        '',
        'Read environment variables as booleans through pydantic settings (which parses `"false"`/`"0"`), not with a raw',
        '`os.getenv`.',
      ].join('\n'),
      references: [
        'https://www.starlette.io/applications/#starlette.applications.Starlette',
        'https://fastapi.tiangolo.com/reference/fastapi/#fastapi.FastAPI--debug',
        'https://cwe.mitre.org/data/definitions/489.html',
        'https://cwe.mitre.org/data/definitions/209.html',
      ],
    },
  },
  messages: {
    on: '`{app}` runs with debug on: `debug` is {value}{via}. Unhandled exceptions then return the full traceback to the client. Turn it off outside development.',
    envString:
      '`{app}` takes `debug` straight from {value}{via}, a string: any non-empty value, even "false" or "0", turns debug on and sends tracebacks to clients. Use a `bool` settings field or compare the string (`== "1"`).',
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const app of ctx.project.apps) {
      const r = app.router!;
      // example apps, mock servers tests make and docs stubs are not what the project serves (see analysis/apps.ts)
      if (r.kind === 'router' || isTestPath(app.loc.file) || noteOf(ctx.project, app).noteBecause) continue;
      const key = `${app.loc.file}:${app.loc.line}:${app.loc.column}`;
      if (seen.has(key)) continue;
      const d = debugOf(app);
      if (!d) continue;
      let found: { alt: Value; id: 'on' | 'envString'; severity: 'medium' | 'low' } | undefined;
      for (const alt of alternatives(d.v)) {
        if (alt.k === 'env') {
          const dflt = alt.dflt;
          const onByDefault = dflt !== undefined && truthy(dflt) === true;
          const cand = { alt, id: 'envString' as const, severity: onByDefault ? ('medium' as const) : ('low' as const) };
          if (!found || (found.severity === 'low' && cand.severity === 'medium')) found = cand;
        } else if (truthy(alt) === true) {
          found = { alt, id: 'on', severity: 'medium' };
          break;
        }
      }
      if (!found) continue;
      seen.add(key);
      const label = ctx.project.nameOf(app) ?? instLabel(ctx.project, app);
      const dflt = found.alt.k === 'env' && found.alt.dflt?.k === 'str' && found.alt.dflt.v ? ` (its default ${JSON.stringify(found.alt.dflt.v)} is already true)` : '';
      const value = `\`${describe(found.alt)}\`${found.alt.k === 'env' ? dflt : sourceNote(found.alt)}${d.via === 'arg' ? branchNote(ctx.project, d.v, found.alt, { at: r.args.loc, kw: 'debug' }) : branchNote(ctx.project, d.v, found.alt)}`;
      ctx.report({
        messageId: found.id,
        data: { app: label, value, via: d.via === 'attr' ? ' (set on the application after construction: `.debug = ...`)' : '' },
        severity: found.severity,
        at: app.loc,
        key: `debug ${label}`,
      });
    }
  },
};

export default rule;
