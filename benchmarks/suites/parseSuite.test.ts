import { describe, expect, it } from 'vitest';
import { formatSuiteError, MAX_SUITE_ERRORS, parseSuite } from './parseSuite';
import type { SuiteError } from './parseSuite';

const SHA = 'a'.repeat(64);

function jsonl(...rows: unknown[]): string {
  return rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');
}

function item(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, question: `Question ${id}?`, options: { A: 'one', B: 'two', C: 'three', D: 'four' }, answer: 'B', ...extra };
}

function errorsOf(text: string, options: Partial<Parameters<typeof parseSuite>[1]> = {}): SuiteError[] {
  const result = parseSuite(text, { sha256: SHA, ...options });
  if (result.ok) throw new Error('expected the parse to fail');
  return result.errors;
}

function suiteOf(text: string, options: Partial<Parameters<typeof parseSuite>[1]> = {}) {
  const result = parseSuite(text, { sha256: SHA, ...options });
  if (!result.ok) throw new Error(result.errors.map(formatSuiteError).join('\n'));
  return result.suite;
}

describe('parseSuite, JSONL', () => {
  it('reads items without a header and fills the header from options and the hash', () => {
    const suite = suiteOf(jsonl(item('q1'), item('q2', { subject: 'anatomy', context: 'Some abstract.' })), {
      id: 'my-suite',
      name: 'My suite',
    });
    expect(suite.header).toEqual({
      suite: 'my-suite',
      version: 1,
      name: 'My suite',
      source: 'imported file',
      licence: 'unknown',
      sha256_of_source: SHA,
      count: 2,
    });
    expect(suite.items[1]).toEqual({ ...item('q2'), subject: 'anatomy', context: 'Some abstract.' });
  });

  it('keeps the explanation of an item, so the classroom can show it on reveal', () => {
    const suite = suiteOf(jsonl(item('q1', { explanation: 'Because two.' }), item('q2', { explanation: ' ' })));
    expect(suite.items[0]?.explanation).toBe('Because two.');
    expect(suite.items[1]).not.toHaveProperty('explanation');
    expect(errorsOf(jsonl(item('q1', { explanation: 3 })))).toEqual([
      { line: 1, field: 'explanation', message: 'expected a string but got 3' },
    ]);
  });

  it('derives a suite id from the hash when nothing names it', () => {
    expect(suiteOf(jsonl(item('q1'))).header.suite).toBe('custom-aaaaaaaaaaaa');
  });

  it('reads a header record with name, prompt_template and scoring', () => {
    const header = {
      name: 'Cardiology quiz',
      prompt_template: 'Context: {context}\n{question}\n{options}\nAnswer:',
      scoring: 'generative',
    };
    const suite = suiteOf(jsonl(header, item('q1')));
    expect(suite.header.name).toBe('Cardiology quiz');
    expect(suite.header.prompt_template).toBe(header.prompt_template);
    expect(suite.header.scoring).toBe('generative');
    expect(suite.items).toHaveLength(1);
  });

  it('keeps a shipped header, its own sha256_of_source and source_files', () => {
    const header = {
      suite: 'medqa-usmle-4',
      version: 2,
      name: 'MedQA',
      source: 'raw.jsonl',
      licence: 'MIT',
      sha256_of_source: 'b'.repeat(64),
      count: 1,
      source_files: [{ path: 'raw.jsonl', sha256: 'b'.repeat(64), bytes: 10 }],
    };
    expect(suiteOf(jsonl(header, item('q1'))).header).toEqual(header);
  });

  it('ignores blank lines, CRLF line ends and a byte-order mark, and counts lines physically', () => {
    const text = `\uFEFF${JSON.stringify(item('q1'))}\r\n\r\n${JSON.stringify(item('q2'))}\r\n`;
    expect(suiteOf(text).items.map((i) => i.id)).toEqual(['q1', 'q2']);
    const bad = `\n\n${JSON.stringify(item('q1', { answer: 'E' }))}\n`;
    expect(errorsOf(bad)).toEqual([{ line: 3, field: 'answer', message: 'expected one of A, B, C, D but got "E"' }]);
  });

  it('puts option keys in letter order', () => {
    const suite = suiteOf(jsonl(item('q1', { options: { B: 'two', A: 'one' }, answer: 'A' })));
    expect(Object.keys(suite.items[0]?.options ?? {})).toEqual(['A', 'B']);
  });

  it('treats empty subject and context as absent', () => {
    const suite = suiteOf(jsonl(item('q1', { subject: '', context: null })));
    expect(suite.items[0]).not.toHaveProperty('subject');
    expect(suite.items[0]).not.toHaveProperty('context');
  });

  it('reports an answer that is not an option, formatted with line and field', () => {
    const errors = errorsOf(jsonl(item('1'), item('2'), item('3'), item('4'), item('5'), item('6'), item('7', { answer: 'E' })));
    expect(errors).toEqual([{ line: 7, field: 'answer', message: 'expected one of A, B, C, D but got "E"' }]);
    expect(formatSuiteError(errors[0] as SuiteError)).toBe('line 7, field "answer": expected one of A, B, C, D but got "E"');
  });

  it('reports lowercase and numeric answers', () => {
    expect(errorsOf(jsonl(item('q1', { answer: 'b' }), item('q2', { answer: 1 })))).toEqual([
      { line: 1, field: 'answer', message: 'expected one of A, B, C, D but got "b"' },
      { line: 2, field: 'answer', message: 'expected one of A, B, C, D but got 1' },
    ]);
  });

  it('reads a multi-answer item as its letters in option order, and refuses other sets', () => {
    expect(suiteOf(jsonl(item('q1', { answer: 'ACD' }))).items[0]?.answer).toBe('ACD');
    expect(errorsOf(jsonl(item('q1', { answer: 'CA' }), item('q2', { answer: 'AAB' }), item('q3', { answer: 'AE' })))).toEqual(
      ['"CA"', '"AAB"', '"AE"'].map((got, i) => ({
        line: i + 1,
        field: 'answer',
        message: `expected a multi-answer item's letters, distinct and in option order like "AC", from A, B, C, D but got ${got}`,
      })),
    );
  });

  it('keeps the figure an item needs, and checks its type', () => {
    expect(suiteOf(jsonl(item('q1', { image: './img/1.png' }))).items[0]?.image).toBe('./img/1.png');
    expect(errorsOf(jsonl(item('q1', { image: true })))).toEqual([{ line: 1, field: 'image', message: 'expected a string but got true' }]);
  });

  it('reads language, use_restriction and few-shot exemplars from the header, checked like items', () => {
    const header = {
      suite: 'zh-quiz',
      language: 'zh',
      use_restriction: 'Research use only.',
      fewshot: [item('dev-1', { subject: 'anatomy' })],
    };
    expect(suiteOf(jsonl(header, item('q1'))).header).toMatchObject({
      language: 'zh',
      use_restriction: 'Research use only.',
      fewshot: [{ ...item('dev-1'), subject: 'anatomy' }],
    });
    const bad = { suite: 'zh-quiz', language: 'Chinese', use_restriction: '', fewshot: [item('dev-1', { answer: 'X' }), 3] };
    expect(errorsOf(jsonl(bad, item('q1')))).toEqual([
      { line: 1, field: 'language', message: 'expected a BCP 47 language tag such as "en", "zh" or "pt-BR" but got "Chinese"' },
      { line: 1, field: 'use_restriction', message: 'expected a non-empty string but got ""' },
      { line: 1, field: 'fewshot[0].answer', message: 'expected one of A, B, C, D but got "X"' },
      { line: 1, field: 'fewshot[1]', message: 'expected an item object but got 3' },
    ]);
  });

  it('reports duplicate ids with the line of first use', () => {
    expect(errorsOf(jsonl(item('q1'), item('q2'), item('q1')))).toEqual([
      { line: 3, field: 'id', message: 'expected a unique id but "q1" was already used on line 1' },
    ]);
  });

  it('reports missing and empty ids and questions', () => {
    const noId = item('x');
    delete noId.id;
    expect(errorsOf(jsonl(noId, item('q2', { question: '   ' }), item('', {}), item('q4', { question: 7 })))).toEqual([
      { line: 1, field: 'id', message: 'expected a non-empty string but got nothing' },
      { line: 2, field: 'question', message: 'expected a non-empty string but got "   "' },
      { line: 3, field: 'id', message: 'expected a non-empty string but got ""' },
      { line: 4, field: 'question', message: 'expected a non-empty string but got 7' },
    ]);
  });

  it('requires ids to be strings', () => {
    expect(errorsOf(jsonl(item('q1', { id: 12 })))).toEqual([{ line: 1, field: 'id', message: 'expected a non-empty string but got 12' }]);
  });

  it('reports fewer than 2 options', () => {
    expect(errorsOf(jsonl(item('q1', { options: { A: 'only' }, answer: 'A' })))).toEqual([
      { line: 1, field: 'options', message: 'expected at least 2 options but got 1' },
    ]);
  });

  it('reports option keys that are not consecutive letters from A', () => {
    expect(errorsOf(jsonl(item('q1', { options: { A: 'x', C: 'y' }, answer: 'A' })))).toEqual([
      { line: 1, field: 'options', message: 'expected the keys A, B but got A, C' },
    ]);
    expect(errorsOf(jsonl(item('q1', { options: { a: 'x', b: 'y' }, answer: 'a' })))[0]?.field).toBe('options');
  });

  it('reports options that are not an object, and empty option texts by letter', () => {
    expect(errorsOf(jsonl(item('q1', { options: ['x', 'y'] }), item('q2', { options: { A: 'x', B: '' } })))).toEqual([
      { line: 1, field: 'options', message: 'expected an object of letter to option text, like {"A": "…", "B": "…"}, but got an array' },
      { line: 2, field: 'options.B', message: 'expected a non-empty string but got ""' },
    ]);
  });

  it('reports a missing answer even when options are broken', () => {
    expect(errorsOf(jsonl(item('q1', { options: 'nope', answer: undefined })))).toEqual([
      { line: 1, field: 'options', message: 'expected an object of letter to option text, like {"A": "…", "B": "…"}, but got "nope"' },
      { line: 1, field: 'answer', message: 'expected an option letter but got nothing' },
    ]);
  });

  it('reports a subject that is not a string', () => {
    expect(errorsOf(jsonl(item('q1', { subject: 3 })))).toEqual([{ line: 1, field: 'subject', message: 'expected a string but got 3' }]);
  });

  it('reports bad JSON and non-object lines without a field', () => {
    const errors = errorsOf(jsonl(item('q1'), '{"id": "q2", "question": ', '[1, 2]', item('q4')));
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, undefined],
      [3, undefined],
    ]);
    expect(errors[0]?.message).toMatch(/^expected a JSON object but the line is not valid JSON \(/);
    expect(errors[1]?.message).toBe('expected a JSON object but got an array');
  });

  it('validates every line and reports all errors in line order', () => {
    const errors = errorsOf(jsonl({ name: 'Quiz', count: 3 }, item('q1', { answer: 'Z' }), item('q2'), item('q2', { question: '' })));
    expect(errors).toEqual([
      { line: 2, field: 'answer', message: 'expected one of A, B, C, D but got "Z"' },
      { line: 4, field: 'id', message: 'expected a unique id but "q2" was already used on line 3' },
      { line: 4, field: 'question', message: 'expected a non-empty string but got ""' },
    ]);
  });

  it('checks the header count against the items', () => {
    expect(errorsOf(jsonl({ name: 'Quiz', count: 5 }, item('q1'), item('q2')))).toEqual([
      { line: 1, field: 'count', message: 'expected 2 (the number of items in the file) but got 5' },
    ]);
  });

  it('rejects prompt templates without {question} or with unknown placeholders', () => {
    expect(errorsOf(jsonl({ name: 'Q', prompt_template: 'Answer {answer}: {options}' }, item('q1')))).toEqual([
      { line: 1, field: 'prompt_template', message: 'expected only the placeholders {question}, {options}, {context} but got "{answer}"' },
      { line: 1, field: 'prompt_template', message: 'expected the placeholder {question} but the template does not contain it' },
    ]);
    expect(errorsOf(jsonl({ name: 'Q', prompt_template: '{question} {Question}' }, item('q1')))).toEqual([
      {
        line: 1,
        field: 'prompt_template',
        message: 'expected only the placeholders {question}, {options}, {context} but got "{Question}"',
      },
    ]);
  });

  it('rejects unknown scoring modes and malformed header fields', () => {
    expect(
      errorsOf(
        jsonl(
          {
            suite: 'x',
            name: '',
            version: 0,
            scoring: 'vibes',
            sha256_of_source: 'ABC',
            source_files: [{ path: 'a', sha256: 'x', bytes: -1 }],
          },
          item('q1'),
        ),
      ),
    ).toEqual([
      { line: 1, field: 'name', message: 'expected a non-empty string but got ""' },
      { line: 1, field: 'version', message: 'expected a positive integer but got 0' },
      { line: 1, field: 'sha256_of_source', message: 'expected 64 lowercase hex digits but got "ABC"' },
      { line: 1, field: 'scoring', message: 'expected one of letter-logprob, option-logprob, generative but got "vibes"' },
      { line: 1, field: 'source_files[0].sha256', message: 'expected 64 lowercase hex digits but got "x"' },
      { line: 1, field: 'source_files[0].bytes', message: 'expected a non-negative integer but got -1' },
    ]);
  });

  it('treats a header-like record after the first line as an item', () => {
    expect(errorsOf(jsonl(item('q1'), { name: 'late header' }))[0]).toEqual({
      line: 2,
      field: 'id',
      message: 'expected a non-empty string but got nothing',
    });
  });

  it('rejects a file without items', () => {
    expect(errorsOf('')).toEqual([{ line: 1, message: 'expected at least one item but the file has none' }]);
    expect(errorsOf(jsonl({ name: 'empty' }), { format: 'jsonl' })).toEqual([
      { line: 1, message: 'expected at least one item but the file has none' },
    ]);
  });

  it(`reports at most ${MAX_SUITE_ERRORS} errors and says more were found`, () => {
    const rows = Array.from({ length: 80 }, (_, i) => item(`q${i}`, { answer: 'X' }));
    const result = parseSuite(jsonl(...rows), { sha256: SHA });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(MAX_SUITE_ERRORS);
    expect(result.truncated).toBe(true);
    expect(result.errors.at(-1)?.line).toBe(MAX_SUITE_ERRORS);
    const few = parseSuite(jsonl(...rows.slice(0, 3)), { sha256: SHA, maxErrors: 2 });
    expect(few.ok ? [] : few.errors.map((e) => e.line)).toEqual([1, 2]);
  });
});

