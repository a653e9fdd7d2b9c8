import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getOctokit } from '@actions/github';
import { defaults as octokitDefaults } from '@actions/github/lib/utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  changedFiles,
  defaultOctokit,
  execGit,
  GITHUB_PR_FILES_LIMIT,
  pullRequestOf,
  unavailableNotice,
  type EventContext,
  type GitRunner,
} from '../../src/github/changed-files.js';
import { BASE_SHA, fakeGitHubApi, HEAD_SHA, prPayload, realContext, type FakeApiOptions } from './fake-github.js';

// Record how git is started (file, arguments, options) while still running the real thing.
const spawned = vi.hoisted(() => [] as Array<{ file: string; args: readonly string[]; options: Record<string, unknown> }>);
vi.mock('node:child_process', async (importOriginal) => {
  const cp = await importOriginal<typeof import('node:child_process')>();
  return {
    ...cp,
    execFile: ((file: string, args: readonly string[], options: Record<string, unknown>, cb: unknown) => {
      spawned.push({ file, args, options });
      return (cp.execFile as unknown as (...a: unknown[]) => unknown)(file, args, options, cb);
    }) as typeof cp.execFile,
  };
});

const TOKEN = 'ghs_test_token_0123456789';

function api(opts: FakeApiOptions) {
  const fake = fakeGitHubApi(opts);
  return { fake, octokit: (token: string) => getOctokit(token, { request: { fetch: fake.fetch } }) };
}

/** A git runner that must not be reached. */
const noGit: GitRunner = async () => {
  throw new Error('git must not run');
};

/** A fake git that has the given commits and answers `diff` with the given files. */
function fakeGit(commits: string[], files: string[]): GitRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const run: GitRunner = async (args) => {
    calls.push([...args]);
    if (args[0] === 'cat-file') {
      if (commits.includes(args[2]!.replace('^{commit}', ''))) return '';
      throw Object.assign(new Error('Command failed'), { code: 128, stderr: 'fatal: Not a valid object name' });
    }
    if (args[0] === 'diff') return files.map((f) => `${f}\0`).join('');
    throw new Error(`unexpected git ${args.join(' ')}`);
  };
  return Object.assign(run, { calls });
}

let pr: EventContext;
beforeAll(async () => {
  pr = await realContext('pull_request', prPayload({ number: 7 }));
});

describe('pullRequestOf (from the real @actions/github context and a GITHUB_EVENT_PATH payload)', () => {
  it('reads number, base and head SHAs and the repository', () => {
    expect(pullRequestOf(pr)).toEqual({ owner: 'acme', repo: 'shop', number: 7, baseSha: BASE_SHA, headSha: HEAD_SHA });
  });

  it('also on pull_request_target, with changed_files', async () => {
    const ctx = await realContext('pull_request_target', prPayload({ number: 12, changedFiles: 4 }));
    expect(pullRequestOf(ctx)).toMatchObject({ number: 12, changedFiles: 4 });
  });

  it('is undefined for other events', async () => {
    for (const event of ['push', 'schedule', 'workflow_dispatch', 'merge_group']) {
      expect(pullRequestOf(await realContext(event, { ref: 'refs/heads/main' }))).toBeUndefined();
    }
  });

  it('says what is missing from a broken payload', async () => {
    expect(pullRequestOf(await realContext('pull_request', {}))).toBe('the pull_request event payload has no pull_request');
    expect(pullRequestOf(await realContext('pull_request', { pull_request: { number: 'x' } }))).toBe('the event payload has no pull request number');
    expect(pullRequestOf(await realContext('pull_request', { pull_request: { number: 3 }, repository: undefined }, null))).toBe('the repository is unknown (no GITHUB_REPOSITORY)');
  });
});

