import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionContinuations } from '../prompts/choices';
import { headqa, renderPrompt } from '../prompts/templates';
import { parseSuite } from './parseSuite';

describe.each(['headqa-es', 'headqa-en'])('%s prompts are lm-eval’s', (id) => {
  const parsed = parseSuite(readFileSync(join(import.meta.dirname, `../../public/suites/${id}.jsonl`), 'utf8'), {
    sha256: 'test',
    format: 'jsonl',
  });
  if (!parsed.ok) throw new Error(`${id}.jsonl does not parse`);
  const items = parsed.suite.items;

  /**
   * lm-eval's headqa_en.yaml (headqa_es includes it): doc_to_text "Question: {{qtext}}\nAnswer:", the
   * choices the four `atext`s, each scored after target_delimiter " ", and doc_to_target "{{ra - 1}}".
   */
  it('renders every item as doc_to_text and scores the answer texts', () => {
    const mismatches = items.filter((item) => renderPrompt(headqa, item) !== `Question: ${item.question}\nAnswer:`).map((i) => i.id);
    expect(mismatches).toEqual([]);
    for (const item of items) {
      expect(optionContinuations(item)).toEqual(['A', 'B', 'C', 'D'].map((l) => ` ${item.options[l]}`));
    }
    expect(items).toHaveLength(2742);
  });
});
