/**
 * Checks on the paths the user hands the CLI or the action (the scan root, the output files), made
 * before anything is scanned or written: a typo must fail with exit 2 / a failed step that names
 * the flag or input, not pass with "0 routes" or die half-way with an internal error after one of
 * two output files was written.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type ConfigProblem } from './errors.js';

function statOrUndefined(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** Problems with a scan root: it must exist and be a directory. */
export function scanRootProblem(key: string, given: string, abs: string): ConfigProblem | undefined {
  const st = statOrUndefined(abs);
  if (!st) return { key, problem: `"${given}" does not exist (allowed: a directory to scan)` };
  if (!st.isDirectory()) return { key, problem: `"${given}" is not a directory (allowed: a directory to scan)` };
  return undefined;
}

export interface OutputFile {
  /** How the user named it: `--sarif`, `input sarif-file`. */
  key: string;
  /** As given. */
  given: string;
  /** Resolved. */
  abs: string;
  /** Outputs with the same `kind` may share a file (they write the same bytes). */
  kind: string;
}

/**
 * Problems with output files: each must be creatable as a file (not an existing directory, not
 * below an existing file), and two outputs of different kinds must not name the same file.
 */
export function outputFileProblems(files: readonly OutputFile[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const f of files) {
    const st = statOrUndefined(f.abs);
    if (st?.isDirectory()) {
      problems.push({ key: f.key, problem: `"${f.given}" is a directory (allowed: a file path to write)` });
      continue;
    }
    if (st && !st.isFile()) {
      problems.push({ key: f.key, problem: `"${f.given}" exists and is not a regular file (allowed: a file path to write)` });
      continue;
    }
    // The nearest existing ancestor must be a directory (mkdir -p makes the rest).
    for (let dir = path.dirname(f.abs); ; dir = path.dirname(dir)) {
      const d = statOrUndefined(dir);
      if (d) {
        if (!d.isDirectory()) problems.push({ key: f.key, problem: `"${f.given}" cannot be created: ${dir} is not a directory (allowed: a file path to write)` });
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  for (let i = 0; i < files.length; i++) {
    for (let j = i + 1; j < files.length; j++) {
      const a = files[i]!;
      const b = files[j]!;
      if (a.kind !== b.kind && a.abs === b.abs) {
        problems.push({ key: b.key, problem: `"${b.given}" is the file ${a.key} writes too (allowed: a different file)` });
      }
    }
  }
  return problems;
}

/** Throws a ConfigError listing every problem, if there is one. */
export function throwProblems(problems: ReadonlyArray<ConfigProblem | undefined>): void {
  const list = problems.filter((p): p is ConfigProblem => p !== undefined);
  if (list.length) throw new ConfigError(list);
}
