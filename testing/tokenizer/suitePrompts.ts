import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SuiteItem, SuiteSpec } from '../../core/suite';
import { letterContinuations, optionContinuations } from '../../benchmarks/prompts/choices';
import { findBuiltinTemplate, optionLetters, renderPrompt } from '../../benchmarks/prompts/templates';
import { suiteSpecs } from '../../benchmarks/suites/specs';

const SUITES = resolve(import.meta.dirname, '../../public/suites');

export interface ScoredPrompt {
  context: string;
  /** One per option, lm-eval style: a leading space, then the option text or letter. */
  continuations: string[];
}

function items(file: string, count: number): SuiteItem[] {
  const lines = readFileSync(join(SUITES, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  // The first line is the suite header, not an item.
  return lines.slice(1, count + 1).map((line) => JSON.parse(line) as SuiteItem);
}

/** The first `count` items of a shipped suite as its log-prob runs score them: its own template and continuations. */
export function suitePrompts(suiteId: (typeof suiteSpecs)[number]['id'], count: number): ScoredPrompt[] {
  const spec: SuiteSpec | undefined = suiteSpecs.find((s) => s.id === suiteId);
  const template = spec && findBuiltinTemplate(spec.prompt);
  if (!spec || !template) throw new Error(`no template for ${suiteId}`);
  return items(`${suiteId}.jsonl`, count).map((item) => ({
    context: renderPrompt(template, item),
    continuations: spec.defaultMode === 'option-logprob' ? optionContinuations(item) : letterContinuations(optionLetters(item)),
  }));
}

/** Every string a scorer tokenizes for these prompts: each context alone and with each continuation. */
export function promptStrings(prompts: readonly ScoredPrompt[]): string[] {
  return prompts.flatMap((p) => [p.context, ...p.continuations.map((c) => p.context + c)]);
}
