/**
 * What `--strict` (the action's `strict` input) fails on: the scan's errors and warnings, the
 * notices that say its results may be incomplete — a file the engine failed on (an internal error),
 * code cut off by an extraction bound, an evaluation limit reached, a file or folder that could not
 * be read, no Python file found, a configuration file ignored. Like Semgrep's `--strict` ("return a
 * nonzero exit code when WARN level errors are encountered"), after every output is written.
 * Notices about the outputs themselves (a SARIF file cut to GitHub's limits) are not counted: the
 * caller takes the scan's notices before adding those.
 */
import type { Notice } from '../types.js';
import { plural } from './severity.js';

export function strictProblems(notices: readonly Notice[]): Notice[] {
  return notices.filter((n) => n.level === 'error' || n.level === 'warning');
}

/** "1 error and 2 warnings" (of `strictProblems`). */
export function problemCount(problems: readonly Notice[]): string {
  const errors = problems.filter((n) => n.level === 'error').length;
  const warnings = problems.filter((n) => n.level === 'warning').length;
  return [errors && plural(errors, 'error'), warnings && plural(warnings, 'warning')].filter(Boolean).join(' and ');
}
