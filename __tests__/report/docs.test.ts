import { describe, expect, it } from 'vitest';
import { ruleDocUrl, ruleHelpText, ruleMarkdown, rulesTable } from '../../src/report/docs.js';
import { toSarif } from '../../src/report/sarif.js';
import type { RuleMeta } from '../../src/types.js';
import { RULES } from './fixtures.js';

const headings = (md: string) => md.split('\n').filter((l) => /^#{1,6} /.test(l));

describe('ruleMarkdown', () => {
  const md = ruleMarkdown(RULES[0]!);

  it('renders the fixed sections in order under a title', () => {
    expect(headings(md)).toEqual(['# FA101 missing-auth', '## What it finds', '## Why it matters', '## Example', '## Fix', '## References']);
    expect(md).toContain(
      'Default severity: **high** · Precision: **high** · CWE: [CWE-306](https://cwe.mitre.org/data/definitions/306.html), [CWE-862](https://cwe.mitre.org/data/definitions/862.html)',
    );
    expect(md).toContain('- https://fastapi.tiangolo.com/tutorial/security/');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('fences the example as Python, and keeps fences the author wrote', () => {
    expect(md).toContain('## Example\n\n```python\nfrom fastapi import FastAPI\n');
    const fenced: RuleMeta = { ...RULES[1]!, docs: { ...RULES[1]!.docs, example: '```python\nx = 1\n```\n\nand more' } };
    expect(ruleMarkdown(fenced)).toContain('## Example\n\n```python\nx = 1\n```\n\nand more\n');
  });

  it('uses a longer fence when the example itself contains backticks', () => {
    const ticks: RuleMeta = { ...RULES[1]!, docs: { ...RULES[1]!.docs, example: 's = "``` not a fence"' } };
    expect(ruleMarkdown(ticks)).toContain('````python\ns = "``` not a fence"\n````');
  });

  it('leaves out empty sections', () => {
    expect(headings(ruleMarkdown(RULES[3]!))).not.toContain('## References');
  });

  it('is the help SARIF carries (one renderer)', () => {
    const rules = toSarif({ findings: [], rules: RULES, toolVersion: '1.0.0' }).sarif.runs[0]!.tool.driver.rules!;
    for (const [i, meta] of [...RULES].sort((a, b) => (a.id < b.id ? -1 : 1)).entries()) {
      expect(rules[i]!.help).toEqual({ text: ruleHelpText(meta), markdown: ruleMarkdown(meta) });
      expect(rules[i]!.helpUri).toBe(ruleDocUrl(meta.id));
    }
  });
});

describe('ruleHelpText', () => {
  it('has the same sections as plain text, the example indented', () => {
    const text = ruleHelpText(RULES[0]!);
    expect(text.split('\n')[0]).toBe('FA101 missing-auth: HTTP route with no authentication dependency.');
    expect(text).toContain('\nWhat it finds\nFinds HTTP routes');
    expect(text).toContain('\nExample\n    from fastapi import FastAPI\n\n    app = FastAPI()\n');
  });
});

describe('rulesTable', () => {
  it('lists rules by id with links, names, default severities and summaries', () => {
    expect(rulesTable([...RULES].reverse())).toBe(
      [
        '| Rule | Name | Default severity | What it finds |',
        '| --- | --- | --- | --- |',
        '| [FA101](docs/rules/FA101.md) | missing-auth | high | HTTP route with no authentication dependency. |',
        '| [FA104](docs/rules/FA104.md) | apikey-in-query | medium | API key read from the query string. |',
        '| [FA201](docs/rules/FA201.md) | cors-wildcard-credentials | critical | CORS allows any origin together with credentials. |',
        '| [FA302](docs/rules/FA302.md) | missing-https-redirect | low | Application without HTTPSRedirectMiddleware. |',
        '',
      ].join('\n'),
    );
  });

  it('escapes cells so a summary cannot break the table, keeping its code spans', () => {
    const odd: RuleMeta = { ...RULES[0]!, docs: { ...RULES[0]!.docs, summary: 'a | b `c` <d>\nnext' } };
    const row = rulesTable([odd]).split('\n')[2]!;
    expect(row).toBe('| [FA101](docs/rules/FA101.md) | missing-auth | high | a \\| b `c` \\<d\\><br>next |');
  });
});
