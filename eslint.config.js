// Lint: strict TypeScript, no floating promises, and the Temporal workflow sandbox kept clean.
const tseslint = require('typescript-eslint');
const js = require('@eslint/js');

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'http', 'https',
  'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];
const sandboxBan = [
  ...nodeBuiltins.flatMap((m) => [m, `node:${m}`]),
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'pg', 'express', 'pino',
];

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', '.data/**', 'coverage/**', 'eslint.config.js', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflows run in Temporal's deterministic sandbox, and domain/ is imported by them.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: sandboxBan.map((name) => ({ name, message: 'not allowed in the workflow sandbox' })) }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'use sleep() from @temporalio/workflow' }],
    },
  },
  {
    // The admin console's browser code: plain ES modules (console/tsconfig.json gives the typed rules their types).
    files: ['console/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(['document', 'window', 'location', 'sessionStorage', 'fetch', 'URLSearchParams', 'Node', 'setTimeout'].map((g) => [g, 'readonly'])),
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
