/**
 * The literal prefilter (src/parse/job.ts PREFILTER) skips parsing files that mention nothing the
 * model or the rules need, unless another file imports them. It must never change a result: every
 * corpus we have gives the same findings and inventory with and without it.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { KNOWN_RULES, scan } from '../../src/engine/scan.js';
import { fingerprintOf } from '../../src/report/fingerprint.js';
import { ORACLE_CASES, oraclePresent } from '../helpers/oracle.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function outcome(root: string, noPrefilter: boolean) {
  const { config } = await loadConfig({ root, knownRules: KNOWN_RULES });
  const r = await scan({ root, config, threads: 1, noPrefilter });
  return {
    findings: r.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line} ${fingerprintOf(f)} ${f.severity} ${f.message}`).sort(),
    routes: r.inventory.routes.map((x) => JSON.stringify(x)).sort(),
    parsed: r.stats.parsed,
  };
}

function dirs(): string[] {
  const fixtures = path.join(ROOT, '__tests__/fixtures');
  const out = [path.join(ROOT, 'examples/vulnerable-app')];
  for (const g of readdirSync(fixtures)) for (const c of readdirSync(path.join(fixtures, g))) out.push(path.join(fixtures, g, c));
  if (oraclePresent('the prefilter check on the first 40 oracle cases')) for (const c of readdirSync(ORACLE_CASES).slice(0, 40)) out.push(path.join(ORACLE_CASES, c));
  return out;
}

describe('prefilter', () => {
  it('changes no finding and no route on the fixture, example and oracle corpora', async () => {
    let skipped = 0;
    for (const d of dirs()) {
      const a = await outcome(d, false);
      const b = await outcome(d, true);
      expect({ dir: path.relative(ROOT, d), findings: a.findings, routes: a.routes }).toEqual({ dir: path.relative(ROOT, d), findings: b.findings, routes: b.routes });
      skipped += b.parsed - a.parsed;
    }
    // the test is only meaningful if the prefilter skipped something somewhere
    expect(skipped).toBeGreaterThan(0);
  }, 120_000);
});
