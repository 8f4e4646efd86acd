import { describe, expect, it } from 'vitest';
import { modeRefusal, suiteModes } from './modes';

describe('suite modes', () => {
  it('gives shipped suites their lm-eval modes plus generative', () => {
    expect(suiteModes('pubmedqa')).toEqual(['option-logprob', 'generative']);
    for (const id of ['medqa-usmle-4', 'medqa-usmle-5', 'medmcqa-dev', 'mmlu-medical']) {
      expect(suiteModes(id)).toEqual(['letter-logprob', 'generative']);
    }
  });

  it('takes an imported suite’s modes from its header', () => {
    expect(suiteModes('custom-x', { modes: ['option-logprob'] })).toEqual(['option-logprob']);
    expect(suiteModes('custom-x', { scoring: 'option-logprob' })).toEqual(['option-logprob', 'generative']);
    expect(suiteModes('custom-x', {})).toEqual(['letter-logprob', 'option-logprob', 'generative']);
  });

  it('refuses letters on PubMedQA and names the modes it allows', () => {
    const refusal = modeRefusal({ name: 'PubMedQA', modes: suiteModes('pubmedqa') }, 'letter-logprob');
    expect(refusal).toContain('option-logprob');
    expect(modeRefusal({ name: 'PubMedQA', modes: suiteModes('pubmedqa') }, 'option-logprob')).toBeNull();
  });
});
