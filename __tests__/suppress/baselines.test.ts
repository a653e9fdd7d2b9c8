import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { fingerprintOf } from '../../src/report/fingerprint.js';
import { sarifJson, toSarif } from '../../src/report/sarif.js';
import { FA002_UNUSED_SUPPRESSION } from '../../src/suppress/index.js';
import { baselineList, loadBaselines } from '../../src/suppress/baselines.js';
import type { Finding, RuleMeta } from '../../src/types.js';
import { makeTree, removeTree } from '../discover/tree.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

const FA101: RuleMeta = { ...FA002_UNUSED_SUPPRESSION, id: 'FA101', name: 'missing-auth', defaultSeverity: 'high' };
const finding = (key: string): Finding => ({ ruleId: 'FA101', severity: 'high', message: 'no auth', location: { file: 'app/api.py', line: 3, column: 1 }, fingerprint: key });
const sarif = (...keys: string[]) => sarifJson(toSarif({ findings: keys.map(finding), rules: [FA101], toolVersion: '0' }).sarif);
/** An inventory with only the keys a baseline must have. */
const inv = (p: string) => JSON.stringify({ version: 1, routes: [{ kind: 'http', methods: ['GET'], path: p, file: 'a.py', line: 1, auth: 'none', public: false }] });

function files(spec: Record<string, string>): (name: string) => string {
  const root = makeTree(spec);
  roots.push(root);
  return (name) => path.join(root, name);
}

describe('baselineList', () => {
  it('takes one file per line, ignoring blank lines and surrounding spaces', () => {
    expect(baselineList('')).toEqual([]);
    expect(baselineList('a.sarif')).toEqual(['a.sarif']);
    expect(baselineList('\n  base/a b.sarif \r\nbase/inventory.json\n\n')).toEqual(['base/a b.sarif', 'base/inventory.json']);
  });
});

describe('loadBaselines', () => {
  it('is empty without files', async () => {
    expect(await loadBaselines([])).toEqual({});
  });

  it('matches findings by the SARIF files (merged) and diffs routes with the inventory', async () => {
    const f = files({ 'a.sarif': sarif('k1'), 'b.sarif': sarif('k2'), 'inv.json': inv('/x') });
    const b = await loadBaselines([f('inv.json'), f('a.sarif'), f('b.sarif')]);
    expect(b.findings?.kind).toBe('sarif');
    expect([...b.findings!.fingerprints].sort()).toEqual([fingerprintOf(finding('k1')), fingerprintOf(finding('k2'))].sort());
    expect(b.inventory?.routes.map((r) => r.path)).toEqual(['/x']);
  });

  it('reads a minimal inventory (no handler, dependencies or evidence)', async () => {
    const f = files({ 'inv.json': inv('/x') });
    const b = await loadBaselines([f('inv.json')]);
    expect(b.inventory?.routes[0]).toMatchObject({ path: '/x', handler: '', dependencies: [], evidence: [] });
  });

  it('uses an inventory alone for both', async () => {
    const f = files({ 'inv.json': inv('/x') });
    const b = await loadBaselines([f('inv.json')]);
    expect(b.findings?.kind).toBe('inventory');
    expect(b.inventory?.routes).toHaveLength(1);
  });

  it("refuses two inventories and passes on a broken file's error", async () => {
    const f = files({ 'a.json': inv('/a'), 'b.json': inv('/b') });
    const two = await loadBaselines([f('a.json'), f('b.json')]).catch((e: unknown) => e);
    expect(two).toBeInstanceOf(ConfigError);
    expect((two as ConfigError).message).toBe(`baseline: more than one inventory (${f('a.json')}, ${f('b.json')}): give one inventory and any number of SARIF files`);
    const missing = await loadBaselines([f('a.json'), f('nope.sarif')]).catch((e: unknown) => e);
    expect((missing as ConfigError).message).toBe(`${f('nope.sarif')}: baseline: file not found`);
  });
});
