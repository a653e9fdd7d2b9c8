/**
 * CLI entry (dist/cli.js): `node dist/cli.js [PATH ...] [flags]`.
 * Exit 0: nothing at/above --fail-on · 1: findings at/above it · 2: usage or config error, or with
 * --strict a scan that reported an error or a warning (outputs written first).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/index.js';
import { outputFileProblems, throwProblems } from './config/paths.js';
import { activeFindings, failing, inventoryText, sarifText, writeFileAtomic } from './engine/outputs.js';
import { KNOWN_RULES, scan } from './engine/scan.js';
import { formatExcluded } from './discover/index.js';
import { formatAttackSurface } from './report/attack-surface.js';
import { findingsJson } from './report/json.js';
import { problemCount, strictProblems } from './report/notices.js';
import { formatRoutes, formatText, noticeLine } from './report/text.js';
import { applyBaseline, diffInventory } from './suppress/baseline.js';
import { loadBaselines } from './suppress/baselines.js';
import { VERSION } from './version.js';

const USAGE = `usage: fastapi-audit [PATH ...] [options]

Scan FastAPI/Starlette sources for security mistakes (default PATH: the current directory).
A single directory PATH is the scan root; otherwise the current directory is, and PATHs are
scanned inside it.

options:
  --config FILE          configuration file (default: .fastapi-audit.yml or [tool.fastapi-audit] in pyproject.toml)
  --format FORMAT        text (default), json or sarif, printed on standard output
  --sarif FILE           write SARIF 2.1.0 to FILE
  --inventory FILE       write the route inventory JSON to FILE
  --routes               print the route inventory table (text format)
  --fail-on SEVERITY     critical, high (default), medium, low, note or none
  --baseline FILE        a previous SARIF or inventory: only new findings count; with an
                         inventory, the text output starts with the attack-surface diff
                         (repeatable: e.g. the base branch's SARIF and its inventory)
  --write-baseline FILE  write this scan's SARIF as a baseline for later runs
  --exclude GLOB         skip files matching GLOB (repeatable)
  --show-suppressed      list suppressed findings too
  --stats                print files, stage timings, CPU time and peak memory on standard error
  --threads N            parse in N threads (default: one per core when the scan holds 12 MB / cores
                         or more, else this thread alone; 1 = no worker threads)
  --no-prefilter         parse every file, also those that name no library the rules are about
  --strict               exit with status 2 when the scan reports an error or a warning (a file it
                         failed on, code cut off, a limit reached, no Python file found...), after
                         writing every output
  --version, --help
exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or config error
(or, with --strict, an incomplete scan)`;

class UsageError extends Error {}

const FORMATS = ['text', 'json', 'sarif'] as const;

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string' },
        format: { type: 'string' },
        sarif: { type: 'string' },
        inventory: { type: 'string' },
        routes: { type: 'boolean' },
        'fail-on': { type: 'string' },
        baseline: { type: 'string', multiple: true },
        'write-baseline': { type: 'string' },
        exclude: { type: 'string', multiple: true },
        'show-suppressed': { type: 'boolean' },
        threads: { type: 'string' },
        'no-prefilter': { type: 'boolean' },
        strict: { type: 'boolean' },
        stats: { type: 'boolean' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`fastapi-audit: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  try {
    const format = values.format ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: "${format}" is not one of ${FORMATS.join(', ')}`);
    const threads = values.threads !== undefined ? Number(values.threads) : undefined;
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new UsageError(`--threads: "${values.threads}" is not a positive integer`);
    for (const p of positionals) if (!existsSync(p)) throw new UsageError(`${p}: no such file or directory`);
    const single = positionals.length === 1 && statSync(positionals[0]!).isDirectory();
    const root = single ? path.resolve(positionals[0]!) : process.cwd();
    const paths = single || positionals.length === 0 ? undefined : positionals.map((p) => path.resolve(p));
    // Before anything is scanned or written: an output that cannot be written is a usage error.
    const outputs = (
      [
        ['--sarif', values.sarif, 'sarif'],
        ['--write-baseline', values['write-baseline'], 'sarif'],
        ['--inventory', values.inventory, 'inventory'],
      ] as const
    ).flatMap(([key, given, kind]) => (given ? [{ key, given, abs: path.resolve(given), kind }] : []));
    throwProblems(outputFileProblems(outputs));

    const { config, notices: configNotices } = await loadConfig({
      root,
      configPath: values.config,
      knownRules: KNOWN_RULES,
      overrides: { 'fail-on': values['fail-on'], exclude: values.exclude },
    });
    const baselines = await loadBaselines(values.baseline ?? []);

    const label = single ? positionals[0]! : positionals.length === 0 ? '.' : undefined;
    const result = await scan({ root, paths, config, ...(threads ? { threads } : {}), noPrefilter: values['no-prefilter'] === true, ...(label ? { label } : {}) });
    result.notices.unshift(...configNotices);
    if (baselines.findings) applyBaseline(result.findings, baselines.findings, result.inventory);
    // --strict: the scan's errors and warnings make it fail (exit 2), after every output is written;
    // its SARIF then says so (executionSuccessful: false)
    const problems = values.strict ? strictProblems(result.notices) : [];

    const sarif = values.sarif || values['write-baseline'] || format === 'sarif' ? sarifText(result, problems.length ? { executionSuccessful: false } : {}) : undefined;
    if (sarif?.notice) result.notices.push(sarif.notice);
    if (values.sarif) await writeFileAtomic(values.sarif, sarif!.text);
    if (values['write-baseline']) await writeFileAtomic(values['write-baseline'], sarif!.text);
    if (values.inventory) await writeFileAtomic(values.inventory, inventoryText(result));

    if (format === 'json' || format === 'sarif') {
      // errors (a file the engine failed on) and warnings (results may be incomplete) also when stdout is data
      for (const n of result.notices) if (n.level !== 'notice') process.stderr.write(`${noticeLine(n)}\n`);
      process.stdout.write(format === 'json' ? findingsJson(result.findings) : sarif!.text);
    } else {
      for (const n of result.notices) process.stderr.write(`${noticeLine(n)}\n`);
      if (baselines.inventory) process.stdout.write(`${formatAttackSurface(diffInventory(baselines.inventory, result.inventory))}\n`);
      if (values.routes) process.stdout.write(`${formatRoutes(result.inventory)}\n`);
      process.stdout.write(formatText(result.findings, { showSuppressed: values['show-suppressed'] === true }));
    }
    if (values.stats) {
      const st = result.stats;
      const ms = Object.entries(st.ms)
        .map(([k, v]) => `${k} ${Math.round(v)}`)
        .join(', ');
      const use = process.resourceUsage(); // the whole process: every thread, the garbage collector's too
      process.stderr.write(
        `stats: ${st.files} files (${st.parsed} parsed, ${st.filtered} skipped by the prefilter), ${(st.bytes / 1e6).toFixed(1)} MB; ms: ${ms}; cpu ${((use.userCPUTime + use.systemCPUTime) / 1e6).toFixed(2)} s; peak RSS ${Math.round(use.maxRSS / 1024)} MB\n`,
      );
      if (st.excluded.length) process.stderr.write(`stats: excluded by default: ${formatExcluded(st.excluded)}\n`);
      const roots = Object.entries(st.roots)
        .filter(([k, n]) => n > 0 && k !== 'import')
        .map(([k, n]) => `${k} ${n}`);
      if (roots.length) process.stderr.write(`stats: entry points run: ${roots.join(', ')}\n`);
    }
    const bad = failing(result.findings, config.failOn);
    if (bad.length && format === 'text') {
      process.stderr.write(`fastapi-audit: ${bad.length} of ${activeFindings(result.findings).length} findings at or above "${config.failOn}"\n`);
    }
    if (problems.length) {
      process.stderr.write(`fastapi-audit: --strict: the scan reported ${problemCount(problems)} (above): its results may be incomplete; exit status 2\n`);
      return 2;
    }
    return bad.length ? 1 : 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof UsageError) {
      process.stderr.write(`fastapi-audit: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

// A reader that stops early (`fastapi-audit | head`) closes the pipe: the rest of the output has
// nowhere to go, which is not an error of the scan. Other write errors still end the process.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`fastapi-audit: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
