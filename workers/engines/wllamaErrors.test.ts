import { expect, test } from 'vitest';
import { mapWllamaLoadError } from './wllamaErrors';

const spec = { name: 'Test model', url: 'https://example.org/m.gguf' };

test('an HTTP 404 says the model was not found at its URL', () => {
  const e = mapWllamaLoadError(new Error('Failed to fetch https://example.org/m.gguf: HTTP 404'), spec);
  expect(e.name).toBe('ModelLoadFailed');
  expect(e.message).toContain('HTTP 404');
  expect(e.message).toContain('not found');
  expect(e.message).toContain('https://example.org/m.gguf');
});

test('a gated model (403) tells the user to bring the file themselves', () => {
  expect(mapWllamaLoadError(new Error('HTTP 403'), spec).message).toMatch(/gated/);
});

test('a load failure names the model and suggests the file is truncated', () => {
  const e = mapWllamaLoadError(new Error('Failed to load model'), { name: 'Broken', file: new File(['x'], 'broken.gguf') });
  expect(e.name).toBe('ModelLoadFailed');
  expect(e.message).toContain('broken.gguf');
  expect(e.message).toMatch(/truncated/);
});

test('storage and memory failures get their own kinds', () => {
  const quota = new Error('over');
  quota.name = 'QuotaExceededError';
  expect(mapWllamaLoadError(quota, spec).name).toBe('QuotaExceeded');
  expect(mapWllamaLoadError(new RangeError('Array buffer allocation failed'), spec).name).toBe('OutOfMemory');
});
