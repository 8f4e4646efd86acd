import { readFileSync } from 'node:fs';
import { expect, loadBundledModel, storeRecords, test } from './fixtures';

/** Open-ended suites on the Benchmarks page: imported in the formats they are published in, answered by the bundled model. */

const healthBench = readFileSync('examples/open-ended-healthbench.jsonl', 'utf8');
const medsBench = readFileSync('examples/open-ended-medsbench.json', 'utf8');

interface StoredAnswer {
  runId: string;
  itemId: string;
  answer: string | null;
  metrics: Record<string, number>;
  prompt: { role: string; content: string }[];
}

interface StoredGrade {
  runId: string;
  itemId: string;
  kind: string;
  criterion: number;
  verdict?: string;
  attempts?: number;
  grader: { kind: string; model?: string; prompt?: { id: string; version: number } };
  scores?: unknown;
  error?: string;
}

async function importFile(page: import('@playwright/test').Page, name: string, text: string): Promise<void> {
  await page.getByLabel('Import suite file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(text) });
}

async function runAll(page: import('@playwright/test').Page, suiteName: RegExp): Promise<void> {
  const region = page.getByRole('region', { name: 'Open-ended runs' });
  await region.getByLabel('Open-ended suite').selectOption({ label: (await optionLabel(page, suiteName))! });
  await region.getByLabel('Items to answer (0 = all)').fill('0');
  await region.getByLabel('Max tokens').fill('24');
  await region.getByRole('button', { name: 'Generate answers' }).click();
}

async function optionLabel(page: import('@playwright/test').Page, name: RegExp): Promise<string | undefined> {
  const labels = await page.getByLabel('Open-ended suite').locator('option').allTextContents();
  return labels.find((l) => name.test(l));
}

test('a broken HealthBench file and a broken MedS-Bench task are refused with their line and field, and nothing is stored', async ({
  page,
}) => {
  await page.goto('./#/bench');
  const lines = healthBench.trimEnd().split('\n');
  await importFile(page, 'hb-broken.jsonl', [lines[0], lines[1]!.replace('"points": 10', '"points": "10"'), lines[2]].join('\n'));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('hb-broken.jsonl was not imported');
  await expect(alert).toContainText('line 2, field "rubrics[0].points": expected a number from -10 to 10, not 0, but got "10"');
  await alert.getByRole('button').first().click();

  await importFile(page, 'task-broken.json', medsBench.replace('"input":', '"inptu":'));
  await expect(page.getByRole('alert')).toContainText('task-broken.json was not imported');
  await expect(page.getByRole('alert')).toContainText('line 17, field "Instances[0].input": expected a non-empty string but got nothing');

  expect(await storeRecords(page, 'openSuites')).toEqual([]);
  await page.reload();
  await expect(page.getByLabel('Open-ended suite')).not.toContainText('broken');
});

test('a HealthBench file and a MedS-Bench task import and run on the bundled model; the bundled model then judges the HealthBench answers', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await page.goto('./?model=stories260K#/bench');
  await importFile(page, 'hb-sample.jsonl', healthBench);
  await expect(page.getByText('Imported 3 open-ended items from hb-sample.jsonl')).toBeVisible();
  await importFile(page, 'handover.json', medsBench);
  await expect(page.getByText('Imported 3 open-ended items from handover.json')).toBeVisible();
  await loadBundledModel(page);

  // MedS-Bench: Definition as the system message, each input as the user's, ROUGE-L and BLEU-1 per answer.
  await runAll(page, /^handover/);
  const results = page.getByRole('region', { name: 'Open-ended run results' });
  await expect(page.getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 180_000 });
  await expect(results.getByRole('table', { name: 'Reference metrics' })).toContainText('rouge-l');
  await expect(results.getByRole('table', { name: 'Reference metrics' })).toContainText('bleu-1');
  let answers = await storeRecords<StoredAnswer>(page, 'openResults');
  expect(answers).toHaveLength(3);
  for (const a of answers) {
    expect(a.answer).not.toBeNull();
    expect(a.prompt[0]!.role).toBe('system');
    expect(a.prompt[0]!.content).toMatch(/^Summarise the clinical note/);
    expect(Object.keys(a.metrics).sort()).toEqual(['bleu-1', 'rouge-l']);
  }
  await expect(results.getByRole('article')).toHaveCount(3);

  // HealthBench: the conversation as sent, no reference metrics (scored by its rubric).
  await runAll(page, /^hb-sample/);
  await expect(page.getByRole('cell', { name: 'completed' })).toHaveCount(2, { timeout: 180_000 });
  answers = await storeRecords<StoredAnswer>(page, 'openResults');
  const hbRun = answers.find((a) => a.prompt[0]!.content.startsWith('My father is 68'))!.runId;
  expect(answers.filter((a) => a.runId === hbRun)).toHaveLength(3);
  await expect(results.getByRole('heading', { name: /hb-sample/ })).toBeVisible();

  // The bundled model as a judge. HealthBench's grader prompt is longer than its 2,048-token window: each
  // criterion is refused by the engine at once and recorded ungraded with that reason, never met or not met.
  await judgeWithBundledModel(page);
  const grades = (await storeRecords<StoredGrade>(page, 'grades')).filter((g) => g.runId === hbRun);
  const criteria = healthBench
    .trimEnd()
    .split('\n')
    .reduce((n, line) => n + (JSON.parse(line) as { rubrics: unknown[] }).rubrics.length, 0);
  expect(grades).toHaveLength(criteria);
  for (const g of grades) {
    expect(g).toMatchObject({
      kind: 'criterion',
      verdict: 'ungraded',
      attempts: 0,
      grader: { kind: 'judge', model: 'stories260K', prompt: { id: 'healthbench-grader-json', version: 1 } },
    });
    expect(g.error).toMatch(/^The prompt is \d+ tokens, more than this model's 2048-token context window holds\.$/);
  }
  await expect(results.getByLabel('Counts')).toContainText('0 people and 1 model judges');
  await expect(results.getByLabel('Counts')).toContainText('3 answers have a criterion a judge left ungraded');
  await expect(results.getByRole('table', { name: 'Rubric scores' })).toContainText('judge: stories260K');

  // MedS-Bench items have no rubric: the judge rates them 1–5 with a prompt that fits. It writes stories, never
  // JSON, so each rating ends ungraded after 1 + 1 real replies.
  await page
    .getByRole('row', { name: /handover/ })
    .getByRole('button', { name: 'Open', exact: true })
    .click();
  await expect(results.getByRole('heading', { name: /handover/ })).toBeVisible();
  await judgeWithBundledModel(page);
  const ratings = (await storeRecords<StoredGrade>(page, 'grades')).filter((g) => g.kind === 'rating');
  expect(ratings).toHaveLength(3);
  for (const g of ratings) {
    expect(g).toMatchObject({
      criterion: -1,
      scores: null,
      attempts: 2,
      grader: { kind: 'judge', model: 'stories260K', prompt: { id: 'bedside-rating-json', version: 1 } },
    });
    expect(g.error).toBeUndefined();
  }
  await expect(results.getByText('Rated by stories260K (judge): ungraded (no valid reply in 2 replies)')).toHaveCount(3);
});

