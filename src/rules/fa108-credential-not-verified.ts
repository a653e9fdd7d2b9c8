import type { RouteInfo, Unverified } from '../model/project.js';
import type { SrcLoc } from '../model/values.js';
import { routesText, where } from '../analysis/helpers.js';
import type { Rule } from './types.js';

interface Group {
  u: Unverified;
  routes: RouteInfo[];
}

const rule: Rule<'unverified'> = {
  meta: {
    id: 'FA108',
    name: 'credential-not-verified',
    defaultSeverity: 'high',
    cwe: [287, 306],
    precision: 'high',
    docs: {
      summary: 'Credential accepted by a dependency that never verifies it: any value passes',
      notReported: [
        'Schemes with `auto_error=False` (FA103); credentials handed to code the scanner cannot follow (stored on an object,',
        'captured by a closure, yielded), which get the benefit of the doubt; dependencies whose routes something else',
        'authenticates (another dependency, an authentication middleware of the app, a middleware or dependency the',
        'configuration names) or that are public; a scheme declared only for the OpenAPI schema on an app whose',
        '`AuthenticationMiddleware` backend checks the credential.',
      ].join('\n'),
      what:
        'Reports a dependency that receives a credential — the value of a FastAPI security scheme (`OAuth2PasswordBearer`, ' +
        '`HTTPBearer`, `APIKeyHeader`, …) or a `Header`/`Cookie`/`Query` parameter named like one (`Authorization`, ' +
        '`X-API-Key`, `token`) — and never verifies it: the value is not decoded, compared, looked up, nor handed to library ' +
        'code or to a project function that does one of these; it is returned as is (or in a dict, a model), logged, ' +
        'tested only for presence, or ignored, and no consumer up the dependency tree (down to the handler) verifies it ' +
        'either. A scheme listed in `dependencies=[...]` with nothing verifying it is reported too, since FastAPI throws ' +
        'its value away.\n\n' +
        'The finding sits at the dependency and names the routes that rely on it. Those routes count as unauthenticated ' +
        '(`auth: none` in the inventory), so FA101 (FA102 for WebSockets) reports each of them and points back here. ' +
        "Routes that something else authenticates, routes listed as public, and schemes with `auto_error=False` (FA103's " +
        'business) are not reported. A value handed to code the scanner cannot follow (stored on an object, captured by a ' +
        'closure, yielded) is given the benefit of the doubt.',
      why:
        'A security scheme only extracts: `OAuth2PasswordBearer` reads `Authorization: Bearer <token>` and rejects requests ' +
        'without it, but accepts any token. If nothing decodes the JWT, checks its signature or looks the token up, ' +
        '`Authorization: Bearer x` opens every route behind the dependency, while the code and the OpenAPI schema (the ' +
        "lock icon) say they are protected. This is the FastAPI tutorial's first step, meant to be completed, left as is.",
      example: [
        'oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")',
        '',
        '',
        'async def get_current_user(token: str = Depends(oauth2_scheme)):',
        '    return {"token": token}',
      ].join('\n'),
      fix: [
        'Verify the credential and reject requests whose credential does not verify:',
        '',
        '```python',
        'async def get_current_user(token: str = Depends(oauth2_scheme)) -> User:',
        '    try:',
        '        payload = jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])',
        '    except jwt.InvalidTokenError:',
        '        raise HTTPException(status_code=401, detail="Could not validate credentials")',
        '    user = await users.get(payload["sub"])',
        '    if user is None:',
        '        raise HTTPException(status_code=401, detail="Could not validate credentials")',
        '    return user',
        '```',
      ].join('\n'),
      references: [
        'https://fastapi.tiangolo.com/tutorial/security/first-steps/',
        'https://fastapi.tiangolo.com/tutorial/security/oauth2-jwt/',
        'https://cwe.mitre.org/data/definitions/287.html',
        'https://cwe.mitre.org/data/definitions/306.html',
      ],
    },
  },
  messages: {
    unverified:
      '`{dep}` accepts {credential} and never verifies it{fate}: any value passes, so {routes} can be called without authentication (FA101 reports each route). Verify it here — decode it and check its signature, compare it with `secrets.compare_digest`, or look it up — and raise `HTTPException(status_code=401)` when that fails.',
  },
  check(ctx) {
    const groups = new Map<string, Group>();
    for (const r of ctx.project.routes) {
      if (r.auth !== 'none' || r.public) continue;
      for (const u of r.unverified) {
        const key = `${u.name} ${u.at.file}:${u.at.line}`;
        const g = groups.get(key);
        if (g) {
          if (!g.routes.includes(r)) g.routes.push(r);
        } else groups.set(key, { u, routes: [r] });
      }
    }
    for (const [key, { u, routes }] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const short = u.name.slice(u.name.lastIndexOf('.') + 1);
      const related: Array<{ at: SrcLoc; message: string }> = routes
        .slice()
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
        .slice(0, 3)
        .map((r) => ({ at: r.rec.loc, message: `${r.kind === 'websocket' ? 'WEBSOCKET' : r.methods.join(',')} ${r.path} relies on it (FA101)` }));
      const suppress = u.fn && u.fn.firstLine !== u.at.line && u.fn.loc.file === u.at.file ? [u.fn.firstLine] : [];
      ctx.report({
        messageId: 'unverified',
        data: { dep: short, credential: `the ${u.credential.desc}`, fate: u.fate, routes: routesText(routes) },
        at: u.at,
        key: `unverified ${key.slice(0, key.lastIndexOf(' '))}`,
        related,
        ...(suppress.length ? { suppressLines: suppress } : {}),
      });
      void where;
    }
  },
};

export default rule;
