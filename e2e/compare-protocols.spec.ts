import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect as baseExpect, test } from './fixtures';
import { makeRunExport } from '../testing/runExports';
import { runToJson } from '../benchmarks/runs/runExport';

// Engines load and answer slowly when the machine is busy (2 cores shared with other runs): wait long, fail on behaviour.
const expect = baseExpect.configure({ timeout: 120_000 });

async function loadBundledModel(page: Page): Promise<void> {
  await page.getByLabel('Model', { exact: true }).selectOption('stories260K');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByRole('banner')).toContainText(/Loaded:\s*TinyStories 260K/, { timeout: 300_000 });
}

/** Runs `n` MedQA items in a mode on the Benchmarks page, then exports the run as the page does. */
async function runAndExport(page: Page, mode: string, n: number): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  await page.getByLabel('Suite', { exact: true }).selectOption('medqa-usmle-4');
  await page.getByLabel('Scoring mode', { exact: true }).selectOption(mode);
  // The multiple-choice run form's own field, whatever else on the page is labelled alike.
  const form = page.locator('form').filter({ has: page.getByLabel('Scoring mode', { exact: true }) });
  await form.getByLabel('Items (0 = all)').fill(String(n));
  const runs = page.locator('tbody tr').filter({ has: page.getByRole('button', { name: 'Open' }) });
  const before = await runs.count();
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(runs).toHaveCount(before + 1);
  await expect(runs.first()).toContainText(`${n} / ${n}`, { timeout: 300_000 });
  await expect(runs.first()).toContainText('completed');
  await expect(page.getByRole('button', { name: 'Start run' })).toBeEnabled();
  await runs.first().getByRole('button', { name: 'Open' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const d = await download;
  return { name: d.suggestedFilename(), mimeType: 'application/json', buffer: await readFile((await d.path())!) };
}

const RUN_FILES = 'Import run files (Export JSON, or lm-eval results_*.json)';

test('two runs of different modes each keep their own labelled row; a later run of one protocol is offered as a choice, never a silent replacement; paired runs tell identical runs apart', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await page.goto('./?model=stories260K#/bench');
  await loadBundledModel(page);
  const letter = await runAndExport(page, 'letter-logprob', 10);
  const generative = await runAndExport(page, 'generative', 10);

  await page.goto('./?model=stories260K#/compare');
  await page.getByRole('tab', { name: 'Leaderboard' }).click();
  await page.getByLabel(RUN_FILES).setInputFiles([letter, generative]);
  await expect(page.getByRole('status')).toContainText('Imported 2 of 2 files');
  const board = page.getByRole('table', { name: 'Leaderboard' });
  const rows = board.getByRole('row');
  await expect(rows).toHaveCount(3);
  const letterRow = rows.filter({ has: page.getByRole('rowheader', { name: /letter-logprob/ }) });
  const generativeRow = rows.filter({ has: page.getByRole('rowheader', { name: /generative/ }) });
  await expect(letterRow.getByRole('rowheader')).toHaveText(
    /^TinyStories 260K \(test model\) \(f32, wllama\)\s+letter-logprob · precision \w+/,
  );
  await expect(generativeRow.getByRole('rowheader')).toHaveText(
    /^TinyStories 260K \(test model\) \(f32, wllama\)\s+generative · precision \w+/,
  );
  // Each cell is its own run's, marked partial (10 of MedQA's items).
  for (const row of [letterRow, generativeRow]) {
    await expect(row.getByRole('cell').nth(1)).toContainText(/^\d+\.\d% \(\d+\.\d%–\d+\.\d%\) · partial: stratified sample of 10 items/);
  }
  await page.getByText('Provenance', { exact: true }).click();
  const provenance = page.getByRole('table', { name: 'Provenance' });
  await expect(provenance.getByRole('row').filter({ hasText: 'shown in MedQA' })).toHaveCount(2);

  // A second letter-logprob run of the same items: the cell names which run it shows, and the reader picks.
  await page.goto('./?model=stories260K#/bench');
  await loadBundledModel(page);
  const again = await runAndExport(page, 'letter-logprob', 10);
  await page.goto('./?model=stories260K#/compare');
  await page.getByRole('tab', { name: 'Leaderboard' }).click();
  await page.getByLabel(RUN_FILES).setInputFiles([again]);
  await expect(page.getByRole('status')).toContainText('Imported 1 of 1 file');
  await expect(page.getByRole('status')).toContainText(/MedQA of TinyStories .* letter-logprob .* has 2 runs now: the newest is shown/);
  await expect(rows).toHaveCount(3);
  await expect(letterRow.getByRole('cell').nth(1)).toContainText('newest of 2 runs');
  const choice = page.getByRole('combobox', { name: /^MedQA of TinyStories .* letter-logprob/ });
  const options = await choice.locator('option').allTextContents();
  expect(options).toHaveLength(2);
  const [earlierId, laterId] = options.map((o) => o.match(/run ([\w-]+)/)![1]!);
  expect(earlierId).not.toBe(laterId);
  await choice.selectOption({ index: 0 });
  await expect(letterRow.getByRole('cell').nth(1)).toContainText('picked of 2 runs');
  await page.getByText('Provenance', { exact: true }).click();
  await expect(provenance.getByRole('row').filter({ hasText: laterId! })).toContainText('not shown');
  await expect(provenance.getByRole('row').filter({ hasText: earlierId! })).toContainText('shown in MedQA');

  // Paired runs: the two letter-logprob runs read alike but for date, items and run id.
  await page.getByRole('tab', { name: 'Paired runs' }).click();
  // Anchored: a label's text takes in its options', and a run id may begin with "a" or "b".
  const runA = page.getByLabel(/^Run A/);
  // The runs are read from storage after the page opens: wait for all six (three here, three imported).
  await expect(runA.locator('option')).toHaveCount(7);
  const local = (await runA.locator('option').allTextContents()).filter((o) => /letter-logprob/.test(o) && !o.includes('imported'));
  expect(local).toHaveLength(2);
  for (const label of local) expect(label).toMatch(/ · 10 items · .+ · run [\w-]+$/);
  expect(new Set(local).size).toBe(2);
  // The same run on both sides is refused.
  await runA.selectOption({ label: local[0]! });
  await page.getByLabel(/^Run B/).selectOption({ label: local[0]! });
  await expect(page.getByRole('alert')).toContainText('Run A and run B are the same run');
  await expect(page.getByRole('table', { name: 'Paired outcomes' })).toHaveCount(0);
  // Two runs of the same items at temperature 0 agree everywhere: "none", not an empty list.
  await page.getByLabel(/^Run B/).selectOption({ label: local[1]! });
  await expect(page.getByRole('table', { name: 'Paired outcomes' })).toBeVisible();
  await expect(page.getByText('Items where the runs disagree: none.')).toBeVisible();
});

