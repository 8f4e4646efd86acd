import { expect, test } from 'vitest';
import { usageLine } from './usageLine';

test('a reply names its tokens, time to first token and rate', () => {
  expect(usageLine({ completionTokens: 42, timeToFirstTokenMs: 119.6, decodeTokensPerSecond: 35.24 })).toBe(
    '42 tokens · first token 120 ms · 35.2 tok/s',
  );
});

test('one token is singular and has no rate', () => {
  expect(usageLine({ completionTokens: 1, timeToFirstTokenMs: 80, decodeTokensPerSecond: 0 })).toBe('1 token · first token 80 ms');
});

test('a reply stopped before its first token says so without a time or rate', () => {
  expect(usageLine({ completionTokens: 0, timeToFirstTokenMs: 0, decodeTokensPerSecond: 0 })).toBe('0 tokens');
});
