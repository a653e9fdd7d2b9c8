/**
 * The README's first command scans examples/vulnerable-app: its findings are pinned in
 * example-app.findings.txt (one finding a line: rule, severity, place, message), so a change to a
 * rule, a helper or the model that alters what a user sees there shows up in review. After an
 * intended change, refresh the file with `npx vitest run __tests__/rules/example-app.test.ts -u`.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { scanFixture } from '../helpers/fixtures.js';

const APP = path.resolve(import.meta.dirname, '../../examples/vulnerable-app');

it('example app findings are unchanged', async () => {
  const result = await scanFixture(APP);
  const lines = result.findings
    .map((f) => `${f.ruleId} ${f.severity} ${f.location.file}:${f.location.line}:${f.location.column}${f.suppression ? ' (suppressed)' : ''}\n    ${f.message}`)
    .sort();
  await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./example-app.findings.txt');
});
