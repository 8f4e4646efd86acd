import type { GenerationUsage } from '../../../core/engine';
import { plural } from '../shared/format';

/**
 * The line under a reply: "42 tokens · first token 120 ms · 35.2 tok/s". The rate is left out when
 * none was measured (fewer than two tokens), rather than shown as 0 or as a huge number.
 */
export function usageLine(usage: Pick<GenerationUsage, 'completionTokens' | 'timeToFirstTokenMs' | 'decodeTokensPerSecond'>): string {
  const parts = [plural(usage.completionTokens, 'token')];
  if (usage.completionTokens > 0) parts.push(`first token ${Math.round(usage.timeToFirstTokenMs)} ms`);
  if (usage.decodeTokensPerSecond > 0) parts.push(`${usage.decodeTokensPerSecond.toFixed(1)} tok/s`);
  return parts.join(' · ');
}
