/** The config stage's public surface. */
export { loadConfig, type ConfigOverrides } from './load.js';
export { ConfigError } from './errors.js';
export { CONFIG_KEYS_DOC } from './schema.js';
export { defaultConfig, DEFAULT_MAX_FILE_BYTES } from './defaults.js';
export type { Config } from './types.js';
