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
  // Nothing can go on this GPU, so no GPU layers are offered.
  await expect(medgemma.getByLabel('GPU layers for MedGemma 4B it (Q4_K_M)')).toHaveCount(0);
  await expect(medgemma.getByTestId('gpu-layers')).toHaveText('All layers run on the CPU here: the GPU path is not possible.');
  await expect(medgemma.getByRole('button', { name: 'Accept the Health AI Developer Foundations Terms of Use' })).toBeVisible();

  const stories = page.locator('tr[data-model-id="stories260K"]');
  await expect(stories.locator('li[data-path="webgpu"]')).toContainText('needs shader-f16');
  await expect(stories.getByLabel('GPU layers for TinyStories 260K (test model)')).toHaveCount(0);
  await page.getByLabel('Model', { exact: true }).selectOption('stories260K');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('model-status')).toHaveText(/TinyStories 260K \(test model\) · CPU, \d+ threads?$/, { timeout: 120_000 });
});
