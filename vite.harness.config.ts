import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { shared } from './vite.config.ts';

const page = (name: string) => resolve(import.meta.dirname, 'harness', `${name}.html`);

/**
 * The pages the Node CLIs drive in Chromium (harness/: `npm run bench`, `npm run bench:perf`,
 * `npm run gpu:check`), built into dist-harness/ apart from the app, so the app's dist/ and its
 * service worker's precache hold nothing but the app. They serve the same public/ files (suites,
 * the bundled model) at the same paths as the app does.
 */
export default defineConfig({
  ...shared,
  root: 'harness',
  base: './',
  appType: 'mpa',
  publicDir: '../public',
  build: {
    ...shared.build,
    outDir: '../dist-harness',
    emptyOutDir: true,
    rollupOptions: { input: { benchmark: page('benchmark'), perf: page('perf'), gpucheck: page('gpucheck') } },
  },
});
