import { beforeEach, describe, expect, test } from 'vitest';
import { wipeAll } from '../../../storage/dataExport';
import { ArenaStore } from './compareArena.svelte';
import { CompareSession } from './compareSession.svelte';
import { ModelLibrary } from '../models/library.svelte';
import { PassphraseLock } from '../data/passphraseLock.svelte';

const line = (b: Record<string, string>) => JSON.stringify(b);

describe('ArenaStore.importBattles', () => {
  let arena: ArenaStore;
  beforeEach(async () => {
    await wipeAll();
    arena = new ArenaStore(new CompareSession(new ModelLibrary(), new PassphraseLock()));
    await arena.init();
  });

  test('imports a file whole, skips only repeated ids, and the notice gives every count', async () => {
    // question_id repeats as in arena-hard-auto's file; only the explicit id "v1" repeats a battle.
    const text = [
      line({ question_id: 'q0', model_a: 'x', model_b: 'y', winner: 'model_a' }),
      line({ question_id: 'q0', model_a: 'x', model_b: 'y', winner: 'model_a' }),
      line({ question_id: 'q0', model_a: 'x', model_b: 'z', winner: 'model_b' }),
      line({ id: 'v1', model_a: 'y', model_b: 'z', winner: 'tie' }),
      line({ id: 'v1', model_a: 'y', model_b: 'z', winner: 'model_a' }),
      line({ model_a: 'x', model_b: 'x', winner: 'tie' }),
    ].join('\n');
    await arena.importBattles(new File([text], 'field.jsonl'));
    expect(arena.importError).toBeNull();
    expect(arena.votes).toHaveLength(4);
    expect(arena.notice).toContain('field.jsonl: read 6 battles, imported 4, skipped 1 as duplicates, refused 1.');
    expect(arena.notice).toContain('line 5: battle id "v1" is already on line 4');
    expect(arena.notice).toContain('line 6: model_a and model_b are the same model');
    expect(arena.notice).toContain('this file imported again adds them again');

    // Again: the id-less battles cannot be told apart from the first import's, so they count again; "v1" is stored.
    await arena.importBattles(new File([text], 'field.jsonl'));
    expect(arena.votes).toHaveLength(7);
    expect(arena.notice).toContain('read 6 battles, imported 3, skipped 2 as duplicates, refused 1.');
    expect(arena.notice).toContain('1 battle whose ids an earlier import already stored');
  });

  test('a bad record refuses the file, naming it, and nothing is stored', async () => {
    await arena.importBattles(new File([`${line({ model_a: 'x', model_b: 'y', winner: 'model_a' })}\n{"model_a":"x"}`], 'bad.jsonl'));
    expect(arena.importError).toBe('bad.jsonl, line 2, field "model_b": expected a model name. Nothing was imported.');
    expect(arena.votes).toEqual([]);
  });
});
