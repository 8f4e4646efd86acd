import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonStrip } from '../prompts/pythonWhitespace';
import { mmluLettered, renderPrompt } from '../prompts/templates';
import { parseSuite } from './parseSuite';

const file = join(import.meta.dirname, '../../public/suites/mmlu-medical.jsonl');
const parsed = parseSuite(readFileSync(file, 'utf8'), { sha256: 'test', format: 'jsonl' });
if (!parsed.ok) throw new Error('mmlu-medical.jsonl does not parse');
const items = parsed.suite.items;

/**
 * lm-eval's zero-shot MMLU context, written out from its task files rather than from Bedside's
 * template: the subject's `description` ("… about {subject}.\n\n") then `_default_template_yaml`'s
 * doc_to_text "{{question.strip()}}\nA. {{choices[0]}}\n…\nAnswer:". Python's strip() removes
 * str.isspace characters at both ends.
 */
function lmEvalDocToText(item: (typeof items)[number]): string {
  const subject = (item.subject ?? '').replaceAll('_', ' ');
  const question = pythonStrip(item.question);
  const choices = Object.entries(item.options).map(([letter, text]) => `${letter}. ${text}`);
  return `The following are multiple choice questions (with answers) about ${subject}.\n\n${question}\n${choices.join('\n')}\nAnswer:`;
}

describe('mmlu-medical prompts are lm-eval’s', () => {
  it('has items whose questions carry surrounding whitespace, which lm-eval strips', () => {
    expect(items.filter((i) => i.question !== i.question.trim()).length).toBeGreaterThanOrEqual(2);
  });

  it('renders every item exactly as lm-eval’s doc_to_text', () => {
    const mismatches = items.filter((item) => renderPrompt(mmluLettered, item) !== lmEvalDocToText(item)).map((i) => i.id);
    expect(mismatches).toEqual([]);
    expect(items).toHaveLength(1089);
  });
});
