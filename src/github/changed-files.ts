/**
 * The files a pull request changes, so that annotations can be limited to them (the SARIF file and
 * the job summary keep every finding).
 *
 * On `pull_request` / `pull_request_target` events, in this order:
 *
 * 1. The REST API, "List pull requests files" (`GET /repos/{owner}/{repo}/pulls/{n}/files`), with the
 *    `github-token` input. "Responses include a maximum of 3000 files. The paginated response
 *    returns 30 files per page by default" (GitHub REST docs,
 *    https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files); `per_page` goes up to
 *    100, so at most 30 requests. A list cut at 3000 is not used: limiting annotations to it would
 *    hide findings in the files it leaves out.
 * 2. `git diff --name-only base...head` in the checkout, when it has both commits (actions/checkout
 *    with `fetch-depth: 0`). git is run with `execFile` (no shell), fixed arguments, SHAs checked to
 *    be hex object names, `--no-ext-diff --no-textconv` (no diff driver runs), no prompts, no
 *    optional locks and no lazy fetch in a partial clone; output is NUL-separated, so any file name
 *    survives.
 * 3. Otherwise the caller annotates every file and says why in a notice.
 *
 * The token is only handed to Octokit; it never appears in a message (any reason text that
 * contains it is redacted), and the caller registers it with `core.setSecret`.
 */
import { execFile } from 'node:child_process';
import { getOctokit } from '@actions/github';
import { defaults as octokitDefaults } from '@actions/github/lib/utils';

/** Events whose payload is a pull request. */
export const PULL_REQUEST_EVENTS: readonly string[] = ['pull_request', 'pull_request_target'];
/** The most files "List pull requests files" returns for one pull request. */
export const GITHUB_PR_FILES_LIMIT = 3000;
/** The largest `per_page` the endpoint accepts. */
const PR_FILES_PER_PAGE = 100;
/** Time allowed for all API requests together, and for each git command. */
const API_TIMEOUT_MS = 60_000;
const GIT_TIMEOUT_MS = 30_000;

/** What we read of `@actions/github`'s `context` (its `repo` getter throws without GITHUB_REPOSITORY). */
export interface EventContext {
  eventName: string;
  payload: { pull_request?: unknown; [key: string]: unknown };
  readonly repo: { owner: string; repo: string };
}

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  baseSha: string;
  headSha: string;
  /** `pull_request.changed_files` from the payload, when present. */
  changedFiles?: number;
}

/** The subset of an Octokit client used here (what `getOctokit` returns). */
export type GitHubClient = Pick<ReturnType<typeof getOctokit>, 'paginate' | 'rest'>;

/** Runs git with the given arguments in `cwd` (never through a shell) and resolves to its stdout. */
export type GitRunner = (args: readonly string[], cwd: string) => Promise<string>;

export type ChangedFiles =
  /** Not a pull-request event: nothing to limit. */
  | { scope: 'all' }
  /** Repository-relative POSIX paths of every file the pull request changes, sorted. */
  | { scope: 'pull-request'; files: string[]; source: 'api' | 'git'; pr: PullRequestRef; apiProblem?: string }
  /** A pull-request event, but the files could not be listed: annotate everything, and say why. */
  | { scope: 'unavailable'; reason: string };

export interface ChangedFilesOptions {
  context: EventContext;
  /** The `github-token` input; empty or undefined skips the API. */
  token?: string;
  /** The checkout (the workspace), where git runs. */
  cwd: string;
  /** Makes the API client (default: `@actions/github`'s `getOctokit` with a timeout). */
  octokit?: (token: string) => GitHubClient;
  /** Runs git (default: `execFile('git', …)`); `null` skips git. */
  git?: GitRunner | null;
}

const HEX_OBJECT_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

const short = (sha: string) => sha.slice(0, 7);

/**
 * The pull request of the event, `undefined` for other events, or a string saying what is missing
 * from a pull-request event's payload.
 */
