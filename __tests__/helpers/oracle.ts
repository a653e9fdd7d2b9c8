/**
 * The route-inventory oracle: ../shared/oracle beside the repository (the route tables FastAPI
 * itself builds for generated multi-file projects; .ci/run compares the CLI with them). It is in
 * the team's checkouts and in CI, not in a bare clone of the repository, where the tests that read
 * its cases run without them: they say so in the test output instead of silently testing less.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** The oracle's cases folder (one project per subfolder). */
export const ORACLE_CASES = path.resolve(REPO_ROOT, '../shared/oracle/cases');

/** True when the oracle's cases are there; otherwise prints why `what` is left out of this run. */
export function oraclePresent(what: string): boolean {
  if (existsSync(ORACLE_CASES)) return true;
  console.warn(`skipped: ${what}: ${ORACLE_CASES} not found (the oracle lives in ../shared/oracle beside the repository; a bare clone tests less)`);
  return false;
}
