/**
 * `npm run bench` on open-ended suites, run as a user runs it: the app's worker in headless Chromium on the
 * bundled model, a HealthBench file and a MedS-Bench task, with and without a judge, and broken files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../e2e/chromium.ts';
import { referenceMetrics } from '../benchmarks/metrics/referenceMetrics';
import { parseOpenRunExport } from '../benchmarks/runs/openRunExport';
import { parseBenchArgs, UsageError } from './benchmarkCli';
import { ensureBuilt, repoRoot, runCli } from './testing/cli';

const healthBench = readFileSync(join(repoRoot, 'examples/open-ended-healthbench.jsonl'), 'utf8');
const medsBench = readFileSync(join(repoRoot, 'examples/open-ended-medsbench.json'), 'utf8');

describe('parseBenchArgs for open-ended suites', () => {
  it('takes a shipped open-ended suite, a judge and its retries', () => {
    expect(parseBenchArgs(['--suite', 'kqa', '--quick', '5', '--judge', 'stories260K', '--judge-retries', '1'])).toMatchObject({
      suite: { kind: 'builtin', id: 'kqa' },
      selection: { kind: 'stratified', n: 5 },
      judge: 'stories260K',
      judgeRetries: 1,
    });
  });

  it.each([
    [['--suite', 'kqa', '--judge', 'gpt-9'], /Unknown model "gpt-9"/],
    [['--suite', 'kqa', '--judge-retries', '11'], /--judge-retries expects an integer from 0 to 10/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});

describe.skipIf(!existsSync(chromiumPath))('npm run bench -- --suite-file on open-ended files', () => {
  let dir: string;
  beforeAll(async () => {
    await ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'bedside-open-'));
  }, 600_000);

  async function bench(name: string, text: string, extra: string[] = []) {
    const file = join(dir, name);
    const out = join(dir, `${name}.out.json`);
    await writeFile(file, text);
    const exit = await runCli('benchmarkCli.ts', ['--suite-file', file, '--max-tokens', '16', '--out', out, '--no-build', ...extra]);
    return { ...exit, doc: exit.code === 0 ? parseOpenRunExport(await readFile(out, 'utf8'), out) : null };
  }

  it('a MedS-Bench task: every answer with its ROUGE-L and BLEU-1, in the document the Benchmarks page exports', async () => {
    const { code, output, doc } = await bench('handover.json', medsBench);
    expect(code, output).toBe(0);
    if (!doc?.ok) throw new Error(doc?.error);
    const { run, items, results, scores } = doc.doc;
    expect(run).toMatchObject({ kind: 'open-ended', status: 'completed', model: { id: 'stories260K', backend: 'wllama' } });
    expect(run.config.generation).toEqual({ temperature: 0, topP: 1, maxTokens: 16, seed: 1234 });
    expect(results).toHaveLength(3);
    for (const [i, r] of results.entries()) {
      expect(r.prompt[0]!.role).toBe('system');
      expect(r.answer).not.toBeNull();
      // Recomputed here in Node from the answer the browser wrote: the same numbers.
      expect(r.metrics).toEqual(referenceMetrics(r.answer!, items[i]!.references!, ['rouge-l', 'bleu-1'], { stemmer: false }));
    }
    expect(scores.referenceMetrics['rouge-l']!.n).toBe(3);
    expect(output).toMatch(/rouge-l\s+0\.\d{4}\s+0\.\d{4}–0\.\d{4}\s+3/);
    expect(output).toContain('Answers 3 of 3, 0 failed');
  }, 300_000);

  it('a HealthBench file judged by the bundled model: every criterion graded or ungraded, never guessed, each grade naming the judge and prompt', async () => {
    const { code, output, doc } = await bench('hb.jsonl', healthBench, ['--judge', 'stories260K', '--judge-retries', '1']);
    expect(code, output).toBe(0);
    if (!doc?.ok) throw new Error(doc?.error);
    const { results, grades, items, scores } = doc.doc;
    expect(results.every((r) => r.answer !== null && Object.keys(r.metrics).length === 0)).toBe(true);
    expect(grades).toHaveLength(items.reduce((n, i) => n + i.rubric!.length, 0));
    for (const g of grades) {
      expect(g).toMatchObject({
        kind: 'criterion',
        grader: { kind: 'judge', model: 'stories260K', prompt: { id: 'healthbench-grader-json', version: 1 } },
      });
      // HealthBench's grader prompt is longer than this model's 2,048-token window: refused, recorded ungraded with the reason.
      expect(g).toMatchObject({ verdict: 'ungraded', attempts: 0 });
      expect((g as { error?: string }).error).toMatch(/2048-token context window/);
    }
    expect(scores.ungraded).toBe(3);
    expect(output).toContain('judge:stories260K|healthbench-grader-json@1');
  }, 300_000);

  it('a broken file of each kind is refused, naming its line and field, and nothing is written', async () => {
    const lines = healthBench.trimEnd().split('\n');
    const hb = await bench('hb-broken.jsonl', [lines[0], lines[1]!.replace('"points": 10', '"points": "10"'), lines[2]].join('\n'));
    expect(hb.code).toBe(1);
    expect(hb.output).toContain('hb-broken.jsonl is not a valid open-ended suite');
    expect(hb.output).toContain('line 2, field "rubrics[0].points": expected a number from -10 to 10, not 0, but got "10"');
    const task = await bench('task-broken.json', medsBench.replace('"input":', '"inptu":'));
    expect(task.code).toBe(1);
    expect(task.output).toContain('line 17, field "Instances[0].input": expected a non-empty string but got nothing');
    expect(existsSync(join(dir, 'task-broken.json.out.json'))).toBe(false);
  }, 300_000);
});
