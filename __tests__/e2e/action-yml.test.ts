/**
 * action.yml is the user-facing contract (DESIGN.md "Contracts"): the inputs and outputs it
 * declares, their defaults, and the runtime. The runtime side (every declared input is read, every
 * output written) is checked in action.test.ts by running the built action.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionMetadata, REPO_ROOT } from '../helpers/run-dist.js';

const CONTRACT_INPUTS: Record<string, string> = {
  path: '.',
  config: '',
  'fail-on': '', // empty: the config file's fail-on, else high
  'sarif-file': 'fastapi-audit.sarif',
  'inventory-file': 'fastapi-audit-inventory.json',
  annotations: 'true',
  summary: 'true',
  baseline: '',
  strict: 'false',
};
const CONTRACT_OUTPUTS = ['sarif-file', 'inventory-file', 'findings', 'critical', 'high', 'medium', 'low', 'note', 'routes', 'unauthenticated-routes'];

describe('action.yml', () => {
  const meta = actionMetadata();

  it('declares the contract inputs with their defaults, each described', () => {
    for (const [name, dflt] of Object.entries(CONTRACT_INPUTS)) {
      expect(meta.inputs[name], `input ${name}`).toBeDefined();
      expect(meta.inputs[name]!.default, `default of ${name}`).toBe(dflt);
    }
    for (const [name, spec] of Object.entries(meta.inputs)) {
      expect(spec.description?.trim(), `description of ${name}`).toBeTruthy();
      expect(spec.required ?? false, `${name} is optional`).toBe(false);
    }
  });

  it('declares the contract outputs, each described', () => {
    for (const name of CONTRACT_OUTPUTS) expect(meta.outputs[name], `output ${name}`).toBeDefined();
    for (const [name, spec] of Object.entries(meta.outputs)) expect(spec.description?.trim(), `description of ${name}`).toBeTruthy();
  });

  it('runs dist/index.js on node24, with a name, description and branding', () => {
    expect(meta.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(meta.name).toBe('fastapi-audit');
    expect(typeof meta.description).toBe('string');
    expect(meta.branding).toMatchObject({ icon: 'shield' });
  });

  it('passes @action-validator/cli (.ci/validate-action.mjs)', () => {
    // Throws, with the validator's report in the message, when it exits non-zero.
    const out = execFileSync(process.execPath, [path.join(REPO_ROOT, '.ci', 'validate-action.mjs'), 'action.yml'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toMatch(/valid/);
  });
});
