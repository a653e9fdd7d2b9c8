/**
 * Self-protection (issue 7): the tool never runs code from the repository it scans, never spawns a
 * process (the CLI never; the action only `git` without a shell, on pull requests: see
 * __tests__/e2e/action.test.ts), makes no network request (the action only the GitHub API, on pull
 * requests), cannot be steered by what the scanned files contain (file names that would be workflow
 * commands, YAML that would construct objects or expand without bound), and compiles no regex from
 * user input other than globs, whose cost is bounded (see src/config/globs.ts).
 *
 * The built CLI runs under the preload guard of __tests__/helpers/run-dist.ts, which records and
 * refuses every process, socket, DNS lookup and fetch, in the main thread and in worker threads.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { globProblem, MAX_GLOBSTARS, MAX_STARS_PER_SEGMENT } from '../../src/config/globs.js';
import { KNOWN_RULES } from '../../src/engine/scan.js';
import { printable } from '../../src/report/text.js';
import { assertBuilt, parseWorkflowCommands, writeGuard, type GuardEvent } from '../helpers/run-dist.js';
import { APP, cleanupProjects, DIST, project, runBuiltCli, scanDir, tempDir } from './helpers.js';

afterAll(cleanupProjects);

/** Guard events that are not bookkeeping. */
const attempts = (events: GuardEvent[]) => events.filter((e) => !['loaded', 'input', 'worker'].includes(e.event));

/**
 * A repository whose files would leave a marker next to them if anything ran them: Python start-up
 * hooks, test and build scripts, a package `__main__`, a `.pth` file, and JavaScript a careless
 * loader might `require` (package.json scripts, node_modules, config-looking .js/.mjs files).
 */
function boobyTrapped(marker: string): Record<string, string> {
  const py = `import pathlib\npathlib.Path(${JSON.stringify(marker)}).write_text("ran")\n`;
  const js = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`;
  return {
    'app/main.py': `${py}${APP}`,
    'app/__init__.py': py,
    'app/__main__.py': py,
    'sitecustomize.py': py,
    'usercustomize.py': py,
    'conftest.py': py,
    'setup.py': py,
    'noxfile.py': py,
    'evil.pth': `import os; os.system("touch ${marker}")\n`,
    'package.json': JSON.stringify({ name: 'x', scripts: { preinstall: `touch ${marker}`, test: `touch ${marker}` }, main: 'index.js' }),
    'index.js': js,
    'fastapi-audit.config.js': js,
    '.fastapi-audit.mjs': `import fs from 'node:fs'; fs.writeFileSync(${JSON.stringify(marker)}, 'ran');\n`,
    'node_modules/fastapi/index.js': js,
    'node_modules/web-tree-sitter/index.js': js,
    '.git/hooks/post-checkout': `#!/bin/sh\ntouch ${marker}\n`,
  };
}

