/**
 * Test doubles for GitHub: an event payload file (GITHUB_EVENT_PATH) read by `@actions/github`'s
 * real `context`, and a `fetch` that answers "List pull requests files" the way api.github.com does
 * (per_page up to 100, Link headers, at most 3000 files), for Octokit's `request.fetch` option.
 * Nothing here touches the network: any other URL is a 404.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EventContext } from '../../src/github/changed-files.js';

export const BASE_SHA = '1111111111111111111111111111111111111111';
export const HEAD_SHA = '2222222222222222222222222222222222222222';

export function prPayload(opts: { number?: number; base?: string; head?: string; changedFiles?: number } = {}): object {
  return {
    action: 'synchronize',
    number: opts.number ?? 7,
    pull_request: {
      number: opts.number ?? 7,
      base: { sha: opts.base ?? BASE_SHA, ref: 'main' },
      head: { sha: opts.head ?? HEAD_SHA, ref: 'feature' },
      ...(opts.changedFiles !== undefined ? { changed_files: opts.changedFiles } : {}),
    },
    repository: { name: 'shop', owner: { login: 'acme' } },
  };
}

const ENV_KEYS = ['GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH', 'GITHUB_REPOSITORY'] as const;

/** Writes the payload to a file and points the runner's variables at it (`null`: no GITHUB_REPOSITORY); `restore()` undoes it. */
export function setEvent(eventName: string, payload: object, repository: string | null = 'acme/shop'): { restore: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fa-event-'));
  const file = path.join(dir, 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  process.env.GITHUB_EVENT_NAME = eventName;
  process.env.GITHUB_EVENT_PATH = file;
  if (repository === null) delete process.env.GITHUB_REPOSITORY;
  else process.env.GITHUB_REPOSITORY = repository;
  return {
    restore() {
      for (const k of ENV_KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `@actions/github`'s own `Context` class. Its module-level `context` is hydrated once, at import, and
 * vitest does not re-evaluate external packages, so tests build a fresh instance per event. The
 * class is not in the package's exports map: import its file directly.
 */
export async function contextClass(): Promise<new () => EventContext> {
  const main = fileURLToPath(import.meta.resolve('@actions/github')); // …/@actions/github/lib/github.js
  const mod = (await import(pathToFileURL(path.join(path.dirname(main), 'context.js')).href)) as { Context: new () => EventContext };
  return mod.Context;
}

/** A real `Context`, hydrated from the event (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY). */
export async function realContext(eventName: string, payload: object, repository?: string | null): Promise<EventContext> {
  const Context = await contextClass();
  const event = setEvent(eventName, payload, repository === undefined ? 'acme/shop' : repository);
  try {
    const context = new Context();
    // `repo` reads GITHUB_REPOSITORY when called: keep answering as it did while the event was set.
    let repo: { owner: string; repo: string } | Error;
    try {
      repo = context.repo;
    } catch (e) {
      repo = e as Error;
    }
    return {
      eventName: context.eventName,
      payload: context.payload,
      get repo() {
        if (repo instanceof Error) throw repo;
        return repo;
      },
    };
  } finally {
    event.restore();
  }
}

interface RecordedRequest {
  method: string;
  url: URL;
  authorization: string | null;
}

export interface FakeApi {
  fetch: typeof fetch;
  requests: RecordedRequest[];
}

export interface FakeApiOptions {
  owner?: string;
  repo?: string;
  number?: number;
  /** The pull request's files (GitHub lists at most 3000 of them). */
  files?: string[];
  /** Answer every request with this error status and message instead. */
  error?: { status: number; message: string };
  /** Make fetch itself fail (network down). */
  networkError?: boolean;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

export function fakeGitHubApi(opts: FakeApiOptions): FakeApi {
  const requests: RecordedRequest[] = [];
  const owner = opts.owner ?? 'acme';
  const repo = opts.repo ?? 'shop';
  const number = opts.number ?? 7;
  const listed = (opts.files ?? []).slice(0, 3000);
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers = new Headers(init?.headers);
    requests.push({ method: init?.method ?? 'GET', url, authorization: headers.get('authorization') });
    if (opts.networkError) throw new TypeError('fetch failed');
    if (opts.error)
      return json(opts.error.status, {
        message: opts.error.message,
        documentation_url: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files',
        status: String(opts.error.status),
      });
    if (url.origin !== 'https://api.github.com' || url.pathname !== `/repos/${owner}/${repo}/pulls/${number}/files`) return json(404, { message: 'Not Found' });
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const data = listed.slice((page - 1) * perPage, page * perPage).map((filename) => ({ filename, status: 'modified', additions: 1, deletions: 0, changes: 1 }));
    const last = Math.max(1, Math.ceil(listed.length / perPage));
    const link = (p: number, rel: string) => {
      const u = new URL(url);
      u.searchParams.set('page', String(p));
      return `<${u.href}>; rel="${rel}"`;
    };
    const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : [];
    return json(200, data, links.length ? { link: links.join(', ') } : {});
  }) as typeof fetch;
  return { fetch: fakeFetch, requests };
}
