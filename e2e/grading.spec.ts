import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { OpenItem } from '../core/openEnded';
import { expect, loadBundledModel, storeRecords, test } from './fixtures';

// A real run first: the bundled model answers the ten sample items in the browser.
test.setTimeout(480_000);
const SLOW = { timeout: 240_000 };

const SAMPLE = fileURLToPath(new URL('../examples/open-ended.jsonl', import.meta.url));
/** The sample suite as the app reads it: the rubric sizes come from the file, not from the test. */
const items = readFileSync(SAMPLE, 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((line) => JSON.parse(line) as OpenItem);

/**
 * What each grader decides, answer by answer and criterion by criterion: Ana says "met" on every
 * criterion of an even-numbered answer and on the first criterion of an odd one; Ben says "met" on
 * every first and second criterion. Fixed here, so κ can be worked out by hand below.
 */
const ana = items.map((item, a) => item.rubric!.map((_, c) => a % 2 === 0 || c === 0));
const ben = items.map((item) => item.rubric!.map((_, c) => c <= 1));

/** Runs the sample suite on the bundled model through the Benchmarks page, as a user would. */
async function runSampleSuite(page: Page): Promise<void> {
  await page.goto('./#/bench');
  await loadBundledModel(page);
  await page.getByLabel('Import suite file').setInputFiles(SAMPLE);
  const runs = page.getByRole('region', { name: 'Open-ended runs' });
  await runs.getByLabel('Open-ended suite').selectOption({ label: 'Example: open-ended health questions (10 items) · imported' });
  await runs.getByLabel('Max tokens').fill('24');
  await runs.getByRole('button', { name: 'Generate answers' }).click();
  await expect(runs.getByRole('table', { name: 'Open-ended runs list' }).locator('tbody tr').first()).toContainText('10 / 10', SLOW);
}

/** Picks the run and the grader's name with the keyboard, and starts grading. */
async function startGrading(page: Page, name: string): Promise<void> {
  await page.goto('./#/grade');
  await page.getByLabel('Run').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Run')).not.toHaveValue('');
  await page.getByLabel('Your name').focus();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Grading' })).toBeFocused();
}

/** Grades every answer with Y/N only, J to go on. */
async function gradeAll(page: Page, verdicts: boolean[][]): Promise<void> {
  const progress = page.getByRole('region', { name: 'Grading' }).getByRole('status');
  for (const [a, answer] of verdicts.entries()) {
    await expect(page.getByText(`Answer ${a + 1} of ${verdicts.length}`)).toBeVisible();
    for (const met of answer) await page.keyboard.press(met ? 'y' : 'n');
    // Stored before the count moves: the count is read from what was saved.
    await expect(progress).toHaveText(`${a + 1} / ${verdicts.length} graded`);
    if (a < verdicts.length - 1) await page.keyboard.press('j');
  }
}

test('two graders each grade ten answers with the keyboard only; κ is shown, equals the hand count, and a reload keeps every grade', async ({
  page,
}) => {
  await runSampleSuite(page);

  await startGrading(page, 'Ana');
  const stage = page.getByRole('region', { name: 'Grading' });
  // Blind: neither the model's name nor its id appears anywhere on the page.
  await expect(page.locator('body')).not.toContainText('TinyStories');
  await expect(page.locator('body')).not.toContainText('stories260K');
  await expect(stage.getByRole('status')).toHaveText('0 / 10 graded');
  await expect(stage.getByRole('article', { name: 'Prompt' })).toContainText(items[0]!.prompt as string);
  await expect(stage.getByRole('article', { name: 'Reference' })).toContainText(items[0]!.references![0]!);
  await gradeAll(page, ana);
  // K goes back; the verdicts given there are shown.
  await page.keyboard.press('k');
  await expect(page.getByText('Answer 9 of 10')).toBeVisible();
  const nine = stage.getByRole('list', { name: 'Rubric' }).getByRole('listitem');
  for (const [c, met] of ana[8]!.entries()) await expect(nine.nth(c)).toHaveAttribute('data-verdict', met ? 'met' : 'not-met');

  await page.getByRole('button', { name: 'Change grader' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Your name')).toBeFocused();
  await expect(page.getByLabel('Your name')).toHaveValue('');
  await page.keyboard.type('Ben');
  await page.keyboard.press('Enter');
  await expect(stage).toBeFocused();
  await expect(stage.getByRole('status')).toHaveText('0 / 10 graded');
  await gradeAll(page, ben);

  // κ by hand, over every criterion both graded: count agreements and each grader's "met" share.
  const pairs = items.flatMap((item, a) => item.rubric!.map((criterion, c) => ({ criterion, ana: ana[a]![c]!, ben: ben[a]![c]! })));
  const byHand = (group: readonly { ana: boolean; ben: boolean }[]) => {
    const n = group.length;
    const po = group.filter((p) => p.ana === p.ben).length / n;
    const anaMet = group.filter((p) => p.ana).length / n;
    const benMet = group.filter((p) => p.ben).length / n;
    const pe = anaMet * benMet + (1 - anaMet) * (1 - benMet);
    return { shown: pe === 1 ? '—' : ((po - pe) / (1 - pe)).toFixed(3), n: String(n) };
  };
  // The sample's rubrics (5, 4, 5, 3, 4, 5, 5, 4, 4, 5 criteria: n = 44) make it: agree 26, Ana met 28,
  // Ben met 20: pₒ = 26/44, pₑ = (28·20 + 16·24)/44² = 944/1936, κ = (26·44 − 944)/(1936 − 944) = 200/992 = 25/124 ≈ 0.202.
  expect(byHand(pairs)).toEqual({ shown: (25 / 124).toFixed(3), n: '44' });

  const table = page.getByRole('table', { name: 'Ana and Ben: Cohen’s κ' });
  const expectRow = async (name: RegExp, group: readonly { ana: boolean; ben: boolean }[]) => {
    const row = table.getByRole('row', { name });
    const { shown, n } = byHand(group);
    await expect(row.getByRole('cell').nth(1)).toHaveText(shown);
    await expect(row.getByRole('cell').nth(2)).toHaveText(n);
  };
  await expectRow(/^Overall Every criterion/, pairs);
  // Per axis: the criteria tagged axis:accuracy; per criterion: every criterion worded as the first item's first.
  await expectRow(
    /^Axis accuracy /,
    pairs.filter((p) => p.criterion.tags.includes('axis:accuracy')),
  );
  const first = items[0]!.rubric![0]!.criterion;
  await expectRow(
    new RegExp(`^Criterion ${first} `),
    pairs.filter((p) => p.criterion.criterion === first),
  );

  // A reload keeps every grade: each grader's count, every verdict stored, and the same κ.
  await page.reload();
  await startGrading(page, 'Ana');
  await expect(stage.getByRole('status')).toHaveText('10 / 10 graded');
  await expectRow(/^Overall Every criterion/, pairs);
  const stored = await storeRecords<{ graderKey: string; itemId: string; criterion: number; verdict: string }>(page, 'grades');
  const expected = (name: string, verdicts: boolean[][]) =>
    verdicts.flatMap((answer, a) =>
      answer.map((met, c) => ({ graderKey: `person:${name}`, itemId: items[a]!.id, criterion: c, verdict: met ? 'met' : 'not-met' })),
    );
  expect(stored.map(({ graderKey, itemId, criterion, verdict }) => ({ graderKey, itemId, criterion, verdict }))).toEqual(
    expect.arrayContaining([...expected('Ana', ana), ...expected('Ben', ben)]),
  );
  expect(stored).toHaveLength(2 * pairs.length);
});
