import { describe, expect, it } from 'vitest';
import type { Availability, PathVerdict } from './availability';
import { ALL_GPU_LAYERS, gpuLayerCountProblem, parseGpuLayers, resolveGpuLayers } from './gpuLayers';

const path = (possible: boolean): PathVerdict => ({
  possible,
  reason: '',
  memory: {
    precision: 'fast',
    weightsBytes: 1,
    kvCacheBytes: 0,
    computeBytes: 0,
    attentionBytes: 0,
    totalBytes: 1,
    largestTensorBytes: 1,
    fromShape: false,
  },
});
const verdict = (gpu: boolean): Availability => ({
  runnable: true,
  backend: 'wllama',
  reason: '',
  warnings: [],
  paths: { webgpu: path(gpu), cpu: path(true) },
});

describe('resolveGpuLayers', () => {
  it('offloads all layers on Auto where the GPU path is possible, none where it is not', () => {
    expect(resolveGpuLayers('auto', verdict(true))).toBe(ALL_GPU_LAYERS);
    expect(resolveGpuLayers('auto', verdict(false))).toBe(0);
    expect(resolveGpuLayers('auto', null)).toBeUndefined();
  });

  it('keeps All, CPU only and a number whatever the device', () => {
    expect(resolveGpuLayers('all', verdict(false))).toBe(ALL_GPU_LAYERS);
    expect(resolveGpuLayers('cpu', verdict(true))).toBe(0);
    expect(resolveGpuLayers(12, verdict(false))).toBe(12);
  });
});

describe('parseGpuLayers', () => {
  it('reads auto, all, cpu and whole numbers, and nothing else', () => {
    expect(['auto', 'ALL', ' cpu ', '20', '0'].map(parseGpuLayers)).toEqual(['auto', 'all', 'cpu', 20, 0]);
    expect(['-1', '2.5', 'gpu', ''].map(parseGpuLayers)).toEqual([null, null, null, null]);
  });
});

describe('gpuLayerCountProblem', () => {
  it('takes a whole number up to the model’s layers, and says the range otherwise', () => {
    expect(gpuLayerCountProblem('0', 5)).toBeNull();
    expect(gpuLayerCountProblem('5', 5)).toBeNull();
    expect(gpuLayerCountProblem('999', 5)).toBe(
      'Layers on the GPU must be a whole number from 0 to 5, the layers this model has; “999” was not kept.',
    );
    expect(gpuLayerCountProblem('2.5', 5)).toMatch(/^Layers on the GPU must be a whole number from 0 to 5/);
    expect(gpuLayerCountProblem('-1', 5)).toMatch(/^Layers on the GPU must be/);
    expect(gpuLayerCountProblem('', 5)).toMatch(/^Layers on the GPU must be/);
  });

  it('without the model’s shape, any whole number is taken (llama.cpp caps it at the model’s count)', () => {
    expect(gpuLayerCountProblem('999', undefined)).toBeNull();
    expect(gpuLayerCountProblem('x', undefined)).toBe('Layers on the GPU must be a whole number, 0 or more; “x” was not kept.');
  });
});
