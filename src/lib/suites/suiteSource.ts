import {
  customTemplate,
  findBuiltinTemplate,
  chatLetter,
  chatLetterStepByStep,
  chatLetterWithContext,
  chatLetterWithContextStepByStep,
} from '../../../benchmarks/prompts/templates';
import type { PromptTemplate } from '../../../core/run';
import { formatSuiteError, parseSuite } from '../../../benchmarks/suites/parseSuite';
import type { ScoringMode, Suite, SuiteIndex, SuiteIndexEntry, SuiteSpec } from '../../../core/suite';
import { suiteSpecs } from '../../../benchmarks/suites/specs';
import type { CustomSuiteRecord } from '../../../storage/records';
import { sha256Hex } from '../../../benchmarks/sha256';

/** One suite as the Benchmarks page lists it, shipped or imported. */
export interface SuiteChoice {
  id: string;
  name: string;
  version: number;
  count: number;
  source: string;
  licence: string;
  sha256: string;
  defaultMode: ScoringMode;
  subjects: string[];
  custom: boolean;
  /** Shipped suites only: where their source notes and licence text are. */
  sourceNotes?: string;
  licenceFile?: string;
}

export async function loadSuiteIndex(): Promise<SuiteIndexEntry[]> {
  const res = await fetch(new URL('suites/index.json', document.baseURI));
  if (!res.ok) throw new Error(`Could not read the suite list (HTTP ${res.status}).`);
  return ((await res.json()) as SuiteIndex).suites;
}

function specOf(id: string): SuiteSpec | undefined {
  return (suiteSpecs as readonly SuiteSpec[]).find((s) => s.id === id);
}

export function builtinChoice(entry: SuiteIndexEntry): SuiteChoice {
  return {
    id: entry.id,
    name: entry.name,
    version: entry.version,
    count: entry.count,
    source: entry.source,
    licence: entry.licence,
    sha256: entry.sha256,
    defaultMode: specOf(entry.id)?.defaultMode ?? 'letter-logprob',
    subjects: entry.subjects.map((s) => s.subject),
    custom: false,
    sourceNotes: entry.sourceNotes,
    licenceFile: entry.licenceFile,
  };
}

export function customChoice(s: CustomSuiteRecord): SuiteChoice {
  return {
    id: s.id,
    name: s.header.name,
    version: s.header.version,
    count: s.items.length,
    source: `Imported from ${s.fileName}`,
    licence: s.header.licence || 'as stated by the file’s author',
    sha256: s.header.sha256_of_source,
    defaultMode: s.header.scoring ?? 'letter-logprob',
    subjects: [...new Set(s.items.flatMap((i) => (i.subject ? [i.subject] : [])))].sort(),
    custom: true,
  };
}

/** Fetches a shipped suite and checks it against the hash the index promises. */
export async function loadBuiltinSuite(entry: SuiteIndexEntry): Promise<Suite> {
  const res = await fetch(new URL(entry.file, document.baseURI));
  if (!res.ok) throw new Error(`Could not download ${entry.name} (HTTP ${res.status}).`);
  const text = await res.text();
  const sha256 = await sha256Hex(text);
  if (sha256 !== entry.sha256) throw new Error(`${entry.name} does not match its published SHA-256; reload the page to get a fresh copy.`);
  const parsed = parseSuite(text, { sha256, format: 'jsonl' });
  if (!parsed.ok) throw new Error(`${entry.name} is malformed: ${parsed.errors.map(formatSuiteError).join('; ')}`);
  return parsed.suite;
}

/** A shipped suite by id, with the choice a run records; an unknown id names the ones there are. */
export async function loadBuiltinById(id: string): Promise<{ choice: SuiteChoice; suite: Suite }> {
  const index = await loadSuiteIndex();
  const entry = index.find((e) => e.id === id);
  if (!entry) throw new Error(`Unknown suite "${id}". Available suites: ${index.map((e) => e.id).join(', ')}.`);
  return { choice: builtinChoice(entry), suite: await loadBuiltinSuite(entry) };
}

/** How an imported suite is stored, once parseSuite has accepted it. */
export function customRecord(suite: Suite, fileName: string): CustomSuiteRecord {
  return { ...suite, id: suite.header.suite, fileName, importedAt: Date.now() };
}

/**
 * The template a run uses. Log-prob modes use the suite's own (lm-eval) template, or the custom
 * suite's; generative mode uses a chat instruction, with the abstract when items carry context.
 */
export function templateFor(suite: Suite, suiteId: string, mode: ScoringMode, stepByStep: boolean): PromptTemplate {
  if (mode === 'generative') {
    const withContext = suite.items.some((i) => i.context);
    if (withContext) return stepByStep ? chatLetterWithContextStepByStep : chatLetterWithContext;
    return stepByStep ? chatLetterStepByStep : chatLetter;
  }
  if (suite.header.prompt_template) {
    return customTemplate({ suite: suite.header.suite, version: suite.header.version, prompt_template: suite.header.prompt_template });
  }
  const spec = specOf(suiteId);
  return findBuiltinTemplate(spec?.prompt ?? 'mcqLettered') ?? findBuiltinTemplate('mcqLettered')!;
}

/** Looks a run's template up again by the id it recorded, for a resume. */
export function recordedTemplate(suite: Suite, id: string): PromptTemplate | undefined {
  if (id.startsWith('custom:') && suite.header.prompt_template) {
    return customTemplate({ suite: suite.header.suite, version: suite.header.version, prompt_template: suite.header.prompt_template });
  }
  return findBuiltinTemplate(id);
}

export async function readSuiteFile(file: File): Promise<ReturnType<typeof parseSuite>> {
  const text = await file.text();
  const base = file.name.replace(/\.(jsonl|csv|json)$/i, '');
  const id = `custom-${
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'suite'
  }`;
  return parseSuite(text, { sha256: await sha256Hex(text), format: /\.csv$/i.test(file.name) ? 'csv' : undefined, id, name: base });
}
