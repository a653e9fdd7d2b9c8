import type { FuncRec, SrcLoc } from '../model/values.js';
import type { RouteInfo } from '../model/project.js';
import type { Severity } from '../types.js';
import type { Rule } from './types.js';
import { instLabel, routesText, where } from '../analysis/helpers.js';
import { schemeText, schemeUses, type DepUse, type SchemeInfo } from '../analysis/schemes.js';
import { paramUsage } from '../analysis/usage.js';

type M = 'ignored' | 'used' | 'crash' | 'discarded' | 'forwardDiscarded';

interface Candidate {
  messageId: M;
  data: Record<string, string>;
  at: SrcLoc;
  key: string;
  severity?: Severity;
  related: Array<{ at: SrcLoc; message: string }>;
  /** Findings that only matter when nothing else authenticates the route (not crashes). */
  gated: boolean;
  /** The first decorator line of the reported function: an ignore comment there also counts. */
  suppressLine?: number;
  routes: RouteInfo[];
}

const rule: Rule<M> = {
  meta: {
    id: 'FA103',
    name: 'optional-auth-unchecked',
    defaultSeverity: 'high',
    cwe: [287, 476],
    precision: 'high',
    docs: {
      summary: 'Security scheme with auto_error=False whose None value is never checked',
      what:
        'Follows the value of every FastAPI security scheme created with `auto_error=False` (`APIKeyHeader`, `APIKeyQuery`, ' +
        '`APIKeyCookie`, `HTTPBearer`, `HTTPBasic`, `HTTPDigest`, `OAuth2PasswordBearer`, `OAuth2AuthorizationCodeBearer`, ' +
        "`OpenIdConnect` and subclasses that keep FastAPI's `__call__`) through the dependency tree of every route: into the " +
        'handler or dependency parameter it fills (`Depends(scheme)`/`Security(scheme)`, as a default or inside `Annotated[...]`, ' +
        'aliases included), and on through dependencies that return it unchanged. It reports, at the `def` of the function ' +
        'that receives it:\n\n' +
        '- a function that never reads the value, or only reads it (returns it, logs it, stores it in a dict) without testing ' +
        'it, on a route that nothing else authenticates;\n' +
        '- a function that dereferences it (`creds.credentials`, `token.split()`, `secrets.compare_digest(key, ...)`) before ' +
        'testing it: requests without the credential then fail with a 500 error instead of a 401 (reported as medium);\n' +
        '- a scheme (or a dependency that returns its value unchecked) listed in `dependencies=[...]`, where FastAPI throws ' +
        'the value away, on a route that nothing else authenticates.\n\n' +
        'A test is any of `if x`, `if not x`, `x is None`, `x is not None`, a comparison of `x` with anything, `x or ...`, ' +
        '`x and ...`, `bool(x)`, `isinstance(x, ...)`, `match x`, before the first use — or passing `x` to a helper of the ' +
        'project that tests it. When the value is handed to code the scanner cannot see into (a library call such as ' +
        '`jwt.decode`, an unresolved function, an attribute store, a closure), the rule says nothing.',
      notReported: [
        'Schemes with `auto_error` on (FastAPI rejects a missing credential itself); an optional scheme whose value is tested',
        'before its first use (`if token is None: raise ...`, `if not creds`, a helper that tests it); values handed to code',
        'the scan cannot see into (a library call such as `jwt.decode`, an unresolved function): whether that code checks',
        '`None` is unknown, so the rule says nothing; routes that another dependency authenticates.',
      ].join('\n'),
      why:
        'With `auto_error=False` a scheme does not reject a request that lacks the credential: it passes `None` to the ' +
        'dependency instead, so that the application can offer optional authentication or its own error. If nothing checks ' +
        'for `None`, the endpoint is open to anonymous callers while looking protected in the code and in the OpenAPI ' +
        'schema (the lock icon is still shown).',
      example: [
        'api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)',
        '',
        '',
        '@app.delete("/items/{item_id}")',
        'def delete_item(item_id: int, api_key: str = Security(api_key_header)):',
        '    db.delete(item_id)',
      ].join('\n'),
      fix: [
        'Check the value before relying on it:',
        '',
        '```python',
        'def require_api_key(api_key: str | None = Security(api_key_header)) -> str:',
        '    if api_key is None or not secrets.compare_digest(api_key, settings.API_KEY):',
        '        raise HTTPException(status_code=401, detail="Not authenticated")',
        '    return api_key',
        '```',
        '',
        'or drop `auto_error=False` to let FastAPI answer 401/403 itself. If the endpoint is meant to serve anonymous callers ' +
          'as well, test the value (`if user is None: ...`) where the behaviour differs.',
      ].join('\n'),
      references: [
        'https://fastapi.tiangolo.com/reference/security/#fastapi.security.APIKeyHeader--auto_error',
        'https://fastapi.tiangolo.com/tutorial/security/first-steps/',
        'https://cwe.mitre.org/data/definitions/287.html',
        'https://cwe.mitre.org/data/definitions/476.html',
      ],
    },
  },
  messages: {
    ignored:
      '`{fn}` receives `{param}` from {source} and never checks it: with `auto_error=False` it is `None` when the {wire} is missing, so {route} serves anonymous requests. Raise 401 when `{param}` is `None`, or drop `auto_error=False`.',
    used: '`{fn}` uses `{param}` ({use}, line {line}) without checking it for `None`: it comes from {source}, which gives `None` when the {wire} is missing, so {route} serves anonymous requests. Add `if {param} is None: raise HTTPException(status_code=401)` first, or drop `auto_error=False`.',
    crash:
      '`{fn}` dereferences `{param}` ({use}, line {line}) before checking it for `None`: it comes from {source}, which gives `None` when the {wire} is missing, so such requests to {route} fail with a 500 error instead of a 401. Check `if {param} is None` first, or drop `auto_error=False`.',
    discarded:
      '{source} is listed in `dependencies=[...]` with `auto_error=False`: FastAPI throws its value away, so it rejects nothing and {route} serves requests without the {wire}. Drop `auto_error=False`, or depend on a function that raises 401 when the value is `None`.',
    forwardDiscarded:
      '`{fn}` returns `{param}` ({source}) without checking it, and is listed in `dependencies=[...]` at {listed}, where FastAPI throws the value away: {route} serves requests without the {wire}. Raise 401 in `{fn}` when `{param}` is `None`.',
  },
  check(ctx) {
    const project = ctx.project;
    const cands = new Map<string, Candidate>();
    const add = (c: Omit<Candidate, 'routes'>, route: RouteInfo): void => {
      const prev = cands.get(c.key);
      if (prev) {
        if (!prev.routes.includes(route)) prev.routes.push(route);
        return;
      }
      cands.set(c.key, { ...c, routes: [route] });
    };

    for (const { use, scheme } of schemeUses(project, (s) => !s.autoError && !s.customCall)) follow(use, scheme);

    function follow(start: DepUse, s: SchemeInfo): void {
      const route = start.route;
      const schemeRel = { at: s.inst.loc, message: `${s.cls} with auto_error=False: None when the ${s.wire.replace(/`/g, '')} is missing` };
      if (!start.receiver || start.param === null) {
        const owner = start.top.inst ? instLabel(project, start.top.inst) : route.handlerName;
        add(
          {
            messageId: 'discarded',
            data: { source: schemeText(s), wire: s.wire },
            at: start.node.loc,
            key: `discarded ${s.label} ${start.top.via} ${owner}`,
            related: [schemeRel],
            gated: true,
          },
          route,
        );
        return;
      }
      // up the tree through dependencies that return the value unchanged; a dependency used along
      // several paths has several parents: each use is followed once (no path enumeration)
      const work: Array<{ use: DepUse; fn: FuncRec; param: string; through: string[] }> = [{ use: start, fn: start.receiver, param: start.param, through: [] }];
      const seen = new Set<DepUse>();
      for (let i = 0; i < work.length; i++) {
        const { use, fn, param, through } = work[i]!;
        if (seen.has(use) || through.length >= 8) continue;
        seen.add(use);
        const u = paramUsage(project, fn, param);
        const source = `${schemeText(s)}${through.length ? ` through \`${through.join('` → `')}\`` : ''}`;
        const related = [schemeRel];
        const base = { fn: fn.qualname, param, source, wire: s.wire };
        const key = `${fn.module.name}.${fn.qualname}(${param})`;
        switch (u.kind) {
          case 'checked':
          case 'opaque':
            continue;
          case 'crash':
            add(
              {
                messageId: 'crash',
                data: { ...base, use: u.what ?? 'dereferenced', line: String(u.at?.line ?? fn.loc.line) },
                at: fn.loc,
                suppressLine: fn.firstLine,
                key: `crash ${key}`,
                severity: 'medium',
                related,
                gated: false,
              },
              route,
            );
            continue;
          case 'ignored':
            add({ messageId: 'ignored', data: base, at: fn.loc, suppressLine: fn.firstLine, key: `unchecked ${key}`, related, gated: true }, route);
            continue;
          case 'used':
            add(
              {
                messageId: 'used',
                data: { ...base, use: u.what ?? 'read', line: String(u.at?.line ?? fn.loc.line) },
                at: fn.loc,
                suppressLine: fn.firstLine,
                key: `unchecked ${key}`,
                related,
                gated: true,
              },
              route,
            );
            continue;
          case 'returned': {
            if (!use.parents.length) {
              // the handler returns it as the response
              add(
                {
                  messageId: 'used',
                  data: { ...base, use: 'returned as the response', line: String(u.at?.line ?? fn.loc.line) },
                  at: fn.loc,
                  suppressLine: fn.firstLine,
                  key: `unchecked ${key}`,
                  related,
                  gated: true,
                },
                route,
              );
              continue;
            }
            for (const parent of use.parents) {
              if (!parent.receiver || parent.param === null) {
                add(
                  {
                    messageId: 'forwardDiscarded',
                    data: { ...base, listed: where(parent.node.loc) },
                    at: fn.loc,
                    suppressLine: fn.firstLine,
                    key: `discarded ${key}`,
                    related: [...related, { at: parent.node.loc, message: 'its value is discarded here' }],
                    gated: true,
                  },
                  route,
                );
                continue;
              }
              work.push({ use: parent, fn: parent.receiver, param: parent.param, through: [...through, fn.qualname] });
            }
            continue;
          }
        }
      }
    }

    for (const c of [...cands.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
      const routes = c.gated ? c.routes.filter((r) => r.auth === 'optional') : c.routes;
      if (!routes.length) continue;
      const route = routesText(routes);
      const r: Parameters<typeof ctx.report>[0] = { messageId: c.messageId, data: { ...c.data, route }, at: c.at, key: c.key, related: c.related };
      if (c.suppressLine !== undefined && c.suppressLine !== c.at.line) r.suppressLines = [c.suppressLine];
      if (c.severity) r.severity = c.severity;
      ctx.report(r);
    }
  },
};

export default rule;
