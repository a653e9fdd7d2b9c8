import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type ConfigOverrides } from '../../src/config/index.js';
import { defaultConfig } from '../../src/config/defaults.js';
import type { Config } from '../../src/config/types.js';
import { makeTree, removeTree, type TreeSpec } from '../discover/tree.js';

const KNOWN_RULES = [
  { id: 'FA101', name: 'missing-auth' },
  { id: 'FA104', name: 'apikey-in-query' },
  { id: 'FA302', name: 'missing-https-redirect' },
];
const ALL_KEYS = 'include, exclude, fail-on, rules, auth, public, public-defaults, tls-terminated-by-proxy, max-file-size, tests, entrypoints';
const SEVERITY_LIST = 'critical, high, medium, low, note';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

async function load(files: TreeSpec, options: { configPath?: string; overrides?: ConfigOverrides } = {}) {
  const root = makeTree(files);
  roots.push(root);
  return loadConfig({ root, cwd: root, knownRules: KNOWN_RULES, ...options });
}

/** The ConfigError's message for a config that must be rejected. */
async function errorOf(files: TreeSpec, options: { configPath?: string; overrides?: ConfigOverrides } = {}): Promise<string> {
  const err = await load(files, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).message;
}

/** The same settings in every format the loader reads. */
const FULL_YAML = lines(
  'include: ["app/**"]',
  'exclude:',
  '  - "tests/**"',
  '  - migrations',
  'fail-on: medium',
  'rules:',
  '  FA101: high',
  '  apikey-in-query: off',
  '  FA302: { enabled: true, severity: low }',
  'auth:',
  '  dependencies: [app.deps.verify_token]',
  '  not-auth: ["mylib.db.*"]',
  '  middleware: ["*.AuthMiddleware"]',
  '  exempt: ["/public/**"]',
  'public:',
  '  - /status',
  '  - { path: "/webhooks/**", methods: [post] }',
  'public-defaults: extend',
  'tls-terminated-by-proxy: true',
  'max-file-size: 512KB',
  'tests: scan',
  'entrypoints: ["pkg.app:create_app()", "pkg.main:app"]',
);
const FULL_TOML_BODY = [
  'include = ["app/**"]',
  'exclude = ["tests/**", "migrations"]',
  'fail-on = "medium"',
  'public-defaults = "extend"',
  'tls-terminated-by-proxy = true',
  'max-file-size = "512KB"',
  'tests = "scan"',
  'entrypoints = ["pkg.app:create_app()", "pkg.main:app"]',
  'public = ["/status", { path = "/webhooks/**", methods = ["post"] }]',
];
const FULL_TOML_TABLES = (prefix: string) => [
  `[${prefix}rules]`,
  'FA101 = "high"',
  'apikey-in-query = "off"',
  'FA302 = { enabled = true, severity = "low" }',
  '',
  `[${prefix}auth]`,
  'dependencies = ["app.deps.verify_token"]',
  'not-auth = ["mylib.db.*"]',
  'middleware = ["*.AuthMiddleware"]',
  'exempt = ["/public/**"]',
];
const FULL_CONFIG: Config = {
  include: ['app/**'],
  exclude: ['tests/**', 'migrations'],
  failOn: 'medium',
  rules: {
    FA101: { enabled: true, severity: 'high' },
    FA104: { enabled: false },
    FA302: { enabled: true, severity: 'low' },
  },
  auth: { dependencies: ['app.deps.verify_token'], notAuth: ['mylib.db.*'], middleware: ['*.AuthMiddleware'], middlewareExempt: ['/public/**'] },
  public: [{ path: '/status' }, { path: '/webhooks/**', methods: ['POST'] }],
  publicDefaults: 'extend',
  tlsTerminatedByProxy: true,
  maxFileBytes: 512 * 1024,
  tests: 'scan',
  entrypoints: [
    { module: 'pkg.app', attr: 'create_app', factory: true },
    { module: 'pkg.main', attr: 'app', factory: false },
  ],
};

