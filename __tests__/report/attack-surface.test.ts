import { describe, expect, it } from 'vitest';
import { attackSurfaceMarkdown, formatAttackSurface, newlyUnauthenticated, surfaceDetail, surfaceHeadline, surfaceRows } from '../../src/report/attack-surface.js';
import { summaryMarkdown } from '../../src/report/summary.js';
import { diffInventory } from '../../src/suppress/baseline.js';
import type { Inventory, InventoryRoute } from '../../src/types.js';
import { FINDINGS, RULES } from './fixtures.js';

function route(r: Partial<InventoryRoute> & Pick<InventoryRoute, 'path'>): InventoryRoute {
  return {
    kind: 'http',
    methods: ['GET'],
    file: 'app/api.py',
    line: 1,
    handler: 'h',
    apps: ['app.main.app'],
    served: true,
    auth: 'required',
    public: false,
    dependencies: [],
    evidence: [],
    ...r,
  };
}
const inventory = (...routes: InventoryRoute[]): Inventory => ({ version: 1, routes, unincluded: [] });

const BEFORE = inventory(
  route({ path: '/items', handler: 'list_items', line: 4 }),
  route({ path: '/admin/users', methods: ['DELETE'], handler: 'delete_user', line: 20 }),
  route({ path: '/reports', handler: 'reports', line: 30 }),
  route({ path: '/status', handler: 'status', line: 40 }),
  route({ path: '/old', handler: 'old', file: 'app/old.py', line: 3 }),
  route({ path: '/same', handler: 'same', line: 50 }),
);
const AFTER = inventory(
  route({ path: '/items', handler: 'list_items', line: 4, auth: 'none' }), // lost its auth
  route({ path: '/admin/users', methods: ['DELETE'], handler: 'delete_user', line: 22, auth: 'optional' }), // weakened
  route({ path: '/reports', handler: 'reports', line: 30 }),
  route({ path: '/status', handler: 'status', line: 40, auth: 'none', public: true }), // marked public
  route({ path: '/same', handler: 'same', line: 51 }),
  route({ path: '/admin/export', methods: ['POST'], handler: 'export_all', file: 'app/admin.py', line: 12, auth: 'none' }),
  route({ path: '/webhooks/{id}', methods: ['POST'], handler: 'webhook', file: 'app/hooks.py', line: 8, auth: 'none' }),
  route({ path: '/health', handler: 'health', line: 60, auth: 'none', public: true }),
  route({ path: '/me', handler: 'me', line: 70 }),
  route({ path: '/partner', handler: 'partner', line: 80, auth: 'unknown' }),
  route({ path: '/ws', kind: 'websocket', methods: [], handler: 'ws', line: 90, auth: 'optional' }),
);
const DIFF = diffInventory(BEFORE, AFTER);

describe('attack-surface rows and counts', () => {
  it('puts what opens the service first, then the rest, in route order', () => {
    expect(surfaceRows(DIFF).map((r) => `${r.change} ${r.route.path}`)).toEqual([
      'new-unauthenticated /admin/export',
      'new-unauthenticated /webhooks/{id}',
      'now-unauthenticated /items',
      'weakened /admin/users',
      'marked-public /status',
      'new-unknown /partner',
      'new-optional /ws',
      'new-public /health',
      'new-authenticated /me',
      'removed /old',
    ]);
    expect(newlyUnauthenticated(DIFF)).toBe(3);
  });

  it('says it in one sentence, with the PR as subject', () => {
    expect(surfaceHeadline(DIFF, 'This PR')).toBe(
      'This PR adds 2 unauthenticated endpoints, makes 1 existing endpoint unauthenticated, weakens the authentication of 1 endpoint and marks 1 protected endpoint public.',
    );
    expect(surfaceDetail(DIFF)).toBe('6 new routes (2 unauthenticated, 1 with unknown auth, 1 with optional auth, 1 public on purpose, 1 with auth required); 1 route removed.');
  });

  it('is short when nothing opens up', () => {
    const same = diffInventory(BEFORE, BEFORE);
    expect(surfaceHeadline(same, 'This PR')).toBe('This PR adds no unauthenticated endpoints.');
    expect(surfaceDetail(same)).toBe('No route added or removed.');
    const oneSafe = diffInventory(BEFORE, inventory(...BEFORE.routes, route({ path: '/me' })));
    expect(surfaceHeadline(oneSafe)).toBe('Compared with the baseline, this code adds no unauthenticated endpoints.');
    expect(surfaceDetail(oneSafe)).toBe('1 new route (1 with auth required).');
    const one = diffInventory(BEFORE, inventory(...BEFORE.routes, route({ path: '/open', auth: 'none' })));
    expect(surfaceHeadline(one, 'This PR')).toBe('This PR adds 1 unauthenticated endpoint.');
  });
});

