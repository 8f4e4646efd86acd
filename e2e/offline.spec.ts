import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, Request } from '@playwright/test';
import { expect, test } from './fixtures';

// These tests are about the service worker, which playwright.config.ts blocks for every other spec.
test.use({ serviceWorkers: 'allow' });
// A first visit downloads and compiles the engine and precaches ~24 MB; slow on a busy two-core machine.
test.setTimeout(240_000);
const SLOW = { timeout: 150_000 };

const MODEL = 'TinyStories 260K (test model)';
const LINK = './?present=1&model=stories260K&suite=medqa-usmle-4&items=medqa-usmle-4/0002,medqa-usmle-4/0003';

/** Milliseconds from navigation start until the lesson was ready: question shown and model loaded. */
async function readyAfter(page: Page): Promise<number> {
  await expect(page.getByTestId('presenter-model')).toHaveText(`${MODEL}: ready`, SLOW);
  return page.evaluate(() => performance.getEntriesByName('bedside:lesson-ready')[0]!.startTime);
}

/** Waits until the service worker has installed (precached everything) and activated. */
async function serviceWorkerActive(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? 'none'), SLOW)
    .toBe('activated');
}

async function expectPresenterWorks(page: Page): Promise<void> {
  const presenter = page.getByRole('dialog', { name: 'Presenter' });
  await expect(presenter.locator('.question')).toContainText('transitional cell carcinoma of the bladder');
  await page.keyboard.press('m');
  await expect(presenter.getByRole('meter', { name: new RegExp(`^${MODEL.replace(/[()]/g, '\\$&')}: `) })).toHaveCount(4, SLOW);
  await page.keyboard.press('r');
  await expect(presenter.getByRole('status')).toContainText('Answer: D');
  await page.keyboard.press('ArrowRight');
  await expect(presenter.locator('.question')).toContainText('cardiac catherization');
}

test('after one visit, the lesson link works with the network off, model included', async ({ page, context }) => {
  await page.goto(LINK);
  const cold = await readyAfter(page);
  await serviceWorkerActive(page);

  const precache = await page.evaluate(async () => {
    const name = (await caches.keys()).find((k) => k.includes('precache'))!;
    const cache = await caches.open(name);
    let bytes = 0;
    const keys = await cache.keys();
    for (const request of keys) bytes += (await (await cache.match(request))!.blob()).size;
    return { files: keys.length, bytes };
  });
  expect(precache.files).toBeGreaterThan(10);

  await page.reload();
  const warm = await readyAfter(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  const failed: string[] = [];
  const record = (r: Request) => failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
  context.on('requestfailed', record);
  await context.setOffline(true);
  await page.reload();
  const offline = await readyAfter(page);
  await expectPresenterWorks(page);
  context.off('requestfailed', record);
  expect(failed, 'requests that failed with the network off').toEqual([]);

  test
    .info()
    .annotations.push({ type: 'measured', description: JSON.stringify({ coldMs: cold, warmMs: warm, offlineMs: offline, precache }) });
  console.log(
    `lesson link ready: cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(0)} ms, offline ${offline.toFixed(0)} ms; precache ${precache.files} files, ${precache.bytes} bytes`,
  );
});

test('a new version waits behind "Reload to update" and never swaps the app mid-lesson', async ({ page }) => {
  await page.goto(LINK);
  await readyAfter(page);
  await serviceWorkerActive(page);
  // The teacher's next visit: now the installed version controls the page.
  await page.reload();
  await readyAfter(page);
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  // The next deploy: the served sw.js changes, as it does when a new build goes up, and the browser's
  // update check finds it. (Playwright cannot route that check, so the built file itself changes.)
  const swPath = join(process.env.E2E_DIST ?? 'dist', 'sw.js');
  const deployed = await readFile(swPath, 'utf8');
  try {
    await writeFile(swPath, `${deployed}\n// next version ${Date.now()}\n`);
    await page.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())!.update()));
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state ?? 'none'), SLOW)
      .toBe('installed');
    await expect(page.getByRole('button', { name: 'Reload to update' })).toBeAttached(SLOW);
    // Still the same lesson on the same page, run by the old version: nothing swapped.
    const presenter = page.getByRole('dialog', { name: 'Presenter' });
    await expect(presenter.locator('.question')).toContainText('transitional cell carcinoma of the bladder');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    await page.keyboard.press('Escape');
    const reloaded = page.waitForEvent('load', SLOW);
    await page.getByRole('button', { name: 'Reload to update' }).click();
    await reloaded;
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument ?? false)).toBe(false);
    // The version that waited now controls the page, and nothing else waits.
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const registration = await navigator.serviceWorker.getRegistration();
            return `${registration?.active?.state} controlled=${navigator.serviceWorker.controller !== null} waiting=${registration?.waiting !== null}`;
          }),
        SLOW,
      )
      .toBe('activated controlled=true waiting=false');
    await expect(page.getByRole('button', { name: 'Reload to update' })).toHaveCount(0);
  } finally {
    await writeFile(swPath, deployed);
  }
});
