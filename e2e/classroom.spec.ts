import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, loadBundledModel, storeRecords, test } from './fixtures';

// Loading the model compiles a 10 MB wasm module; on a busy two-core machine that alone can take a minute.
test.setTimeout(180_000);
const LOADED = { timeout: 120_000 };

interface Item {
  id: string;
  question: string;
  options: Record<string, string>;
  answer: string;
  subject?: string;
}

/** The shipped suite as the app reads it; expected texts come from the data, not from the test. */
const medqa = new Map(
  readFileSync(new URL('../public/suites/medqa-usmle-4.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Item)
    .map((item) => [item.id, item]),
);
const item = (id: string): Item => medqa.get(id)!;
const MODEL = 'TinyStories 260K (test model)';
const link = (...ids: string[]) => `./?present=1&model=stories260K&suite=medqa-usmle-4&items=${ids.join(',')}`;

async function expectQuestion(page: Page, id: string): Promise<void> {
  await expect(page.getByRole('dialog', { name: 'Presenter' }).locator('.question')).toHaveText(item(id).question);
}

/**
 * The probabilities a benchmark run stored for `id`, as the softmax of its stored choice log-likelihoods
 * (worked out here, not read from the app), and the run's pick. The run scores the first items in file
 * order at fast precision, as the classroom loads its models.
 */
async function benchmarkBelief(page: Page, id: string, items: number): Promise<{ probs: Record<string, number>; pred: string }> {
  await page.goto('./?model=stories260K#/bench');
  await loadBundledModel(page);
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Start run', exact: true }) });
  await form.getByLabel('Suite', { exact: true }).selectOption('medqa-usmle-4');
  await form.getByLabel('Scoring mode', { exact: true }).selectOption('letter-logprob');
  await form.getByLabel('Items (0 = all)').fill(String(items));
  await form.getByLabel('Which items').selectOption('first');
  await form.getByRole('checkbox', { name: /Exact precision/ }).uncheck();
  await form.getByRole('button', { name: 'Start run', exact: true }).click();
  await expect(page.getByRole('cell', { name: `${items} / ${items}` })).toBeVisible(LOADED);
  const rows = await storeRecords<{ itemId: string; mode: string; logprobs: Record<string, number>; pred: string }>(page, 'results');
  const row = rows.find((r) => r.itemId === id && r.mode === 'letter-logprob')!;
  const top = Math.max(...Object.values(row.logprobs));
  const weights = Object.entries(row.logprobs).map(([letter, lp]) => [letter, Math.exp(lp - top)] as const);
  const sum = weights.reduce((a, [, w]) => a + w, 0);
  return { probs: Object.fromEntries(weights.map(([letter, w]) => [letter, w / sum])), pred: row.pred };
}

test('a lesson link for one MedQA item: question, R reveals, M shows the bundled model, → goes on', async ({ page }) => {
  test.setTimeout(400_000);
  const first = item('medqa-usmle-4/0002');
  const benchmark = await benchmarkBelief(page, first.id, 2);
  await page.goto(link(first.id));
  const presenter = page.getByRole('dialog', { name: 'Presenter' });
  await expect(presenter).toBeVisible();
  await expectQuestion(page, first.id);
  for (const [letter, text] of Object.entries(first.options)) await expect(presenter.getByText(`${letter}. ${text}`)).toBeVisible();
  const status = presenter.getByRole('status');
  await expect(status).toBeEmpty();

  await page.keyboard.press('r');
  await expect(status).toContainText(`Answer: ${first.answer}`);
  await expect(status).toContainText(first.options[first.answer]!);

  await page.keyboard.press('m');
  const bars = presenter.getByRole('meter', { name: new RegExp(`^${MODEL.replace(/[()]/g, '\\$&')}: `) });
  await expect(bars).toHaveCount(4, LOADED);
  // Each bar is the probability the benchmark run gave the same letter for the same item: the caption to its
  // shown precision (one decimal, none at the ends), the bar's value rounded to a whole percent.
  for (const [letter, p] of Object.entries(benchmark.probs)) {
    const bar = presenter.getByRole('meter', { name: `${MODEL}: ${letter}` });
    const caption = Number((await bar.getAttribute('aria-valuetext'))!.replace('%', ''));
    const decimals = p >= 0.995 || p < 0.005 ? 0 : 1;
    expect(Math.abs(caption - 100 * p), `caption of ${letter}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-6);
    expect(Number(await bar.getAttribute('aria-valuenow')), `bar of ${letter}`).toBe(Math.round(100 * p));
  }
  await expect(page.getByTestId('presenter-model')).toHaveText(`${MODEL}: ready`, LOADED);

  await page.keyboard.press('ArrowRight');
  await expect(presenter.getByRole('heading', { name: 'End of lesson' })).toBeVisible();
  const row = presenter.locator('tbody tr').first();
  await expect(row.locator('td').first()).toHaveText(first.answer);
  // The model's pick on the end slide is the benchmark run's.
  await expect(row.locator('td').nth(2)).toHaveText(benchmark.pred);

  await page.keyboard.press('Escape');
  await expect(presenter).toBeHidden();
  await expect(page).toHaveURL(/#\/classroom$/);
  expect(new URL(page.url()).search).toBe('');
});

test('→ and ← move between items; the next item is scored ahead, and votes become bars', async ({ page }) => {
  const [a, b] = [item('medqa-usmle-4/0001'), item('medqa-usmle-4/0003')];
  await page.goto(link(a.id, b.id));
  await expectQuestion(page, a.id);
  await expect(page.getByTestId('presenter-model')).toHaveText(`${MODEL}: ready`, LOADED);

  await page.getByLabel('Votes for A').fill('3');
  await page.getByLabel('Votes for B').fill('9');
  await expect(page.getByRole('meter', { name: 'Class: B' })).toHaveAttribute('aria-valuenow', '75');
  // Keys typed into a vote box stay there; Enter ends the count, and the arrows page again.
  await page.keyboard.press('ArrowRight');
  await expectQuestion(page, a.id);
  await page.keyboard.press('Enter');

  // Item 2 is scored while item 1 is up, so its bars are there the moment the model is shown.
  await expect(page.getByRole('dialog', { name: 'Presenter' })).toHaveAttribute('data-scored', '2', LOADED);
  await page.keyboard.press('ArrowRight');
  await expectQuestion(page, b.id);
  await page.getByRole('button', { name: 'Show model' }).click();
  expect(await page.getByText(`${MODEL}: thinking…`).count()).toBe(0);
  expect(await page.getByRole('meter', { name: new RegExp(`^${MODEL.replace(/[()]/g, '\\$&')}: `) }).count()).toBe(4);

  await page.getByRole('button', { name: 'Reveal answer' }).click();
  await expect(page.getByRole('dialog', { name: 'Presenter' }).getByRole('status')).toContainText(`Answer: ${b.answer}`);

  await page.keyboard.press('ArrowLeft');
  await expectQuestion(page, a.id);
  await expect(page.getByLabel('Votes for B')).toHaveValue('9');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const rows = page.locator('.end tbody tr');
  await expect(rows).toHaveCount(2);
  // The class voted B on item 1; the summary compares that with the truth.
  await expect(rows.first().locator('td').nth(1)).toContainText('B');
  await expect(page.locator('.end tfoot td').nth(1)).toHaveText(a.answer === 'B' ? '1 of 1' : '0 of 1');
});

test('a lesson link naming an unknown model, suite or item shows a specific error and opens nothing', async ({ page }) => {
  const cases: [string, RegExp][] = [
    ['./?present=1&model=no-such-model&suite=medqa-usmle-4&items=medqa-usmle-4/0001', /unknown model "no-such-model"/],
    ['./?present=1&model=stories260K&suite=usmle&items=medqa-usmle-4/0001', /unknown suite "usmle"/],
    [
      './?present=1&model=stories260K&suite=medqa-usmle-4&items=medqa-usmle-4/0001,medqa-usmle-4/9999',
      /does not have: "medqa-usmle-4\/9999"/,
    ],
    ['./?present=1&model=stories260K&suite=medqa-usmle-4', /names no items/],
  ];
  for (const [url, message] of cases) {
    await page.goto(url);
    await expect(page.getByRole('alert')).toContainText(message);
    await expect(page.getByRole('dialog', { name: 'Presenter' })).toHaveCount(0);
  }
});

test('a lesson built in the app is saved, exported as a file, and presents the same items in a fresh profile', async ({
  page,
  browser,
  baseURL,
}) => {
  const [a, b] = [item('medqa-usmle-4/0002'), item('medqa-usmle-4/0003')];
  await page.goto('./#/classroom');
  await page.getByLabel('Lesson title').fill('Week 3');
  await page.getByLabel('Suite').selectOption('medqa-usmle-4');
  await page.getByLabel('Subject').selectOption(b.subject!);
  await page.getByLabel('Search questions').fill(b.question.split(' ').slice(0, 8).join(' '));
  await page.getByRole('button', { name: `Add ${b.id}` }).click();
  await page.getByLabel('Subject').selectOption('');
  await page.getByLabel('Search questions').fill(a.question.split(' ').slice(0, 8).join(' '));
  await page.getByRole('button', { name: `Add ${a.id}` }).click();
  await page.getByRole('button', { name: `Move ${a.id} up` }).click();
  await page.getByLabel('Note for question 2').fill('Ask who has seen a cholesterol embolus.');
  await page.getByRole('button', { name: 'Save lesson' }).click();
  await expect(page.getByText('Saved “Week 3” (2 questions).')).toBeVisible();

  await page.reload();
  await expect(page.getByRole('list', { name: 'Lessons' }).getByText('Week 3')).toBeVisible();
  const downloading = page.waitForEvent('download');
  // Its accessible name is its visible label; which lesson it exports is its description.
  const exportButton = page
    .getByRole('list', { name: 'Lessons' })
    .getByRole('listitem')
    .filter({ hasText: 'Week 3' })
    .getByRole('button', { name: 'Export file', exact: true });
  await expect(exportButton).toHaveAccessibleName('Export file');
  await expect(exportButton).toHaveAccessibleDescription('Week 3');
  await exportButton.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('week-3.lesson.json');
  const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { items: { id: string; note?: string }[] };
  expect(file.items).toEqual([{ id: a.id }, { id: b.id, note: 'Ask who has seen a cholesterol embolus.' }]);

  // A fresh profile: no lessons, nothing cached. It gets the same hermetic guard as the fixture's context.
  const origin = new URL(baseURL!).origin;
  const fresh = await browser.newContext({ serviceWorkers: 'block' });
  await fresh.route(
    (url) => !url.href.startsWith(origin),
    (route) => route.abort('blockedbyclient'),
  );
  const other = await fresh.newPage();
  await other.goto(`${baseURL}#/classroom`);
  await expect(other.getByText('No lessons yet')).toBeVisible();
  await other.getByLabel('Import lesson file').setInputFiles((await download.path())!);
  await expect(other.getByText(/Imported “Week 3” \(2 questions\) from/)).toBeVisible();
  await other.getByRole('button', { name: 'Present Week 3' }).click();
  await expect(other.getByRole('dialog', { name: 'Presenter' }).locator('.question')).toHaveText(a.question);
  await other.keyboard.press('ArrowRight');
  await expect(other.getByRole('dialog', { name: 'Presenter' }).locator('.question')).toHaveText(b.question);
  // The note stays off the projector.
  await expect(other.getByText('cholesterol embolus.')).toHaveCount(0);
  await fresh.close();
});

test('a lesson on an imported suite carries its items in the file, and shows the explanation on reveal', async ({
  page,
  browser,
  baseURL,
}) => {
  const suiteFile = fileURLToPath(new URL('../examples/custom-suite.jsonl', import.meta.url));
  const [, first] = readFileSync(suiteFile, 'utf8').split('\n');
  const acute = JSON.parse(first!) as Item & { explanation: string };
  await page.goto('./#/bench');
  await page.getByLabel('Import suite file').setInputFiles(suiteFile);
  await expect(page.getByText(/Imported 3 items from custom-suite.jsonl/)).toBeVisible();

  await page.getByRole('link', { name: 'Classroom' }).click();
  await page.getByLabel('Lesson title').fill('Acute care');
  await page.getByLabel('Suite').selectOption({ label: 'Example: acute care (imported)' });
  await page.getByRole('button', { name: `Add ${acute.id}` }).click();
  await page.getByRole('button', { name: 'Save lesson' }).click();
  const downloading = page.waitForEvent('download');
  await page
    .getByRole('list', { name: 'Lessons' })
    .getByRole('listitem')
    .filter({ hasText: 'Acute care' })
    .getByRole('button', { name: 'Export file', exact: true })
    .click();
  const path = (await (await downloading).path())!;
  const carried = JSON.parse(readFileSync(path, 'utf8')) as { carriedSuite: { items: Item[] } };
  expect(carried.carriedSuite.items.map((i) => i.id)).toEqual([acute.id]);

  // A classroom machine that never imported the suite.
  const origin = new URL(baseURL!).origin;
  const fresh = await browser.newContext({ serviceWorkers: 'block' });
  await fresh.route(
    (url) => !url.href.startsWith(origin),
    (route) => route.abort('blockedbyclient'),
  );
  const other = await fresh.newPage();
  await other.goto(`${baseURL}#/classroom`);
  await other.getByLabel('Import lesson file').setInputFiles(path);
  await other.getByRole('button', { name: 'Present Acute care' }).click();
  const presenter = other.getByRole('dialog', { name: 'Presenter' });
  await expect(presenter.locator('.question')).toHaveText(acute.question);
  await other.keyboard.press('r');
  await expect(presenter.getByRole('status')).toContainText(`Answer: ${acute.answer}`);
  await expect(presenter.getByRole('status')).toContainText(acute.explanation);
  await fresh.close();
});

test('teacher notes open in a window of their own and follow the presenter, never the projector', async ({ page }) => {
  const [a, b] = [item('medqa-usmle-4/0001'), item('medqa-usmle-4/0002')];
  await page.goto('./#/classroom');
  await page.getByLabel('Lesson title').fill('Notes');
  await page.getByRole('button', { name: `Add ${a.id}` }).click();
  await page.getByRole('button', { name: `Add ${b.id}` }).click();
  await page.getByLabel('Note for question 2').fill('Pause here: ask about cisplatin.');
  await page.getByRole('button', { name: 'Save lesson' }).click();
  await page.getByRole('button', { name: 'Present Notes' }).click();
  const presenter = page.getByRole('dialog', { name: 'Presenter' });
  await expect(presenter.locator('.question')).toHaveText(a.question);

  const opening = page.waitForEvent('popup');
  await presenter.getByRole('button', { name: 'Teacher notes' }).click();
  const notes = await opening;
  await expect(notes.getByText('No note for this question.')).toBeVisible();
  await expect(notes.getByText(`answer ${a.answer}`)).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(notes.getByText('Pause here: ask about cisplatin.')).toBeVisible();
  await expect(presenter.getByText('Pause here')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(presenter).toBeHidden();
  await expect.poll(() => notes.isClosed()).toBe(true);
});

test('an invalid lesson file is refused with the field at fault, and stored lessons stay as they were', async ({ page }) => {
  await page.goto('./#/classroom');
  await page.getByLabel('Lesson title').fill('Kept');
  await page.getByRole('button', { name: 'Add medqa-usmle-4/0001' }).click();
  await page.getByRole('button', { name: 'Save lesson' }).click();
  await expect(page.getByText('Saved “Kept” (1 question).')).toBeVisible();

  const bad = {
    format: 'bedside-lesson',
    version: 1,
    title: 'Broken',
    model: 'stories260K',
    suite: 'medqa-usmle-4',
    items: [{ id: 'medqa-usmle-4/0001' }, { id: 7 }],
  };
  await page
    .getByLabel('Import lesson file')
    .setInputFiles({ name: 'broken.lesson.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('broken.lesson.json was not imported; nothing was changed');
  await expect(alert).toContainText('items[1].id: expected a non-empty string but got 7.');

  const unknownItem = { ...bad, items: [{ id: 'medqa-usmle-4/0001' }, { id: 'medqa-usmle-4/9999' }] };
  await page
    .getByLabel('Import lesson file')
    .setInputFiles({ name: 'ghost.lesson.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(unknownItem)) });
  await expect(alert).toContainText('The lesson file names an item that MedQA USMLE (4 options) does not have: "medqa-usmle-4/9999".');

  await page.reload();
  const lessons = page.getByRole('list', { name: 'Lessons' }).getByRole('listitem');
  await expect(lessons).toHaveCount(1);
  await expect(lessons.first()).toContainText('Kept');
});
