import { beforeAll, describe, expect, it } from 'vitest';
import { continuationTokens } from './canonicalSplit';
import { suitePrompts } from '../../testing/tokenizer/suitePrompts';
import { readVocabulary, STORIES_260K } from '../../testing/tokenizer/vocabularies';
import { createTokenizer, type Tokenizer } from './tokenizer';

describe("continuationTokens (lm-eval's _encode_pair)", () => {
  let tokenizer: Tokenizer;
  const plain = (text: string) => tokenizer.encode(text, { addBos: false, addEos: false });

  beforeAll(async () => {
    tokenizer = createTokenizer(await readVocabulary(STORIES_260K));
  });

  it('splits tokens(context + continuation) after the tokens of the context, without BOS', () => {
    for (const prompt of suitePrompts('medqa-usmle-4', 20)) {
      for (const continuation of prompt.continuations) {
        const split = continuationTokens(tokenizer, prompt.context, continuation);
        expect(split.contextIsPrefix).toBe(true);
        expect(split.context).toEqual(plain(prompt.context));
        expect([...split.context, ...split.continuation]).toEqual(plain(prompt.context + continuation));
        expect(split.continuation.length).toBeGreaterThan(0);
      }
    }
  });

  it("moves the context's trailing whitespace (Python's str.isspace) to the continuation", () => {
    expect(continuationTokens(tokenizer, 'Answer: ', 'C')).toEqual(continuationTokens(tokenizer, 'Answer:', ' C'));
    expect(continuationTokens(tokenizer, 'Answer: ', 'C').contextText).toBe('Answer:');
    expect(continuationTokens(tokenizer, 'Answer:\n\t ', 'C')).toEqual(continuationTokens(tokenizer, 'Answer:', '\n\t C'));
    expect(continuationTokens(tokenizer, 'Answer:\u00a0\u3000\x1c', 'C')).toEqual(
      continuationTokens(tokenizer, 'Answer:', '\u00a0\u3000\x1cC'),
    );
    // A zero-width space is not whitespace to Python, so it stays with the context.
    expect(continuationTokens(tokenizer, 'Answer:\u200b', 'C').context).toEqual(plain('Answer:\u200b'));
  });

  it('reports, rather than hides, a context whose tokens are not a prefix of the whole', () => {
    // "▁the" + "re" merge into "▁there", so the context's last token is not in the whole text's tokens.
    const split = continuationTokens(tokenizer, 'the', 're');
    expect(split.contextIsPrefix).toBe(false);
    expect(split.context).toEqual(plain('the'));
    // lm-eval slices anyway; so does this.
    expect(split.continuation).toEqual(plain('there').slice(split.context.length));
  });

  it('gives an empty context no tokens and the continuation all of them', () => {
    expect(continuationTokens(tokenizer, '', ' yes')).toEqual({
      contextText: '',
      context: [],
      continuation: plain(' yes'),
      contextIsPrefix: true,
    });
  });
});
