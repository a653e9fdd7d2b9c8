import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { fingerprintOf } from '../../src/report/fingerprint.js';
import { sarifJson, toSarif } from '../../src/report/sarif.js';
import { applyBaseline, diffInventory, FA002_UNUSED_SUPPRESSION, loadBaseline, parseBaseline, routeKey } from '../../src/suppress/index.js';
import type { Finding, Inventory, InventoryRoute, RuleMeta } from '../../src/types.js';
import { makeTree, removeTree } from '../discover/tree.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function tmpFile(name: string, content: string): string {
  const root = makeTree({ [name]: content });
  roots.push(root);
  return path.join(root, name);
}

const FA101: RuleMeta = { ...FA002_UNUSED_SUPPRESSION, id: 'FA101', name: 'missing-auth', defaultSeverity: 'high' };

function finding(line: number, key: string, file = 'app/api.py'): Finding {
  return { ruleId: 'FA101', severity: 'high', message: 'no auth', location: { file, line, column: 1 }, fingerprint: key };
}

function route(over: Partial<InventoryRoute> & Pick<InventoryRoute, 'path'>): InventoryRoute {
  return {
    kind: 'http',
    methods: ['GET'],
    file: 'app/api.py',
    line: 1,
    handler: 'h',
    apps: [],
    served: true,
    auth: 'required',
    public: false,
    dependencies: [],
    evidence: [],
    ...over,
  };
}

const inventory = (...routes: InventoryRoute[]): Inventory => ({ version: 1, routes, unincluded: [] });

async function baselineError(file: string): Promise<string> {
  const err = await loadBaseline(file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).message;
}

describe('SARIF baseline', () => {
  const before = [finding(10, 'GET /items read_items'), finding(20, 'POST /items create_item')];
  const sarifText = sarifJson(toSarif({ findings: before, rules: [FA101], toolVersion: '0.0.0-test' }).sarif);

  it('reads the fingerprints of our own SARIF output', async () => {
    const baseline = await loadBaseline(tmpFile('base.sarif', sarifText));
    expect(baseline.kind).toBe('sarif');
    expect([...baseline.fingerprints].sort()).toEqual(before.map(fingerprintOf).sort());
  });

  it('marks findings unchanged by fingerprint even when their code moved, others new', () => {
    const baseline = parseBaseline(sarifText, 'base.sarif');
    const moved = finding(55, 'GET /items read_items');
    const added = finding(20, 'DELETE /items/{id} delete_item');
    const otherFile = finding(10, 'GET /items read_items', 'app/other.py');
    applyBaseline([moved, added, otherFile], baseline);
    expect([moved.baseline, added.baseline, otherFile.baseline]).toEqual(['unchanged', 'new', 'new']);
  });

  it('rejects SARIF from another tool', async () => {
    const foreign = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'CodeQL' } }, results: [] }] });
    expect(await baselineError(tmpFile('codeql.sarif', foreign))).toMatch(/: baseline: SARIF from another tool \(CodeQL\); a fastapi-audit SARIF file or inventory is needed$/);
  });

  it('rejects files that are neither format, or not JSON, or missing', async () => {
    expect(await baselineError(tmpFile('x.json', '{"hello": 1}'))).toMatch(
      /x\.json: baseline: not a fastapi-audit SARIF file or inventory: \(top level\) must have required property 'runs'$/,
    );
    expect(await baselineError(tmpFile('x.json', 'not json'))).toMatch(/x\.json: baseline: not valid JSON \(/);
    expect(await baselineError('/nonexistent/base.sarif')).toBe('/nonexistent/base.sarif: baseline: file not found');
  });
});

