import { expect, test } from 'vitest';
import { insertTemplate } from './insertTemplate';

test('an empty message box takes the example as is', () => {
  expect(insertTemplate('', 'A 58-year-old man')).toBe('A 58-year-old man');
  expect(insertTemplate('  \n', 'A 58-year-old man')).toBe('A 58-year-old man');
});

test('text already typed is kept, with the example inserted above it', () => {
  expect(insertTemplate('my own notes', 'A 58-year-old man')).toBe('A 58-year-old man\n\nmy own notes');
});

test('picking the same template twice does not stack the example, and a template without one changes nothing', () => {
  expect(insertTemplate('A 58-year-old man\n\nmy notes', 'A 58-year-old man')).toBe('A 58-year-old man\n\nmy notes');
  expect(insertTemplate('my notes', '')).toBe('my notes');
});
