/**
 * loadConfig: defaults ← config file ← overrides (CLI flags / action inputs). Each layer is
 * validated against the schema on its own, so an error names the file and line it came from (or
 * just the key, for a flag/input), then converted to camelCase and merged.
 */
import type { FailOn, Notice, Severity } from '../types.js';
import { defaultConfig } from './defaults.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { parseSize } from './schema.js';
import { findConfigSource } from './sources.js';
import { parseEntrypoint } from './entrypoints.js';
import type { Config, Entrypoint, KnownRule, PublicRoute, RuleSetting } from './types.js';
import { globProblem } from './globs.js';
import { problemAt, validateConfig, type ConfigOrigin, type KeyPath } from './validate.js';

/** A config file's contents after validation (kebab-case keys, as written). */
interface RawConfig {
  include?: string[];
  exclude?: string[];
  'fail-on'?: FailOn;
  rules?: Record<string, boolean | 'on' | 'off' | Severity | { enabled?: boolean; severity?: Severity }>;
  auth?: { dependencies?: string[]; 'not-auth'?: string[]; middleware?: string[]; exempt?: string[] };
  public?: Array<string | { path: string; methods?: string[] }>;
  'public-defaults'?: 'extend' | 'replace';
  'tls-terminated-by-proxy'?: boolean;
  'max-file-size'?: number | string;
  tests?: 'skip' | 'scan';
  entrypoints?: string[];
}

/**
 * Values from CLI flags or action inputs, with the config file's kebab-case keys and value shapes,
 * e.g. `{ 'fail-on': 'medium', exclude: ['tests/**'] }`. Each present key replaces the file's
 * value (`rules` and `auth` per entry). Undefined values are ignored.
 */
export type ConfigOverrides = Readonly<Record<string, unknown>>;

export interface LoadConfigOptions {
  /** The scan root: where `.fastapi-audit.yml` / `pyproject.toml` are looked for. */
  root: string;
  /** A config file named by `--config` / the `config` input; relative to `cwd`. Must exist. */
  configPath?: string;
  /** Base for a relative `configPath` (default: `process.cwd()`). */
  cwd?: string;
  overrides?: ConfigOverrides;
  /** Every rule the config may name (the rule catalog, including FA001/FA002). */
  knownRules: readonly KnownRule[];
}

export interface LoadedConfig {
  config: Config;
  /** E.g. a second config file that was ignored. */
  notices: Notice[];
}

/** One layer on top of the defaults; absent fields leave the value below unchanged. */
interface ConfigLayer {
  include?: string[];
  exclude?: string[];
  failOn?: FailOn;
  rules?: Record<string, RuleSetting>;
  auth?: Partial<Config['auth']>;
  public?: PublicRoute[];
  publicDefaults?: 'extend' | 'replace';
  tlsTerminatedByProxy?: boolean;
  maxFileBytes?: number;
  tests?: 'skip' | 'scan';
  entrypoints?: Entrypoint[];
}

/** Loads, validates and merges the configuration. Throws ConfigError on any invalid file, key or value. */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const { root, configPath, cwd = process.cwd(), overrides = {}, knownRules } = options;
  const { source, notices } = await findConfigSource(root, configPath, cwd);
  const layers = [...(source ? [toLayer(source.data, source, knownRules)] : []), toLayer(withoutUndefined(overrides), {}, knownRules)];
  const config = merge(layers);
  if (source) config.source = source.file;
  return { config, notices };
}

