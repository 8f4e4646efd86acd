import { expect, loadBundledModel, test } from './fixtures';

test('without a WebGPU adapter the app says so, marks WebLLM models unavailable and runs the bundled model on WASM', async ({ page }) => {
  await page.goto('./#/models');
  const panel = page.getByRole('region', { name: 'This browser' });
  await expect(panel).toContainText(/No WebGPU adapter/i);
  await expect(panel.getByTestId('isolated')).toHaveText('yes');

  const webgpuRows = page.locator('tr[data-model-id*="q4f"]');
  expect(await webgpuRows.count()).toBeGreaterThan(4);
  for (const row of await webgpuRows.all()) {
    await expect(row.locator('td.availability')).toHaveAttribute('data-runnable', 'false');
  }
  await expect(page.locator('tr[data-model-id="stories260K"] td.availability')).toHaveAttribute('data-runnable', 'true');

  await loadBundledModel(page);
  await expect(page.getByText(/Loaded: TinyStories 260K \(test model\) · CPU, \d+ threads?/)).toBeVisible();
});
