/**
 * The cursor-pass copy (src/parse/light.ts) must give every named node the same type and span as
 * web-tree-sitter's own Node API, on the fixture corpus and on tricky snippets.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { pythonParser, wasmModule } from '../../src/parse/grammar.js';
import { cursorTree, heapTree, heapWalk, lightTree, sameTree, typeTable, type LightTree } from '../../src/parse/light.js';
import { corpus } from './corpus.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function pyFiles(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) pyFiles(p, out);
    else if (n.endsWith('.py')) out.push(p);
  }
  return out;
}

const SNIPPETS = [
  'x = f"{a}/{{b}}" rb"\\x00" "é😀\\n"\n',
  'def f(a, /, *args, b: int = 1, **kw) -> "T":\n    """doc"""\n    return (a if b else -a) + [x for x in y if x]\n',
  'class A(B, metaclass=M):\n    x: int = 1\n    @property\n    def y(self): ...\n',
  'try:\n    pass\nexcept (A, B) as e:\n    raise\nexcept* C:\n    pass\nelse:\n    pass\nfinally:\n    pass\n',
  'a = \\\n    1\nif a: pass\nelif b: pass\nelse: pass\n',
  'def broken(:\n    pass\nx = 1\n',
  '',
];

/** Named children of node `i` of the copy, comments and line continuations left out. */
function namedKids(t: LightTree, i: number): number[] {
  const out: number[] = [];
  for (let c = t.first[i]!; c !== -1; c = t.next[c]!) {
    const name = t.types.names[t.type[c]!]!;
    if (t.types.named[t.type[c]!] && name !== 'comment' && name !== 'line_continuation') out.push(c);
  }
  return out;
}

function compare(real: Node, t: LightTree, i: number, problems: string[]): void {
  const type = t.types.names[t.type[i]!];
  if (real.type !== type || real.startIndex !== t.start[i] || real.endIndex !== t.end[i]) {
    problems.push(`${real.type}@${real.startIndex}-${real.endIndex} vs ${type}@${t.start[i]}-${t.end[i]}`);
    return;
  }
  const rk = real.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment' && c.type !== 'line_continuation');
  const lk = namedKids(t, i);
  if (rk.length !== lk.length) {
    problems.push(`${real.type}@${real.startIndex}: ${rk.length} named children vs ${lk.length}`);
    return;
  }
  rk.forEach((c, k) => compare(c, t, lk[k]!, problems));
}