describe('changedFiles', () => {
  it('does nothing outside pull requests: no API request, no git', async () => {
    const { fake, octokit } = api({ files: ['a.py'] });
    const push = await realContext('push', { ref: 'refs/heads/main' });
    expect(await changedFiles({ context: push, token: TOKEN, cwd: '/nonexistent', octokit, git: noGit })).toEqual({ scope: 'all' });
    expect(fake.requests).toEqual([]);
  });

  it('lists the files through the REST API, 100 per page, following Link headers', async () => {
    const files = Array.from({ length: 250 }, (_, i) => `app/m${String(i).padStart(3, '0')}.py`);
    const { fake, octokit } = api({ files: [...files].reverse() });
    const got = await changedFiles({ context: pr, token: TOKEN, cwd: '/nonexistent', octokit, git: noGit });
    expect(got).toMatchObject({ scope: 'pull-request', source: 'api', files });
    expect(fake.requests.map((r) => `${r.method} ${r.url.pathname}?${r.url.searchParams}`)).toEqual([
      'GET /repos/acme/shop/pulls/7/files?per_page=100',
      'GET /repos/acme/shop/pulls/7/files?per_page=100&page=2',
      'GET /repos/acme/shop/pulls/7/files?per_page=100&page=3',
    ]);
    expect(fake.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('keeps paths as GitHub gives them (spaces, unicode, #, %) and lists a file once', async () => {
    const { octokit } = api({ files: ['b/ü #1 100%.py', 'a b.py', 'a b.py'] });
    const got = await changedFiles({ context: pr, token: TOKEN, cwd: '/nonexistent', octokit, git: noGit });
    expect(got).toMatchObject({ files: ['a b.py', 'b/ü #1 100%.py'] });
  });

  it('uses a list of exactly 3000 files when the payload says the PR has 3000', async () => {
    const ctx = await realContext('pull_request', prPayload({ changedFiles: 3000 }));
    const files = Array.from({ length: 3000 }, (_, i) => `f${String(i).padStart(4, '0')}.py`);
    const { fake, octokit } = api({ files });
    const got = await changedFiles({ context: ctx, token: TOKEN, cwd: '/nonexistent', octokit, git: noGit });
    expect(got).toMatchObject({ scope: 'pull-request', source: 'api' });
    expect(got.scope === 'pull-request' && got.files.length).toBe(3000);
    expect(fake.requests).toHaveLength(30);
  });

  it('does not trust a list GitHub cut at 3000 files: git diff instead, else every file is annotated', async () => {
    expect(GITHUB_PR_FILES_LIMIT).toBe(3000);
    const ctx = await realContext('pull_request', prPayload({ changedFiles: 3500 }));
    const files = Array.from({ length: 3500 }, (_, i) => `f${String(i).padStart(4, '0')}.py`);
    const { fake, octokit } = api({ files });
    const git = fakeGit([BASE_SHA, HEAD_SHA], files);
    const viaGit = await changedFiles({ context: ctx, token: TOKEN, cwd: '/repo', octokit, git });
    expect(fake.requests).toHaveLength(30); // never more than GitHub serves
    expect(viaGit).toMatchObject({ scope: 'pull-request', source: 'git', apiProblem: 'the GitHub API lists at most 3000 files and this pull request changes 3500' });
    expect(viaGit.scope === 'pull-request' && viaGit.files.length).toBe(3500);

    const none = await changedFiles({ context: ctx, token: TOKEN, cwd: '/repo', octokit, git: fakeGit([HEAD_SHA], []) });
    expect(none).toEqual({
      scope: 'unavailable',
      reason: `the GitHub API lists at most 3000 files and this pull request changes 3500; the checkout does not have the base commit 1111111 (check out with \`fetch-depth: 0\`)`,
    });
  });

  it('falls back to git diff base...head when the API refuses', async () => {
    const { octokit } = api({ error: { status: 403, message: 'Resource not accessible by integration' } });
    const git = fakeGit([BASE_SHA, HEAD_SHA], ['app/a.py', 'dir with space/b.py', 'line\nbreak.py']);
    const got = await changedFiles({ context: pr, token: TOKEN, cwd: '/repo', octokit, git });
    expect(got).toMatchObject({
      scope: 'pull-request',
      source: 'git',
      files: ['app/a.py', 'dir with space/b.py', 'line\nbreak.py'],
      apiProblem:
        'the GitHub API answered HTTP 403: Resource not accessible by integration - https://docs.github.com/rest/pulls/pulls#list-pull-requests-files (the token needs `pull-requests: read`)',
    });
    expect(git.calls).toEqual([
      ['cat-file', '-e', `${BASE_SHA}^{commit}`],
      ['cat-file', '-e', `${HEAD_SHA}^{commit}`],
      ['diff', '--name-only', '-z', '--no-ext-diff', '--no-textconv', `${BASE_SHA}...${HEAD_SHA}`, '--'],
    ]);
  });

  it('skips the API without a token', async () => {
    const git = fakeGit([BASE_SHA, HEAD_SHA], ['x.py']);
    expect(
      await changedFiles({
        context: pr,
        token: '  ',
        cwd: '/repo',
        octokit: () => {
          throw new Error('no client without a token');
        },
        git,
      }),
    ).toMatchObject({
      source: 'git',
      apiProblem: 'no `github-token`',
    });
  });

  it('degrades with a reason when neither works, and never puts the token in it', async () => {
    const { octokit } = api({ error: { status: 401, message: `Bad credentials for ${TOKEN}` } });
    const got = await changedFiles({ context: pr, token: TOKEN, cwd: '/repo', octokit, git: fakeGit([], []) });
    expect(got.scope).toBe('unavailable');
    const reason = got.scope === 'unavailable' ? got.reason : '';
    expect(reason).toMatch(
      /^the GitHub API answered HTTP 401: Bad credentials for \*\*\* - https:\S+ \(the token needs `pull-requests: read`\); the checkout does not have the base commit 1111111/,
    );
    expect(reason).not.toContain(TOKEN);
    expect(unavailableNotice(reason)).toMatch(/^annotations not limited to the PR's files: the GitHub API answered HTTP 401/);
  });

  it('reports a network failure and a missing git', async () => {
    const { octokit } = api({ networkError: true });
    const gitMissing: GitRunner = async () => {
      throw Object.assign(new Error('spawn git ENOENT'), { code: 'ENOENT' });
    };
    const got = await changedFiles({ context: pr, token: TOKEN, cwd: '/repo', octokit, git: gitMissing });
    expect(got).toEqual({ scope: 'unavailable', reason: 'the GitHub API could not be reached: fetch failed; git is not installed' });
  });

  it('reports a request that timed out', async () => {
    const timedOut = (async () => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }) as typeof fetch;
    const got = await changedFiles({ context: pr, token: TOKEN, cwd: '/repo', octokit: (t) => getOctokit(t, { request: { fetch: timedOut } }), git: null });
    expect(got).toEqual({ scope: 'unavailable', reason: 'the GitHub API did not answer within 60 s; git is not used' });
  });

  it("builds its client with a timeout and keeps @actions/github's proxy-aware request defaults", () => {
    const client = defaultOctokit(TOKEN) as unknown as { request: { endpoint: { DEFAULTS: { request: Record<string, unknown> } } } };
    const request = client.request.endpoint.DEFAULTS.request;
    expect(request.signal).toBeInstanceOf(AbortSignal);
    expect(request.fetch).toBe(octokitDefaults.request?.fetch);
    expect(request.agent).toBe(octokitDefaults.request?.agent);
  });

  it('never hands git anything but hex object names', async () => {
    const ctx = await realContext('pull_request', prPayload({ base: '--output=/tmp/x', head: 'HEAD;rm -rf /' }));
    const got = await changedFiles({ context: ctx, token: '', cwd: '/repo', git: noGit });
    expect(got).toEqual({ scope: 'unavailable', reason: 'no `github-token`; the event payload has no base and head commit' });
  });

  it('reports a broken payload without calling anything', async () => {
    const ctx = await realContext('pull_request', {});
    expect(
      await changedFiles({
        context: ctx,
        token: TOKEN,
        cwd: '/repo',
        octokit: () => {
          throw new Error('unused');
        },
        git: noGit,
      }),
    ).toEqual({
      scope: 'unavailable',
      reason: 'the pull_request event payload has no pull_request',
    });
  });
});

describe('execGit against a real repository', () => {
  let repo: string;
  let base: string;
  let head: string;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, encoding: 'utf8' }).trim();
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    writeFileSync(path.join(repo, rel), text);
  };

  beforeAll(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'fa-git-'));
    git('init', '-q');
    write('app/main.py', 'app = 1\n');
    write('app/old.py', 'x = 1\n');
    write('README.md', 'hi\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feature');
    write('app/main.py', 'app = 2\n');
    write('dir with space/ü #1 100%.py', 'y = 1\n');
    rmSync(path.join(repo, 'app/old.py'));
    git('add', '-A');
    git('commit', '-q', '-m', 'head');
    head = git('rev-parse', 'HEAD');
    git('checkout', '-q', 'main');
    write('README.md', 'changed on main after the branch point\n');
    git('commit', '-q', '-am', 'main moves on');
    base = git('rev-parse', 'HEAD');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('lists what the head changed since the merge base (three dots), with any file name', async () => {
    spawned.length = 0;
    const ctx = await realContext('pull_request', prPayload({ base, head }));
    const got = await changedFiles({ context: ctx, token: '', cwd: repo });
    expect(got).toMatchObject({ scope: 'pull-request', source: 'git', files: ['app/main.py', 'app/old.py', 'dir with space/ü #1 100%.py'] });
    // README.md changed on the base branch only: not part of the pull request.
    expect(spawned.length).toBe(3);
    for (const s of spawned) {
      expect(s.file).toBe('git');
      expect(s.options.shell).toBe(false);
      expect(s.options.timeout).toBeGreaterThan(0);
      expect((s.options.env as Record<string, string>).GIT_TERMINAL_PROMPT).toBe('0');
    }
  });

  it('says so when the checkout lacks a commit, is not a repository, or git is missing', async () => {
    const missing = await realContext('pull_request', prPayload({ base: 'c'.repeat(40), head }));
    expect(await changedFiles({ context: missing, token: '', cwd: repo })).toEqual({
      scope: 'unavailable',
      reason: 'no `github-token`; the checkout does not have the base commit ccccccc (check out with `fetch-depth: 0`)',
    });

    const empty = mkdtempSync(path.join(os.tmpdir(), 'fa-nogit-'));
    const ceiling = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = path.dirname(empty);
    try {
      const ctx = await realContext('pull_request', prPayload({ base, head }));
      expect(await changedFiles({ context: ctx, token: '', cwd: empty })).toEqual({ scope: 'unavailable', reason: 'no `github-token`; the workspace is not a git checkout' });
    } finally {
      if (ceiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = ceiling;
      rmSync(empty, { recursive: true, force: true });
    }

    const savedPath = process.env.PATH;
    process.env.PATH = '';
    try {
      await expect(execGit(['--version'], repo)).rejects.toMatchObject({ code: 'ENOENT' });
      const ctx = await realContext('pull_request', prPayload({ base, head }));
      expect(await changedFiles({ context: ctx, token: '', cwd: repo })).toEqual({ scope: 'unavailable', reason: 'no `github-token`; git is not installed' });
    } finally {
      process.env.PATH = savedPath;
    }
  });
});
