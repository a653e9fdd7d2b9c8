// Builds dist/: one ncc bundle per entry (action, CLI, parse worker) plus the two .wasm files,
// copied by hand because ncc corrupts the runtime wasm it rewrites (DESIGN.md toolchain facts).
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'dist');
// Resolved like an import, so the dependency on @vercel/ncc is visible (to knip among others).
const ncc = fileURLToPath(import.meta.resolve('@vercel/ncc/dist/ncc/cli.js'));
const entries = { index: 'src/index.ts', cli: 'src/cli.ts', worker: 'src/parse/worker.ts' };

// Build into a fresh folder and swap it in only when every bundle built: a failed build leaves the
// committed dist/ untouched.
const work = await mkdtemp(path.join(tmpdir(), 'fastapi-audit-build-'));
const next = path.join(work, 'dist');
await mkdir(next, { recursive: true });
try {
  await Promise.all(
    Object.entries(entries).map(async ([name, src]) => {
      const out = path.join(work, name);
      await run(process.execPath, [ncc, 'build', src, '-o', out, '-e', 'module', '--target', 'es2022', '-q'], { cwd: root });
      await copyFile(path.join(out, 'index.js'), path.join(next, `${name}.js`));
      const extra = (await readdir(out)).filter((f) => f !== 'index.js' && f !== 'package.json' && !f.endsWith('.wasm'));
      if (extra.length) throw new Error(`ncc emitted unexpected assets for ${name}: ${extra.join(', ')}`);
    }),
  );
  await copyFile(path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), path.join(next, 'web-tree-sitter.wasm'));
  await copyFile(path.join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm'), path.join(next, 'tree-sitter-python.wasm'));
  await writeFile(path.join(next, 'package.json'), '{\n  "type": "module"\n}\n');
  await rm(dist, { recursive: true, force: true });
  await cp(next, dist, { recursive: true });
} finally {
  await rm(work, { recursive: true, force: true });
}
console.log('dist/: index.js, cli.js, worker.js, web-tree-sitter.wasm, tree-sitter-python.wasm');
