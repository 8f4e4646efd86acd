/**
 * The language a suite's items are in, named for the Benchmarks page's language filter. Codes are
 * BCP 47 as the suite headers state them (`zh`, `es`); a suite that states none is listed under "not stated".
 */

export const LANGUAGE_NOT_STATED = 'und';

export function languageName(code: string): string {
  if (code === LANGUAGE_NOT_STATED) return 'Not stated';
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    // A header may carry a code Intl does not accept: shown as written rather than dropped.
    return code;
  }
}

export function languageOf(suite: { language?: string }): string {
  return suite.language || LANGUAGE_NOT_STATED;
}

/** The languages of these suites, each once, English first and then by name, with how many suites each has. */
export function suiteLanguages(suites: readonly { language?: string }[]): { code: string; name: string; suites: number }[] {
  const counts = new Map<string, number>();
  for (const s of suites) counts.set(languageOf(s), (counts.get(languageOf(s)) ?? 0) + 1);
  return [...counts]
    .map(([code, n]) => ({ code, name: languageName(code), suites: n }))
    .sort((a, b) => Number(b.code === 'en') - Number(a.code === 'en') || a.name.localeCompare(b.name));
}

/** The suites in `language`; every suite for '' (no filter). */
export function suitesInLanguage<T extends { language?: string }>(suites: readonly T[], language: string): T[] {
  return language === '' ? [...suites] : suites.filter((s) => languageOf(s) === language);
}
