import { readFileSync } from 'node:fs';
import type { OpenItem } from '../core/openEnded';
import { expect, test } from './fixtures';

// Loading the model compiles a 10 MB wasm module; on a busy two-core machine that alone can take a minute.
test.setTimeout(240_000);
const LOADED = { timeout: 120_000 };
const MODEL = 'TinyStories 260K (test model)';

/** The shipped K-QA suite as the app reads it: prompts, rubrics and references come from the data, not from the test. */
const kqa = new Map(
  readFileSync(new URL('../public/suites/kqa.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OpenItem)
    .map((item) => [item.id, item]),
);
const [first, second] = [kqa.get('kqa/043')!, kqa.get('kqa/056')!];

test('an open-ended lesson: the answer streams, U shows the rubric, the class’s counts give verdicts and a score, R the reference', async ({
  page,
}) => {
  await page.goto(`./?present=1&model=stories260K&suite=kqa&items=${first.id},${second.id}`);
  const presenter = page.getByRole('dialog', { name: 'Presenter' });
  await expect(presenter).toBeVisible();
  await expect(presenter.locator('.question')).toHaveText(first.prompt as string);
  await expect(presenter.getByText('Question 1 of 2')).toBeVisible();
  await expect(page.getByTestId('presenter-model')).toHaveText(`${MODEL}: ready`, LOADED);

  // Every text the answer shows while it is written, to prove it arrived in pieces.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenAnswers: string[] }).seenAnswers = seen;
    new MutationObserver(() => {
      const text = document.querySelector('dialog .answer .text')?.textContent;
      if (text !== undefined && text !== null && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.keyboard.press('m');
  const answer = presenter.getByRole('region', { name: `Answer of ${MODEL}` });
  await expect(answer.locator('.text')).toHaveAttribute('data-status', 'done', LOADED);
  const final = (await answer.locator('.text').textContent())!;
  expect(final.length).toBeGreaterThan(0);
  const seen = await page.evaluate(() => (window as unknown as { seenAnswers: string[] }).seenAnswers);
  // Streamed: several growing texts, each the start of the final answer.
  expect(seen.length).toBeGreaterThan(2);
  // (The engine's final text drops the space the first piece starts with.)
  for (const text of seen) expect(final.startsWith(text.trimStart())).toBe(true);
  await expect(presenter.getByRole('button', { name: 'Show model' })).toBeDisabled();

  // Nothing of the rubric or the reference shows before the teacher reveals it.
  await expect(presenter.getByRole('table', { name: /Rubric/ })).toHaveCount(0);
  await expect(presenter.getByRole('region', { name: 'Reference answer' })).toHaveCount(0);

  await page.keyboard.press('u');
  const rubric = presenter.getByRole('table', { name: 'Rubric: the class’s verdict on each criterion' });
  for (const criterion of first.rubric!) await expect(rubric.getByRole('rowheader', { name: criterion.criterion })).toBeVisible();
  // Typing counts stays in the box: the digits and letters do not page or reveal.
  await page.getByLabel('Met, criterion 1', { exact: true }).fill('12');
  await page.getByLabel('Not met, criterion 1', { exact: true }).fill('3');
  await page.getByLabel('Met, criterion 2', { exact: true }).fill('2');
  await page.getByLabel('Not met, criterion 2', { exact: true }).fill('13');
  await expect(page.getByTestId('class-verdict-1')).toHaveText('Class: met');
  await expect(page.getByTestId('class-verdict-2')).toHaveText('Class: not met');
  // Met: criterion 1 only, so the score is its points over the positive points: 2 / 2.
  const [p1] = first.rubric!.map((c) => c.points);
  await expect(page.getByTestId('class-score')).toHaveText((p1! / p1!).toFixed(2));
  await page.keyboard.press('Enter');
  await expect(presenter.getByRole('region', { name: 'Reference answer' })).toHaveCount(0);

  await page.keyboard.press('r');
  const reference = presenter.getByRole('region', { name: 'Reference answer' });
  await expect(reference).toContainText(first.references![0]!);

  await page.keyboard.press('ArrowRight');
  await expect(presenter.locator('.question')).toHaveText(second.prompt as string);
  // Each item starts hidden again.
  await expect(presenter.getByRole('region', { name: `Answer of ${MODEL}` })).toHaveCount(0);
  await expect(reference).toHaveCount(0);
  await page.getByRole('button', { name: 'Reveal rubric' }).click();
  const counts: [number, number][] = [
    [10, 2],
    [3, 9],
    [2, 9],
    [4, 4],
  ];
  for (const [c, [met, notMet]] of counts.entries()) {
    await page.getByLabel(`Met, criterion ${c + 1}`, { exact: true }).fill(String(met));
    await page.getByLabel(`Not met, criterion ${c + 1}`, { exact: true }).fill(String(notMet));
  }
  await expect(page.getByTestId('class-verdict-4')).toHaveText('');
  // A tie leaves criterion 4 without a verdict, so the answer has no score yet.
  await expect(page.getByTestId('class-score')).toHaveText('—');
  await page.getByLabel('Not met, criterion 4', { exact: true }).fill('11');
  // Met: criterion 1 (+2) only; positive points 2 + 2: 0.50.
  const points = second.rubric!.map((c) => c.points);
  await expect(page.getByTestId('class-score')).toHaveText((points[0]! / (points[0]! + points[1]!)).toFixed(2));
  await page.keyboard.press('Enter');

  await page.keyboard.press('ArrowRight');
  const end = presenter.getByRole('table', { name: 'The class’s verdicts on the models’ answers' });
  await expect(end).toBeVisible();
  await expect(end.locator('tbody tr').nth(0).locator('td')).toHaveText(/^1 of 2 criteria met\s*score 1\.00$/);
  await expect(end.locator('tbody tr').nth(1).locator('td')).toHaveText(/^1 of 4 criteria met\s*score 0\.50$/);

  await page.keyboard.press('Escape');
  await expect(presenter).toBeHidden();
});

test('a lesson built from an open-ended suite is saved, found by its words, and presents its prompt', async ({ page }) => {
  await page.goto('./#/classroom');
  await page.getByLabel('Lesson title').fill('Patient questions');
  await page.getByLabel('Suite').selectOption('kqa');
  await page.getByLabel('Search questions').fill('buspar sleepiness');
  await expect(page.getByRole('list', { name: 'Matching questions' }).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: `Add ${first.id}` }).click();
  await page.getByRole('button', { name: 'Save lesson' }).click();
  await expect(page.getByText('Saved “Patient questions” (1 question).')).toBeVisible();

  await page.reload();
  await page.getByRole('button', { name: 'Present Patient questions' }).click();
  const presenter = page.getByRole('dialog', { name: 'Presenter' });
  await expect(presenter.locator('.question')).toHaveText(first.prompt as string);
  await expect(presenter.getByRole('button', { name: 'Reveal rubric' })).toBeEnabled();
  await expect(presenter.getByRole('button', { name: 'Reveal reference' })).toBeEnabled();
});
