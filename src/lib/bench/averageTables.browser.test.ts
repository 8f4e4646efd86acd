import { flushSync, mount, unmount } from 'svelte';
import { afterEach, expect, test } from 'vitest';
import type { RunRecord, StoredItemResult } from '../../../storage/records';
import AverageTables from './AverageTables.svelte';
import { leaderboardRows } from './leaderboardRows';

const protocol = { lmEval: 'v0.4.9.1', bos: true, scoring: 'canonical-split' as const, truncation: 'left' as const };

function entry(suite: string, right: number, of: number, extra: Partial<RunRecord> = {}) {
  const run = {
    id: suite,
    status: 'completed',
    suite: { id: suite, name: suite },
    model: { id: 'm', name: 'Model M' },
    config: { mode: 'letter-logprob', selection: { kind: 'all' }, protocol },
    itemIds: Array.from({ length: of }, (_, i) => `${suite}-${i}`),
    startedAt: 1,
    ...extra,
  } as unknown as RunRecord;
  const results = run.itemIds.map((itemId, i) => ({ itemId, subject: null, correct: i < right }) as StoredItemResult);
  return { run, results };
}

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
});

function show(entries: ReturnType<typeof entry>[]) {
  app = mount(AverageTables, { target: document.body, props: { rows: leaderboardRows(entries) } });
  flushSync();
  const table = (name: string) => [...document.querySelectorAll('table')].find((t) => t.getAttribute('aria-labelledby') === name);
  const cells = (name: string) =>
    [...(table(name)?.querySelectorAll('thead th, tbody th, tbody td') ?? [])].map((c) => c.textContent?.replace(/\s+/g, ' ').trim());
  return { table, cells, headings: [...document.querySelectorAll('h3')].map((h) => h.textContent) };
}

test('the Chinese medical average is shown with its members named, and a number only once every member has a complete run', () => {
  const complete = [entry('cmexam', 1, 2), entry('medqa-mainland-4', 3, 4), entry('cmmlu-medical', 1, 4)];
  const { cells, headings } = show(complete);
  expect(headings).toEqual(['Chinese medical average', 'Multilingual average (Chinese, Spanish, French)']);
  expect(document.body.textContent).toContain('The plain mean of the accuracies of CMExam, MedQA Mainland (4 options), CMMLU medical');
  expect(cells('average-chinese-medical')).toEqual([
    'Model',
    'Protocol',
    'CMExam',
    'MedQA Mainland (4 options)',
    'CMMLU medical',
    'Average',
    'Model M',
    'letter-logprob · lm-eval v0.4.9.1 · BOS yes',
    '50.0%',
    '75.0%',
    '25.0%',
    '50.0%',
  ]);
  // The multilingual average names its five members and waits for the two it has no run of.
  expect(cells('average-multilingual').slice(2, 8)).toEqual([
    'CMExam',
    'MedQA Mainland (4 options)',
    'CMMLU medical',
    'HEAD-QA (Spanish)',
    'FrenchMedMCQA',
    'Average',
  ]);
  expect(cells('average-multilingual').at(-1)).toBe('— (2 of 5 missing)');
  // No leaderboard suite was run: that table is not shown.
  expect(headings).not.toContain('Open Medical-LLM Leaderboard average');
});

test('a partial member run gives no Chinese average: the run is left out, counted, and the average waits', () => {
  const partial = { config: { mode: 'letter-logprob', selection: { kind: 'stratified', n: 2 }, protocol } } as Partial<RunRecord>;
  const { cells } = show([entry('cmexam', 1, 2), entry('medqa-mainland-4', 3, 4), entry('cmmlu-medical', 1, 2, partial)]);
  expect(cells('average-chinese-medical').slice(6)).toEqual([
    'Model M',
    'letter-logprob · lm-eval v0.4.9.1 · BOS yes · 1 run left out (partial, unfinished or with failed items)',
    '50.0%',
    '75.0%',
    '—',
    '— (1 of 3 missing)',
  ]);
});
