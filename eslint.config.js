import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * The import boundaries between the parts (docs/architecture.md, "Parts and what each may import"), one
 * block per part. Patterns match the import string, so they name the other part's folder wherever the
 * importing file sits.
 */
const WHY = 'see docs/architecture.md, "Parts and what each may import"';
const part = (name) => ({ group: [`**/${name}`, `**/${name}/**`], message: `${name}/ is off limits here (${WHY}).` });
const packages = (...names) =>
  names.map((n) => ({ group: [n, `${n}/**`], message: `${n} is off limits here: this part stays pure (${WHY}).` }));
/** The page reaches the worker only by starting it (src/lib/shared/engineClient.ts) and through core/workerApi.ts. */
const noWorker = {
  group: ['**/workers', '**/workers/**'],
  message: `The page never imports the worker's code, engines included; it talks to the worker through core/workerApi.ts (${WHY}).`,
};
const boundary = (files, patterns) => ({ files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } });

export default ts.config(
  { ignores: ['dist/', 'dist-*/', 'test-results*/', 'node_modules/', '.cache/', 'bench-results/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, __APP_VERSION__: 'readonly', __GIT_HASH__: 'readonly' } },
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } },
  },
  boundary(
    ['core/**'],
    [{ group: ['../**'], message: `core/ imports nothing of the project (${WHY}).` }, ...packages('svelte', 'idb', 'comlink', 'node:*')],
  ),
  boundary(
    ['benchmarks/**/!(*.test).ts'],
    [
      part('src'),
      part('workers'),
      part('storage'),
      part('scripts'),
      part('testing'),
      part('harness'),
      ...packages('svelte', 'idb', 'comlink', 'node:*', '@wllama/wllama', '@mlc-ai/web-llm'),
    ],
  ),
  // Model knowledge (catalog, GGUF and MLC sources, memory estimates, where a model can run): the page
  // and the worker both import it, so it imports only the contract.
  boundary(
    ['models/**/!(*.test).ts'],
    [
      part('src'),
      part('workers'),
      part('storage'),
      part('benchmarks'),
      part('scripts'),
      part('testing'),
      part('harness'),
      ...packages('svelte', 'idb', 'comlink', 'node:*', '@wllama/wllama', '@mlc-ai/web-llm'),
    ],
  ),
  // Tests may hold the catalog against published scores and the engines' own configs.
  boundary(['models/**/*.test.ts'], [part('src'), part('workers'), part('storage'), part('scripts')]),
  // The worker never reaches into the UI or the dev tools; its tests may use the dev-only fixtures.
  boundary(['workers/**/!(*.test).ts'], [part('src'), part('scripts'), part('testing'), part('harness')]),
  boundary(['workers/**/*.test.ts'], [part('src'), part('scripts')]),
  boundary(
    ['storage/**/!(*.test).ts'],
    [
      part('src'),
      part('workers'),
      part('scripts'),
      part('testing'),
      part('harness'),
      { group: ['**/benchmarks/**'], allowTypeImports: true, message: 'storage/ may use benchmarks/ types only.' },
    ],
  ),
  boundary(
    ['storage/**/*.test.ts'],
    [
      part('src'),
      part('workers'),
      part('scripts'),
      { group: ['**/benchmarks/**'], allowTypeImports: true, message: 'storage/ may use benchmarks/ types only.' },
    ],
  ),
  boundary(['src/**/*.test.ts'], [noWorker, part('scripts')]),
  boundary(
    ['src/**/!(*.test).ts', 'src/**/*.svelte'],
    [noWorker, part('scripts'), part('testing'), part('harness'), ...packages('@wllama/wllama', '@mlc-ai/web-llm')],
  ),
  // The Node CLIs drive the app through the harness pages in Chromium, never by importing the UI or
  // the pages: what they exchange is the contract in core/ (benchmarkHarness.ts and the like).
  boundary(['scripts/**'], [part('src'), part('harness')]),
  // Dev-only fixtures (GGUF writer, synthetic models, native llama.cpp, tokenizer corpora): no UI.
  boundary(['testing/**'], [part('src')]),
  {
    // Runs must be reproducible: randomness in benchmarks/ comes from the seeded Rng passed in.
    files: ['benchmarks/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded Rng from benchmarks/random.ts.' },
      ],
    },
  },
);
