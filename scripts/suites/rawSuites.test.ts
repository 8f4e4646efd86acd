/**
 * The shipped multilingual suites, item for item against their raw files in ../shared/datasets/raw:
 * every id, question, option and answer letter is read again here from the raw file, in the raw
 * file's own shape, and compared with public/suites. Counts come from each dataset's SOURCE.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SuiteHeader, SuiteIndex, SuiteItem } from '../../core/suite';
import { parseCsv } from '../../benchmarks/suites/csv';
import { defaultOutDir, defaultRawDir } from '../buildSuites';

const raw = (path: string): string => readFileSync(join(defaultRawDir, path), 'utf8');

function shipped(id: string): { header: SuiteHeader; items: SuiteItem[] } {
  const [head, ...rest] = readFileSync(join(defaultOutDir, `${id}.jsonl`), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
  return { header: head as SuiteHeader, items: rest as SuiteItem[] };
}

const index = JSON.parse(readFileSync(join(defaultOutDir, 'index.json'), 'utf8')) as SuiteIndex;
const entry = (id: string) => index.suites.find((s) => s.id === id);

const UPPER = ['A', 'B', 'C', 'D', 'E'];
const lettered = (texts: string[]) => Object.fromEntries(texts.map((t, i) => [UPPER[i], t]));
/** Raw lower-case answer lists read as a set: upper case, in option order. */
const letterSet = (letters: string[]) => UPPER.filter((l) => letters.map((x) => x.toUpperCase()).includes(l)).join('');
const countBy = <T>(values: T[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<T, number>());

interface IgakuRow {
  problem_id: number;
  problem_text: string;
  choices: string[];
  answer: string[];
}
const igakuRows = (path: string): IgakuRow[] =>
  raw(path)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as IgakuRow);

