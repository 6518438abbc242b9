// ESLint on the project itself (flat config, typed linting). Only rules that guard a house rule are on,
// so a finding always means something: floating promises, type-only imports written as such, and the
// module boundaries (vscode only at the edge; the extension reaches the engine only through its lazy loader).
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** A value import of src/core from a face would bundle a second copy of the engine into it. */
const coreModules = ['../core', '../core/*', '../../core', '../../core/*', '**/src/core', '**/src/core/*'];

export default defineConfig(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'templates/**', 'test/fixtures/**', 'example/**', '.vscode-test/**'],
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // The engine is plain Node: it never sees the editor.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/vscode and src/extension.ts import vscode.' }] }],
    },
  },
  {
    // The CLI takes the engine as one module, '../core' (esbuild makes it require('./engine.js')); a value
    // import of a file inside src/core would bundle a second copy of it into cli.js (two ScaffoldError classes).
    files: ['src/cli/**/*.ts', 'src/cli.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../core/*', '../../core/*', './core/*'],
              allowTypeImports: true,
              message: "The CLI imports values from src/core only through '../core' (the engine bundle).",
            },
          ],
        },
      ],
    },
  },
  {
    // The extension loads the engine lazily (src/vscode/engine.ts, `await loadEngine()`); anything else
    // from src/core must be `import type`, or activation would pay for TypeScript and ts-morph.
    files: ['src/vscode/**/*.ts', 'src/extension.ts'],
    ignores: ['src/vscode/engine.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: coreModules,
              allowTypeImports: true,
              message: 'src/vscode imports only types from src/core; load the engine with loadEngine() from ./engine.',
            },
          ],
        },
      ],
    },
  },
);
