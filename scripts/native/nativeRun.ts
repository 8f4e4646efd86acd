import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { summarizeRun } from '../../benchmarks/metrics/summary';
import { runBench } from '../../benchmarks/runner/runBench';
import { runConfigFor } from '../../benchmarks/runner/runConfig';
import { selectItems } from '../../benchmarks/runner/sampling';
import { modeRefusal, nShotRefusal } from '../../benchmarks/suites/modes';
import { eligibleItems } from '../../benchmarks/runner/eligibility';
import type { ItemResult, ItemSelection } from '../../core/run';
import type { ScoringMode, Suite } from '../../core/suite';
import type { BenchOutcome } from '../../core/benchmarkHarness';
import { runToJson } from '../../benchmarks/runs/runExport';
import { templateFor, type SuiteChoice } from '../../benchmarks/suites/suiteChoice';
import type { RunRecord, StoredItemResult } from '../../core/runRecord';
import type { Precision } from '../../core/engine';
import { createNativeEngine } from './nativeEngine';

export interface NativeRunOptions {
  choice: SuiteChoice;
  suite: Suite;
  mode: ScoringMode;
  selection: ItemSelection;
  seed: number;
  /** The GGUF file to score, and how the run names its model. */
  modelPath: string;
  model: { id: string; name: string; quant: string; source: string; contextSize?: number };
  threads?: number;
  precision?: Precision;
  /** As RunRequest's: exemplars per item, and whether items that need a figure are kept. */
  nShot?: number;
  includeImageItems?: boolean;
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

/**
 * The same run as the browser's, scored by native llama.cpp on lm-eval's own request path (nativeEngine):
 * same items and prompts, written as the same export document, so `npm run parity` can set them side by side.
 */
export async function runNative(options: NativeRunOptions, repoRoot: string): Promise<BenchOutcome> {
  const { choice, suite, mode, selection, seed } = options;
  const refused = modeRefusal(choice, mode) ?? nShotRefusal(choice.id, mode, options.nShot ?? 0);
  if (refused) throw new Error(refused);
  const engine = await createNativeEngine(options.modelPath, {
    contextSize: options.model.contextSize,
    threads: options.threads,
    precision: options.precision,
  });
  try {
    const template = templateFor(suite, choice.id, mode, false, options.nShot ?? 0);
    const eligible = eligibleItems(suite.items, mode, options.includeImageItems === true);
    const config = await runConfigFor({
      suite: { id: choice.id, version: choice.version, sha256: choice.sha256 },
      mode,
      selection,
      seed,
      maxTokens: 32,
      template,
      addsBos: engine.addBos,
      truncation: engine.truncation,
      precision: engine.precision,
      nShot: options.nShot ?? 0,
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
      model: {
        id: options.model.id,
        name: options.model.name,
        source: options.model.source,
        backend: 'native',
        quant: options.model.quant,
        engineVersion: engine.engineVersion,
        threads: options.threads ?? 1,
      },
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
  } finally {
    await engine.dispose();
  }
}
