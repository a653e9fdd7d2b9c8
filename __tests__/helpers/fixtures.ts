/**
 * Self-describing fixtures (after Semgrep's rule tests). A fixture is a folder holding a small
 * Python project; expectations are comments next to the code they concern:
 *
 *   # expect: FA101            a finding of FA101 must be reported on this line
 *   # expect: FA101(high)      ... with that severity
 *   # ok: FA101                no FA101 finding on this line
 *   # todo-expect: FA101       a known miss: must NOT be reported yet (promote it when fixed)
 *   # auth: required           the route registered on this line has this auth status in the inventory
 *
 * A comment alone on its line applies to the next line that is not blank or a comment; a trailing
 * comment applies to its own line. Several expectations may share a comment: `# expect: FA101 ok:
 * FA104`, `# expect: FA101, FA104(medium)`.
 *
 * The marks are parsed strictly, because a mark that is not understood would test nothing: a mark
 * must start its comment and nothing but marks may follow it (`# expect: FA101 - see #3` is an
 * error, not a mark silently ignored), rule ids must be rules the engine knows (src/rules RULES and
 * the suppression rules: KNOWN_RULES), a severity must be one of SEVERITIES and is only for
 * `expect`, an auth status one of AuthStatus, and a comment alone on the last lines applies to
 * nothing, which is an error too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { KNOWN_RULES, scan, type ScanResult } from '../../src/engine/scan.js';
import { SEVERITIES, type AuthStatus, type Finding } from '../../src/types.js';

export interface Expectation {
  kind: 'expect' | 'ok' | 'todo-expect' | 'auth';
  rule: string;
  severity?: string;
  file: string;
  line: number;
}

/** Every auth status a route can have (a Record, so a new AuthStatus fails the typecheck here). */
const AUTH_STATUSES: Record<AuthStatus, true> = { required: true, optional: true, conditional: true, none: true, unknown: true };
const RULE_IDS = new Set(KNOWN_RULES.map((r) => r.id));

/** A mark keyword; not the `expect:` inside `todo-expect:`. */
const KEYWORD = /(?<![\w-])(expect|ok|todo-expect|auth):/;
const MARK = /\s*(expect|ok|todo-expect|auth):\s*/y;
const ITEM = /([A-Za-z0-9_-]+)(?:\((\w+)\))?/y;
const COMMA = /\s*,\s*/y;
const HELP = 'a mark is "# expect: FA101", "# expect: FA101(high), FA104", "# ok: FA101", "# todo-expect: FA101" or "# auth: required", alone in its comment';

