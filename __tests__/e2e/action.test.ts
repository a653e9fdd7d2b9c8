/**
 * End to end: the BUILT action (`node dist/index.js`) run the way the Actions runner runs it
 * (see helpers/run-dist.ts) on a copy of examples/vulnerable-app. Nothing here imports src/: only
 * the files, outputs, summary, workflow commands and exit status a workflow would see.
 *
 * Runs dist/ as committed: after changing src/, `npm run build` first (CI checks dist/ is fresh).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Log, Result } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionMetadata,
  assertBuilt,
  EXAMPLE_APP,
  FAKE_GITHUB_TOKEN,
  FAKE_RUNTIME_TOKEN,
  inputEnvName,
  REPO_ROOT,
  runAction,
  runCli,
  tempDir,
  writeGuard,
  type ActionResult,
  type GuardEvent,
  type WorkflowCommand,
} from '../helpers/run-dist.js';
import { validateSarifSchema } from '../helpers/sarif.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'note'] as const;
type Severity = (typeof SEVERITIES)[number];
const FAIL_ON = [...SEVERITIES, 'none'] as const;
const ANNOTATION_LEVEL: Record<Severity, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', note: 'notice' };
/** Rules the example app must trigger (issue 2, "Done when"). */
const EXPECTED_RULES = ['FA101', 'FA104', 'FA201', 'FA301', 'FA302'];
const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];
/**
 * "GitHub Actions are limited to 10 warning annotations and 10 error annotations per step" (REST
 * docs, check runs); the action assumes the same for notices and emits at most 10 per level, most
 * severe first, saying in the summary how many were not shown.
 */
const ANNOTATIONS_PER_LEVEL = 10;
const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, note: 0 };
const SHA = '0123456789abcdef0123456789abcdef01234567';

interface Route {
  kind: string;
  methods: string[];
  path: string;
  file: string;
  line: number;
  handler: string;
  auth: 'required' | 'optional' | 'none' | 'unknown';
  public: boolean;
}
interface Inventory {
  version: number;
  routes: Route[];
}

const temps: (() => void)[] = [];
afterAll(() => temps.forEach((cleanup) => cleanup()));

/** A fresh workspace holding a copy of the example app, at `sub` inside it (default: the root). */
function exampleWorkspace(sub = '', files: Record<string, string> = {}): string {
  const t = tempDir('fa-e2e-ws-');
  temps.push(t.cleanup);
  const ws = path.join(t.dir, 'workspace');
  cpSync(EXAMPLE_APP, path.join(ws, sub), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws, name)), { recursive: true });
    writeFileSync(path.join(ws, name), text);
  }
  return ws;
}

async function act(opts: Parameters<typeof runAction>[0]): Promise<ActionResult> {
  const r = await runAction(opts);
  temps.push(r.cleanup);
  return r;
}

