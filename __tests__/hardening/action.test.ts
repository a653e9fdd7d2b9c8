/**
 * The action entry (`run()` from src/main.ts) in-process with `@actions/core` mocked (the
 * typescript-action convention; the built bundle is covered by __tests__/e2e/action.test.ts):
 *
 * - invalid inputs and config values fail the step with a message naming the input or key and
 *   what is allowed, before anything is written (no SARIF, no inventory, no outputs);
 * - GitHub's limits: more than 5 000 results keep the most severe and say so (a warning and the
 *   summary); annotations stay within 10 per level per step, findings first, with no duplicates,
 *   and file notices never take the findings' places;
 * - the token is registered as a secret and appears in nothing the action prints or writes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Log } from 'sarif';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({ inputs: {} as Record<string, string> }));

vi.mock('@actions/core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@actions/core')>();
  return {
    ...actual,
    getInput: vi.fn((name: string) => state.inputs[name] ?? ''),
    setSecret: vi.fn(),
    setOutput: vi.fn(),
    setFailed: vi.fn(),
    info: vi.fn(),
    debug: vi.fn(),
    notice: vi.fn(),
    warning: vi.fn(),
    error: vi.fn(),
  };
});

// A push event, whatever the environment the tests run in (CI on a pull request sets
// GITHUB_EVENT_NAME, which @actions/github reads once at import): no API call, no git.
vi.mock('@actions/github', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@actions/github')>();
  return { ...actual, context: { eventName: 'push', payload: {}, repo: { owner: 'acme', repo: 'shop' } } };
});

const core = await import('@actions/core');
const { run } = await import('../../src/main.js');
const { APP, addFiles, cleanupProjects, project } = await import('./helpers.js');
const { validateSarifSchema } = await import('../helpers/sarif.js');

const TOKEN = 'ghs_hardening_token_never_printed_0123';
let workspace: string;
let summaryFile: string;
const savedEnv = { ...process.env };

beforeAll(() => {
  // core.summary remembers the file of its first write: one file for the whole run, emptied per test.
  summaryFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'fa-hard-summary-')), 'summary.md');
});
beforeEach(() => {
  vi.clearAllMocks();
  workspace = project({});
  writeFileSync(summaryFile, '');
  Object.assign(process.env, { GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_EVENT_NAME: 'push' });
  state.inputs = { 'fail-on': 'none', 'github-token': TOKEN };
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});
afterAll(() => {
  cleanupProjects();
  rmSync(path.dirname(summaryFile), { recursive: true, force: true });
});

function listing(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

const failures = () => vi.mocked(core.setFailed).mock.calls.map(([m]) => String(m));
interface Emitted {
  level: 'error' | 'warning' | 'notice';
  message: string;
  props?: Record<string, unknown>;
}
/** Every annotation command (error/warning/notice), in order. */
function emitted(): Emitted[] {
  const all: Array<Emitted & { order: number }> = [];
  for (const level of ['error', 'warning', 'notice'] as const) {
    const fn = vi.mocked(core[level]);
    fn.mock.calls.forEach(([m, props], i) =>
      all.push({ level, message: String(m), ...(props ? { props: props as Record<string, unknown> } : {}), order: fn.mock.invocationCallOrder[i]! }),
    );
  }
  return all.sort((a, b) => a.order - b.order).map(({ order: _o, ...e }) => e);
}
const everything = () =>
  JSON.stringify([core.info, core.debug, core.notice, core.warning, core.error, core.setFailed, core.setOutput].flatMap((fn) => vi.mocked(fn).mock.calls)) +
  readFileSync(summaryFile, 'utf8');

