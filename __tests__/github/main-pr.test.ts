/**
 * `run()` (the action entry) on pull-request and push events, with `@actions/core` mocked (the
 * typescript-action template's convention), a real `@actions/github` Context hydrated from a
 * GITHUB_EVENT_PATH payload, and Octokit talking to a fake `fetch` (no network).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOOL_NAME } from '../../src/report/sarif.js';
import { makeTree, removeTree } from '../discover/tree.js';
import { BASE_SHA, contextClass, fakeGitHubApi, HEAD_SHA, prPayload, setEvent, type FakeApi } from './fake-github.js';

const state = vi.hoisted(() => ({
  inputs: {} as Record<string, string>,
  api: undefined as { fetch: typeof fetch } | undefined,
  Context: undefined as (new () => unknown) | undefined,
}));

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

// The real package, except: `context` is a fresh real Context per read (the module's own is
// hydrated once, at import), and Octokit's fetch is the fake API.
vi.mock('@actions/github', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@actions/github')>();
  return {
    ...actual,
    get context() {
      return new state.Context!();
    },
    getOctokit: ((token, options, ...plugins) => {
      const fetch = state.api?.fetch ?? (async () => Promise.reject(new Error('network access in a test')));
      return actual.getOctokit(token, { ...options, request: { ...options?.request, fetch } }, ...plugins);
    }) as typeof actual.getOctokit,
  };
});

const core = await import('@actions/core');
const { run } = await import('../../src/main.js');

const TOKEN = 'ghs_never_log_me_0123456789';

const PROJECT = {
  'app/main.py': [
    'from fastapi import FastAPI',
    'from app import admin, items',
    '',
    'app = FastAPI()',
    'app.include_router(admin.router)',
    'app.include_router(items.router)',
    '',
  ].join('\n'),
  'app/admin.py': [
    'from fastapi import APIRouter',
    '',
    'router = APIRouter(prefix="/admin")',
    '',
    '',
    '@router.delete("/users/{user_id}")',
    'def delete_user(user_id: int):',
    '    return {}',
    '',
  ].join('\n'),
  'app/items.py': [
    'from fastapi import APIRouter',
    '',
    'router = APIRouter(prefix="/items")',
    '',
    '',
    '@router.post("/")',
    'def create_item(item: dict):',
    '    return item',
    '',
  ].join('\n'),
};

/** The base branch's inventory: /items/ was protected, /admin/users/{user_id} did not exist. */
const BASE_INVENTORY = {
  version: 1,
  routes: [
    {
      kind: 'http',
      methods: ['POST'],
      path: '/items/',
      file: 'app/items.py',
      line: 6,
      handler: 'app.items.create_item',
      auth: 'required',
      public: false,
      dependencies: ['app.deps.get_current_user'],
      evidence: [],
    },
  ],
};

let workspace: string;
let summaryFile: string;
let event: { restore: () => void } | undefined;
const savedEnv = { ...process.env };

beforeAll(async () => {
  state.Context = (await contextClass()) as new () => unknown;
  // core.summary remembers the file of its first write: one file for the whole run, emptied per test.
  summaryFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'fa-summary-')), 'summary.md');
});

beforeEach(() => {
  vi.clearAllMocks();
  workspace = makeTree({ ...PROJECT, 'base-inventory.json': JSON.stringify(BASE_INVENTORY) });
  writeFileSync(summaryFile, '');
  Object.assign(process.env, {
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: 'f'.repeat(40),
    // The workspace is not a git checkout: stop git from finding one above the temp dir.
    GIT_CEILING_DIRECTORIES: path.dirname(workspace),
  });
  state.inputs = { 'fail-on': 'none', 'github-token': TOKEN };
  state.api = undefined;
});

