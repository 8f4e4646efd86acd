import { describe, expect, it } from 'vitest';
import { encodePair, truncate, type RequestTokenizer } from './lmEvalRequests';

/** One token per character (its code), except that "cd" at the very start of a text is one token, 900. */
function toyTokenizer(bos: number | null): RequestTokenizer {
  return {
    bos,
    tokenize: (text) =>
      text.startsWith('cd') ? [900, ...[...text.slice(2)].map((c) => c.charCodeAt(0))] : [...text].map((c) => c.charCodeAt(0)),
    spell: (ids) => ids.map((id) => (id === 900 ? 'cd' : String.fromCharCode(id))).join(''),
  };
}

const codes = (text: string) => [...text].map((c) => c.charCodeAt(0));

describe('encodePair (lm-eval _encode_pair)', () => {
  it('moves the context’s trailing whitespace to the continuation, then splits tokens(context + continuation)', () => {
    const pair = encodePair(toyTokenizer(1), 'Answer: \n', 'yes');
    expect(pair.context).toEqual([1, ...codes('Answer:')]);
    expect(pair.continuation).toEqual(codes(' \nyes'));
    expect(pair.contextIsPrefix).toBe(true);
  });

  it('slices by length when tokens(context) is not a prefix, and says so', () => {
    const merging: RequestTokenizer = {
      ...toyTokenizer(null),
      tokenize: (text) => (text === 'ab' ? [7] : text === 'abc' ? [8, 99] : codes(text)),
    };
    const pair = encodePair(merging, 'ab', 'c');
    expect(pair).toEqual({ context: [7], continuation: [99], contextIsPrefix: false });
  });
});

describe('truncate (lm-eval _loglikelihood_tokens)', () => {
  const none = { textBoundary: false };

  it('feeds (context + continuation)[-(max_length + 1):][:-1] and scores the continuation from the last context position', () => {
    const pair = { context: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], continuation: [11, 12], contextIsPrefix: true };
    const request = truncate(toyTokenizer(null), pair, 5, none);
    expect(request.input).toEqual([7, 8, 9, 10, 11]);
    expect(request.firstScoredAt).toBe(3);
    expect(request.dropped).toBe(6);
    expect(request.droppedBeyondLmEval).toBe(0);
  });

  it('leaves a request that fits whole', () => {
    const pair = { context: [1, 2, 3], continuation: [4, 5], contextIsPrefix: true };
    expect(truncate(toyTokenizer(null), pair, 4, none)).toEqual({
      input: [1, 2, 3, 4],
      continuation: [4, 5],
      firstScoredAt: 2,
      dropped: 0,
      droppedBeyondLmEval: 0,
    });
  });

  it('keeps BOS first where lm-eval’s slice would drop it', () => {
    const pair = { context: [1, 10, 11, 12, 13], continuation: [20, 21], contextIsPrefix: true };
    const request = truncate(toyTokenizer(1), pair, 4, none);
    expect(request.input).toEqual([1, 12, 13, 20]);
    expect(request.dropped).toBe(2);
  });

  it('with textBoundary, moves the cut right until the kept text tokenizes to the kept tokens', () => {
    const tokenizer = toyTokenizer(1);
    const pair = encodePair(tokenizer, 'abcd', 'e');
    // max_length 3: BOS + 2 context tokens + the continuation; "cd" would come back as one token.
    const request = truncate(tokenizer, pair, 3, { textBoundary: true });
    expect(request.input).toEqual([1, ...codes('d')]);
    expect(request.dropped).toBe(3);
    expect(request.droppedBeyondLmEval).toBe(1);
    expect(truncate(tokenizer, pair, 3, none).input).toEqual([1, ...codes('cd')]);
  });

  it('accepts the kept text less the leading space an SPM vocabulary puts back', () => {
    const spm: RequestTokenizer = {
      bos: null,
      tokenize: (text) => [32, ...codes(text)],
      spell: (ids) => String.fromCharCode(...ids),
    };
    const pair = { context: [32, ...codes('a'), 32, ...codes('b')], continuation: codes('c'), contextIsPrefix: true };
    const request = truncate(spm, pair, 2, { textBoundary: true });
    expect(request.input).toEqual([32, ...codes('b')]);
    expect(request.droppedBeyondLmEval).toBe(0);
  });

  it('refuses a continuation that leaves no room for context', () => {
    const pair = { context: [1, 2], continuation: [3, 4, 5], contextIsPrefix: true };
    expect(() => truncate(toyTokenizer(1), pair, 3, none)).toThrow(/no room for context/);
    expect(() => truncate(toyTokenizer(null), pair, 2, none)).toThrow(/exceeds max_length/);
  });
});
