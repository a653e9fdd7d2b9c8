import type { Rule } from './types.js';
import { expectedAt } from '../analysis/helpers.js';
import { routeNoteOf } from '../analysis/apps.js';

const rule: Rule<'none' | 'unverified' | 'unknown' | 'unincluded'> = {
  meta: {
    id: 'FA102',
    name: 'websocket-missing-auth',
    defaultSeverity: 'high',
    cwe: [306],
    precision: 'high',
    docs: {
      summary: 'WebSocket route that anyone can connect to: no authentication dependency reaches it',
      what:
        'Reports a WebSocket endpoint whose effective dependency tree (handler parameters, `dependencies=` of the decorator, ' +
        'router, include and app — FastAPI applies all of them to WebSocket routes since 0.97) holds no authentication: no ' +
        'security scheme with `auto_error` on, no `Security(...)`, no dependency that rejects the connection (raises ' +
        '`HTTPException` 401/403 or `WebSocketException(code=status.WS_1008_POLICY_VIOLATION)`), and the handler itself does ' +
        'not close or reject unauthenticated clients that way. Routes whose auth cannot be decided are reported as a note.',
      notReported: [
        'HTTP routes (FA101). A handler that authenticates the client itself before it accepts the connection (closing with',
        'code 1008 or raising 401/403 on a missing or bad credential) counts as authenticated. Routes whose auth cannot be',
        'decided are notes only; routes of routers no app includes serve nothing.',
      ].join('\n'),
      why:
        'Browsers do not apply CORS to WebSocket handshakes: any web page can open a WebSocket to your service with the ' +
        "user's cookies (cross-site WebSocket hijacking). A socket without auth streams whatever it serves to anyone.",
      example: ['@app.websocket("/ws/notifications")', 'async def notifications(ws: WebSocket):', '    await ws.accept()', '    ...'].join('\n'),
      fix: [
        'Authenticate during the handshake with a dependency, and check the `Origin` header if you rely on cookies:',
        '',
        '```python',
        'async def ws_user(websocket: WebSocket, token: str = Query()):',
        '    user = verify(token)',
        '    if user is None:',
        '        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION)',
        '    return user',
        '',
        '@app.websocket("/ws/notifications")',
        'async def notifications(ws: WebSocket, user=Depends(ws_user)):',
        '    ...',
        '```',
      ].join('\n'),
      references: [
        'https://fastapi.tiangolo.com/advanced/websockets/#using-depends-and-others',
        'https://cwe.mitre.org/data/definitions/1385.html',
        'https://cwe.mitre.org/data/definitions/306.html',
      ],
    },
  },
  messages: {
    none: 'WebSocket `{path}` (handler `{handler}`) accepts connections without authentication: nothing on this route checks a credential (no dependency at {expected} rejects a connection on the strength of one). Authenticate the handshake with a dependency that raises `WebSocketException(code=status.WS_1008_POLICY_VIOLATION)`, or mark it public with `# fastapi-audit: public`.',
    unverified:
      'WebSocket `{path}` (handler `{handler}`) accepts connections without authentication: `{dep}` ({at}) accepts {credential} but never verifies it (FA108), so any value passes. Verify the credential there and reject the handshake when it fails, or mark it public with `# fastapi-audit: public`.',
    unknown: 'WebSocket `{path}` (handler `{handler}`): authentication could not be determined because {why}.',
    unincluded:
      'WebSocket `{path}` (handler `{handler}`) would accept connections without authentication if its router `{router}` is included somewhere the scan does not see: no app includes it once every entry point ran.',
  },
  check(ctx) {
    for (const r of ctx.project.unincluded) {
      if (r.kind !== 'websocket' || r.public || r.auth !== 'none') continue;
      const handler = r.handlerName.slice(r.handlerName.lastIndexOf('.') + 1);
      ctx.report({
        at: r.rec.loc,
        key: `WS ${r.path} ${r.handlerName}`,
        suppressLines: r.defLine ? [r.defLine] : [],
        messageId: 'unincluded',
        data: { path: r.path, handler, router: ctx.project.appName(r.app) },
        severity: 'note',
      });
    }
    for (const r of ctx.project.routes) {
      if (r.kind !== 'websocket' || r.public) continue;
      if (r.auth !== 'none' && r.auth !== 'unknown') continue;
      const handler = r.handlerName.slice(r.handlerName.lastIndexOf('.') + 1);
      const common = { at: r.rec.loc, key: `WS ${r.path} ${r.handlerName}`, suppressLines: r.defLine ? [r.defLine] : [], ...routeNoteOf(ctx.project, r) };
      const u = r.auth === 'none' ? r.unverified[0] : undefined;
      if (u) {
        ctx.report({
          ...common,
          messageId: 'unverified',
          data: { path: r.path, handler, dep: u.name.slice(u.name.lastIndexOf('.') + 1), at: `${u.at.file}:${u.at.line}`, credential: `the ${u.credential.desc}` },
          related: [{ at: u.at, message: 'accepts the credential and never verifies it (FA108)' }],
        });
      } else if (r.auth === 'none') {
        const exp = expectedAt(ctx.project, r);
        ctx.report({ ...common, messageId: 'none', data: { path: r.path, handler, expected: exp.text }, related: exp.related });
      } else {
        ctx.report({ ...common, messageId: 'unknown', data: { path: r.path, handler, why: r.unknownBecause ?? 'part of it could not be resolved' }, severity: 'note' });
      }
    }
  },
};

export default rule;
