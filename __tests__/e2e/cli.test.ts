/**
 * End to end: the BUILT CLI (`node dist/cli.js`) as a user runs it, on examples/vulnerable-app and
 * on bad command lines. Contract: DESIGN.md "Contracts" (flags, exit 0/1/2) and issue 2 (text
 * lines `file:line:col  SEVERITY  FA1xx  message`, then a total).
 *
 * Runs dist/ as committed: after changing src/, `npm run build` first (CI checks dist/ is fresh).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, EXAMPLE_APP, REPO_ROOT, runCli, tempDir, type ProcessResult } from '../helpers/run-dist.js';
import { validateSarifSchema } from '../helpers/sarif.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'note'] as const;
/** `app/main.py:10:1  CRITICAL  FA201  message` (severity padded to the width of CRITICAL). */
const FINDING_LINE = /^(?<file>[^\s:][^:]*):(?<line>\d+):(?<col>\d+) {2}(?<sev>CRITICAL|HIGH|MEDIUM|LOW|NOTE) {2,}(?<rule>FA\d{3}) {2}(?<msg>\S.*)$/;
/** `6 findings: 1 critical, 1 high, 3 medium, 1 low` / `no findings`. */
const TOTAL_LINE = /^(?:(?<n>\d+) findings?: (?<breakdown>.+)|no findings)(?:; \d+ suppressed)?$/;

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  suppressed: boolean;
}
interface Inventory {
  version: number;
  routes: { methods: string[]; path: string; file: string; line: number; auth: string; public: boolean }[];
}

const t = tempDir('fa-e2e-cli-');
afterAll(() => t.cleanup());
const out = (name: string) => path.join(t.dir, name);
const cli = (args: string[], cwd = t.dir): Promise<ProcessResult> => runCli(args, { cwd });

beforeAll(() => {
  assertBuilt();
  if (!existsSync(path.join(EXAMPLE_APP, 'app', 'main.py'))) throw new Error(`${path.relative(REPO_ROOT, EXAMPLE_APP)}/app/main.py is missing: these tests scan the example app.`);
});

