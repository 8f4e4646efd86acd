import type { ItemSelection } from '../../core/run';
import type { ScoringMode, Suite } from '../../core/suite';
import type { BenchOutcome } from '../../core/benchmarkHarness';
import type { SuiteChoice } from '../../benchmarks/suites/suiteChoice';
import type { Precision } from '../../core/engine';
import { runHeadless, runRefusal } from '../headlessRun';
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

/**
 * The same run as the browser's, scored by native llama.cpp on lm-eval's own request path (nativeEngine):
 * same items and prompts, written as the same export document, so `npm run parity` can set them side by side.
 */
export async function runNative(options: NativeRunOptions, repoRoot: string): Promise<BenchOutcome> {
  const refused = runRefusal(options.choice, options.mode, options.nShot);
  if (refused) throw new Error(refused);
  const engine = await createNativeEngine(options.modelPath, {
    contextSize: options.model.contextSize,
    threads: options.threads,
    precision: options.precision,
  });
  try {
    return await runHeadless(
      { ...engine, addsBos: engine.addBos },
      {
        ...options,
        maxTokens: 32,
        model: {
          id: options.model.id,
          name: options.model.name,
          source: options.model.source,
          backend: 'native',
          quant: options.model.quant,
          engineVersion: engine.engineVersion,
          threads: options.threads ?? 1,
        },
      },
      repoRoot,
    );
  } finally {
    await engine.dispose();
  }
}
