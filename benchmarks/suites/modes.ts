import { SCORING_MODES, type ScoringMode, type SuiteHeader, type SuiteSpec } from '../../core/suite';
import { suiteSpecs } from './specs';

/** How each mode is named to the user; generative is marked as Bedside's own, not lm-eval's. */
export const MODE_LABELS: Record<ScoringMode, string> = {
  'letter-logprob': 'Letter log-prob (lm-eval: scores " A", " B"…)',
  'option-logprob': 'Option log-prob (lm-eval: scores the option texts)',
  generative: 'Generative (Bedside’s extra: the model writes a letter)',
};

/**
 * The modes a suite may be run in. Shipped suites: their lm-eval task's, plus generative. Imported
 * suites: the header's `modes`; else its `scoring` plus generative; else all three, since a suite
 * that declares nothing has not ruled any out.
 */
export function suiteModes(suiteId: string, header?: Pick<SuiteHeader, 'modes' | 'scoring'>): ScoringMode[] {
  const spec = suiteSpecs.find((s) => s.id === suiteId);
  if (spec) return [...spec.modes];
  if (header?.modes?.length) return [...header.modes];
  if (header?.scoring) return [...new Set<ScoringMode>([header.scoring, 'generative'])];
  return [...SCORING_MODES];
}

/** Why `mode` is refused for this suite, or null when it is allowed. */
export function modeRefusal(suite: { name: string; modes: readonly ScoringMode[] }, mode: ScoringMode): string | null {
  if (suite.modes.includes(mode)) return null;
  return `${suite.name} is not scored in ${mode} mode: its lm-eval task defines ${suite.modes.join(' and ')}.`;
}

/**
 * Why an n-shot run is refused, or null when allowed: zero-shot always is; more shots only where the
 * suite's spec offers that n (lm-eval `num_fewshot` with its `fewshot_split`), and only in a log-prob mode.
 */
export function nShotRefusal(suiteId: string, mode: ScoringMode, nShot: number): string | null {
  if (nShot === 0) return null;
  const offered = offeredShots(suiteId);
  if (!offered) return `${suiteId} offers zero-shot runs only.`;
  if (nShot !== offered.n) return `${suiteId} offers zero-shot or ${offered.n}-shot runs, not ${nShot}-shot.`;
  if (mode === 'generative') return `${offered.n}-shot runs score log-probabilities, as lm-eval does; generative runs are zero-shot.`;
  return null;
}

/** The n-shot protocol a shipped suite offers besides zero-shot (CMMLU: 5 from its dev split); undefined for none. */
export function offeredShots(suiteId: string): { n: number } | undefined {
  const fewshot = (suiteSpecs as readonly SuiteSpec[]).find((s) => s.id === suiteId)?.fewshot;
  return fewshot && { n: fewshot.n };
}
