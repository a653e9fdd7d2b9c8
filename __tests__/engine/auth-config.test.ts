/**
 * What the configuration says about auth, applied after link (src/analysis/auth-config.ts): a
 * pattern of `auth.*` or `public` that matches nothing in the scan is a warning naming it, and
 * middleware the scan recognises shows as `middleware` evidence in the inventory. The fixtures
 * under __tests__/fixtures/{FA101,FA107,config} carry the findings.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupProjects, config, project, scanDir } from '../hardening/helpers.js';

afterAll(cleanupProjects);

const APP = [
  'from fastapi import Depends, FastAPI',
  'from starlette.middleware.base import BaseHTTPMiddleware',
  'from fastapi.responses import JSONResponse',
  '',
  'def get_db():',
  '    yield None',
  '',
  'class Gate(BaseHTTPMiddleware):',
  '    async def dispatch(self, request, call_next):',
  '        if request.url.path == "/ping":',
  '            return await call_next(request)',
  '        if request.headers.get("X-API-Key") != "k3y-0f-th3-s3rv1ce":',
  '            return JSONResponse({"detail": "no"}, status_code=403)',
  '        return await call_next(request)',
  '',
  'app = FastAPI()',
  'app.add_middleware(Gate)',
  '',
  '@app.get("/items")',
  'def items(db=Depends(get_db)):',
  '    return []',
  '',
  '@app.get("/ping")',
  'def ping():',
  '    return {}',
  '',
].join('\n');

describe('auth configuration', () => {
  it('warns about each auth.* and public pattern that matches nothing, and only those', async () => {
    const root = project({ 'main.py': APP });
    const cfg = config({
      auth: {
        dependencies: ['main.get_db', 'main.get_current_usr'],
        notAuth: ['main.*', 'dblib.*'],
        middleware: ['main.Gate', 'main.Gaet'],
        middlewareExempt: ['/ping', '/pub/**'],
      },
      public: [{ path: '/items', methods: ['GET'] }, { path: '/status' }, { path: '/ping', methods: ['POST'] }],
      source: '.fastapi-audit.yml',
    });
    const r = await scanDir(root, { config: cfg });
    const warnings = r.notices.filter((n) => n.level === 'warning').map((n) => n.message);
    expect(warnings).toEqual([
      expect.stringMatching(/^\.fastapi-audit\.yml: auth\.dependencies: "main\.get_current_usr" matches no dependency in the scan/),
      expect.stringMatching(/^\.fastapi-audit\.yml: auth\.not-auth: "dblib\.\*" matches no dependency in the scan/),
      expect.stringMatching(/^\.fastapi-audit\.yml: auth\.middleware: "main\.Gaet" matches no middleware class in the scan/),
      expect.stringMatching(/^\.fastapi-audit\.yml: auth\.exempt: "\/pub\/\*\*" matches no route path in the scan/),
      expect.stringMatching(/^\.fastapi-audit\.yml: public\[1\]: "\/status" matches no route in the scan/),
      expect.stringMatching(/^\.fastapi-audit\.yml: public\[2\]: "POST \/ping" matches no route in the scan/),
    ]);
    expect(r.notices.filter((n) => n.level === 'warning').every((n) => n.file === '.fastapi-audit.yml')).toBe(true);
  });

  it('a recognised middleware is `middleware` evidence; the path it lets through is open', async () => {
    const root = project({ 'main.py': APP });
    const r = await scanDir(root);
    const rows = r.inventory.routes.map((x) => `${x.path} ${x.auth} ${x.public} ${x.evidence.map((e) => `${e.via}:${e.name}@${e.file}:${e.line}`).join(',')}`);
    expect(rows).toEqual(['/items required false middleware:main.Gate@main.py:17', '/ping none true ']);
    expect(r.notices.filter((n) => n.level === 'warning')).toEqual([]);
  });
});
