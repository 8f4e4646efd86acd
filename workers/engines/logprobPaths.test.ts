import { expect, test } from 'vitest';
import { scoreFromPath, type PathStep } from './logprobPaths';

// A path as wllama reports a grammar-forced decode of " A": a space, then the letter.
const forcedA: PathStep[] = [
  {
    id: 410,
    token: ' ',
    logprob: -2,
    top_logprobs: [
      { id: 432, token: ',', logprob: -0.1 },
      { id: 410, token: ' ', logprob: -2 },
    ],
  },
  {
    id: 447,
    token: 'A',
    logprob: -1.5,
    top_logprobs: [
      { id: 447, token: 'A', logprob: -1.5 },
      { id: 445, token: 'B', logprob: -0.7 },
      { id: 450, token: 'C', logprob: -3 },
    ],
  },
  { id: 2, token: '', logprob: -20 },
];

test('the forced choice itself sums its tokens', () => {
  expect(scoreFromPath(' A', forcedA)).toEqual({ choice: ' A', logprob: -3.5, tokenIds: [410, 447], tokenLogprobs: [-2, -1.5] });
});

test('a sibling that differs only in its last token is read from the top-k list at that position', () => {
  expect(scoreFromPath(' B', forcedA)).toEqual({ choice: ' B', logprob: -2.7, tokenIds: [410, 445], tokenLogprobs: [-2, -0.7] });
});

test('a single-token choice is read at the first position', () => {
  expect(scoreFromPath(',', forcedA)).toEqual({ choice: ',', logprob: -0.1, tokenIds: [432], tokenLogprobs: [-0.1] });
});

test('a choice absent from the lists, or leaving the path, is not guessed', () => {
  expect(scoreFromPath(' D', forcedA)).toBeNull();
  expect(scoreFromPath('xA', forcedA)).toBeNull();
  expect(scoreFromPath(' AB', forcedA)).toBeNull();
  expect(scoreFromPath(' A', [])).toBeNull();
});
