/**
 * Entry points (src/model/entrypoints.ts, src/engine/entrypoints.ts): the app the server runs is
 * the one the inventory shows, with every prefix and dependency of the code a server start runs;
 * routers no app includes are listed apart; and a scan that cannot see how an app is built says so.
 * The fixtures under __tests__/fixtures/model/entry-* carry the findings; this checks the rows.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFixture } from '../helpers/fixtures.js';
import { cleanupProjects, config, project, scanDir } from '../hardening/helpers.js';
import type { InventoryRoute } from '../../src/types.js';

afterAll(cleanupProjects);

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/model');
const row = (r: InventoryRoute): string => `${r.methods.join(',') || '*'} ${r.path} ${r.auth} [${r.apps.join(' ')}]${r.served ? '' : ' possible'}`;

describe('entry points', () => {
  it('a factory only uvicorn.run(..., factory=True) calls is the served app, with its include prefix', async () => {
    const r = await scanFixture(path.join(FIXTURES, 'entry-uvicorn-factory'));
    expect(r.inventory.routes.map(row)).toEqual(['DELETE /api/items/{item_id} none [svc.app.create_app()]']);
    expect(r.inventory.unincluded).toEqual([]);
    expect(r.stats.roots.main).toBe(1);
    expect(r.stats.roots.target).toBe(1);
  });

  it('a server class: the routers a method includes get its prefix and auth; the app is named after its attribute', async () => {
    const r = await scanFixture(path.join(FIXTURES, 'entry-server-class'));
    expect(r.inventory.routes.map(row).sort()).toEqual([
      'DELETE /api/v1/models/{name} required [server.server.ModelServer.app]',
      'POST /api/v1/predict required [server.server.ModelServer.app]',
    ]);
  });

  it('a router factory called by a Procfile target; a test helper calling it without auth decides nothing', async () => {
    const r = await scanFixture(path.join(FIXTURES, 'entry-router-factory'));
    expect(r.inventory.routes.map(row).sort()).toEqual(['GET /v1/account/me required [api.factory.build()]', 'PUT /v1/account/password required [api.factory.build()]']);
    expect(r.inventory.unincluded).toEqual([]);
  });

  it('an include under an environment condition keeps its prefix and auth; a library router is one unknown row; an unincluded router is listed apart', async () => {
    const r = await scanFixture(path.join(FIXTURES, 'entry-env-and-library'));
    expect(r.inventory.routes.map(row).sort()).toEqual(['* /users{?} unknown [app.main.app]', 'DELETE /admin/users/{user_id} required [app.main.app]']);
    expect(r.inventory.unincluded.map(row)).toEqual(['POST /import none [app.legacy.legacy] possible']);
    expect(r.notices.map((n) => n.message).join('\n')).toMatch(/router `app\.legacy\.legacy` \(app\/legacy\.py:\d+\) is included by no app/);
  });

  it('the config names what the server runs; a target naming nothing is a warning', async () => {
    const root = project({
      'pkg/__init__.py': '',
      'pkg/factory.py':
        'from fastapi import FastAPI\n\n\ndef make(debug: bool = False):\n    app = FastAPI()\n\n    @app.get("/ping")\n    def ping():\n        return 1\n\n    return app\n',
    });
    const plain = await scanDir(root);
    expect(plain.inventory.routes.map(row)).toEqual(['GET /ping none [pkg.factory.make()] possible']);
    expect(plain.notices.map((n) => n.message).join('\n')).toMatch(/no deployment file, `__main__` block or command the scan sees starts app `pkg\.factory\.make\(\)`/);
    const named = await scanDir(root, {
      config: config({
        entrypoints: [
          { module: 'pkg.factory', attr: 'make', factory: true },
          { module: 'pkg.nowhere', attr: 'app', factory: false },
        ],
      }),
    });
    expect(named.inventory.routes.map(row)).toEqual(['GET /ping none [pkg.factory.make()]']);
    expect(named.notices.filter((n) => n.level === 'warning').map((n) => n.message)).toEqual([
      'entry point pkg.nowhere:app (config `entrypoints`) was not run: module pkg.nowhere is not in the scan',
    ]);
  });

  it('routers and no app: a warning naming them, never a silent clean report', async () => {
    const root = project({ 'routes.py': 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.post("/x")\ndef x():\n    return 1\n' });
    const r = await scanDir(root);
    expect(r.inventory.routes).toEqual([]);
    expect(r.inventory.unincluded.map(row)).toEqual(['POST /x none [routes.router] possible']);
    expect(r.notices.find((n) => n.level === 'warning')?.message).toMatch(
      /^no FastAPI or Starlette app is built by the code the scan sees.*router `routes\.router` \(routes\.py:3\) is included by no app/,
    );
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['FA101 note']);
  });

  it('a sub-app mounted at "/" serves its routes without a double slash', async () => {
    const root = project({
      'main.py': 'from fastapi import FastAPI\n\napi = FastAPI()\n\n\n@api.get("/items")\ndef items():\n    return []\n\n\napp = FastAPI()\napp.mount("/", api)\n',
    });
    const r = await scanDir(root);
    expect(r.inventory.routes.map((x) => x.path)).toEqual(['/items']);
  });

  it('three __main__ blocks starting one module-level app: each route once', async () => {
    const files: Record<string, string> = {
      'srv/__init__.py': '',
      'srv/app.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\ndef register(app):\n    @app.get("/health")\n    def health():\n        return 1\n',
    };
    for (const n of ['a', 'b', 'c']) files[`srv/run_${n}.py`] = 'from srv.app import app, register\n\nif __name__ == "__main__":\n    register(app)\n';
    const r = await scanDir(project(files));
    expect(r.inventory.routes.map(row)).toEqual(['GET /health none [srv.app.app]']);
  });

  it('test code: apps there are not reported unless `tests: scan`', async () => {
    const root = project({ 'tests/test_api.py': 'from fastapi import FastAPI\n\napp = FastAPI(debug=True)\n\n\n@app.delete("/x")\ndef x():\n    return 1\n' });
    expect((await scanDir(root)).inventory.routes).toEqual([]);
    const scanned = await scanDir(root, { config: config({ tests: 'scan' }) });
    expect(scanned.inventory.routes.map(row)).toEqual(['DELETE /x none [test_api.app]']);
  });
});