describe('invalid inputs and config: a failed step naming the input, and nothing written', () => {
  const cases: { name: string; inputs?: Record<string, string>; files?: Record<string, string>; dirs?: string[]; expect: RegExp[] }[] = [
    { name: 'path: a directory that does not exist', inputs: { path: 'servcies/api' }, expect: [/input path/, /"servcies\/api" does not exist/, /allowed: a directory/] },
    { name: 'path: a file', inputs: { path: 'app.py' }, expect: [/input path/, /"app\.py" is not a directory/] },
    {
      name: 'sarif-file: an existing directory',
      inputs: { 'sarif-file': 'reports' },
      dirs: ['reports'],
      expect: [/input sarif-file/, /"reports" is a directory/, /allowed: a file path/],
    },
    {
      name: 'inventory-file: below an existing file',
      inputs: { 'inventory-file': 'app.py/inventory.json' },
      expect: [/input inventory-file/, /cannot be created/, /is not a directory/],
    },
    {
      name: 'inventory-file: the same file as sarif-file',
      inputs: { 'sarif-file': 'out/audit.json', 'inventory-file': 'out/audit.json' },
      expect: [/input inventory-file/, /is the file input sarif-file writes too/],
    },
    { name: 'max-file-size: 0', files: { '.fastapi-audit.yml': 'max-file-size: 0\n' }, expect: [/\.fastapi-audit\.yml:1/, /max-file-size/, /at least 1|size/] },
    { name: 'max-file-size: "2 parsecs"', files: { '.fastapi-audit.yml': 'max-file-size: 2 parsecs\n' }, expect: [/max-file-size/, /"2 parsecs"/, /KB\/MB\/GB/] },
    { name: 'rules: an unknown rule', files: { '.fastapi-audit.yml': 'rules:\n  FA999: off\n' }, expect: [/:2/, /rules\.FA999/, /unknown rule/, /allowed: .*FA101/] },
    { name: 'rules: a bad severity', files: { '.fastapi-audit.yml': 'rules:\n  FA101: extreme\n' }, expect: [/rules\.FA101/, /critical, high, medium, low, note/] },
    { name: 'public-defaults: maybe', files: { '.fastapi-audit.yml': 'public-defaults: maybe\n' }, expect: [/public-defaults/, /"maybe"/, /extend, replace/] },
    { name: 'tls-terminated-by-proxy: "sometimes"', files: { '.fastapi-audit.yml': 'tls-terminated-by-proxy: sometimes\n' }, expect: [/tls-terminated-by-proxy/, /boolean/] },
    { name: 'exclude: a string instead of a list', files: { '.fastapi-audit.yml': 'exclude: tests\n' }, expect: [/exclude/, /list of string/] },
    { name: 'public: an entry without a path', files: { '.fastapi-audit.yml': 'public:\n  - methods: [GET]\n' }, expect: [/public\[0\]/, /path/] },
    {
      name: 'public: an unknown HTTP method',
      files: { '.fastapi-audit.yml': 'public:\n  - path: /x\n    methods: [FETCH]\n' },
      expect: [/public\[0\]\.methods\[0\]/, /"FETCH"/, /GET, HEAD, POST/],
    },
    {
      name: 'exclude: a glob with 4 `*` in one segment (slow to match)',
      files: { '.fastapi-audit.yml': 'exclude:\n  - "*a*a*a*b"\n' },
      expect: [/:2/, /exclude\[0\]/, /4 `\*` wildcards/, /allowed: at most 3 per segment/],
    },
    {
      name: 'public: a path glob with 4 globstars',
      files: { '.fastapi-audit.yml': 'public:\n  - path: "/**/a/**/b/**/c/**"\n' },
      expect: [/public\[0\]\.path/, /4 `\*\*` segments/, /allowed: at most 3/],
    },
    {
      name: 'auth.dependencies: a 2 000-character glob',
      files: { '.fastapi-audit.yml': `auth:\n  dependencies:\n    - "${'a'.repeat(2_000)}"\n` },
      expect: [/auth\.dependencies\[0\]/, /too long/, /allowed: at most 1000/],
    },
    { name: 'pyproject.toml: a TOML syntax error', files: { 'pyproject.toml': '[tool.fastapi-audit]\nfail-on = \n' }, expect: [/pyproject\.toml/, /TOML/i] },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      addFiles(workspace, { 'app.py': APP, ...(c.files ?? {}) });
      for (const d of c.dirs ?? []) mkdirSync(path.join(workspace, d));
      const before = listing(workspace);
      Object.assign(state.inputs, c.inputs ?? {});
      await run();
      expect(failures(), JSON.stringify(vi.mocked(core.setFailed).mock.calls)).toHaveLength(1);
      const msg = failures()[0]!;
      expect(msg).toMatch(/^fastapi-audit: /);
      expect(msg).not.toMatch(/internal error|\n\s+at /);
      for (const re of c.expect) expect(msg).toMatch(re);
      expect(listing(workspace)).toEqual(before);
      expect(core.setOutput).not.toHaveBeenCalled();
      expect(emitted().filter((e) => e.props?.title)).toEqual([]);
    });
  }
});