/** Nodes are numbered in preorder (the extractor relies on it for comments). */
function preorder(t: LightTree, problems: string[]): void {
  let expect = 0;
  const stack = [0];
  while (stack.length) {
    const i = stack.pop()!;
    if (i !== expect++) {
      problems.push(`node ${i} visited ${expect - 1}th in preorder`);
      return;
    }
    const kids: number[] = [];
    for (let c = t.first[i]!; c !== -1; c = t.next[c]!) kids.push(c);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  if (expect !== t.n) problems.push(`${t.n} nodes, ${expect} reachable`);
}

describe('light tree copy', () => {
  const sources = [
    ...SNIPPETS,
    ...pyFiles(path.join(ROOT, '__tests__/fixtures'))
      .concat(pyFiles(path.join(ROOT, 'examples')))
      .map((f) => readFileSync(f, 'utf8')),
  ];
  it(`matches the Node API on ${sources.length} sources`, async () => {
    const parser = await pythonParser();
    // the fast walk on the C exports is what runs in production: make sure it is the one tested
    expect(wasmModule(), 'web-tree-sitter no longer exposes the exports the fast walk uses').toBeDefined();
    const types = typeTable(parser.language!);
    const problems: string[] = [];
    for (const src of sources) {
      const tree = parser.parse(src)!;
      try {
        const t = lightTree(tree, src, types);
        compare(tree.rootNode, t, 0, problems);
        preorder(t, problems);
      } finally {
        tree.delete();
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});

describe('heap walk', () => {
  it('gives node for node the copy the cursor walk gives (the IR corpus, fixtures, oracle, generated code, stdlib)', async () => {
    const parser = await pythonParser();
    const types = typeTable(parser.language!);
    const sources = [...SNIPPETS, ...(await corpus()).map((s) => s.text), ...stdlibSample(400)];
    let compared = 0;
    const differ: string[] = [];
    for (const src of sources) {
      const tree = parser.parse(src)!;
      try {
        const viaHeap = heapTree(tree, src, types);
        expect(viaHeap, 'the heap layout check failed: web-tree-sitter changed its structs').toBeDefined();
        if (!sameTree(viaHeap!, cursorTree(tree, src, types))) differ.push(src.slice(0, 80));
        compared++;
      } finally {
        tree.delete();
      }
    }
    expect(differ.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(500);
  }, 120_000);

  it('checks the first trees of a thread against the cursor walk, which sees a one-node difference', async () => {
    const parser = await pythonParser();
    const types = typeTable(parser.language!);
    const saved = { ...heapWalk };
    const src = 'x = f(1, y=[2])\n';
    const tree = parser.parse(src)!;
    try {
      Object.assign(heapWalk, { trees: 0, nodes: 0 });
      lightTree(tree, src, types);
      // a tree of a few nodes is compared, and does not end the checking
      expect(heapWalk).toMatchObject({ enabled: true, trees: 1 });
      expect(heapWalk.nodes).toBeGreaterThan(5);
      expect(heapWalk.nodes).toBeLessThan(heapWalk.checkNodes);
      const a = heapTree(tree, src, types)!;
      const b = cursorTree(tree, src, types);
      expect(sameTree(a, b)).toBe(true);
      b.end[b.n - 1]! += 1;
      expect(sameTree(a, b)).toBe(false);
    } finally {
      tree.delete();
      Object.assign(heapWalk, saved);
    }
  });
});

describe('heap walk on a corrupted heap (what a layout change would look like)', () => {
  /** Parses `src`, lets `corrupt` change heap words (restored before the tree is freed), returns what heapTree gave and how long it took. */
  async function corrupted(src: string, corrupt: (u32: Uint32Array, root: number) => void): Promise<{ tree: LightTree | undefined; ms: number }> {
    const parser = await pythonParser();
    const types = typeTable(parser.language!);
    const m = wasmModule()!.module;
    const tree = parser.parse(src)!;
    const u32 = m.HEAPU32;
    const treePtr = (tree as unknown as Record<number, number>)[0]!;
    const saved = new Map<number, number>();
    const tracking = new Proxy(u32, {
      set(target, k, v) {
        const i = Number(k);
        if (!saved.has(i)) saved.set(i, target[i]!);
        target[i] = v as number;
        return true;
      },
      get: (target, k) => Reflect.get(target, k) as unknown,
    });
    try {
      corrupt(tracking, u32[treePtr >> 2]!);
      const t0 = performance.now();
      const t = heapTree(tree, src, types);
      return { tree: t, ms: performance.now() - t0 };
    } finally {
      for (const [i, v] of saved) u32[i] = v;
      tree.delete();
    }
  }
  const SRC = Array.from({ length: 2000 }, (_, i) => `def f${i}(a, b=1):\n    return g(a, [b, ${i}])\n`).join('');

  it('a cycle (a child pointing back at its root) is given up, quickly', async () => {
    const r = await corrupted(SRC, (u32, root) => {
      const n = u32[(root + 36) >> 2]!;
      u32[(root - 8 * n) >> 2] = root; // the first child slot now holds the root
    });
    expect(r.tree).toBeUndefined();
    expect(r.ms).toBeLessThan(5_000);
  });

  it('a size past the end of the source is given up', async () => {
    const r = await corrupted(SRC, (u32, root) => {
      const n = u32[(root + 36) >> 2]!;
      const child = u32[(root - 8 * n) >> 2]!;
      expect(child & 1).toBe(0); // a statement: a heap subtree
      u32[(child + 16) >> 2] = 0x7fff_ffff;
    });
    expect(r.tree).toBeUndefined();
  });

  it('a production id outside the language is given up', async () => {
    const r = await corrupted(SRC, (u32, root) => {
      const n = u32[(root + 36) >> 2]!;
      const child = u32[(root - 8 * n) >> 2]!;
      u32[(child + 64) >> 2] = (0xffff << 16) | (u32[(child + 64) >> 2]! & 0xffff); // production_id, beside repeat_depth
    });
    expect(r.tree).toBeUndefined();
  });
});

/** Python files of the machine's standard library (a wide sample of real syntax), when python3 is installed. */
function stdlibSample(max: number): string[] {
  let dir: string;
  try {
    dir = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const f of pyFiles(dir).sort()) {
    if (f.includes('site-packages') || f.includes('dist-packages')) continue;
    if (out.length >= max) break;
    out.push(readFileSync(f, 'utf8'));
  }
  return out;
}
