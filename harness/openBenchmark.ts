import type { BenchOutcome, BenchSuiteSource, OpenBenchOptions } from '../core/benchmarkHarness';
import type { OpenSuite } from '../core/openEnded';
import type { JudgeProgress, OpenRunProgress } from '../core/openRunRecord';
import { openRunExport, openRunToJson } from '../benchmarks/runs/openRunExport';
import { parseOpenSuiteFile } from '../benchmarks/suites/openSuiteFile';
import { builtinOpenChoice, customOpenChoice, type OpenSuiteChoice } from '../benchmarks/suites/openSuiteChoice';
import { formatSuiteError } from '../benchmarks/suites/parseSuite';
import { customRecord } from '../benchmarks/suites/suiteChoice';
import { listGrades } from '../storage/grades';
import { getOpenRun, listOpenResults } from '../storage/openRuns';
import { loadBuiltinOpenSuite, loadOpenSuiteIndex } from '../src/lib/bench/suiteLoader';
import { createOpenRun, executeOpenRun, judgeOpenRun } from '../src/lib/runs/openRunSession';
import { findModel, loadModel, log, startEngine } from './harnessEngine';

/**
 * `npm run bench` on an open-ended suite: the Benchmarks view's open-ended run code in the same worker,
 * then, with `--judge`, the judge model loaded in its place over the stored answers. What comes back is the
 * view's "Export JSON" of that run.
 */

async function loadOpenSuite(source: BenchSuiteSource): Promise<{ choice: OpenSuiteChoice; suite: OpenSuite }> {
  if (source.kind === 'file') {
    // Validated exactly as the Benchmarks view's import validates a picked file.
    const parsed = await parseOpenSuiteFile(source.fileName, source.text);
    if (!parsed.ok) {
      const more = parsed.truncated ? '\n  … and more' : '';
      throw new Error(`${source.fileName} is not a valid open-ended suite:\n  ${parsed.errors.map(formatSuiteError).join('\n  ')}${more}`);
    }
    const record = { ...customRecord(parsed.suite, source.fileName), format: parsed.format };
    return { choice: customOpenChoice(record), suite: record };
  }
  const index = await loadOpenSuiteIndex();
  const entry = index.find((e) => e.id === source.id);
  if (!entry) throw new Error(`Unknown open-ended suite "${source.id}". Available: ${index.map((e) => e.id).join(', ')}.`);
  return { choice: builtinOpenChoice(entry), suite: await loadBuiltinOpenSuite(entry) };
}

/** Logs at most every two seconds, and the last step. */
function throttled<T extends { done: number; total: number }>(line: (p: T) => string): (p: T) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (p.done !== p.total && now - last < 2000) return;
    last = now;
    log(line(p));
  };
}

export async function runOpen(options: OpenBenchOptions): Promise<BenchOutcome> {
  const model = findModel(options.modelId);
  const judge = options.judge && { ...options.judge, model: findModel(options.judge.modelId) };
  const { choice, suite } = await loadOpenSuite(options.suite);
  log(`open-ended suite ${choice.id} (${suite.items.length} items, scored by ${choice.metrics.join(', ')})`);
  const engine = startEngine();
  const env = await loadModel(engine, model, options);
  const record = await createOpenRun(
    {
      suite: choice,
      selection: options.selection,
      seed: options.seed,
      temperature: 0,
      topP: 1,
      maxTokens: options.maxTokens,
      stemmer: false,
    },
    suite,
    env,
  );
  log(`run ${record.id}: ${record.itemIds.length} items, greedy, at most ${options.maxTokens} tokens`);
  const answered = await Promise.race([
    executeOpenRun(
      record,
      suite,
      env,
      throttled((p: OpenRunProgress) => `${p.done}/${p.total} answered${p.failed ? `, ${p.failed} failed` : ''}`),
    ),
    engine.crash,
  ]);
  if (answered.status !== 'completed') throw new Error(answered.error ?? `The run ended ${answered.status}.`);

  if (judge) {
    const judgeEnv = await loadModel(engine, judge.model, options);
    const judged = await Promise.race([
      judgeOpenRun(
        record,
        suite,
        judgeEnv,
        judge.maxRetries,
        throttled((p: JudgeProgress) => `${p.done}/${p.total} answers judged by ${judge.model.id}, ${p.ungraded} ungraded`),
      ),
      engine.crash,
    ]);
    if (judged.status !== 'completed') throw new Error(judged.error ?? `The judging ended ${judged.status}.`);
  }

  const stored = await getOpenRun(record.id);
  if (!stored) throw new Error(`Run ${record.id} vanished from IndexedDB.`);
  const [results, grades] = await Promise.all([listOpenResults(record.id, null), listGrades(record.id, null)]);
  return { json: openRunToJson(openRunExport(stored, suite.items, results, grades)) };
}