describe('loadConfig: finding and reading the file', () => {
  it('uses the defaults when there is no config file', async () => {
    const { config, notices } = await load({ 'app.py': '' });
    expect(config).toEqual(defaultConfig());
    expect(notices).toEqual([]);
  });

  it('reads every key from .fastapi-audit.yml', async () => {
    const { config } = await load({ '.fastapi-audit.yml': FULL_YAML });
    expect(config).toEqual({ ...FULL_CONFIG, source: '.fastapi-audit.yml' });
  });

  it('reads .fastapi-audit.yaml', async () => {
    const { config } = await load({ '.fastapi-audit.yaml': 'fail-on: low\n' });
    expect(config.failOn).toBe('low');
    expect(config.source).toBe('.fastapi-audit.yaml');
  });

  it('reads [tool.fastapi-audit] from pyproject.toml with the same result', async () => {
    const pyproject = lines(
      '[project]',
      'name = "svc"',
      'dependencies = ["fastapi"]',
      '',
      '[tool.fastapi-audit]',
      ...FULL_TOML_BODY,
      '',
      ...FULL_TOML_TABLES('tool.fastapi-audit.'),
      '',
      '[tool.ruff]',
      'line-length = 100',
    );
    const { config } = await load({ 'pyproject.toml': pyproject });
    expect(config).toEqual({ ...FULL_CONFIG, source: 'pyproject.toml' });
  });

  it('reads a standalone TOML file named by configPath (whole document)', async () => {
    const toml = lines(...FULL_TOML_BODY, ...FULL_TOML_TABLES(''));
    const { config } = await load({ 'ci/audit.toml': toml }, { configPath: 'ci/audit.toml' });
    expect(config).toEqual({ ...FULL_CONFIG, source: 'ci/audit.toml' });
  });

  it('reads a YAML file named by configPath instead of the one at the root', async () => {
    const { config, notices } = await load({ '.fastapi-audit.yml': 'fail-on: low\n', 'config/audit.yml': 'fail-on: critical\n' }, { configPath: 'config/audit.yml' });
    expect(config.failOn).toBe('critical');
    expect(notices).toEqual([]);
  });

  it('treats an empty or comment-only YAML file as no settings', async () => {
    const { config } = await load({ '.fastapi-audit.yml': '# nothing yet\n' });
    expect(config).toEqual({ ...defaultConfig(), source: '.fastapi-audit.yml' });
  });

  it('accepts a UTF-8 BOM and CRLF line endings', async () => {
    const { config } = await load({ '.fastapi-audit.yml': '\uFEFFfail-on: low\r\nexclude: [a]\r\n' });
    expect(config.failOn).toBe('low');
    expect(config.exclude).toEqual(['a']);
  });

  it('ignores a pyproject.toml without a [tool.fastapi-audit] table, even a broken one', async () => {
    expect((await load({ 'pyproject.toml': '[tool.ruff]\nline-length = 1\n' })).config).toEqual(defaultConfig());
    expect((await load({ 'pyproject.toml': '[project\nname = \n' })).config).toEqual(defaultConfig());
  });

  it('prefers .fastapi-audit.yml and says which other config was ignored', async () => {
    const { config, notices } = await load({
      '.fastapi-audit.yml': 'fail-on: low\n',
      'pyproject.toml': '[tool.fastapi-audit]\nfail-on = "critical"\n',
    });
    expect(config.failOn).toBe('low');
    expect(notices).toEqual([{ level: 'warning', file: 'pyproject.toml', message: 'pyproject.toml ignored: .fastapi-audit.yml takes precedence' }]);
  });

  it('replaces the built-in public routes with public-defaults: replace', async () => {
    const { config } = await load({ '.fastapi-audit.yml': 'public-defaults: replace\npublic: [/only]\n' });
    expect(config.public).toEqual([{ path: '/only' }]);
    expect(config.publicDefaults).toBe('replace');
  });

  it('reads rule switches written as booleans, on/off and names', async () => {
    const { config } = await load({ '.fastapi-audit.yml': 'rules:\n  missing-auth: false\n  FA104: on\n  FA302: { severity: note }\n' });
    expect(config.rules).toEqual({
      FA101: { enabled: false },
      FA104: { enabled: true },
      FA302: { enabled: true, severity: 'note' },
    });
  });

  it.each([
    [1000, 1000],
    ['2MB', 2 * 1024 * 1024],
    ['1.5 KiB', 1536],
    ['300b', 300],
    ['1g', 1024 ** 3],
  ])('reads max-file-size %j as %d bytes', async (value, bytes) => {
    const { config } = await load({ '.fastapi-audit.yml': `max-file-size: ${JSON.stringify(value)}\n` });
    expect(config.maxFileBytes).toBe(bytes);
  });
});