afterEach(() => {
  event?.restore();
  event = undefined;
  removeTree(workspace);
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

afterAll(() => rmSync(path.dirname(summaryFile), { recursive: true, force: true }));

/** Annotations for findings (they have a title), as `file:line rule`. */
function annotations(): string[] {
  return [core.error, core.warning, core.notice]
    .flatMap((fn) => vi.mocked(fn).mock.calls)
    .filter(([, props]) => props?.title)
    .map(([, props]) => `${props!.file}:${props!.startLine} ${props!.title!.split(' ')[0]}`)
    .sort();
}
/** Notices without a file (messages to the user, not findings). */
const plainNotices = () =>
  vi
    .mocked(core.notice)
    .mock.calls.filter(([, props]) => !props)
    .map(([m]) => String(m));
const output = (name: string) => vi.mocked(core.setOutput).mock.calls.find(([n]) => n === name)?.[1];

function everyLoggedText(): string {
  const calls = [core.info, core.debug, core.notice, core.warning, core.error, core.setFailed, core.setOutput].flatMap((fn) => vi.mocked(fn).mock.calls);
  return JSON.stringify(calls) + readFileSync(summaryFile, 'utf8');
}

async function runWithApi(files: FakeApi | undefined): Promise<void> {
  state.api = files;
  await run();
  expect(core.setFailed).not.toHaveBeenCalled();
}

describe('run() on a pull_request event', () => {
  it('annotates only the files the PR changes, keeps every finding in the SARIF file, and opens the summary with the attack-surface diff', async () => {
    event = setEvent('pull_request', prPayload({ number: 7 }));
    state.inputs.baseline = 'base-inventory.json';
    const api = fakeGitHubApi({ files: ['app/admin.py', 'docs/readme.md'] });
    await runWithApi(api);

    expect(api.requests.map((r) => `${r.url.pathname}?${r.url.searchParams}`)).toEqual(['/repos/acme/shop/pulls/7/files?per_page=100']);
    expect(api.requests[0]!.authorization).toBe(`token ${TOKEN}`);
    expect(core.setSecret).toHaveBeenCalledWith(TOKEN);

    // Only app/admin.py is annotated; app/items.py and app/main.py have findings too.
    expect(annotations()).toEqual(['app/admin.py:6 FA101']);
    const sarif = JSON.parse(readFileSync(path.join(workspace, 'fastapi-audit.sarif'), 'utf8'));
    const files = new Set(
      sarif.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0]!.physicalLocation.artifactLocation.uri),
    );
    expect([...files].sort()).toEqual(['app/admin.py', 'app/items.py', 'app/main.py']);
    expect(plainNotices().filter((m) => m.includes('not limited'))).toEqual([]);
    expect(core.info).toHaveBeenCalledWith('Annotating only the 2 files pull request #7 changes (listed by the GitHub API).');

    const summary = readFileSync(summaryFile, 'utf8');
    expect(
      summary.startsWith(
        '## fastapi-audit\n\n### Attack surface\n\n**This PR adds 1 unauthenticated endpoint and makes 1 existing endpoint unauthenticated.** 1 new route (1 unauthenticated).\n',
      ),
    ).toBe(true);
    expect(summary).toMatch(
      /\| \*\*new, unauthenticated\*\* \| DELETE \| \/admin\/users\/\{user\\_id\} \| \*\*none\*\* \| .*\[app\/admin\.py:6\]\(https:\/\/github\.com\/acme\/shop\/blob\/f{40}\/app\/admin\.py#L6\)/,
    );
    expect(summary).toMatch(/\| \*\*now unauthenticated\*\* \| POST \| \/items\/ \| \*\*required → none\*\* \|/);
    expect(summary).toMatch(/\d+ findings? in files this pull request does not change (is|are) not annotated/);
    expect(output('new-unauthenticated-routes')).toBe(2);

    expect(everyLoggedText()).not.toContain(TOKEN);
  });

  it('also limits annotations under a scan root inside the repository (paths stay repository-relative)', async () => {
    removeTree(workspace);
    workspace = makeTree(Object.fromEntries(Object.entries(PROJECT).map(([k, v]) => [`services/api/${k}`, v])));
    process.env.GITHUB_WORKSPACE = workspace;
    event = setEvent('pull_request', prPayload({ number: 7 }));
    state.inputs.path = 'services/api';
    await runWithApi(fakeGitHubApi({ files: ['services/api/app/items.py'] }));
    expect(annotations()).toEqual(['services/api/app/items.py:6 FA101']);
  });

  it('annotates everything, with a notice saying why, when neither the API nor git can list the files', async () => {
    event = setEvent('pull_request', prPayload({ number: 7 }));
    await runWithApi(fakeGitHubApi({ error: { status: 403, message: 'Resource not accessible by integration' } }));

    const notice = plainNotices().find((m) => m.startsWith("annotations not limited to the PR's files: "));
    expect(notice).toBe(
      "annotations not limited to the PR's files: the GitHub API answered HTTP 403: Resource not accessible by integration - https://docs.github.com/rest/pulls/pulls#list-pull-requests-files (the token needs `pull-requests: read`); the workspace is not a git checkout. Every finding is annotated; the SARIF file and the job summary are complete either way.",
    );
    const annotated = annotations();
    expect(annotated).toContain('app/admin.py:6 FA101');
    expect(annotated).toContain('app/items.py:6 FA101');
    expect(annotated.some((a) => a.startsWith('app/main.py:'))).toBe(true);
    expect(readFileSync(summaryFile, 'utf8')).toContain("annotations not limited to the PR's files");
    expect(everyLoggedText()).not.toContain(TOKEN);
  });

  it('says a SARIF baseline gives no route diff', async () => {
    event = setEvent('pull_request', prPayload({ number: 7 }));
    writeFileSync(path.join(workspace, 'base.sarif'), JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: TOOL_NAME } }, results: [] }] }));
    state.inputs.baseline = 'base.sarif';
    await runWithApi(fakeGitHubApi({ files: ['app/admin.py'] }));
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary).not.toContain('### Attack surface');
    expect(summary).toContain('*No attack-surface diff: the baseline is a SARIF file');
    expect(output('new-unauthenticated-routes')).toBeUndefined();
  });

  it('does not ask GitHub anything when annotations are off', async () => {
    event = setEvent('pull_request', prPayload({ number: 7 }));
    state.inputs.annotations = 'false';
    const api = fakeGitHubApi({ files: ['app/admin.py'] });
    await runWithApi(api);
    expect(api.requests).toEqual([]);
    expect(annotations()).toEqual([]);
  });
});

