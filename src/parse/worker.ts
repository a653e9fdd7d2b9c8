/**
 * Worker thread entry (bundled as dist/worker.js): a chunk of parse jobs in, their outcomes out in
 * one message, encoded by src/parse/wire.ts (an Int32Array whose buffer is transferred, and a string
 * table): reading that back costs the main thread a few times less than JSON.parse or a structured
 * clone of the same objects, and one message per chunk keeps the round trips few.
 */
import { parentPort } from 'node:worker_threads';
import { runJob, type ParseJob, type ParseOutcome } from './job.js';
import { encodeOutcomes } from './wire.js';

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
    const wire = encodeOutcomes(outcomes);
    port.postMessage({ chunk: msg.chunk, wire }, [wire.ints.buffer as ArrayBuffer]);
  });
}