describe('CLI on the example app', () => {
  let text: ProcessResult;
  let lines: RegExpMatchArray[];
  let json: { version: number; counts: Record<string, number>; findings: JsonFinding[] };

  beforeAll(async () => {
    text = await cli([EXAMPLE_APP]);
    const body = text.stdout.trimEnd().split('\n');
    lines = body.slice(0, -1).map((l) => l.match(FINDING_LINE)!);
    const j = await cli([EXAMPLE_APP, '--format', 'json']);
    expect(j.status, j.stderr).toBe(1);
    json = JSON.parse(j.stdout) as typeof json;
  });

  it('prints one `file:line:col  SEVERITY  FAxxx  message` line per finding, then the total; exit 1', () => {
    expect(text.status, text.stderr).toBe(1);
    const body = text.stdout.trimEnd().split('\n');
    expect(text.stdout.endsWith('\n')).toBe(true);
    for (const [i, l] of body.slice(0, -1).entries()) expect(lines[i], `line ${i + 1}: ${JSON.stringify(l)}`).toBeTruthy();
    const total = body[body.length - 1]!.match(TOTAL_LINE);
    expect(total, body[body.length - 1]).toBeTruthy();
    expect(Number(total!.groups!.n)).toBe(lines.length);
    // the breakdown adds up, and matches the lines
    const breakdown = Object.fromEntries(total!.groups!.breakdown!.split(', ').map((p) => p.split(' ').reverse() as [string, string]));
    for (const s of SEVERITIES) expect(Number(breakdown[s] ?? 0), s).toBe(lines.filter((m) => m.groups!.sev === s.toUpperCase()).length);
    // the reason for exit 1 goes to stderr
    expect(text.stderr).toMatch(/fastapi-audit: \d+ of \d+ findings at or above "high"/);
  });

  it('reports the seed rules at real places in the scanned files', () => {
    const rules = new Set(lines.map((m) => m.groups!.rule));
    for (const id of ['FA101', 'FA104', 'FA201', 'FA301', 'FA302']) expect(rules, `the example should trigger ${id}`).toContain(id);
    for (const m of lines) {
      const file = path.join(EXAMPLE_APP, m.groups!.file!);
      expect(existsSync(file), m.groups!.file).toBe(true);
      const source = readFileSync(file, 'utf8').split(/\r?\n/);
      const line = Number(m.groups!.line);
      expect(line).toBeGreaterThanOrEqual(1);
      expect(line).toBeLessThanOrEqual(source.length);
      expect(Number(m.groups!.col)).toBeGreaterThanOrEqual(1);
      if (m.groups!.rule === 'FA101') expect(source[line - 1]).toMatch(/^\s*@/);
    }
  });

  it('--format json: the same findings, with counts', () => {
    expect(json.version).toBe(1);
    const active = json.findings.filter((f) => !f.suppressed);
    expect(active.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.severity}`).sort()).toEqual(
      lines.map((m) => `${m.groups!.file}:${m.groups!.line}:${m.groups!.col} ${m.groups!.rule} ${m.groups!.sev!.toLowerCase()}`).sort(),
    );
    for (const s of SEVERITIES) expect(json.counts[s], s).toBe(active.filter((f) => f.severity === s).length);
  });

  it('--format sarif prints the same SARIF that --sarif writes; it passes the schema', async () => {
    const [toStdout, toFile] = await Promise.all([
      cli([EXAMPLE_APP, '--format', 'sarif']),
      cli([EXAMPLE_APP, '--sarif', out('example.sarif'), '--inventory', out('example-inventory.json')]),
    ]);
    expect(toStdout.status).toBe(1);
    expect(toStdout.stderr).toBe('');
    expect(toFile.status).toBe(1);
    const sarif = JSON.parse(toStdout.stdout) as Log;
    expect(validateSarifSchema(sarif).errors).toEqual([]);
    expect(readFileSync(out('example.sarif'), 'utf8')).toBe(toStdout.stdout);
    const results = sarif.runs[0]!.results ?? [];
    expect(results.filter((r) => !r.suppressions?.length)).toHaveLength(lines.length);
    // text output and files together: the findings lines are still printed
    expect(toFile.stdout).toBe(text.stdout);
  });

  it('--inventory writes the routes; --routes prints them as a table', async () => {
    const inventory = JSON.parse(readFileSync(out('example-inventory.json'), 'utf8')) as Inventory;
    expect(inventory.version).toBe(1);
    expect(inventory.routes.length).toBeGreaterThan(0);
    const r = await cli([EXAMPLE_APP, '--routes', '--fail-on', 'none']);
    expect(r.status, r.stderr).toBe(0);
    const table = r.stdout.split('\n');
    const header = table.findIndex((l) => /^METHODS +PATH +HANDLER +APPS +AUTH +WHY$/.test(l));
    expect(header, r.stdout).toBeGreaterThanOrEqual(0);
    for (const route of inventory.routes) {
      expect(
        table.some((l) => l.includes(` ${route.path} `) && l.includes(`(${route.file}:${route.line})`)),
        `a row for ${route.path}`,
      ).toBe(true);
    }
    const unauthenticated = inventory.routes.filter((x) => x.auth === 'none' && !x.public).length;
    expect(r.stdout).toMatch(new RegExp(`^${inventory.routes.length} routes?: ${unauthenticated} unauthenticated`, 'm'));
    // and the findings follow the table
    expect(r.stdout.endsWith(text.stdout)).toBe(true);
  });

  it('scans the current directory by default', async () => {
    const r = await cli([], EXAMPLE_APP);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(text.stdout);
  });

  it('--fail-on sets the threshold for exit 1', async () => {
    const counts = json.counts;
    const runs = await Promise.all(['critical', 'high', 'medium', 'low', 'note', 'none'].map((level) => cli([EXAMPLE_APP, '--fail-on', level])));
    for (const [i, level] of ['critical', 'high', 'medium', 'low', 'note', 'none'].entries()) {
      const atOrAbove = level === 'none' ? 0 : SEVERITIES.slice(0, i + 1).reduce((sum, s) => sum + (counts[s] ?? 0), 0);
      expect(runs[i]!.status, `--fail-on ${level}`).toBe(atOrAbove > 0 ? 1 : 0);
      expect(runs[i]!.stdout).toBe(text.stdout);
    }
  });
});

describe('CLI exit status 2: usage and configuration errors, with a message and no output file', () => {
  const cases: { name: string; args: string[]; message: RegExp }[] = [
    { name: 'an unknown flag', args: ['--bogus'], message: /--bogus/ },
    { name: 'a bad --fail-on value', args: ['--fail-on', 'bogus'], message: /fail-on.*"bogus".*critical, high, medium, low, note, none/ },
    { name: 'a bad --format value', args: ['--format', 'xml'], message: /--format.*"xml".*text, json, sarif/ },
    { name: 'a path that does not exist', args: ['no/such/dir'], message: /no\/such\/dir.*no such file or directory/ },
    { name: 'a --config file that does not exist', args: ['--config', 'missing.yml'], message: /missing\.yml.*not found/ },
    { name: 'a --baseline file that does not exist', args: ['--baseline', 'missing.sarif'], message: /missing\.sarif.*baseline.*not found/ },
    { name: 'a flag without its value', args: ['--sarif'], message: /--sarif/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const dir = out(`usage-${cases.indexOf(c)}`);
      mkdirSync(dir);
      // with output files asked for (except where the flag itself is the error), none may appear
      const r = await cli([...c.args, ...(c.args[0] === '--sarif' ? [] : ['--sarif', 'x.sarif', '--inventory', 'x.json'])], dir);
      expect(r.status, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^fastapi-audit: /);
      expect(r.stderr).toMatch(c.message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.stdout).toBe('');
      expect(readdirSync(dir)).toEqual([]);
    });
  }
});

describe('CLI on trivial input', () => {
  it('an empty directory: "no findings", exit 0, empty SARIF and inventory', async () => {
    const dir = out('empty');
    mkdirSync(dir);
    const r = await cli([dir, '--sarif', out('empty.sarif'), '--inventory', out('empty-inventory.json')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('no findings\n');
    const sarif = JSON.parse(readFileSync(out('empty.sarif'), 'utf8')) as Log;
    expect(validateSarifSchema(sarif).errors).toEqual([]);
    expect(sarif.runs[0]!.results).toEqual([]);
    expect((JSON.parse(readFileSync(out('empty-inventory.json'), 'utf8')) as Inventory).routes).toEqual([]);
  });

  it('--help and --version exit 0', async () => {
    const help = await cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--fail-on/);
    const version = await cli(['--version']);
    expect(version.status).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
  });
});

describe('CLI output read only in part', () => {
  it('a reader that closes the pipe early (`| head -c 1`) ends the scan with its own exit status and no error', async () => {
    // enough routes for more output than a pipe holds (64 KB), so the CLI is still writing when the reader is gone
    const dir = out('many-routes');
    mkdirSync(path.join(dir, 'app'), { recursive: true });
    const routes = Array.from({ length: 400 }, (_, i) => `@app.post("/items/${i}")\ndef create_${i}():\n    return {}\n`).join('\n');
    writeFileSync(path.join(dir, 'app', 'main.py'), `from fastapi import FastAPI\n\napp = FastAPI()\n\n${routes}`);
    const script = `node ${JSON.stringify(path.join(REPO_ROOT, 'dist', 'cli.js'))} ${JSON.stringify(dir)} --format json | head -c 1 > /dev/null; echo "status ${'$'}{PIPESTATUS[0]}" >&2`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE|internal error|Unhandled/);
    expect(r.stderr).toMatch(/status 1\b/); // findings at or above high, as without the pipe
  });
});

describe('CLI warnings with data on standard output', () => {
  it('--format json still says on standard error that an evaluation limit cut the analysis short', async () => {
    const dir = out('doubling-routers');
    mkdirSync(dir, { recursive: true });
    const lines = ['from fastapi import APIRouter, FastAPI', '', 'r0 = APIRouter()', '', '', '@r0.get("/a")', 'def a():', '    return 1', ''];
    for (let i = 1; i <= 17; i++) lines.push(`r${i} = APIRouter()`, `r${i}.include_router(r${i - 1}, prefix="/x")`, `r${i}.include_router(r${i - 1}, prefix="/y")`);
    lines.push('app = FastAPI()', 'app.include_router(r17)', '');
    writeFileSync(path.join(dir, 'main.py'), lines.join('\n'));
    const r = await cli([dir, '--format', 'json', '--fail-on', 'none']);
    expect(r.status, r.stderr).toBe(0);
    // routers doubling 17 times: the evaluation budget (each route registration draws on it) or the route cap stops it
    expect(r.stderr).toMatch(/warning: evaluation limit reached \(/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});
