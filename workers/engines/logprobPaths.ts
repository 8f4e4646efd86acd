import type { ChoiceScore } from '../../core/engine';

/** One decoded position as llama.cpp reports it: the token taken, and the top alternatives there. */
export interface PathStep {
  id: number;
  token: string;
  logprob: number;
  top_logprobs?: { id: number; token: string; logprob: number }[];
}

/**
 * Scores `choice` from an already decoded path when the choice follows that path and then ends in
 * one token that the path's top-k list holds at the next position. A log-prob read there is the
 * same number a separate forced decode would report, so choices that share a prefix (" A", " B"
 * split as " " + letter) cost one decode together instead of one each.
 */
export function scoreFromPath(choice: string, path: readonly PathStep[]): ChoiceScore | null {
  let prefix = '';
  const tokenIds: number[] = [];
  const tokenLogprobs: number[] = [];
  for (const step of path) {
    if (!choice.startsWith(prefix) || prefix.length >= choice.length) return null;
    const rest = choice.slice(prefix.length);
    const hit = step.token === rest ? step : step.top_logprobs?.find((t) => t.token === rest);
    if (hit) {
      tokenIds.push(hit.id);
      tokenLogprobs.push(hit.logprob);
      return { choice, logprob: tokenLogprobs.reduce((a, b) => a + b, 0), tokenIds, tokenLogprobs };
    }
    prefix += step.token;
    tokenIds.push(step.id);
    tokenLogprobs.push(step.logprob);
  }
  return null;
}
