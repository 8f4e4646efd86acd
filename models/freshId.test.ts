import { expect, test } from 'vitest';
import { freshId } from './freshId';

test('an id already taken gets the next free suffix; a free one is kept', () => {
  expect(freshId('custom:file:copy.gguf', [])).toBe('custom:file:copy.gguf');
  expect(freshId('custom:file:copy.gguf', ['custom:file:copy.gguf'])).toBe('custom:file:copy.gguf#2');
  expect(freshId('a', ['a', 'a#2'])).toBe('a#3');
});
