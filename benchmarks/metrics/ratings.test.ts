import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { battlesToJsonl, parseBattles } from './battles';
import { bootstrapRatings, computeMleElo, onlineElo, winRateMatrix, type Battle, type BattleWinner } from './ratings';

function battles(a: string, b: string, winner: BattleWinner, times = 1): Battle[] {
  return Array.from({ length: times }, () => ({ model_a: a, model_b: b, winner }));
}

/**
 * An independent reference: Hunter's (2004) MM iteration on raw win counts, ties as half a win each,
 * p_i ← W_i / Σ_j n_ij / (p_i + p_j). Counting every battle twice scales W and n alike, so the fixed
 * point is the same as compute_mle_elo's.
 */
function referenceMm(data: readonly Battle[], models: string[]): number[] {
  const idx = new Map(models.map((m, i) => [m, i]));
  const w = models.map(() => 0);
  const n = models.map(() => models.map(() => 0));
  for (const b of data) {
    const i = idx.get(b.model_a)!;
    const j = idx.get(b.model_b)!;
    n[i]![j]! += 1;
    n[j]![i]! += 1;
    if (b.winner === 'model_a') w[i]! += 1;
    else if (b.winner === 'model_b') w[j]! += 1;
    else {
      w[i]! += 0.5;
      w[j]! += 0.5;
    }
  }
  let p = models.map(() => 1);
  for (let iter = 0; iter < 100000; iter++) {
    const next = p.map((pi, i) => w[i]! / n[i]!.reduce((s, nij, j) => s + (nij ? nij / (pi + p[j]!) : 0), 0));
    const logMean = next.reduce((s, x) => s + Math.log(x), 0) / next.length;
    p = next.map((x) => x / Math.exp(logMean));
  }
  const r = p.map((x) => 400 * Math.log10(x));
  const mean = r.reduce((s, x) => s + x, 0) / r.length;
  return r.map((x) => x - mean + 1000);
}

// Four contestants, every one has won and lost, both tie kinds present, one pair never met (b–d).
const handMade: Battle[] = [
  ...battles('a', 'b', 'model_a', 6),
  ...battles('b', 'a', 'model_a', 2),
  ...battles('a', 'b', 'tie', 2),
  ...battles('a', 'c', 'model_a', 3),
  ...battles('c', 'a', 'model_a', 3),
  ...battles('a', 'd', 'model_b', 2),
  ...battles('d', 'a', 'tie (bothbad)', 1),
  ...battles('b', 'c', 'model_b', 4),
  ...battles('c', 'b', 'model_b', 3),
  ...battles('c', 'd', 'model_a', 1),
  ...battles('d', 'c', 'model_a', 5),
  ...battles('c', 'd', 'tie', 1),
];

describe('computeMleElo (FastChat compute_mle_elo semantics)', () => {
  it('two contestants: 3 wins to 1 is odds of 3, so 400·log10(3) apart around 1000', () => {
    const fit = computeMleElo([...battles('x', 'y', 'model_a', 3), ...battles('x', 'y', 'model_b')]);
    const half = 200 * Math.log10(3); // 95.424
    expect(fit.exact).toBe(true);
    expect(fit.ratings[0]).toBeCloseTo(1000 + half, 6);
    expect(fit.ratings[1]).toBeCloseTo(1000 - half, 6);
  });

  it('a tie of either kind is one win plus one loss: a win and a tie equal 3 wins to 1', () => {
    for (const tie of ['tie', 'tie (bothbad)'] as const) {
      const fit = computeMleElo([...battles('x', 'y', 'model_a'), ...battles('y', 'x', tie)]);
      expect(fit.ratings[0]! - fit.ratings[1]!).toBeCloseTo(400 * Math.log10(3), 6);
    }
  });

  it('matches an independent MM fit on a hand-made set to 0.01 rating points, averaging 1000', () => {
    const fit = computeMleElo(handMade);
    expect(fit.models).toEqual(['a', 'b', 'c', 'd']);
    expect(fit.exact).toBe(true);
    const reference = referenceMm(handMade, fit.models);
    fit.ratings.forEach((r, i) => expect(Math.abs(r - reference[i]!)).toBeLessThan(0.01));
    expect(fit.ratings.reduce((s, r) => s + r, 0) / 4).toBeCloseTo(1000, 9);
  });

  it('stays finite, and says so, when someone never lost', () => {
    const fit = computeMleElo([...battles('x', 'y', 'model_a', 2), ...battles('y', 'z', 'model_a')]);
    expect(fit.exact).toBe(false);
    for (const r of fit.ratings) expect(Number.isFinite(r)).toBe(true);
    expect(fit.ratings[0]).toBeGreaterThan(fit.ratings[1]!);
    expect(fit.ratings[1]).toBeGreaterThan(fit.ratings[2]!);
  });
});