async function judgeWithBundledModel(page: import('@playwright/test').Page): Promise<void> {
  const results = page.getByRole('region', { name: 'Open-ended run results' });
  await results.getByLabel('Retries after an invalid reply').fill('1');
  await results.getByRole('button', { name: 'Judge with TinyStories 260K (test model)' }).click();
  const judging = page.getByRole('heading', { name: 'Judging with stories260K' });
  await expect(judging).toBeVisible();
  await expect(judging).toBeHidden({ timeout: 480_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
}

async function downloadText(page: import('@playwright/test').Page, click: () => Promise<void>): Promise<string> {
  const downloading = page.waitForEvent('download');
  await click();
  return readFileSync((await (await downloading).path())!, 'utf8');
}

test('an open-ended run survives Data export, wipe and import unchanged; two runs compare in Paired runs and sit on the Leaderboard with their metric named', async ({
  page,
}) => {
  test.setTimeout(600_000);
  page.on('dialog', (d) => void d.accept());
  await page.goto('./?model=stories260K#/bench');
  await importFile(page, 'handover.json', medsBench);
  await loadBundledModel(page);
  const region = page.getByRole('region', { name: 'Open-ended runs' });
  const results = page.getByRole('region', { name: 'Open-ended run results' });
  for (const maxTokens of ['8', '24']) {
    await region.getByLabel('Open-ended suite').selectOption({ label: (await optionLabel(page, /^handover/))! });
    await region.getByLabel('Items to answer (0 = all)').fill('0');
    await region.getByLabel('Max tokens').fill(maxTokens);
    await region.getByRole('button', { name: 'Generate answers' }).click();
    await expect(region.getByRole('cell', { name: 'completed' })).toHaveCount(maxTokens === '8' ? 1 : 2, { timeout: 180_000 });
  }
  const exported = JSON.parse(await downloadText(page, () => results.getByRole('button', { name: 'Export JSON' }).click()));
  expect(exported).toMatchObject({ format: 'bedside-open-run', formatVersion: 1, run: { kind: 'open-ended' } });
  expect(exported.results).toHaveLength(3);
  const csv = await downloadText(page, () => results.getByRole('button', { name: 'Export CSV' }).click());
  expect(csv.split('\n')[0]).toContain('item_id');
  expect(csv.split('\n')[0]).toContain('rouge-l');

  // Export everything, delete everything, import it back: the run's document is the same, byte for byte.
  await page.getByRole('link', { name: 'Data' }).click();
  const backup = await downloadText(page, () => page.getByRole('button', { name: 'Export all data' }).click());
  await page.getByRole('button', { name: 'Delete all data' }).click();
  await expect.poll(async () => (await storeRecords(page, 'openResults')).length).toBe(0);
  await page.getByLabel('Import data').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(backup) });
  await expect.poll(async () => (await storeRecords(page, 'openResults')).length).toBe(6);
  await page.getByRole('link', { name: 'Benchmarks' }).click();
  // Newest first: the run exported above, the second one.
  const row = page.getByRole('table', { name: 'Open-ended runs list' }).getByRole('row').nth(1);
  await row.getByRole('button', { name: 'Open', exact: true }).click();
  const again = JSON.parse(await downloadText(page, () => results.getByRole('button', { name: 'Export JSON' }).click()));
  expect(again).toEqual(exported);

  // Compare: the two runs paired item by item on ROUGE-L, with the paired bootstrap interval.
  await page.getByRole('link', { name: 'Compare' }).click();
  await page.getByRole('tab', { name: 'Paired runs' }).click();
  const paired = page.getByRole('region', { name: 'Paired open-ended runs' });
  const choices = await paired.getByLabel('Open-ended run A').locator('option').allTextContents();
  expect(choices.filter((c) => c.includes('handover'))).toHaveLength(2);
  await paired.getByLabel('Open-ended run A').selectOption({ index: 1 });
  await paired.getByLabel('Open-ended run B').selectOption({ index: 2 });
  await paired.getByLabel('Score').selectOption({ label: 'rouge-l' });
  await expect(paired.getByLabel('Paired open-ended statistics')).toContainText(
    /By rouge-l, n = 3 items both runs scored\.[\s\S]*Difference A − B [+-]\d\.\d{3} \(95% paired bootstrap CI [+-]\d\.\d{3} to [+-]\d\.\d{3};\s+2000\s+rounds, seed 0\)/,
  );
  await expect(paired.getByRole('alert')).toContainText('different maxTokens (A');

  await page.getByRole('tab', { name: 'Leaderboard' }).click();
  const board = page.getByRole('region', { name: 'Open-ended leaderboard' });
  await expect(board.getByRole('table', { name: /handover: rouge-l/ }).getByRole('row')).toHaveCount(3);
  await expect(board.getByRole('table', { name: /handover: bleu-1/ })).toBeVisible();

  const report = await downloadText(page, () => page.getByRole('button', { name: 'Download report' }).click());
  expect(report).toContain('<h2>Paired open-ended runs</h2>');
  expect(report).toContain('<h2>Open-ended leaderboard</h2>');
  expect(report).not.toContain('<script');
});