describe('inventory baseline', () => {
  const base = inventory(route({ path: '/items', auth: 'none', line: 5 }), route({ path: '/admin', auth: 'required', line: 9 }));

  it('reads our inventory JSON and normalises it', async () => {
    const withLowerCase = { ...base, routes: [route({ path: '/b', methods: ['post', 'get'] }), route({ path: '/a' })] };
    const baseline = await loadBaseline(tmpFile('inventory.json', JSON.stringify(withLowerCase)));
    expect(baseline.kind).toBe('inventory');
    expect(baseline.inventory!.routes.map((r) => [r.path, r.methods])).toEqual([
      ['/a', ['GET']],
      ['/b', ['GET', 'POST']],
    ]);
  });

  it('rejects an inventory with a bad route', async () => {
    const bad = { version: 1, routes: [{ kind: 'http', methods: ['GET'], path: '/x', file: 'a.py', line: 1, public: false, auth: 'maybe' }] };
    expect(await baselineError(tmpFile('inv.json', JSON.stringify(bad)))).toMatch(
      /inv\.json: baseline: not a fastapi-audit inventory \(version 1\): \/routes\/0\/auth must be equal to one of the allowed values$/,
    );
    expect(await baselineError(tmpFile('inv.json', JSON.stringify({ version: 2, routes: [] })))).toMatch(/\/version must be equal to constant$/);
  });

  it('marks findings on routes that existed and are not less protected as unchanged', () => {
    const baseline = parseBaseline(JSON.stringify(base), 'inv.json');
    const current = inventory(
      route({ path: '/items', auth: 'none', line: 15 }), // moved, same auth
      route({ path: '/admin', auth: 'none', line: 30 }), // lost its auth
      route({ path: '/new', auth: 'none', line: 40 }),
    );
    const [moved, lost, fresh, notARoute] = [finding(15, 'a'), finding(30, 'b'), finding(40, 'c'), finding(99, 'd')];
    applyBaseline([moved!, lost!, fresh!, notARoute!], baseline, current);
    expect([moved, lost, fresh, notARoute].map((f) => f!.baseline)).toEqual(['unchanged', 'new', 'new', 'new']);
  });
});

describe('diffInventory', () => {
  it('lists new, removed, newly public and weakened routes', () => {
    const before = inventory(
      route({ path: '/kept', line: 1 }),
      route({ path: '/gone' }),
      route({ path: '/opened', auth: 'required' }),
      route({ path: '/opt-opened', auth: 'optional' }),
      route({ path: '/flagged', auth: 'required' }),
      route({ path: '/weakened', auth: 'required' }),
      route({ path: '/blurred', auth: 'required' }),
      route({ path: '/was-unknown', auth: 'unknown' }),
      route({ path: '/ws', kind: 'websocket', methods: [], auth: 'required' }),
    );
    const after = inventory(
      route({ path: '/kept', line: 80, file: 'app/moved.py' }),
      route({ path: '/opened', auth: 'none' }),
      route({ path: '/opt-opened', auth: 'none' }),
      route({ path: '/flagged', auth: 'required', public: true }),
      route({ path: '/weakened', auth: 'optional' }),
      route({ path: '/blurred', auth: 'unknown' }),
      route({ path: '/was-unknown', auth: 'none' }),
      route({ path: '/ws', kind: 'websocket', methods: [], auth: 'none' }),
      route({ path: '/added', auth: 'none' }),
      route({ path: '/kept', methods: ['POST'], auth: 'none' }), // same path, new method: a new route
    );
    const diff = diffInventory(before, after);
    expect(diff.newRoutes.map(routeKey)).toEqual(['http GET /added', 'http POST /kept']);
    expect(diff.removed.map(routeKey)).toEqual(['http GET /gone']);
    expect(diff.becamePublic.map((c) => [routeKey(c.after), c.before.auth, c.after.auth, c.after.public])).toEqual([
      ['http GET /flagged', 'required', 'required', true],
      ['http GET /opened', 'required', 'none', false],
      ['http GET /opt-opened', 'optional', 'none', false],
      ['websocket /ws', 'required', 'none', false],
    ]);
    expect(diff.lostAuth.map((c) => [routeKey(c.after), c.before.auth, c.after.auth])).toEqual([
      ['http GET /blurred', 'required', 'unknown'],
      ['http GET /weakened', 'required', 'optional'],
    ]);
  });

  it('is empty for identical inventories and ignores method order and case', () => {
    const a = inventory(route({ path: '/x', methods: ['POST', 'GET'] }));
    const b = inventory(route({ path: '/x', methods: ['get', 'post'], line: 99 }));
    expect(diffInventory(a, b)).toEqual({ newRoutes: [], becamePublic: [], lostAuth: [], removed: [] });
  });

  it('judges a route registered twice by its least protected registration', () => {
    const before = inventory(route({ path: '/x', auth: 'required' }));
    const after = inventory(route({ path: '/x', auth: 'required', line: 3 }), route({ path: '/x', auth: 'none', line: 9 }));
    expect(diffInventory(before, after).becamePublic.map((c) => c.after.line)).toEqual([9]);
  });
});

describe('baseline file written by the SARIF reporter', () => {
  it('round-trips through disk, with a BOM an editor may have added', async () => {
    const file = tmpFile('b.sarif', `\uFEFF${sarifJson(toSarif({ findings: [finding(3, 'k')], rules: [FA101], toolVersion: '1' }).sarif)}`);
    const g = finding(30, 'k');
    applyBaseline([g], await loadBaseline(file));
    expect(g.baseline).toBe('unchanged');
  });
});
