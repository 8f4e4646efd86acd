import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { battlesToJsonl, describeBattleImport, parseBattles } from './battles';
import { bootstrapRatings, computeMleElo, ratingsNotes } from './ratings';

function parsed(text: string, fileName = 'b.jsonl') {
  const p = parseBattles(text, fileName);
  if (!p.ok) throw new Error(p.error);
  return p.result;
}

describe('parseBattles', () => {
  it('reads JSON and JSONL alike, skips only a repeated explicit id, and round-trips', () => {
    const json = JSON.stringify([
      { model_a: 'x', model_b: 'y', winner: 'model_a', id: '1', tstamp: 1700000000 },
      { model_a: 'x', model_b: 'y', winner: 'tie (bothbad)', question_id: 'q2' },
      { model_a: 'x', model_b: 'y', winner: 'model_b', id: '1' },
      { model_a: 'y', model_b: 'x', winner: 'tie', question_id: 'q2' },
    ]);
    const r = parsed(json, 'b.json');
    expect(r.read).toBe(4);
    expect(r.battles).toEqual([
      { model_a: 'x', model_b: 'y', winner: 'model_a', id: '1', tstamp: 1700000000 },
      { model_a: 'x', model_b: 'y', winner: 'tie (bothbad)' },
      { model_a: 'y', model_b: 'x', winner: 'tie' },
    ]);
    expect(r.duplicates).toEqual([{ where: 'battle 3', reason: 'battle id "1" is already on battle 1' }]);
    expect(r.withoutId).toBe(2);
    expect(parsed(battlesToJsonl(r.battles)).battles).toEqual(r.battles);
  });

  it('keeps every battle of a file without ids, however alike they are', () => {
    // The same models, winner and no timestamp 50 times: 50 battles, as FastChat counts them.
    const line = '{"model_a":"x","model_b":"y","winner":"model_a"}\n';
    const r = parsed(line.repeat(50) + '{"model_a":"y","model_b":"x","winner":"model_a"}\n');
    expect(r.battles).toHaveLength(51);
    expect(r.duplicates).toEqual([]);
    expect(r.withoutId).toBe(51);
    expect(computeMleElo(r.battles).ratings[0]! - computeMleElo(r.battles).ratings[1]!).toBeCloseTo(400 * Math.log10(50), 6);
  });

  it('refuses a self-battle with its reason and counts every outcome', () => {
    const text = [
      '{"model_a":"x","model_b":"y","winner":"model_a","id":"a"}',
      '{"model_a":"x","model_b":"x","winner":"tie","id":"b"}',
      '{"model_a":"y","model_b":"x","winner":"model_a","id":"a"}',
      '{"model_a":"y","model_b":"x","winner":"model_b"}',
    ].join('\n');
    const r = parsed(text, 'v.jsonl');
    expect(r.battles.map((b) => b.id ?? null)).toEqual(['a', null]);
    expect(describeBattleImport(r, 1)).toEqual([
      'v.jsonl: read 4 battles, imported 1, skipped 2 as duplicates, refused 1.',
      'Skipped as duplicates (same battle id earlier in the file): line 3: battle id "a" is already on line 1.',
      'Skipped as duplicates: 1 battle whose ids an earlier import already stored.',
      'Refused: line 2: model_a and model_b are the same model, which tells the ratings nothing.',
      '1 battle has no battle id (question_id names a question, not a battle), so each counts, as in FastChat.',
    ]);
  });

  it('refuses a malformed record with the file, line and field, and nothing else is read', () => {
    const text = '{"model_a":"x","model_b":"y","winner":"model_a"}\n{"model_a":"x","model_b":"y","winner":"draw"}\n';
    expect(parseBattles(text, 'votes.jsonl')).toEqual({
      ok: false,
      error: 'votes.jsonl, line 2, field "winner": expected one of model_a, model_b, tie, tie (bothbad), got "draw".',
    });
    expect(parseBattles('[{"model_a":"x","winner":"tie"}]', 'v.json')).toEqual({
      ok: false,
      error: 'v.json, battle 1, field "model_b": expected a model name.',
    });
    expect(parseBattles('{"model_a":"x"\n', 'c.jsonl')).toEqual({ ok: false, error: 'c.jsonl, line 1: not valid JSON.' });
    expect(parseBattles('  \n', 'e.jsonl')).toEqual({ ok: false, error: 'e.jsonl: the file is empty.' });
  });
});

/**
 * arena-hard-auto's published battle file (lm-sys/arena-hard-auto@74e8b6f, data/arena_hard_battles.jsonl):
 * every battle pits claude-3-haiku against one of four models on one of 120 questions, so question_id
 * repeats by design. The expected ratings are FastChat's and arena-hard-auto's own code run on it
 * (fixtures/peer_ratings.py wrote fixtures/arena_hard_peer_ratings.json).
 */
describe('arena-hard-auto battle file', () => {
  const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
  const text = gunzipSync(readFileSync(fixture('arena_hard_battles.jsonl.gz'))).toString('utf8');
  const peers = JSON.parse(readFileSync(fixture('arena_hard_peer_ratings.json'), 'utf8')) as {
    battles: number;
    ratings: Record<string, Record<string, number>>;
  };

  it('imports all 2,136 battles, and says so', () => {
    const r = parsed(text, 'arena_hard_battles.jsonl');
    expect(r.read).toBe(2136);
    expect(r.battles).toHaveLength(2136);
    expect(peers.battles).toBe(2136);
    expect(describeBattleImport(r)[0]).toBe(
      'arena_hard_battles.jsonl: read 2136 battles, imported 2136, skipped 0 as duplicates, refused 0.',
    );
  });

  it("rates all five models as FastChat's compute_bt and arena-hard-auto's compute_mle_elo do, to 0.01 points", () => {
    const fit = computeMleElo(parsed(text).battles);
    expect(fit.models).toHaveLength(5);
    expect(fit.priorUsed).toBe(false);
    const ours = Object.fromEntries(fit.models.map((m, i) => [m, fit.ratings[i]!]));
    expect(Object.keys(peers.ratings)).toHaveLength(2);
    for (const [peer, ratings] of Object.entries(peers.ratings)) {
      expect(Object.keys(ratings).sort(), peer).toEqual(Object.keys(ours).sort());
      for (const [model, rating] of Object.entries(ratings))
        expect(Math.abs(ours[model]! - rating), `${peer}: ${model}`).toBeLessThan(0.01);
    }
  });

  it('gives every model an interval and ranks from 1', () => {
    const result = bootstrapRatings(parsed(text).battles, createRng(0), { rounds: 100 });
    expect(result.rows.every((r) => r.ci_low !== null && r.rank !== null)).toBe(true);
    expect(result.rows[0]!.rank).toBe(1);
    expect(ratingsNotes(result)).toEqual(['No prior was used: these are the maximum-likelihood ratings.']);
  });
});