describe("run() with the base branch's SARIF and inventory as baseline", () => {
  it('counts and annotates only what the PR adds, and shows the routes it opens', async () => {
    // The base branch: app/admin.py has no route yet. Its run writes the two baseline files.
    writeFileSync(path.join(workspace, 'app/admin.py'), 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/admin")\n');
    event = setEvent('push', { ref: 'refs/heads/main' });
    state.inputs['sarif-file'] = 'base/fastapi-audit.sarif';
    state.inputs['inventory-file'] = 'base/fastapi-audit-inventory.json';
    await runWithApi(undefined);
    event.restore();
    vi.clearAllMocks();
    writeFileSync(summaryFile, '');

    // The pull request adds the unauthenticated DELETE route.
    writeFileSync(path.join(workspace, 'app/admin.py'), PROJECT['app/admin.py']);
    event = setEvent('pull_request', prPayload({ number: 8 }));
    state.inputs = {
      'fail-on': 'high',
      'github-token': TOKEN,
      baseline: '\n  base/fastapi-audit.sarif\nbase/fastapi-audit-inventory.json  \n',
    };
    state.api = fakeGitHubApi({ number: 8, files: ['app/admin.py', 'app/items.py', 'app/main.py'] });
    await run();

    expect(annotations()).toEqual(['app/admin.py:6 FA101']);
    expect(core.setFailed).toHaveBeenCalledWith(expect.stringMatching(/^fastapi-audit: 1 finding at or above "high" \(1 in all\)/));
    expect(output('findings')).toBe(1);
    expect(output('new-unauthenticated-routes')).toBe(1);
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary).toContain('**This PR adds 1 unauthenticated endpoint.** 1 new route (1 unauthenticated).');
    expect(summary).toMatch(/\*\*\d+ findings\*\*: .*\(\d+ already in the baseline\)/);
  });

  it('rejects two inventories', async () => {
    event = setEvent('pull_request', prPayload({ number: 7 }));
    writeFileSync(path.join(workspace, 'other.json'), JSON.stringify(BASE_INVENTORY));
    state.inputs.baseline = 'base-inventory.json\nother.json';
    state.api = fakeGitHubApi({ files: [] });
    await run();
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(/^fastapi-audit: baseline: more than one inventory \(.*base-inventory\.json, .*other\.json\): give one inventory and any number of SARIF files$/),
    );
  });
});

describe('run() on a push event', () => {
  it('annotates every file and makes no API request', async () => {
    event = setEvent('push', { ref: 'refs/heads/main', after: HEAD_SHA, before: BASE_SHA });
    state.inputs.baseline = 'base-inventory.json';
    const api = fakeGitHubApi({ files: ['app/admin.py'] });
    await runWithApi(api);
    expect(api.requests).toEqual([]);
    const annotated = annotations();
    expect(annotated).toContain('app/admin.py:6 FA101');
    expect(annotated).toContain('app/items.py:6 FA101');
    expect(plainNotices().filter((m) => m.includes('not limited'))).toEqual([]);
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary).toContain('**Compared with the baseline, this code adds 1 unauthenticated endpoint and makes 1 existing endpoint unauthenticated.**');
    expect(summary).not.toContain('does not change');
  });
});
