/**
 * Seeded random inputs (odd strings, broken positions, duplicates) through every reporter: SARIF
 * always passes the schema, text stays one line per finding, the summary stays bounded, JSON and
 * SARIF are deterministic.
 */
import { describe, expect, it } from 'vitest';
import { planAnnotations } from '../../src/report/annotations.js';
import { findingsJson, inventoryJson } from '../../src/report/json.js';
import { sarifJson, toSarif } from '../../src/report/sarif.js';
import { summaryMarkdown } from '../../src/report/summary.js';
import { formatRoutes, formatText } from '../../src/report/text.js';
import { SEVERITIES, type Finding, type Inventory, type Notice } from '../../src/types.js';
import { validateSarifSchema } from '../helpers/sarif.js';
import { RULES } from './fixtures.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a',
  'Z',
  '/',
  ' ',
  '#',
  '%',
  '%20',
  '?',
  ':',
  '|',
  '`',
  '*',
  '_',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '&',
  '\\',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u001b[2J',
  '\u202e',
  'é',
  '日本',
  '😀',
  '\uD800',
  '\uDC00',
  '](1)',
  '"',
  "'",
  '$',
  '@',
  '.',
  '..',
];

function generator(seed: number) {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const str = (max: number) => Array.from({ length: int(max) }, () => pick(PIECES)).join('');
  const num = () => pick([1, 2, 7, 100, 0, -1, 2.5, Number.NaN, 1e9, int(500) + 1]);
  const location = () => ({ file: str(6) || 'f.py', line: num(), column: num(), ...(r() < 0.5 ? { endLine: num(), endColumn: num() } : {}) });
  const finding = (i: number): Finding => ({
    ruleId: r() < 0.9 ? pick(RULES).id : `X${int(5)}`,
    severity: pick(SEVERITIES),
    message: str(12),
    location: location(),
    fingerprint: `k${i % 7}${str(2)}`,
    ...(r() < 0.3 ? { related: Array.from({ length: int(4) }, () => ({ ...location(), message: str(5) })) } : {}),
    ...(r() < 0.2 ? { suppression: { kind: pick(['inSource', 'external'] as const), justification: str(4) } } : {}),
    ...(r() < 0.2 ? { baseline: pick(['new', 'unchanged'] as const) } : {}),
  });
  const notice = (): Notice => ({ level: pick(['notice', 'warning'] as const), message: str(8), ...(r() < 0.7 ? { file: str(5), line: num() } : {}) });
  const inventory = (): Inventory => ({
    version: 1,
    unincluded: [],
    routes: Array.from({ length: int(6) }, () => ({
      kind: pick(['http', 'websocket'] as const),
      methods: Array.from({ length: int(3) }, () => pick(['GET', 'post', 'PUT'])),
      path: str(6),
      file: str(4),
      line: num(),
      handler: str(3),
      apps: [str(3)],
      served: r() < 0.8,
      auth: pick(['required', 'optional', 'none', 'unknown'] as const),
      public: r() < 0.3,
      dependencies: Array.from({ length: int(3) }, () => str(3)),
      evidence: [],
    })),
  });
  return { findings: Array.from({ length: int(12) }, (_, i) => finding(i)), notices: Array.from({ length: int(4) }, notice), inventory: inventory() };
}

describe('reporters on random input', () => {
  it('hold their invariants over 300 seeded cases', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { findings, notices, inventory } = generator(seed);
      const input = { findings, rules: RULES, notices, toolVersion: '0.1.0', limits: { results: 8 } };
      const { sarif } = toSarif(input);
      const check = validateSarifSchema(sarif);
      expect(check.errors, `seed ${seed}`).toEqual([]);
      expect(sarifJson(toSarif({ ...input, findings: [...findings].reverse() }).sarif), `seed ${seed}`).toBe(sarifJson(sarif));
      for (const r of sarif.runs[0]!.results!) {
        const ids = new Set((r.relatedLocations ?? []).map((l) => l.id));
        for (const m of r.message.text!.matchAll(/(?<!\\)\]\((\d+)\)/g)) expect(ids.has(Number(m[1])), `seed ${seed}`).toBe(true);
      }

      const text = formatText(findings, { showSuppressed: true });
      expect(text.split('\n')).toHaveLength(findings.length + 2);
      // eslint-disable-next-line no-control-regex -- the test looks for control characters in the output
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
      formatRoutes(inventory);

      expect(findingsJson([...findings].reverse())).toBe(findingsJson(findings));
      expect(inventoryJson({ version: 1, routes: [...inventory.routes].reverse(), unincluded: [] })).toBe(inventoryJson(inventory));

      const plan = planAnnotations(findings, { rules: RULES });
      for (const a of plan.annotations) {
        expect(a.properties.startLine).toBeGreaterThanOrEqual(1);
        expect(a.properties.endLine).toBeGreaterThanOrEqual(a.properties.startLine);
        if (a.properties.startColumn !== undefined) expect(a.properties.endLine).toBe(a.properties.startLine);
      }

      const md = summaryMarkdown({ findings, inventory, notices, rules: RULES, repoUrl: 'https://github.com/o/r', sha: 's', maxBytes: 20_000 });
      expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000);
      // every row of a table has its header's number of cells (nothing from scanned code adds a `|`)
      let cellsPerRow = 0;
      for (const line of md.split('\n')) {
        if (!line.startsWith('| ')) {
          cellsPerRow = 0;
          continue;
        }
        const n = line.split(/(?<!\\)\|/).length;
        if (cellsPerRow === 0) cellsPerRow = n;
        expect(n, `seed ${seed}: ${line}`).toBe(cellsPerRow);
      }
    }
  });
});
