import { expect, test } from 'vitest';
import { formatBytes, formatDuration, RateMeter } from './format';

test('bytes are shown in binary units', () => {
  expect(formatBytes(0)).toBe('0 B');
  expect(formatBytes(512)).toBe('512 B');
  expect(formatBytes(1_185_376)).toBe('1.1 MB');
  expect(formatBytes(2.2 * 1024 ** 3)).toBe('2.2 GB');
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
