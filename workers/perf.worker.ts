import * as Comlink from 'comlink';
import { browserHostDeps } from './browserHostDeps';
import { createEngineHost } from './engineHost';

/**
 * The perf harness's worker: the app's own handler, plus the baseline its overhead is measured
 * against, which the production worker does not offer.
 */
const host = createEngineHost(browserHostDeps);

const perfApi = {
  ...host.api,
  /** The same scoring calls as a run, with no runner, storage or progress in between, timed here. */
  async scoreBare(modelId: string, prompts: string[], choices: string[][]): Promise<{ ms: number }> {
    const model = host.engineFor(modelId);
    const signal = host.begin();
    const started = performance.now();
    for (const [i, prompt] of prompts.entries()) await model.scoreChoices(prompt, choices[i] ?? [], signal);
    return { ms: performance.now() - started };
  },
};

export type PerfWorkerApi = typeof perfApi;

Comlink.expose(perfApi);