describe('loadConfig: tests and entrypoints', () => {
  it('default to skipping test code and no entry points', async () => {
    const { config } = await load({});
    expect(config.tests).toBe('skip');
    expect(config.entrypoints).toEqual([]);
  });

  it('parse entry points at load time: a trailing () is a factory, the attribute may be dotted', async () => {
    const { config } = await load({
      '.fastapi-audit.yml': lines('entrypoints:', '  - app.main:app', '  - "svc.factory:create_app()"', '  - srv.server:Server.app', '  - ünï.cödé:äpp'),
    });
    expect(config.entrypoints).toEqual([
      { module: 'app.main', attr: 'app', factory: false },
      { module: 'svc.factory', attr: 'create_app', factory: true },
      { module: 'srv.server', attr: 'Server.app', factory: false },
      { module: 'ünï.cödé', attr: 'äpp', factory: false },
    ]);
  });

  const FORM = 'entry point (allowed: "module:attr", or "module:factory()" for a factory the server calls; e.g. "app.main:app", "pkg.app:create_app()")';

  it.each([
    ['no attribute', 'app.main'],
    ['empty attribute', 'app.main:'],
    ['file path', 'app/main.py:app'],
    ['arguments in the call', 'app.main:create_app(debug=True)'],
    ['two colons', 'a:b:c'],
    ['spaces', 'app.main: app'],
    ['leading dot', '.main:app'],
    ['empty', ''],
  ])('a malformed entry point (%s) names the key, its index and the expected form', async (_what, text) => {
    expect(await errorOf({ '.fastapi-audit.yml': lines('fail-on: low', 'entrypoints:', '  - a.b:c', `  - ${JSON.stringify(text)}`) })).toBe(
      `.fastapi-audit.yml:4: entrypoints[1]: ${JSON.stringify(text)} is not a valid ${FORM}`,
    );
  });

  it('a bad tests value names the allowed values', async () => {
    expect(await errorOf({ '.fastapi-audit.yml': 'tests: include\n' })).toBe('.fastapi-audit.yml:1: tests: "include" is not one of skip, scan');
    expect(await errorOf({ 'pyproject.toml': '[tool.fastapi-audit]\ntests = true\n' })).toBe('pyproject.toml:2: tests: expected one of skip, scan, got boolean true');
  });

  it('an entrypoints string instead of a list says so', async () => {
    expect(await errorOf({ '.fastapi-audit.yml': 'entrypoints: app.main:app\n' })).toBe(`.fastapi-audit.yml:1: entrypoints: expected list of ${FORM}, got string "app.main:app"`);
  });
});

