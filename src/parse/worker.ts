/**
 * Worker thread entry (bundled as dist/worker.js): a chunk of parse jobs in, their outcomes out as
 * one JSON string (decoding JSON costs the main thread less than a structured clone of the same
 * objects, and one message per chunk keeps the round trips few).
 */
import { parentPort } from 'node:worker_threads';
import { runJob, type ParseJob, type ParseOutcome } from './job.js';

const port = parentPort;
if (port) {
  port.on('message', async (msg: { chunk: number; jobs: ParseJob[] }) => {
    const outcomes: ParseOutcome[] = [];
    for (const job of msg.jobs) {
      try {
        outcomes.push(await runJob(job));
      } catch (e) {
        outcomes.push({ kind: 'skipped', reason: `internal error: ${(e as Error).message}` });
      }
    }
    port.postMessage({ chunk: msg.chunk, json: JSON.stringify(outcomes) });
  });
}
