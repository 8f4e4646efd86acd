import { STORE_NAMES } from './database';

/**
 * What each store holds, in the words the Data page uses; one phrase may cover several stores. Keyed by
 * name rather than typed on the store list so a store added meanwhile fails the test beside this file,
 * which says which store lacks its words, instead of being deleted without being named.
 */
export const STORE_CONTENTS: Readonly<Record<string, string>> = {
  consultations: 'consultations and their messages',
  messages: 'consultations and their messages',
  runs: 'benchmark runs and their results',
  results: 'benchmark runs and their results',
  suites: 'imported suites',
  openSuites: 'imported suites',
  openRuns: 'open-ended runs, their answers and grades',
  openResults: 'open-ended runs, their answers and grades',
  grades: 'open-ended runs, their answers and grades',
  models: 'models you added',
  endpoints: 'endpoints you added, with their API keys',
  comparisons: 'side-by-side comparisons',
  votes: 'arena votes',
  sharedRuns: 'run files imported for the leaderboard',
  lessons: 'lessons',
  settings: 'settings, the passphrase lock among them',
};

/** Everything the stores hold, each phrase once, in store order. */
export function storedContents(names: readonly string[] = STORE_NAMES): string[] {
  return [...new Set(names.map((name) => STORE_CONTENTS[name] ?? name))];
}
