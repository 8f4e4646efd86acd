import type { PromptTemplate } from '../../../core/run';
import type { Suite, SuiteItem } from '../../../core/suite';
import { listCustomSuites } from '../../../storage/customSuites';
import { loadBuiltinSuite, loadSuiteIndex } from '../bench/suiteLoader';
import { builtinChoice, customChoice, templateFor, type SuiteChoice } from '../../../benchmarks/suites/suiteChoice';
import type { LessonDraft } from './lessonFile';
import { pickItems, unknownReference } from './lessonLink';
import { beliefMode, type BeliefMode } from './optionProbabilities';

/** A lesson ready for the projector: its items in order, and how the models are asked about them. */
export interface PresentedLesson {
  title: string;
  suiteName: string;
  items: SuiteItem[];
  /** Teacher-only, by item id. */
  notes: Record<string, string>;
  modelIds: string[];
  mode: BeliefMode;
  template: PromptTemplate;
}

export type Presentable = { ok: true; lesson: PresentedLesson } | { ok: false; error: string };

/** Every suite a lesson can use here: shipped ones and the ones imported into this browser. */
export async function availableSuites(): Promise<SuiteChoice[]> {
  const [index, custom] = await Promise.all([loadSuiteIndex(), listCustomSuites()]);
  return [...index.map(builtinChoice), ...custom.map(customChoice)];
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
    const suites = await availableSuites();
    const unknown = unknownReference(draft, { modelIds, suiteIds: suites.map((s) => s.id) }, source);
    if (unknown) return { ok: false, error: unknown };
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
      title: draft.title,
      suiteName: choice.name,
      items: picked.items,
      notes: draft.notes,
      modelIds: [draft.modelId, ...(draft.compareModelId ? [draft.compareModelId] : [])],
      mode,
      template: templateFor(suite, draft.suiteId, mode, false),
    },
  };
}
