import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import type { OpenItem } from '../../../core/openEnded';
import type { CustomOpenSuiteRecord, OpenRunRecord } from '../../../storage/openRuns';
import { listGrades } from '../../../storage/grades';
import { putCustomOpenSuite, putOpenResult, putOpenRun } from '../../../storage/openRuns';
import { wipeAll } from '../../../storage/dataExport';
import { buildStores } from '../app/stores';

// Stored through the storage functions, as a finished run leaves them: this tests the Grade view's store, not the run.
const items: OpenItem[] = [
  {
    id: 'q1',
    prompt: 'Chest pain at rest for 20 minutes. What now?',
    references: ['Call emergency services.'],
    rubric: [
      { criterion: 'Says to call emergency services', points: 10, tags: ['axis:accuracy'] },
      { criterion: 'Is brief', points: 2, tags: ['axis:communication_quality'] },
    ],
  },
  { id: 'q2', prompt: 'What is a normal resting heart rate?', references: ['60 to 100 beats a minute.'] },
];
const suite: CustomOpenSuiteRecord = {
  id: 'custom:grading-test:0123456789ab',
  fileName: 'grading-test.jsonl',
  format: 'bedside-jsonl',
  importedAt: 1,
  header: {
    kind: 'open-ended',
    suite: 'grading-test',
    version: 1,
    name: 'Grading test',
    source: 'written for this test',
    licence: 'CC0-1.0',
    sha256_of_source: '0'.repeat(64),
    count: 2,
    metrics: ['rating'],
  },
  items,
};
const run = {
  id: 'grading-run',
  kind: 'open-ended',
  status: 'completed',
  suite: { id: suite.id, name: 'Grading test', version: 1, sha256: '0'.repeat(64), source: '', licence: 'CC0-1.0', custom: true },
  model: { id: 'secret-model', name: 'Secret Model 7B', source: '', backend: 'wllama', quant: 'Q4', engineVersion: '', threads: 1 },
  itemIds: ['q1', 'q2'],
  startedAt: 1_700_000_000_000,
} as unknown as OpenRunRecord;

async function seed(): Promise<void> {
  await putCustomOpenSuite(suite);
  await putOpenRun(run);
  for (const [index, itemId] of ['q1', 'q2'].entries()) {
    await putOpenResult(
      run.id,
      {
        itemId,
        index,
        prompt: [],
        answer: `Answer to ${itemId}`,
        finishReason: 'stop',
        metrics: {},
        latencyMs: 1,
        timeToFirstTokenMs: 1,
        promptTokens: 1,
        completionTokens: 1,
      },
      null,
    );
  }
}

async function grader(name: string) {
  const { grading } = buildStores();
  await grading.init();
  await grading.openRun(run.id);
  expect(grading.start(name)).toBe(true);
  return grading;
}

/** Waits until every grade given so far is stored. */
async function settled(grading: Awaited<ReturnType<typeof grader>>, graded: number) {
  await expect.poll(() => grading.progress.graded).toBe(graded);
}

describe('people grading an open-ended run', () => {
  beforeEach(async () => {
    await wipeAll();
    await seed();
  });
  afterAll(() => wipeAll());

  test('the run picker never names the model', async () => {
    const { grading } = buildStores();
    await grading.init();
    expect(grading.runs).toHaveLength(1);
    expect(grading.runs[0]!.label).toMatch(/^Run 1: Grading test, 2 items, started /);
    expect(grading.runs[0]!.label).not.toMatch(/Secret|secret-model/);
  });

  test('verdicts and ratings are stored as given, a rating once its three scales are scored, and survive a new session', async () => {
    const ana = await grader('Ana');
    expect(ana.progress).toEqual({ graded: 0, total: 2 });
    ana.mark('met');
    expect(ana.position).toBe(1);
    ana.mark('not-met');
    await settled(ana, 1);
    ana.next();
    expect(ana.current!.item.id).toBe('q2');
    ana.rate(4);
    ana.rate(3);
    // Two scales of three: shown, not stored.
    expect(ana.currentMarks!.scores).toEqual({ accuracy: 4, completeness: 3 });
    expect((await listGrades(run.id, null)).filter((g) => g.kind === 'rating')).toEqual([]);
    ana.rate(5);
    await settled(ana, 2);
    // A regrade of one scale replaces the stored rating at once.
    ana.select(0);
    ana.rate(2);
    await expect.poll(async () => (await listGrades(run.id, null)).find((g) => g.kind === 'rating')?.scores?.accuracy).toBe(2);

    const again = await grader('Ana');
    expect(again.progress).toEqual({ graded: 2, total: 2 });
    expect(again.marks.get('q1')!.verdicts).toEqual(['met', 'not-met']);
    expect(again.marks.get('q2')!.scores).toEqual({ accuracy: 2, completeness: 3, clarity: 5 });
    expect(again.graders).toEqual(['Ana']);
  });

  test("two graders' agreement: κ per axis, per criterion and per scale", async () => {
    const ana = await grader('Ana');
    ana.mark('met');
    ana.mark('met');
    ana.next();
    for (const score of [5, 4, 3]) ana.rate(score);
    await settled(ana, 2);
    const ben = await grader('Ben');
    // Ben starts where he has graded nothing: the first answer.
    expect(ben.index).toBe(0);
    ben.mark('met');
    ben.mark('not-met');
    ben.next();
    for (const score of [5, 3, 3]) ben.rate(score);
    await settled(ben, 2);

    const [pair] = ben.agreement;
    expect(pair!.a).toBe('Ana');
    expect(pair!.b).toBe('Ben');
    // Two criteria: (met, met) and (met, not met). pₒ = 1/2; Ana always met, so pₑ = 1·(1/2) = 1/2 and κ = 0.
    expect(pair!.rubric.overall).toEqual({ kappa: 0, n: 2 });
    // Each axis holds one criterion on which both agree or not; one label each, so pₑ = 1 or κ from a single pair.
    expect(pair!.rubric.byAxis['axis:accuracy']).toEqual({ kappa: null, n: 1 });
    // One rated item: equal accuracy (κ undefined, pₑ = 1), different completeness (pₒ = 0, pₑ = 0: κ = 0).
    expect(pair!.ratings.accuracy).toEqual({ kappa: null, n: 1 });
    expect(pair!.ratings.completeness).toEqual({ kappa: 0, n: 1 });
  });
});
