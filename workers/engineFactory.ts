import type { Engine, ModelSpec } from '../core/engine';

/** Engines load lazily (dynamic import), so the page shell and an idle worker never carry their code. */
export async function createEngine(backend: ModelSpec['backend']): Promise<Engine> {
  if (backend === 'webllm') return (await import('./engines/webllm')).createWebLlmEngine();
  if (backend === 'endpoint') return (await import('./engines/endpoint/endpointEngine')).createEndpointEngine();
  return (await import('./engines/wllama')).createWllamaEngine();
}
