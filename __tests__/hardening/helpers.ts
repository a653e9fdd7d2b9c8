/**
 * Shared by the hardening tests: throw-away projects on disk (files as text or bytes, symlinks,
 * FIFOs, directories), the real `scan()` in-process (`threads: 1`), SARIF made and checked the way
 * the entry points make it, and the built CLI as a process.
 *
 * The built bundles are `dist/` as committed; `FA_DIST=/some/dir` points the CLI runs at another
 * build of the same layout (to try a change before `npm run build` updates dist/).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Log, Result } from 'sarif';
import { expect } from 'vitest';
import { defaultConfig, type Config } from '../../src/config/index.js';
import { inventoryText, sarifText } from '../../src/engine/outputs.js';
import { scan, type ScanOptions, type ScanResult } from '../../src/engine/scan.js';
import { baseEnv, REPO_ROOT, runNode, type ProcessResult } from '../helpers/run-dist.js';
import { validateSarifSchema } from '../helpers/sarif.js';

// ---------------------------------------------------------------------------------------------
// Projects on disk

type Entry = string | Uint8Array | { link: string } | { dir: true } | { fifo: true };
export type Spec = Record<string, Entry>;

const roots: string[] = [];

/** A fresh directory holding `spec` (POSIX paths; parents made as needed). Removed by `cleanupProjects`. */
export function project(spec: Spec, prefix = 'fa-hard-'): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  roots.push(root);
  addFiles(root, spec);
  return root;
}

export function addFiles(root: string, spec: Spec): void {
  for (const [rel, entry] of Object.entries(spec)) {
    const abs = path.join(root, ...rel.split('/'));
    mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof entry === 'string' || entry instanceof Uint8Array) writeFileSync(abs, entry);
    else if ('link' in entry) symlinkSync(entry.link, abs);
    else if ('fifo' in entry) mkfifo(abs);
    else mkdirSync(abs, { recursive: true });
  }
}

export function cleanupProjects(): void {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
}

/** node:fs cannot make a FIFO: the coreutils tool (fixed argv, no shell). */
function mkfifo(abs: string): void {
  execFileSync('mkfifo', [abs]);
}

// ---------------------------------------------------------------------------------------------
// Scanning in-process

export function config(overrides: Partial<Config> = {}): Config {
  return { ...defaultConfig(), ...overrides };
}

/** The real engine, in-process (`threads: 1`), with the default config unless given. */
export async function scanDir(root: string, opts: Partial<Omit<ScanOptions, 'root'>> = {}): Promise<ScanResult> {
  return scan({ root, config: config(), threads: 1, ...opts });
}

export interface Checked {
  text: string;
  log: Log;
  results: Result[];
  inventory: string;
}

/** SARIF (as the CLI writes it) and inventory of a scan; fails the test when the SARIF is not schema-valid. */
export function outputsOf(result: ScanResult): Checked {
  const { text } = sarifText(result);
  const log = JSON.parse(text) as Log;
  expect(validateSarifSchema(log).errors).toEqual([]);
  return { text, log, results: log.runs[0]!.results ?? [], inventory: inventoryText(result) };
}

export interface Region {
  rule: string;
  file: string;
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

/** Each result's rule, decoded file path and region, in SARIF order. */
export function regions(results: readonly Result[]): Region[] {
  return results.map((r) => {
    const pl = r.locations![0]!.physicalLocation!;
    const reg = pl.region!;
    return {
      rule: r.ruleId!,
      file: decodeURIComponent(pl.artifactLocation!.uri!),
      startLine: reg.startLine!,
      ...(reg.startColumn !== undefined ? { startColumn: reg.startColumn } : {}),
      ...(reg.endLine !== undefined ? { endLine: reg.endLine } : {}),
      ...(reg.endColumn !== undefined ? { endColumn: reg.endColumn } : {}),
    };
  });
}

/** Every artifact URI in the log (results, related locations, notifications). */
export function allUris(log: Log): string[] {
  const run = log.runs[0]!;
  const locs = [
    ...(run.results ?? []).flatMap((r) => [...(r.locations ?? []), ...(r.relatedLocations ?? [])]),
    ...(run.invocations ?? []).flatMap((i) => (i.toolExecutionNotifications ?? []).flatMap((n) => n.locations ?? [])),
  ];
  return locs.map((l) => l.physicalLocation?.artifactLocation?.uri).filter((u): u is string => u !== undefined);
}

export function notificationTexts(log: Log): string[] {
  return (log.runs[0]!.invocations ?? []).flatMap((i) => (i.toolExecutionNotifications ?? []).map((n) => n.message.text ?? ''));
}

// ---------------------------------------------------------------------------------------------
// The built CLI

export const DIST = process.env.FA_DIST ? path.resolve(process.env.FA_DIST) : path.join(REPO_ROOT, 'dist');

export type Proc = ProcessResult;

/** `node [nodeArgs] <dist>/cli.js args` with a clean environment, killed after `timeoutMs`. */
export function runBuiltCli(args: readonly string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number; nodeArgs?: string[] }): Promise<Proc> {
  return runNode(path.join(DIST, 'cli.js'), args, {
    cwd: opts.cwd,
    env: { ...baseEnv(), ...(opts.env ?? {}) },
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.nodeArgs ? { nodeArgs: opts.nodeArgs } : {}),
  });
}

/** A small FastAPI app with findings at known places (FA101 on the POST route, FA401/FA301/FA302 on the app). */
export const APP_LINES = ['from fastapi import FastAPI', '', 'app = FastAPI(debug=True)', '', '', '@app.post("/items")', 'def create_item(item: dict):', '    return item', ''];
export const APP = APP_LINES.join('\n');

export function tempDir(prefix = 'fa-hard-'): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  roots.push(d);
  return d;
}
