import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSuiteError, type ParseSuiteResult } from './parseSuite';
import { parseSuiteFile } from './suiteFile';

const root = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function accepted(result: ParseSuiteResult) {
  if (!result.ok) throw new Error(result.errors.map(formatSuiteError).join('\n'));
  return result.suite;
}

/** The README's examples are these files, and they import as a user's file would. */
describe.each(['examples/custom-suite.jsonl', 'examples/custom-suite.csv'])('%s', (path) => {
  it('is shown in full in the README', () => {
    expect(read('README.md').includes(read(path).trim()), `README.md should show ${path} verbatim`).toBe(true);
  });
});

describe('the example suites import cleanly through the app’s validator', () => {
  it('JSONL: the header sets id, name, version, template and modes; three items, one with five options, one with context', async () => {
    const suite = accepted(await parseSuiteFile('custom-suite.jsonl', read('examples/custom-suite.jsonl')));
    expect(suite.items).toHaveLength(3);
    expect(suite.header).toMatchObject({
      suite: 'example-acute-care',
      name: 'Example: acute care',
      version: 1,
      licence: 'CC0-1.0',
      count: 3,
      prompt_template: 'Question: {question}\nOptions:\n{options}\nAnswer:',
      scoring: 'letter-logprob',
      modes: ['letter-logprob', 'generative'],
    });
    expect(Object.keys(suite.items[1]!.options)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(suite.items[2]!.context).toContain('randomised trial');
    expect(suite.items.map((i) => i.subject)).toEqual(['cardiology', 'emergency medicine', 'evidence']);
  });

  it('CSV: id and name come from the file name; an empty trailing option cell means fewer options', async () => {
    const text = read('examples/custom-suite.csv');
    const suite = accepted(await parseSuiteFile('custom-suite.csv', text));
    expect(suite.items).toHaveLength(3);
    expect(suite.header).toMatchObject({ suite: 'custom-custom-suite', name: 'custom-suite', version: 1, count: 3 });
    expect(suite.items.map((i) => Object.keys(i.options).length)).toEqual([4, 4, 5]);
    expect(suite.items[0]!.explanation).toBe('Protamine binds heparin, neutralising it.');
    expect(suite.items[1]!.explanation).toBeUndefined();
  });

  it('a header whose version is the string "1" is refused, as the README says', async () => {
    const text = read('examples/custom-suite.jsonl').replace('"version": 1', '"version": "1"');
    const result = await parseSuiteFile('custom-suite.jsonl', text);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map(formatSuiteError)).toEqual(['line 1, field "version": expected a positive integer but got "1"']);
  });
});
