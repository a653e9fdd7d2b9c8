// `npm run bench`: whole-process wall times (medians of several runs) of
//   - the parse floor: the same files parsed by web-tree-sitter in two workers, nothing else;
//   - fastapi-audit on a generated FastAPI-heavy tree (~500k lines);
//   - fastapi-audit on a mixed tree: the same plus ~500k lines of non-FastAPI Python (the stdlib
//     of the machine's python3);
//   - Bandit on the mixed tree, when `bandit` is installed (Debian package `bandit`).
// Each row also gives the CPU time of the whole process (every thread), which other load on the
// machine disturbs less than wall time.
// Options: --runs N (default 5), --bandit-runs N (default 1: Bandit takes minutes; 0 skips it), --lines N
// (lines per part, default 500000), --threads N (default 2). Corpora are cached in .bench/.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './bench/gen-corpus.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BENCH = path.join(ROOT, '.bench');
const CLI = path.join(ROOT, 'dist/cli.js');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'bandit-runs': { type: 'string', default: '1' },
    lines: { type: 'string', default: '500000' },
    threads: { type: 'string', default: '2' },
  },
});
const RUNS = Number(values.runs);
const BANDIT_RUNS = Number(values['bandit-runs']);
const LINES = Number(values.lines);
const THREADS = Number(values.threads);

if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run `npm run build` first');
  process.exit(2);
}

function pyFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!['site-packages', 'dist-packages', '__pycache__', 'lib2to3', 'idlelib'].includes(e.name)) pyFiles(p, out);
    } else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

function countLines(files) {
  let n = 0;
  for (const f of files) {
    const s = readFileSync(f);
    for (let i = 0; i < s.length; i++) if (s[i] === 10) n++;
  }
  return n;
}

async function corpora() {
  const fastapi = path.join(BENCH, `fastapi-${LINES}`);
  const mixed = path.join(BENCH, `mixed-${LINES}`);
  if (!existsSync(path.join(fastapi, '.done'))) {
    rmSync(fastapi, { recursive: true, force: true });
    const r = await generateCorpus(fastapi, LINES, 1);
    writeFileSync(path.join(fastapi, '.done'), JSON.stringify(r));
  }
  // Layout 2: the FastAPI tree's own folders at the root, the stdlib beside them. (Layout 1 put the
  // tree in a folder named `fastapi`, a local package that shadowed the library: every
  // `from fastapi import ...` resolved to it and the scan found nothing.)
  if (!existsSync(path.join(mixed, '.done')) || JSON.parse(readFileSync(path.join(mixed, '.done'), 'utf8')).layout !== 2) {
    rmSync(mixed, { recursive: true, force: true });
    mkdirSync(mixed, { recursive: true });
    for (const e of readdirSync(fastapi)) if (e !== '.done') cpSync(path.join(fastapi, e), path.join(mixed, e), { recursive: true });
    const stdlib = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
    let lines = 0;
    for (const f of pyFiles(stdlib).sort()) {
      if (lines >= LINES) break;
      const rel = path.relative(stdlib, f);
      const dest = path.join(mixed, 'stdlib', rel);
      mkdirSync(path.dirname(dest), { recursive: true });
      cpSync(f, dest);
      lines += countLines([f]);
    }
    writeFileSync(path.join(mixed, '.done'), JSON.stringify({ layout: 2, stdlib, lines }));
  }
  return { fastapi, mixed };
}

/** CPU seconds a run reports (`cpu N s`, every thread of the process), NaN when it does not. */
const cpuOf = (text) => {
  const m = /cpu ([\d.]+) s/.exec(text);
  return m ? Number(m[1]) * 1000 : NaN;
};

