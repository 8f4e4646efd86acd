/**
 * HealthBench JSONL as openai/simple-evals publishes and reads it (healthbench_eval.py), one conversation
 * per line:
 *   prompt                  [{role, content}], ending with the user's turn
 *   rubrics                 [{criterion, points, tags}] (RubricItem.from_dict: all three required)
 *   example_tags            [string], e.g. "theme:emergency_referrals"
 *   prompt_id               string, unique
 *   ideal_completions_data  null, or {ideal_completion, ideal_completions_group, ideal_completions_ref_completions}
 * Other fields (`canary`) are ignored. The physician-written `ideal_completion` becomes the item's
 * reference; `ideal_completions_ref_completions` are model answers shown to physicians, not references.
 */
import type { OpenItem } from '../../core/openEnded';
import { checkPrompt, checkRubric, checkStringList, checkText } from './openItemFields';
import { finishOpenSuite, type OpenRow, type ParseOpenSuiteOptions, type ParseOpenSuiteResult } from './parseOpenSuite';
import type { SuiteError } from './parseSuite';
import { isRecord, jsonObjectLines, render, type Fail } from './suiteFields';

/** A HealthBench line is told from Bedside's own by these fields. */
export function looksLikeHealthBench(values: Record<string, unknown>): boolean {
  return 'prompt_id' in values && 'rubrics' in values;
}

function checkIdeal(value: unknown, fail: Fail): string | null | undefined {
  if (value === null || value === undefined) return null;
  const field = 'ideal_completions_data';
  if (!isRecord(value)) {
    fail(
      field,
      `expected null or an object {ideal_completion, ideal_completions_group, ideal_completions_ref_completions} but got ${render(value)}`,
    );
    return undefined;
  }
  const ideal = checkText(value.ideal_completion, `${field}.ideal_completion`, fail);
  checkText(value.ideal_completions_group, `${field}.ideal_completions_group`, fail);
  const refs = value.ideal_completions_ref_completions;
  if (refs !== undefined) checkStringList(refs, `${field}.ideal_completions_ref_completions`, fail, { distinct: false, nonEmpty: false });
  return ideal;
}

function checkHealthBenchItem(values: Record<string, unknown>, fail: Fail): OpenItem | undefined {
  let failed = false;
  const f: Fail = (field, message) => {
    failed = true;
    fail(field, message);
  };
  const id = checkText(values.prompt_id, 'prompt_id', f);
  const prompt = checkPrompt(values.prompt, 'prompt', f);
  if (typeof prompt === 'string') f('prompt', 'expected an array of {role, content} messages but got a string');
  const rubric = checkRubric(values.rubrics, 'rubrics', f, { tagsRequired: true });
  const tags = checkStringList(values.example_tags, 'example_tags', f, { distinct: true, nonEmpty: false });
  const ideal = checkIdeal(values.ideal_completions_data, f);
  if (failed || id === undefined || prompt === undefined || rubric === undefined || tags === undefined) return undefined;
  const item: OpenItem = { id, prompt, rubric };
  if (ideal) item.references = [ideal];
  if (tags.length > 0) item.tags = tags;
  return item;
}

export function importHealthBench(text: string, options: ParseOpenSuiteOptions): ParseOpenSuiteResult {
  const errors: SuiteError[] = [];
  const rows: OpenRow[] = [];
  for (const { line, values } of jsonObjectLines(text, errors)) {
    const item = checkHealthBenchItem(values, (field, message) => errors.push({ line, field, message }));
    if (item) rows.push({ line, item, idField: 'prompt_id' });
  }
  return finishOpenSuite(
    rows,
    errors,
    {
      line: 1,
      stated: {},
      defaults: { source: 'HealthBench JSONL (openai/simple-evals format), imported file', licence: 'unknown', metrics: ['rubric'] },
    },
    options,
  );
}
