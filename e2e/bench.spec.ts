import { expect, loadBundledModel, storedResults, test } from './fixtures';

test('a 30-item MedQA run survives a reload halfway and resumes to exactly 30 distinct results', async ({ page }) => {
  await page.goto('./?model=stories260K#/bench');
  await loadBundledModel(page);
  await page.getByLabel('Suite', { exact: true }).selectOption('medqa-usmle-4');
  await page.getByLabel('Scoring mode', { exact: true }).selectOption('letter-logprob');
  await page.getByLabel('Items (0 = all)').fill('30');
  await page.getByRole('button', { name: 'Start run' }).click();

  const progress = page.getByRole('progressbar', { name: 'Benchmark progress' });
  await expect(async () => {
    expect(Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(40);
  }).toPass({ intervals: [20], timeout: 30_000 });
  await page.reload();

  const before = await storedResults(page);
  expect(before.length).toBeGreaterThan(0);
  expect(before.length).toBeLessThan(30);
  await expect(page.getByRole('cell', { name: 'interrupted' })).toBeVisible();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 60_000 });

  const after = await storedResults(page);
  expect(after).toHaveLength(30);
  expect(new Set(after.map((r) => r.itemId)).size).toBe(30);
  expect(new Set(after.map((r) => r.runId)).size).toBe(1);
  // Items finished before the reload were kept, not scored again.
  for (const r of before) expect(after).toContainEqual(r);

  await expect(page.getByRole('cell', { name: '30 / 30' })).toBeVisible();
  await expect(page.getByText(/\d+\.\d% \(95% CI \d+\.\d–\d+\.\d%\)/).first()).toBeVisible();
  const chart = page.getByRole('img', { name: /Accuracy by subject/ });
  await expect(chart.locator('svg').first()).toBeVisible();
  await expect(chart.locator('svg rect').first()).toBeVisible();
});

const header = 'id,question,A,B,C,D,answer,subject\n';
const good = [
  'q1,"Which vitamin deficiency causes scurvy?",Vitamin A,Vitamin B12,Vitamin C,Vitamin D,C,nutrition',
  'q2,"First-line drug for anaphylaxis, in adults?",Epinephrine,Diphenhydramine,Prednisone,Salbutamol,A,emergency',
  'q3,"Which electrolyte disorder gives peaked T waves?",Hyponatremia,Hyperkalemia,Hypocalcemia,Hypomagnesemia,B,cardiology',
];

test('a CSV with one bad line is refused with its line and field, nothing is stored, then a valid file imports and runs', async ({
  page,
}) => {
  await page.goto('./?model=stories260K#/bench');
  const bad = header + [good[0], 'q2,"Broken item",a,b,c,d,E,emergency', good[2]].join('\n') + '\n';
  await page.getByLabel('Import suite file').setInputFiles({ name: 'ward-quiz.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('ward-quiz.csv was not imported');
  await expect(alert).toContainText('line 3, field "answer"');
  await expect(page.getByLabel('Suite', { exact: true })).not.toContainText('ward-quiz');
  await page.reload();
  await expect(page.getByLabel('Suite', { exact: true })).not.toContainText('ward-quiz');

  await page
    .getByLabel('Import suite file')
    .setInputFiles({ name: 'ward-quiz.csv', mimeType: 'text/csv', buffer: Buffer.from(header + good.join('\n') + '\n') });
  await expect(page.getByText('Imported 3 items from ward-quiz.csv')).toBeVisible();
  await expect(page.getByLabel('Suite', { exact: true })).toContainText('ward-quiz');

  await loadBundledModel(page);
  await page.getByLabel('Items (0 = all)').fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('cell', { name: '3 / 3' })).toBeVisible();
  expect(await storedResults(page)).toHaveLength(3);
});

test('a mode its lm-eval task does not define is disabled for the suite, with the reason', async ({ page }) => {
  await page.goto('./#/bench');
  const mode = page.getByLabel('Scoring mode', { exact: true });
  await page.getByLabel('Suite', { exact: true }).selectOption('pubmedqa');
  const letter = mode.locator('option[value="letter-logprob"]');
  await expect(letter).toBeDisabled();
  await expect(letter).toHaveAttribute(
    'title',
    /PubMedQA.* is not scored in letter-logprob mode: its lm-eval task defines option-logprob and generative/,
  );
  await expect(mode).toHaveValue('option-logprob');
  await expect(page.locator('#bench-mode-note')).toHaveText(/runs in option-logprob or generative; other modes are off for it/);
  await page.getByLabel('Suite', { exact: true }).selectOption('medqa-usmle-4');
  await expect(letter).toBeEnabled();
  await expect(mode.locator('option[value="option-logprob"]')).toBeDisabled();
});
