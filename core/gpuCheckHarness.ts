import type { GpuReport } from './capabilityReport';
import type { ChoiceScore, ComputePlacement, ModelSpec } from './engine';

/**
 * What `npm run gpu:check` (scripts/gpuCheck.ts) and the GPU check page it drives in Chromium
 * (harness/gpuCheckPage.ts) agree on.
 */

export interface AdapterFacts {
  gpu: GpuReport | null;
  features: string[];
  limits: Record<string, number>;
}

export interface PlacementRun {
  compute: ComputePlacement | null;
  loadMs: number;
  text: string;
  completionTokens: number;
  decodeTokensPerSecond: number;
  prefillTokensPerSecond: number;
  letterScores: ChoiceScore[];
}

declare global {
  interface Window {
    bedsideGpuCheck: {
      adapter(): Promise<AdapterFacts>;
      run(spec: ModelSpec, prompt: string, maxTokens: number): Promise<PlacementRun>;
    };
  }
}
