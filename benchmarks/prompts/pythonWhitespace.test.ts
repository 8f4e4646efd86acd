import { describe, expect, it } from 'vitest';
import { pythonRstrip, pythonStrip } from './pythonWhitespace';

describe('Python whitespace stripping', () => {
  it('strips what str.isspace holds, and not U+FEFF, unlike JavaScript trim', () => {
    expect(pythonStrip(' \t\nWhich nerve? \u3000\x85')).toBe('Which nerve?');
    expect(pythonRstrip('Answer:\x1c\x1f ')).toBe('Answer:');
    expect(pythonStrip('\ufeffx\ufeff')).toBe('\ufeffx\ufeff');
    expect(pythonRstrip('  keep leading  ')).toBe('  keep leading');
  });
});
