import { describe, expect, test } from 'vitest';
import type { CapabilityReport } from '../../../core/capabilityReport';
import { catalog } from '../../../models/catalog';
import { DeviceStore } from './device.svelte';

const noAdapter: CapabilityReport = {
  webgpuApi: true,
  gpu: null,
  crossOriginIsolated: true,
  hardwareConcurrency: 8,
  storage: { quotaBytes: 10e9, usageBytes: 1e9, persisted: false },
};
const withF16Gpu: CapabilityReport = {
  ...noAdapter,
  gpu: {
    vendor: 'acme',
    architecture: 'rdna',
    description: '',
    isFallbackAdapter: false,
    shaderF16: true,
    maxBufferSize: 4 * 2 ** 30,
    maxStorageBufferBindingSize: 2 ** 30,
  },
};

const bundled = catalog.find((e) => e.id === 'stories260K')!;
const webllm = catalog.find((e) => e.backend === 'webllm' && e.requiresF16)!;

describe('DeviceStore with an injected probe', () => {
  test('knows nothing until the first probe answers, then judges each model by the report', async () => {
    const device = new DeviceStore(async () => noAdapter);
    expect(device.report).toBeNull();
    expect(device.availabilityOf(bundled)).toBeNull();

    await device.probe();
    expect(device.report).toEqual(noAdapter);
    expect(device.availabilityOf(bundled)).toMatchObject({ runnable: true, backend: 'wllama', threads: 4 });
    const gpuModel = device.availabilityOf(webllm)!;
    expect(gpuModel.runnable).toBe(false);
    expect(gpuModel.reason).toContain('No WebGPU adapter');
  });

  test('a second probe replaces the report, and the verdicts follow it', async () => {
    const reports = [noAdapter, withF16Gpu];
    const device = new DeviceStore(async () => reports.shift()!);
    await device.probe();
    expect(device.availabilityOf(webllm)?.runnable).toBe(false);
    await device.probe();
    expect(device.report?.gpu?.vendor).toBe('acme');
    expect(device.availabilityOf(webllm)?.runnable).toBe(true);
  });

  test('asking for persistent storage probes again, so the page shows the new state', async () => {
    let probes = 0;
    const device = new DeviceStore(async () => {
      probes++;
      return noAdapter;
    });
    const granted = await device.requestPersistence();
    expect(typeof granted).toBe('boolean');
    expect(probes).toBe(1);
    expect(device.report).toEqual(noAdapter);
  });

  test('a failing probe leaves the previous report in place and rejects', async () => {
    let fail = false;
    const device = new DeviceStore(async () => {
      if (fail) throw new Error('probe broke');
      return noAdapter;
    });
    await device.probe();
    fail = true;
    await expect(device.probe()).rejects.toThrow('probe broke');
    expect(device.report).toEqual(noAdapter);
  });
});

test('the default probe reads this Chromium itself', async () => {
  const device = new DeviceStore();
  await device.probe();
  expect(device.report?.hardwareConcurrency).toBe(navigator.hardwareConcurrency);
  expect(device.report?.crossOriginIsolated).toBe(globalThis.crossOriginIsolated === true);
  expect(device.report?.storage?.quotaBytes).toBeGreaterThan(0);
  expect(device.availabilityOf(bundled)?.runnable).toBe(true);
});
