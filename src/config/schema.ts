/**
 * The config file's JSON schema: the single source of truth for key names, types, allowed values,
 * defaults and documentation. Keys are kebab-case as written in `.fastapi-audit.yml` or
 * `[tool.fastapi-audit]`; `load.ts` maps them to the camelCase `Config`.
 *
 * Every node carries a `description` (the README text) and, where the key has one, a `default`;
 * `CONFIG_KEYS_DOC` renders them as a markdown table. Each `anyOf` branch names its `type`, which
 * lets `validate.ts` pick the branch the user meant when reporting an error.
 */
import { describeDefaultExcludes } from '../discover/filters.js';
import { SEVERITIES } from '../types.js';
import { parseEntrypoint } from './entrypoints.js';
import type { KnownRule } from './types.js';

/** The subset of JSON Schema this file uses, for walking it in a typed way. */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  title?: string;
  description?: string;
  default?: unknown;
  enum?: readonly (string | number | boolean)[];
  format?: FormatName;
  minLength?: number;
  minimum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  not?: JsonSchema;
  anyOf?: JsonSchema[];
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * `2MB`, `512 KiB`, `1.5m`, `1048576` → bytes (K/M/G are binary: 1 MB = 1 048 576 bytes, like the
 * built-in 2 MB default). Undefined when the text is not a size or is below one byte.
 */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmg])i?b?|(b))?\s*$/i.exec(text);
  if (!m) return undefined;
  const bytes = Math.floor(Number(m[1]) * SIZE_UNITS[(m[2] ?? m[3] ?? '').toLowerCase()]!);
  return bytes >= 1 ? bytes : undefined;
}

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const;

/** Custom string formats (registered with ajv): how to check them and how to say what they are. */
export const FORMATS = {
  size: {
    label: 'size (bytes, or a number with KB/MB/GB such as "2MB")',
    validate: (s: string) => parseSize(s) !== undefined,
  },
  'http-method': {
    label: `HTTP method (allowed: ${HTTP_METHODS.join(', ')}; any case)`,
    validate: (s: string) => (HTTP_METHODS as readonly string[]).includes(s.toUpperCase()),
  },
  entrypoint: {
    label: 'entry point (allowed: "module:attr", or "module:factory()" for a factory the server calls; e.g. "app.main:app", "pkg.app:create_app()")',
    validate: (s: string) => parseEntrypoint(s) !== undefined,
  },
} as const;
type FormatName = keyof typeof FORMATS;

const globList = (description: string): JsonSchema => ({
  type: 'array',
  items: { type: 'string', minLength: 1 },
  default: [],
  description,
});

const SEVERITY_ENUM = [...SEVERITIES];

