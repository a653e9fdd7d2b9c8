import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/report/fingerprint.js';
import { normalizeInventory, routeStats } from '../../src/report/inventory.js';
import { findingJson, findingsJson, findingsToJson, inventoryJson } from '../../src/report/json.js';
import type { Inventory } from '../../src/types.js';
import { FINDINGS, INVENTORY, finding } from './fixtures.js';

describe('findings JSON', () => {
  it('has a fixed shape and key order, with null for unknown values', () => {
    const f = finding({ ruleId: 'FA302', severity: 'low', location: { file: 'app/main.py', line: 7, column: 7 } });
    expect(Object.keys(findingJson(f))).toEqual([
      'ruleId',
      'severity',
      'message',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'fingerprint',
      'suppressed',
      'suppression',
      'baseline',
      'related',
    ]);
    expect(findingJson(f)).toMatchObject({ endLine: null, endColumn: null, suppressed: false, suppression: null, baseline: null, related: [] });
    expect(findingJson(f).fingerprint).toBe(fingerprintOf(f));
  });

  it('keeps suppressed findings, flagged, and counts only the others by severity', () => {
    const out = findingsToJson(FINDINGS);
    expect(out.version).toBe(1);
    expect(out.counts).toEqual({ total: 5, critical: 1, high: 1, medium: 3, low: 0, note: 0, suppressed: 1 });
    expect(out.findings).toHaveLength(6);
    const suppressed = out.findings.filter((f) => f.suppressed);
    expect(suppressed.map((f) => [f.ruleId, f.suppression])).toEqual([['FA302', { kind: 'inSource', justification: 'TLS terminates at the load balancer' }]]);
    expect(out.findings.map((f) => `${f.file}:${f.line}`)).toEqual([
      'app/api/items.py:12',
      'app/api/items.py:30',
      'app/api/users.py:8',
      'app/main.py:7',
      'app/main.py:9',
      'app/my deps/#1 100%/sécurité.py:3',
    ]);
    expect(out.findings[0]!.related.map((r) => r.line)).toEqual([5, 20]);
  });

  it('is byte-identical for the same findings in any order', () => {
    expect(findingsJson([...FINDINGS].reverse())).toBe(findingsJson(FINDINGS));
    expect(findingsJson(FINDINGS).endsWith('}\n')).toBe(true);
    expect(JSON.parse(findingsJson(FINDINGS))).toEqual(findingsToJson(FINDINGS));
  });
});

describe('inventory JSON', () => {
  it('follows the DESIGN.md shape and key order', () => {
    const parsed = JSON.parse(inventoryJson(INVENTORY)) as Inventory;
    expect(Object.keys(parsed)).toEqual(['version', 'routes', 'unincluded']);
    expect(parsed.version).toBe(1);
    expect(Object.keys(parsed.routes[0]!)).toEqual(['kind', 'methods', 'path', 'file', 'line', 'handler', 'apps', 'served', 'auth', 'public', 'dependencies', 'evidence']);
    const withEvidence = parsed.routes.find((r) => r.evidence.length)!;
    // credential and rejects follow, when known (DESIGN.md's inventory example)
    expect(Object.keys(withEvidence.evidence[0]!)).toEqual(['via', 'file', 'line', 'name', 'credential', 'rejects']);
    expect(Object.keys(withEvidence.evidence[1]!)).toEqual(['via', 'file', 'line', 'name']);
  });

  it('sorts routes by path, methods, kind, file, line and their lists', () => {
    const parsed = JSON.parse(inventoryJson(INVENTORY)) as Inventory;
    expect(parsed.routes.map((r) => r.path)).toEqual(['/api/items', '/api/items/{item_id}', '/health', '/ws']);
    const r = parsed.routes[1]!;
    expect(r.methods).toEqual(['POST', 'PUT']);
    expect(r.dependencies).toEqual(['app.api.deps.get_current_user', 'app.api.deps.oauth2_scheme']);
    expect(r.evidence.map((e) => `${e.file}:${e.line}`)).toEqual(['app/api/deps.py:49', 'app/api/items.py:5']);

    const same = (over: Partial<Inventory['routes'][number]>) => ({ ...INVENTORY.routes[0]!, ...over });
    const tie: Inventory = {
      version: 1,
      unincluded: [],
      routes: [same({ line: 9 }), same({ kind: 'websocket', methods: [] }), same({ methods: ['POST'] }), same({ file: 'a.py' }), same({ line: 2 })],
    };
    expect(normalizeInventory(tie).routes.map((x) => `${x.kind} ${x.methods.join(',')} ${x.file}:${x.line}`)).toEqual([
      'websocket  app/api/items.py:30',
      'http GET a.py:30',
      'http GET app/api/items.py:2',
      'http GET app/api/items.py:9',
      'http POST app/api/items.py:30',
    ]);
  });

  it('normalizes methods and de-duplicates dependencies and evidence', () => {
    const messy: Inventory = {
      version: 1,
      unincluded: [],
      routes: [
        {
          ...INVENTORY.routes[2]!,
          methods: ['put', 'POST', 'PUT'],
          dependencies: ['b', 'a', 'b'],
          evidence: [INVENTORY.routes[2]!.evidence[0]!, INVENTORY.routes[2]!.evidence[0]!],
        },
      ],
    };
    const r = normalizeInventory(messy).routes[0]!;
    expect(r.methods).toEqual(['POST', 'PUT']);
    expect(r.dependencies).toEqual(['a', 'b']);
    expect(r.evidence).toHaveLength(1);
  });

  it('is byte-identical for the same inventory in any order and does not mutate it', () => {
    const copy = structuredClone(INVENTORY);
    const shuffled: Inventory = {
      version: 1,
      unincluded: [],
      routes: [...INVENTORY.routes].reverse().map((r) => ({ ...r, dependencies: [...r.dependencies].reverse(), evidence: [...r.evidence].reverse() })),
    };
    expect(inventoryJson(shuffled)).toBe(inventoryJson(INVENTORY));
    expect(INVENTORY).toEqual(copy);
  });

  it('counts unauthenticated routes apart from public ones', () => {
    expect(routeStats(INVENTORY)).toEqual({ routes: 4, unauthenticated: 1, public: 1, optional: 0, conditional: 0, unknown: 1 });
  });
});
