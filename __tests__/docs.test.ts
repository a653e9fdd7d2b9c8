/**
 * docs/rules/<ID>.md, the README rules table and the README config table are generated from rule
 * metadata and the config schema. This test fails when they drift; `npm run docs` rewrites them.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS_DOC } from '../src/config/index.js';
import { RULES } from '../src/rules/index.js';
import { ruleMarkdown, rulesTable } from '../src/report/docs.js';
import { SUPPRESSION_RULES } from '../src/suppress/rules.js';
import { VERSION } from '../src/version.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const UPDATE = process.env.UPDATE_DOCS === '1';
const METAS = [...RULES.map((r) => r.meta), ...SUPPRESSION_RULES];

function section(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md has no ${start} … ${end} section`);
  return `${text.slice(0, i + start.length)}\n${body.trimEnd()}\n${text.slice(j)}`;
}

describe('generated documentation', () => {
  it('docs/rules/<ID>.md matches the rule metadata', () => {
    const dir = path.join(ROOT, 'docs/rules');
    if (UPDATE) mkdirSync(dir, { recursive: true });
    for (const m of METAS) {
      const file = path.join(dir, `${m.id}.md`);
      const want = ruleMarkdown(m);
      if (UPDATE) writeFileSync(file, want);
      expect(existsSync(file) ? readFileSync(file, 'utf8') : '', `${file} is stale: run npm run docs`).toBe(want);
    }
    const extra = readdirSync(dir).filter((f) => !METAS.some((m) => `${m.id}.md` === f));
    expect(extra, 'pages for rules that no longer exist').toEqual([]);
  });

  it('the README rules and config tables match', () => {
    const file = path.join(ROOT, 'README.md');
    const text = readFileSync(file, 'utf8');
    const want = section(section(text, 'rules', rulesTable(METAS)), 'config', CONFIG_KEYS_DOC);
    if (UPDATE) writeFileSync(file, want);
    expect(text, 'README.md tables are stale: run npm run docs').toBe(want);
  });

  it('every rule has complete docs and a unique id and name', () => {
    const ids = new Set<string>();
    const names = new Set<string>();
    for (const m of METAS) {
      expect(m.id).toMatch(/^FA\d{3}$/);
      expect(ids.has(m.id) || names.has(m.name)).toBe(false);
      ids.add(m.id);
      names.add(m.name);
      for (const k of ['summary', 'what', 'why', 'example', 'fix'] as const) expect(m.docs[k].trim(), `${m.id} docs.${k}`).not.toBe('');
      // every page says what the rule leaves out on purpose, and why
      expect((m.docs.notReported ?? '').trim(), `${m.id} docs.notReported`).not.toBe('');
      expect(m.docs.references.length, `${m.id} references`).toBeGreaterThan(0);
    }
  });

  it('the version matches package.json', () => {
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version).toBe(VERSION);
  });
});
