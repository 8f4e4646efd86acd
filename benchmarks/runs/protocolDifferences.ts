import type { RunProtocol } from '../../core/run';
import { precisionMismatch } from '../../models/precisionLabel';

/**
 * How two runs' scoring differed, each a sentence; empty when they were taken alike. Paired runs show
 * these beside their numbers: a difference in accuracy may then come from the protocol or the
 * precision, not the models.
 */
export function protocolDifferences(a: RunProtocol | undefined, b: RunProtocol | undefined): string[] {
  if (!a && !b) return [];
  if (!a || !b) return ['The scoring protocol was recorded for one run only.'];
  const differences: string[] = [];
  const differ = (what: string, x: unknown, y: unknown) => {
    if (x !== y) differences.push(`Different ${what}: ${String(x)} vs ${String(y)}.`);
  };
  differ('lm-eval templates', a.lmEval, b.lmEval);
  differ('scoring', a.scoring, b.scoring);
  differ('BOS before the prompt', a.bos, b.bos);
  differ('truncation of over-long prompts', a.truncation, b.truncation);
  if (a.truncation === 'per-request' && b.truncation === 'per-request') differ('max_length', a.maxLength, b.maxLength);
  const precision = precisionMismatch(a.precision, b.precision);
  if (precision) differences.push(`${precision[0]!.toUpperCase()}${precision.slice(1)}.`);
  return differences;
}