describe('the built CLI under the guard', () => {
  it('runs no code of the scanned repository, spawns nothing, connects nowhere (1 and 2 threads)', async () => {
    assertBuilt();
    const marker = path.join(tempDir(), 'MARKER');
    const spec = boobyTrapped(marker);
    // enough input for worker threads
    for (let i = 0; i < 40; i++) spec[`app/gen${i}.py`] = `${APP.replace('/items', `/g${i}`)}\n# ${'pad '.repeat(2_000)}\n`;
    const root = project(spec);
    for (const threads of ['1', '2']) {
      const logDir = tempDir();
      const guard = writeGuard(logDir);
      const r = await runBuiltCli([root, '--threads', threads, '--fail-on', 'none', '--sarif', path.join(logDir, 'out.sarif')], { cwd: root, env: guard.env });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/test guard|internal error/);
      const events = guard.events();
      expect(attempts(events), `threads ${threads}`).toEqual([]);
      const workers = events.filter((e) => e.event === 'worker');
      if (threads === '2') expect(workers.length).toBeGreaterThan(0);
      for (const w of workers) expect(path.resolve(w.detail!.replace(/^file:\/\//, '')).startsWith(DIST + path.sep), w.detail).toBe(true);
      // every thread loaded the guard: the workers were watched too
      expect(new Set(events.filter((e) => e.event === 'loaded').map((e) => e.thread)).size).toBe(1 + workers.length);
    }
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(path.dirname(marker))).toEqual([]);
  }, 120_000);
});

describe('scanned content cannot become a workflow command', () => {
  // A file name is scanned content too. On a runner, a line of a step's output that starts with
  // `::` is a workflow command (set-output, add-mask, stop-commands, error…).
  const evilName = 'x\n::set-output name=critical::0\n::stop-commands::pwned\n.py';
  const evilRoute = '@app.get("/a\\n::error file=README.md::injected\\n")\ndef a(): return 1\n';

  it('the CLI prints notices and findings with line breaks escaped', async () => {
    assertBuilt();
    const root = project({ [evilName]: `${APP}\n${evilRoute}\ndef broken(:\n`, 'ok.py': APP });
    const r = await runBuiltCli([root, '--fail-on', 'none', '--routes'], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('syntax errors'); // the notice about the evil file is there…
    expect(parseWorkflowCommands(`${r.stdout}\n${r.stderr}`)).toEqual([]); // …but no line is a command
  });

  it('printable() escapes every line break a runner would split on', () => {
    for (const nl of ['\n', '\r', '\r\n']) expect(printable(`a${nl}::x::y`)).not.toMatch(/[\r\n]/);
  });

  it('the engine keeps the name as it is (SARIF and inventory are JSON, which escapes it)', async () => {
    const r = await scanDir(project({ [evilName]: `${APP}\n${evilRoute}` }));
    expect(r.inventory.routes.map((x) => x.file)).toContain(evilName);
  });
});

describe('config files are data', () => {
  const load = (yaml: string) => loadConfig({ root: project({ '.fastapi-audit.yml': yaml }), knownRules: KNOWN_RULES });

  it('YAML tags that construct objects elsewhere are refused or read as plain data', async () => {
    for (const yaml of [
      'exclude: !!js/function "function () { require(\'fs\') }"\n',
      'exclude: !!python/object/apply:os.system ["touch /tmp/x"]\n',
      'exclude: !<tag:yaml.org,2002:js/regexp> /x/\n',
    ]) {
      const outcome: unknown[] | unknown = await load(yaml).then(
        (r): unknown[] => r.config.exclude,
        (e: unknown) => e,
      );
      if (Array.isArray(outcome))
        expect(
          outcome.every((g) => typeof g === 'string'),
          yaml,
        ).toBe(true); // plain strings, nothing constructed
      else expect(outcome, yaml).toBeInstanceOf(ConfigError);
    }
  });

  it('an alias bomb ("billion laughs") is refused quickly, not expanded', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    lines.push('exclude: *j');
    const t0 = performance.now();
    await expect(load(`${lines.join('\n')}\n`)).rejects.toBeInstanceOf(ConfigError);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('globs: the cost limits hold, and what they allow stays fast on hostile names', async () => {
    expect(globProblem('**/tests/**')).toBeUndefined();
    expect(globProblem('*a*a*b')).toBeUndefined(); // 3 stars: allowed
    expect(globProblem('*a*a*a*b')).toMatch(/allowed: at most 3/);
    expect(globProblem('[*][*][*][*]x')).toBeUndefined(); // stars in a class are literal
    expect(globProblem('\\*\\*\\*\\*x')).toBeUndefined(); // escaped stars are literal
    expect(globProblem('/**/a/**/b/**/c')).toBeUndefined();
    expect(globProblem('/**/a/**/b/**/c/**')).toMatch(/4 `\*\*` segments/);
    // the worst allowed globs against the worst names a checkout can hold: still milliseconds
    const picomatch = (await import('picomatch')).default;
    const slowest = (glob: string, input: string) => {
      const test = picomatch(glob, { dot: true });
      const t0 = performance.now();
      test(input);
      return performance.now() - t0;
    };
    const stars = `${'*a'.repeat(MAX_STARS_PER_SEGMENT)}b`;
    const globstars = `${Array(MAX_GLOBSTARS).fill('**').join('/a/')}/b`;
    expect(globProblem(stars)).toBeUndefined();
    expect(globProblem(globstars)).toBeUndefined();
    expect(slowest(stars, 'a'.repeat(255))).toBeLessThan(500);
    expect(slowest(globstars, `${'a/'.repeat(200)}c`)).toBeLessThan(500);
  });
});

// Was a KNOWN BUG (src/analysis/origin-regex.ts, FA202): the rule ran `allow_origin_regex` from the
// scanned code with the backtracking engine on origins it builds from the pattern itself, so a
// pattern such as `(a|a)*(a…a|z).` took exponential time (hours with 32 `a`s): a pull request from a
// fork could stall the job until its timeout. Probes are now matched by a linear-time NFA built from
// the regjsparser AST (src/rules/regex-nfa.ts); this test costs well under a second.
it('FA202: a catastrophic allow_origin_regex in the scanned code does not stall the scan', async () => {
  assertBuilt();
  const pattern = `https://(a|a)*(${'a'.repeat(32)}|z).`;
  const root = project({
    'main.py': `from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\napp = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origin_regex=r"${pattern}", allow_credentials=True)\n`,
  });
  const r = await runBuiltCli([root, '--fail-on', 'none'], { cwd: root, timeoutMs: 8_000 });
  expect(r.signal, `killed after ${Math.round(r.ms)} ms`).toBeNull();
  expect(r.status).toBe(0);
}, 20_000);
