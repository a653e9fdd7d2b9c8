/**
 * The `path` input: one folder (unchanged behaviour), or patterns one per line with `!`
 * exclusions, matched with @actions/glob (src/github/path-input.ts). The helpers are tested on
 * temp trees; `run()` is driven with `@actions/core` mocked (the typescript-action convention),
 * annotations off so that no event or API is involved.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { resolvePathInput, selectScanPaths } from '../../src/github/path-input.js';
import { makeTree, removeTree, type TreeSpec } from '../discover/tree.js';

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

const core = await import('@actions/core');
const { run } = await import('../../src/main.js');

/** An unauthenticated POST route (FA101, high) in a module of its own package. */
const service = (name: string): Record<string, string> => ({
  [`${name}/app/__init__.py`]: '',
  [`${name}/app/main.py`]: [
    'from fastapi import FastAPI',
    '',
    'app = FastAPI()',
    '',
    '',
    `@app.post("/${path.basename(name)}")`,
    'def create(item: dict):',
    '    return item',
    '',
  ].join('\n'),
});

const TREE: TreeSpec = {
  ...service('services/billing'),
  ...service('services/catalog'),
  'services/billing/ops/probe.py': 'from fastapi import FastAPI\napp = FastAPI()\n\n@app.delete("/t")\ndef t():\n    return 1\n',
  'services/billing/.venv/lib/site.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
  'services/billing/README.md': '# billing\n',
  'docs/index.md': '# docs\n',
  'tools/build.py': 'print("hi")\n',
};

let ws: string;
const savedEnv = { ...process.env };
const config = { include: [] as string[], exclude: [] as string[] };

// @actions/glob logs its options through its own (unmocked) @actions/core: keep `::debug::` lines out of the test output.
const write = process.stdout.write.bind(process.stdout);
vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) =>
  String(chunk).startsWith('::debug::') ? true : write(chunk, ...rest)) as typeof process.stdout.write);

beforeEach(() => {
  vi.clearAllMocks();
  ws = makeTree(TREE, 'fa-path-input-');
  Object.assign(process.env, { GITHUB_WORKSPACE: ws });
  delete process.env.GITHUB_STEP_SUMMARY;
  state.inputs = { 'fail-on': 'none', annotations: 'false', summary: 'false' };
});