export function pullRequestOf(context: EventContext): PullRequestRef | string | undefined {
  if (!PULL_REQUEST_EVENTS.includes(context.eventName)) return undefined;
  const pr = context.payload.pull_request as { number?: unknown; base?: { sha?: unknown }; head?: { sha?: unknown }; changed_files?: unknown } | undefined;
  if (!pr || typeof pr !== 'object') return `the ${context.eventName} event payload has no pull_request`;
  if (typeof pr.number !== 'number' || !Number.isSafeInteger(pr.number) || pr.number < 1) return 'the event payload has no pull request number';
  const baseSha = typeof pr.base?.sha === 'string' ? pr.base.sha.toLowerCase() : '';
  const headSha = typeof pr.head?.sha === 'string' ? pr.head.sha.toLowerCase() : '';
  let repo: { owner: string; repo: string };
  try {
    repo = context.repo;
  } catch {
    return 'the repository is unknown (no GITHUB_REPOSITORY)';
  }
  if (!repo.owner || !repo.repo) return 'the repository is unknown (no GITHUB_REPOSITORY)';
  const ref: PullRequestRef = { owner: repo.owner, repo: repo.repo, number: pr.number, baseSha, headSha };
  if (typeof pr.changed_files === 'number' && Number.isSafeInteger(pr.changed_files) && pr.changed_files >= 0) ref.changedFiles = pr.changed_files;
  return ref;
}

/** `getOctokit` with an overall timeout; keeps `@actions/github`'s request defaults (proxy-aware fetch). */
export function defaultOctokit(token: string): GitHubClient {
  return getOctokit(token, { request: { ...octokitDefaults.request, signal: AbortSignal.timeout(API_TIMEOUT_MS) } });
}

/** git through `execFile`: no shell, no prompt, no optional locks, bounded time and output. */
export const execGit: GitRunner = (args, cwd) =>
  new Promise((resolve, reject) => {
    // GIT_NO_LAZY_FETCH (git 2.44+): in a partial clone, a missing object is an error, not a fetch
    // from the remote; the API is the only network use of the PR features.
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_NO_LAZY_FETCH: '1' };
    delete env.GIT_EXTERNAL_DIFF;
    execFile('git', [...args], { cwd, env, shell: false, windowsHide: true, timeout: GIT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr: String(stderr ?? '') }));
      else resolve(String(stdout));
    });
  });

/** The first line of an error's message, bounded, with the token removed if it somehow got in. */
function describe(text: string, token: string | undefined): string {
  let line =
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== '')
      ?.trim() ?? 'unknown error';
  if (token) line = line.split(token).join('***');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function apiProblem(e: unknown, token: string): string {
  const err = (e ?? {}) as { status?: unknown; message?: unknown; name?: unknown; response?: unknown; cause?: { name?: unknown } };
  const message = describe(typeof err.message === 'string' ? err.message : String(e), token);
  // Octokit reports a failed fetch (and our timeout) as status 500 without a response.
  if ([err.name, err.cause?.name].some((n) => n === 'TimeoutError' || n === 'AbortError')) return `the GitHub API did not answer within ${API_TIMEOUT_MS / 1000} s`;
  if (typeof err.status === 'number' && err.response !== undefined) {
    const hint = err.status === 401 || err.status === 403 || err.status === 404 ? ' (the token needs `pull-requests: read`)' : '';
    return `the GitHub API answered HTTP ${err.status}: ${message}${hint}`;
  }
  return `the GitHub API could not be reached: ${message}`;
}

