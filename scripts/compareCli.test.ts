import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToJson } from '../benchmarks/runs/runExport';
import { makeRunExport, pairedExports } from '../testing/runExports';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bedside-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function npm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run ratings', { timeout: 60_000 }, () => {
  it('writes hand-computed Bradley–Terry ratings, and the same intervals for the same seed', async () => {
    // Twice over: x beats y 3 times, y beats x once and they tie twice: weights 2·3 + 2 = 8 vs 2·1 + 2 = 4,
    // odds 2, so x − y = 400·log10(2) = 120.41 around 1000: 1060.206 and 939.794.
    const six = [
      ...Array(3).fill({ model_a: 'x', model_b: 'y', winner: 'model_a' }),
      { model_a: 'y', model_b: 'x', winner: 'model_a' },
      { model_a: 'x', model_b: 'y', winner: 'tie' },
      { model_a: 'y', model_b: 'x', winner: 'tie (bothbad)' },
    ];
    const battles = [...six, ...six].map((b, i) => ({ ...b, id: `b${i}` }));
    const file = join(dir, 'battles.jsonl');
    await writeFile(file, battles.map((b) => JSON.stringify(b)).join('\n') + '\n' + JSON.stringify(battles[0]) + '\n');
    const out = join(dir, 'r.json');
    const result = await npm('ratings', '--', '--battles', file, '--bootstrap', '200', '--seed', '5', '--out', out);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(Object.keys(doc)).toEqual(['models', 'notes', 'prior_used']);
    expect(doc.prior_used).toBe(false);
    expect(doc.notes).toEqual(['No prior was used: these are the maximum-likelihood ratings.']);
    // The repeated id b0 is the one battle skipped, and the output says so.
    expect(result.stdout).toContain('battles.jsonl: read 13 battles, imported 12, skipped 1 as duplicates, refused 0.');
    expect(result.stdout).toContain('line 13: battle id "b0" is already on line 1');
    expect(doc.models.map((m: { model: string; battles: number }) => [m.model, m.battles])).toEqual([
      ['x', 12],
      ['y', 12],
    ]);
    expect(Object.keys(doc.models[0]).sort()).toEqual(['battles', 'ci_high', 'ci_low', 'model', 'no_interval', 'rank', 'rating']);
    for (const m of doc.models) {
      expect(m.ci_low).toBeLessThan(m.rating);
      expect(m.ci_high).toBeGreaterThan(m.rating);
      expect(m).toMatchObject({ rank: 1, no_interval: null });
    }
    expect(doc.models[0].rating).toBeCloseTo(1000 + 200 * Math.log10(2), 6);
    expect(doc.models[1].rating).toBeCloseTo(1000 - 200 * Math.log10(2), 6);
    const again = join(dir, 'r2.json');
    await npm('ratings', '--', '--battles', file, '--bootstrap', '200', '--seed', '5', '--out', again);
    expect(await readFile(again, 'utf8')).toBe(await readFile(out, 'utf8'));
  });

  it("imports all 2,136 of arena-hard-auto's battles, whose question_id repeats by design, and says so", async () => {
    const file = join(dir, 'arena_hard_battles.jsonl');
    await writeFile(file, gunzipSync(await readFile('benchmarks/metrics/fixtures/arena_hard_battles.jsonl.gz')));
    const result = await npm('ratings', '--', '--battles', file, '--bootstrap', '20', '--out', join(dir, 'ah.json'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('arena_hard_battles.jsonl: read 2136 battles, imported 2136, skipped 0 as duplicates, refused 0.');
    expect(result.stdout).toContain('2136 battles have no battle id');
    expect(JSON.parse(await readFile(join(dir, 'ah.json'), 'utf8')).models).toHaveLength(5);
  });

  it('names the groups of a file whose contestants never met, and says a prior was used', async () => {
    const file = join(dir, 'groups.jsonl');
    const line = (a: string, b: string, winner: string) => JSON.stringify({ model_a: a, model_b: b, winner });
    await writeFile(
      file,
      [line('a', 'b', 'model_a'), line('b', 'a', 'model_a'), line('c', 'd', 'model_a'), line('d', 'c', 'tie')].join('\n'),
    );
    const result = await npm('ratings', '--', '--battles', file, '--bootstrap', '20', '--out', join(dir, 'g.json'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('The battles form 2 groups that never met: {a, b} and {c, d}.');
    expect(result.stdout).toContain('A weak Gaussian prior');
    expect(result.stdout).not.toMatch(/never (lost|won)/);
  });

  it('refuses a bad battle with its line and field', async () => {
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, '{"model_a":"x","model_b":"y","winner":"model_a"}\n{"model_a":"x","winner":"tie"}\n');
    const result = await npm('ratings', '--', '--battles', file, '--out', join(dir, 'never.json'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.jsonl, line 2, field "model_b"');
  });
});

describe('npm run compare', { timeout: 60_000 }, () => {
  it('writes the hand-computed paired comparison of two run exports', async () => {
    const [a, b] = pairedExports(8, 10, 2, 0);
    const fa = join(dir, 'a.json');
    const fb = join(dir, 'b.json');
    await writeFile(fa, runToJson(a.run, a.results, a.summary));
    await writeFile(fb, runToJson(b.run, b.results, b.summary));
    const out = join(dir, 'c.json');
    const result = await npm('compare', '--', '--a', fa, '--b', fb, '--out', out);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(Object.keys(doc)).toEqual([
      'n',
      'both_correct',
      'only_a',
      'only_b',
      'both_wrong',
      'acc_a',
      'acc_b',
      'diff',
      'diff_ci_low',
      'diff_ci_high',
      'mcnemar_p',
      'failed_a',
      'failed_b',
    ]);
    // 20 items: 8 both right, 10 only A, 2 only B; acc 18/20 and 10/20; McNemar 2·(1+12+66)/2¹² = 0.03857.
    expect(doc).toMatchObject({ n: 20, both_correct: 8, only_a: 10, only_b: 2, both_wrong: 0, acc_a: 0.9, acc_b: 0.5 });
    expect(doc.diff).toBeCloseTo(0.4, 12);
    expect(doc.mcnemar_p).toBeCloseTo(0.038574, 6);
    // sd of the paired difference ≈ √((12/20 − 0.4²)/20) = 0.148, so about 0.4 ± 0.29.
    expect(doc.diff_ci_low).toBeGreaterThan(0);
    expect(doc.diff_ci_low).toBeLessThan(0.4);
    expect(doc.diff_ci_high).toBeGreaterThan(0.4);
    expect(doc.diff_ci_high).toBeLessThan(0.75);
  });

  it('refuses runs of different items unless --common is given', async () => {
    const a = makeRunExport({ id: 'a', correct: [true, true, false] });
    const b = makeRunExport({ id: 'b', correct: [false, true], itemIds: ['q001', 'zz'] });
    const fa = join(dir, 'ma.json');
    const fb = join(dir, 'mb.json');
    await writeFile(fa, runToJson(a.run, a.results, a.summary));
    await writeFile(fb, runToJson(b.run, b.results, b.summary));
    const out = join(dir, 'm.json');
    const refused = await npm('compare', '--', '--a', fa, '--b', fb, '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The runs scored different items: 2 only in A, 1 only in B');
    expect(refused.stderr).toContain('Pass --common');
    const common = await npm('compare', '--', '--a', fa, '--b', fb, '--out', out, '--common');
    expect(common.code, common.stderr).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({
      n: 1,
      both_correct: 0,
      only_a: 1,
      only_b: 0,
      both_wrong: 0,
      mcnemar_p: 1,
    });
  });
});
