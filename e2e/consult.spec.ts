import { expect, loadBundledModel, setMaxTokens, test } from './fixtures';

test.beforeEach(async ({ page }) => {
  await page.goto('./?model=stories260K');
});

test('the deep link selects the bundled model and it loads with the progress bar reaching 100', async ({ page }) => {
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('stories260K');
  await loadBundledModel(page);
});

test('a reply streams in, and the consultation survives a reload', async ({ page }) => {
  await loadBundledModel(page);
  await setMaxTokens(page, 300);
  await page.getByLabel('Message').fill('Once upon a time there was a nurse');
  await page.getByRole('button', { name: 'Send' }).click();

  const reply = page.locator('article.message.assistant').last();
  // Sample the reply while it is being written: it must be seen partially before it completes.
  const seen = new Set<number>();
  for (let i = 0; i < 400; i++) {
    const status = await reply.getAttribute('data-status');
    const length = (await reply.locator('.content').innerText()).length;
    if (status === 'streaming' && length > 0) seen.add(length);
    if (status === 'complete') break;
    await page.waitForTimeout(5);
  }
  await expect(reply).toHaveAttribute('data-status', 'complete');
  expect(seen.size, 'distinct partial lengths seen while streaming').toBeGreaterThanOrEqual(2);
  const finalText = await reply.locator('.content').innerText();
  expect(finalText.length).toBeGreaterThan(0);
  await expect(reply.locator('.stats')).toContainText('tok/s');

  await page.reload();
  await expect(page.getByRole('button', { name: 'Once upon a time there was a nurse', exact: true })).toBeVisible();
  await expect(page.locator('article.message.user')).toHaveText(/Once upon a time there was a nurse/);
  await expect(page.locator('article.message.assistant')).toHaveAttribute('data-status', 'complete');
  expect(await page.locator('article.message.assistant .content').innerText()).toBe(finalText);
});

test('Stop ends a long reply, keeps the partial text, and the model answers again', async ({ page }) => {
  await loadBundledModel(page);
  await setMaxTokens(page, 2000);
  await page.getByLabel('Message').fill('Tell me a very long story');
  await page.getByRole('button', { name: 'Send' }).click();
  const reply = page.locator('article.message.assistant').last();
  await expect(reply.locator('.content')).not.toBeEmpty();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await expect(reply).toHaveAttribute('data-status', 'stopped');
  const partial = await reply.locator('.content').innerText();
  expect(partial.length).toBeGreaterThan(0);
  // Stopped means no more tokens arrive, not only that the button changed.
  await page.waitForTimeout(500);
  expect(await reply.locator('.content').innerText()).toBe(partial);

  await page.reload();
  await expect(page.locator('article.message.assistant').last()).toHaveAttribute('data-status', 'stopped');
  expect(await page.locator('article.message.assistant .content').last().innerText()).toBe(partial);

  await loadBundledModel(page);
  await setMaxTokens(page, 40);
  await page.getByRole('button', { name: 'Regenerate' }).click();
  await expect(page.locator('article.message.assistant').last()).toHaveAttribute('data-status', /complete|stopped/, { timeout: 30_000 });
});

test('consultations can be renamed, started anew and deleted', async ({ page }) => {
  await loadBundledModel(page);
  await page.getByLabel('Message').fill('First case');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('article.message.assistant').last()).toHaveAttribute('data-status', 'complete');
  await page.getByRole('button', { name: 'Rename First case' }).click();
  await page.getByLabel('New title').fill('Chest pain case');
  await page.getByLabel('New title').press('Enter');
  await expect(page.getByRole('button', { name: 'Chest pain case', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'New consultation' }).click();
  await expect(page.locator('article.message')).toHaveCount(0);

  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete Chest pain case' }).click();
  await expect(page.getByRole('button', { name: 'Chest pain case', exact: true })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Chest pain case', exact: true })).toHaveCount(0);
});