/** Every file of the pull request via the REST API; `truncated` when GitHub cut the list at 3000. Throws the API's errors. */
async function listViaApi(client: GitHubClient, pr: PullRequestRef): Promise<{ files: string[]; truncated: boolean }> {
  const files = new Set<string>();
  let listed = 0;
  const pages = client.paginate.iterator(client.rest.pulls.listFiles, {
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    per_page: PR_FILES_PER_PAGE,
  });
  for await (const page of pages) {
    for (const f of page.data) {
      listed++;
      if (typeof f.filename === 'string' && f.filename !== '') files.add(f.filename);
    }
    if (listed >= GITHUB_PR_FILES_LIMIT) break;
  }
  // GitHub stops at 3000; a list of exactly 3000 is complete only if the payload says so.
  const truncated = listed >= GITHUB_PR_FILES_LIMIT && (pr.changedFiles === undefined || pr.changedFiles > listed);
  return { files: [...files].sort(), truncated };
}

/** The pull request's files from the local checkout (`base...head`: what the head changed since the merge base). */
async function listViaGit(git: GitRunner, cwd: string, pr: PullRequestRef): Promise<string[] | string> {
  if (!HEX_OBJECT_NAME.test(pr.baseSha) || !HEX_OBJECT_NAME.test(pr.headSha)) return 'the event payload has no base and head commit';
  for (const [what, sha] of [
    ['base', pr.baseSha],
    ['head', pr.headSha],
  ] as const) {
    try {
      await git(['cat-file', '-e', `${sha}^{commit}`], cwd);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'git is not installed';
      const stderr = (e as { stderr?: string }).stderr ?? '';
      if (/not a git repository/i.test(stderr)) return 'the workspace is not a git checkout';
      if (/dubious ownership/i.test(stderr)) return 'git refuses the checkout (dubious ownership: see `safe.directory`)';
      return `the checkout does not have the ${what} commit ${short(sha)} (check out with \`fetch-depth: 0\`)`;
    }
  }
  let out: string;
  try {
    out = await git(['diff', '--name-only', '-z', '--no-ext-diff', '--no-textconv', `${pr.baseSha}...${pr.headSha}`, '--'], cwd);
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? '';
    return `git diff failed: ${describe(stderr || (e as Error).message, undefined)}`;
  }
  return [...new Set(out.split('\0').filter((p) => p !== ''))].sort();
}

/**
 * The files the event's pull request changes: `{ scope: 'all' }` for other events, the list (from the
 * API, else git), or `unavailable` with the reason. Never throws.
 */
export async function changedFiles(opts: ChangedFilesOptions): Promise<ChangedFiles> {
  const pr = pullRequestOf(opts.context);
  if (pr === undefined) return { scope: 'all' };
  if (typeof pr === 'string') return { scope: 'unavailable', reason: pr };

  const token = opts.token?.trim() ?? '';
  let apiProblemText: string;
  if (!token) apiProblemText = 'no `github-token`';
  else {
    try {
      const client = (opts.octokit ?? defaultOctokit)(token);
      const listed = await listViaApi(client, pr);
      if (!listed.truncated) return { scope: 'pull-request', files: listed.files, source: 'api', pr };
      apiProblemText = `the GitHub API lists at most ${GITHUB_PR_FILES_LIMIT} files and this pull request changes ${pr.changedFiles ?? 'more'}`;
    } catch (e) {
      apiProblemText = apiProblem(e, token);
    }
  }

  const git = opts.git === undefined ? execGit : opts.git;
  let gitProblem = 'git is not used';
  if (git) {
    try {
      const files = await listViaGit(git, opts.cwd, pr);
      if (typeof files !== 'string') return { scope: 'pull-request', files, source: 'git', pr, apiProblem: apiProblemText };
      gitProblem = files;
    } catch (e) {
      gitProblem = `git failed: ${describe((e as Error)?.message ?? String(e), token)}`;
    }
  }
  return { scope: 'unavailable', reason: `${apiProblemText}; ${gitProblem}` };
}

/** The notice for `unavailable`: "annotations not limited to the PR's files: …". */
export function unavailableNotice(reason: string): string {
  return `annotations not limited to the PR's files: ${reason}. Every finding is annotated; the SARIF file and the job summary are complete either way.`;
}
