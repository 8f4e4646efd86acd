/**
 * The shipped open-ended suites: against their raw files in ../shared/datasets/raw item for item (each
 * case, question, answer and statement read again here in the raw file's own shape), and on the
 * committed files alone (hashes, validator, notes and licence shipped).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenItem, OpenSuiteHeader } from '../../core/openEnded';
import type { SuiteIndex } from '../../core/suite';
import { parseOpenSuite } from '../../benchmarks/suites/parseOpenSuite';
import { formatSuiteError } from '../../benchmarks/suites/parseSuite';
import { defaultOutDir, defaultRawDir } from '../buildSuites';

const raw = (path: string): string => readFileSync(join(defaultRawDir, path), 'utf8');
const shippedText = (id: string): string => readFileSync(join(defaultOutDir, `${id}.jsonl`), 'utf8');

function shipped(id: string): { header: OpenSuiteHeader; items: OpenItem[] } {
  const [head, ...rest] = shippedText(id)
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
  return { header: head as OpenSuiteHeader, items: rest as OpenItem[] };
}

const index = JSON.parse(readFileSync(join(defaultOutDir, 'index.json'), 'utf8')) as SuiteIndex;

describe('shipped open-ended suites (committed files only)', () => {
  it('are listed apart from the multiple-choice suites', () => {
    expect(index.openSuites?.map((s) => [s.id, s.count, s.language, s.metrics])).toEqual([
      ['example-open-ended', 10, 'en', ['rubric', 'rouge-l', 'bleu-1']],
      ['cmb-clin', 208, 'zh', ['rating']],
      ['kqa', 201, 'en', ['rubric', 'rouge-l', 'bleu-1']],
    ]);
    expect(index.suites.map((s) => s.id)).not.toContain('kqa');
  });

  it.each(index.openSuites ?? [])('$id matches its index entry, passes the validator and ships its notes and licence', (entry) => {
    const text = shippedText(entry.id);
    const sha = createHash('sha256').update(text).digest('hex');
    expect([sha, Buffer.byteLength(text)]).toEqual([entry.sha256, entry.bytes]);
    const result = parseOpenSuite(text, 'jsonl', { sha256: sha });
    if (!result.ok) throw new Error(result.errors.map(formatSuiteError).join('\n'));
    expect(result.suite.header).toMatchObject({
      suite: entry.id,
      count: entry.count,
      licence: entry.licence,
      source: entry.source,
      sha256_of_source: entry.sha256_of_source,
    });
    expect(readFileSync(join(defaultOutDir, '..', entry.sourceNotes), 'utf8')).toMatch(/^# /);
    expect(readFileSync(join(defaultOutDir, '..', entry.licenceFile), 'utf8')).toMatch(/Apache License|MIT License|CC0 1\.0 Universal/);
  });

  it('the sample suite written for Bedside ships as examples/open-ended.jsonl is, CC0, with its disclaimer', () => {
    expect(shippedText('example-open-ended')).toBe(readFileSync(join(defaultOutDir, '../../examples/open-ended.jsonl'), 'utf8'));
    const entry = index.openSuites!.find((e) => e.id === 'example-open-ended')!;
    expect(entry.licence).toBe('CC0-1.0');
    expect(readFileSync(join(defaultOutDir, '..', entry.sourceNotes), 'utf8')).toContain('**Not clinical guidance.**');
  });
});

describe.skipIf(!existsSync(defaultRawDir))('open-ended suites against ../shared/datasets/raw', () => {
  it('CMB-Clin: 74 cases, 208 questions, each case with each of its questions and its answer as the reference', () => {
    const cases = JSON.parse(raw('cmb_clin/CMB-Clin-qa.json')) as {
      id: string;
      title: string;
      description: string;
      QA_pairs: { question: string; answer: string }[];
    }[];
    expect(cases).toHaveLength(74);
    const { header, items } = shipped('cmb-clin');
    const expected = cases.flatMap((c) =>
      c.QA_pairs.map((qa, q) => ({
        id: `cmb-clin/${c.id}/${q + 1}`,
        prompt: `以下是一位病人的病例：${c.description}\n${qa.question}`,
        references: [qa.answer],
        tags: [`case:${c.id}`, `title:${c.title}`],
      })),
    );
    expect(expected).toHaveLength(208);
    expect(items).toEqual(expected);
    // SOURCE.md: QA pairs per case 3×54, 2×14, 4×4, 1×2.
    const perCase = new Map<number, number>();
    for (const c of cases) perCase.set(c.QA_pairs.length, (perCase.get(c.QA_pairs.length) ?? 0) + 1);
    expect(Object.fromEntries(perCase)).toEqual({ 3: 54, 2: 14, 4: 4, 1: 2 });
    expect(header).toMatchObject({
      kind: 'open-ended',
      suite: 'cmb-clin',
      count: 208,
      language: 'zh',
      licence: 'Apache-2.0 (FreedomIntelligence/CMB)',
      sha256_of_source: 'fc4d8d2dbfe7f647e257ceefddc9ab467576e2c4c2978fecba70f38d3c27c07e',
      source_files: [
        { path: 'cmb_clin/CMB-Clin-qa.json', sha256: 'fc4d8d2dbfe7f647e257ceefddc9ab467576e2c4c2978fecba70f38d3c27c07e', bytes: 261255 },
      ],
    });
    // Hand-checked: case 0 is the hernia case of the CMB README, its first question asks for the diagnosis.
    expect(items[0]!.prompt).toMatch(/^以下是一位病人的病例：现病史\n（1）病史摘要\n {5}病人，男，49岁/);
    expect(items[0]!.prompt).toMatch(/\n简述该病人的诊断及诊断依据。$/);
    expect(items[0]!.references![0]).toMatch(/^诊断：嵌顿性腹股沟斜疝合并肠梗阻。/);
  });

  it('K-QA: 201 questions, the physician answer as reference, every non-empty statement as two criteria', () => {
    const rows = raw('kqa/questions_w_answers.jsonl')
      .trimEnd()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            Question: string;
            Free_form_answer: string;
            Must_have: string[];
            Nice_to_have: string[];
            ICD_10_diag: string | null;
          },
      );
    expect(rows).toHaveLength(201);
    // SOURCE.md: 892 must-have and 697 nice-to-have statements, 1,589 in all; three of them are empty.
    const all = rows.flatMap((r) => [...r.Must_have, ...r.Nice_to_have]);
    expect([rows.flatMap((r) => r.Must_have).length, rows.flatMap((r) => r.Nice_to_have).length]).toEqual([892, 697]);
    expect(all.filter((s) => s.trim() === '')).toHaveLength(3);
    const { header, items } = shipped('kqa');
    expect(items).toHaveLength(201);
    rows.forEach((row, i) => {
      const item = items[i]!;
      expect(item.id).toBe(`kqa/${String(i + 1).padStart(3, '0')}`);
      expect(item.prompt).toBe(row.Question);
      expect(item.references).toEqual([row.Free_form_answer]);
      const must = row.Must_have.map((s) => s.trim()).filter(Boolean);
      const nice = row.Nice_to_have.map((s) => s.trim()).filter(Boolean);
      const entail = item.rubric!.filter((c) => c.points > 0);
      const contra = item.rubric!.filter((c) => c.points < 0);
      expect(entail.map((c) => [c.criterion, c.points])).toEqual([
        ...must.map((s) => [`States or implies: ${s}`, 2]),
        ...nice.map((s) => [`States or implies: ${s}`, 1]),
      ]);
      expect(contra.map((c) => c.criterion)).toEqual([...must, ...nice].map((s) => `Contradicts: ${s}`));
      expect(contra.every((c) => c.points === -2 && c.tags.includes('kqa:contradiction'))).toBe(true);
      expect(item.tags).toEqual(row.ICD_10_diag ? [`diagnosis:${row.ICD_10_diag.trim()}`] : undefined);
    });
    expect(items.flatMap((i) => i.rubric!).length).toBe(2 * (1589 - 3));
    expect(header).toMatchObject({
      suite: 'kqa',
      count: 201,
      language: 'en',
      licence: 'MIT (Copyright (c) 2023 Itay Manes)',
      sha256_of_source: '1d4204665e2c9e50c3c348b8ad1de2ddf5d90205c3efaea0eb38135192272c6f',
    });
    // Hand-checked: the first question is about Lexapro, with 11 must-have and 3 nice-to-have statements.
    expect(items[0]!.prompt).toBe('Alright so I dont know much about Lexapro would you tell me more about it?');
    expect(items[0]!.rubric!.filter((c) => c.tags.includes('kqa:must-have') && c.points > 0)).toHaveLength(11);
    expect(items[0]!.rubric![10]!.criterion).toBe(
      'States or implies: Lexapro is not approved for use in pediatric patients less than 12 years of age.',
    );
  });
});
