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
import { parseJob, type ParseJob, type ParseOutcome } from './job.js';
import { decodeOutcomes, type Wire } from './wire.js';

/**
 * Below this many bytes of input (divided by the threads), a scan parses on this thread alone:
 * each worker costs ~250 ms of CPU to start and warm up (its own grammar, its own JIT), and its
 * outcomes cost a decoding here. Measured on 2 cores (`--threads 1` vs `--threads 2`, whole runs):
 * this thread alone is faster by ~150 ms at 1.2 MB (mealie), ~100 ms at 2.8 MB (dispatch) and
 * ~150 ms at 4.8 MB (generated tree), workers are faster by ~270 ms at 7.7 MB and by 1.3 s at
 * 19.6 MB: 6 MB on 2 cores. With more cores each worker takes a smaller share, so they pay off
 * sooner: the threshold is 12 MB / threads (a model; only 2 cores were measured).
 */
const IN_PROCESS_BYTES_TIMES_THREADS = 12 * 1024 * 1024;
/** A chunk sent to a worker: up to this many files or bytes. */
const CHUNK_FILES = 64;
const CHUNK_BYTES = 256 * 1024;
/** …and down to this many bytes, so that every worker gets this many chunks of a batch. */
const MIN_CHUNK_BYTES = 16 * 1024;
const CHUNKS_PER_WORKER = 8;

export interface PoolOptions {
  /**
   * Parse threads, asked for (`--threads`, tests, benchmarks): 1 parses on this thread, more start
   * that many workers for any batch of two files or more. Default: the machine's cores, with
   * workers only for batches of IN_PROCESS_BYTES_TIMES_THREADS / cores bytes or more.
   */
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
  /** Batches below this many bytes are parsed here (unless workers were asked for or already run). */
  private readonly inProcessBytes: number;

  constructor(opts: PoolOptions = {}) {
    this.script = workerScript();
    this.threads = opts.threads ?? Math.max(1, availableParallelism());
    this.inProcessBytes = opts.threads !== undefined ? 0 : IN_PROCESS_BYTES_TIMES_THREADS / this.threads;
  }

  /** Parses the jobs; outcomes come back in job order. */
  async run(jobs: ParseJob[], totalBytes: number): Promise<ParseOutcome[]> {
    // Workers already running (a later batch: files parsed on demand) take any batch: parsing it
    // here would first load the grammar on this thread.
    const warm = this.workers.length > 0;
    const useWorkers = this.script !== undefined && this.threads > 1 && (warm ? jobs.length > 0 : jobs.length > 1 && totalBytes >= this.inProcessBytes);
    if (!useWorkers) {
      const out: ParseOutcome[] = [];
      for (const j of jobs) out.push(await parseJob(j));
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
