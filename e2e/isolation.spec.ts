import type { Server } from 'node:http';
import { servePlain } from './plainStaticServer';
import { expect, expectModelAnswers, loadBundledModel, test } from './fixtures';

const PORT = 4191;
let server: Server;

test.beforeAll(async () => {
  server = await servePlain(process.env.E2E_DIST ?? 'dist', PORT);
});
test.afterAll(() => new Promise<void>((done) => server.close(() => done())));

// The service worker is what adds the headers, so it must run here.
test.use({ serviceWorkers: 'allow', baseURL: `http://127.0.0.1:${PORT}/` });
// The first visit precaches every built file (~24 MB) before the worker activates.
test.setTimeout(240_000);

test('on a host that sends no COOP/COEP, the service worker makes the second visit cross-origin isolated', async ({ page }) => {
  const first = await page.goto('./');
  expect(first!.headers()['cross-origin-embedder-policy']).toBeUndefined();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect
    .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? 'none'), {
      timeout: 150_000,
    })
    .toBe('activated');

  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');

  await loadBundledModel(page);
  await expectModelAnswers(page);
});
