import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from './benchmarkCli';

describe('npm run bench -- --gpu-layers', () => {
  it('is Auto unless given', () => {
    expect(parseBenchArgs(['--suite', 'medqa-usmle-4'])).toMatchObject({ gpuLayers: 'auto' });
  });

  it('takes all, cpu or a number of layers', () => {
    expect(parseBenchArgs(['--suite', 'medqa-usmle-4', '--gpu-layers', 'all'])).toMatchObject({ gpuLayers: 'all' });
    expect(parseBenchArgs(['--suite', 'medqa-usmle-4', '--gpu-layers', 'cpu'])).toMatchObject({ gpuLayers: 'cpu' });
    expect(parseBenchArgs(['--suite', 'medqa-usmle-4', '--gpu-layers=20'])).toMatchObject({ gpuLayers: 20 });
  });

  it('refuses anything else with the accepted values', () => {
    expect(() => parseBenchArgs(['--suite', 'medqa-usmle-4', '--gpu-layers', 'most'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--suite', 'medqa-usmle-4', '--gpu-layers', 'most'])).toThrow(
      '--gpu-layers expects auto, all, cpu or a whole number of layers, got "most".',
    );
  });
});
