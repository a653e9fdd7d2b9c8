/**
 * Run the BUILT bundles as real processes, the way their users do:
 *
 * - `runAction({ workspace, inputs })` spawns `node dist/index.js` with the environment the Actions
 *   runner gives a JavaScript action: every input declared in action.yml as `INPUT_<NAME>` (upper
 *   case, spaces → `_`, dashes kept — `@actions/core` `getInput` reads exactly that), filled with
 *   the action.yml default when the workflow does not set it; `GITHUB_WORKSPACE` as the working
 *   directory; `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, `GITHUB_ENV`, `GITHUB_PATH`, `GITHUB_STATE`
 *   as empty files; `RUNNER_TEMP`, `GITHUB_*` context variables. It returns the exit status, the
 *   outputs parsed from the `GITHUB_OUTPUT` file, the summary, and the workflow commands printed
 *   on stdout (`::error file=…,line=…::message`), unescaped as the runner does.
 * - `runCli(args, { cwd })` spawns `node dist/cli.js`.
 * - `writeGuard(dir)` writes a preload script that records (and refuses) any child process,
 *   network connection, DNS lookup or `fetch`, and every `INPUT_*` variable read, in the main
 *   thread and in worker threads; pass its `NODE_OPTIONS` in `env`.
 *
 * Nothing here builds: `assertBuilt()` fails with a clear message when dist/ is missing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST_ACTION = path.join(REPO_ROOT, 'dist', 'index.js');
const DIST_CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
export const EXAMPLE_APP = path.join(REPO_ROOT, 'examples', 'vulnerable-app');

/** Throws (so the test fails) with the command to run when the bundles are not built. */
export function assertBuilt(): void {
  const missing = [DIST_ACTION, DIST_CLI, path.join(REPO_ROOT, 'dist', 'worker.js')].filter((f) => !existsSync(f));
  if (missing.length) {
    throw new Error(`${missing.map((f) => path.relative(REPO_ROOT, f)).join(', ')} missing: these end-to-end tests run the built bundles. Run \`npm run build\` first.`);
  }
}

// ---------------------------------------------------------------------------------------------
// action.yml

export interface ActionMetadata {
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
  [key: string]: unknown;
}

export function actionMetadata(): ActionMetadata {
  return parseYaml(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionMetadata;
}

/** The environment variable the runner sets for an input (actions/runner; `core.getInput`). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

// ---------------------------------------------------------------------------------------------
// Workflow commands and file commands

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
  /** The raw stdout line. */
  raw: string;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%25/g, '%');
}

/** `::name k=v,k=v::message` lines of stdout, unescaped like the runner (ActionCommand.TryParseV2). */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const out: WorkflowCommand[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trimStart();
    if (!line.startsWith('::')) continue;
    const end = line.indexOf('::', 2);
    if (end < 0) continue;
    const head = line.slice(2, end);
    const space = head.indexOf(' ');
    const command = space < 0 ? head : head.slice(0, space);
    const properties: Record<string, string> = {};
    if (space >= 0) {
      for (const pair of head.slice(space + 1).split(',')) {
        const eq = pair.indexOf('=');
        if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
      }
    }
    out.push({ command, properties, message: unescapeData(line.slice(end + 2)), raw });
  }
  return out;
}

/**
 * The `GITHUB_OUTPUT` / `GITHUB_ENV` file format: `name=value` lines or `name<<DELIMITER` heredocs.
 * Returns every assignment in order (the runner keeps the last one per name).
 */
