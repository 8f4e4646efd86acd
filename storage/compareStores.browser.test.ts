import { beforeEach, expect, test } from 'vitest';
import { deleteComparison, listComparisons, putComparison } from './comparisons';
import { wipeAll } from './dataExport';
import type { ComparisonRecord, VoteRecord } from './records';
import { addSharedRun, listSharedRuns } from './sharedRuns';
import { addVotes, listVoteOutcomes } from './votes';

beforeEach(() => wipeAll());

const vote = (id: string, timestamp: number): VoteRecord => ({
  id,
  modelA: 'x',
  modelB: 'y',
  winner: 'tie',
  prompt: 'p',
  replyA: 'a',
  replyB: 'b',
  sideSeed: 7,
  timestamp,
});

test('votes come back oldest first, and a battle id already stored is not added again', async () => {
  expect(await addVotes([vote('late', 20)], null)).toBe(1);
  expect(await addVotes([vote('early', 10), { ...vote('late', 99), winner: 'model_a' }], null)).toBe(1);
  const votes = await listVoteOutcomes();
  expect(votes.map((v) => [v.id, v.winner])).toEqual([
    ['early', 'tie'],
    ['late', 'tie'],
  ]);
});

test('a shared run with an id already stored changes nothing', async () => {
  const record = {
    id: 'run-1',
    kind: 'lm-eval' as const,
    importedAt: 1,
    fileName: 'a.json',
    external: { fileName: 'a.json', model: 'm', modelArgs: '', date: null, lmEvalVersion: null, scores: {} },
  };
  expect(await addSharedRun(record)).toBe(true);
  expect(await addSharedRun({ ...record, fileName: 'b.json', importedAt: 2 })).toBe(false);
  expect(await listSharedRuns()).toEqual([record]);
});

test('comparisons list most recently updated first and can be deleted', async () => {
  const c = (id: string, updatedAt: number): ComparisonRecord => ({ id, title: id, contestants: [], turns: [], createdAt: 1, updatedAt });
  await putComparison(c('old', 1), null);
  await putComparison(c('new', 2), null);
  expect((await listComparisons(null)).map((x) => x.id)).toEqual(['new', 'old']);
  await deleteComparison('new');
  expect((await listComparisons(null)).map((x) => x.id)).toEqual(['old']);
});
