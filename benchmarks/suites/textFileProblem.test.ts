import { describe, expect, test } from 'vitest';
import { formatSuiteError } from './parseSuite';
import { parseSuiteFile } from './suiteFile';

async function errors(name: string, text: string): Promise<string[]> {
  const parsed = await parseSuiteFile(name, text);
  return parsed.ok ? [] : parsed.errors.map(formatSuiteError);
}

describe('suite files that are not suites at all', () => {
  test('an empty or blank file is refused as empty', async () => {
    expect(await errors('quiz.csv', '')).toEqual([expect.stringMatching(/^line 1: the file is empty/)]);
    expect(await errors('quiz.jsonl', ' \n\n ')).toEqual([expect.stringMatching(/^line 1: the file is empty/)]);
  });

  test('a binary file (a GGUF picked by mistake, bytes that are not UTF-8) is refused as not text', async () => {
    const gguf = new TextDecoder().decode(new Uint8Array([0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0, 0xff, 0xfe, 0x80, 0x81]));
    expect(await errors('model.csv', gguf)).toEqual([expect.stringMatching(/not text \(it looks binary/)]);
    expect(await errors('sheet.csv', '\uFFFD'.repeat(50) + 'a,b\n')).toEqual([expect.stringMatching(/not text/)]);
  });

  test('a CSV with a quoted newline is accepted, the newline kept in the question', async () => {
    const parsed = await parseSuiteFile('ward.csv', 'id,question,A,B,answer\nq1,"Line one\nline two",yes,no,A\n');
    expect(parsed.ok && parsed.suite.items[0]?.question).toBe('Line one\nline two');
  });
});