describe('attackSurfaceMarkdown', () => {
  const md = attackSurfaceMarkdown(DIFF, { subject: 'This PR', maxBytes: 100_000 });
  const lines = md.split('\n');

  it('opens with the headline in bold and the counts', () => {
    expect(lines.slice(0, 3)).toEqual([
      '### Attack surface',
      '',
      '**This PR adds 2 unauthenticated endpoints, makes 1 existing endpoint unauthenticated, weakens the authentication of 1 endpoint and marks 1 protected endpoint public.** 6 new routes (2 unauthenticated, 1 with unknown auth, 1 with optional auth, 1 public on purpose, 1 with auth required); 1 route removed.',
    ]);
  });

  it('has a row per changed route, the dangerous ones in bold, auth before → now', () => {
    expect(lines.slice(4)).toEqual([
      '| Change | Methods | Path | Auth | Handler |',
      '| --- | --- | --- | --- | --- |',
      '| **new, unauthenticated** | POST | /admin/export | **none** | export\\_all (app/admin.py:12) |',
      '| **new, unauthenticated** | POST | /webhooks/{id} | **none** | webhook (app/hooks.py:8) |',
      '| **now unauthenticated** | GET | /items | **required → none** | list\\_items (app/api.py:4) |',
      '| **auth weakened** | DELETE | /admin/users | **required → optional** | delete\\_user (app/api.py:22) |',
      '| marked public | GET | /status | required → none (public) | status (app/api.py:40) |',
      '| new, auth unknown | GET | /partner | unknown | partner (app/api.py:80) |',
      '| new, optional auth | WS | /ws | optional | ws (app/api.py:90) |',
      '| new, public | GET | /health | none (public) | health (app/api.py:60) |',
      '| new | GET | /me | required | me (app/api.py:70) |',
      '| removed | GET | /old | required | old (app/old.py:3) |',
    ]);
  });

  it("links locations through the callback, except removed routes (their file is the baseline's)", () => {
    const linked = attackSurfaceMarkdown(DIFF, { maxBytes: 100_000, location: (file, line) => `[${file}:${line}](https://x/${file}#L${line})` });
    expect(linked).toContain('export\\_all ([app/admin.py:12](https://x/app/admin.py#L12))');
    expect(linked).toContain('old (app/old.py:3)');
  });

  it('escapes what comes from the scanned code', () => {
    const evil = diffInventory(inventory(), inventory(route({ path: '/a|b/<img src=x>/**x**', handler: '@admin [x](http://evil)', auth: 'none' })));
    const row = attackSurfaceMarkdown(evil, { maxBytes: 10_000 }).split('\n').pop()!;
    expect(row).toBe('| **new, unauthenticated** | GET | /a\\|b/\\<img src=x\\>/\\*\\*x\\*\\* | **none** | \\@admin \\[x\\](http://evil) (app/api.py:1) |');
  });

  it('stays within its budget and says how many rows it left out', () => {
    const many = diffInventory(inventory(), inventory(...Array.from({ length: 500 }, (_, i) => route({ path: `/r${i}`, auth: 'none' }))));
    const small = attackSurfaceMarkdown(many, { maxBytes: 4_000 });
    expect(Buffer.byteLength(small.split('\n').slice(4).join('\n'))).toBeLessThanOrEqual(4_000);
    expect(small).toMatch(/\*… \d+ more changed routes not shown\.\*$/);
    expect(small).toContain('adds 500 unauthenticated endpoints');
    expect(attackSurfaceMarkdown(many, { maxBytes: 1_000_000, maxRows: 10 })).toContain('*… 490 more changed routes not shown.*');
  });

  it('has no table when nothing changed', () => {
    expect(attackSurfaceMarkdown(diffInventory(BEFORE, BEFORE), { subject: 'This PR', maxBytes: 1000 })).toBe(
      '### Attack surface\n\n**This PR adds no unauthenticated endpoints.** No route added or removed.',
    );
  });
});