/** A colleague's export of `right` correct out of `n` MedQA or PubMedQA items. */
function exportFile(id: string, model: string, suiteId: string, right: number, n: number) {
  const doc = makeRunExport({ id, modelId: model, suiteId, correct: Array.from({ length: n }, (_, i) => i < right) });
  return { name: `${id}.json`, mimeType: 'application/json', buffer: Buffer.from(runToJson(doc.run, doc.results, doc.summary)) };
}

/** The ranks the one rule gives the rows' intervals, read from the cells as shown. */
async function expectRanksFollowRule(board: Locator, column: number) {
  const rows = board.getByRole('row');
  const count = await rows.count();
  const shown: { rank: string; interval: [number, number] | null }[] = [];
  for (let i = 1; i < count; i++) {
    const cells = await rows.nth(i).getByRole('cell').allTextContents();
    const m = cells[column]!.match(/\((\d+\.\d)%–(\d+\.\d)%\)/);
    shown.push({ rank: cells[0]!, interval: m ? [Number(m[1]), Number(m[2])] : null });
  }
  const expected = shown.map(({ interval }) =>
    interval ? String(1 + shown.filter((o) => o.interval && o.interval[0] > interval[1]).length) : '—',
  );
  expect(shown.map((s) => s.rank)).toEqual(expected);
  expect(expected).toContain('1');
}

