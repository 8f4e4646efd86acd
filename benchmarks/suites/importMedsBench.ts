/**
 * A MedS-Bench task file (MAGIC-AI4Med/MedS-Ins README "Data Format"): one JSON object with
 *   Definition  [string]: the task's instruction; MedS-Bench's zero-shot runs use Definition[0]
 *   Instances   [{id, input, output}]: output a string or [string] (EvalDataset reads output[0] when a list)
 *   Source, Input_language, Output_language, …  metadata; Output_language names the answers' language
 * An item's prompt is MedS-Bench's zero-shot Llama 3 layout, the instruction as the system message and the
 * input as the user's (EvalDataset.build_inputs_for_llama3); every output is a reference. Scored, as
 * MedS-Bench scores its generation tasks, by ROUGE-L and BLEU-1.
 */
import type { OpenItem } from '../../core/openEnded';
import { parseJsonWithLines } from './jsonWithLines';
import { checkStringList, checkText } from './openItemFields';
import { finishOpenSuite, type OpenRow, type ParseOpenSuiteOptions, type ParseOpenSuiteResult } from './parseOpenSuite';
import type { SuiteError } from './parseSuite';
import { isRecord, render, stripBom } from './suiteFields';

/** MedS-Ins language names, as its task files spell them, and their BCP 47 tags. */
const LANGUAGES: Record<string, string> = {
  English: 'en',
  Chinese: 'zh',
  Japanese: 'ja',
  French: 'fr',
  Spanish: 'es',
  Russian: 'ru',
  Korean: 'ko',
  German: 'de',
};

export function importMedsBench(text: string, options: ParseOpenSuiteOptions): ParseOpenSuiteResult {
  const parsed = parseJsonWithLines(stripBom(text));
  if (!parsed.ok) return { ok: false, errors: [{ line: parsed.line, message: parsed.message }], truncated: false };
  const { value: task, lineOf } = parsed;
  const errors: SuiteError[] = [];
  if (!isRecord(task))
    return {
      ok: false,
      errors: [{ line: 1, message: `expected a task object {Definition, Instances} but got ${render(task)}` }],
      truncated: false,
    };
  const taskLine = lineOf(task) ?? 1;
  const fail = (line: number) => (field: string, message: string) => errors.push({ line, field, message });

  let instruction: string | undefined;
  const definition = task.Definition;
  if (Array.isArray(definition) && definition.length > 0)
    instruction = checkText(definition[0], 'Definition[0]', fail(lineOf(definition) ?? taskLine));
  else fail(taskLine)('Definition', `expected a non-empty array of strings (the task's instruction first) but got ${render(definition)}`);

  const rows: OpenRow[] = [];
  const instances = task.Instances;
  if (!Array.isArray(instances)) {
    fail(taskLine)('Instances', `expected an array of {id, input, output} but got ${render(instances)}`);
  } else {
    instances.forEach((instance: unknown, i) => {
      const at = `Instances[${i}]`;
      const line = (isRecord(instance) ? lineOf(instance) : undefined) ?? lineOf(instances) ?? taskLine;
      const f = fail(line);
      if (!isRecord(instance)) {
        f(at, `expected an instance {id, input, output} but got ${render(instance)}`);
        return;
      }
      const rawId = instance.id;
      const id = typeof rawId === 'number' && Number.isInteger(rawId) ? String(rawId) : checkText(rawId, `${at}.id`, f);
      const input = checkText(instance.input, `${at}.input`, f);
      const output = instance.output;
      let references: string[] | undefined;
      if (typeof output !== 'string') references = checkStringList(output, `${at}.output`, f, { distinct: false, nonEmpty: true });
      else if (checkText(output, `${at}.output`, f) !== undefined) references = [output];
      if (id === undefined || input === undefined || references === undefined || instruction === undefined) return;
      const item: OpenItem = {
        id,
        prompt: [
          { role: 'system', content: instruction },
          { role: 'user', content: input },
        ],
        references,
      };
      rows.push({ line, item, idField: `${at}.id` });
    });
  }
  const source = Array.isArray(task.Source) && typeof task.Source[0] === 'string' ? task.Source[0] : undefined;
  const outputLanguage = Array.isArray(task.Output_language) ? task.Output_language[0] : task.Output_language;
  const language = typeof outputLanguage === 'string' ? LANGUAGES[outputLanguage.trim()] : undefined;
  const defaults = {
    source: `MedS-Bench task JSON${source ? ` (${source})` : ''}, imported file`,
    licence: 'unknown',
    metrics: ['rouge-l' as const, 'bleu-1' as const],
    ...(language ? { language } : {}),
  };
  return finishOpenSuite(rows, errors, { line: taskLine, stated: {}, defaults }, options);
}
