import { describe, expect, it } from 'vitest';
import { languageName, suiteLanguages, suitesInLanguage } from './suiteLanguages';

describe('suite languages', () => {
  it('names a language by its English name and code; a suite that states none, or a code Intl refuses, is still listed', () => {
    expect(languageName('zh')).toBe('Chinese (zh)');
    expect(languageName('es')).toBe('Spanish (es)');
    expect(languageName('und')).toBe('Not stated');
    expect(languageName('not a code!')).toBe('not a code!');
  });

  it('lists each language once with its suite count, English first, and filters by code', () => {
    const suites = [
      { id: 'a', language: 'zh' },
      { id: 'b', language: 'en' },
      { id: 'c' },
      { id: 'd', language: 'zh' },
      { id: 'e', language: 'fr' },
    ];
    expect(suiteLanguages(suites)).toEqual([
      { code: 'en', name: 'English (en)', suites: 1 },
      { code: 'zh', name: 'Chinese (zh)', suites: 2 },
      { code: 'fr', name: 'French (fr)', suites: 1 },
      { code: 'und', name: 'Not stated', suites: 1 },
    ]);
    expect(suitesInLanguage(suites, 'zh').map((s) => s.id)).toEqual(['a', 'd']);
    expect(suitesInLanguage(suites, 'und').map((s) => s.id)).toEqual(['c']);
    expect(suitesInLanguage(suites, '')).toHaveLength(5);
  });
});
