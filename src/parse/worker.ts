/**
 * Worker thread entry (bundled as dist/worker.js): a chunk of parse jobs in, their outcomes out in
 * one message, encoded by src/parse/wire.ts (an Int32Array whose buffer is transferred, and a string
 * table): reading that back costs the main thread a few times less than JSON.parse or a structured
 * clone of the same objects, and one message per chunk keeps the round trips few.
 */
import { parentPort } from 'node:worker_threads';
import { resetLocs } from '../facts/loc.js';
import { parseJob, type ParseJob } from './job.js';
import { OutcomeEncoder } from './wire.js';

const port = parentPort;
/** Messages being worked on: the handler awaits, so two may interleave (while the grammar loads). */
let active = 0;
if (port) {
  port.on('message', async (msg: { chunk: number; jobs: ParseJob[] }) => {
    active++;
    try {
      const enc = new OutcomeEncoder(msg.jobs.length);
      for (const job of msg.jobs) {
        enc.add(await parseJob(job));
      }
      const wire = enc.finish();
      port.postMessage({ chunk: msg.chunk, wire }, [wire.ints.buffer as ArrayBuffer]);
    } finally {
      // every location this thread made has been sent as numbers: none is held any more
      if (--active === 0) resetLocs();
    }
  });
}
