/** Worker thread entry (bundled as dist/worker.js): parse jobs in, outcomes out. */
import { parentPort } from 'node:worker_threads';
import { runJob, type ParseJob } from './job.js';

const port = parentPort;
if (port) {
  port.on('message', async (msg: { id: number; job: ParseJob }) => {
    try {
      port.postMessage({ id: msg.id, outcome: await runJob(msg.job) });
    } catch (e) {
      port.postMessage({ id: msg.id, outcome: { kind: 'skipped', reason: `internal error: ${(e as Error).message}` } });
    }
  });
}
