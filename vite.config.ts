import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { VitePWA } from 'vite-plugin-pwa';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from './e2e/chromium.ts';

const appVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

function gitHash(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

/** wllama needs SharedArrayBuffer for threads, which needs cross-origin isolation. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * What the app's build and the harness pages' build (vite.harness.config.ts) share: the same Svelte,
 * the same define (runs record the app version and commit), the same workers and build target.
 */
export const shared = {
  plugins: [svelte()],
  define: { __APP_VERSION__: JSON.stringify(appVersion), __GIT_HASH__: JSON.stringify(gitHash()) },
  worker: { format: 'es' as const },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  server: { host: '127.0.0.1', port: 5173, headers: isolationHeaders },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: isolationHeaders },
};

export default defineConfig({
  // Relative base: the built dist/ works from any sub-path of a static host.
  base: './',
  // No SPA fallback: a missing model file must be a 404, not index.html served as a model.
  appType: 'mpa',
  plugins: [
    ...shared.plugins,
    // The classroom works offline: src/sw.ts precaches every built file (app shell, shipped suites, the
    // bundled model, the engine's wasm). Registered by the page in production builds only; a new
    // version waits for "Reload to update" (src/lib/app/updates.svelte.ts).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      manifest: false,
      injectManifest: { globPatterns: ['**/*'], maximumFileSizeToCacheInBytes: 32 * 1024 * 1024 },
    }),
  ],
  define: shared.define,
  worker: shared.worker,
  // Pre-bundled up front so the first browser test run does not reload mid-test to optimise them.
  optimizeDeps: { include: ['@observablehq/plot', 'idb', 'comlink', 'marked', 'dompurify'] },
  // The app only (index.html): the pages the CLIs drive are built apart, by vite.harness.config.ts.
  build: shared.build,
  server: shared.server,
  preview: shared.preview,
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{src,workers,benchmarks,scripts,core,storage,models,testing}/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/*.svelte.test.ts', '**/*.gpu.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: [
            '{src,workers,benchmarks,core,storage,models}/**/*.browser.test.ts',
            '{src,workers,benchmarks,core,storage,models}/**/*.svelte.test.ts',
          ],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