describe("GitHub's limits", () => {
  it('more than 5 000 results: the SARIF file keeps the most severe within the count and size limits, and a warning and the summary say so', async () => {
    const routes = (n: number, method: string, prefix: string) =>
      Array.from({ length: n }, (_, i) => `@router.${method}("/${prefix}/${i}")\ndef ${prefix}_${i}(x: int = 0):\n    return x\n`).join('\n');
    const modules = Array.from({ length: 10 }, (_, f) => `r${f}`);
    const spec: Record<string, string> = {
      'app/__init__.py': '',
      'app/main.py': [
        'from fastapi import FastAPI',
        'from fastapi.middleware.cors import CORSMiddleware',
        `from app import ${modules.join(', ')}`,
        'app = FastAPI()',
        'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)',
        ...modules.map((m) => `app.include_router(${m}.router)`),
        '',
      ].join('\n'),
    };
    for (const [f, m] of modules.entries())
      spec[`app/${m}.py`] = `from fastapi import APIRouter\nrouter = APIRouter()\n\n${routes(510, 'get', `g${f}`)}\n${routes(5, 'delete', `d${f}`)}`;
    addFiles(workspace, spec);
    await run();
    expect(failures()).toEqual([]);
    const bytes = readFileSync(path.join(workspace, 'fastapi-audit.sarif'));
    const log = JSON.parse(bytes.toString('utf8')) as Log;
    expect(validateSarifSchema(log).errors).toEqual([]);
    const results = log.runs[0]!.results!;
    // 5 000 at most, and the file stays under the 10 MB upload limit (FA101 results with their
    // related locations are ~3 KB each, so here the size limit bites before the count limit)
    expect(results.length).toBeLessThanOrEqual(5_000);
    expect(results.length).toBeGreaterThan(3_000);
    expect(bytes.length).toBeLessThanOrEqual(10_000_000);
    const sev = (s: string) => results.filter((r) => (r.properties as { severity: string }).severity === s).length;
    // FA201 is high here (the app authenticates with nothing a browser attaches), and every DELETE route is high
    expect(sev('critical')).toBe(0);
    expect(sev('high')).toBe(51);
    const total = Number(vi.mocked(core.setOutput).mock.calls.find(([n]) => n === 'findings')![1]);
    expect(total).toBeGreaterThan(5_000);
    const warning = `The SARIF file leaves out ${total - results.length} results (the most severe were kept) to stay within GitHub code scanning limits.`;
    expect(emitted().filter((e) => e.level === 'warning' && !e.props)).toContainEqual({ level: 'warning', message: warning });
    expect(readFileSync(summaryFile, 'utf8')).toContain('leaves out');
    // annotations: at most 10 per level, most severe first, none twice; the warning about the
    // SARIF file is always annotated, and the findings leave it its place
    const annotations = emitted().filter((e) => e.props?.title);
    expect(annotations.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(annotations.filter((a) => a.level === 'warning')).toHaveLength(9);
    expect(emitted().filter((e) => e.level === 'warning')).toHaveLength(10);
    expect(annotations.filter((a) => a.level === 'notice').length).toBeLessThanOrEqual(10);
    expect(new Set(annotations.map((a) => JSON.stringify(a))).size).toBe(annotations.length);
    expect(annotations[0]!.props!.title).toMatch(/^FA201 /);
  }, 120_000);

  it('notices about files never push findings out of the annotations, and the rest go to the log', async () => {
    const spec: Record<string, string> = {};
    // 30 files, each with a syntax error (a notice) and an unauthenticated GET route (a medium finding: a warning annotation)
    for (let i = 0; i < 30; i++)
      spec[`app/m${String(i).padStart(2, '0')}.py`] = `from fastapi import FastAPI\napp = FastAPI()\n@app.get("/r${i}")\ndef r${i}(): return 1\ndef broken(:\n`;
    addFiles(workspace, spec);
    await run();
    const all = emitted();
    const findingAnnotations = all.filter((e) => e.props?.title);
    const noticeAnnotations = all.filter((e) => !e.props?.title);
    for (const level of ['error', 'warning', 'notice'] as const) expect(all.filter((e) => e.level === level).length, level).toBeLessThanOrEqual(10);
    expect(findingAnnotations.filter((a) => a.level === 'warning')).toHaveLength(10);
    // the syntax-error notices: what fits in the notice budget is annotated at the file, the rest is logged
    const syntax = (s: string) => /syntax errors at line 5/.test(s);
    const annotatedSyntax = noticeAnnotations.filter((n) => syntax(n.message));
    const loggedSyntax = vi
      .mocked(core.info)
      .mock.calls.map(([m]) => String(m))
      .filter(syntax);
    expect(annotatedSyntax.length + loggedSyntax.length).toBe(30);
    expect(annotatedSyntax.length).toBe(
      10 - findingAnnotations.filter((a) => a.level === 'notice').length - noticeAnnotations.filter((n) => n.level === 'notice' && !n.props).length,
    );
    for (const n of annotatedSyntax) expect(n.props).toMatchObject({ file: expect.stringMatching(/^app\/m\d\d\.py$/), startLine: 5 });
    expect(vi.mocked(core.info).mock.calls.map(([m]) => String(m))).toContain(
      `${loggedSyntax.length} more notices are in the log above and in the job summary, not annotated (GitHub shows 10 annotations of each level per step).`,
    );
    // and the summary lists them all
    const summary = readFileSync(summaryFile, 'utf8');
    for (let i = 0; i < 30; i++) expect(summary).toContain(`m${String(i).padStart(2, '0')}.py`);
  });

  it('one finding reached twice (a router included twice the same way) is annotated once', async () => {
    addFiles(workspace, {
      'app/main.py': 'from fastapi import FastAPI\nfrom app.items import router\napp = FastAPI()\napp.include_router(router)\napp.include_router(router)\n',
      'app/items.py': 'from fastapi import APIRouter\nrouter = APIRouter()\n@router.delete("/items/{i}")\ndef delete(i: int): return i\n',
    });
    await run();
    const fa101 = emitted().filter((e) => String(e.props?.title ?? '').startsWith('FA101'));
    expect(fa101).toHaveLength(1);
    expect(fa101[0]!.props).toMatchObject({ file: 'app/items.py', startLine: 3 });
  });
});

describe('the token', () => {
  it('is registered as a secret first and appears in nothing printed or written', async () => {
    addFiles(workspace, { 'app.py': APP, 'broken.py': 'def (:\n' });
    state.inputs['annotations'] = 'true';
    await run();
    expect(core.setSecret).toHaveBeenCalledWith(TOKEN);
    expect(vi.mocked(core.setSecret).mock.invocationCallOrder[0]).toBeLessThan(Math.min(...vi.mocked(core.getInput).mock.invocationCallOrder.slice(1)));
    expect(everything()).not.toContain(TOKEN);
    for (const f of listing(workspace)) expect(readFileSync(path.join(workspace, f), 'utf8'), f).not.toContain(TOKEN);
  });

  it('an invalid input does not print it either', async () => {
    addFiles(workspace, { 'app.py': APP });
    state.inputs.path = TOKEN; // pasted into the wrong input
    await run();
    expect(core.setSecret).toHaveBeenCalledWith(TOKEN);
    expect(failures()).toHaveLength(1);
    // core.setFailed prints through the runner, which masks registered secrets; nothing else may hold it
    expect(JSON.stringify([core.info, core.notice, core.warning, core.error].flatMap((fn) => vi.mocked(fn).mock.calls))).not.toContain(TOKEN);
  });
});