/** Every file below `dir`, relative, sorted (to see what a run left behind). */
function listing(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

const annotationsOf = (r: ActionResult): WorkflowCommand[] => r.commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command) && c.properties.title !== undefined);
/** The step's failure: `core.setFailed` prints `::error::message` with no properties. */
const failuresOf = (r: ActionResult): WorkflowCommand[] => r.commands.filter((c) => c.command === 'error' && Object.keys(c.properties).length === 0);
/** How many annotations a run should print, from its severity outputs. */
function shownAnnotations(outputs: Record<string, string>): number {
  const n = (k: string) => Number(outputs[k] ?? NaN);
  return [n('critical') + n('high'), n('medium'), n('low') + n('note')].reduce((sum, k) => sum + Math.min(k, ANNOTATIONS_PER_LEVEL), 0);
}
const severityOf = (res: Result): Severity => (res.properties as { severity?: Severity } | undefined)?.severity as Severity;
const uriOf = (res: Result): string => decodeURIComponent(res.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '');
const lineOf = (res: Result): number => res.locations?.[0]?.physicalLocation?.region?.startLine ?? 0;
/** Markdown text with backslash escapes removed, so paths and names can be searched as written. */
const unescapeMd = (md: string): string => md.replace(/\\([\\`*_{}[\]()#+\-.!|<>~"'])/g, '$1');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const sourceLine = (file: string, line: number): string => readFileSync(file, 'utf8').split(/\r?\n/)[line - 1] ?? '';

beforeAll(() => {
  assertBuilt();
  if (!existsSync(path.join(EXAMPLE_APP, 'app', 'main.py'))) throw new Error(`${path.relative(REPO_ROOT, EXAMPLE_APP)}/app/main.py is missing: these tests scan the example app.`);
});

describe('action on the example app, default inputs (as in `uses: ./`)', () => {
  let ws: string;
  let before: string[];
  let r: ActionResult;
  let sarif: Log;
  let results: Result[];
  let inventory: Inventory;

  beforeAll(async () => {
    ws = exampleWorkspace();
    before = listing(ws);
    r = await act({ workspace: ws });
    sarif = readJson<Log>(path.join(ws, 'fastapi-audit.sarif'));
    results = sarif.runs[0]!.results ?? [];
    inventory = readJson<Inventory>(path.join(ws, 'fastapi-audit-inventory.json'));
  });

  it('fails the step (exit status 1) with a one-line reason naming fail-on', () => {
    expect(r.signal).toBeNull();
    expect(r.status, r.stdout + r.stderr).toBe(1);
    const failures = failuresOf(r);
    expect(failures, r.stdout).toHaveLength(1);
    const msg = failures[0]!.message;
    expect(msg).toMatch(/^fastapi-audit: \d+ findings? at or above "high"/);
    expect(msg).not.toContain('\n');
    expect(msg).not.toMatch(/internal error/);
    expect(r.stderr).toBe('');
  });

  it('writes a SARIF 2.1.0 file that passes the schema, with the expected rules', () => {
    const check = validateSarifSchema(sarif);
    expect(check.errors).toEqual([]);
    expect(check.valid).toBe(true);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0]!.tool.driver.name).toBe('fastapi-audit');
    const ruleIds = new Set(results.map((x) => x.ruleId));
    for (const id of EXPECTED_RULES) expect(ruleIds, `the example should trigger ${id}`).toContain(id);
    for (const res of results) {
      expect(SEVERITIES, `result ${res.ruleId} has properties.severity`).toContain(severityOf(res));
      expect(existsSync(path.join(ws, uriOf(res))), `${uriOf(res)} exists in the workspace`).toBe(true);
    }
  });

  it('writes the route inventory with every route of the example', () => {
    expect(inventory.version).toBe(1);
    expect(inventory.routes.length).toBeGreaterThan(0);
    for (const route of inventory.routes) {
      expect(['required', 'optional', 'none', 'unknown']).toContain(route.auth);
      expect(route.path.startsWith('/'), route.path).toBe(true);
      expect(existsSync(path.join(ws, route.file)), route.file).toBe(true);
      if (route.kind === 'http') {
        // `line` is the route decorator's line (or the add_api_route call's).
        expect(sourceLine(path.join(ws, route.file), route.line), `${route.file}:${route.line}`).toMatch(/^\s*@|add_api_route|api_route/);
      }
    }
  });

  it('sets every output declared in action.yml, once, with consistent counts', () => {
    // new-unauthenticated-routes needs an inventory baseline (see the baseline test)
    const declared = Object.keys(actionMetadata().outputs).filter((o) => o !== 'new-unauthenticated-routes');
    expect(Object.keys(r.outputs).sort()).toEqual(declared.sort());
    expect(r.outputLog.map(([k]) => k).sort()).toEqual(declared.sort()); // no output set twice
    expect(r.outputs['sarif-file']).toBe(path.join(ws, 'fastapi-audit.sarif'));
    expect(r.outputs['inventory-file']).toBe(path.join(ws, 'fastapi-audit-inventory.json'));

    const n = (k: string) => {
      expect(r.outputs[k], k).toMatch(/^\d+$/);
      return Number(r.outputs[k]);
    };
    expect(n('findings')).toBeGreaterThan(0);
    expect(SEVERITIES.reduce((sum, s) => sum + n(s), 0)).toBe(n('findings'));
    const active = results.filter((x) => !x.suppressions?.length);
    expect(active).toHaveLength(n('findings'));
    for (const s of SEVERITIES)
      expect(
        active.filter((x) => severityOf(x) === s),
        s,
      ).toHaveLength(n(s));

    expect(n('routes')).toBe(inventory.routes.length);
    expect(n('routes')).toBeGreaterThan(0);
    expect(n('unauthenticated-routes')).toBe(inventory.routes.filter((x) => x.auth === 'none' && !x.public).length);
    expect(n('unauthenticated-routes')).toBeGreaterThan(0);
  });

  it("annotates findings at their repository-relative file and line: the most severe first, up to GitHub's limit", () => {
    const annotations = annotationsOf(r);
    const active = results.filter((x) => !x.suppressions?.length);
    expect(annotations).toHaveLength(shownAnnotations(r.outputs));
    // each annotation is one finding: same rule, place, level and message; no finding twice
    const annotated = annotations.map((a) => {
      const i = active.findIndex(
        (res) =>
          uriOf(res) === a.properties.file &&
          lineOf(res) === Number(a.properties.line) &&
          a.properties.title!.startsWith(`${res.ruleId} `) &&
          res.message.text!.startsWith(a.message),
      );
      expect(i, `a finding for the annotation ${a.raw}`).toBeGreaterThanOrEqual(0);
      expect(a.command).toBe(ANNOTATION_LEVEL[severityOf(active[i]!)]);
      expect(a.properties.title).toBe(`${active[i]!.ruleId} ${a.properties.title!.split(' ')[1]} (${severityOf(active[i]!)})`);
      expect(existsSync(path.join(ws, a.properties.file!)), a.properties.file).toBe(true);
      return i;
    });
    expect(new Set(annotated).size, 'no finding annotated twice').toBe(annotated.length);
    // most severe first, and what is left out is never more severe than what is shown
    const ranks = annotated.map((i) => RANK[severityOf(active[i]!)]);
    expect(ranks, 'annotations in decreasing severity').toEqual([...ranks].sort((a, b) => b - a));
    for (const level of ['error', 'warning', 'notice']) {
      const shown = annotated.filter((i) => ANNOTATION_LEVEL[severityOf(active[i]!)] === level).map((i) => RANK[severityOf(active[i]!)]);
      const left = active.filter((res, i) => ANNOTATION_LEVEL[severityOf(res)] === level && !annotated.includes(i)).map((res) => RANK[severityOf(res)]);
      if (left.length) expect(Math.min(...shown), `${level}: omitted ones are not more severe`).toBeGreaterThanOrEqual(Math.max(...left));
    }
    // critical/high are errors
    const errors = annotations.filter((a) => a.command === 'error');
    expect(errors.length).toBe(Math.min(ANNOTATIONS_PER_LEVEL, Number(r.outputs.critical) + Number(r.outputs.high)));
    expect(errors.length).toBeGreaterThan(0);
    // the summary says how many were not shown
    const omitted = active.length - annotations.length;
    if (omitted > 0) expect(unescapeMd(r.summary)).toMatch(new RegExp(`\\b${omitted} annotations? not shown`));
    else expect(r.summary).not.toMatch(/not shown/);
  });

  it('reports FA101 at the route decorator, high exactly for mutating methods', () => {
    const fa101 = results.filter((x) => x.ruleId === 'FA101');
    expect(fa101.length).toBeGreaterThan(0);
    for (const res of fa101) {
      const route = inventory.routes.find((x) => x.file === uriOf(res) && x.line === lineOf(res));
      expect(route, `an inventory route at ${uriOf(res)}:${lineOf(res)}`).toBeDefined();
      expect(route!.auth).toBe('none');
      expect(route!.public).toBe(false);
      expect(sourceLine(path.join(ws, uriOf(res)), lineOf(res))).toMatch(/^\s*@/);
      expect(severityOf(res)).toBe(route!.methods.some((m) => MUTATING.includes(m)) ? 'high' : 'medium');
    }
    // and (below GitHub's limit) the high ones are among the step's error annotations
    const high = fa101.find((x) => severityOf(x) === 'high');
    expect(high, 'the example has an unauthenticated mutating route').toBeDefined();
    if (Number(r.outputs.critical) + Number(r.outputs.high) <= ANNOTATIONS_PER_LEVEL)
      expect(annotationsOf(r).some((a) => a.command === 'error' && a.properties.file === uriOf(high!) && Number(a.properties.line) === lineOf(high!))).toBe(true);
  });

  it('writes a job summary with the totals, a findings table and the route inventory table', () => {
    const md = unescapeMd(r.summary);
    expect(md).toMatch(/fastapi-audit/);
    expect(md).toMatch(new RegExp(`\\b${r.outputs.findings} findings?\\b`));
    // the totals by severity: a table row with the five counts in order
    expect(md).toContain(`| ${SEVERITIES.map((s) => r.outputs[s]).join(' | ')} |`);
    const lines = md.split('\n');
    const findingsHeader = lines.findIndex((l) => /^\|.*Severity.*\|.*Rule.*\|.*Location.*\|/.test(l));
    expect(findingsHeader, 'a findings table').toBeGreaterThanOrEqual(0);
    for (const res of results.filter((x) => !x.suppressions?.length)) {
      // each finding links to its file and line at the commit that was scanned
      const link = `https://github.com/octo-org/octo-service/blob/${SHA}/${uriOf(res)}#L${lineOf(res)}`;
      expect(
        lines.some((l) => l.includes(res.ruleId!) && l.includes(link)),
        `a row for ${res.ruleId} linking ${link}`,
      ).toBe(true);
    }
    const routesHeader = lines.findIndex((l) => /^\|.*Methods.*\|.*Path.*\|.*Handler.*\|.*Auth.*\|/.test(l));
    expect(routesHeader, 'a route inventory table').toBeGreaterThanOrEqual(0);
    const routeRows = lines.slice(routesHeader + 2).filter((l) => l.startsWith('|'));
    for (const route of inventory.routes) {
      expect(
        routeRows.some((l) => l.includes(`| ${route.path} |`) && l.includes(`${route.file}:${route.line}`)),
        `a row for ${route.path}`,
      ).toBe(true);
    }
  });

  it('touches no other runner file and leaves only its two reports in the workspace', () => {
    expect(r.fileCommands).toEqual({ env: '', path: '', state: '' });
    expect(listing(ws).filter((f) => !before.includes(f))).toEqual(['fastapi-audit-inventory.json', 'fastapi-audit.sarif']);
  });

  it('never prints the token, except to mask it; never the runtime token', () => {
    for (const line of r.stdout.split('\n').filter((l) => l.includes(FAKE_GITHUB_TOKEN))) expect(line).toBe(`::add-mask::${FAKE_GITHUB_TOKEN}`);
    const everything = [
      r.stderr,
      r.summary,
      JSON.stringify(r.outputs),
      readFileSync(path.join(ws, 'fastapi-audit.sarif'), 'utf8'),
      readFileSync(path.join(ws, 'fastapi-audit-inventory.json'), 'utf8'),
    ].join('\n');
    expect(everything).not.toContain(FAKE_GITHUB_TOKEN);
    expect(everything + r.stdout).not.toContain(FAKE_RUNTIME_TOKEN);
  });

  it('gives byte-identical SARIF and inventory on a second run, and the same inventory as the CLI', async () => {
    const first = [readFileSync(path.join(ws, 'fastapi-audit.sarif')), readFileSync(path.join(ws, 'fastapi-audit-inventory.json'))];
    const again = await act({ workspace: ws });
    expect(again.status).toBe(1);
    expect(readFileSync(path.join(ws, 'fastapi-audit.sarif')).equals(first[0]!)).toBe(true);
    expect(readFileSync(path.join(ws, 'fastapi-audit-inventory.json')).equals(first[1]!)).toBe(true);
    const t = tempDir();
    temps.push(t.cleanup);
    const cli = await runCli([ws, '--inventory', path.join(t.dir, 'inv.json'), '--fail-on', 'none'], { cwd: t.dir });
    expect(cli.status, cli.stderr).toBe(0);
    expect(readFileSync(path.join(t.dir, 'inv.json'), 'utf8')).toBe(first[1]!.toString('utf8'));
  });
});

