import { BedsideError } from '../../../core/errors';
import type { ScoringTokenizer } from '../canonicalScoring';

/** A server's own tokenizer, over HTTP. */
export interface ServerVocabulary {
  /** The BOS token the server's tokenizer puts before a prompt by default, or null when it adds none. */
  readonly bos: number | null;
  /** Tokens of each text: no BOS or EOS added. */
  tokenize(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
  /** The text `ids` spell where they follow `before` (a context cut from the left keeps its leading space). */
  spell(ids: readonly number[], before: readonly number[], signal?: AbortSignal): Promise<string>;
}

/** The BOS a tokenizer adds: what tokens with special tokens have before the same tokens without. */
export function bosFrom(withSpecial: readonly number[], plain: readonly number[]): number | null {
  if (withSpecial.length === plain.length + 1 && plain.every((id, i) => withSpecial[i + 1] === id)) return withSpecial[0] ?? null;
  if (withSpecial.length >= plain.length && plain.every((id, i) => withSpecial[i] === id)) return null;
  throw new BedsideError(
    'UnsupportedTokenizer',
    `The server's tokenizer adds tokens Bedside cannot place (${JSON.stringify(withSpecial)} with special tokens, ${JSON.stringify(plain)} without), so prompts cannot be sent as token ids.`,
  );
}

/**
 * A scoring plan made on the server's tokenizer. Planning is synchronous and the tokenizer is remote, so
 * `plan` runs against what has been fetched, noting every text (and every cut to spell) it lacked; those
 * are fetched at once, in parallel, and the plan is made again, until it lacked nothing. A prompt that
 * fits takes one round: the context and each choice's whole text. A cut prompt takes one more.
 */
export async function planOnServer<T>(vocab: ServerVocabulary, plan: (tokenizer: ScoringTokenizer) => T, signal?: AbortSignal): Promise<T> {
  const encoded = new Map<string, number[]>();
  const spelled = new Map<string, string>();
  for (;;) {
    const missingTexts = new Set<string>();
    const missingSpellings = new Map<string, [readonly number[], readonly number[]]>();
    const tokenizer: ScoringTokenizer = {
      addBos: vocab.bos !== null,
      encode(text, options) {
        if (options?.addBos || options?.addEos) throw new Error('Scoring plans encode without BOS or EOS.');
        const ids = encoded.get(text);
        if (ids) return ids;
        missingTexts.add(text);
        return [];
      },
      textOf(ids, before) {
        const key = `${ids.join(',')}|${before.join(',')}`;
        const text = spelled.get(key);
        if (text !== undefined) return text;
        missingSpellings.set(key, [ids, before]);
        return '';
      },
    };
    let planned: { value: T } | null = null;
    let failure: unknown = null;
    try {
      planned = { value: plan(tokenizer) };
    } catch (e) {
      failure = e;
    }
    if (missingTexts.size === 0 && missingSpellings.size === 0) {
      if (planned) return planned.value;
      throw failure;
    }
    const texts = [...missingTexts];
    const spellings = [...missingSpellings];
    const [tokens, words] = await Promise.all([
      texts.length > 0 ? vocab.tokenize(texts, signal) : Promise.resolve([]),
      Promise.all(spellings.map(([, [ids, before]]) => vocab.spell(ids, before, signal))),
    ]);
    texts.forEach((text, i) => encoded.set(text, tokens[i]!));
    spellings.forEach(([key], i) => spelled.set(key, words[i]!));
  }
}