/** Matches `re` (sticky) at `pos` in `s`. */
function at(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

/** The marks of one comment body (from its first keyword to the end of the line), or the reason it is malformed. */
function parseBody(body: string): { marks: Array<{ kind: Expectation['kind']; rule: string; severity?: string }> } | { error: string } {
  const marks: Array<{ kind: Expectation['kind']; rule: string; severity?: string }> = [];
  let pos = 0;
  while (pos < body.length) {
    const k = at(MARK, body, pos);
    if (!k) {
      if (/^\s*$/.test(body.slice(pos))) break;
      return { error: `unexpected text "${body.slice(pos).trim()}"` };
    }
    pos = k.index + k[0].length;
    const kind = k[1] as Expectation['kind'];
    for (;;) {
      const item = at(ITEM, body, pos);
      if (!item) return { error: `"${kind}:" is not followed by a rule id${kind === 'auth' ? ' (an auth status)' : ''}` };
      marks.push({ kind, rule: item[1]!, ...(item[2] ? { severity: item[2] } : {}) });
      pos = item.index + item[0].length;
      const comma = at(COMMA, body, pos);
      if (!comma) break;
      pos = comma.index + comma[0].length;
    }
    // after a list: the end of the comment, or whitespace and the next mark
    if (pos < body.length && !/^\s/.test(body.slice(pos))) return { error: `unexpected text "${body.slice(pos).trim()}"` };
  }
  return { marks };
}

/** What is wrong with one mark's rule, severity or status, if anything. */
function markProblem(m: { kind: Expectation['kind']; rule: string; severity?: string }): string | undefined {
  if (m.kind === 'auth') {
    if (!(m.rule in AUTH_STATUSES)) return `unknown auth status "${m.rule}" (allowed: ${Object.keys(AUTH_STATUSES).join(', ')})`;
    if (m.severity) return `"auth: ${m.rule}(${m.severity})": an auth status has no severity`;
    return undefined;
  }
  if (!RULE_IDS.has(m.rule)) return `unknown rule "${m.rule}" in "${m.kind}:" (allowed: the rule ids of src/rules and the suppression rules, e.g. FA101)`;
  if (m.severity !== undefined) {
    if (m.kind !== 'expect') return `"${m.kind}: ${m.rule}(${m.severity})": only "expect:" takes a severity`;
    if (!(SEVERITIES as readonly string[]).includes(m.severity)) return `unknown severity "${m.severity}" (allowed: ${SEVERITIES.join(', ')})`;
  }
  return undefined;
}

/** The marks of every `.py` file under root, and every problem with them (a problem fails the fixture). */
export function parseMarks(root: string): { expectations: Expectation[]; problems: string[] } {
  const expectations: Expectation[] = [];
  const problems: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (name.endsWith('.py')) {
        const rel = path.relative(root, abs).split(path.sep).join('/');
        const lines = readFileSync(abs, 'utf8').split(/\r\n|\r|\n/);
        lines.forEach((text, i) => {
          const hash = text.indexOf('#');
          if (hash < 0) return;
          const comment = text.slice(hash + 1);
          const first = comment.search(KEYWORD);
          if (first < 0) return;
          const where = `${rel}:${i + 1}`;
          // The mark must start a comment: only whitespace between it and the `#` before it.
          const before = comment.slice(0, first);
          if (before.slice(before.lastIndexOf('#') + 1).trim() !== '') {
            problems.push(`${where}: a mark must start its comment, in "#${comment}" (${HELP})`);
            return;
          }
          const parsed = parseBody(comment.slice(first));
          if ('error' in parsed) {
            problems.push(`${where}: malformed mark "${comment.slice(first).trim()}": ${parsed.error} (${HELP})`);
            return;
          }
          const standalone = text.slice(0, hash).trim() === '';
          let target = i + 1;
          if (standalone) {
            let j = i + 1;
            while (j < lines.length && /^\s*(#.*)?$/.test(lines[j]!)) j++;
            if (j >= lines.length) {
              problems.push(`${where}: the mark applies to no line (only blank lines and comments follow it)`);
              return;
            }
            target = j + 1;
          }
          for (const m of parsed.marks) {
            const problem = markProblem(m);
            if (problem) problems.push(`${where}: ${problem}`);
            else expectations.push({ kind: m.kind, rule: m.rule, ...(m.severity ? { severity: m.severity } : {}), file: rel, line: target });
          }
        });
      }
    }
  };
  walk(root);
  // `expect` and `ok` (or `todo-expect`) of one rule on one line contradict each other.
  const key = (e: Expectation) => `${e.file}:${e.line} ${e.rule}`;
  const expected = new Set(expectations.filter((e) => e.kind === 'expect').map(key));
  for (const e of expectations) {
    if ((e.kind === 'ok' || e.kind === 'todo-expect') && expected.has(key(e))) problems.push(`${e.file}:${e.line}: both "expect: ${e.rule}" and "${e.kind}: ${e.rule}"`);
  }
  return { expectations, problems };
}

export async function scanFixture(root: string): Promise<ScanResult> {
  const { config } = await loadConfig({ root, knownRules: KNOWN_RULES });
  return scan({ root, config, threads: 1 });
}

/** Problems found comparing a scan with the fixture's expectations (empty = all good). */
export function checkExpectations(result: ScanResult, exps: Expectation[]): string[] {
  const problems: string[] = [];
  const active = result.findings.filter((f) => !f.suppression);
  const ran = new Set(result.rules.map((r) => r.id));
  const at = (e: Expectation) => active.filter((f) => f.ruleId === e.rule && f.location.file === e.file && f.location.line === e.line);
  /** Findings an `ok`/`todo-expect` mark already reported (not reported again as unexpected). */
  const reported = new Set<Finding>();
  for (const e of exps) {
    const where = `${e.file}:${e.line}`;
    if (e.kind !== 'auth' && !ran.has(e.rule)) {
      // An `ok` for a rule that did not run cannot fail, an `expect` cannot pass.
      problems.push(`${where}: "${e.kind}: ${e.rule}" cannot be checked: ${e.rule} is turned off in this fixture's configuration`);
      continue;
    }
    if (e.kind === 'expect') {
      const got = at(e);
      if (!got.length) problems.push(`${where}: expected ${e.rule}, got ${describeLine(result, e) || 'nothing'}`);
      else if (e.severity && !got.some((f) => f.severity === e.severity))
        problems.push(`${where}: expected ${e.rule} at ${e.severity}, got ${got.map((f) => f.severity).join(', ')}`);
    } else if (e.kind === 'ok') {
      // Each `ok` is checked on its own line: the rule must report nothing there.
      for (const f of at(e)) {
        problems.push(`${where}: "ok: ${e.rule}" but ${e.rule} is reported: ${f.message}`);
        reported.add(f);
      }
    } else if (e.kind === 'todo-expect') {
      for (const f of at(e)) {
        problems.push(`${where}: known miss now found (promote the todo-expect) ${e.rule}: ${f.message}`);
        reported.add(f);
      }
    } else {
      const routes = result.inventory.routes.filter((r) => r.line === e.line && routeFile(result, r, e.file));
      if (!routes.length) problems.push(`${where}: no route registered on this line`);
      else if (!routes.every((r) => r.auth === e.rule)) problems.push(`${where}: expected auth ${e.rule}, got ${routes.map((r) => `${r.path}=${r.auth}`).join(', ')}`);
    }
  }
  // Every active finding in a fixture must be expected: unexpected findings are false alarms.
  for (const f of active) {
    if (reported.has(f)) continue;
    const expected = exps.some((e) => e.kind === 'expect' && e.rule === f.ruleId && e.file === f.location.file && e.line === f.location.line);
    if (!expected) problems.push(`${f.location.file}:${f.location.line}: unexpected ${f.ruleId}: ${f.message}`);
  }
  return problems;
}

function routeFile(result: ScanResult, r: { file: string; line: number; path: string }, file: string): boolean {
  const info = result.project.routes.find((x) => x.path === r.path && x.line === r.line);
  return info ? info.rec.loc.file === file : r.file === file;
}

function describeLine(result: ScanResult, e: Expectation): string {
  return result.findings
    .filter((f) => f.location.file === e.file && f.location.line === e.line)
    .map((f) => f.ruleId)
    .join(', ');
}

/** Fixture folders: each direct subfolder of dir (a missing dir throws: it would test nothing). */
export function fixtureDirs(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => statSync(path.join(dir, n)).isDirectory())
    .sort()
    .map((n) => path.join(dir, n));
}
