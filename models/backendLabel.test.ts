import { describe, expect, it } from 'vitest';
import type { EngineCapabilities } from '../core/engine';
import { backendLabel } from './backendLabel';

const base: Pick<EngineCapabilities, 'info' | 'threads' | 'compute'> = {
  info: { backend: 'wllama', modelId: 'm', quant: 'Q4_K_M', engineVersion: 'wllama b1' },
  threads: 4,
};

describe('backendLabel', () => {
  it('labels all layers on WebGPU as the load log reported them', () => {
    expect(backendLabel({ ...base, compute: { kind: 'webgpu', offloadedLayers: 34, totalLayers: 34, outputOffloaded: true } })).toBe(
      'WebGPU, 34/34 layers',
    );
  });

  it('labels a partial offload with the layer count', () => {
    expect(backendLabel({ ...base, compute: { kind: 'webgpu', offloadedLayers: 10, totalLayers: 34, outputOffloaded: false } })).toBe(
      'WebGPU, 10/34 layers',
    );
  });

  it('labels a CPU placement with its threads', () => {
    expect(backendLabel({ ...base, compute: { kind: 'cpu', threads: 1, reason: 'CPU only was chosen' } })).toBe('CPU, 1 thread');
  });

  it('labels a WebLLM model WebGPU', () => {
    expect(backendLabel({ ...base, info: { ...base.info, backend: 'webllm' } })).toBe('WebGPU');
  });

  it('labels a served model with the host its text goes to, not a thread count', () => {
    const endpoint: EngineCapabilities['endpoint'] = {
      host: '10.0.0.5:8000',
      baseUrl: 'http://10.0.0.5:8000',
      server: { kind: 'vllm', version: '0.9.1' },
      modelId: 'm',
      precision: null,
      capabilities: { chat: { ok: true }, streaming: { ok: true }, 'letter-logprob': { ok: true }, 'option-logprob': { ok: true } },
      concurrency: 4,
    };
    expect(backendLabel({ ...base, threads: 0, info: { ...base.info, backend: 'endpoint' }, endpoint })).toBe('server at 10.0.0.5:8000');
  });
});