describe.concurrent('action inputs', () => {
  it('fail-on decides the exit status at every level; none never fails', async ({ expect }) => {
    const ws = exampleWorkspace();
    const runs = await Promise.all(
      FAIL_ON.map((level) => act({ workspace: ws, inputs: { 'fail-on': level, 'sarif-file': `out/${level}.sarif`, 'inventory-file': `out/${level}.json` } })),
    );
    const counts = runs[0]!.outputs;
    for (const [i, level] of FAIL_ON.entries()) {
      const run = runs[i]!;
      const atOrAbove = level === 'none' ? 0 : SEVERITIES.slice(0, SEVERITIES.indexOf(level) + 1).reduce((sum, s) => sum + Number(counts[s]), 0);
      expect(run.status, `fail-on ${level}: ${run.stdout}`).toBe(atOrAbove > 0 ? 1 : 0);
      expect(failuresOf(run), `fail-on ${level}`).toHaveLength(atOrAbove > 0 ? 1 : 0);
      if (atOrAbove) expect(failuresOf(run)[0]!.message).toMatch(new RegExp(`^fastapi-audit: ${atOrAbove} findings? at or above "${level}"`));
      expect(run.outputs.findings).toBe(counts.findings);
      expect(existsSync(path.join(ws, 'out', `${level}.sarif`))).toBe(true);
      expect(existsSync(path.join(ws, 'out', `${level}.json`))).toBe(true);
    }
    // fail-on none: a passing step that still reports everything
    const none = runs[FAIL_ON.indexOf('none')]!;
    expect(Number(none.outputs.findings)).toBeGreaterThan(0);
    expect(annotationsOf(none).length).toBe(shownAnnotations(none.outputs));
    expect(none.summary).not.toBe('');
  });

  it('the fail-on input wins over fail-on in the config file', async ({ expect }) => {
    const ws = exampleWorkspace('', { '.fastapi-audit.yml': 'fail-on: critical\n' });
    const r = await act({ workspace: ws, inputs: { 'fail-on': 'none' } });
    expect(r.status, r.stdout).toBe(0);
  });

  it('annotations: false prints no annotation; summary: false writes no summary', async ({ expect }) => {
    const ws = exampleWorkspace();
    const [noAnnotations, noSummary] = await Promise.all([
      act({ workspace: ws, inputs: { annotations: 'false', 'sarif-file': 'a.sarif', 'inventory-file': 'a.json' } }),
      act({ workspace: ws, inputs: { summary: 'false', 'sarif-file': 'b.sarif', 'inventory-file': 'b.json' } }),
    ]);
    expect(annotationsOf(noAnnotations)).toEqual([]);
    expect(noAnnotations.commands.filter((c) => c.properties.file !== undefined)).toEqual([]);
    expect(noAnnotations.status).toBe(1);
    expect(noAnnotations.summary).toContain('Route inventory');
    expect(noSummary.summary).toBe('');
    expect(annotationsOf(noSummary).length).toBe(shownAnnotations(noSummary.outputs));
    expect(noSummary.status).toBe(1);
  });

  it('path: a subdirectory keeps annotation, SARIF and summary paths relative to the repository', async ({ expect }) => {
    const ws = exampleWorkspace('services/api');
    const r = await act({ workspace: ws, inputs: { path: 'services/api', 'sarif-file': 'reports/deep/audit.sarif' } });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.outputs['sarif-file']).toBe(path.join(ws, 'reports/deep/audit.sarif'));
    const sarif = readJson<Log>(path.join(ws, 'reports/deep/audit.sarif'));
    expect(validateSarifSchema(sarif).errors).toEqual([]);
    expect(existsSync(path.join(ws, 'fastapi-audit.sarif'))).toBe(false);
    const results = sarif.runs[0]!.results ?? [];
    expect(results.filter((x) => !x.suppressions?.length).length).toBe(Number(r.outputs.findings));
    for (const res of results) {
      expect(uriOf(res).startsWith('services/api/'), uriOf(res)).toBe(true);
      expect(existsSync(path.join(ws, uriOf(res)))).toBe(true);
    }
    const annotations = annotationsOf(r);
    expect(annotations.length).toBe(shownAnnotations(r.outputs));
    for (const a of annotations) {
      expect(a.properties.file!.startsWith('services/api/app/'), a.properties.file).toBe(true);
      expect(existsSync(path.join(ws, a.properties.file!))).toBe(true);
    }
    expect(r.summary).toContain(`/blob/${SHA}/services/api/app/`);
    // The inventory contract: files relative to the scan root.
    const inventory = readJson<Inventory>(path.join(ws, 'fastapi-audit-inventory.json'));
    expect(inventory.routes.length).toBeGreaterThan(0);
    for (const route of inventory.routes) expect(existsSync(path.join(ws, 'services/api', route.file)), route.file).toBe(true);
  });

  it('baseline: findings already in the base SARIF stop counting; the inventory gives new unauthenticated routes', async ({ expect }) => {
    const ws = exampleWorkspace();
    const base = await act({ workspace: ws, inputs: { 'fail-on': 'none', 'sarif-file': 'base/audit.sarif', 'inventory-file': 'base/inventory.json' } });
    expect(base.status, base.stdout + base.stderr).toBe(0);
    expect(Number(base.outputs.findings)).toBeGreaterThan(0);

    // Nothing changed: every finding is in the baseline, the step passes.
    const same = await act({ workspace: ws, inputs: { baseline: 'base/audit.sarif', 'sarif-file': 'same.sarif', 'inventory-file': 'same.json' } });
    expect(same.status, same.stdout + same.stderr).toBe(0);
    expect(same.outputs.findings).toBe('0');
    expect(failuresOf(same)).toEqual([]);

    // A new unauthenticated, state-changing route: one new high finding, reported and failing.
    // (appended to a module of the example that defines `router = APIRouter(...)` and has an
    // unauthenticated route, so neither the router nor its includes add auth)
    const inventory = readJson<Inventory>(path.join(ws, 'base/inventory.json'));
    const unauthenticated = inventory.routes.filter((x) => x.auth === 'none' && !x.public);
    const target = [...new Set(unauthenticated.map((x) => x.file))].sort().find((f) => /^router = APIRouter\(/m.test(readFileSync(path.join(ws, f), 'utf8')));
    expect(target, 'a router module in the example').toBeDefined();
    const file = path.join(ws, target!);
    writeFileSync(
      file,
      `${readFileSync(file, 'utf8')}\n\n@router.put("/{item_id}/archive")\ndef archive_item(item_id: int):\n    archived.add(item_id)\n    return {"ok": True}\n\n\narchived: set[int] = set()\n`,
    );
    const changed = await act({ workspace: ws, inputs: { baseline: 'base/audit.sarif\nbase/inventory.json\n', 'sarif-file': 'changed.sarif', 'inventory-file': 'changed.json' } });
    expect(changed.status, changed.stdout + changed.stderr).toBe(1);
    expect(changed.outputs.findings).toBe('1');
    expect(changed.outputs.high).toBe('1');
    expect(changed.outputs['new-unauthenticated-routes']).toBe('1');
    expect(Number(changed.outputs.routes)).toBe(Number(base.outputs.routes) + 1);
    expect(failuresOf(changed)[0]!.message).toMatch(/^fastapi-audit: 1 finding at or above "high"/);
    const errors = annotationsOf(changed).filter((a) => a.command === 'error');
    expect(errors.map((a) => `${a.properties.file}:${a.properties.title!.split(' ')[0]}`)).toEqual([`${target}:FA101`]);
    expect(unescapeMd(changed.summary)).toContain('/{item_id}/archive');
  });

  it('annotation properties survive paths with commas, colons and percent signs', async ({ expect }) => {
    const odd = 'svc, v2:100%';
    const ws = exampleWorkspace(odd);
    const r = await act({ workspace: ws, inputs: { 'fail-on': 'none' } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('file=svc%2C v2%3A100%25/app/'); // escaped as @actions/core does
    const annotations = annotationsOf(r);
    expect(annotations.length).toBe(shownAnnotations(r.outputs));
    for (const a of annotations) {
      expect(a.properties.file!.startsWith(`${odd}/app/`), a.properties.file).toBe(true);
      expect(existsSync(path.join(ws, a.properties.file!))).toBe(true);
    }
    const sarif = readJson<Log>(path.join(ws, 'fastapi-audit.sarif'));
    expect(validateSarifSchema(sarif).errors).toEqual([]);
    for (const res of sarif.runs[0]!.results ?? []) expect(existsSync(path.join(ws, uriOf(res))), uriOf(res)).toBe(true);
  });
});

describe.concurrent('invalid input fails the step, names the input, and writes no report', () => {
  const cases: { name: string; inputs?: Record<string, string>; files?: Record<string, string>; expect: RegExp[] }[] = [
    { name: 'fail-on: bogus', inputs: { 'fail-on': 'bogus' }, expect: [/fail-on/, /"bogus"/, /critical, high, medium, low, note, none/] },
    { name: 'annotations: maybe', inputs: { annotations: 'maybe' }, expect: [/annotations/, /"maybe"/, /true, false/] },
    { name: 'summary: maybe', inputs: { summary: 'maybe' }, expect: [/summary/, /"maybe"/, /true, false/] },
    { name: 'config: a missing file', inputs: { config: 'ci/missing-audit.yml' }, expect: [/missing-audit\.yml/, /config/, /not found/] },
    { name: 'baseline: a missing file', inputs: { baseline: 'base/missing.sarif' }, expect: [/missing\.sarif/, /baseline/, /not found/] },
    {
      name: 'fail-on in .fastapi-audit.yml out of range',
      files: { '.fastapi-audit.yml': 'fail-on: extreme\n' },
      expect: [/\.fastapi-audit\.yml/, /fail-on/, /"extreme"/, /critical, high, medium, low, note, none/],
    },
    {
      name: 'unknown key in .fastapi-audit.yml',
      files: { '.fastapi-audit.yml': 'fail-on: high\nfial-on: low\n' },
      expect: [/\.fastapi-audit\.yml:2/, /fial-on/, /allowed: .*fail-on/],
    },
    { name: 'YAML syntax error in .fastapi-audit.yml', files: { '.fastapi-audit.yml': 'exclude: [\n' }, expect: [/\.fastapi-audit\.yml/, /YAML/] },
    {
      name: 'a config file given by the config input that is invalid',
      inputs: { config: 'ci/audit.yml' },
      files: { 'ci/audit.yml': 'fail-on: 3\n' },
      expect: [/audit\.yml/, /fail-on/, /critical, high, medium, low, note, none/],
    },
  ];

  for (const c of cases) {
    it(c.name, async ({ expect }) => {
      const ws = exampleWorkspace('', c.files);
      const before = listing(ws);
      const r = await act({ workspace: ws, inputs: c.inputs ?? {} });
      expect(r.status, r.stdout + r.stderr).toBe(1);
      const failures = failuresOf(r);
      expect(failures, r.stdout).toHaveLength(1);
      const msg = failures[0]!.message;
      expect(msg).toMatch(/^fastapi-audit: /);
      expect(msg).not.toMatch(/internal error/);
      expect(msg).not.toContain('\n');
      for (const re of c.expect) expect(msg).toMatch(re);
      // No partial results: no report, no temp file, no counts that look like a clean scan.
      expect(listing(ws)).toEqual(before);
      expect(r.outputs).toEqual({});
      expect(annotationsOf(r)).toEqual([]);
    });
  }

  // A typo in `path` fails the step naming the input, as the CLI exits 2 for the same mistake.
  it('path: a directory that does not exist', async ({ expect }) => {
    const ws = exampleWorkspace('services/api');
    const before = listing(ws);
    const r = await act({ workspace: ws, inputs: { path: 'servcies/api' } });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    const failures = failuresOf(r);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toMatch(/^fastapi-audit: .*path.*servcies\/api/);
    expect(listing(ws)).toEqual(before);
    expect(r.outputs).toEqual({});
  });
});

describe.concurrent('self-protection: no process, no network, no unexpected input', () => {
  /** Guard events that are not bookkeeping (`loaded`, `input`, `worker`). */
  const attempts = (events: GuardEvent[]) => events.filter((e) => !['loaded', 'input', 'worker'].includes(e.event));

  it('the guard itself catches spawn (ESM named import), fetch, https and sockets', async ({ expect }) => {
    const t = tempDir();
    temps.push(t.cleanup);
    const guard = writeGuard(t.dir);
    const probe = path.join(t.dir, 'probe.mjs');
    writeFileSync(
      probe,
      `import { execFile, spawnSync } from 'node:child_process';
import https from 'node:https';
import net from 'node:net';
const tries = [() => execFile('true'), () => spawnSync('sh', ['-c', 'true'], { shell: true }), () => https.request('https://example.com/'), () => net.connect(80, 'example.com'), () => fetch('https://example.com/')];
for (const f of tries) { try { const p = f(); if (p && p.catch) await p.catch(() => {}); } catch {} }
`,
    );
    const res = spawnSync(process.execPath, [probe], { env: { PATH: process.env.PATH ?? '', ...guard.env }, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(attempts(guard.events()).map((e) => e.event)).toEqual(['child_process.execFile', 'child_process.spawnSync', 'https.request', 'net.connect', 'fetch']);
  });

  it('on a push: spawns nothing, connects nowhere, reads only the inputs action.yml declares', async ({ expect }) => {
    const ws = exampleWorkspace();
    const t = tempDir();
    temps.push(t.cleanup);
    const guard = writeGuard(t.dir);
    const r = await act({ workspace: ws, env: guard.env });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(failuresOf(r)[0]!.message).not.toMatch(/internal error|test guard/);
    const events = guard.events();
    expect(events.filter((e) => e.event === 'loaded' && e.thread === 0)).toHaveLength(1);
    expect(attempts(events)).toEqual([]);
    for (const w of events.filter((e) => e.event === 'worker'))
      expect(path.resolve(w.detail!.replace(/^file:\/\//, ''))).toMatch(new RegExp(`^${path.join(REPO_ROOT, 'dist').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const declared = Object.keys(actionMetadata().inputs).map(inputEnvName).sort();
    expect([...new Set(events.filter((e) => e.event === 'input').map((e) => e.detail!))].sort()).toEqual(declared);
  });

  it('on a pull request: at most the GitHub API and `git` without a shell; still a complete scan when both fail', async ({ expect }) => {
    const ws = exampleWorkspace();
    const t = tempDir();
    temps.push(t.cleanup);
    const guard = writeGuard(t.dir);
    const pr = { number: 7, changed_files: 2, base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) } };
    const r = await act({ workspace: ws, env: guard.env, event: { name: 'pull_request', payload: { action: 'opened', number: 7, pull_request: pr } } });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(failuresOf(r)[0]!.message).toMatch(/^fastapi-audit: \d+ findings? at or above "high"/);
    for (const e of attempts(guard.events())) {
      if (e.event.startsWith('child_process.')) {
        expect(e.event).toBe('child_process.execFile');
        const call = JSON.parse(e.detail!) as { file: string; args: string[]; shell: unknown };
        expect(call.file).toBe('git');
        expect(call.shell === null || call.shell === false).toBe(true);
      } else {
        // sockets/requests only to the API host of GITHUB_API_URL
        expect(e.detail, e.event).toMatch(/api\.github\.com/);
      }
    }
    // Listing the PR's files failed both ways: every finding is still annotated, and it says why.
    expect(annotationsOf(r).length).toBe(shownAnnotations(r.outputs));
    expect(r.commands.some((c) => c.command === 'notice' && /annotations not limited/.test(c.message))).toBe(true);
    for (const line of r.stdout.split('\n').filter((l) => l.includes(FAKE_GITHUB_TOKEN))) expect(line).toBe(`::add-mask::${FAKE_GITHUB_TOKEN}`);
    expect(r.stderr + r.summary).not.toContain(FAKE_GITHUB_TOKEN);
  });
});
