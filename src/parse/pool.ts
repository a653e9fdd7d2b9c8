/**
 * Runs parse jobs on a pool of worker threads sized to the machine, with a shared queue (each idle
 * worker takes the next file), or in-process when the scan is small or no worker bundle exists
 * (running from source in tests).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runJob, type ParseJob, type ParseOutcome } from './job.js';

/** Below this many bytes of input, starting workers costs more than it saves. */
const IN_PROCESS_BYTES = 256 * 1024;

export interface PoolOptions {
  /** Force a mode (tests, benchmarks); default: decided by input size and core count. */
  threads?: number;
}

function workerScript(): string | undefined {
  const p = join(dirname(fileURLToPath(import.meta.url)), 'worker.js');
  return existsSync(p) ? p : undefined;
}

export class ParsePool {
  private workers: Worker[] = [];
  private readonly script: string | undefined;
  private readonly threads: number;

  constructor(opts: PoolOptions = {}) {
    this.script = workerScript();
    this.threads = opts.threads ?? Math.max(1, availableParallelism());
  }

  /** Parses the jobs; outcomes come back in job order. */
  async run(jobs: ParseJob[], totalBytes: number): Promise<ParseOutcome[]> {
    const useWorkers = this.script !== undefined && this.threads > 1 && jobs.length > 1 && totalBytes > IN_PROCESS_BYTES;
    if (!useWorkers) {
      const out: ParseOutcome[] = [];
      for (const j of jobs) out.push(await runJob(j));
      return out;
    }
    const n = Math.min(this.threads, jobs.length);
    while (this.workers.length < n) this.workers.push(new Worker(this.script!));
    const out: ParseOutcome[] = new Array(jobs.length);
    let next = 0;
    await Promise.all(
      this.workers.slice(0, n).map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const take = (): void => {
              if (next >= jobs.length) {
                w.off('message', onMessage);
                w.off('error', onError);
                resolve();
                return;
              }
              const id = next++;
              w.postMessage({ id, job: jobs[id] });
            };
            const onMessage = (msg: { id: number; outcome: ParseOutcome }): void => {
              out[msg.id] = msg.outcome;
              take();
            };
            const onError = (e: Error): void => reject(e);
            w.on('message', onMessage);
            w.on('error', onError);
            take();
          }),
      ),
    );
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
