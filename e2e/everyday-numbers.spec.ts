import { readFile } from 'node:fs/promises';
import { expect, loadBundledModel, setMaxTokens, test } from './fixtures';

// Every test loads the model first; on a busy 2-core machine that alone can take a minute.
test.describe.configure({ timeout: 300_000 });

test.beforeEach(async ({ page }) => {
  await page.goto('./?model=stories260K');
  await loadBundledModel(page);
});

test('a bad sampling value is marked at its field and nothing is sent until it is fixed', async ({ page }) => {
  await page.getByText('System prompt and sampling').click();
  await page.getByLabel('Message', { exact: true }).fill('Hello');
  const send = page.getByRole('button', { name: 'Send' });
  for (const [field, bad, reason] of [
    ['Temperature', '-1', 'Temperature must be 0 or more'],
    ['Top-p', '0', 'Top-p must be more than 0 and at most 1.'],
    ['Max tokens', '0', 'Max tokens must be a whole number, at least 1.'],
    ['Max tokens', '99999', "Max tokens must be at most the model's context window, 2048 tokens."],
  ] as const) {
    const input = page.getByLabel(field);
    await input.fill(bad);
    await input.blur();
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText(reason)).toBeVisible();
    await expect(send).toBeDisabled();
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await expect(page.locator('article.message')).toHaveCount(0);
    await input.fill(field === 'Temperature' ? '0.7' : field === 'Top-p' ? '0.9' : '16');
    await input.blur();
    await expect(input).toHaveAttribute('aria-invalid', 'false');
  }
  await expect(send).toBeEnabled();
  await send.click();
  await expect(page.locator('article.message.assistant')).toHaveAttribute('data-status', 'complete');
});

test('a stopped reply reports the tokens it produced and their rate', async ({ page }) => {
  await setMaxTokens(page, 2000);
  await page.getByLabel('Message', { exact: true }).fill('Once upon a time');
  await page.getByRole('button', { name: 'Send' }).click();
  const reply = page.locator('article.message.assistant').last();
  await expect(async () => expect((await reply.locator('.content').innerText()).length).toBeGreaterThan(40)).toPass({ intervals: [20] });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(reply).toHaveAttribute('data-status', 'stopped');
  const stats = await reply.locator('.stats').innerText();
  const [, tokens, rate] = /^(\d+) tokens · first token \d+ ms · ([\d.]+) tok\/s$/.exec(stats) ?? [];
  expect(Number(tokens), stats).toBeGreaterThan(1);
  expect(Number(rate), stats).toBeGreaterThan(0);
});

test('picking a case template keeps what was typed, with the example above it', async ({ page }) => {
  await page.getByLabel('Message', { exact: true }).fill('My own question');
  await page.getByText('System prompt and sampling').click();
  await page.getByLabel('Case template').selectOption({ label: 'Differential diagnosis from a vignette' });
  await expect(page.getByLabel('Message', { exact: true })).toHaveValue(/^A 58-year-old man[\s\S]*\n\nMy own question$/);
});

test('"Items = N" is a stratified sample by default, labelled partial in the list, results, exports and the averages', async ({ page }) => {
  test.setTimeout(300_000);
  await page.getByRole('link', { name: 'Benchmarks' }).click();
  await page.getByLabel('Suite', { exact: true }).selectOption('mmlu-medical');
  await expect(page.getByLabel('Which items')).toHaveValue('stratified');
  await page.getByLabel('Items (0 = all)').fill('12');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 60_000 });
  // 12 items over the six subjects, not 12 anatomy items.
  const subjects = page.getByRole('combobox', { name: /^Subject/ });
  await expect(subjects.locator('option')).toHaveCount(7);
  await expect(page.getByTestId('partial-note')).toContainText('stratified sample of 12 items by subject, seed 1234');
  await expect(page.getByRole('row').filter({ hasText: 'MMLU' }).first().getByText('partial', { exact: true })).toBeVisible();

  // The blank seed is refused at the field.
  await page.getByLabel('Seed', { exact: true }).fill('');
  await expect(page.getByText('Enter a seed (a whole number)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start run' })).toBeDisabled();
  await page.getByLabel('Seed', { exact: true }).fill('7');

  // The item filters: Correct and a subject; they reset when another run opens.
  await page.getByRole('button', { name: /^Correct \(\d+\)$/ }).click();
  await subjects.selectOption({ index: 1 });

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(csv.suggestedFilename()).toMatch(
    /^bedside-run-mmlu-medical-TinyStories_260K_test_model-letter-logprob-partial12-\d{8}T\d{6}Z\.csv$/,
  );
  const bytes = await readFile((await csv.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain(',letter-logprob,true,');
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  expect(json.suggestedFilename()).toMatch(/-letter-logprob-partial12-\d{8}T\d{6}Z\.json$/);
  expect(JSON.parse(await readFile((await json.path())!, 'utf8'))).toMatchObject({ partial: true });

  // A second run, of the first items of another suite in the same mode; then opening the first again shows it.
  await page.getByLabel('Suite', { exact: true }).selectOption('medqa-usmle-4');
  await page.getByLabel('Items (0 = all)').fill('3');
  await page.getByLabel('Which items').selectOption('first');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByRole('cell', { name: 'completed' })).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByTestId('partial-note')).toContainText('first 3 items in file order (lm-eval --limit)');
  // Only partial runs: no across-suites average unless asked for.
  await expect(page.getByRole('table', { name: 'Accuracy across suites' })).toHaveCount(0);
  await page.getByLabel('Include partial runs').check();
  await expect(page.getByRole('table', { name: 'Accuracy across suites' })).toContainText('includes partial runs');

  const mmluRow = page.getByRole('row').filter({ hasText: 'MMLU' }).first();
  await mmluRow.getByRole('button', { name: 'Open' }).click();
  await expect(mmluRow).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('heading', { name: /^MMLU/ })).toBeInViewport();
  await expect(page.getByRole('button', { name: /^All \(12\)$/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('combobox', { name: /^Subject/ })).toHaveValue('');
});
