import { expect, test } from 'vitest';
import { wasmThreadCount } from './threadPolicy';

test('without cross-origin isolation the engine runs on one thread', () => {
  expect(wasmThreadCount({ crossOriginIsolated: false, hardwareConcurrency: 16 })).toBe(1);
});

test('isolated pages use half the cores, at least one and at most eight', () => {
  expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 2 })).toBe(1);
  expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 8 })).toBe(4);
  expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 32 })).toBe(8);
  expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 0 })).toBe(1);
});
