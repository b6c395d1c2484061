// Lint rules, including the import rules of docs/architecture.md as errors: a wrong arrow fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*'], message: 'The renderer runs in a browser sandbox: no Node modules.' };
const electron = (where) => ({
  name: 'electron',
  message: `${where} must not import electron (only main/app, main/index.ts and preload).`,
});
const layer = (pattern, message) => ({ group: pattern, message });
/** main/core's import rule, plus the extra patterns of one folder inside it. */
const coreImports = (...extra) => ({
  paths: [electron('main/core')],
  patterns: [
    layer(
      ['**/main/app/**', '**/app/**', '**/cli/**', '**/main/index', '../index', '../../index'],
      'main/core never imports main/app, main/cli or main/index.ts.',
    ),
    ...extra,
  ],
});
const syncFolder = ['**/sync/**', '**/core/sync', '../sync'];
const serviceFiles = ['**/service', '**/service-*', '**/compose', '**/core/service/**'];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'dist/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron('shared')],
          patterns: [
            layer(['**/main/**', '**/renderer/**', '**/preload/**', '**/e2e/**'], 'shared imports nothing of ours.'),
            layer(['node:*'], 'shared is used in the renderer too: no Node modules.'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron('renderer')],
          patterns: [nodeBuiltins, layer(['**/main/**', '**/preload/**', '**/e2e/**'], 'renderer imports shared only.')],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [layer(['**/main/**', '**/renderer/**', '**/e2e/**', 'node:*'], 'preload imports shared and electron only.')],
        },
      ],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', coreImports()] },
  },
  // Inside core (a later block replaces the rule for its files, so each repeats the core's own restrictions).
  {
    files: ['main/core/graph/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        coreImports(layer(syncFolder, 'graph never imports sync: the drive client knows nothing of mirroring.')),
      ],
    },
  },
  {
    files: ['main/core/scheduler/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        coreImports(
          layer(syncFolder, 'the scheduler never imports sync: it decides when, not how.'),
          layer(serviceFiles, 'the scheduler never imports the service: the service drives it through its contract (types.ts).'),
        ),
      ],
    },
  },
  {
    files: ['main/core/live/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        coreImports(
          layer(syncFolder, 'live changes never import sync: a notification only triggers a run, through the scheduler.'),
          layer(serviceFiles, 'live changes never import the service: service-live.ts wires them in.'),
        ),
      ],
    },
  },
  {
    files: ['main/core/sync/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        coreImports(layer(serviceFiles, 'sync never imports the service: the service calls the engine.')),
      ],
    },
  },
  {
    files: ['main/core/engine-host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        coreImports(
          layer(serviceFiles, 'the engine host never imports the service: compose.ts wires it in.'),
          layer(['**/auth/**', '../auth'], 'the engine host never imports auth: main keeps the sign-ins and the token cache.'),
        ),
      ],
    },
  },
  {
    files: ['main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron('main/cli')],
          patterns: [layer(['**/app/**', '**/main/index', '../index'], 'main/cli does not import the Electron shell.')],
        },
      ],
    },
  },
  {
    files: ['main/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layer(['**/cli/**', '../index', '**/main/index'], 'main/app does not import the CLI or main/index.ts.')] },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
