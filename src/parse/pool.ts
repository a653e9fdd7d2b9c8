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
import { decodeOutcomes, type Wire } from './wire.js';

/** Below this many bytes of input, starting workers costs more than it saves. */
const IN_PROCESS_BYTES = 256 * 1024;
/** A chunk sent to a worker: up to this many files or bytes. */
const CHUNK_FILES = 64;
const CHUNK_BYTES = 256 * 1024;
/** …and down to this many bytes, so that every worker gets this many chunks of a batch. */
const MIN_CHUNK_BYTES = 16 * 1024;
const CHUNKS_PER_WORKER = 8;

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
    // Workers already running (a later batch: files parsed on demand) take any batch: parsing it
    // here would first load the grammar on this thread.
    const warm = this.workers.length > 0;
    const useWorkers = this.script !== undefined && this.threads > 1 && (warm ? jobs.length > 0 : jobs.length > 1 && totalBytes > IN_PROCESS_BYTES);
    if (!useWorkers) {
      const out: ParseOutcome[] = [];
      for (const j of jobs) out.push(await runJob(j));
      return out;
    }
    // Chunks of files (a shared queue: each worker takes the next chunk when one is done, keeping
    // two in flight so it never waits for the main thread). A batch is cut into at least
    // CHUNKS_PER_WORKER chunks per worker, so that a small batch (files parsed on demand) is shared
    // evenly and no worker idles long at the end of a large one.
    const chunkBytes = Math.min(CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, Math.ceil(totalBytes / (this.threads * CHUNKS_PER_WORKER))));
    const chunks: number[][] = [];
    let cur: number[] = [];
    let curBytes = 0;
    jobs.forEach((j, i) => {
      cur.push(i);
      curBytes += j.size ?? 0;
      if (cur.length >= CHUNK_FILES || curBytes >= chunkBytes) {
        chunks.push(cur);
        cur = [];
        curBytes = 0;
      }
    });
    if (cur.length) chunks.push(cur);
    const n = Math.min(this.threads, chunks.length);
    // A young generation of 16 MB: extraction allocates many short-lived objects, each file's die
    // once it is encoded; 8 MB costs scavenges, more than 16 MB only memory (bench tree, 8–128 MB).
    while (this.workers.length < n) this.workers.push(new Worker(this.script!, { resourceLimits: { maxYoungGenerationSizeMb: 16 } }));
    const out: ParseOutcome[] = new Array(jobs.length);
    let next = 0;
    const feeders = this.workers.slice(0, n).map((w) => {
      let inFlight = 0;
      let settle: { resolve: () => void; reject: (e: Error) => void };
      const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      const take = (limit: number): void => {
        while (inFlight < limit && next < chunks.length) {
          const c = next++;
          inFlight++;
          w.postMessage({ chunk: c, jobs: chunks[c]!.map((i) => jobs[i]) });
        }
        if (inFlight === 0) {
          w.off('message', onMessage);
          w.off('error', onError);
          settle.resolve();
        }
      };
      const onMessage = (msg: { chunk: number; wire: Wire }): void => {
        inFlight--;
        take(2); // the worker's next chunk first, then this one's outcomes
        const outcomes = decodeOutcomes(msg.wire);
        chunks[msg.chunk]!.forEach((i, k) => {
          out[i] = outcomes[k]!;
        });
      };
      const onError = (e: Error): void => settle.reject(e);
      w.on('message', onMessage);
      w.on('error', onError);
      return { take, done };
    });
    // one chunk to each worker, then a second one each: the first worker must not take two while another has none
    for (const f of feeders) f.take(1);
    for (const f of feeders) f.take(2);
    await Promise.all(feeders.map((f) => f.done));
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
