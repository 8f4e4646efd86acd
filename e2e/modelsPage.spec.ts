import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const BUNDLED = 'TinyStories 260K (test model)';
const modelBytes = readFileSync(new URL('../public/models/stories260K/stories260K.gguf', import.meta.url));

const catalogRow = (page: Page, id: string) => page.locator(`tr[data-model-id="${id}"]`);
const customRow = (page: Page, name: string) =>
  page.locator('tr[data-model-id^="custom:"]').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^\\s*${name}\\b`) }) });

async function addUrl(page: Page, url: string): Promise<void> {
  await page.getByLabel('GGUF URL').fill(url);
  await page.getByRole('button', { name: 'Add GGUF URL' }).click();
}

test('a GGUF URL on a host the page may not download from is refused before any request, naming the rule and the hosts it admits', async ({
  page,
  network,
}) => {
  await page.goto('./#/models');
  await addUrl(page, 'https://models.example.com/medical-7b-Q4_K_M.gguf');
  await expect(page.getByRole('alert')).toHaveText(
    /models\.example\.com is not a host this page may download from: its Content-Security-Policy \(connect-src\) admits this site, https:\/\/huggingface\.co, https:\/\/\*\.huggingface\.co, .*Nothing was requested\./,
  );
  await expect(page.locator('tr[data-model-id^="custom:"]')).toHaveCount(0);
  expect(network.requests.map((r) => r.url()).filter((u) => u.includes('example.com'))).toEqual([]);
});

test('the bundled GGUF has one size and one memory, however it arrived', async ({ page, baseURL }) => {
  await page.goto('./#/models');
  await addUrl(page, new URL('models/stories260K/stories260K.gguf?copy=url', baseURL).href);
  await expect(page.getByText('Added and selected “stories260K”.')).toBeVisible();
  await page
    .getByLabel('GGUF file')
    .setInputFiles({ name: 'picked-stories.gguf', mimeType: 'application/octet-stream', buffer: modelBytes });
  await expect(page.getByText('Added and selected “picked-stories”.')).toBeVisible();

  for (const row of [catalogRow(page, 'stories260K'), customRow(page, 'stories260K'), customRow(page, 'picked-stories')]) {
    await expect(row.getByRole('cell').nth(3)).toHaveText('1.2 MB');
    await expect(row.getByRole('cell').nth(4)).toHaveText('6.3 MB');
    await expect(row.locator('li[data-path="cpu"]')).toContainText('about 6.3 MB of memory.');
    await expect(row).not.toContainText(/0\.0\d GB|\b0 B\b/);
  }
});

test('removing the loaded model unloads it: nothing reads as loaded that is gone', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  page.on('dialog', (d) => void d.accept());
  await page.goto('./#/models');
  await addUrl(page, new URL('models/stories260K/stories260K.gguf?copy=loaded', baseURL).href);
  await expect(page.getByText('Added and selected “stories260K”.')).toBeVisible();
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('model-status')).toHaveText(/^Loaded: stories260K · CPU/, { timeout: 120_000 });
  await customRow(page, 'stories260K').getByRole('button', { name: 'Remove stories260K' }).click();
  await expect(customRow(page, 'stories260K')).toHaveCount(0);
  await expect(page.getByTestId('model-status')).toHaveText('No model loaded');
});

test('where the GPU path cannot work, no GPU layers are offered', async ({ page }) => {
  await page.goto('./#/models');
  const row = catalogRow(page, 'stories260K');
  await expect(row.locator('li[data-path="webgpu"]')).toHaveAttribute('data-possible', 'false');
  await expect(row.getByLabel(`GPU layers for ${BUNDLED}`)).toHaveCount(0);
  await expect(row.getByTestId('gpu-layers')).toHaveText('All layers run on the CPU here: the GPU path is not possible.');
});

test('a model that cannot run here cannot be picked, and a lesson on it shows why on the projector', async ({ page }) => {
  await page.goto('./#/models');
  const unavailable = page.getByLabel('Model', { exact: true }).locator('option', { hasText: '(not available here)' }).first();
  await expect(unavailable).toBeDisabled();
  const id = (await unavailable.getAttribute('value'))!;
  const row = catalogRow(page, id);
  await expect(row.locator('td.availability')).toHaveAttribute('data-runnable', 'false');
  await expect(row.getByRole('button', { name: 'Select' })).toBeDisabled();
  const reason = (await row.locator('td.availability small').first().innerText()).trim();

  await page.goto(`./?present=1&model=${encodeURIComponent(id)}&suite=medqa-usmle-4&items=medqa-usmle-4/0001`);
  await expect(page.getByTestId('presenter-model')).toContainText(`failed: ${reason}`);
});

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the bundled model the service worker keeps is listed among the cached weights before any load', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('./#/models');
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? 'none'), {
        timeout: 150_000,
      })
      .toBe('activated');
    await page.reload();
    const cached = page.getByRole('table', { name: 'Cached models' });
    const row = cached.getByRole('row').filter({ hasText: BUNDLED });
    await expect(row).toContainText('models/stories260K/stories260K.gguf');
    await expect(row.getByRole('cell').nth(2)).toHaveText('1.2 MB');
    await expect(row).toContainText('kept with the app for offline use');
    await expect(page.getByTestId('model-status')).toHaveText('No model loaded');
  });
});
