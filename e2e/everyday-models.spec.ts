import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, loadBundledModel, test } from './fixtures';

const modelBytes = readFileSync(new URL('../public/models/stories260K/stories260K.gguf', import.meta.url));

async function addUrl(page: Page, url: string) {
  await page.getByLabel('GGUF URL').fill(url);
  await page.getByRole('button', { name: 'Add GGUF URL' }).click();
}

/** The catalog row of an added model, by the name its first cell starts with ("x" is not "x (2)"). */
const row = (page: Page, name: string) =>
  page.locator('tr[data-model-id^="custom:"]').filter({
    has: page.locator('td:first-child', { hasText: new RegExp(`^\\s*${name.replace(/[()]/g, '\\$&')}(?! \\()`) }),
  });

test('a model added by URL shows the facts of its GGUF header; two files of one name get distinct names; one is renamed, one removed with its weights', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(300_000);
  page.on('dialog', (d) => void d.accept());
  await page.goto('./#/models');
  // The same bundled file under two URLs: one file name, two models.
  const a = new URL('models/stories260K/stories260K.gguf?copy=a', baseURL).href;
  const b = new URL('models/stories260K/stories260K.gguf?copy=b', baseURL).href;
  await addUrl(page, a);
  await expect(page.getByText('Added and selected “stories260K”.')).toBeVisible();
  await addUrl(page, b);
  await expect(page.getByText('Added and selected “stories260K (2)”.')).toBeVisible();

  for (const name of ['stories260K', 'stories260K (2)']) {
    const r = row(page, name);
    await expect(r).toHaveCount(1);
    // The real file: F32 weights (no file type recorded, so the tensors' own type), 1,185,376 bytes.
    await expect(r.getByRole('cell').nth(2)).toHaveText('F32');
    await expect(r.getByRole('cell').nth(3)).toHaveText('1.2 MB');
    await expect(r.getByTestId('gguf-facts')).toHaveText('llama · 293 K parameters · context 2048 tokens');
    await expect(r).not.toContainText('0 B');
    await expect(r).not.toContainText('custom:');
  }
  const select = page.getByLabel('Model', { exact: true });
  await expect(select.locator('option', { hasText: /^stories260K · F32$/ })).toHaveCount(1);
  await expect(select.locator('option', { hasText: /^stories260K \(2\) · F32$/ })).toHaveCount(1);

  // A name of the user's own; a name another model has is refused.
  await row(page, 'stories260K').getByRole('button', { name: 'Rename stories260K' }).click();
  await page.getByLabel('New name').fill('stories260K (2)');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('Another model is already called “stories260K (2)”.');
  await page.getByLabel('New name').fill('Bedtime stories');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(row(page, 'Bedtime stories')).toHaveCount(1);
  await page.reload();
  await expect(row(page, 'Bedtime stories')).toHaveCount(1);

  // Load the second one, so its weights are cached, then remove it: record and weights go.
  await select.selectOption({ label: 'stories260K (2) · F32' });
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByText(/Loaded: stories260K \(2\) · CPU/)).toBeVisible({ timeout: 120_000 });
  await page.reload();
  const cached = page.getByRole('table', { name: 'Cached models' });
  await expect(cached).toContainText('stories260K (2)');
  await expect(cached).toContainText('?copy=b');
  await row(page, 'stories260K (2)').getByRole('button', { name: 'Remove stories260K (2)' }).click();
  await expect(row(page, 'stories260K (2)')).toHaveCount(0);
  await expect(select.locator('option', { hasText: 'stories260K (2)' })).toHaveCount(0);
  await expect(page.getByText('No model weights are cached yet.').or(cached)).toBeVisible();
  if (await cached.isVisible()) await expect(cached).not.toContainText('?copy=b');
  await page.reload();
  await expect(row(page, 'stories260K (2)')).toHaveCount(0);
  await expect(row(page, 'Bedtime stories')).toHaveCount(1);
});

test('a URL that is not a GGUF is refused with its real cause, never listed as "Possible"', async ({ page, baseURL }) => {
  await page.goto('./#/models');
  const before = await page.getByRole('table', { name: 'Model catalog' }).getByRole('row').count();

  await addUrl(page, new URL('models/no-such-model.gguf', baseURL).href);
  await expect(page.getByRole('alert')).toContainText('no-such-model.gguf: the server answered HTTP 404 (not found: check the URL).');
  await page.getByRole('button', { name: 'Dismiss error' }).click();

  // A web page where the file should be: the app's own index.html under a .gguf name.
  await page.route('**/model-card.gguf', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><h1>Model card</h1>' }),
  );
  await addUrl(page, new URL('model-card.gguf', baseURL).href);
  await expect(page.getByRole('alert')).toContainText('the server returned an HTML page, not a GGUF file');
  await page.getByRole('button', { name: 'Dismiss error' }).click();

  await page
    .getByLabel('GGUF file')
    .setInputFiles({ name: 'cut.gguf', mimeType: 'application/octet-stream', buffer: modelBytes.subarray(0, 300_000) });
  await expect(page.getByRole('alert')).toContainText('cut.gguf is truncated: it has 300,000 bytes, but its header describes 1,185,376.');
  await page.getByRole('button', { name: 'Dismiss error' }).click();

  await page
    .getByLabel('GGUF file')
    .setInputFiles({ name: 'archive.gguf', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\x03\x04 not a model') });
  await expect(page.getByRole('alert')).toContainText('archive.gguf is not a GGUF file: it starts with');

  await expect(page.getByRole('table', { name: 'Model catalog' }).getByRole('row')).toHaveCount(before);
  await expect(page.locator('[data-model-id^="custom:"]')).toHaveCount(0);
});

test('the split-file picker takes several files, and "Ask to keep models" reports the browser’s answer', async ({ page }) => {
  await page.goto('./#/models');
  await expect(page.getByLabel('GGUF file')).toHaveAttribute('multiple', '');
  const ask = page.getByRole('button', { name: 'Ask to keep models' });
  if (await ask.isVisible()) {
    await ask.click();
    await expect(page.getByTestId('persist-answer')).toHaveText(/^The browser (agreed|declined)/);
  }
});

test('after "Delete all data", no list still shows what was deleted', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  page.on('dialog', (d) => void d.accept());
  await page.goto('./?model=stories260K');
  await loadBundledModel(page);
  await page.getByLabel('Message', { exact: true }).fill('Remember me');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('article.message.assistant')).toHaveAttribute('data-status', 'complete');
  await page.getByRole('link', { name: 'Benchmarks' }).click();
  await page.getByLabel('Items (0 = all)').fill('2');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Models' }).click();
  await addUrl(page, new URL('models/stories260K/stories260K.gguf?mine', baseURL).href);
  await expect(page.locator('[data-model-id^="custom:"]')).toHaveCount(1);

  await page.getByRole('link', { name: 'Data' }).click();
  await page.getByRole('button', { name: 'Delete all data' }).click();
  await expect(page.getByText('All Bedside data on this device was deleted.')).toBeVisible();

  await expect(page.getByLabel('Model', { exact: true }).locator('option', { hasText: 'stories260K ·' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Models' }).click();
  await expect(page.locator('[data-model-id^="custom:"]')).toHaveCount(0);
  await page.getByRole('link', { name: 'Benchmarks' }).click();
  await expect(page.getByText('No runs yet.')).toBeVisible();
  await page.getByRole('link', { name: 'Consult' }).click();
  await expect(page.getByRole('button', { name: 'Remember me' })).toHaveCount(0);
  await expect(page.locator('article.message')).toHaveCount(0);
});