describe('parseSuite, CSV', () => {
  const head = 'id,question,A,B,C,D,answer,subject,context';

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = [
      head,
      'q1,"Which, of these?",one,two,three,four,C,anatomy,',
      'q2,"A ""dished face"" profile\nis seen in","x, y",b,c,d,A,,"Para 1\r\nPara 2"',
      '',
    ].join('\r\n');
    const suite = suiteOf(text, { name: 'quiz.csv' });
    expect(suite.header.name).toBe('quiz.csv');
    expect(suite.items).toEqual([
      { id: 'q1', question: 'Which, of these?', options: { A: 'one', B: 'two', C: 'three', D: 'four' }, answer: 'C', subject: 'anatomy' },
      {
        id: 'q2',
        question: 'A "dished face" profile\nis seen in',
        options: { A: 'x, y', B: 'b', C: 'c', D: 'd' },
        answer: 'A',
        context: 'Para 1\nPara 2',
      },
    ]);
  });

  it('reads an explanation column', () => {
    expect(suiteOf('id,question,A,B,answer,explanation\nq1,Q?,yes,no,A,Because yes.\n').items[0]?.explanation).toBe('Because yes.');
  });

  it('sniffs CSV when the text does not start with {', () => {
    expect(suiteOf('id,question,A,B,answer\nq1,Q?,yes,no,A\n').items).toHaveLength(1);
  });

  it('accepts columns in any order, any case, and mixed option counts', () => {
    const text = ['Answer, ID ,Question,a,b,c,d,e', 'E,q1,Q1?,1,2,3,4,5', 'B,q2,Q2?,1,2,3,4,'].join('\n');
    const suite = suiteOf(text);
    expect(suite.items.map((i) => Object.keys(i.options).length)).toEqual([5, 4]);
    expect(suite.items[0]?.answer).toBe('E');
  });

  it("reports answers outside a row's own options, by record start line", () => {
    const text = [head, 'q1,"two\nlines",1,2,3,4,A,,', 'q2,Q?,1,2,3,,D,,'].join('\n');
    expect(errorsOf(text)).toEqual([{ line: 4, field: 'answer', message: 'expected one of A, B, C but got "D"' }]);
  });

  it('reports an empty option before a filled one, by column', () => {
    expect(errorsOf([head, 'q1,Q?,1,,3,4,A,,'].join('\n'))).toEqual([
      { line: 2, field: 'B', message: 'expected a non-empty string but got ""' },
    ]);
  });

  it('reports an empty B even when later options are empty too', () => {
    expect(errorsOf([head, 'q1,Q?,1,,,,A,,'].join('\n'))).toEqual([
      { line: 2, field: 'B', message: 'expected a non-empty string but got ""' },
    ]);
  });

  it('reports rows with the wrong number of fields', () => {
    expect(errorsOf([head, 'q1,Q?,1,2,3,4,A,,', 'q2,Q?,1,2,3,4,A'].join('\n'))).toEqual([
      { line: 3, message: 'expected 9 fields (one per header column) but got 7' },
    ]);
  });

  it('reports duplicate ids and empty questions', () => {
    expect(errorsOf([head, 'q1,Q?,1,2,3,4,A,,', 'q1,,1,2,3,4,A,,'].join('\n'))).toEqual([
      { line: 3, field: 'id', message: 'expected a unique id but "q1" was already used on line 2' },
      { line: 3, field: 'question', message: 'expected a non-empty string but got ""' },
    ]);
  });

  it('requires a header row with the required columns', () => {
    expect(errorsOf('q1,Q?,1,2,A\n')).toEqual([
      { line: 1, field: 'q1', message: 'expected one of the columns id, question, A, B, C, …, answer, subject, context, explanation' },
      { line: 1, field: 'Q?', message: 'expected one of the columns id, question, A, B, C, …, answer, subject, context, explanation' },
      { line: 1, field: '1', message: 'expected one of the columns id, question, A, B, C, …, answer, subject, context, explanation' },
      { line: 1, field: '2', message: 'expected one of the columns id, question, A, B, C, …, answer, subject, context, explanation' },
      { line: 1, field: 'id', message: 'expected a column named "id" in the header row' },
      { line: 1, field: 'question', message: 'expected a column named "question" in the header row' },
      { line: 1, field: 'B', message: 'expected a column named "B" in the header row' },
      { line: 1, field: 'answer', message: 'expected a column named "answer" in the header row' },
    ]);
  });

  it('reports gaps in option columns, duplicated and unknown columns', () => {
    expect(errorsOf('id,question,A,B,D,answer,answer,notes\nq1,Q,1,2,3,A,A,x\n')).toEqual([
      { line: 1, field: 'answer', message: 'expected each column once but "answer" appears again' },
      { line: 1, field: 'notes', message: 'expected one of the columns id, question, A, B, C, …, answer, subject, context, explanation' },
      { line: 1, field: 'D', message: 'expected option columns to be consecutive letters from A, but column C is missing' },
    ]);
  });

  it('reports an unterminated quote at the line where it opens', () => {
    expect(errorsOf([head, 'q1,Q?,1,2,3,4,A,,', 'q2,"never closed,1,2,3,4,A,,', 'q3,Q?,1,2,3,4,A,,'].join('\n'))).toEqual([
      { line: 3, message: 'unterminated quoted field' },
    ]);
  });

  it('reports a stray quote inside an unquoted field and text after a closing quote', () => {
    expect(errorsOf([head, 'q1,Say "hi",1,2,3,4,A,,'].join('\n'))).toEqual([
      { line: 2, message: "unexpected '\"' inside an unquoted field (quote the whole field and double any quote in it)" },
    ]);
    expect(errorsOf([head, 'q1,"Say" hi,1,2,3,4,A,,'].join('\n'))).toEqual([
      { line: 2, message: 'expected \',\' or end of line after a closing quote but got " "' },
    ]);
  });

  it('rejects a header row without items', () => {
    expect(errorsOf(`${head}\n`)).toEqual([{ line: 1, message: 'expected at least one item but the file has none' }]);
  });
});
