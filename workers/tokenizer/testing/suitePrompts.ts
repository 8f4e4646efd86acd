import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SUITES = resolve(import.meta.dirname, '../../../public/suites');

export interface ScoredPrompt {
  context: string;
  /** One per option, lm-eval style: a leading space, then the option text or letter. */
  continuations: string[];
}

interface SuiteItem {
  question: string;
  options: Record<string, string>;
  context?: string;
}

function items(file: string, count: number): SuiteItem[] {
  const lines = readFileSync(join(SUITES, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  // The first line is the suite header, not an item.
  return lines.slice(1, count + 1).map((line) => JSON.parse(line) as SuiteItem);
}

/** The first `count` items of a shipped suite, rendered roughly as Bedside's benchmark prompts are. */
export function suitePrompts(suite: 'pubmedqa' | 'medqa-usmle-4', count: number): ScoredPrompt[] {
  return items(`${suite}.jsonl`, count).map((item) => {
    const letters = Object.keys(item.options);
    if (suite === 'pubmedqa') {
      return {
        context: `Abstract: ${item.context ?? ''}\nQuestion: ${item.question}\nAnswer:`,
        continuations: letters.map((letter) => ` ${item.options[letter]}`),
      };
    }
    const options = letters.map((letter) => `${letter}. ${item.options[letter]}`).join('\n');
    return { context: `Question: ${item.question}\n${options}\nAnswer:`, continuations: letters.map((letter) => ` ${letter}`) };
  });
}

/** Every string a scorer tokenizes for these prompts: each context alone and with each continuation. */
export function promptStrings(prompts: readonly ScoredPrompt[]): string[] {
  return prompts.flatMap((p) => [p.context, ...p.continuations.map((c) => p.context + c)]);
}
