import { readFileSync } from 'node:fs';
import { expect, expectModelAnswers, loadBundledModel, test } from './fixtures';

const modelBytes = readFileSync(new URL('../public/models/stories260K/stories260K.gguf', import.meta.url));

test('a truncated GGUF is refused when it is added, naming the cause, and the loaded model keeps working', async ({ page }) => {
  await page.goto('./');
  await loadBundledModel(page);
  await page.getByRole('link', { name: 'Models' }).click();
  await page
    .getByLabel('GGUF file')
    .setInputFiles({ name: 'truncated-model.gguf', mimeType: 'application/octet-stream', buffer: modelBytes.subarray(0, 300_000) });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('truncated-model.gguf is truncated: it has 300,000 bytes, but its header describes 1,185,376.');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('stories260K');
  await expect(page.locator('[data-model-id^="custom:"]')).toHaveCount(0);
  await expect(page.getByText(/Loaded: TinyStories 260K/)).toBeVisible();
  await expectModelAnswers(page);
});

test('a GGUF URL that is not found is refused with its HTTP 404, never listed, and the loaded model keeps working', async ({
  page,
  baseURL,
}) => {
  await page.goto('./');
  await loadBundledModel(page);
  await page.getByRole('link', { name: 'Models' }).click();
  await page.getByLabel('GGUF URL').fill(new URL('models/no-such-model.gguf', baseURL).href);
  await page.getByRole('button', { name: 'Add GGUF URL' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('HTTP 404 (not found: check the URL)');
  await expect(alert).toContainText('no-such-model.gguf');
  await expect(page.locator('[data-model-id^="custom:"]')).toHaveCount(0);
  await expect(page.getByText(/Loaded: TinyStories 260K/)).toBeVisible();
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

test('MLC weights without a tokenizer.json are refused naming the file, its URL and HTTP 404; models added before stay', async ({
  page,
  baseURL,
}) => {
  // The weights folder is served on the app's own origin (the test may reach no other host): a config and a
  // tensor cache, and a 404 for everything else.
  const weights = new URL('mlc/Broken-q4f32_1-MLC/', baseURL).href;
  await page.route(`${weights}**`, (route) => {
    const file = route.request().url().slice(weights.length);
    if (file === 'mlc-chat-config.json' || file === 'tensor-cache.json') return route.fulfill({ json: {} });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  await page.goto('./#/models');
  await page.getByLabel('GGUF file').setInputFiles({ name: 'kept-model.gguf', mimeType: 'application/octet-stream', buffer: modelBytes });
  const added = page.locator('[data-model-id^="custom:"]');
  await expect(added).toHaveCount(1);

  await page.getByLabel('MLC weights URL').fill(weights);
  await page.getByRole('button', { name: 'Add WebLLM model' }).click();
  await expect(page.getByRole('alert')).toContainText(
    `The MLC model's tokenizer.json could not be downloaded from ${weights}tokenizer.json: the server answered HTTP 404 (not found: check the URL).`,
  );
  await expect(added).toHaveCount(1);
  await expect(added).toContainText('kept-model');
  await page.reload();
  await expect(added).toHaveCount(1);
  await expect(added).toContainText('kept-model');
});
