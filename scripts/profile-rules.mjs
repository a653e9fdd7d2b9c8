// `npm run profile:rules -- DIR [--dump FILE]`: times each rule's check on DIR (see
// scripts/profile-rules.ts). Node 20 cannot run TypeScript, so the .ts file is bundled with ncc
// into a temporary folder, with the two .wasm files beside it as in dist/ (scripts/build.mjs),
// and run there; parsing happens on the main thread, as it did when this was a vitest file.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = mkdtempSync(path.join(tmpdir(), 'fastapi-audit-profile-'));
try {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', 'scripts/profile-rules.ts', '-o', out, '-e', 'module', '--target', 'es2022', '-q'],
    { cwd: root, stdio: 'inherit' },
  );
  copyFileSync(path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), path.join(out, 'web-tree-sitter.wasm'));
  copyFileSync(path.join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm'), path.join(out, 'tree-sitter-python.wasm'));
  const r = spawnSync(process.execPath, [path.join(out, 'index.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
