#!/usr/bin/env node
// Validates action.yml: the schema check of @action-validator/cli, plus what the schema cannot see.
//
// @action-validator/cli 0.6.0 (the newest release) embeds a SchemaStore schema whose `runs.using`
// enum stops at node20, so it rejects `using: node24` although the runner supports it (runner
// 2.327.1+). We therefore run the real CLI on a copy of action.yml in which only that one value is
// replaced by node20: every other key is still checked by the schema. When a validator release
// accepts node24, the original file passes as is and no copy is made.
//
// Extra checks: runs.using is node24 and runs.main exists; every input and output has a
// description; every optional input has a string default (the runner passes it as INPUT_<NAME>).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.resolve(root, process.argv[2] ?? 'action.yml');
const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('@action-validator/cli/package.json')), 'cli.mjs');

const problems = [];
const text = readFileSync(file, 'utf8');
const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
for (const e of doc.errors) problems.push(`YAML: ${e.message}`);
const action = doc.toJS() ?? {};

/** Runs the real CLI; returns its error report, or undefined when the file is valid. */
function schemaErrors(actionYmlPath) {
  try {
    execFileSync(process.execPath, [cli, actionYmlPath], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    return undefined;
  } catch (e) {
    return `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || `exit status ${e.status}`;
  }
}

if (!doc.errors.length) {
  let report = schemaErrors(file);
  if (report !== undefined && action.runs?.using === 'node24') {
    const dir = mkdtempSync(path.join(tmpdir(), 'fa-action-yml-'));
    try {
      const copy = doc.clone();
      copy.setIn(['runs', 'using'], 'node20');
      writeFileSync(path.join(dir, 'action.yml'), String(copy));
      report = schemaErrors(path.join(dir, 'action.yml'));
      if (report === undefined) console.log("action-validator: schema OK (runs.using checked as node20: the validator's schema predates node24)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (report === undefined) {
    console.log('action-validator: schema OK');
  }
  if (report !== undefined) problems.push(`action-validator:\n${report}`);
}

if (action.runs?.using !== 'node24') problems.push(`runs.using is ${JSON.stringify(action.runs?.using)}, expected "node24"`);
if (typeof action.runs?.main !== 'string' || !existsSync(path.resolve(path.dirname(file), action.runs.main))) {
  problems.push(`runs.main ${JSON.stringify(action.runs?.main)} does not exist (run \`npm run build\`)`);
}
for (const [kind, entries] of [
  ['input', action.inputs],
  ['output', action.outputs],
]) {
  for (const [name, spec] of Object.entries(entries ?? {})) {
    if (typeof spec?.description !== 'string' || !spec.description.trim()) problems.push(`${kind} ${name}: no description`);
    if (kind === 'input' && spec?.required !== true && typeof spec?.default !== 'string') {
      problems.push(`input ${name}: optional input without a string default (quote booleans: 'true')`);
    }
  }
}

if (problems.length) {
  console.error(`${path.relative(process.cwd(), file)}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `${path.relative(process.cwd(), file)}: valid (${Object.keys(action.inputs ?? {}).length} inputs, ${Object.keys(action.outputs ?? {}).length} outputs, runs ${action.runs.using} ${action.runs.main})`,
);
