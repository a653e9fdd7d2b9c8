import { describe, expect, it } from 'vitest';
import { formatRoutes, formatText, printable, totalLine } from '../../src/report/text.js';
import type { Inventory } from '../../src/types.js';
import { FINDINGS, INVENTORY, finding } from './fixtures.js';

describe('formatText', () => {
  it('prints one line per unsuppressed finding in file/line/column/rule order, then the total', () => {
    expect(formatText(FINDINGS)).toBe(
      [
        'app/api/items.py:12:1  HIGH      FA101  DELETE /items/{item_id} has no authentication dependency.',
        'app/api/items.py:30:1  MEDIUM    FA101  GET /items has no authentication dependency.',
        'app/api/users.py:8:1  MEDIUM    FA101  GET /users/me has no authentication dependency.',
        'app/main.py:9:1  CRITICAL  FA201  CORS allows any origin ("*") with credentials: any site can make credentialed requests.',
        'app/my deps/#1 100%/sécurité.py:3:11  MEDIUM    FA104  API key `api_key` is read from the query string | logged everywhere.',
        '5 findings: 1 critical, 1 high, 3 medium; 1 suppressed',
        '',
      ].join('\n'),
    );
  });

  it('shows suppressed findings with their reason on request', () => {
    const out = formatText(FINDINGS, { showSuppressed: true });
    expect(out).toContain('app/main.py:7:7  LOW       FA302  Application `app` has no HTTPSRedirectMiddleware.  (suppressed: TLS terminates at the load balancer)\n');
    expect(out.trimEnd().split('\n')).toHaveLength(7);
  });

  it('sorts by rule when the position is the same', () => {
    const a = finding({ ruleId: 'FA201', location: { file: 'x.py', line: 1, column: 1 } });
    const b = finding({ ruleId: 'FA101', location: { file: 'x.py', line: 1, column: 1 } });
    const c = finding({ ruleId: 'FA101', location: { file: 'x.py', line: 1, column: 10 } });
    const d = finding({ ruleId: 'FA101', location: { file: 'w.py', line: 2, column: 1 } });
    expect(
      formatText([a, c, b, d])
        .split('\n')
        .slice(0, 4)
        .map((l) => l.split('  ')[0] + ' ' + l.split(/\s+/)[2]),
    ).toEqual(['w.py:2:1 FA101', 'x.py:1:1 FA101', 'x.py:1:1 FA201', 'x.py:1:10 FA101']);
  });

  it('says "no findings" and counts suppressed ones', () => {
    expect(formatText([])).toBe('no findings\n');
    expect(totalLine([FINDINGS[4]!])).toBe('no findings; 1 suppressed');
    expect(totalLine([FINDINGS[0]!])).toBe('1 finding: 1 high');
  });

  it('keeps each finding on one line and neutralizes terminal control sequences', () => {
    const evil = finding({
      ruleId: 'FA101',
      message: 'line one\nline two \u001b[2J\u001b]8;;http://x\u0007 \u202eevil',
      location: { file: 'a\u001b[31m.py', line: 1, column: 1 },
    });
    const [line] = formatText([evil]).split('\n');
    expect(line).toBe('a\\u{1b}[31m.py:1:1  HIGH      FA101  line one\\u{a}line two \\u{1b}[2J\\u{1b}]8;;http://x\\u{7} \\u{202e}evil');
    expect(printable('ok ünïcode 😀')).toBe('ok ünïcode 😀');
  });
});

describe('formatRoutes', () => {
  it('prints an aligned table sorted by path, then the counts', () => {
    expect(formatRoutes(INVENTORY)).toBe(
      [
        'METHODS    PATH                  HANDLER                            APPS          AUTH           WHY',
        'GET        /api/items            list_items (app/api/items.py:30)   app.main.app  none',
        'POST, PUT  /api/items/{item_id}  update_item (app/api/items.py:12)  app.main.app  required       header Authorization (OAuth2PasswordBearer); 401 at app/api/deps.py:57',
        'GET        /health               health (app/main.py:50)            app.main.app  none (public)',
        'WS         /ws                   ws_endpoint (app/main.py:40)       app.main.app  unknown',
        '4 routes: 1 unauthenticated, 1 public, 1 unknown',
        '',
      ].join('\n'),
    );
  });

  it('has no trailing spaces and aligns non-ASCII paths by characters', () => {
    const inv: Inventory = {
      version: 1,
      unincluded: [],
      routes: [
        { ...INVENTORY.routes[0]!, path: '/café/😀', auth: 'optional' },
        { ...INVENTORY.routes[0]!, path: '/b', methods: ['get', 'DELETE', 'GET'] },
      ],
    };
    const lines = formatRoutes(inv).trimEnd().split('\n');
    for (const l of lines) expect(l).not.toMatch(/\s$/);
    expect(lines[1]).toBe('DELETE, GET  /b       list_items (app/api/items.py:30)  app.main.app  none');
    expect(lines[2]).toBe('GET          /café/😀  list_items (app/api/items.py:30)  app.main.app  optional');
    expect(lines[3]).toBe('2 routes: 1 unauthenticated, 1 optional');
  });

  it('says so when there are no routes', () => {
    expect(formatRoutes({ version: 1, routes: [], unincluded: [] })).toBe('no routes\n');
  });
});
