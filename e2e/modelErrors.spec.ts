import { readFileSync } from 'node:fs';
import { expect, expectModelAnswers, loadBundledModel, test } from './fixtures';

const modelBytes = readFileSync(new URL('../public/models/stories260K/stories260K.gguf', import.meta.url));

test('a truncated GGUF gives a specific alert and the previous model keeps working', async ({ page }) => {
  await page.goto('./');
  await loadBundledModel(page);
  await page.getByRole('link', { name: 'Models' }).click();
  await page
    .getByLabel('GGUF file')
    .setInputFiles({ name: 'truncated-model.gguf', mimeType: 'application/octet-stream', buffer: modelBytes.subarray(0, 300_000) });
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(/truncated-model/);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('truncated-model.gguf');
  await expect(alert).toContainText(/truncated|not a complete GGUF/);
  await expect(page.getByText(/Loaded: stories260K/)).toBeVisible();
  await expectModelAnswers(page);
});

test('a GGUF URL that is not found gives an HTTP 404 alert and the previous model keeps working', async ({ page, baseURL }) => {
  await page.goto('./');
  await loadBundledModel(page);
  await page.getByRole('link', { name: 'Models' }).click();
  await page.getByLabel('GGUF URL').fill(new URL('models/no-such-model.gguf', baseURL).href);
  await page.getByRole('button', { name: 'Add GGUF URL' }).click();
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('HTTP 404');
  await expect(alert).toContainText('no-such-model.gguf');
  await expect(page.getByText(/Loaded: stories260K/)).toBeVisible();
  await expectModelAnswers(page);
});

test('a second load of the bundled model reads it from the device cache, not the network', async ({ page, network }) => {
  const downloads = () => network.requests.filter((r) => r.method() === 'GET' && r.url().endsWith('stories260K.gguf')).length;
  await page.goto('./');
  await loadBundledModel(page);
  expect(downloads()).toBe(1);
  await page.reload();
  await loadBundledModel(page);
  expect(downloads()).toBe(1);
  await page.getByRole('link', { name: 'Models' }).click();
  await expect(page.getByRole('table', { name: 'Cached models' })).toContainText('stories260K.gguf');
});