describe('formatAttackSurface (CLI text)', () => {
  it('prints the headline and aligned rows', () => {
    const small = diffInventory(
      inventory(route({ path: '/items', handler: 'list_items', line: 4 })),
      inventory(
        route({ path: '/items', handler: 'list_items', line: 4, auth: 'none' }),
        route({ path: '/admin/export', methods: ['POST'], handler: 'export_all', file: 'app/admin.py', line: 12, auth: 'none' }),
      ),
    );
    expect(formatAttackSurface(small)).toBe(
      [
        'attack surface: compared with the baseline, this code adds 1 unauthenticated endpoint and makes 1 existing endpoint unauthenticated. 1 new route (1 unauthenticated).',
        '  NEW, UNAUTHENTICATED  POST  /admin/export  none             export_all (app/admin.py:12)',
        '  NOW UNAUTHENTICATED   GET   /items         required → none  list_items (app/api.py:4)',
        '',
      ].join('\n'),
    );
  });

  it('cannot be made to rewrite the terminal', () => {
    const evil = diffInventory(inventory(), inventory(route({ path: '/x\u001b[2J\u202e', handler: 'h\r\n', auth: 'none' })));
    const text = formatAttackSurface(evil);
    // eslint-disable-next-line no-control-regex -- the test looks for the escape character in the output
    expect(text).not.toMatch(/[\u001b\u202e\r]/);
    expect(text).toContain('/x\\u{1b}[2J\\u{202e}');
  });

  it('is one line when nothing changed', () => {
    expect(formatAttackSurface(diffInventory(BEFORE, BEFORE))).toBe(
      'attack surface: compared with the baseline, this code adds no unauthenticated endpoints. No route added or removed.\n',
    );
  });
});

describe('the job summary with an attack-surface diff', () => {
  it('opens with it, before the totals, linking to the code', () => {
    const md = summaryMarkdown({
      findings: FINDINGS,
      rules: RULES,
      inventory: AFTER,
      repoUrl: 'https://github.com/acme/shop',
      sha: 'abc123',
      attackSurface: { diff: DIFF, subject: 'This PR' },
    });
    expect(md.startsWith('## fastapi-audit\n\n### Attack surface\n\n**This PR adds 2 unauthenticated endpoints, ')).toBe(true);
    expect(md).toContain('export\\_all ([app/admin.py:12](https://github.com/acme/shop/blob/abc123/app/admin.py#L12))');
    expect(md.indexOf('### Attack surface')).toBeLessThan(md.indexOf('**5 findings**'));
    expect(md.indexOf('**5 findings**')).toBeLessThan(md.indexOf('### Findings'));
  });

  it('explains in one line why there is no diff with a SARIF baseline', () => {
    const md = summaryMarkdown({ findings: FINDINGS, attackSurface: { note: 'No attack-surface diff: the baseline is a SARIF file.' } });
    expect(md).not.toContain('### Attack surface');
    expect(md).toContain('\n*No attack-surface diff: the baseline is a SARIF file.*\n');
  });

  it('says how many findings were not annotated because the PR does not touch their file', () => {
    expect(summaryMarkdown({ findings: FINDINGS, outsidePullRequest: 3 })).toContain(
      '\n3 findings in files this pull request does not change are not annotated; they are listed here and in the SARIF file.\n',
    );
    expect(summaryMarkdown({ findings: FINDINGS, outsidePullRequest: 1 })).toContain('1 finding in files this pull request does not change is not annotated; it is listed');
    expect(summaryMarkdown({ findings: FINDINGS })).not.toContain('not annotated');
  });

  it('keeps the whole summary within its budget', () => {
    const many = diffInventory(inventory(), inventory(...Array.from({ length: 5_000 }, (_, i) => route({ path: `/r${i}/${'x'.repeat(100)}`, auth: 'none' }))));
    const md = summaryMarkdown({ findings: FINDINGS, inventory: { version: 1, routes: [], unincluded: [] }, attackSurface: { diff: many }, maxBytes: 64 * 1024 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(64 * 1024);
    expect(md).toContain('more changed routes not shown');
  });
});
