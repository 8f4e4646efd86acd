import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './e2e/chromium.ts';

const port = Number(process.env.E2E_PORT ?? 4173);
const outDir = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    trace: 'retain-on-failure',
    browserName: 'chromium',
    // The built app registers a service worker that precaches every file and then answers requests
    // itself, out of sight of page.route and request recorders. Specs that count or intercept requests
    // rely on seeing them, so it is blocked by default; e2e/classroom.spec.ts and e2e/offline.spec.ts
    // allow it with test.use({ serviceWorkers: 'allow' }).
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'no-webgpu',
      testIgnore: /\.webgpu\.spec\.ts$/,
      use: { launchOptions: { executablePath: chromiumPath, args: chromiumArgs } },
    },
    {
      name: 'software-webgpu',
      testMatch: /\.webgpu\.spec\.ts$/,
      use: { launchOptions: { executablePath: chromiumPath, args: [...chromiumArgs, '--enable-unsafe-webgpu'] } },
    },
  ],
  webServer: {
    // The built site, as `npm start` serves it (COOP/COEP headers from vite.config.ts).
    command: `npx vite preview --port ${port} --strictPort --outDir ${outDir}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
