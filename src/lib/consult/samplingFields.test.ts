import { describe, expect, test } from 'vitest';
import { parseSamplingField, samplingProblems } from './samplingFields';

describe('temperature', () => {
  test.each([
    ['0', 0],
    ['0.7', 0.7],
    ['1.5', 1.5],
  ])('%s is accepted', (raw, value) => expect(parseSamplingField('temperature', raw, 2048)).toBe(value));
  test.each(['-1', '-0.01', '', 'abc'])('%j is refused', (raw) =>
    expect(typeof parseSamplingField('temperature', raw, 2048)).toBe('string'),
  );
});

describe('top-p', () => {
  test.each([
    ['1', 1],
    ['0.05', 0.05],
  ])('%s is accepted', (raw, value) => expect(parseSamplingField('topP', raw, 2048)).toBe(value));
  test.each(['0', '-0.5', '1.01', ' '])('%j is refused', (raw) => {
    expect(parseSamplingField('topP', raw, 2048)).toMatch(/Top-p must be more than 0 and at most 1|Enter a number/);
  });
});

describe('max tokens', () => {
  test('1 and the whole context are the bounds', () => {
    expect(parseSamplingField('maxTokens', '1', 2048)).toBe(1);
    expect(parseSamplingField('maxTokens', '2048', 2048)).toBe(2048);
  });
  test('0, fractions and more than the context are refused, naming the context', () => {
    expect(parseSamplingField('maxTokens', '0', 2048)).toMatch(/at least 1/);
    expect(parseSamplingField('maxTokens', '2.5', 2048)).toMatch(/whole number/);
    expect(parseSamplingField('maxTokens', '2049', 2048)).toBe("Max tokens must be at most the model's context window, 2048 tokens.");
  });
  test('before a model is loaded only the lower bound applies', () => {
    expect(parseSamplingField('maxTokens', '100000', null)).toBe(100000);
  });
});

test('stored settings are checked against the context of the model loaded now', () => {
  expect(samplingProblems({ temperature: 0.7, topP: 0.95, maxTokens: 512 }, 2048)).toEqual({});
  expect(samplingProblems({ temperature: -1, topP: 0, maxTokens: 4096 }, 2048)).toEqual({
    temperature: expect.stringContaining('0 or more'),
    topP: expect.stringContaining('more than 0'),
    maxTokens: expect.stringContaining('2048'),
  });
});