function withoutUndefined(o: ConfigOverrides): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function toLayer(data: unknown, origin: ConfigOrigin, knownRules: readonly KnownRule[]): ConfigLayer {
  const problems = validateConfig(data, knownRules, origin);
  if (problems.length > 0) throw new ConfigError(problems);
  const raw = data as RawConfig;
  const globs = globProblems(raw, origin);
  if (globs.length > 0) throw new ConfigError(globs);
  const auth = raw.auth && {
    ...(raw.auth.dependencies && { dependencies: raw.auth.dependencies }),
    ...(raw.auth['not-auth'] && { notAuth: raw.auth['not-auth'] }),
    ...(raw.auth.middleware && { middleware: raw.auth.middleware }),
    ...(raw.auth.exempt && { middlewareExempt: raw.auth.exempt }),
  };
  return {
    ...(raw.include && { include: raw.include }),
    ...(raw.exclude && { exclude: raw.exclude }),
    ...(raw['fail-on'] && { failOn: raw['fail-on'] }),
    ...(raw.rules && { rules: ruleSettings(raw.rules, knownRules, origin) }),
    ...(auth && { auth }),
    ...(raw.public && { public: raw.public.map(publicRoute) }),
    ...(raw['public-defaults'] && { publicDefaults: raw['public-defaults'] }),
    ...(raw['tls-terminated-by-proxy'] !== undefined && { tlsTerminatedByProxy: raw['tls-terminated-by-proxy'] }),
    ...(raw['max-file-size'] !== undefined && { maxFileBytes: fileSize(raw['max-file-size']) }),
    ...(raw.tests && { tests: raw.tests }),
    // Each string was checked by the schema's `entrypoint` format, so it parses.
    ...(raw.entrypoints && { entrypoints: raw.entrypoints.map((e) => parseEntrypoint(e)!) }),
  };
}

/** Globs that would be slow to match (see globs.ts), each located at its key. */
function globProblems(raw: RawConfig, origin: ConfigOrigin): ConfigProblem[] {
  const lists: Array<[KeyPath, readonly string[] | undefined]> = [
    [['include'], raw.include],
    [['exclude'], raw.exclude],
    [['auth', 'dependencies'], raw.auth?.dependencies],
    [['auth', 'not-auth'], raw.auth?.['not-auth']],
    [['auth', 'middleware'], raw.auth?.middleware],
    [['auth', 'exempt'], raw.auth?.exempt],
  ];
  const problems: ConfigProblem[] = [];
  for (const [key, list] of lists) {
    list?.forEach((g, i) => {
      const p = globProblem(g);
      if (p) problems.push(problemAt(origin, [...key, i], p));
    });
  }
  raw.public?.forEach((r, i) => {
    const p = globProblem(typeof r === 'string' ? r : r.path);
    if (p) problems.push(problemAt(origin, typeof r === 'string' ? ['public', i] : ['public', i, 'path'], p));
  });
  return problems;
}

/** Keyed by rule id; a rule named twice (by id and by name) is an error. */
function ruleSettings(rules: NonNullable<RawConfig['rules']>, knownRules: readonly KnownRule[], origin: ConfigOrigin): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  const keyOf = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(rules)) {
    const id = knownRules.find((r) => r.id === key || r.name === key)!.id;
    const earlier = keyOf.get(id);
    if (earlier !== undefined) problems.push(problemAt(origin, ['rules', key], `same rule as ${earlier} (configure each rule once)`));
    keyOf.set(id, key);
    out[id] = ruleSetting(value);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}

function ruleSetting(v: NonNullable<RawConfig['rules']>[string]): RuleSetting {
  if (typeof v === 'boolean') return { enabled: v };
  if (v === 'off' || v === 'on') return { enabled: v === 'on' };
  if (typeof v === 'string') return { enabled: true, severity: v };
  return { enabled: v.enabled ?? true, ...(v.severity && { severity: v.severity }) };
}

function publicRoute(p: NonNullable<RawConfig['public']>[number]): PublicRoute {
  if (typeof p === 'string') return { path: p };
  return { path: p.path, ...(p.methods && { methods: p.methods.map((m) => m.toUpperCase()) }) };
}

/** Already validated by the schema, so parseSize succeeds. */
function fileSize(v: number | string): number {
  return typeof v === 'number' ? v : parseSize(v)!;
}

function merge(layers: readonly ConfigLayer[]): Config {
  const config = defaultConfig();
  for (const l of layers) {
    if (l.include) config.include = l.include;
    if (l.exclude) config.exclude = l.exclude;
    if (l.failOn) config.failOn = l.failOn;
    if (l.rules) config.rules = { ...config.rules, ...l.rules };
    if (l.auth) config.auth = { ...config.auth, ...l.auth };
    if (l.public) config.public = l.public;
    if (l.publicDefaults) config.publicDefaults = l.publicDefaults;
    if (l.tlsTerminatedByProxy !== undefined) config.tlsTerminatedByProxy = l.tlsTerminatedByProxy;
    if (l.maxFileBytes !== undefined) config.maxFileBytes = l.maxFileBytes;
    if (l.tests) config.tests = l.tests;
    if (l.entrypoints) config.entrypoints = l.entrypoints;
  }
  return config;
}
