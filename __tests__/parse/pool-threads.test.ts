/**
 * When the built CLI starts worker threads (src/parse/pool.ts): by default only for scans of
 * 12 MB / cores or more, because each worker costs a start and a warm-up that a smaller scan does
 * not earn back; always when `--threads N` (N ≥ 2) asks for them. The guard records every Worker
 * the process creates. Findings are the same either way (hardening/determinism.test.ts).
 */
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { APP, cleanupProjects, project, runBuiltCli, tempDir, type Spec } from '../hardening/helpers.js';
import { assertBuilt, writeGuard } from '../helpers/run-dist.js';

afterAll(cleanupProjects);

const THRESHOLD = (12 * 1024 * 1024) / availableParallelism();

/** Files of APP after a docstring of padding, `total` bytes in all. */
function tree(total: number): string {
  const spec: Spec = {};
  const per = 64 * 1024;
  const pad = `"""${'padding padding padding\n'.repeat(Math.floor((per - APP.length) / 24))}"""\n`;
  for (let i = 0; i * per < total; i++) spec[`gen/m${String(i).padStart(3, '0')}.py`] = `${pad}${APP.replace('/items', `/items${i}`)}\n`;
  return project(spec);
}

async function workersStarted(root: string, args: string[]): Promise<number> {
  const logDir = tempDir();
  const guard = writeGuard(logDir);
  const r = await runBuiltCli([root, '--fail-on', 'none', '--format', 'json', ...args], { cwd: root, env: guard.env, timeoutMs: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
  return guard.events().filter((e) => e.event === 'worker').length;
}

describe('worker threads', () => {
  it('a scan under 12 MB / cores is parsed on the main thread; --threads 2 starts workers for it anyway', async () => {
    assertBuilt();
    const root = tree(THRESHOLD / 2);
    expect(await workersStarted(root, [])).toBe(0);
    expect(await workersStarted(root, ['--threads', '2'])).toBeGreaterThan(0);
  }, 180_000);

  it.skipIf(availableParallelism() < 2)(
    'a scan above it starts one worker per core; --threads 1 none',
    async () => {
      assertBuilt();
      const root = tree(THRESHOLD * 1.2);
      expect(await workersStarted(root, [])).toBe(availableParallelism());
      expect(await workersStarted(root, ['--threads', '1'])).toBe(0);
    },
    180_000,
  );
});
