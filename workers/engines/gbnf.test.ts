import { describe, expect, test } from 'vitest';
import { gbnfLiteral } from './gbnf';

describe('gbnfLiteral', () => {
  test('wraps plain text in quotes', () => {
    expect(gbnfLiteral(' B')).toBe('" B"');
  });
  test('escapes quotes, backslashes and control characters so the grammar still parses', () => {
    expect(gbnfLiteral('say "no"\\\n\t\r')).toBe('"say \\"no\\"\\\\\\n\\t\\r"');
    expect(gbnfLiteral('\u0001')).toBe('"\\x01"');
  });
  test('keeps non-ASCII text as UTF-8', () => {
    expect(gbnfLiteral(' café μg')).toBe('" café μg"');
  });
});
