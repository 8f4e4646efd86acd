import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { summarizeRun } from '../benchmarks/metrics/summary';
import { eligibleItems } from '../benchmarks/runner/eligibility';
import { runBench } from '../benchmarks/runner/runBench';
import { runConfigFor } from '../benchmarks/runner/runConfig';
import { selectItems } from '../benchmarks/runner/sampling';
import { runToJson } from '../benchmarks/runs/runExport';
import { modeRefusal, nShotRefusal } from '../benchmarks/suites/modes';
import { templateFor, type SuiteChoice } from '../benchmarks/suites/suiteChoice';
import type { BenchOutcome } from '../core/benchmarkHarness';
import type { ModelCaller, PrecisionSetting, ScoringTruncation } from '../core/engine';
import type { ItemResult, ItemSelection } from '../core/run';
import type { RunRecord, StoredItemResult } from '../core/runRecord';
import type { ScoringMode, Suite } from '../core/suite';

/** An engine scored in this process, as a run needs it: native llama.cpp, or a served model. */
export interface HeadlessEngine extends ModelCaller {
  /** Whether every prompt starts with BOS (EngineCapabilities.addsBos); recorded in the run's protocol. */
  addsBos: boolean | null;
  /** What it does with a request longer than its window (EngineCapabilities.truncation); recorded in the protocol. */
  truncation?: ScoringTruncation;
  /** The precision the model runs at, where the engine knows it; recorded in the protocol. */
  precision?: PrecisionSetting;
  /** Items in flight at once; 1 when absent. */
  concurrency?: number;
}

export interface HeadlessRunOptions {
  choice: SuiteChoice;
  suite: Suite;
  mode: ScoringMode;
  selection: ItemSelection;
  seed: number;
  /** Generative mode's token budget. */
  maxTokens: number;
  /** As RunRequest's: exemplars per item, and whether items that need a figure are kept. */
  nShot?: number;
  includeImageItems?: boolean;
  /** Who scored the run, as its record names the model. */
  model: RunRecord['model'];
  log?: (line: string) => void;
}

function gitHash(root: string): string {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

/** A mode or few-shot count the suite does not define, as the run would refuse it; null when it runs. */
export function runRefusal(choice: SuiteChoice, mode: ScoringMode, nShot = 0): string | null {
  return modeRefusal(choice, mode) ?? nShotRefusal(choice.id, mode, nShot);
}

/**
 * The browser's run, on an engine in this process: the same items, prompts and config, written as the
 * same export document (the Benchmarks view's "Export JSON"), so `npm run parity` can set any two side by side.
 */
export async function runHeadless(engine: HeadlessEngine, options: HeadlessRunOptions, repoRoot: string): Promise<BenchOutcome> {
  const { choice, suite, mode, selection, seed } = options;
  const nShot = options.nShot ?? 0;
  const refused = runRefusal(choice, mode, nShot);
  if (refused) throw new Error(refused);
  const template = templateFor(suite, choice.id, mode, false, nShot);
  const eligible = eligibleItems(suite.items, mode, options.includeImageItems === true);
  const config = await runConfigFor({
    suite: { id: choice.id, version: choice.version, sha256: choice.sha256 },
    mode,
    selection,
    seed,
    maxTokens: options.maxTokens,
    template,
    addsBos: engine.addsBos,
    truncation: engine.truncation,
    precision: engine.precision,
    nShot,
    includeImageItems: options.includeImageItems === true,
    excluded: eligible.excluded,
  });
  const items = selectItems(eligible.items, config.selection, seed);
  const appVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const startedAt = Date.now();
  const results: ItemResult[] = [];
  await runBench({
    engine,
    items,
    config,
    template,
    done: new Set(),
    sink: { put: (r) => void results.push(r) },
    now: () => performance.now(),
    onProgress: (p) => options.log?.(`${p.done}/${p.total} scored`),
    concurrency: engine.concurrency,
  });
  const run: RunRecord = {
    id: crypto.randomUUID(),
    status: 'completed',
    config,
    suite: {
      id: choice.id,
      name: choice.name,
      version: choice.version,
      sha256: choice.sha256,
      source: choice.source,
      licence: choice.licence,
      custom: choice.custom,
      ...(choice.language === undefined ? {} : { language: choice.language }),
      ...(choice.useRestriction === undefined ? {} : { use_restriction: choice.useRestriction }),
    },
    model: options.model,
    env: {
      appVersion,
      gitHash: gitHash(repoRoot),
      userAgent: `Node ${process.version} (${cpus()[0]?.model ?? 'cpu'})`,
      gpu: null,
      crossOriginIsolated: false,
    },
    itemIds: items.map((i) => i.id),
    startedAt,
    endedAt: Date.now(),
    tally: { done: results.length, correct: results.filter((r) => r.correct).length },
  };
  const stored: StoredItemResult[] = results.map((r) => ({ ...r, runId: run.id }));
  return { json: runToJson(run, stored, summarizeRun(stored)) };
}
