import { expect, loadBundledModel, test } from './fixtures';

test('a software WebGPU adapter without shader-f16 is shown with its limits; q4f16 models are unavailable, q4f32 possible', async ({
  page,
}) => {
  await page.goto('./#/models');
  const panel = page.getByRole('region', { name: 'This browser' });
  await expect(panel.getByTestId('adapter')).not.toHaveText(/No WebGPU adapter/i);
  await expect(panel.getByTestId('shader-f16')).toHaveText(/not supported/);
  await expect(panel.getByTestId('max-buffer')).toHaveText(/\d/);
  await expect(panel.getByTestId('max-storage-binding')).toHaveText(/\d/);

  const f16 = page.locator('tr[data-model-id*="q4f16"]');
  const f32 = page.locator('tr[data-model-id*="q4f32"]');
  expect(await f16.count()).toBeGreaterThan(2);
  expect(await f32.count()).toBeGreaterThan(2);
  for (const row of await f16.all()) {
    await expect(row.locator('td.availability')).toHaveAttribute('data-runnable', 'false');
    await expect(row.locator('td.availability')).toContainText(/shader-f16/);
  }
  // q4f32 needs no f16; the small ones fit a software adapter's buffers.
  const small = page.locator('tr[data-model-id*="q4f32"][data-model-id*="1B"], tr[data-model-id*="q4f32"][data-model-id*="1.5B"]');
  expect(await small.count()).toBeGreaterThan(0);
  for (const row of await small.all()) {
    await expect(row.locator('td.availability')).toHaveAttribute('data-runnable', 'true');
  }

  // The bundled GGUF model still runs on the WASM engine here.
  await loadBundledModel(page);
});
