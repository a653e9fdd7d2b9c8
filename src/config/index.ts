/** The config stage's public surface. */
export { loadConfig, type ConfigOverrides, type LoadConfigOptions, type LoadedConfig } from './load.js';
export { ConfigError, formatProblem, type ConfigProblem } from './errors.js';
export { CONFIG_KEYS_DOC, configSchema, parseSize } from './schema.js';
export { defaultConfig, DEFAULT_MAX_FILE_BYTES } from './defaults.js';
export { builtInPublic, publicRouteMatcher, type BuiltInPublic } from './public.js';
export { parseEntrypoint } from './entrypoints.js';
export type { Config, Entrypoint, KnownRule, PublicRoute, RuleSetting } from './types.js';
