/**
 * A watchdog for tests that run synchronous code which might never return (a parse is one call
 * into WebAssembly: no timer of the same thread can interrupt it). A worker thread reads a
 * heartbeat from shared memory; when it stops changing for `limitMs`, the worker saves what the
 * test was working on (a label and the input bytes, also in shared memory) and kills the process,
 * so that a hang becomes a failed run with a reproducer instead of a CI job stuck until its timeout.
 * `kill: false` (for testing the watchdog itself) only writes the files and posts a message.
 */
import { Worker } from 'node:worker_threads';

const LABEL_BYTES = 4096;
const INPUT_BYTES = 8 * 1024 * 1024;

export class Watchdog {
  private readonly meta: Int32Array;
  private readonly label: Uint8Array;
  private readonly input: Uint8Array;
  readonly worker: Worker;

  constructor(limitMs: number, dumpDir: string, opts: { kill?: boolean } = {}) {
    const sab = new SharedArrayBuffer(16 + LABEL_BYTES + INPUT_BYTES);
    this.meta = new Int32Array(sab, 0, 4); // beat, label length, input length
    this.label = new Uint8Array(sab, 16, LABEL_BYTES);
    this.input = new Uint8Array(sab, 16 + LABEL_BYTES, INPUT_BYTES);
    const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      const fs = require('node:fs');
      const path = require('node:path');
      const { sab, limitMs, dumpDir, labelBytes, kill } = workerData;
      const meta = new Int32Array(sab, 0, 4);
      let last = -1, since = Date.now();
      const timer = setInterval(() => {
        const beat = Atomics.load(meta, 0);
        if (beat !== last) { last = beat; since = Date.now(); return; }
        if (beat < 0 || Date.now() - since < limitMs) return;
        const label = Buffer.from(new Uint8Array(sab, 16, Atomics.load(meta, 1))).toString('utf8');
        const input = Buffer.from(new Uint8Array(sab, 16 + labelBytes, Atomics.load(meta, 2)));
        fs.mkdirSync(dumpDir, { recursive: true });
        const file = path.join(dumpDir, 'hang-' + process.pid + '.py');
        fs.writeFileSync(file, input);
        fs.writeFileSync(file + '.txt', label + '\\n');
        if (kill) {
          fs.writeSync(2, '\\nwatchdog: no progress for ' + limitMs + ' ms on ' + label + '; input saved to ' + file + '; killing the test process\\n');
          process.kill(process.pid, 'SIGKILL');
        }
        clearInterval(timer);
        parentPort.postMessage({ hang: label, file });
      }, Math.min(250, limitMs / 4));`;
    this.worker = new Worker(code, { eval: true, workerData: { sab, limitMs, dumpDir, labelBytes: LABEL_BYTES, kill: opts.kill ?? true } });
    this.worker.unref();
  }

  /** Marks progress and records what is being worked on now. */
  beat(label: string, input?: Uint8Array): void {
    const l = Buffer.from(label, 'utf8').subarray(0, LABEL_BYTES);
    this.label.set(l);
    Atomics.store(this.meta, 1, l.length);
    const n = input ? Math.min(input.length, INPUT_BYTES) : 0;
    if (input) this.input.set(input.subarray(0, n));
    Atomics.store(this.meta, 2, n);
    Atomics.add(this.meta, 0, 1);
  }

  async stop(): Promise<void> {
    Atomics.store(this.meta, 0, -1);
    await this.worker.terminate();
  }
}
