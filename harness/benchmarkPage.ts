import { summarizeRun } from '../benchmarks/metrics/summary';
import type { RunProgress } from '../core/run';
import { formatSuiteError } from '../benchmarks/suites/parseSuite';
import type { Suite } from '../core/suite';
import type { BenchOptions, BenchOutcome, BenchSuiteSource } from '../core/benchmarkHarness';
import { runToJson } from '../benchmarks/runs/runExport';
import { getRun, listResults } from '../storage/runs';
import { createRun, executeRun } from '../src/lib/runs/runSession';
import { findModel, loadModel, log, startEngine } from './harnessEngine';
import { runOpen } from './openBenchmark';
import { loadBuiltinById, readSuiteFile } from '../src/lib/bench/suiteLoader';
import { customChoice, customRecord, type SuiteChoice } from '../benchmarks/suites/suiteChoice';

/**
 * Entry page for `npm run bench`: the CLI drives it with Playwright and calls window.bedsideBench.run.
 * It goes through the same engine worker, run session and IndexedDB code as the Benchmarks view,
 * so a headless number means what the UI's number means.
 */

async function loadSuite(source: BenchSuiteSource): Promise<{ choice: SuiteChoice; suite: Suite }> {
  if (source.kind === 'file') {
    // Validated exactly as the Data view's import validates a picked file.
    const parsed = await readSuiteFile(new File([source.text], source.fileName));
    if (!parsed.ok) {
      const more = parsed.truncated ? '\n  … and more' : '';
      throw new Error(`${source.fileName} is not a valid suite:\n  ${parsed.errors.map(formatSuiteError).join('\n  ')}${more}`);
    }
    const record = customRecord(parsed.suite, source.fileName);
    return { choice: customChoice(record), suite: record };
  }
  return loadBuiltinById(source.id);
}

function progressLine(p: RunProgress): string {
  const acc = p.accuracy === null ? '—' : `${(100 * p.accuracy).toFixed(1)}%`;
  const rate = p.itemsPerSecond === null ? '' : `, ${p.itemsPerSecond.toFixed(2)} items/s`;
  return `${p.done}/${p.total} scored, accuracy ${acc}${rate}`;
}

async function run(options: BenchOptions): Promise<BenchOutcome> {
  const model = findModel(options.modelId);
  const { choice, suite } = await loadSuite(options.suite);
  log(`suite ${choice.id} (${suite.items.length} items, sha256 ${choice.sha256.slice(0, 12)}…)`);
  const engine = startEngine();
  const { crash } = engine;
  const env = await loadModel(engine, model, options);
  const mode = options.mode ?? choice.defaultMode;
  const record = await createRun(
    {
      suite: choice,
      mode,
      selection: options.selection,
      seed: options.seed,
      maxTokens: options.maxTokens,
      stepByStep: false,
      nShot: options.nShot,
      includeImageItems: options.includeImageItems,
    },
    suite,
    env,
  );
  log(`run ${record.id}: ${record.itemIds.length} items, mode ${mode}, prompt ${record.config.prompt.id}`);

  let lastLogged = 0;
  const onRunProgress = (p: RunProgress) => {
    const now = performance.now();
    if (p.done === p.total || now - lastLogged > 2000) {
      lastLogged = now;
      log(progressLine(p));
    }
  };
  const end = await Promise.race([executeRun(record, suite, env, onRunProgress), crash]);
  if (end.status !== 'completed') throw new Error(end.error ?? `The run ended ${end.status}.`);

  const stored = await getRun(record.id);
  if (!stored) throw new Error(`Run ${record.id} vanished from IndexedDB.`);
  const results = await listResults(record.id, null);
  return { json: runToJson(stored, results, summarizeRun(results)) };
}

window.bedsideBench = { run, runOpen };
document.getElementById('status')?.replaceChildren('Ready: window.bedsideBench.run(options)');
