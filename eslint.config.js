// ESLint flat config: the recommended JavaScript and typescript-eslint rules over the source, the
// tests and the scripts. Formatting is Prettier's (`npm run format:check`), not ESLint's.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', '.bench/**', 'coverage/**', '__tests__/fixtures/**', 'examples/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      // Node's globals, for the .mjs/.js scripts (TypeScript checks names in the .ts files itself).
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        globalThis: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        queueMicrotask: 'readonly',
        setImmediate: 'readonly',
        AbortController: 'readonly',
        WebAssembly: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      // A `_`-prefixed parameter is deliberately unused: a positional one before the one a callback
      // needs, or a key destructured away (`({ order: _o, ...rest }) => rest`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
