import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_BYTES, defaultConfig } from '../../src/config/defaults.js';
import { CONFIG_KEYS_DOC, configSchema, parseSize } from '../../src/config/schema.js';

describe('config schema', () => {
  const schema = configSchema([{ id: 'FA101', name: 'missing-auth' }]);

  it('documents every key in CONFIG_KEYS_DOC, with type, default and description', () => {
    const rows = CONFIG_KEYS_DOC.split('\n').slice(2);
    expect(rows.map((r) => r.split(' | ')[0]!.replace(/^\| `|`$/g, ''))).toEqual([
      'include',
      'exclude',
      'fail-on',
      'rules',
      'auth.dependencies',
      'auth.not-auth',
      'auth.middleware',
      'auth.exempt',
      'public',
      'public-defaults',
      'tls-terminated-by-proxy',
      'max-file-size',
      'tests',
      'entrypoints',
    ]);
    expect(CONFIG_KEYS_DOC).toContain('| `fail-on` | one of critical, high, medium, low, note, none | `high` |');
    for (const row of rows) expect(row.split(' | ')[3]!.length).toBeGreaterThan(20);
  });

  it('states the same defaults as defaultConfig()', () => {
    const p = schema.properties!;
    const d = defaultConfig();
    expect(p['fail-on']!.default).toBe(d.failOn);
    expect(p['tls-terminated-by-proxy']!.default).toBe(d.tlsTerminatedByProxy);
    expect(parseSize(p['max-file-size']!.default as string)).toBe(DEFAULT_MAX_FILE_BYTES);
    expect(p.include!.default).toEqual(d.include);
    expect(p.exclude!.default).toEqual(d.exclude);
    expect(p.tests!.default).toBe(d.tests);
    expect(p.entrypoints!.default).toEqual(d.entrypoints);
  });

  it.each([
    ['0', undefined],
    ['0.4b', undefined],
    ['-1', undefined],
    ['2 MiB', 2 * 1024 * 1024],
    ['10kb', 10 * 1024],
    ['7', 7],
    ['2TB', undefined],
  ])('parseSize(%j) = %j', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });
});