test('an open-ended run of the shipped sample suite survives a reload halfway and resumes to exactly its 10 answers', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./?model=stories260K#/bench');
  await loadBundledModel(page);
  const region = page.getByRole('region', { name: 'Open-ended runs' });
  await region.getByLabel('Open-ended suite').selectOption('example-open-ended');
  await region.getByLabel('Items to answer (0 = all)').fill('0');
  await region.getByLabel('Max tokens').fill('200');
  await region.getByRole('button', { name: 'Generate answers' }).click();
  const progress = page.getByRole('progressbar', { name: 'Open-ended run progress' });
  await expect(async () => {
    expect(Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(30);
  }).toPass({ intervals: [20], timeout: 120_000 });
  await page.reload();

  const before = await storeRecords<StoredAnswer>(page, 'openResults');
  expect(before.length).toBeGreaterThan(0);
  expect(before.length).toBeLessThan(10);
  await expect(region.getByRole('cell', { name: 'interrupted' })).toBeVisible();
  await region.getByRole('button', { name: 'Resume' }).click();
  await expect(region.getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 180_000 });
  const after = await storeRecords<StoredAnswer>(page, 'openResults');
  expect(after).toHaveLength(10);
  expect(new Set(after.map((a) => a.itemId)).size).toBe(10);
  // Answers stored before the reload were kept, not asked again.
  for (const a of before) expect(after).toContainEqual(a);
  const results = page.getByRole('region', { name: 'Open-ended run results' });
  await expect(results.getByRole('table', { name: 'Reference metrics' })).toContainText('rouge-l');
  await results.getByLabel('Axis').selectOption('axis:completeness');
  for (const table of await results.getByRole('table', { name: /^Rubric of / }).all()) {
    for (const tags of await table.locator('tbody tr td:nth-child(3)').allTextContents()) expect(tags).toContain('axis:completeness');
  }
});