/** The schema for a config file (or the overrides from CLI flags / action inputs). */
export function configSchema(knownRules: readonly KnownRule[]): JsonSchema {
  const ruleKeys = knownRules.flatMap((r) => [r.id, r.name]);
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      include: globList('Globs (relative to the scan root) of the files to scan; empty means every `.py` file. A pattern without `/` matches the file name at any depth.'),
      exclude: globList(
        `Globs excluded on top of the built-in excludes, which skip these directories at any depth: ${describeDefaultExcludes()}. A pattern without \`/\` matches a file or directory name at any depth, e.g. \`tests\`.`,
      ),
      'fail-on': {
        type: 'string',
        enum: [...SEVERITY_ENUM, 'none'],
        default: 'high',
        description: 'Fail (exit 1 / failed step) when a finding at or above this severity is present; `none` never fails.',
      },
      rules: {
        type: 'object',
        title: 'rule',
        propertyNames: ruleKeys.length > 0 ? { title: 'rule', enum: ruleKeys } : { title: 'rule', not: {} },
        additionalProperties: {
          anyOf: [
            { type: 'boolean' },
            { type: 'string', enum: ['off', 'on', ...SEVERITY_ENUM] },
            {
              type: 'object',
              additionalProperties: false,
              properties: {
                enabled: { type: 'boolean', default: true, description: 'Run the rule.' },
                severity: { type: 'string', enum: SEVERITY_ENUM, description: "Override the rule's severity." },
              },
            },
          ],
        },
        default: {},
        description:
          'Per-rule settings keyed by rule id (`FA101`) or name (`missing-auth`): `off`/`false` disables the rule, `on`/`true` enables it, a severity (`critical`…`note`) overrides its severity, or `{enabled, severity}` does both.',
      },
      auth: {
        type: 'object',
        additionalProperties: false,
        description: 'What authenticates in this project, beyond what the tool recognises by itself.',
        properties: {
          dependencies: globList(
            'Qualified names or glob patterns of dependency callables that authenticate, e.g. `app.deps.verify_token` or `*.require_api_key`: a route depending on one counts as authenticated. A pattern that matches no dependency of the scan is a warning.',
          ),
          'not-auth': globList(
            'Qualified names or glob patterns of dependencies that never authenticate, e.g. `mylib.db.get_session` or `app.containers.Container.*`: a route whose auth is `unknown` only because of these is `none` (and reported by FA101). A pattern that matches no dependency of the scan is a warning.',
          ),
          middleware: globList(
            'Qualified names or glob patterns of middleware classes that authenticate every request (middleware the scan sees checking a credential needs no entry): routes of an app using one count as authenticated (evidence `middleware`), except paths in `auth.exempt`. A pattern that matches no middleware of the scan is a warning.',
          ),
          exempt: globList('Path globs (e.g. `/public/**`) that the middleware named in `auth.middleware` lets through. A pattern that matches no route is a warning.'),
        },
      },
      public: {
        type: 'array',
        items: {
          anyOf: [
            { type: 'string', minLength: 1 },
            {
              type: 'object',
              additionalProperties: false,
              required: ['path'],
              properties: {
                path: { type: 'string', minLength: 1, description: 'Path glob, e.g. `/status/**`.' },
                methods: {
                  type: 'array',
                  items: { type: 'string', format: 'http-method' },
                  description: 'HTTP methods; absent means any method and WebSocket routes.',
                },
              },
            },
          ],
        },
        default: [],
        description:
          'Routes that are public on purpose and not reported as missing auth: a path glob (`/status/**`) or `{path, methods}`. Added to the built-in list of evidently public routes (account and OAuth/SSO flows, health probes, version, `/.well-known/*`, static files; see "Public by design") unless `public-defaults` is `replace`. An entry that matches no route is a warning.',
      },
      'public-defaults': {
        type: 'string',
        enum: ['extend', 'replace'],
        default: 'extend',
        description: '`extend` keeps the built-in public routes and adds `public`; `replace` uses `public` alone.',
      },
      'tls-terminated-by-proxy': {
        type: 'boolean',
        default: false,
        description: 'TLS is terminated and HTTP redirected to HTTPS by a proxy in front of the app: silences FA302 missing-https-redirect.',
      },
      'max-file-size': {
        anyOf: [
          { type: 'integer', minimum: 1 },
          { type: 'string', format: 'size' },
        ],
        default: '2MB',
        description: 'Files larger than this are skipped with a notice: bytes, or a size such as `512KB`, `2MB` (1 MB = 1 048 576 bytes).',
      },
      tests: {
        type: 'string',
        enum: ['skip', 'scan'],
        default: 'skip',
        description:
          'Whether test code (`tests/` folders, `test_*.py`, `*_test.py`, `conftest.py`) may define the served apps and routes. `skip`: apps and routes built only by test code are not part of the served app (tests build throw-away apps); `scan`: they count like any other code.',
      },
      entrypoints: {
        type: 'array',
        items: { type: 'string', format: 'entrypoint' },
        default: [],
        description:
          'What the server runs, when the tool cannot find it in a Dockerfile, Procfile, compose file, script or pyproject: `module:attr` for an app object (`app.main:app`), `module:attr()` for a factory the server calls with no arguments (`pkg.app:create_app()`, as `uvicorn --factory` does). The code these build counts as served.',
      },
    },
  };
}

/** A short human description of what a schema accepts, e.g. `list of string` or `one of extend, replace`. */
export function typeLabel(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(typeLabel).join(' or ');
  if (s.enum) return `one of ${s.enum.join(', ')}`;
  if (s.format) return FORMATS[s.format].label;
  switch (s.type) {
    case 'array':
      return `list of ${s.items ? typeLabel(s.items) : 'values'}`;
    case 'object':
      if (s.properties) return `mapping {${Object.keys(s.properties).join(', ')}}`;
      if (typeof s.additionalProperties === 'object') {
        return `mapping of ${s.propertyNames?.title ?? 'key'} → ${typeLabel(s.additionalProperties)}`;
      }
      return 'mapping';
    case undefined:
      return 'value';
    default:
      return s.type;
  }
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function docRows(properties: Record<string, JsonSchema>, prefix: string): string[] {
  return Object.entries(properties).flatMap(([key, s]) => {
    if (s.type === 'object' && s.properties) return docRows(s.properties, `${prefix}${key}.`);
    const def = s.default === undefined ? '' : `\`${typeof s.default === 'string' ? s.default : JSON.stringify(s.default)}\``;
    return [`| \`${prefix}${key}\` | ${cell(typeLabel(s))} | ${def} | ${cell(s.description ?? '')} |`];
  });
}

/** Markdown table of every config key (type, default, description), generated from the schema. */
export const CONFIG_KEYS_DOC: string = ['| Key | Type | Default | Description |', '|---|---|---|---|', ...docRows(configSchema([]).properties!, '')].join('\n');
