/**
 * The route inventory (src/engine/scan.ts `inventoryOf`): an app factory called in several places
 * builds the same routes once per app, and the inventory lists such a route once; a router included
 * twice into one app gives two routes, as FastAPI's own route table has.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupProjects, project, scanDir } from '../hardening/helpers.js';

afterAll(cleanupProjects);

const ROUTES = `from fastapi import APIRouter

router = APIRouter()


@router.get("/items")
def list_items():
    return []
`;

describe('inventory rows', () => {
  it('a factory called twice: each route once', async () => {
    const root = project({
      'app/__init__.py': '',
      'app/routes.py': ROUTES,
      'app/main.py':
        'from fastapi import FastAPI\n\nfrom app.routes import router\n\n\ndef create_app():\n    app = FastAPI()\n    app.include_router(router)\n    return app\n\n\napp = create_app()\nadmin = create_app()\n',
    });
    const r = await scanDir(root);
    expect(r.project.routes.length).toBe(2); // two apps
    expect(r.inventory.routes.map((x) => `${x.methods.join(',')} ${x.path} ${x.file}:${x.line}`)).toEqual(['GET /items app/routes.py:6']);
  });

  it('a router included twice into one app: two routes', async () => {
    const root = project({
      'app/__init__.py': '',
      'app/routes.py': ROUTES,
      'app/main.py':
        'from fastapi import FastAPI\n\nfrom app.routes import router\n\napp = FastAPI()\napp.include_router(router)\napp.include_router(router, prefix="/v2")\napp.include_router(router)\n',
    });
    const r = await scanDir(root);
    expect(r.inventory.routes.map((x) => x.path)).toEqual(['/items', '/v2/items', '/items']);
  });
});

describe('inventory evidence', () => {
  it('names the credential and the rejection of a required route, in DESIGN.md key order, the same on every run', async () => {
    const root = project({
      'app/__init__.py': '',
      'app/deps.py': [
        'import os',
        'import secrets',
        '',
        'from fastapi import HTTPException, Security',
        'from fastapi.security import APIKeyHeader',
        '',
        'api_key = APIKeyHeader(name="X-API-Key")',
        '',
        '',
        'def require_key(key: str = Security(api_key)):',
        '    if not secrets.compare_digest(key, os.environ["API_KEY"]):',
        '        raise HTTPException(status_code=401)',
        '',
      ].join('\n'),
      'app/main.py': [
        'from fastapi import Depends, FastAPI',
        '',
        'from app.deps import require_key',
        '',
        'app = FastAPI()',
        '',
        '',
        '@app.get("/items", dependencies=[Depends(require_key)])',
        'def items():',
        '    return []',
        '',
      ].join('\n'),
    });
    const a = await scanDir(root);
    const b = await scanDir(root);
    const route = a.inventory.routes.find((r) => r.path === '/items')!;
    expect(route.auth).toBe('required');
    expect(route.evidence).toEqual([
      { via: 'decorator', file: 'app/main.py', line: 8, name: 'app.deps.require_key', credential: 'header X-API-Key (APIKeyHeader)', rejects: '401 at app/deps.py:12' },
    ]);
    expect(JSON.stringify(b.inventory)).toBe(JSON.stringify(a.inventory));
  });

  it('says when the check is skipped on a condition that involves no credential', async () => {
    const root = project({
      'app.py': [
        'import os',
        '',
        'import jwt',
        'from fastapi import Depends, FastAPI, HTTPException',
        'from fastapi.security import OAuth2PasswordBearer',
        '',
        'MULTIUSER = os.getenv("MULTIUSER") == "1"',
        'oauth2 = OAuth2PasswordBearer(tokenUrl="token", auto_error=False)',
        'app = FastAPI()',
        '',
        '',
        'def user_or_default(token: str | None = Depends(oauth2)):',
        '    if not MULTIUSER:',
        '        return {"sub": "system"}',
        '    try:',
        '        return jwt.decode(token, os.environ["KEY"], algorithms=["HS256"])',
        '    except jwt.InvalidTokenError:',
        '        raise HTTPException(status_code=401)',
        '',
        '',
        '@app.get("/boards")',
        'def boards(user=Depends(user_or_default)):',
        '    return []',
        '',
      ].join('\n'),
    });
    const r = await scanDir(root);
    const route = r.inventory.routes.find((x) => x.path === '/boards')!;
    // the check a setting can skip is conditional (FA107; high: `os.getenv("MULTIUSER") == "1"` is False while the variable is unset)
    expect(route.auth).toBe('conditional');
    expect(route.evidence[0]!.rejects).toBe('401 at app.py:18 (skipped when `not MULTIUSER`, app.py:13)');
    expect(r.findings.filter((f) => f.ruleId === 'FA107').map((f) => [f.location.line, f.severity])).toEqual([[13, 'high']]);
  });
});
