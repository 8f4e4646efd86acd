import type { OpenItem } from '../../../core/openEnded';
import type { PromptTemplate } from '../../../core/run';
import type { Suite, SuiteItem } from '../../../core/suite';
import { promptMessages } from '../../../benchmarks/grading/judgePrompts';
import { listCustomSuites } from '../../../storage/customSuites';
import { listCustomOpenSuites } from '../../../storage/openRuns';
import { loadBuiltinSuite, loadOpenSuite, loadOpenSuiteIndex, loadSuiteIndex } from '../bench/suiteLoader';
import { builtinChoice, customChoice, templateFor, type SuiteChoice } from '../../../benchmarks/suites/suiteChoice';
import type { LessonDraft } from './lessonFile';
import { pickItems, unknownReference } from './lessonLink';
import { beliefMode, type BeliefMode } from './optionProbabilities';

interface LessonBase {
  title: string;
  suiteName: string;
  /** Teacher-only, by item id. */
  notes: Record<string, string>;
  modelIds: string[];
}

/** A multiple-choice lesson ready for the projector: its items in order, and how the models are asked about them. */
export interface ChoiceLesson extends LessonBase {
  kind: 'choice';
  items: SuiteItem[];
  /** BCP 47 language of the items, where the suite states it: the projector breaks lines and picks fonts by it. */
  language?: string;
  mode: BeliefMode;
  template: PromptTemplate;
}

/** An open-ended lesson: each model writes its answer on the projector, and the class judges it against the rubric. */
export interface OpenLesson extends LessonBase {
  kind: 'open-ended';
  items: OpenItem[];
}

export type PresentedLesson = ChoiceLesson | OpenLesson;

/** An open-ended suite a lesson can draw from, shipped or imported. */
export interface OpenSuiteChoice {
  id: string;
  name: string;
  custom: boolean;
}

export type Presentable = { ok: true; lesson: PresentedLesson } | { ok: false; error: string };

/** Every suite a lesson can use here: shipped ones and the ones imported into this browser. */
export async function availableSuites(): Promise<SuiteChoice[]> {
  const [index, custom] = await Promise.all([loadSuiteIndex(), listCustomSuites()]);
  return [...index.map(builtinChoice), ...custom.map(customChoice)];
}

/** An item's words as the teacher reads them: a question, or an open-ended item's prompt. */
export function lessonItemText(item: SuiteItem | OpenItem): string {
  return 'question' in item
    ? item.question
    : promptMessages(item)
        .map((m) => m.content)
        .join('\n\n');
}

/** Every open-ended suite a lesson can use here. */
export async function availableOpenSuites(): Promise<OpenSuiteChoice[]> {
  const [index, custom] = await Promise.all([loadOpenSuiteIndex(), listCustomOpenSuites()]);
  return [
    ...index.map((e) => ({ id: e.id, name: e.name, custom: false })),
    ...custom.map((s) => ({ id: s.id, name: s.header.name, custom: true })),
  ];
}

/** A suite's items by id, shipped or imported; undefined when this browser has no such suite. */
export async function loadSuite(id: string): Promise<{ choice: SuiteChoice; suite: Suite } | undefined> {
  const index = await loadSuiteIndex();
  const entry = index.find((e) => e.id === id);
  if (entry) return { choice: builtinChoice(entry), suite: await loadBuiltinSuite(entry) };
  const custom = (await listCustomSuites()).find((s) => s.id === id);
  return custom && { choice: customChoice(custom), suite: custom };
}

/**
 * Resolves a lesson (from a link, a file or storage) against this browser: its models, its suite (the
 * items it carries, or a shipped or imported suite) and every item. Nothing is stored.
 */
export async function presentable(draft: LessonDraft, modelIds: readonly string[], source: string): Promise<Presentable> {
  let suite: Suite;
  let choice: SuiteChoice;
  if (draft.carriedSuite) {
    suite = draft.carriedSuite;
    choice = customChoice({ ...suite, id: draft.suiteId, fileName: 'a lesson file', importedAt: 0 });
  } else {
    const [suites, openSuites] = await Promise.all([availableSuites(), availableOpenSuites()]);
    const unknown = unknownReference(draft, { modelIds, suiteIds: [...suites, ...openSuites].map((s) => s.id) }, source);
    if (unknown) return { ok: false, error: unknown };
    if (openSuites.some((s) => s.id === draft.suiteId)) return presentableOpen(draft, source);
    const loaded = await loadSuite(draft.suiteId);
    if (!loaded) return { ok: false, error: `The ${source} names an unknown suite "${draft.suiteId}".` };
    ({ suite, choice } = loaded);
  }
  const unknown = unknownReference(draft, { modelIds, suiteIds: [draft.suiteId] }, source);
  if (unknown) return { ok: false, error: unknown };
  const picked = pickItems({ name: choice.name, items: suite.items }, draft.itemIds, source);
  if (!picked.ok) return picked;
  const mode = beliefMode(choice.defaultMode);
  return {
    ok: true,
    lesson: {
      kind: 'choice',
      title: draft.title,
      suiteName: choice.name,
      items: picked.items,
      notes: draft.notes,
      modelIds: [draft.modelId, ...(draft.compareModelId ? [draft.compareModelId] : [])],
      mode,
      template: templateFor(suite, draft.suiteId, mode, false),
      ...(choice.language ? { language: choice.language } : {}),
    },
  };
}

async function presentableOpen(draft: LessonDraft, source: string): Promise<Presentable> {
  const suite = await loadOpenSuite(draft.suiteId);
  if (!suite) return { ok: false, error: `The ${source} names an unknown suite "${draft.suiteId}".` };
  const picked = pickItems({ name: suite.header.name, items: suite.items }, draft.itemIds, source);
  if (!picked.ok) return picked;
  return {
    ok: true,
    lesson: {
      kind: 'open-ended',
      title: draft.title,
      suiteName: suite.header.name,
      items: picked.items,
      notes: draft.notes,
      modelIds: [draft.modelId, ...(draft.compareModelId ? [draft.compareModelId] : [])],
    },
  };
}
