import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSuiteError } from './parseSuite';
import { detectOpenSuiteFormat, isOpenSuiteFile, parseOpenSuiteFile } from './openSuiteFile';
import { parseOpenSuite, type ParseOpenSuiteResult } from './parseOpenSuite';
import { serializeOpenSuite } from './serializeOpenSuite';

const root = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const sha = '0'.repeat(64);

function accepted(result: ParseOpenSuiteResult) {
  if (!result.ok) throw new Error(result.errors.map(formatSuiteError).join('\n'));
  return result.suite;
}

function refused(result: ParseOpenSuiteResult): string[] {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors.map(formatSuiteError);
}

const jsonl = (...rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');

describe('the open-ended examples import through their format’s validator', () => {
  it('Bedside JSONL: the sample suite, ten items with rubrics, references and themes, CC0 and not clinical guidance', async () => {
    const result = await parseOpenSuiteFile('open-ended.jsonl', read('examples/open-ended.jsonl'));
    expect(result.format).toBe('bedside-jsonl');
    const suite = accepted(result);
    expect(suite.header).toMatchObject({
      kind: 'open-ended',
      suite: 'example-open-ended',
      licence: 'CC0-1.0',
      count: 10,
      language: 'en',
      metrics: ['rubric', 'rouge-l', 'bleu-1'],
    });
    expect(suite.header.source).toContain('not clinical guidance');
    expect(suite.items.every((i) => i.rubric && i.references && i.tags?.[0]?.startsWith('theme:'))).toBe(true);
    expect(suite.items.every((i) => i.rubric!.some((c) => c.points < 0))).toBe(true);
    const conversation = suite.items.find((i) => i.id === 'sample-04')!.prompt;
    expect(Array.isArray(conversation) && conversation.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('HealthBench JSONL: prompt_id is the id, rubrics the rubric, example_tags the tags, the ideal completion a reference', async () => {
    const result = await parseOpenSuiteFile('healthbench.jsonl', read('examples/open-ended-healthbench.jsonl'));
    expect(result.format).toBe('healthbench-jsonl');
    const suite = accepted(result);
    expect(suite.header).toMatchObject({ suite: 'custom-healthbench', metrics: ['rubric'], count: 3, licence: 'unknown' });
    expect(suite.items.map((i) => i.id)).toEqual(['bedside-example-0001', 'bedside-example-0002', 'bedside-example-0003']);
    expect(suite.items[0]!.references).toBeUndefined(); // ideal_completions_data: null
    expect(suite.items[1]!.references?.[0]).toMatch(/^A sudden, severe headache/);
    expect(suite.items[0]!.rubric![0]).toEqual({
      criterion: 'Tells the user to call emergency services immediately',
      points: 10,
      tags: ['axis:accuracy'],
    });
    expect(suite.items[0]!.tags).toEqual(['theme:emergency_referrals']);
  });

  it('MedS-Bench task JSON: Definition[0] is the system message, input the user message, every output a reference', async () => {
    const result = await parseOpenSuiteFile('handover.json', read('examples/open-ended-medsbench.json'));
    expect(result.format).toBe('medsbench-json');
    const suite = accepted(result);
    expect(suite.header).toMatchObject({ suite: 'custom-handover', metrics: ['rouge-l', 'bleu-1'], count: 3, language: 'en' });
    expect(suite.header.source).toMatch(/^MedS-Bench task JSON \(Written for Bedside/);
    const [first] = suite.items;
    expect(first!.id).toBe('handover-1');
    expect(first!.prompt).toEqual([
      { role: 'system', content: expect.stringMatching(/^Summarise the clinical note in one sentence/) as unknown as string },
      { role: 'user', content: expect.stringMatching(/^72-year-old woman admitted/) as unknown as string },
    ]);
    expect(first!.references).toEqual([expect.stringMatching(/^72-year-old woman with community-acquired pneumonia/)]);
  });

  it('Bedside CSV: id, prompt, reference; ids and names from the file name; reference metrics by default', async () => {
    const result = await parseOpenSuiteFile('short-answers.csv', read('examples/open-ended.csv'));
    expect(result.format).toBe('bedside-csv');
    const suite = accepted(result);
    expect(suite.header).toMatchObject({
      suite: 'custom-short-answers',
      name: 'short-answers',
      metrics: ['rouge-l', 'bleu-1', 'exact-match', 'token-f1'],
    });
    expect(suite.items[1]).toEqual({
      id: 'short-2',
      prompt: 'What is the first-line drug treatment for anaphylaxis, and by which route?',
      references: ['Intramuscular adrenaline (epinephrine)'],
    });
  });

  it('round-trips: serialized and parsed again, each example is the same suite', async () => {
    for (const [name, path] of [
      ['a.jsonl', 'examples/open-ended.jsonl'],
      ['b.jsonl', 'examples/open-ended-healthbench.jsonl'],
      ['c.json', 'examples/open-ended-medsbench.json'],
      ['d.csv', 'examples/open-ended.csv'],
    ] as const) {
      const suite = accepted(await parseOpenSuiteFile(name, read(path)));
      const again = accepted(parseOpenSuite(serializeOpenSuite(suite), 'jsonl', { sha256: sha }));
      expect(again).toEqual(suite);
    }
  });
});

describe('broken open-ended files are refused naming the line and field', () => {
  it('Bedside JSONL: roles, the last turn, points, tags, ids, references and the header', () => {
    const text = jsonl(
      { kind: 'open-ended', count: 9, metrics: ['rubric', 'bleu-2'] },
      { id: 'a', prompt: [{ role: 'doctor', content: 'Hi' }], rubric: [{ criterion: 'x', points: 1 }] },
      {
        id: 'b',
        prompt: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello' },
        ],
        rubric: [{ criterion: 'x', points: 1 }],
      },
      {
        id: 'c',
        prompt: 'Q',
        rubric: [
          { criterion: 'x', points: 0 },
          { criterion: '', points: 11, tags: ['axis:a', 'axis:a'] },
        ],
      },
      { id: 'a', prompt: 'Q', reference: 'R', references: ['R'], rubric: [{ criterion: 'x', points: '5' }] },
    );
    expect(refused(parseOpenSuite(`${text}\nnot json`, 'jsonl', { sha256: sha }))).toEqual([
      'line 1, field "count": expected 4 (the number of items in the file) but got 9',
      'line 1, field "metrics": expected a non-empty list of distinct metrics from rouge-l, bleu-1, exact-match, token-f1, rubric, rating but got an array',
      'line 2, field "prompt[0].role": expected one of system, user, assistant but got "doctor"',
      'line 3, field "prompt[1].role": expected the conversation to end with a "user" message but it ends with "assistant"',
      'line 4, field "rubric[0].points": expected a number from -10 to 10, not 0, but got 0',
      'line 4, field "rubric[1].criterion": expected a non-empty string but got ""',
      'line 4, field "rubric[1].points": expected a number from -10 to 10, not 0, but got 11',
      'line 4, field "rubric[1].tags[1]": expected each entry once but "axis:a" is also rubric[1].tags[0]',
      'line 5, field "references": expected either "reference" (one) or "references" (several), not both',
      'line 5, field "rubric[0].points": expected a number from -10 to 10, not 0, but got "5"',
      expect.stringMatching(/^line 6: expected a JSON object but the line is not valid JSON/),
    ]);
  });

  it('Bedside JSONL: a metric the items cannot be scored by, and a repeated id', () => {
    const text = jsonl(
      { suite: 's', metrics: ['rubric', 'token-f1'] },
      { id: 'a', prompt: 'Q', reference: 'R' },
      { id: 'a', prompt: 'Q', rubric: [{ criterion: 'c', points: 2 }] },
    );
    expect(refused(parseOpenSuite(text, 'jsonl', { sha256: sha }))).toEqual([
      'line 2, field "rubric": expected a rubric: the suite is scored by "rubric"',
      'line 3, field "id": expected a unique id but "a" was already used on line 2',
      'line 3, field "references": expected at least one reference: the suite is scored by token-f1',
    ]);
  });

  it('Bedside CSV: unknown and missing columns, and a short row', () => {
    expect(refused(parseOpenSuite('id,question,answer\n1,Q,A\n', 'csv', { sha256: sha }))).toEqual([
      'line 1, field "question": expected only the columns id, prompt, reference',
      'line 1, field "answer": expected only the columns id, prompt, reference',
      'line 1, field "prompt": expected a column named "prompt" in the header row',
      'line 1, field "reference": expected a column named "reference" in the header row',
    ]);
    expect(refused(parseOpenSuite('ID, Prompt ,reference\n1,"two\nlines",R\n2,Q\n', 'csv', { sha256: sha }))).toEqual([
      'line 4: expected 3 fields (one per header column) but got 2',
    ]);
    // An empty reference cell is no reference, so a suite of such items is graded by ratings.
    const rated = accepted(parseOpenSuite('id,prompt,reference\n1,"Describe, briefly",\n', 'csv', { sha256: sha }));
    expect(rated.items).toEqual([{ id: '1', prompt: 'Describe, briefly' }]);
    expect(rated.header.metrics).toEqual(['rating']);
  });

  it('HealthBench JSONL: each field of a conversation, its rubric and its ideal completion', async () => {
    const good = JSON.parse(read('examples/open-ended-healthbench.jsonl').split('\n')[1]!) as Record<string, unknown>;
    const text = jsonl(
      {
        ...good,
        rubrics: [
          { criterion: 'c', points: '5', tags: [] },
          { criterion: 'd', points: 5 },
        ],
      },
      { ...good, prompt_id: 'other', prompt: 'Hi', example_tags: 'theme:x' },
      { ...good, prompt_id: 'third', ideal_completions_data: { ideal_completions_group: 'Group 1' } },
      good,
      { ...good, canary: 'a repeated conversation' },
    );
    const result = await parseOpenSuiteFile('hb.jsonl', text);
    expect(result.format).toBe('healthbench-jsonl');
    expect(refused(result)).toEqual([
      'line 1, field "rubrics[0].points": expected a number from -10 to 10, not 0, but got "5"',
      'line 1, field "rubrics[1].tags": expected an array of strings but got nothing',
      'line 2, field "prompt": expected an array of {role, content} messages but got a string',
      'line 2, field "example_tags": expected an array of strings but got "theme:x"',
      'line 3, field "ideal_completions_data.ideal_completion": expected a non-empty string but got nothing',
      'line 5, field "prompt_id": expected a unique id but "bedside-example-0002" was already used on line 4',
    ]);
  });

  it('MedS-Bench JSON: the line of the bad instance, a missing Definition, and a syntax error', async () => {
    const lines = read('examples/open-ended-medsbench.json').split('\n');
    const at = lines.findIndex((l) => l.includes('"id": "handover-2"'));
    const broken = [...lines];
    broken[at] = broken[at]!.replace('"id": "handover-2"', '"id": ""');
    broken[at + 2] = broken[at + 2]!.replace('"output": [', '"outputs": [');
    const bad = await parseOpenSuiteFile('task.json', broken.join('\n'));
    expect(refused(bad)).toEqual([
      `line ${at}, field "Instances[1].id": expected a non-empty string but got ""`,
      `line ${at}, field "Instances[1].output": expected a non-empty array of strings but got nothing`,
    ]);
    expect(refused(await parseOpenSuiteFile('task.json', '{"Instances": []}'))).toEqual([
      'line 1, field "Definition": expected a non-empty array of strings (the task\'s instruction first) but got nothing',
    ]);
    expect(refused(await parseOpenSuiteFile('task.json', '{\n  "Definition": ["x"],\n  "Instances": [,]\n}'))).toEqual([
      'line 3: not valid JSON: unexpected ","',
    ]);
  });

  it('tells the formats apart by extension and first record', () => {
    expect(detectOpenSuiteFormat('x.jsonl', '{"prompt_id": "p", "rubrics": []}\n')).toBe('healthbench-jsonl');
    expect(detectOpenSuiteFormat('x.jsonl', '{"Definition": ["d"], "Instances": []}')).toBe('medsbench-json');
    expect(detectOpenSuiteFormat('x.txt', '{\n  "Definition": ["d"]\n}')).toBe('medsbench-json');
    expect(detectOpenSuiteFormat('x.jsonl', '\uFEFF{"id": "a", "prompt": "q"}')).toBe('bedside-jsonl');
    expect(detectOpenSuiteFormat('x.txt', 'id,prompt,reference\n')).toBe('bedside-csv');
  });

  it('tells open-ended files from multiple-choice ones, so each goes to its own validator', () => {
    for (const path of [
      'examples/open-ended.jsonl',
      'examples/open-ended.csv',
      'examples/open-ended-healthbench.jsonl',
      'examples/open-ended-medsbench.json',
    ]) {
      expect(isOpenSuiteFile(path, read(path)), path).toBe(true);
    }
    for (const path of ['examples/custom-suite.jsonl', 'examples/custom-suite.csv'])
      expect(isOpenSuiteFile(path, read(path)), path).toBe(false);
    expect(isOpenSuiteFile('a.jsonl', jsonl({ suite: 's' }, { id: 'a', prompt: 'Q' }))).toBe(true);
  });
});
