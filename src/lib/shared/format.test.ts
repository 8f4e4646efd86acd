import { expect, test } from 'vitest';
import { formatBytes, formatDuration, formatParameters, plural, RateMeter, SIZE_UNIT_NOTE } from './format';

test('bytes are shown in one unit system, decimal, as Hugging Face lists file sizes', () => {
  expect(formatBytes(0)).toBe('0 B');
  expect(formatBytes(512)).toBe('512 B');
  expect(formatBytes(1_185_376)).toBe('1.2 MB');
  // MedGemma 4B Q4_K_M: listed as 2.49 GB, so the table and every note say 2.5 GB.
  expect(formatBytes(2_490_000_000)).toBe('2.5 GB');
  expect(formatBytes(999_999)).toBe('1.0 MB');
  expect(formatBytes(4 * 1024 ** 3)).toBe('4.3 GB');
  expect(SIZE_UNIT_NOTE).toContain('1 GB = 10⁹ bytes');
});

test('parameter counts read as K, M or B', () => {
  expect(formatParameters(292_800)).toBe('293 K');
  expect(formatParameters(60_200_000)).toBe('60.2 M');
  expect(formatParameters(3.21e9)).toBe('3.2 B');
});

test('counts take the singular only for exactly one', () => {
  expect(plural(1, 'item')).toBe('1 item');
  expect(plural(0, 'item')).toBe('0 items');
  expect(plural(2, 'thread')).toBe('2 threads');
});

test('durations read naturally', () => {
  expect(formatDuration(5.4)).toBe('5 s');
  expect(formatDuration(125)).toBe('2 min 5 s');
  expect(formatDuration(3 * 3600 + 60)).toBe('3 h 1 min');
  expect(formatDuration(NaN)).toBe('—');
});

test('the rate meter reports speed and time left over its window', () => {
  const m = new RateMeter(3000);
  expect(Number.isNaN(m.add(0, 0, 1000).etaSeconds)).toBe(true);
  const r = m.add(2000, 200, 1000);
  expect(r.perSecond).toBe(100);
  expect(r.etaSeconds).toBe(8);
});

test('a stall shows as a falling speed once old samples leave the window', () => {
  const m = new RateMeter(3000);
  m.add(0, 0, 1000);
  m.add(1000, 500, 1000);
  const stalled = m.add(10_000, 500, 1000);
  expect(stalled.perSecond).toBe(0);
  expect(Number.isNaN(stalled.etaSeconds)).toBe(true);
});
