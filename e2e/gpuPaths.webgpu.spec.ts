import { expect, test } from './fixtures';

test('on a software adapter without shader-f16, MedGemma’s GPU path needs shader-f16 and the bundled model runs labelled CPU', async ({
  page,
}) => {
  // A load takes about a second on an idle machine; shared CI machines can be many times slower.
  test.setTimeout(180_000);
  await page.goto('./#/models');
  await expect(page.getByRole('region', { name: 'This browser' }).getByTestId('shader-f16')).toHaveText(/not supported/);

  const medgemma = page.locator('tr[data-model-id="medgemma-4b-it-Q4_K_M"]');
  const gpu = medgemma.locator('li[data-path="webgpu"]');
  await expect(gpu).toHaveAttribute('data-possible', 'false');
  await expect(gpu).toContainText('needs shader-f16, which this WebGPU adapter lacks');
  await expect(medgemma.locator('li[data-path="cpu"]')).toContainText(
    /llama-gguf-split --split --split-max-size 512M medgemma-4b-it-Q4_K_M\.gguf/,
  );
  await expect(medgemma.getByLabel('GPU layers for MedGemma 4B it (Q4_K_M)')).toHaveValue('auto');
  await expect(medgemma.getByRole('button', { name: 'Accept the Health AI Developer Foundations Terms of Use' })).toBeVisible();

  // Asking for every layer on the GPU changes nothing here: llama.cpp registers no device without shader-f16.
  const stories = page.locator('tr[data-model-id="stories260K"]');
  await expect(stories.locator('li[data-path="webgpu"]')).toContainText('needs shader-f16');
  await stories.getByLabel('GPU layers for TinyStories 260K (test model)').selectOption('all');
  await page.getByLabel('Model', { exact: true }).selectOption('stories260K');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('model-status')).toHaveText(/TinyStories 260K \(test model\) · CPU, \d+ threads?$/, { timeout: 120_000 });
});
