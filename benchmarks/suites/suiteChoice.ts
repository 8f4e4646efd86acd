import {
  customTemplate,
  fewshotTemplate,
  findBuiltinTemplate,
  chatLetter,
  chatLetterStepByStep,
  chatLetterWithContext,
  chatLetterWithContextStepByStep,
} from '../prompts/templates';
import type { PromptTemplate } from '../../core/run';
import type { ScoringMode, Suite, SuiteIndexEntry, SuiteSpec } from '../../core/suite';
import { CUSTOM_SUITE_PREFIX, type CustomSuiteRecord } from '../../core/customSuite';
import { suiteSpecs } from './specs';
import { suiteModes } from './modes';
import { isMultiAnswer } from './answers';

/** One suite as the Benchmarks page and the CLI list it, shipped or imported. */
export interface SuiteChoice {
  id: string;
  name: string;
  version: number;
  count: number;
  source: string;
  licence: string;
  sha256: string;
  defaultMode: ScoringMode;
  /** The only modes this suite may be run in (benchmarks/suites/modes.ts). */
  modes: ScoringMode[];
  subjects: string[];
  custom: boolean;
  /** Shipped suites only: where their source notes and licence text are. */
  sourceNotes?: string;
  licenceFile?: string;
  /** BCP 47 language of the items, where the suite states it (every shipped suite does). */
  language?: string;
  /** Limits on use beyond the licence (CMExam: research use only), as the suite header states them. */
  useRestriction?: string;
  /** Items a log-prob run leaves out (multi-answer) and items left out unless asked for (they need a figure). */
  multiAnswer: number;
  imageItems: number;
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
    modes: suiteModes(entry.id),
    subjects: entry.subjects.map((s) => s.subject),
    custom: false,
    sourceNotes: entry.sourceNotes,
    licenceFile: entry.licenceFile,
    language: entry.language,
    ...(entry.use_restriction === undefined ? {} : { useRestriction: entry.use_restriction }),
    multiAnswer: entry.multiAnswer,
    imageItems: entry.imageItems,
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
    defaultMode: s.header.scoring ?? suiteModes(s.id, s.header)[0] ?? 'letter-logprob',
    modes: suiteModes(s.id, s.header),
    subjects: [...new Set(s.items.flatMap((i) => (i.subject ? [i.subject] : [])))].sort(),
    custom: true,
    ...(s.header.language === undefined ? {} : { language: s.header.language }),
    ...(s.header.use_restriction === undefined ? {} : { useRestriction: s.header.use_restriction }),
    multiAnswer: s.items.filter(isMultiAnswer).length,
    imageItems: s.items.filter((i) => i.image !== undefined).length,
  };
}

/** What an imported suite of either kind (multiple-choice or open-ended) holds that its stored id is made from. */
interface ImportedSuite {
  header: { suite: string; sha256_of_source: string; name: string };
  items: unknown[];
}

/**
 * How an imported suite is stored, once its validator has accepted it. The id lives in the `custom:`
 * namespace, so no file can take a shipped suite's id, and names the content's hash, so a different file
 * of the same name gets a new id instead of replacing the suite older runs point at.
 */
export function customRecord<S extends ImportedSuite>(
  suite: S,
  fileName: string,
  taken: readonly (S & { id: string })[] = [],
): S & { id: string; fileName: string; importedAt: number } {
  const slug =
    suite.header.suite
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'suite';
  const base = `${CUSTOM_SUITE_PREFIX}:${slug}:${suite.header.sha256_of_source.slice(0, 12)}`;
  const same = (r: S) => JSON.stringify(r.items) === JSON.stringify(suite.items);
  let id = base;
  // A file may state its own sha256_of_source, so the hash alone does not prove the content is the same.
  for (let n = 2; taken.some((r) => r.id === id && !same(r)); n++) id = `${base}-${n}`;
  const name = suite.header.name;
  const namesakes = taken.filter((r) => r.id !== id && (r.header.name === name || r.header.name.startsWith(`${name} (`))).length;
  const header = namesakes ? { ...suite.header, name: `${name} (${namesakes + 1})` } : suite.header;
  return { ...suite, header, id, fileName, importedAt: Date.now() };
}

/**
 * The template a run uses. Log-prob modes use the suite's own (lm-eval) template, or the custom
 * suite's; generative mode uses a chat instruction, with the abstract when items carry context.
 */
export function templateFor(suite: Suite, suiteId: string, mode: ScoringMode, stepByStep: boolean, nShot = 0): PromptTemplate {
  const spec = specOf(suiteId);
  if (mode === 'generative') {
    // A suite in another language asks in that language, with its own answer cue.
    const chat = spec?.chatPrompts;
    const own = chat && findBuiltinTemplate(stepByStep ? chat.stepByStep : chat.direct);
    if (own) return own;
    const withContext = suite.items.some((i) => i.context);
    if (withContext) return stepByStep ? chatLetterWithContextStepByStep : chatLetterWithContext;
    return stepByStep ? chatLetterStepByStep : chatLetter;
  }
  if (suite.header.prompt_template) {
    return customTemplate({ suite: suite.header.suite, version: suite.header.version, prompt_template: suite.header.prompt_template });
  }
  const base = findBuiltinTemplate(spec?.prompt ?? 'mcqLettered') ?? findBuiltinTemplate('mcqLettered')!;
  if (nShot === 0) return base;
  if (!spec?.fewshot) throw new Error(`${suiteId} offers zero-shot runs only.`);
  return fewshotTemplate(base, spec.fewshot.prompt, suite.header.fewshot ?? [], nShot);
}

/** Looks a run's template up again by the id it recorded, for a resume; an n-shot one is rebuilt from the suite's exemplars. */
export function recordedTemplate(suite: Suite, id: string): PromptTemplate | undefined {
  if (id.startsWith('custom:') && suite.header.prompt_template) {
    return customTemplate({ suite: suite.header.suite, version: suite.header.version, prompt_template: suite.header.prompt_template });
  }
  const spec = specOf(suite.header.suite);
  if (spec?.fewshot?.prompt === id) return templateFor(suite, spec.id, spec.defaultMode, false, spec.fewshot.n);
  return findBuiltinTemplate(id);
}
