// The parse floor: read and parse the same files with web-tree-sitter in N worker threads (a
// shared queue, like the scanner's pool) and do nothing else. `node parse-floor.mjs LIST THREADS`
// where LIST is a file with one absolute path per line.
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const RUNTIME = new URL('../../node_modules/web-tree-sitter/web-tree-sitter.wasm', import.meta.url).pathname;
const GRAMMAR = new URL('../../node_modules/tree-sitter-python/tree-sitter-python.wasm', import.meta.url).pathname;

if (isMainThread) {
  const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
  const threads = Number(process.argv[3] ?? 2);
  let next = 0;
  const CHUNK = 64;
  await Promise.all(
    Array.from({ length: threads }, () => {
      const w = new Worker(new URL(import.meta.url), { workerData: true });
      return new Promise((resolve, reject) => {
        const take = () => {
          if (next >= files.length) {
            void w.terminate().then(resolve);
            return;
          }
          w.postMessage(files.slice(next, next + CHUNK));
          next += CHUNK;
        };
        w.on('message', take);
        w.on('error', reject);
        take();
      });
    }),
  );
  // CPU time of the whole process (every thread), for `npm run bench`
  const use = process.resourceUsage();
  console.log(`cpu ${((use.userCPUTime + use.systemCPUTime) / 1e6).toFixed(3)} s`);
} else {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init({ locateFile: () => RUNTIME });
  const parser = new Parser();
  parser.setLanguage(await Language.load(GRAMMAR));
  parentPort.on('message', (files) => {
    for (const f of files) {
      const tree = parser.parse(readFileSync(f, 'utf8'));
      tree?.delete();
    }
    parentPort.postMessage(0);
  });
  void workerData;
}
