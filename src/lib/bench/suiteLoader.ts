import { formatSuiteError, parseSuite, type ParseSuiteResult } from '../../../benchmarks/suites/parseSuite';
import { parseSuiteFile } from '../../../benchmarks/suites/suiteFile';
import type { Suite, SuiteIndex, SuiteIndexEntry } from '../../../core/suite';
import type { OpenSuite, OpenSuiteIndexEntry } from '../../../core/openEnded';
import { parseOpenSuite } from '../../../benchmarks/suites/parseOpenSuite';
import { sha256Hex } from '../../../benchmarks/sha256';
import { builtinChoice, type SuiteChoice } from '../../../benchmarks/suites/suiteChoice';
import { listCustomOpenSuites } from '../../../storage/openRuns';

/** The shipped suites as the page reads them: fetched from the app's own files, checked against their hashes. */

async function loadIndex(): Promise<SuiteIndex> {
  const res = await fetch(new URL('suites/index.json', document.baseURI));
  if (!res.ok) throw new Error(`Could not read the suite list (HTTP ${res.status}).`);
  return (await res.json()) as SuiteIndex;
}

export async function loadSuiteIndex(): Promise<SuiteIndexEntry[]> {
  return (await loadIndex()).suites;
}

/** The shipped open-ended suites (listed apart from the multiple-choice ones). */
export async function loadOpenSuiteIndex(): Promise<OpenSuiteIndexEntry[]> {
  return (await loadIndex()).openSuites ?? [];
}

async function fetchChecked(entry: { file: string; name: string; sha256: string }): Promise<{ text: string; sha256: string }> {
  const res = await fetch(new URL(entry.file, document.baseURI));
  if (!res.ok) throw new Error(`Could not download ${entry.name} (HTTP ${res.status}).`);
  const text = await res.text();
  const sha256 = await sha256Hex(text);
  if (sha256 !== entry.sha256) throw new Error(`${entry.name} does not match its published SHA-256; reload the page to get a fresh copy.`);
  return { text, sha256 };
}

/** Fetches a shipped suite and checks it against the hash the index promises. */
export async function loadBuiltinSuite(entry: SuiteIndexEntry): Promise<Suite> {
  const { text, sha256 } = await fetchChecked(entry);
  const parsed = parseSuite(text, { sha256, format: 'jsonl' });
  if (!parsed.ok) throw new Error(`${entry.name} is malformed: ${parsed.errors.map(formatSuiteError).join('; ')}`);
  return parsed.suite;
}

/** Fetches a shipped open-ended suite and checks it against the hash the index promises. */
export async function loadBuiltinOpenSuite(entry: OpenSuiteIndexEntry): Promise<OpenSuite> {
  const { text, sha256 } = await fetchChecked(entry);
  const parsed = parseOpenSuite(text, 'jsonl', { sha256 });
  if (!parsed.ok) throw new Error(`${entry.name} is malformed: ${parsed.errors.map(formatSuiteError).join('; ')}`);
  return parsed.suite;
}

/** An open-ended suite by id, shipped or imported into this browser; undefined when it is neither. */
export async function loadOpenSuite(id: string): Promise<OpenSuite | undefined> {
  const entry = (await loadOpenSuiteIndex()).find((e) => e.id === id);
  if (entry) return loadBuiltinOpenSuite(entry);
  return (await listCustomOpenSuites()).find((s) => s.id === id);
}

/** A shipped suite by id, with the choice a run records; an unknown id names the ones there are. */
export async function loadBuiltinById(id: string): Promise<{ choice: SuiteChoice; suite: Suite }> {
  const index = await loadSuiteIndex();
  const entry = index.find((e) => e.id === id);
  if (!entry) throw new Error(`Unknown suite "${id}". Available suites: ${index.map((e) => e.id).join(', ')}.`);
  return { choice: builtinChoice(entry), suite: await loadBuiltinSuite(entry) };
}

export async function readSuiteFile(file: File): Promise<ParseSuiteResult> {
  return parseSuiteFile(file.name, await file.text());
}
