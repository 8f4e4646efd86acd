import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonStrip } from '../prompts/pythonWhitespace';
import { cmmluLettered, fewshotTemplate, renderPrompt } from '../prompts/templates';
import { parseSuite } from './parseSuite';
import type { SuiteItem } from '../../core/suite';

const file = join(import.meta.dirname, '../../public/suites/cmmlu-medical.jsonl');
const parsed = parseSuite(readFileSync(file, 'utf8'), { sha256: 'test', format: 'jsonl' });
if (!parsed.ok) throw new Error('cmmlu-medical.jsonl does not parse');
const { items, header } = parsed.suite;

/** lm-eval's per-subject `description`, copied from its cmmlu_<subject>.yaml files (v0.4.9.1). */
const LM_EVAL_DESCRIPTIONS: Record<string, string> = {
  anatomy: '以下是关于解剖学的单项选择题，请直接给出正确答案的选项。\n\n',
  clinical_knowledge: '以下是关于临床知识的单项选择题，请直接给出正确答案的选项。\n\n',
  college_medical_statistics: '以下是关于大学医学统计的单项选择题，请直接给出正确答案的选项。\n\n',
  college_medicine: '以下是关于大学医学的单项选择题，请直接给出正确答案的选项。\n\n',
  genetics: '以下是关于遗传学的单项选择题，请直接给出正确答案的选项。\n\n',
  nutrition: '以下是关于营养学的单项选择题，请直接给出正确答案的选项。\n\n',
  professional_medicine: '以下是关于专业医学的单项选择题，请直接给出正确答案的选项。\n\n',
  traditional_chinese_medicine: '以下是关于中医中药的单项选择题，请直接给出正确答案的选项。\n\n',
  virology: '以下是关于病毒学的单项选择题，请直接给出正确答案的选项。\n\n',
};

/** `_default_template_yaml`'s doc_to_text: "{{Question.strip()}}\nA. {{A}}\nB. {{B}}\nC. {{C}}\nD. {{D}}\n答案：". */
function docToText(item: SuiteItem): string {
  const { A, B, C, D } = item.options;
  return `${pythonStrip(item.question)}\nA. ${A}\nB. ${B}\nC. ${C}\nD. ${D}\n答案：`;
}

/**
 * lm-eval's context with `num_fewshot` n and the `first_n` sampler over the dev split: description, then
 * for each of the first n dev docs doc_to_text + target_delimiter " " + the gold choice + fewshot_delimiter
 * "\n\n", then the doc's own doc_to_text (ConfigurableTask.fewshot_context, ContextSampler.get_context).
 */
function lmEvalContext(item: SuiteItem, n: number): string {
  const subject = item.subject ?? '';
  const dev = (header.fewshot ?? []).filter((d) => d.subject === subject).slice(0, n);
  return LM_EVAL_DESCRIPTIONS[subject] + dev.map((d) => `${docToText(d)} ${d.answer}\n\n`).join('') + docToText(item);
}

describe('cmmlu-medical prompts are lm-eval’s', () => {
  it('has questions with surrounding whitespace, which lm-eval strips', () => {
    expect(items.filter((i) => i.question !== i.question.trim()).length).toBeGreaterThanOrEqual(2);
  });

  it('renders every item zero-shot exactly as lm-eval’s description + doc_to_text', () => {
    const mismatches = items.filter((item) => renderPrompt(cmmluLettered, item) !== lmEvalContext(item, 0)).map((i) => i.id);
    expect(mismatches).toEqual([]);
    expect(items).toHaveLength(1815);
  });

  it('renders every item 5-shot from the dev split exactly as lm-eval’s first_n context', () => {
    const fiveShot = fewshotTemplate(cmmluLettered, 'cmmluLettered5shot', header.fewshot ?? [], 5);
    const mismatches = items.filter((item) => renderPrompt(fiveShot, item) !== lmEvalContext(item, 5)).map((i) => i.id);
    expect(mismatches).toEqual([]);
    const first = renderPrompt(fiveShot, items[0]!);
    expect(first.startsWith('以下是关于解剖学的单项选择题，请直接给出正确答案的选项。\n\n壁胸膜的分部不包括\nA. 肋胸膜\n')).toBe(true);
    expect(first.split('\n答案： ')).toHaveLength(6);
  });

  it('refuses an n-shot protocol a subject has too few exemplars for', () => {
    expect(() => fewshotTemplate(cmmluLettered, 'x', (header.fewshot ?? []).slice(1), 5)).toThrow(/anatomy has 4 few-shot exemplars/);
  });
});
