/**
 * Action entry: read inputs → scan → SARIF, inventory, annotations, job summary, outputs → fail
 * the step when a finding reaches `fail-on`. `src/index.ts` only calls `run()`, so tests can drive
 * it with the environment the runner sets (INPUT_*, GITHUB_WORKSPACE, GITHUB_OUTPUT, …).
 *
 * On pull-request events, annotations are limited to the files the pull request changes (listed
 * while the scan runs; see src/github/changed-files.ts); the SARIF file and the summary keep every
 * finding. With an inventory among the `baseline` files (one per line, e.g. the base branch's SARIF
 * and inventory), the summary opens with the attack-surface diff.
 */
import path from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { ConfigError, loadConfig } from './config/index.js';
import { outputFileProblems, scanRootProblem, throwProblems } from './config/paths.js';
import { activeFindings, failing, inventoryText, sarifText, writeFileAtomic } from './engine/outputs.js';
import { KNOWN_RULES, scan } from './engine/scan.js';
import { changedFiles, PULL_REQUEST_EVENTS, unavailableNotice, type ChangedFiles } from './github/changed-files.js';
import { resolvePathInput, selectScanPaths } from './github/path-input.js';
import { GITHUB_ANNOTATIONS_PER_LEVEL, planAnnotations, type Annotation } from './report/annotations.js';
import { newlyUnauthenticated, surfaceDetail, surfaceHeadline } from './report/attack-surface.js';
import { countBySeverity, plural, type AnnotationLevel } from './report/severity.js';
import { summaryMarkdown } from './report/summary.js';
import { problemCount, strictProblems } from './report/notices.js';
import { noticeLine } from './report/text.js';
import { applyBaseline, diffInventory } from './suppress/baseline.js';
import { baselineList, loadBaselines } from './suppress/baselines.js';
import { SEVERITIES, type Notice } from './types.js';

/**
 * Notices (skipped files, syntax errors, config and truncation messages) as workflow commands.
 * GitHub shows a bounded number of annotations per step (see src/report/annotations.ts), and a
 * notice spends the same budget as a finding: 500 files with syntax errors must not push the
 * findings' annotations out. So notices without a file (few, and about the whole run) and errors
 * (a file the engine failed on: rare, and the user must see it) are always annotated, and the
 * findings' plan leaves room for them (`alwaysAnnotated`); the other notices about a file take what
 * is left of their level's budget, and the rest are plain log lines (the job summary lists them
 * all, bounded).
 */
function emitNotices(notices: readonly Notice[], findingAnnotations: readonly Annotation[], pathPrefix: string | undefined): void {
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  for (const a of findingAnnotations) used[a.level]++;
  for (const n of notices.filter(isAlwaysAnnotated)) {
    annotateNotice(n, pathPrefix);
    used[n.level]++;
  }
  let logged = 0;
  for (const n of notices.filter((n) => !isAlwaysAnnotated(n))) {
    if (used[n.level] >= GITHUB_ANNOTATIONS_PER_LEVEL) {
      core.info(noticeLine(n, pathPrefix)); // printable: core.info prints as is
      logged++;
      continue;
    }
    used[n.level]++;
    annotateNotice(n, pathPrefix);
  }
  if (logged)
    core.info(
      `${logged} more notices are in the log above and in the job summary, not annotated (GitHub shows ${GITHUB_ANNOTATIONS_PER_LEVEL} annotations of each level per step).`,
    );
}

function isAlwaysAnnotated(n: Notice): boolean {
  return !n.file || n.level === 'error';
}

/** Annotations the notices always take, by level (the findings' plan leaves them room). */
function alwaysAnnotated(notices: readonly Notice[]): Record<AnnotationLevel, number> {
  const out: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  for (const n of notices) if (isAlwaysAnnotated(n)) out[n.level]++;
  return out;
}

