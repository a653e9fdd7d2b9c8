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
 * A comment alone on its line applies to the next line that is not a comment; a trailing comment
 * applies to its own line. Several expectations may share a comment: `# expect: FA101 ok: FA104`.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { KNOWN_RULES, scan, type ScanResult } from '../../src/engine/scan.js';

export interface Expectation {
  kind: 'expect' | 'ok' | 'todo-expect' | 'auth';
  rule: string;
  severity?: string;
  file: string;
  line: number;
}

const DIRECTIVE = /\b(expect|ok|todo-expect|auth):\s*([A-Za-z0-9_,() -]+?)(?=\s+(?:expect|ok|todo-expect|auth):|$)/g;

export function expectationsIn(root: string): Expectation[] {
  const out: Expectation[] = [];
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
          const standalone = text.slice(0, hash).trim() === '';
          let target = i + 1;
          if (standalone) {
            let j = i + 1;
            while (j < lines.length && /^\s*(#.*)?$/.test(lines[j]!)) j++;
            target = j + 1;
          }
          for (const m of comment.matchAll(DIRECTIVE)) {
            const kind = m[1] as Expectation['kind'];
            for (const item of m[2]!.split(',').map((s) => s.trim()).filter(Boolean)) {
              const [, rule, sev] = /^([A-Za-z0-9_-]+)(?:\((\w+)\))?$/.exec(item) ?? [];
              if (!rule) throw new Error(`${rel}:${i + 1}: malformed expectation "${item}"`);
              out.push({ kind, rule, ...(sev ? { severity: sev } : {}), file: rel, line: target });
            }
          }
        });
      }
    }
  };
  walk(root);
  return out;
}

export async function scanFixture(root: string): Promise<ScanResult> {
  const { config } = await loadConfig({ root, knownRules: KNOWN_RULES });
  return scan({ root, config, threads: 1 });
}

/** Problems found comparing a scan with the fixture's expectations (empty = all good). */
export function checkExpectations(result: ScanResult, exps: Expectation[]): string[] {
  const problems: string[] = [];
  const active = result.findings.filter((f) => !f.suppression);
  const at = (e: Expectation) => active.filter((f) => f.ruleId === e.rule && f.location.file === e.file && f.location.line === e.line);
  for (const e of exps) {
    const where = `${e.file}:${e.line}`;
    if (e.kind === 'expect') {
      const got = at(e);
      if (!got.length) problems.push(`${where}: expected ${e.rule}, got ${describeLine(result, e) || 'nothing'}`);
      else if (e.severity && !got.some((f) => f.severity === e.severity)) problems.push(`${where}: expected ${e.rule} at ${e.severity}, got ${got.map((f) => f.severity).join(', ')}`);
    } else if (e.kind === 'ok' || e.kind === 'todo-expect') {
      const got = at(e);
      if (got.length) problems.push(`${where}: ${e.kind === 'ok' ? 'unexpected' : 'known miss now found (promote the todo-expect)'} ${e.rule}: ${got[0]!.message}`);
    } else {
      const routes = result.inventory.routes.filter((r) => r.line === e.line && routeFile(result, r, e.file));
      if (!routes.length) problems.push(`${where}: no route registered on this line`);
      else if (!routes.every((r) => r.auth === e.rule)) problems.push(`${where}: expected auth ${e.rule}, got ${routes.map((r) => `${r.path}=${r.auth}`).join(', ')}`);
    }
  }
  // Every active finding in a fixture must be expected: unexpected findings are false alarms.
  for (const f of active) {
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

/** Fixture folders: each direct subfolder of dir. */
export function fixtureDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => statSync(path.join(dir, n)).isDirectory())
    .sort()
    .map((n) => path.join(dir, n));
}
