import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import {
  bootstrapRatings,
  computeMleElo,
  MIN_BATTLES_FOR_INTERVAL,
  onlineElo,
  ratingsNotes,
  winRateMatrix,
  type Battle,
  type BattleWinner,
} from './ratings';

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
    expect(fit.priorUsed).toBe(false);
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
    expect(fit.priorUsed).toBe(false);
    const reference = referenceMm(handMade, fit.models);
    fit.ratings.forEach((r, i) => expect(Math.abs(r - reference[i]!)).toBeLessThan(0.01));
    expect(fit.ratings.reduce((s, r) => s + r, 0) / 4).toBeCloseTo(1000, 9);
  });

  it('stays finite, and says so, when someone never lost', () => {
    const fit = computeMleElo([...battles('x', 'y', 'model_a', 2), ...battles('y', 'z', 'model_a')]);
    expect(fit.priorUsed).toBe(true);
    expect(fit.condition).toEqual({ groups: [['x', 'y', 'z']], neverLost: [['x']], neverWon: [['z']] });
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
    expect(one.rows.every((r) => r.rank !== null && r.rank <= one.rows.length)).toBe(true);
    expect(Math.min(...one.rows.map((r) => r.rank!))).toBe(1);
  });

  it('gives no interval and no rank below the minimum battle count, saying why', () => {
    // One Arena vote: every bootstrap round resamples that vote, so its "interval" would have zero width.
    const one = bootstrapRatings(battles('a', 'b', 'model_a'), createRng(0), { rounds: 100 });
    for (const row of one.rows) {
      expect(row).toMatchObject({ ci_low: null, ci_high: null, rank: null, battles: 1 });
      expect(row.noInterval).toBe(`1 battle: an interval needs at least ${MIN_BATTLES_FOR_INTERVAL}`);
    }
    // Enough battles, but all alike: every round gives the same ratings, which measures nothing.
    const alike = bootstrapRatings(battles('a', 'b', 'model_a', 12), createRng(0), { rounds: 100 });
    for (const row of alike.rows) expect(row.noInterval).toContain('every bootstrap round gave the same rating');
    // A contestant short of the minimum among others that have intervals: only it goes unranked.
    const mixed = bootstrapRatings([...handMade, ...battles('e', 'a', 'model_a', 2), ...battles('a', 'e', 'model_a', 2)], createRng(0), {
      rounds: 100,
    });
    expect(mixed.rows.filter((r) => r.rank === null).map((r) => r.model)).toEqual(['e']);
    expect(Math.min(...mixed.rows.flatMap((r) => (r.rank === null ? [] : [r.rank])))).toBe(1);
  });

  it('ranks apart only contestants whose intervals do not overlap', () => {
    const lopsided = [...battles('s', 'w', 'model_a', 40), ...battles('s', 'w', 'model_b', 2), ...battles('m', 'w', 'tie', 10)];
    const result = bootstrapRatings(lopsided, createRng(1), { rounds: 300 });
    const s = result.rows.find((r) => r.model === 's')!;
    const w = result.rows.find((r) => r.model === 'w')!;
    expect(s.ci_low).toBeGreaterThan(w.ci_high!);
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

describe('ratingsNotes', () => {
  it('names the groups of a file whose contestants never met, with no "never lost" claim', () => {
    // Two leagues, each with wins and losses both ways inside it, and no battle between them.
    const twoGroups = [
      ...battles('a', 'b', 'model_a', 3),
      ...battles('b', 'a', 'model_a', 2),
      ...battles('c', 'd', 'model_a', 4),
      ...battles('d', 'c', 'model_a', 1),
      ...battles('d', 'c', 'tie'),
    ];
    const result = bootstrapRatings(twoGroups, createRng(0), { rounds: 50 });
    expect(result.condition).toEqual({
      groups: [
        ['a', 'b'],
        ['c', 'd'],
      ],
      neverLost: [],
      neverWon: [],
    });
    expect(result.priorUsed).toBe(true);
    const notes = ratingsNotes(result);
    expect(notes[0]).toBe(
      'The battles form 2 groups that never met: {a, b} and {c, d}. Ratings compare contestants within a group only; between groups the numbers mean nothing.',
    );
    expect(notes.join(' ')).not.toMatch(/never (lost|won)/);
    expect(notes.at(-1)).toContain('prior');
  });

  it('names an undefeated and a winless contestant, and says when no prior was used', () => {
    const notes = ratingsNotes(computeMleElo([...battles('x', 'y', 'model_a', 2), ...battles('y', 'z', 'model_a')]));
    expect(notes).toEqual([
      'x never lost, nor drew: its maximum-likelihood rating would be infinite.',
      'z never won, nor drew: its maximum-likelihood rating would be minus infinity.',
      'A weak Gaussian prior (σ = 10 log-odds, about 1737 points) keeps the ratings finite.',
    ]);
    expect(ratingsNotes(computeMleElo(handMade))).toEqual(['No prior was used: these are the maximum-likelihood ratings.']);
  });
});
