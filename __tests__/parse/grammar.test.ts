/**
 * The grammar we ship (tree-sitter-python 0.25's own wasm, run by web-tree-sitter 0.25) on modern
 * syntax. Each construct records whether it parses cleanly; a grammar upgrade that changes this
 * makes the test fail so the table below (and the README) gets updated.
 */
import { describe, expect, it } from 'vitest';
import { factsFromSource } from '../../src/parse/job.js';
import { pythonParser } from '../../src/parse/grammar.js';

const CORPUS: Array<{ name: string; src: string; clean: boolean }> = [
  { name: 'PEP 695 generic function', src: 'def first[T](xs: list[T]) -> T:\n    return xs[0]\n', clean: true },
  { name: 'PEP 695 generic class', src: 'class Box[T]:\n    item: T\n', clean: true },
  { name: 'PEP 695 type alias', src: 'type Pair[T] = tuple[T, T]\n', clean: true },
  {
    name: 'match statement',
    src: 'match cmd:\n    case ["go", d]:\n        pass\n    case {"x": x, **rest}:\n        pass\n    case Point(x=0) | None:\n        pass\n    case _:\n        pass\n',
    clean: true,
  },
  { name: 'except* (PEP 654)', src: 'try:\n    pass\nexcept* ValueError as eg:\n    pass\n', clean: true },
  { name: 't-string (PEP 750, 3.14)', src: 'msg = t"hello {name}"\n', clean: true },
  { name: 'except A, B: without parentheses (PEP 758, 3.14)', src: 'try:\n    pass\nexcept ValueError, TypeError:\n    pass\n', clean: true },
  { name: 'walrus in comprehension', src: 'ys = [y for x in xs if (y := f(x))]\n', clean: true },
  { name: 'positional-only and keyword-only params', src: 'def f(a, /, b, *, c=Depends(g)):\n    pass\n', clean: true },
  { name: 'nested f-string quotes (PEP 701)', src: 'x = f"{d["key"]} {f"{y}"}"\n', clean: true },
  { name: 'parenthesized context managers', src: 'with (open(a) as f, open(b) as g):\n    pass\n', clean: true },
  { name: 'async comprehension and await', src: 'async def f():\n    return [x async for x in aiter() if await ok(x)]\n', clean: true },
  { name: 'decorator with arbitrary expression (PEP 614)', src: '@buttons[0].clicked.connect\ndef f():\n    pass\n', clean: true },
  { name: 'syntax error', src: 'def broken(:\n    pass\n', clean: false },
];

describe('Python grammar on modern syntax', () => {
  for (const c of CORPUS) {
    it(`${c.name}: ${c.clean ? 'parses cleanly' : 'gives ERROR nodes, facts still extracted'}`, async () => {
      const parser = await pythonParser();
      const tree = parser.parse(c.src)!;
      const hasError = tree.rootNode.hasError;
      tree.delete();
      expect(hasError).toBe(!c.clean);
      const facts = await factsFromSource(c.src, 'x.py', c.src.length);
      expect(facts.body.length).toBeGreaterThan(0);
      expect(facts.errors.length > 0).toBe(!c.clean);
    });
  }

  it('extracts an alias inside Annotated from a PEP 695 generic handler', async () => {
    const src = 'def h[T](u: Annotated[T, Depends(get_user)]):\n    pass\n';
    const facts = await factsFromSource(src, 'x.py', src.length);
    const def = facts.body[0]!;
    expect(def.t).toBe('def');
    if (def.t !== 'def') return;
    expect(def.params[0]!.ann).toMatchObject({ t: 'sub', obj: { t: 'name', id: 'Annotated' } });
  });
});
