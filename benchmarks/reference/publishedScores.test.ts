import { describe, expect, it } from 'vitest';
import { compareWithPublished, publishedFor, publishedScores } from './publishedScores';

describe('published reference numbers', () => {
  it('every entry names its source, protocol and whether it was verified', () => {
    expect(publishedScores.length).toBeGreaterThan(0);
    for (const s of publishedScores) {
      expect(s.sourceUrl).toMatch(/^https:\/\//);
      expect(['zero-shot-loglik', 'few-shot-loglik', 'generation']).toContain(s.protocol);
      expect(s.value).toBeGreaterThan(0);
      expect(s.value).toBeLessThanOrEqual(100);
      expect(typeof s.verified).toBe('boolean');
    }
  });

  it('finds a model by catalog id or by name, for its suite only', () => {
    expect(publishedFor({ id: 'medgemma-4b-it-Q4_K_M', name: 'whatever' }, 'medqa-usmle-4').map((s) => s.value)).toContain(64.4);
    expect(publishedFor({ id: 'custom:x', name: 'llama-3-8b-instruct' }, 'pubmedqa').map((s) => s.value)).toEqual([74.6]);
    expect(publishedFor({ id: 'stories260K', name: 'TinyStories 260K' }, 'medqa-usmle-4')).toEqual([]);
  });

  it('says whether the published number lies in the run’s interval and whether protocols match', () => {
    const model = { id: 'custom:x', name: 'Llama-3-8B-Instruct' };
    const [inside] = compareWithPublished({ model, suiteId: 'medqa-usmle-4', mode: 'letter-logprob', ci: { lower: 0.58, upper: 0.63 } });
    expect(inside).toMatchObject({ insideInterval: true, protocolsMatch: true });
    const [outside] = compareWithPublished({ model, suiteId: 'medqa-usmle-4', mode: 'generative', ci: { lower: 0.2, upper: 0.3 } });
    expect(outside).toMatchObject({ insideInterval: false, protocolsMatch: false });
  });

  it('flags a run at fast precision as not like for like, and an exact one or one without the setting as comparable', () => {
    const model = { id: 'custom:x', name: 'Llama-3-8B-Instruct' };
    const run = { model, suiteId: 'medqa-usmle-4', mode: 'letter-logprob' as const, ci: { lower: 0.58, upper: 0.63 } };
    const [fast] = compareWithPublished({ ...run, precision: { precision: 'fast', kvCacheType: 'f16', flashAttention: true } });
    expect(fast!.precisionMismatch).toBe('different precision (fast: f16 KV cache, flash attention)');
    const [exact] = compareWithPublished({ ...run, precision: { precision: 'exact', kvCacheType: 'f32', flashAttention: false } });
    expect(exact!.precisionMismatch).toBeNull();
    expect(compareWithPublished(run)[0]!.precisionMismatch).toBeNull();
  });
});
