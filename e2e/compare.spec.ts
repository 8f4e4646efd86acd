import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect as baseExpect, storeRecords, test } from './fixtures';

// Engines load and answer slowly when the machine is busy (2 cores shared with other runs): wait long, fail on behaviour.
const expect = baseExpect.configure({ timeout: 120_000 });

/** The fixtures' loadBundledModel, with room for a machine so busy that loading takes minutes. */
async function loadBundledModel(page: Page): Promise<void> {
  await page.getByLabel('Model', { exact: true }).selectOption('stories260K');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByRole('banner')).toContainText(/Loaded:\s*TinyStories 260K/, { timeout: 300_000 });
}

const LOW = 'TinyStories 260K (test model) · T 0.2';
const HIGH = 'TinyStories 260K (test model) · T 1.2';

test('two contestants from the bundled model at different temperatures answer side by side; the arena hides names until the vote, stores it, and rates', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await page.goto('./?model=stories260K#/compare');
  await expect(page.getByRole('tab', { name: 'Side by side' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText(`Contestant 1: ${LOW}`)).toBeVisible();
  await expect(page.getByText(`Contestant 2: ${HIGH}`)).toBeVisible();
  for (const n of [1, 2]) {
    await page.getByLabel(`Contestant ${n} max tokens`).fill('200');
    await page.getByLabel(`Contestant ${n} max tokens`).blur();
  }
  // Decided and explained before anything is sent.
  await expect(page.getByLabel('How the contestants will run')).toContainText(/^(Parallel|Sequential): .*(fits|would not fit)/);

  // Every change of a streaming column's text is recorded, to see both grow in steps rather than appear whole.
  await page.evaluate(() => {
    const seen: Record<string, number[]> = {};
    (window as unknown as { streamed: typeof seen }).streamed = seen;
    new MutationObserver(() => {
      for (const column of document.querySelectorAll('article.reply-column[data-status="streaming"]')) {
        const length = column.querySelector('.content')?.textContent?.length ?? 0;
        const list = (seen[column.getAttribute('aria-label')!] ??= []);
        if (length > 0 && list.at(-1) !== length) list.push(length);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('Once upon a time');
  await page.getByRole('button', { name: 'Send to all' }).click();
  const low = page.getByRole('article', { name: `Reply: ${LOW}` });
  const high = page.getByRole('article', { name: `Reply: ${HIGH}` });
  for (const column of [low, high]) {
    await expect(column).toHaveAttribute('data-status', 'complete');
    await expect(column.locator('.content')).not.toBeEmpty();
    await expect(column.getByLabel('Reply statistics')).toHaveText(/^TTFT \d+ ms · [\d.]+ tok\/s · \d+ tokens$/);
  }
  const streamed = await page.evaluate(() => (window as unknown as { streamed: Record<string, number[]> }).streamed);
  expect(streamed[`Reply: ${LOW}`]!.length).toBeGreaterThanOrEqual(2);
  expect(streamed[`Reply: ${HIGH}`]!.length).toBeGreaterThanOrEqual(2);
  // Saved, and continued like a consultation: a second turn goes to both with their own histories.
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('And then?');
  await page.getByRole('button', { name: 'Send to all' }).click();
  await expect(page.getByRole('region', { name: 'Turn 2' }).getByRole('article', { name: `Reply: ${HIGH}` })).toHaveAttribute(
    'data-status',
    'complete',
  );
  const saved = await storeRecords<{ turns: { prompt: string; replies: { status: string; content: string }[] }[] }>(page, 'comparisons');
  expect(saved).toHaveLength(1);
  expect(saved[0]!.turns.map((t) => t.prompt)).toEqual(['Once upon a time', 'And then?']);
  expect(saved[0]!.turns.flatMap((t) => t.replies.map((r) => r.status))).toEqual(['complete', 'complete', 'complete', 'complete']);
  await page.reload();
  await page.getByText('Saved comparisons (1)').click();
  await page.getByRole('button', { name: 'Once upon a time', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Turn 2' })).toBeVisible();

  // Arena.
  await page.getByRole('tab', { name: 'Arena' }).click();
  const panel = page.getByRole('tabpanel');
  await expect(panel.getByText('No votes yet.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('The little dog');
  await page.getByRole('button', { name: 'Send to all' }).click();
  await expect(panel.getByRole('article', { name: 'Reply: Model A' })).toHaveAttribute('data-status', 'complete');
  await expect(panel.getByRole('article', { name: 'Reply: Model B' })).toHaveAttribute('data-status', 'complete');
  await expect(panel).not.toContainText('T 0.2');
  await expect(panel).not.toContainText('T 1.2');
  await page.getByRole('button', { name: 'A is better' }).click();
  await expect(panel.getByRole('article', { name: /^Reply: A: TinyStories 260K \(test model\) · T (0\.2|1\.2)$/ })).toBeVisible();
  await expect(panel.getByRole('article', { name: /^Reply: B: TinyStories 260K \(test model\) · T (0\.2|1\.2)$/ })).toBeVisible();

  const votes = await storeRecords<{
    modelA: string;
    modelB: string;
    winner: string;
    prompt: string;
    replyA: string;
    replyB: string;
    sideSeed: number;
    timestamp: number;
    contestants: { a: { label: string }; b: { label: string } };
  }>(page, 'votes');
  expect(votes).toHaveLength(1);
  const vote = votes[0]!;
  expect(vote.winner).toBe('model_a');
  expect(vote.prompt).toBe('The little dog');
  expect(vote.replyA.length + vote.replyB.length).toBeGreaterThan(0);
  expect(Number.isInteger(vote.sideSeed)).toBe(true);
  expect([vote.modelA, vote.modelB].sort()).toEqual([LOW, HIGH]);
  expect(vote.contestants.a.label).toBe(vote.modelA);

  const ratings = page.getByRole('table', { name: 'Ratings' });
  await expect(ratings).toBeVisible();
  await expect(ratings.getByRole('row')).toHaveCount(3);
  // Best first: the contestant voted better sits on top; each has one battle.
  await expect(ratings.getByRole('row').nth(1)).toContainText(vote.modelA);
  await expect(ratings.getByRole('row').nth(2)).toContainText(vote.modelB);
  for (const i of [1, 2]) await expect(ratings.getByRole('row').nth(i).getByRole('cell').last()).toHaveText('1');

  // A second vote updates the table: each contestant now has two battles.
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('A big tree');
  await page.getByRole('button', { name: 'Send to all' }).click();
  await expect(page.getByRole('button', { name: 'Tie' })).toBeEnabled();
  await page.getByRole('button', { name: 'Tie' }).click();
  for (const i of [1, 2]) await expect(ratings.getByRole('row').nth(i).getByRole('cell').last()).toHaveText('2');
  expect(await storeRecords(page, 'votes')).toHaveLength(2);
});

/** Runs `n` items of a suite in a mode on the Benchmarks page and waits for it to complete. */
async function runSuite(page: Page, suite: string, mode: string, n: number): Promise<void> {
  await page.getByLabel('Suite', { exact: true }).selectOption(suite);
  await page.getByLabel('Scoring mode', { exact: true }).selectOption(mode);
  // The multiple-choice run form's own field, whatever else on the page is labelled alike.
  const form = page.locator('form').filter({ has: page.getByLabel('Scoring mode', { exact: true }) });
  await form.getByLabel('Items (0 = all)').fill(String(n));
  const runs = page.locator('tbody tr').filter({ has: page.getByRole('button', { name: 'Open' }) });
  const before = await runs.count();
  await page.getByRole('button', { name: 'Start run' }).click();
  // The new run is listed first; an earlier run's "n / n" must not count as this one finishing.
  await expect(runs).toHaveCount(before + 1);
  await expect(runs.first()).toContainText(`${n} / ${n}`, { timeout: 180_000 });
  await expect(runs.first()).toContainText('completed');
  await expect(page.getByRole('button', { name: 'Start run' })).toBeEnabled();
}

test('two 20-item runs of one suite give the 2×2 table and McNemar p; the report downloads and opens offline with its charts', async ({
  page,
  browser,
}) => {
  test.setTimeout(600_000);
  await page.goto('./?model=stories260K#/bench');
  await loadBundledModel(page);
  await runSuite(page, 'medqa-usmle-4', 'letter-logprob', 20);
  await runSuite(page, 'medqa-usmle-4', 'generative', 20);

  await page.goto('./?model=stories260K#/compare');
  await page.getByRole('tab', { name: 'Paired runs' }).click();
  // Anchored: a label's text takes in its options', and a run id may begin with "a" or "b".
  const runA = page.getByLabel(/^Run A/);
  // The runs are read from storage after the page opens: wait for both before reading the choices.
  await expect(runA.locator('option', { hasText: 'generative' })).toHaveCount(1);
  await expect(runA.locator('option', { hasText: 'letter-logprob' })).toHaveCount(1);
  const options = await runA.locator('option').allTextContents();
  await runA.selectOption({ label: options.find((o) => o.includes('letter-logprob'))! });
  await page.getByLabel(/^Run B/).selectOption({ label: options.find((o) => o.includes('generative'))! });
  const table = page.getByRole('table', { name: 'Paired outcomes' });
  await expect(table).toBeVisible();
  const cells = (await table.locator('td').allTextContents()).map(Number);
  // Each cell from the stored results of the two runs, paired by item: A correct/wrong × B correct/wrong.
  const stored = await storeRecords<{ runId: string; itemId: string; mode: string; correct: boolean }>(page, 'results');
  const correctIn = (mode: string) => new Map(stored.filter((r) => r.mode === mode).map((r) => [r.itemId, r.correct]));
  const a = correctIn('letter-logprob');
  const b = correctIn('generative');
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  const count = (inA: boolean, inB: boolean) => [...a].filter(([id, right]) => right === inA && b.get(id) === inB).length;
  expect(cells).toEqual([count(true, true), count(true, false), count(false, true), count(false, false)]);
  expect(cells.reduce((x, y) => x + y, 0)).toBe(20);
  await expect(page.getByLabel('Paired statistics')).toContainText(/n = 20\. [\s\S]* McNemar exact p = \d/);
  await expect(
    page
      .getByRole('img', { name: /Accuracy difference A − B/ })
      .locator('svg')
      .first(),
  ).toBeVisible();

  const downloads = [
    page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.html')),
    page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.json')),
  ] as const;
  await page.getByRole('button', { name: 'Download report' }).click();
  const [html, json] = await Promise.all(downloads);
  expect(html.suggestedFilename()).toMatch(/^bedside-report-.*\.html$/);
  // The download's own path has no extension, and Chromium shows a file:// without one as text.
  const htmlPath = test.info().outputPath(html.suggestedFilename());
  await html.saveAs(htmlPath);
  const report = JSON.parse(await readFile(await json.path(), 'utf8'));
  expect(report.paired.overall.table.n).toBe(20);
  const text = await readFile(htmlPath, 'utf8');
  expect(text).not.toMatch(/<script/i);
  expect(text).not.toMatch(/(src|href)=["']?https?:/i);

  // Opened from disk in a fresh offline context: every request is recorded, and only the file itself may be one.
  const offline = await browser.newContext();
  await offline.setOffline(true);
  const requests: string[] = [];
  offline.on('request', (r) => requests.push(r.url()));
  const reader = await offline.newPage();
  await reader.goto(`file://${htmlPath}`);
  await expect(reader.getByRole('heading', { name: 'Paired runs' })).toBeVisible();
  await expect(reader.getByRole('cell', { name: 'A correct' })).toBeVisible();
  const chart = reader.getByRole('img', { name: /Accuracy difference A − B/ });
  await expect(chart).toBeVisible();
  expect((await chart.boundingBox())!.width).toBeGreaterThan(100);
  expect(await chart.locator('circle').count()).toBeGreaterThan(0);
  expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  await offline.close();
});

test('three imported run files make the leaderboard; importing one again changes nothing', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('./?model=stories260K#/bench');
  await loadBundledModel(page);
  const files: { name: string; buffer: Buffer }[] = [];
  for (const [suite, mode] of [
    ['medqa-usmle-4', 'letter-logprob'],
    ['medmcqa-dev', 'letter-logprob'],
    ['pubmedqa', 'option-logprob'],
  ] as const) {
    await runSuite(page, suite, mode, 20);
    await page.getByRole('button', { name: 'Open' }).first().click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const d = await download;
    files.push({ name: d.suggestedFilename(), buffer: await readFile(await d.path()) });
  }

  await page.goto('./?model=stories260K#/compare');
  await page.getByRole('tab', { name: 'Leaderboard' }).click();
  const input = page.getByLabel('Import run files (Export JSON, or lm-eval results_*.json)');
  await input.setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: f.buffer })));
  await expect(page.getByRole('status')).toContainText('Imported 3 of 3 files');
  const board = page.getByRole('table', { name: 'Leaderboard' });
  await expect(board).toBeVisible();
  await expect(board.getByRole('columnheader')).toHaveText([
    'Rank (by MedQA)',
    'Model',
    'MedQA',
    'MedMCQA',
    'PubMedQA',
    'Leaderboard average',
  ]);
  // A row is one model scored one way: the two letter-logprob runs share a row, the option-logprob PubMedQA run has its own.
  await expect(board.getByRole('row')).toHaveCount(3);
  await expect(board.getByRole('row').filter({ hasText: 'letter-logprob' })).toContainText(
    /TinyStories 260K \(test model\) \(f32, wllama\)(.*\d+\.\d% \(\d+\.\d%–\d+\.\d%\)){2}/,
  );
  await expect(board.getByRole('row').filter({ hasText: 'option-logprob' })).toContainText(/\d+\.\d% \(\d+\.\d%–\d+\.\d%\)/);
  const before = await board.innerText();
  const stored = (await storeRecords(page, 'sharedRuns')).length;
  expect(stored).toBe(3);

  await input.setInputFiles([{ name: files[1]!.name, mimeType: 'application/json', buffer: files[1]!.buffer }]);
  await expect(page.getByRole('status')).toContainText('Imported 0 of 1 file (');
  await expect(page.getByRole('status')).toContainText('1 already there, unchanged');
  expect(await board.innerText()).toBe(before);
  expect(await storeRecords(page, 'sharedRuns')).toHaveLength(3);

  // Sorting by a column keeps the table; provenance is shown for every run.
  // The board opens ranked by MedQA, best first; a click on that column turns the order round.
  await expect(board.getByRole('columnheader', { name: 'MedQA', exact: true })).toHaveAttribute('aria-sort', 'descending');
  await board.getByRole('button', { name: 'MedQA', exact: true }).click();
  await expect(board.getByRole('columnheader', { name: 'MedQA', exact: true })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByText('Provenance', { exact: true }).click();
  await expect(page.getByRole('table', { name: 'Provenance' }).getByRole('row')).toHaveCount(4);
  await expect(page.getByRole('table', { name: 'Provenance' })).toContainText('consistent');
});