describe('loadConfig: overrides from CLI flags and action inputs', () => {
  it('win over the file; rules and auth merge per entry; undefined is ignored', async () => {
    const { config } = await load(
      { '.fastapi-audit.yml': FULL_YAML },
      {
        overrides: {
          'fail-on': 'none',
          exclude: ['vendor/**'],
          rules: { 'missing-auth': 'off' },
          auth: { exempt: ['/open'] },
          include: undefined,
        },
      },
    );
    expect(config.failOn).toBe('none');
    expect(config.exclude).toEqual(['vendor/**']);
    expect(config.include).toEqual(['app/**']);
    expect(config.rules).toEqual({ ...FULL_CONFIG.rules, FA101: { enabled: false } });
    expect(config.auth).toEqual({ ...FULL_CONFIG.auth, middlewareExempt: ['/open'] });
  });

  it('apply without a config file', async () => {
    const { config } = await load({}, { overrides: { 'fail-on': 'low', 'max-file-size': '1MB' } });
    expect(config).toEqual({ ...defaultConfig(), failOn: 'low', maxFileBytes: 1024 * 1024 });
  });

  it('are validated: a bad --fail-on names the key and the allowed values', async () => {
    expect(await errorOf({}, { overrides: { 'fail-on': 'x' } })).toBe('fail-on: "x" is not one of critical, high, medium, low, note, none');
  });

  it('are validated: wrong types and unknown keys', async () => {
    expect(await errorOf({}, { overrides: { exclude: 'tests/**' } })).toBe('exclude: expected list of string, got string "tests/**"');
    expect(await errorOf({}, { overrides: { failOn: 'high' } })).toBe(`failOn: unknown key (allowed: ${ALL_KEYS})`);
  });

  it('are validated after the file: a valid file and a bad override report the override', async () => {
    expect(await errorOf({ '.fastapi-audit.yml': 'fail-on: low\n' }, { overrides: { 'max-file-size': 0 } })).toBe('max-file-size: must be at least 1');
  });
});