describe.skipIf(!existsSync(defaultRawDir))('multilingual suites against ../shared/datasets/raw', () => {
  it('CMExam: every usable test item, multi-answer sets kept whole, problem_id 5331 left out', () => {
    const rows = igakuRows('cmexam/cmexam_test.jsonl');
    expect(rows).toHaveLength(6811);
    const { header, items } = shipped('cmexam');
    const damaged = rows.filter((r) => r.answer.some((a) => a.charCodeAt(0) - 97 >= r.choices.length));
    expect(damaged.map((r) => [r.problem_id, r.choices.length, r.answer.join('')])).toEqual([[5331, 4, 'bce']]);
    const expected = rows
      .filter((r) => r.problem_id !== 5331)
      .map((r) => ({
        id: `cmexam/${String(r.problem_id).padStart(4, '0')}`,
        question: r.problem_text,
        options: lettered(r.choices),
        answer: letterSet(r.answer),
      }));
    expect(items).toEqual(expected);
    expect(header).toMatchObject({
      count: 6810,
      language: 'zh',
      sha256_of_source: '8f39d6db21b0491e485931793acfd5105c954bf05149ed0214a7395a10b04f43',
    });
    expect(header.use_restriction).toMatch(/research use only/i);
    // SOURCE.md: 6607 single, 40 with 2, 71 with 3, 69 with 4, 24 with 5 (the damaged item had 3).
    expect(countBy(items.map((i) => i.answer.length))).toEqual(
      new Map([
        [1, 6607],
        [2, 40],
        [3, 70],
        [4, 69],
        [5, 24],
      ]),
    );
    expect(entry('cmexam')).toMatchObject({ count: 6810, multiAnswer: 203, imageItems: 0, language: 'zh' });
  });

  it('MedQA Mainland: all 3426 test items in both option counts, the same right answer text in each', () => {
    const four = shipped('medqa-mainland-4');
    const five = shipped('medqa-mainland-5');
    for (const [suite, path, sha] of [
      [four, 'medqa_mainland/medqa_zh_4op.jsonl', 'e8e8bc6d384f30b1ed13a7800d07cea2c211f47faeee750fac202cab776eccf1'],
      [five, 'medqa_mainland/medqa_zh.jsonl', '7bb0140f496f7880e61d4925d9180f4170439e148ef672976f1814789f8e4520'],
    ] as const) {
      const id = suite.header.suite;
      expect(suite.items).toEqual(
        igakuRows(path).map((r) => ({
          id: `${id}/${String(r.problem_id).padStart(4, '0')}`,
          question: r.problem_text,
          options: lettered(r.choices),
          answer: letterSet(r.answer),
        })),
      );
      expect(suite.header).toMatchObject({ count: 3426, language: 'zh', sha256_of_source: sha });
      expect(suite.header.use_restriction).toBeUndefined();
    }
    expect(Object.fromEntries(countBy(four.items.map((i) => i.answer)))).toEqual({ A: 779, B: 926, C: 902, D: 819 });
    expect(Object.fromEntries(countBy(five.items.map((i) => i.answer)))).toEqual({ A: 601, B: 727, C: 730, D: 735, E: 633 });
    five.items.forEach((item, i) => {
      const other = four.items[i]!;
      expect(other.question).toBe(item.question);
      expect(other.options[other.answer]).toBe(item.options[item.answer]);
    });
  });

  it('CMMLU: the nine medical subjects’ test rows, and five dev exemplars each', () => {
    const { header, items } = shipped('cmmlu-medical');
    const subjects = [
      ['anatomy', 148],
      ['clinical_knowledge', 237],
      ['college_medical_statistics', 106],
      ['college_medicine', 273],
      ['genetics', 176],
      ['nutrition', 145],
      ['professional_medicine', 376],
      ['traditional_chinese_medicine', 185],
      ['virology', 169],
    ] as const;
    const rowsOf = (split: string, subject: string, prefix: string): SuiteItem[] => {
      const csv = parseCsv(raw(`cmmlu_medical/${split}/${subject}.csv`));
      if (!csv.ok) throw new Error(csv.message);
      return csv.records.slice(1).map(({ fields: [n, question, a, b, c, d, answer] }) => ({
        id: `${prefix}${subject}/${n!.padStart(4, '0')}`,
        question: question!,
        options: { A: a!, B: b!, C: c!, D: d! },
        answer: answer!,
        subject,
      }));
    };
    expect(items).toEqual(subjects.flatMap(([s]) => rowsOf('test', s, 'cmmlu-medical/')));
    expect(subjects.map(([s]) => items.filter((i) => i.subject === s).length)).toEqual(subjects.map(([, n]) => n));
    expect(header.fewshot).toEqual(subjects.flatMap(([s]) => rowsOf('dev', s, 'cmmlu-medical/dev/')));
    expect(header.fewshot).toHaveLength(45);
    expect(header).toMatchObject({ count: 1815, language: 'zh', licence: expect.stringMatching(/^CC BY-NC-SA 4\.0/) });
    expect(header.use_restriction).toMatch(/non-commercial/i);
    expect(header.source_files?.find((f) => f.path === 'cmmlu_medical/test/anatomy.csv')?.sha256).toBe(
      'b0488d7a394473ba9f3d6ba92a4a88f9c5b7738bc812b8aaea057218c9cf909c',
    );
    expect(header.source_files?.find((f) => f.path === 'cmmlu_medical/dev/virology.csv')?.sha256).toBe(
      '049ffecfb092b2a6d3299e67737c3a0c468a2e21968adaabb29771e4d2f3197c',
    );
  });

  it('HEAD-QA: both languages, every exam’s questions in file order, the 67 figure items marked', () => {
    interface Exam {
      category: string;
      data: { qid: string; qtext: string; ra: string; image: string; answers: { aid: number; atext: string }[] }[];
    }
    for (const [id, path, sha] of [
      ['headqa-es', 'headqa/es/test_HEAD.json', '5d6e0779bf7456b9c686d5830947bd17cdad9476ee8c7d555ce2a31f38ca51ea'],
      ['headqa-en', 'headqa/en/test_HEAD_EN.json', '41f9f178b5d363ecd665f56ecca42deff7834c66f491617cc2687bbcfccd03b7'],
    ] as const) {
      const exams = (JSON.parse(raw(path)) as { exams: Record<string, Exam> }).exams;
      const { header, items } = shipped(id);
      const expected = Object.entries(exams).flatMap(([name, exam]) =>
        exam.data.map((q) => ({
          id: `${id}/${name}/${q.qid}`,
          question: q.qtext,
          options: lettered(q.answers.map((a) => a.atext)),
          answer: UPPER[Number(q.ra) - 1],
          subject: exam.category,
          ...(q.image ? { image: q.image } : {}),
        })),
      );
      expect(items).toEqual(expected);
      expect(header).toMatchObject({ count: 2742, language: id.slice(-2), sha256_of_source: sha });
      expect(header.use_restriction).toMatch(/14 January 2019/);
      expect(Object.fromEntries(countBy(items.map((i) => i.subject)))).toEqual({
        biology: 454,
        nursery: 455,
        pharmacology: 457,
        medicine: 463,
        psychology: 455,
        chemistry: 458,
      });
      expect(items.filter((i) => i.image)).toHaveLength(67);
      expect(entry(id)).toMatchObject({ imageItems: 67, multiAnswer: 0 });
    }
    expect(shipped('headqa-es').items[0]).toMatchObject({
      question: 'Forma fibras extracelulares con gran resistencia a la tensión:',
      answer: 'B',
      options: { B: 'Colágeno.' },
    });
  });

  it('FrenchMedMCQA: all 622 test items, 321 with one right answer and the rest as sets', () => {
    const rows = JSON.parse(raw('frenchmedmcqa/test.json')) as {
      id: string;
      question: string;
      answers: Record<string, string>;
      correct_answers: string[];
    }[];
    const { header, items } = shipped('frenchmedmcqa');
    expect(items).toEqual(
      rows.map((r) => ({
        id: `frenchmedmcqa/${r.id}`,
        question: r.question,
        options: lettered(['a', 'b', 'c', 'd', 'e'].map((k) => r.answers[k]!)),
        answer: letterSet(r.correct_answers),
      })),
    );
    expect(countBy(items.map((i) => i.answer.length))).toEqual(
      new Map([
        [1, 321],
        [2, 97],
        [3, 141],
        [4, 56],
        [5, 7],
      ]),
    );
    expect(header).toMatchObject({
      count: 622,
      language: 'fr',
      sha256_of_source: 'f53d1682af74558ed58b74c8b422a78199b1a0d4e7f0d47e532c5b4b3411e35e',
    });
    expect(entry('frenchmedmcqa')).toMatchObject({ multiAnswer: 301, imageItems: 0 });
  });
});
