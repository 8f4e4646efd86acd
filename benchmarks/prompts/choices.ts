import type { SuiteItem } from '../../core/suite';

/** lm-eval's default `target_delimiter`: the continuation scored is `' ' + choice`. */
export const TARGET_DELIMITER = ' ';

/** `letter-logprob` continuations: `' A'`, `' B'`… */
export function letterContinuations(letters: readonly string[], delimiter: string = TARGET_DELIMITER): string[] {
  return letters.map((letter) => delimiter + letter);
}

/** `option-logprob` continuations: `' ' + option text`, in option order. */
export function optionContinuations(item: SuiteItem, delimiter: string = TARGET_DELIMITER): string[] {
  return Object.values(item.options).map((text) => delimiter + text);
}