describe('loadConfig: YAML errors name file, line, key and the allowed values', () => {
  const yamlError = (text: string) => errorOf({ '.fastapi-audit.yml': text });

  it.each([
    ['unknown top-level key', lines('fail-on: low', 'exclude: []', 'fail_on: high'), `.fastapi-audit.yml:3: fail_on: unknown key (allowed: ${ALL_KEYS})`],
    [
      'unknown nested key',
      lines('auth:', '  dependencies: [a.b]', '  dependecies: [c.d]'),
      '.fastapi-audit.yml:3: auth.dependecies: unknown key (allowed: dependencies, not-auth, middleware, exempt)',
    ],
    [
      'unknown key in a rule table',
      lines('rules:', '  FA101:', '    enabled: true', '    level: high'),
      '.fastapi-audit.yml:4: rules.FA101.level: unknown key (allowed: enabled, severity)',
    ],
    [
      'unknown key in a public route',
      lines('public:', '  - /a', '  - path: /b', '    method: [GET]'),
      '.fastapi-audit.yml:4: public[1].method: unknown key (allowed: path, methods)',
    ],
    ['wrong type (string for a list)', lines('', 'exclude: tests/**'), '.fastapi-audit.yml:2: exclude: expected list of string, got string "tests/**"'],
    ['wrong type in a list', lines('exclude:', '  - a', '  - 3'), '.fastapi-audit.yml:3: exclude[1]: expected string, got number 3'],
    ['wrong type (string for a boolean)', lines('tls-terminated-by-proxy: "yes"'), '.fastapi-audit.yml:1: tls-terminated-by-proxy: expected boolean, got string "yes"'],
    ['wrong type (number for an enum)', lines('fail-on: 3'), `.fastapi-audit.yml:1: fail-on: expected one of ${SEVERITY_LIST}, none, got number 3`],
    ['empty value', lines('fail-on:'), `.fastapi-audit.yml:1: fail-on: expected one of ${SEVERITY_LIST}, none, got null (empty value)`],
    ['bad enum', lines('# config', 'fail-on: urgent'), `.fastapi-audit.yml:2: fail-on: "urgent" is not one of ${SEVERITY_LIST}, none`],
    ['bad public-defaults', lines('public-defaults: merge'), '.fastapi-audit.yml:1: public-defaults: "merge" is not one of extend, replace'],
    [
      'unknown rule id',
      lines('rules:', '  FA101: off', '  FA999: off'),
      '.fastapi-audit.yml:3: rules.FA999: unknown rule (allowed: FA101, missing-auth, FA104, apikey-in-query, FA302, missing-https-redirect)',
    ],
    [
      'unknown rule name',
      lines('rules:', '  missing-authz: off'),
      '.fastapi-audit.yml:2: rules.missing-authz: unknown rule (allowed: FA101, missing-auth, FA104, apikey-in-query, FA302, missing-https-redirect)',
    ],
    ['bad rule setting', lines('rules:', '  FA101: loud'), `.fastapi-audit.yml:2: rules.FA101: "loud" is not one of off, on, ${SEVERITY_LIST}`],
    [
      'rule setting of the wrong shape',
      lines('rules:', '  FA101: [high]'),
      `.fastapi-audit.yml:2: rules.FA101: expected boolean or one of off, on, ${SEVERITY_LIST} or mapping {enabled, severity}, got a list`,
    ],
    [
      'bad severity inside a rule table',
      lines('rules:', '  FA101:', '    severity: severe'),
      `.fastapi-audit.yml:3: rules.FA101.severity: "severe" is not one of ${SEVERITY_LIST}`,
    ],
    ['a rule configured twice', lines('rules:', '  FA101: off', '  missing-auth: high'), '.fastapi-audit.yml:3: rules.missing-auth: same rule as FA101 (configure each rule once)'],
    [
      'bad HTTP method',
      lines('public:', '  - path: /hook', '    methods:', '      - FETCH'),
      '.fastapi-audit.yml:4: public[0].methods[0]: "FETCH" is not a valid HTTP method (allowed: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE; any case)',
    ],
    ['public route without a path', lines('public:', '  - methods: [GET]'), '.fastapi-audit.yml:2: public[0].path: missing (required)'],
    ['empty glob', lines('include: [""]'), '.fastapi-audit.yml:1: include[0]: must not be empty'],
    ['bad size', lines('max-file-size: 2 bananas'), '.fastapi-audit.yml:1: max-file-size: "2 bananas" is not a valid size (bytes, or a number with KB/MB/GB such as "2MB")'],
    [
      'size of the wrong type',
      lines('max-file-size: 1.5'),
      '.fastapi-audit.yml:1: max-file-size: expected integer or size (bytes, or a number with KB/MB/GB such as "2MB"), got number 1.5',
    ],
    ['not a mapping', lines('- fail-on: low'), `.fastapi-audit.yml:1: expected mapping {${ALL_KEYS}}, got a list`],
    [
      'YAML syntax error',
      lines('fail-on: low', 'exclude: [a, b', 'rules: {}'),
      '.fastapi-audit.yml:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    ['YAML duplicate key', lines('fail-on: low', 'exclude: []', 'fail-on: high'), '.fastapi-audit.yml:3: YAML syntax error: Map keys must be unique'],
  ])('%s', async (_what, text, message) => {
    expect(await yamlError(text)).toBe(message);
  });

  it('reports every problem, one per line, in file order', async () => {
    const message = await yamlError(lines('rules:', '  FA999: off', 'fail-on: urgent', 'colour: red'));
    expect(message.split('\n')).toEqual([
      '.fastapi-audit.yml:2: rules.FA999: unknown rule (allowed: FA101, missing-auth, FA104, apikey-in-query, FA302, missing-https-redirect)',
      `.fastapi-audit.yml:3: fail-on: "urgent" is not one of ${SEVERITY_LIST}, none`,
      `.fastapi-audit.yml:4: colour: unknown key (allowed: ${ALL_KEYS})`,
    ]);
  });

  it('exposes the problems for annotations', async () => {
    const err = await load({ '.fastapi-audit.yml': 'fail-on: urgent\n' }).catch((e: ConfigError) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).file).toBe('.fastapi-audit.yml');
    expect((err as ConfigError).line).toBe(1);
    expect((err as ConfigError).problems[0]!.key).toBe('fail-on');
  });
});