describe('bootstrapRatings', () => {
  it('is reproducible for a seed, brackets the point fit, counts battles and ranks by CI', () => {
    const one = bootstrapRatings(handMade, createRng(7), { rounds: 200, seed: 7 });
    const two = bootstrapRatings(handMade, createRng(7), { rounds: 200, seed: 7 });
    expect(one).toEqual(two);
    const other = bootstrapRatings(handMade, createRng(8), { rounds: 200, seed: 8 });
    expect(other.rows.map((r) => r.ci_low)).not.toEqual(one.rows.map((r) => r.ci_low));
    for (const row of one.rows) {
      expect(row.ci_low).toBeLessThanOrEqual(row.rating);
      expect(row.ci_high).toBeGreaterThanOrEqual(row.rating);
    }
    expect(Object.fromEntries(one.rows.map((r) => [r.model, r.battles]))).toEqual({ a: 19, b: 17, c: 20, d: 10 });
    // Sorted best first; with ~20 battles each every interval overlaps another, so no one ranks alone at the bottom.
    expect(one.rows.map((r) => r.rating)).toEqual([...one.rows.map((r) => r.rating)].sort((x, y) => y - x));
    expect(one.rows.every((r) => r.rank <= one.rows.length)).toBe(true);
  });

  it('ranks apart only contestants whose intervals do not overlap', () => {
    const lopsided = [...battles('s', 'w', 'model_a', 40), ...battles('s', 'w', 'model_b', 2), ...battles('m', 'w', 'tie', 10)];
    const result = bootstrapRatings(lopsided, createRng(1), { rounds: 300 });
    const s = result.rows.find((r) => r.model === 's')!;
    const w = result.rows.find((r) => r.model === 'w')!;
    expect(s.ci_low).toBeGreaterThan(w.ci_high);
    expect(s.rank).toBe(1);
    expect(w.rank).toBeGreaterThan(1);
  });
});

describe('onlineElo (K = 4) depends on the order of the battles', () => {
  it('gives other ratings for the same battles replayed in reverse, as computed by hand', () => {
    const forward = [...battles('a', 'b', 'model_a'), ...battles('a', 'b', 'model_b')];
    // First battle at 1000/1000: E = .5, a → 1002, b → 998. Second: E_a = 1/(1+10^(−4/400)) = .505756,
    // a → 1002 − 4·.505756 = 999.97698, b → 998 + 4·.505756 = 1000.02302. Reversed, the roles swap.
    const f = onlineElo(forward);
    const r = onlineElo([...forward].reverse());
    expect(f.get('a')).toBeCloseTo(999.97698, 4);
    expect(f.get('b')).toBeCloseTo(1000.02302, 4);
    expect(r.get('a')).toBeCloseTo(1000.02302, 4);
    expect(r.get('b')).toBeCloseTo(999.97698, 4);
    // Bradley–Terry sees one win each either way.
    expect(computeMleElo(forward).ratings).toEqual(computeMleElo([...forward].reverse()).ratings);
  });
});

describe('winRateMatrix', () => {
  it('counts wins over all battles between the pair, ties included in the denominator', () => {
    const m = winRateMatrix([...battles('a', 'b', 'model_a', 2), ...battles('b', 'a', 'model_a'), ...battles('a', 'b', 'tie')]);
    expect(m.models).toEqual(['a', 'b']);
    expect(m.rate[0]).toEqual([null, 0.5]);
    expect(m.rate[1]).toEqual([0.25, null]);
    expect(m.battles[0]![1]).toBe(4);
  });
});

describe('parseBattles', () => {
  it('reads JSON and JSONL alike, dedupes by id, and gives id-less battles a stable id', () => {
    const json = JSON.stringify([
      { model_a: 'x', model_b: 'y', winner: 'model_a', id: '1', tstamp: 1700000000 },
      { model_a: 'x', model_b: 'y', winner: 'tie (bothbad)', question_id: 'q2' },
      { model_a: 'x', model_b: 'y', winner: 'model_b', id: '1' },
      { model_a: 'y', model_b: 'x', winner: 'tie' },
    ]);
    const parsed = parseBattles(json, 'b.json');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.battles.map((b) => b.id?.slice(0, 2))).toEqual(['1', 'q2', 'h' + parsed.battles[2]!.id!.slice(1, 2)]);
    expect(parsed.battles[0]).toEqual({ model_a: 'x', model_b: 'y', winner: 'model_a', id: '1', tstamp: 1700000000 });
    const again = parseBattles(battlesToJsonl(parsed.battles), 'b.jsonl');
    expect(again).toEqual(parsed);
  });

  it('refuses a bad record with the file, line and field', () => {
    const text = '{"model_a":"x","model_b":"y","winner":"model_a"}\n{"model_a":"x","model_b":"y","winner":"draw"}\n';
    expect(parseBattles(text, 'votes.jsonl')).toEqual({
      ok: false,
      error: 'votes.jsonl, line 2, field "winner": expected one of model_a, model_b, tie, tie (bothbad), got "draw".',
    });
    expect(parseBattles('[{"model_a":"x","winner":"tie"}]', 'v.json')).toEqual({
      ok: false,
      error: 'v.json, battle 1, field "model_b": expected a model name.',
    });
  });
});