function parseFileCommands(text: string): [string, string][] {
  const lines = text.split(/\r?\n/);
  const out: [string, string][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = line.indexOf('<<');
    const eq = line.indexOf('=');
    if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      if (i >= lines.length) throw new Error(`unterminated heredoc for ${name} (delimiter ${delimiter})`);
      out.push([name, value.join('\n')]);
    } else if (eq > 0) {
      out.push([line.slice(0, eq), line.slice(eq + 1)]);
    } else {
      throw new Error(`malformed file command line: ${JSON.stringify(line)}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Processes

export interface ProcessResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the process, in milliseconds. */
  ms: number;
}

/** Only these variables of the test process reach the child; everything else is explicit. */
const INHERITED = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT', 'SystemRoot'];

export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of INHERITED) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return env;
}

/** `node [nodeArgs] script args` with exactly `env`, killed after `timeoutMs`. */
export function runNode(
  script: string,
  args: readonly string[],
  opts: { cwd: string; env: Record<string, string>; timeoutMs?: number; stdin?: string; nodeArgs?: readonly string[] },
): Promise<ProcessResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), script, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), ms: performance.now() - t0 });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

export interface RunActionOptions {
  /** GITHUB_WORKSPACE, also the working directory (as on the runner). */
  workspace: string;
  /** The step's `with:` (names as in action.yml). Undeclared names throw, like the runner's warning. */
  inputs?: Record<string, string>;
  /** Extra environment (e.g. NODE_OPTIONS from `writeGuard`), applied last. */
  env?: Record<string, string>;
  /** Fill inputs not given with action.yml defaults, as the runner does (default true). */
  defaults?: boolean;
  /** GITHUB_EVENT_NAME and the GITHUB_EVENT_PATH payload (default: a push to main). */
  event?: { name: string; payload: Record<string, unknown> };
  timeoutMs?: number;
}

export interface ActionResult extends ProcessResult {
  /** The last value per name written to GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** Every GITHUB_OUTPUT assignment in order (to spot duplicates). */
  outputLog: [string, string][];
  /** The GITHUB_STEP_SUMMARY file. */
  summary: string;
  /** Workflow commands from stdout. */
  commands: WorkflowCommand[];
  /** What the action appended to GITHUB_ENV / GITHUB_PATH / GITHUB_STATE (should stay empty). */
  fileCommands: { env: string; path: string; state: string };
  /** The directory holding the runner files (removed by `cleanup`). */
  runnerDir: string;
  cleanup(): void;
}

/** What `${{ github.token }}` gives in these runs: a fake installation token, to check it never leaks. */
export const FAKE_GITHUB_TOKEN = 'ghs_FakeTokenForTests0123456789abcdefABCD';
/** The runner also hands every JavaScript action these (cache/artifact service); fake values. */
export const FAKE_RUNTIME_TOKEN = 'fake-actions-runtime-token-0123456789';

/** Expressions allowed in action.yml defaults, with the values a test run gives them. */
function evaluateDefault(value: string, workspace: string): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.workspace') return workspace;
    if (expr === 'github.token') return FAKE_GITHUB_TOKEN;
    throw new Error(`action.yml default uses \${{ ${expr} }}: teach run-dist.ts what the runner gives it`);
  });
}

export async function runAction(opts: RunActionOptions): Promise<ActionResult> {
  assertBuilt();
  const meta = actionMetadata();
  const declared = Object.keys(meta.inputs ?? {});
  const unknown = Object.keys(opts.inputs ?? {}).filter((k) => !declared.includes(k));
  if (unknown.length) throw new Error(`inputs not declared in action.yml: ${unknown.join(', ')}`);

  const runnerDir = mkdtempSync(path.join(tmpdir(), 'fa-runner-'));
  const files = {
    GITHUB_OUTPUT: path.join(runnerDir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(runnerDir, 'step_summary'),
    GITHUB_ENV: path.join(runnerDir, 'env'),
    GITHUB_PATH: path.join(runnerDir, 'path'),
    GITHUB_STATE: path.join(runnerDir, 'state'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const runnerTemp = path.join(runnerDir, 'temp');
  mkdirSync(runnerTemp);

  const env: Record<string, string> = {
    ...baseEnv(),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: opts.workspace,
    ...files,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_REPOSITORY: 'octo-org/octo-service',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_EVENT_NAME: opts.event?.name ?? 'push',
    GITHUB_EVENT_PATH: path.join(runnerDir, 'event.json'),
    GITHUB_WORKFLOW: 'audit',
    GITHUB_JOB: 'audit',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTION: '__self',
    ACTIONS_RUNTIME_TOKEN: FAKE_RUNTIME_TOKEN,
    ACTIONS_RUNTIME_URL: 'https://pipelines.actions.githubusercontent.invalid/fake/',
    ACTIONS_RESULTS_URL: 'https://results-receiver.actions.githubusercontent.invalid/',
    ACTIONS_CACHE_URL: 'https://artifactcache.actions.githubusercontent.invalid/fake/',
  };
  writeFileSync(env.GITHUB_EVENT_PATH!, JSON.stringify(opts.event?.payload ?? { ref: 'refs/heads/main', after: env.GITHUB_SHA }));
  if (opts.defaults !== false) {
    for (const [name, spec] of Object.entries(meta.inputs ?? {})) env[inputEnvName(name)] = evaluateDefault(spec.default ?? '', opts.workspace);
  }
  for (const [name, value] of Object.entries(opts.inputs ?? {})) env[inputEnvName(name)] = value;
  Object.assign(env, opts.env ?? {});

  const result = await runNode(DIST_ACTION, [], { cwd: opts.workspace, env, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  const outputLog = parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
  return {
    ...result,
    outputs: Object.fromEntries(outputLog),
    outputLog,
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    commands: parseWorkflowCommands(result.stdout),
    fileCommands: {
      env: readFileSync(files.GITHUB_ENV, 'utf8'),
      path: readFileSync(files.GITHUB_PATH, 'utf8'),
      state: readFileSync(files.GITHUB_STATE, 'utf8'),
    },
    runnerDir,
    cleanup: () => rmSync(runnerDir, { recursive: true, force: true }),
  };
}

export interface RunCliOptions {
  cwd: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export function runCli(args: readonly string[], opts: RunCliOptions): Promise<ProcessResult> {
  assertBuilt();
  return runNode(DIST_CLI, args, { cwd: opts.cwd, env: { ...baseEnv(), ...(opts.env ?? {}) }, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Self-protection guard

export interface GuardEvent {
  /** `loaded` (once per thread), `input` (an INPUT_* read), or what was attempted (`child_process.spawn`, `net.connect`, …). */
  event: string;
  detail?: string;
  thread: number;
}

export interface Guard {
  /** Put this in `env` (`NODE_OPTIONS`); it also sets where the events go. */
  env: Record<string, string>;
  events(): GuardEvent[];
}

/**
 * A `--require` preload (runs before the bundle, in the main thread and in every worker thread)
 * that replaces process spawning, sockets, DNS, HTTP(S), `fetch` and `WebSocket` by functions that
 * record the attempt and throw, records the `Worker` scripts started, and records every `INPUT_*`
 * environment variable read. Events are appended as JSON lines to a log file.
 */
export function writeGuard(dir: string): Guard {
  const script = path.join(dir, 'fa-guard.cjs');
  const log = path.join(dir, 'fa-guard.log');
  writeFileSync(log, '');
  writeFileSync(
    script,
    `'use strict';
const fs = require('node:fs');
const { threadId } = require('node:worker_threads');
const LOG = ${JSON.stringify(log)};
function record(event, detail) {
  fs.appendFileSync(LOG, JSON.stringify({ event, detail: detail === undefined ? undefined : String(detail).slice(0, 300), thread: threadId }) + '\\n');
}
record('loaded');
function describe(args) {
  const a0 = args[0];
  if (a0 instanceof URL) return a0.href;
  if (typeof a0 === 'string') return a0;
  if (a0 && typeof a0 === 'object') {
    // Sockets and requests: where to; never the whole object (it may hold headers or env).
    const { host, hostname, port, path, href, url } = a0;
    return JSON.stringify({ host, hostname, port, path, href, url });
  }
  return String(a0);
}
function forbid(mod, name, label, detail = describe) {
  if (typeof mod[name] !== 'function') return;
  mod[name] = function forbidden(...args) {
    record(label, detail(args));
    throw new Error('fastapi-audit test guard: ' + label + ' is forbidden');
  };
}
// Processes: the command, its arguments and whether a shell was asked for.
function describeProcess(args) {
  const file = args[0];
  const argv = Array.isArray(args[1]) ? args[1] : [];
  const options = [args[1], args[2]].find((o) => o && typeof o === 'object' && !Array.isArray(o)) || {};
  return JSON.stringify({ file, args: argv, shell: options.shell === undefined ? null : options.shell });
}
const cp = require('node:child_process');
for (const n of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) forbid(cp, n, 'child_process.' + n, describeProcess);
const net = require('node:net');
for (const n of ['connect', 'createConnection']) forbid(net, n, 'net.' + n);
forbid(net.Socket.prototype, 'connect', 'net.Socket.connect');
const tls = require('node:tls');
forbid(tls, 'connect', 'tls.connect');
for (const m of ['http', 'https', 'http2']) {
  const mod = require('node:' + m);
  for (const n of ['request', 'get', 'connect']) forbid(mod, n, m + '.' + n);
}
const dns = require('node:dns');
for (const n of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) { forbid(dns, n, 'dns.' + n); forbid(dns.promises, n, 'dns.promises.' + n); }
const dgram = require('node:dgram');
forbid(dgram, 'createSocket', 'dgram.createSocket');
for (const n of ['fetch', 'WebSocket', 'EventSource']) {
  if (typeof globalThis[n] === 'function') {
    const label = n;
    globalThis[n] = function forbidden(...args) {
      record(label, describe(args));
      throw new Error('fastapi-audit test guard: ' + label + ' is forbidden');
    };
  }
}
const wt = require('node:worker_threads');
const Worker = wt.Worker;
wt.Worker = class GuardedWorker extends Worker {
  constructor(file, options) {
    record('worker', file instanceof URL ? file.href : file);
    super(file, options);
  }
};
const env = process.env;
process.env = new Proxy(env, {
  get(target, key) {
    if (typeof key === 'string' && key.startsWith('INPUT_')) record('input', key);
    return Reflect.get(target, key);
  },
});
// ESM \`import { spawn } from 'node:child_process'\` must see the replacements too.
require('node:module').syncBuiltinESMExports();
`,
  );
  return {
    env: { NODE_OPTIONS: `--require ${JSON.stringify(script)}` },
    events: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as GuardEvent),
  };
}

/** A fresh temporary directory; `cleanup` removes it. */
export function tempDir(prefix = 'fa-e2e-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