describe('loadConfig: TOML errors name file, line and key', () => {
  const pyError = (...l: string[]) => errorOf({ 'pyproject.toml': lines('[project]', 'name = "svc"', '', ...l) });

  it('unknown key in [tool.fastapi-audit]', async () => {
    expect(await pyError('[tool.fastapi-audit]', 'fail-on = "low"', 'fail_on = "high"')).toBe(`pyproject.toml:6: fail_on: unknown key (allowed: ${ALL_KEYS})`);
  });

  it('unknown rule in a [tool.fastapi-audit.rules] table', async () => {
    expect(await pyError('[tool.fastapi-audit]', 'fail-on = "low"', '', '[tool.fastapi-audit.rules]', 'FA101 = "off"', 'FA999 = "off"')).toBe(
      'pyproject.toml:9: rules.FA999: unknown rule (allowed: FA101, missing-auth, FA104, apikey-in-query, FA302, missing-https-redirect)',
    );
  });

  it('nested key written inline and as dotted keys', async () => {
    expect(await pyError('[tool.fastapi-audit]', 'auth = { dependencies = ["a"], middlewares = ["b"] }')).toBe(
      'pyproject.toml:5: auth.middlewares: unknown key (allowed: dependencies, not-auth, middleware, exempt)',
    );
    expect(await pyError('[tool.fastapi-audit]', 'auth.dependencies = ["a"]', 'auth.middlewares = ["b"]')).toBe(
      'pyproject.toml:6: auth.middlewares: unknown key (allowed: dependencies, not-auth, middleware, exempt)',
    );
  });

  it('bad value in the n-th [[tool.fastapi-audit.public]] table', async () => {
    expect(
      await pyError(
        '[tool.fastapi-audit]',
        'fail-on = "low"',
        '[[tool.fastapi-audit.public]]',
        'path = "/a"',
        '[[tool.fastapi-audit.public]]',
        'path = "/b"',
        'methods = ["FETCH"]',
      ),
    ).toBe('pyproject.toml:10: public[1].methods[0]: "FETCH" is not a valid HTTP method (allowed: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE; any case)');
  });

  it('is not fooled by a key-like line inside a multi-line string', async () => {
    expect(await pyError('description = """', 'fail-on = "x"', '"""', '[tool.fastapi-audit]', 'fail-on = "urgent"')).toBe(
      `pyproject.toml:8: fail-on: "urgent" is not one of ${SEVERITY_LIST}, none`,
    );
  });

  it('wrong type', async () => {
    expect(await pyError('[tool.fastapi-audit]', 'tls-terminated-by-proxy = "true"')).toBe('pyproject.toml:5: tls-terminated-by-proxy: expected boolean, got string "true"');
  });

  it('TOML syntax error in pyproject.toml', async () => {
    expect(await pyError('[tool.fastapi-audit]', 'fail-on = "low"', 'exclude = [', 'rules = 1')).toBe('pyproject.toml:7: TOML syntax error: invalid value');
  });

  it('TOML syntax error in a file named by configPath', async () => {
    expect(await errorOf({ 'audit.toml': 'fail-on = "low"\nexclude = "a\n' }, { configPath: 'audit.toml' })).toMatch(/^audit\.toml:2: TOML syntax error: /);
  });

  it('a named pyproject.toml without the table', async () => {
    expect(await errorOf({ 'svc/pyproject.toml': '[project]\nname = "x"\n' }, { configPath: 'svc/pyproject.toml' })).toBe(
      'svc/pyproject.toml: no [tool.fastapi-audit] table in this file',
    );
  });
});

describe('loadConfig: --config', () => {
  it('a missing file is a ConfigError', async () => {
    expect(await errorOf({ 'app.py': '' }, { configPath: 'nope.yml' })).toBe('nope.yml: config file not found');
  });

  it('a directory is a ConfigError', async () => {
    expect(await errorOf({ 'conf/x.yml': '' }, { configPath: 'conf' })).toBe('conf: cannot read config file (EISDIR)');
  });
});