function timed(cmd, args, opts = {}) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  return { ms, r };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function scanOnce(dir) {
  const { ms, r } = timed(process.execPath, [CLI, dir, '--fail-on', 'none', '--format', 'json', '--stats', '--threads', String(THREADS)]);
  if (r.status !== 0) throw new Error(`scan of ${dir} failed (${r.status}): ${r.stderr}`);
  // a scan that stopped evaluating part of the tree measured less work than the tree holds
  if (/evaluation limit reached/.test(r.stderr)) throw new Error(`scan of ${dir} reached an evaluation limit: ${r.stderr}`);
  const m = /peak RSS (\d+) MB/.exec(r.stderr);
  const st = /stats: (\d+) files \((\d+) parsed/.exec(r.stderr);
  return {
    ms,
    cpu: cpuOf(r.stderr),
    rss: m ? Number(m[1]) : NaN,
    files: st ? Number(st[1]) : NaN,
    parsed: st ? Number(st[2]) : NaN,
    findings: JSON.parse(r.stdout).findings?.length ?? NaN,
  };
}

const { fastapi, mixed } = await corpora();
const fastapiFiles = pyFiles(fastapi);
const mixedFiles = pyFiles(mixed);
const bytes = (files) => files.reduce((n, f) => n + statSync(f).size, 0);
const fastapiBytes = bytes(fastapiFiles);
const mixedBytes = bytes(mixedFiles);
const list = path.join(BENCH, 'floor-files.txt');
writeFileSync(list, fastapiFiles.join('\n'));

console.log(`corpus: ${fastapiFiles.length} FastAPI files, ${countLines(fastapiFiles)} lines, ${(fastapiBytes / 1e6).toFixed(1)} MB;`);
console.log(`        mixed: ${mixedFiles.length} files, ${countLines(mixedFiles)} lines, ${(mixedBytes / 1e6).toFixed(1)} MB`);
console.log(`runs: ${RUNS} (medians), ${THREADS} threads, node ${process.version}\n`);

const floor = [];
const scans = [];
const mixes = [];
for (let i = 0; i < RUNS; i++) {
  const f = timed(process.execPath, [path.join(ROOT, 'scripts/bench/parse-floor.mjs'), list, String(THREADS)], { cwd: ROOT });
  floor.push({ ms: f.ms, cpu: cpuOf(f.r.stdout) });
  scans.push(scanOnce(fastapi));
  mixes.push(scanOnce(mixed));
  process.stdout.write('.');
}
process.stdout.write('\n');
// The mixed tree holds the FastAPI tree unchanged: a scan that finds something else there measured another analysis.
if (mixes[0].findings !== scans[0].findings) {
  throw new Error(
    `the mixed tree gave ${mixes[0].findings} findings, the FastAPI tree ${scans[0].findings}: the FastAPI part is not analysed the same way, so the ratios would compare different work`,
  );
}

const floorMs = median(floor.map((s) => s.ms));
const cpu = (runs) => `, CPU ${(median(runs.map((s) => s.cpu)) / 1000).toFixed(2)} s`;
const scanMs = median(scans.map((s) => s.ms));
const mixedMs = median(mixes.map((s) => s.ms));
const row = (label, ms, extra = '') => console.log(`${label.padEnd(36)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${extra}`);
row('parse floor (FastAPI tree)', floorMs, `${(fastapiBytes / 1e6 / (floorMs / 1000)).toFixed(1)} MB/s${cpu(floor)}`);
row(
  'fastapi-audit (FastAPI tree)',
  scanMs,
  `${(fastapiBytes / 1e6 / (scanMs / 1000)).toFixed(1)} MB/s, ${Math.round(fastapiFiles.length / (scanMs / 1000))} files/s, peak RSS ${median(scans.map((s) => s.rss))} MB${cpu(scans)}, ${scans[0].findings} findings`,
);
row(
  'fastapi-audit (mixed tree)',
  mixedMs,
  `${(mixedBytes / 1e6 / (mixedMs / 1000)).toFixed(1)} MB/s, ${Math.round(mixedFiles.length / (mixedMs / 1000))} files/s, peak RSS ${median(mixes.map((s) => s.rss))} MB${cpu(mixes)}, ${mixes[0].parsed} of ${mixes[0].files} files parsed, ${mixes[0].findings} findings`,
);

let banditMs;
const hasBandit = BANDIT_RUNS > 0 && spawnSync('bandit', ['--version'], { encoding: 'utf8' }).status === 0;
if (BANDIT_RUNS === 0) console.log('bandit: skipped (--bandit-runs 0)');
else if (hasBandit) {
  const b = [];
  for (let i = 0; i < BANDIT_RUNS; i++) b.push(timed('bandit', ['-r', mixed, '-q', '-f', 'json', '-o', path.join(BENCH, 'bandit.json')]).ms);
  banditMs = median(b);
  row(`bandit (mixed tree, ${BANDIT_RUNS} run${BANDIT_RUNS === 1 ? '' : 's'})`, banditMs);
} else console.log('bandit: not installed (apt-get install bandit) — ratio skipped');

const r1 = scanMs / floorMs;
const r2 = mixedMs / scanMs;
const r3 = banditMs !== undefined ? banditMs / mixedMs : undefined;
console.log('');
console.log(
  `CPU time (every thread): scan/floor ${(median(scans.map((s) => s.cpu)) / median(floor.map((s) => s.cpu))).toFixed(2)}, less sensitive than wall time to other load on the machine`,
);
console.log(
  `ratios: scan/floor ${r1.toFixed(2)} (target <= 1.30) · mixed/FastAPI ${r2.toFixed(2)} (target <= 1.15) · ` +
    (r3 !== undefined ? `bandit/us ${r3.toFixed(1)}x (target >= 20)` : 'bandit/us n/a'),
);
