import type { SamplingSettings } from '../../../storage/records';

export type SamplingField = keyof SamplingSettings;

/**
 * Reads one sampling field as typed. Returns the number, or the sentence to show at the field:
 * temperature ≥ 0; 0 < top-p ≤ 1; max tokens a whole number from 1 to the context window
 * (`contextSize` null: no model loaded yet, so only the lower bound is known).
 */
export function parseSamplingField(field: SamplingField, raw: string, contextSize: number | null): number | string {
  const text = raw.trim();
  if (!text) return 'Enter a number.';
  const value = Number(text);
  if (!Number.isFinite(value)) return `"${text}" is not a number.`;
  switch (field) {
    case 'temperature':
      return value >= 0 ? value : 'Temperature must be 0 or more (0 always picks the likeliest token).';
    case 'topP':
      return value > 0 && value <= 1 ? value : 'Top-p must be more than 0 and at most 1.';
    case 'maxTokens':
      if (!Number.isInteger(value) || value < 1) return 'Max tokens must be a whole number, at least 1.';
      if (contextSize !== null && value > contextSize)
        return `Max tokens must be at most the model's context window, ${contextSize} tokens.`;
      return value;
  }
}

/** Every field's problem with stored settings, e.g. a max tokens above the context of the model loaded since. */
export function samplingProblems(s: SamplingSettings, contextSize: number | null): Partial<Record<SamplingField, string>> {
  const problems: Partial<Record<SamplingField, string>> = {};
  for (const field of ['temperature', 'topP', 'maxTokens'] as const) {
    const parsed = parseSamplingField(field, String(s[field]), contextSize);
    if (typeof parsed === 'string') problems[field] = parsed;
  }
  return problems;
}
