import { describe, expect, it } from 'vitest';
import type { EndpointInfo } from '../core/engine';
import { catalog } from './catalog';
import { availability } from './availability';
import { endpointSpecOf, servedEntry, servedHosts } from './servedModel';

const probe: EndpointInfo = {
  host: '10.0.0.5:8000',
  baseUrl: 'http://10.0.0.5:8000',
  server: { kind: 'vllm', version: '0.9.1' },
  modelId: 'epfl-llm/meditron-70b',
  precision: { dtype: 'bfloat16', quantization: 'none', tensorParallel: '8', pipelineParallel: '2' },
  capabilities: { chat: { ok: true }, streaming: { ok: true }, 'letter-logprob': { ok: true }, 'option-logprob': { ok: true } },
  concurrency: 4,
};
const added = {
  id: 'endpoint:http://10.0.0.5:8000#epfl-llm/meditron-70b',
  name: 'epfl-llm/meditron-70b on 10.0.0.5:8000',
  baseUrl: 'http://10.0.0.5:8000',
  host: '10.0.0.5:8000',
  modelId: 'epfl-llm/meditron-70b',
  probe,
};

describe('a served model in the library', () => {
  it('is an endpoint entry naming where it is served and the precision the server reports, with nothing to download', () => {
    const entry = servedEntry(added);
    expect(entry).toMatchObject({
      id: added.id,
      backend: 'endpoint',
      url: 'http://10.0.0.5:8000',
      quant: 'bfloat16',
      sizeBytes: 0,
      memoryBytes: 0,
      served: { baseUrl: 'http://10.0.0.5:8000', host: '10.0.0.5:8000', modelId: 'epfl-llm/meditron-70b' },
    });
    expect(entry.notes).toBe('Served by vllm 0.9.1 at 10.0.0.5:8000.');
    // llama-server reports its weights' type; a server reporting nothing says so.
    expect(servedEntry({ ...added, probe: { ...probe, precision: { weights: 'Q4_K - Medium' } } }).quant).toBe('Q4_K - Medium');
    expect(servedEntry({ ...added, probe: { ...probe, precision: { quantization: 'awq', dtype: 'float16' } } }).quant).toBe('awq');
    expect(servedEntry({ ...added, probe: { ...probe, precision: null } }).quant).toBe('as served');
  });

  it('runs whatever this browser can do, and says its text goes to the host', () => {
    const noGpu = { gpu: null, webgpuApi: false } as unknown as Parameters<typeof availability>[0];
    expect(availability(noGpu, servedEntry(added))).toEqual({
      runnable: true,
      backend: 'endpoint',
      reason: 'Served by 10.0.0.5:8000: your text is sent there.',
      warnings: [],
    });
  });

  it('loads with its own base URL and model id, and the key only when one is set', () => {
    const entry = servedEntry(added);
    expect(endpointSpecOf(entry, undefined)).toEqual({ baseUrl: 'http://10.0.0.5:8000', modelId: 'epfl-llm/meditron-70b' });
    expect(endpointSpecOf(entry, 'sk-1')).toEqual({ baseUrl: 'http://10.0.0.5:8000', modelId: 'epfl-llm/meditron-70b', apiKey: 'sk-1' });
    expect(() => endpointSpecOf(catalog[0]!, 'sk-1')).toThrow('is not a served model');
  });

  it('names each host text goes to once, and none for models in the browser', () => {
    const other = servedEntry({ ...added, id: 'endpoint:http://10.0.0.5:8000#b', modelId: 'b' });
    const elsewhere = servedEntry({
      ...added,
      id: 'endpoint:https://gpu.example.org#c',
      host: 'gpu.example.org',
      baseUrl: 'https://gpu.example.org',
    });
    expect(servedHosts([catalog[0], undefined])).toEqual([]);
    expect(servedHosts([servedEntry(added), catalog[0], other, elsewhere])).toEqual(['10.0.0.5:8000', 'gpu.example.org']);
  });
});
