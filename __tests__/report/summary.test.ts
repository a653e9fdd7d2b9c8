import { describe, expect, it } from 'vitest';
import { escapeInline } from '../../src/report/markdown.js';
import { GITHUB_STEP_SUMMARY_BYTES, summaryMarkdown, type SummaryInput } from '../../src/report/summary.js';
import type { Finding, Inventory, Notice } from '../../src/types.js';
import { FINDINGS, INVENTORY, NOTICES, RULES, finding } from './fixtures.js';

const input: SummaryInput = {
  findings: FINDINGS,
  inventory: INVENTORY,
  rules: RULES,
  notices: NOTICES,
  omittedAnnotations: 3,
  repoUrl: 'https://github.com/acme/shop',
  sha: '0123abcd',
};
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** Cells of a table row, split on unescaped pipes. */
const cells = (row: string) =>
  row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());
const tableRows = (md: string, header: string) => {
  const lines = md.split('\n');
  const start = lines.indexOf(header);
  const rows: string[] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!);
  return rows;
};
const FINDINGS_HEADER = '| Severity | Rule | Location | Message |';
const ROUTES_HEADER = '| Methods | Path | Handler | Apps | Auth | Why |';

describe('summaryMarkdown', () => {
  const md = summaryMarkdown(input);

  it('opens with a heading and the totals by severity', () => {
    expect(md.startsWith('## fastapi-audit\n\n**5 findings**: 1 critical, 1 high, 3 medium (1 suppressed, 1 already in the baseline)\n')).toBe(true);
    expect(md).toContain('| critical | high | medium | low | note |\n| ---: | ---: | ---: | ---: | ---: |\n| 1 | 1 | 3 | 0 | 0 |');
  });

  it('lists unsuppressed findings, most severe first, linking to the code at the commit', () => {
    const rows = tableRows(md, FINDINGS_HEADER).map(cells);
    expect(rows.map((r) => r[0])).toEqual(['critical', 'high', 'medium', 'medium (baseline)', 'medium']);
    expect(rows[0]).toEqual([
      'critical',
      '[FA201 cors-wildcard-credentials](https://github.com/fastapi-audit/fastapi-audit/blob/main/docs/rules/FA201.md)',
      '[app/main.py:9](https://github.com/acme/shop/blob/0123abcd/app/main.py#L9)',
      'CORS allows any origin ("\\*") with credentials: any site can make credentialed requests.',
    ]);
    expect(rows[4]![2]).toBe('[app/my deps/\\#1 100%/sécurité.py:3](https://github.com/acme/shop/blob/0123abcd/app/my%20deps/%231%20100%25/s%C3%A9curit%C3%A9.py#L3)');
    expect(md).not.toContain('HTTPSRedirectMiddleware'); // the suppressed finding
  });

  it('links under the scan root inside the repository', () => {
    const prefixed = summaryMarkdown({ ...input, pathPrefix: 'services/api' });
    expect(prefixed).toContain('(https://github.com/acme/shop/blob/0123abcd/services/api/app/main.py#L9)');
    expect(prefixed).toContain('[app/main.py:9]');
  });

  it('prints plain locations without a repository URL and commit', () => {
    const plain = summaryMarkdown({ ...input, repoUrl: undefined });
    expect(plain).not.toContain('github.com/acme');
    expect(cells(tableRows(plain, FINDINGS_HEADER)[0]!)[2]).toBe('app/main.py:9');
  });

  it('says how many annotations were not shown', () => {
    expect(md).toContain('3 annotations not shown');
    expect(summaryMarkdown({ ...input, omittedAnnotations: 0 })).not.toContain('annotations not shown');
  });

  it('shows the route inventory with the unauthenticated count', () => {
    expect(md).toContain('### Route inventory\n\n4 routes: **1 unauthenticated**, 1 public on purpose, 1 unknown.');
    expect(tableRows(md, ROUTES_HEADER).map(cells)).toEqual([
      ['GET', '/api/items', 'list\\_items ([app/api/items.py:30](https://github.com/acme/shop/blob/0123abcd/app/api/items.py#L30))', 'app.main.app', '**none**', ''],
      [
        'POST, PUT',
        '/api/items/{item\\_id}',
        'update\\_item ([app/api/items.py:12](https://github.com/acme/shop/blob/0123abcd/app/api/items.py#L12))',
        'app.main.app',
        'required',
        'header Authorization (OAuth2PasswordBearer); 401 at app/api/deps.py:57',
      ],
      ['GET', '/health', 'health ([app/main.py:50](https://github.com/acme/shop/blob/0123abcd/app/main.py#L50))', 'app.main.app', 'none (public)', ''],
      ['WS', '/ws', 'ws\\_endpoint ([app/main.py:40](https://github.com/acme/shop/blob/0123abcd/app/main.py#L40))', 'app.main.app', 'unknown', ''],
    ]);
  });

  it('lists errors first, then warnings, under a line saying the results may be incomplete; a notice names its file once', () => {
    const notices: Notice[] = [
      ...NOTICES,
      { level: 'error', message: 'z/bad.py: not scanned, internal error while parsing it (RangeError: boom); its findings and routes are missing', file: 'z/bad.py' },
    ];
    const out = summaryMarkdown({ ...input, notices });
    expect(out).toContain('\n\n**The results may be incomplete**: 1 file not scanned because of an internal error and 1 warning (see Notices below).\n');
    const lines = out
      .slice(out.indexOf('### Notices'))
      .split('\n')
      .filter((l) => l.startsWith('- '));
    expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual(['- error', '- warning', '- notice']);
    expect(lines[0]).toBe(
      '- error: [z/bad.py](https://github.com/acme/shop/blob/0123abcd/z/bad.py): not scanned, internal error while parsing it (RangeError: boom); its findings and routes are missing',
    );
    // the error is kept when the list is cut
    const many: Notice[] = [...Array.from({ length: 300 }, (_, i) => ({ level: 'notice' as const, message: `n${i}`, file: `a${i}.py` })), notices[2]!];
    expect(summaryMarkdown({ ...input, notices: many })).toContain('- error: [z/bad.py]');
    expect(summaryMarkdown({ ...input, notices: NOTICES.filter((n) => n.level === 'notice') })).not.toContain('may be incomplete');
  });

  it('lists notices', () => {
    expect(md).toContain(
      '### Notices\n\n- warning: [app/broken.py:4](https://github.com/acme/shop/blob/0123abcd/app/broken.py#L4): File does not parse: invalid syntax; partial results.\n- notice: [app/generated.py](https://github.com/acme/shop/blob/0123abcd/app/generated.py): Skipped a file larger than 1 MiB.',
    );
  });

  it('says "No findings." and leaves out empty sections', () => {
    const empty = summaryMarkdown({ findings: [], inventory: { version: 1, routes: [], unincluded: [] } });
    expect(empty).toContain('**No findings.**');
    expect(empty).not.toContain('### Findings');
    expect(empty).not.toContain('### Notices');
    expect(empty).toContain('No routes found.');
  });

  it('escapes everything that comes from scanned code', () => {
    const hostile: Finding[] = [
      finding({
        ruleId: 'FA101',
        message: 'pipe | backtick ` <script>alert(1)</script> **bold** [link](http://x) @team #12 $x$ &amp;\nnew line\r\nCRLF',
        location: { file: 'a|b/`c`/<i>.py', line: 1, column: 1 },
      }),
    ];
    const inv: Inventory = { version: 1, routes: [{ ...INVENTORY.routes[0]!, path: '/x|y/<b>', handler: 'h`|`' }], unincluded: [] };
    const out = summaryMarkdown({ findings: hostile, inventory: inv, repoUrl: 'https://github.com/acme/shop', sha: 'abc' });
    const row = tableRows(out, FINDINGS_HEADER)[0]!;
    expect(cells(row)).toHaveLength(4);
    expect(cells(row)[3]).toBe('pipe \\| backtick \\` \\<script\\>alert(1)\\</script\\> \\*\\*bold\\*\\* \\[link\\](http://x) \\@team \\#12 \\$x\\$ \\&amp;<br>new line<br>CRLF');
    expect(cells(row)[2]).toBe('[a\\|b/\\`c\\`/\\<i\\>.py:1](https://github.com/acme/shop/blob/abc/a%7Cb/%60c%60/%3Ci%3E.py#L1)');
    expect(out).not.toMatch(/<script>|<i>/);
    const route = cells(tableRows(out, ROUTES_HEADER)[0]!);
    expect(route).toHaveLength(6);
    expect(route[1]).toBe('/x\\|y/\\<b\\>');
    expect(escapeInline('a\u0000b\u001bc')).toBe('a b c');
  });

  it('stays within its byte budget and says how many rows it left out', () => {
    const many = Array.from({ length: 3_000 }, (_, i) =>
      finding({ ruleId: 'FA101', fingerprint: `k${i}`, message: `finding ${i} ${'x'.repeat(200)}`, location: { file: `app/m${i}.py`, line: i + 1, column: 1 } }),
    );
    const routes = Array.from({ length: 3_000 }, (_, i) => ({ ...INVENTORY.routes[0]!, path: `/r/${i}/${'p'.repeat(100)}`, line: i + 1 }));
    const maxBytes = 200_000;
    const out = summaryMarkdown({ findings: many, inventory: { version: 1, routes, unincluded: [] }, maxBytes, repoUrl: 'https://github.com/acme/shop', sha: 'abc' });
    expect(bytes(out)).toBeLessThanOrEqual(maxBytes);
    const shownFindings = tableRows(out, FINDINGS_HEADER).length;
    expect(shownFindings).toBeGreaterThan(100);
    expect(out).toContain(`*… ${3_000 - shownFindings} more findings not shown.*`);
    const shownRoutes = tableRows(out, ROUTES_HEADER).length;
    expect(out).toContain(`*… ${3_000 - shownRoutes} more routes not shown.*`);
  });

  it('never exceeds GitHub’s 1 MiB step summary limit, even with a larger budget asked for', () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      finding({ ruleId: 'FA101', fingerprint: `k${i}`, message: 'm'.repeat(2_000), location: { file: `f${i}.py`, line: 1, column: 1 } }),
    );
    const notices = Array.from({ length: 5_000 }, (_, i) => ({ level: 'warning' as const, message: 'n'.repeat(500), file: `f${i}.py` }));
    const out = summaryMarkdown({ findings: many, notices, maxBytes: 10 * GITHUB_STEP_SUMMARY_BYTES });
    expect(bytes(out)).toBeLessThanOrEqual(GITHUB_STEP_SUMMARY_BYTES);
    expect(out).toMatch(/more notices not shown/);
  });

  it('is deterministic', () => {
    expect(summaryMarkdown({ ...input, findings: [...FINDINGS].reverse(), notices: [...NOTICES].reverse() })).toBe(md);
  });
});
