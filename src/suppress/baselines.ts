/**
 * Several baseline files at once (the `baseline` input, one per line; `--baseline` repeated), so a
 * pull request can be compared with the base branch both ways:
 *
 * - a SARIF file (ours) matches findings by fingerprint: pre-existing findings of every rule stop
 *   counting for `fail-on` and annotations;
 * - an inventory gives the attack-surface diff. On its own it also matches findings, but only
 *   those at routes (it has no fingerprints): every other pre-existing finding counts as new.
 *
 * So the recommended pair is the base branch's SARIF + inventory. Several SARIF files are merged;
 * more than one inventory is an error (which one would the diff compare with?).
 */
import { ConfigError } from '../config/errors.js';
import type { Inventory } from '../types.js';
import { loadBaseline, type Baseline } from './baseline.js';

export interface Baselines {
  /** What findings are matched against: the SARIF files merged, else the inventory. */
  findings?: Baseline;
  /** The inventory, for the attack-surface diff. */
  inventory?: Inventory;
}

/** The `baseline` input's files: one per line (blank lines and surrounding spaces ignored). */
export function baselineList(input: string): string[] {
  return input
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export async function loadBaselines(files: readonly string[]): Promise<Baselines> {
  const loaded = await Promise.all(files.map((f) => loadBaseline(f)));
  const sarifs = loaded.filter((b) => b.kind === 'sarif');
  const inventories = loaded.filter((b) => b.kind === 'inventory');
  if (inventories.length > 1) {
    throw new ConfigError({ key: 'baseline', problem: `more than one inventory (${inventories.map((b) => b.file).join(', ')}): give one inventory and any number of SARIF files` });
  }
  const out: Baselines = {};
  if (sarifs.length) {
    out.findings =
      sarifs.length === 1 ? sarifs[0]! : { file: sarifs.map((b) => b.file).join(', '), kind: 'sarif', fingerprints: new Set(sarifs.flatMap((b) => [...b.fingerprints])) };
  } else if (inventories[0]) out.findings = inventories[0];
  if (inventories[0]?.inventory) out.inventory = inventories[0].inventory;
  return out;
}