afterEach(() => {
  removeTree(ws);
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

/** resolve + select, as run() does; the scanned paths relative to the workspace. */
async function select(input: string, cfg = config) {
  const target = await resolvePathInput(input, ws);
  const sel = await selectScanPaths(target, cfg, ws);
  const rootRel = path.relative(ws, target.root).split(path.sep).join('/');
  return {
    target,
    rootRel,
    sel,
    files: sel.paths?.map((p) => (rootRel ? `${rootRel}/${p}` : p)),
    warnings: [...target.notices, ...sel.notices].filter((n) => n.level === 'warning').map((n) => n.message),
  };
}

describe('resolvePathInput / selectScanPaths', () => {
  it('one folder is the scan root, scanned whole, without globbing (as before)', async () => {
    for (const [input, root] of [
      ['', ws],
      ['.', ws],
      ['services/billing', path.join(ws, 'services/billing')],
      ['  services/billing/  ', path.join(ws, 'services/billing')],
    ] as const) {
      const t = await resolvePathInput(input, ws);
      expect(t.patterns, input).toBeUndefined();
      expect(t.root, input).toBe(root);
      expect(await selectScanPaths(t, config, ws)).toEqual({ notices: [] });
    }
    // a missing folder is still reported by the caller's scan-root check, not turned into a pattern
    const missing = await resolvePathInput('services/missing', ws);
    expect(missing.patterns).toBeUndefined();
    expect(missing.root).toBe(path.join(ws, 'services/missing'));
  });

  it('patterns: the root is the deepest folder holding every search path; exclusions apply to folders and what is below them', async () => {
    const r = await select('services/billing\n!services/billing/ops');
    expect(r.rootRel).toBe('services/billing');
    // .venv is a built-in exclude, as in a folder scan; tests/ is excluded by the pattern
    expect(r.files).toEqual(['services/billing/app/__init__.py', 'services/billing/app/main.py']);
    expect(r.warnings).toEqual([]);

    const two = await select('services/billing/app\nservices/catalog/app');
    expect(two.rootRel).toBe('services');
    expect(two.files).toEqual(['services/billing/app/__init__.py', 'services/billing/app/main.py', 'services/catalog/app/__init__.py', 'services/catalog/app/main.py']);
  });

  it('globs: wildcards, ** and the order of exclusions (a later include wins back what an earlier exclusion removed)', async () => {
    expect((await select('services/*/app/main.py')).files).toEqual(['services/billing/app/main.py', 'services/catalog/app/main.py']);
    expect((await select('**/main.py\n!services/catalog')).files).toEqual(['services/billing/app/main.py']);
    expect((await select('services/*\n!**/app/__init__.py\n!services/catalog')).files).toEqual(['services/billing/app/main.py', 'services/billing/ops/probe.py']);
    const again = await select('services\n!services/billing\nservices/billing/app/main.py');
    expect(again.files).toEqual(['services/billing/app/main.py', 'services/catalog/app/__init__.py', 'services/catalog/app/main.py']);
    // blank lines and comments are skipped; ./ is the workspace
    expect((await select('\n# the catalog only\n./services/catalog\n\n')).files).toEqual(['services/catalog/app/__init__.py', 'services/catalog/app/main.py']);
  });

  it("keeps the configuration's include and exclude", async () => {
    const r = await select('services/*\n!services/catalog', { include: [], exclude: ['ops'] });
    expect(r.files).toEqual(['services/billing/app/__init__.py', 'services/billing/app/main.py']);
  });

  it('warns about a pattern that matches nothing, or no .py file, and fails when nothing at all is left to scan', async () => {
    const r = await select('services/billing/app\nservices/payments/**\ndocs');
    expect(r.files).toEqual(['services/billing/app/__init__.py', 'services/billing/app/main.py']);
    expect(r.warnings).toEqual([
      'input path: "services/payments/**" matches nothing in the workspace',
      'input path: "docs" matches 2 paths but no .py file to scan (folders such as .venv, node_modules and build, and the configuration\'s exclude, are skipped)',
    ]);
    const none = select('services/payments/**\n*.md');
    await expect(none).rejects.toBeInstanceOf(ConfigError);
    await expect(none).rejects.toThrow(/^input path: no \.py file to scan matches "services\/payments\/\*\*\\n\*\.md"/);
  });

  it('keeps everything inside the workspace: patterns outside it are ignored with a warning, ".." is refused', async () => {
    const outside = await select(`services/catalog\n${path.dirname(ws)}/**/*.py`);
    expect(outside.files).toEqual(['services/catalog/app/__init__.py', 'services/catalog/app/main.py']);
    expect(outside.warnings).toEqual([`input path: "${path.dirname(ws)}/**/*.py" points outside the workspace (${ws}); ignored`]);

    const dots = await resolvePathInput('services/*\n../other/*.py', ws);
    expect(dots.problems.map((p) => p.problem)).toEqual([expect.stringMatching(/^"\.\.\/other\/\*\.py" is not a valid pattern: .*'\.\.'/)]);
    const onlyExclusions = await resolvePathInput('!services/billing\n!docs', ws);
    expect(onlyExclusions.problems.map((p) => p.problem)).toEqual([expect.stringMatching(/^no pattern to scan in "!services\/billing\\n!docs"/)]);
  });

  it('does not follow symbolic links', async () => {
    removeTree(ws);
    ws = makeTree({ ...service('real'), 'services/linked': { link: '../real' }, 'services/own.py': 'x = 1\n' }, 'fa-path-input-');
    const r = await select('services/**\n!services/nothing');
    expect(r.files).toEqual(['services/own.py']);
  });

  it('matches a workspace path that holds glob characters literally', async () => {
    removeTree(ws);
    const parent = makeTree({ ...Object.fromEntries(Object.entries(service('svc')).map(([k, v]) => [`w[s]*?/${k}`, v])) }, 'fa-path-input-');
    ws = path.join(parent, 'w[s]*?');
    try {
      expect((await select('svc/app\n!svc/app/__init__.py')).files).toEqual(['svc/app/main.py']);
    } finally {
      removeTree(parent);
    }
  });
});

const output = (name: string) => vi.mocked(core.setOutput).mock.calls.find(([n]) => n === name)?.[1];
const warnings = () => vi.mocked(core.warning).mock.calls.map(([m]) => String(m));
function sarifUris(): string[] {
  const sarif = JSON.parse(readFileSync(path.join(ws, 'fastapi-audit.sarif'), 'utf8')) as {
    runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
  };
  return [...new Set(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))].sort();
}
const inventoryFiles = () =>
  (JSON.parse(readFileSync(path.join(ws, 'fastapi-audit-inventory.json'), 'utf8')) as { routes: Array<{ file: string; path: string }> }).routes
    .map((r) => `${r.file} ${r.path}`)
    .sort();

describe('run() with the path input', () => {
  it('one folder: scanned as before, paths relative to that folder in the inventory and to the repository in SARIF', async () => {
    state.inputs.path = 'services/billing';
    await run();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(inventoryFiles()).toEqual(['app/main.py /billing', 'ops/probe.py /t']);
    expect(sarifUris()).toEqual(['services/billing/app/main.py', 'services/billing/ops/probe.py']);
    expect(warnings()).toEqual([]);
  });

  it('patterns with an exclusion: only the matched files are scanned', async () => {
    state.inputs.path = 'services/billing\n!services/billing/ops\n';
    await run();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(inventoryFiles()).toEqual(['app/main.py /billing']);
    expect(sarifUris()).toEqual(['services/billing/app/main.py']);
    expect(output('routes')).toBe(1);
  });

  it('two services in one step; a pattern matching nothing is a warning', async () => {
    state.inputs.path = 'services/*/app\nservices/payments';
    await run();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(sarifUris()).toEqual(['services/billing/app/main.py', 'services/catalog/app/main.py']);
    expect(warnings()).toEqual(['input path: "services/payments" matches nothing in the workspace']);
  });

  it('fails the step, writing nothing, when the patterns match no file to scan or are invalid', async () => {
    state.inputs.path = 'services/payments/**\ndocs';
    await run();
    expect(core.setFailed).toHaveBeenCalledWith(expect.stringMatching(/^fastapi-audit: input path: no \.py file to scan matches/));
    expect(output('findings')).toBeUndefined();

    vi.clearAllMocks();
    state.inputs.path = 'services/*\n../x';
    state.inputs['sarif-file'] = 'docs'; // reported together with the path problem
    await run();
    expect(core.setFailed).toHaveBeenCalledTimes(1);
    const message = String(vi.mocked(core.setFailed).mock.calls[0]![0]);
    expect(message).toMatch(/input path: "\.\.\/x" is not a valid pattern/);
    expect(message).toMatch(/input sarif-file: "docs" is a directory/);
  });

  it('reads the configuration file from the scan root the patterns give', async () => {
    removeTree(ws);
    ws = makeTree({ ...TREE, 'services/billing/.fastapi-audit.yml': 'rules:\n  FA101: off\n' }, 'fa-path-input-');
    process.env.GITHUB_WORKSPACE = ws;
    state.inputs.path = 'services/billing\n!services/billing/ops';
    await run();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(output('high')).toBe(0);
    expect(inventoryFiles()).toEqual(['app/main.py /billing']);
  });
});