function annotateNotice(n: Notice, pathPrefix: string | undefined): void {
  const props = n.file ? { file: pathPrefix ? `${pathPrefix}/${n.file}` : n.file, ...(n.line !== undefined ? { startLine: n.line } : {}) } : undefined;
  if (n.level === 'error') core.error(n.message, props);
  else if (n.level === 'warning') core.warning(n.message, props);
  else core.notice(n.message, props);
}

function boolInput(name: string, dflt: boolean): boolean {
  const v = core.getInput(name).trim().toLowerCase();
  if (v === '') return dflt;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new ConfigError({ key: `input ${name}`, problem: `"${v}" is not a boolean (allowed: true, false)` });
}

export async function run(): Promise<void> {
  try {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const token = core.getInput('github-token');
    if (token) core.setSecret(token);
    // One folder (the scan root), or patterns one per line with `!` exclusions (src/github/path-input.ts).
    const target = await resolvePathInput(core.getInput('path'), workspace);
    const root = target.root;
    const sarifInput = core.getInput('sarif-file') || 'fastapi-audit.sarif';
    const inventoryInput = core.getInput('inventory-file') || 'fastapi-audit-inventory.json';
    const sarifFile = path.resolve(workspace, sarifInput);
    const inventoryFile = path.resolve(workspace, inventoryInput);
    const annotate = boolInput('annotations', true);
    const summarize = boolInput('summary', true);
    const strict = boolInput('strict', false);
    const configInput = core.getInput('config');
    const baselineInput = core.getInput('baseline');
    // Before anything is scanned or written: a typo in `path` must not pass as "0 routes".
    throwProblems([
      ...(target.patterns ? target.problems : [scanRootProblem('input path', target.given, root)]),
      ...outputFileProblems([
        { key: 'input sarif-file', given: sarifInput, abs: sarifFile, kind: 'sarif' },
        { key: 'input inventory-file', given: inventoryInput, abs: inventoryFile, kind: 'inventory' },
      ]),
    ]);

    const { config, notices: configNotices } = await loadConfig({
      root,
      configPath: configInput ? path.resolve(workspace, configInput) : undefined,
      knownRules: KNOWN_RULES,
      overrides: { 'fail-on': core.getInput('fail-on') || undefined },
    });
    // One file per line: typically the base branch's SARIF (findings) and inventory (route diff).
    const baselines = await loadBaselines(baselineList(baselineInput).map((f) => path.resolve(workspace, f)));

    // The pull request's files are only needed to limit annotations; list them while the scan runs.
    const isPullRequest = PULL_REQUEST_EVENTS.includes(github.context.eventName);
    const prFiles: Promise<ChangedFiles> = annotate
      ? // changedFiles does not throw; the catch only keeps a bug there from failing the step.
        changedFiles({ context: github.context, token, cwd: workspace }).catch((): ChangedFiles => ({ scope: 'unavailable', reason: 'internal error while listing them' }))
      : Promise.resolve({ scope: 'all' });

    const selection = await selectScanPaths(target, config, workspace);
    const result = await scan({ root, ...(selection.paths ? { paths: selection.paths } : {}), config, label: target.given });
    result.notices.unshift(...configNotices, ...target.notices, ...selection.notices);
    if (baselines.findings) applyBaseline(result.findings, baselines.findings, result.inventory);
    // `strict`: the scan's errors and warnings fail the step, after every output is written; the
    // SARIF then says the execution was unsuccessful (code scanning keeps the alerts it had)
    const problems = strict ? strictProblems(result.notices) : [];
    // Paths in SARIF and annotations are relative to the repository, not to the scan root.
    const prefix = path.relative(workspace, root).split(path.sep).join('/');
    const pathPrefix = prefix && !prefix.startsWith('..') ? prefix : undefined;

    const sarif = sarifText(result, {
      automationId: `fastapi-audit/${pathPrefix ?? ''}`,
      ...(pathPrefix ? { pathPrefix } : {}),
      ...(problems.length ? { executionSuccessful: false } : {}),
    });
    if (sarif.notice) result.notices.push(sarif.notice);
    await writeFileAtomic(sarifFile, sarif.text);
    await writeFileAtomic(inventoryFile, inventoryText(result));

    const pr = await prFiles;
    if (pr.scope === 'unavailable') result.notices.push({ level: 'notice', message: unavailableNotice(pr.reason) });
    else if (pr.scope === 'pull-request') {
      const via = pr.source === 'api' ? 'listed by the GitHub API' : `listed by git diff; not by the GitHub API: ${pr.apiProblem ?? 'not used'}`;
      core.info(`Annotating only the ${plural(pr.files.length, 'file')} pull request #${pr.pr.number} changes (${via}).`);
    }

    const plan = planAnnotations(result.findings, {
      rules: result.rules,
      reserved: alwaysAnnotated(result.notices),
      ...(pathPrefix ? { pathPrefix } : {}),
      ...(pr.scope === 'pull-request' ? { changedFiles: pr.files } : {}),
    });
    emitNotices(result.notices, annotate ? plan.annotations : [], pathPrefix);

    // The attack-surface diff needs the baseline's routes: an inventory, not a SARIF file.
    const surface = baselines.inventory ? diffInventory(baselines.inventory, result.inventory) : undefined;
    const subject = isPullRequest ? 'This PR' : undefined;
    if (surface) core.info(`Attack surface: ${surfaceHeadline(surface, subject)} ${surfaceDetail(surface)}`);
    if (annotate) {
      for (const a of plan.annotations) {
        if (a.level === 'error') core.error(a.message, a.properties);
        else if (a.level === 'warning') core.warning(a.message, a.properties);
        else core.notice(a.message, a.properties);
      }
    }

    if (summarize) {
      const server = process.env.GITHUB_SERVER_URL;
      const repo = process.env.GITHUB_REPOSITORY;
      const md = summaryMarkdown({
        findings: result.findings,
        inventory: result.inventory,
        rules: result.rules,
        omittedAnnotations: annotate ? plan.omitted.total : 0,
        outsidePullRequest: annotate ? plan.skipped.unchangedFiles : 0,
        notices: result.notices,
        ...(surface
          ? { attackSurface: { diff: surface, ...(subject ? { subject } : {}) } }
          : baselines.findings
            ? {
                attackSurface: {
                  note: "No attack-surface diff: the baseline is a SARIF file, which has findings but no routes. Add the base branch's inventory file to `baseline` (one file per line) to see which routes a change opens.",
                },
              }
            : {}),
        ...(server && repo ? { repoUrl: `${server}/${repo}` } : {}),
        ...(process.env.GITHUB_SHA ? { sha: process.env.GITHUB_SHA } : {}),
        ...(pathPrefix ? { pathPrefix } : {}),
      });
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(md).write();
    }

    const active = activeFindings(result.findings);
    const counts = countBySeverity(active);
    core.setOutput('sarif-file', sarifFile);
    core.setOutput('inventory-file', inventoryFile);
    core.setOutput('findings', active.length);
    for (const s of SEVERITIES) core.setOutput(s, counts[s]);
    core.setOutput('routes', result.inventory.routes.length);
    core.setOutput('unauthenticated-routes', result.inventory.routes.filter((r) => r.auth === 'none' && !r.public).length);
    if (surface) core.setOutput('new-unauthenticated-routes', newlyUnauthenticated(surface));

    const bad = failing(result.findings, config.failOn);
    if (bad.length) {
      core.setFailed(
        `fastapi-audit: ${bad.length} finding${bad.length === 1 ? '' : 's'} at or above "${config.failOn}" (${active.length} in all); see the job summary or the code scanning alerts.`,
      );
    }
    if (problems.length) {
      core.setFailed(`fastapi-audit: strict: the scan reported ${problemCount(problems)}: its results may be incomplete; see the annotations or the job summary's notices.`);
    }
  } catch (e) {
    if (e instanceof ConfigError) core.setFailed(`fastapi-audit: ${e.message}`);
    else core.setFailed(`fastapi-audit: internal error: ${(e as Error)?.stack ?? String(e)}`);
  }
}
