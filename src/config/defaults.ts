import type { Config } from './types.js';

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export function defaultConfig(): Config {
  return {
    include: [],
    exclude: [],
    failOn: 'high',
    rules: {},
    auth: { dependencies: [], notAuth: [], middleware: [], middlewareExempt: [] },
    public: [],
    publicDefaults: 'extend',
    tlsTerminatedByProxy: false,
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    tests: 'skip',
    entrypoints: [],
  };
}