test('sorting any column, either way, gives ranks by the stated rule starting at 1; sorted by name they stay those of the column named; the report ranks alike', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('./#/compare');
  await page.getByRole('tab', { name: 'Leaderboard' }).click();
  await page
    .getByLabel(RUN_FILES)
    .setInputFiles([
      exportFile('a', 'm1', 'medqa-usmle-4', 19, 20),
      exportFile('b', 'm2', 'medqa-usmle-4', 10, 20),
      exportFile('c', 'm3', 'medqa-usmle-4', 9, 20),
      exportFile('d', 'm4', 'medqa-usmle-4', 1, 20),
      exportFile('e', 'm1', 'pubmedqa', 5, 20),
      exportFile('f', 'm2', 'pubmedqa', 19, 20),
      exportFile('g', 'm5', 'pubmedqa', 12, 20),
    ]);
  await expect(page.getByRole('status')).toContainText('Imported 7 of 7 files');
  const board = page.getByRole('table', { name: 'Leaderboard' });
  await expect(board.getByRole('row')).toHaveCount(6);
  await expect(page.getByText(/Rank = 1 \+ the number of entries whose whole 95% interval lies above this one's/)).toBeVisible();
  const header = board.getByRole('columnheader');
  await expect(header.first()).toHaveText('Rank (by MedQA)');

  for (const [name, column] of [
    ['MedQA', 1],
    ['PubMedQA', 2],
  ] as const) {
    for (const direction of ['descending', 'ascending']) {
      if ((await board.getByRole('columnheader', { name, exact: true }).getAttribute('aria-sort')) !== direction) {
        await board.getByRole('button', { name, exact: true }).click();
      }
      await expect(board.getByRole('columnheader', { name, exact: true })).toHaveAttribute('aria-sort', direction);
      await expect(header.first()).toHaveText(`Rank (by ${name})`);
      await expectRanksFollowRule(board, column);
    }
  }
  // MedQA, best first: 1, 2, 2, 4 (m2 and m3 overlap; m1 lies above both; all three above m4); m5 has none.
  await board.getByRole('button', { name: 'MedQA', exact: true }).click();
  await expect(board.getByRole('columnheader', { name: 'MedQA', exact: true })).toHaveAttribute('aria-sort', 'descending');
  await expect(board.getByRole('row').locator('td:first-child')).toHaveText(['1', '2', '2', '4', '—']);

  // Sorted by name, the ranks stay those of the column last sorted by, and say so.
  await board.getByRole('button', { name: 'Model', exact: true }).click();
  await expect(board.getByRole('columnheader', { name: 'Model', exact: true })).toHaveAttribute('aria-sort', 'ascending');
  await expect(board.getByRole('rowheader')).toHaveText([/^m1 /, /^m2 /, /^m3 /, /^m4 /, /^m5 /]);
  await expect(header.first()).toHaveText('Rank (by MedQA)');
  await expectRanksFollowRule(board, 1);

  // The report ranks the same rows the same way, and states the rule.
  const html = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.html'));
  await page.getByRole('button', { name: 'Download report' }).click();
  const report = await readFile((await (await html).path())!, 'utf8');
  expect(report).toContain('<th>Rank (by MedQA)</th><th>Model</th><th>Protocol</th>');
  expect(report).toContain('Rank = 1 + the number of entries whose whole 95% interval lies above');
  const reportRanks = [...report.matchAll(/<tr><td>([\d—]+)<\/td><td>(m\d) \(f32, wllama\)<\/td>/g)].map((m) => [m[2], m[1]]);
  expect(reportRanks).toEqual([
    ['m1', '1'],
    ['m2', '2'],
    ['m3', '2'],
    ['m4', '4'],
    ['m5', '—'],
  ]);
});
