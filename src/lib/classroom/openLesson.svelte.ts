import { SvelteMap } from 'svelte/reactivity';
import type { FinishReason, GenerateOptions } from '../../../core/engine';
import type { OpenItem } from '../../../core/openEnded';
import { isBedsideError } from '../../../core/errors';
import { promptMessages } from '../../../benchmarks/grading/judgePrompts';
import { errorMessage } from '../shared/errorMessage';
import type { EngineSession } from '../models/engineSession.svelte';
import type { CriterionCounts } from './classVerdicts';

/**
 * Greedy, so a lesson shown twice on the same model writes the same answers; long enough for a short
 * clinical answer, short enough for a class to watch it being written.
 */
export const LESSON_ANSWER_SAMPLING: GenerateOptions = { temperature: 0, topP: 1, maxTokens: 384 };

/** A model's answer as it streams onto the projector. */
export type StreamedAnswer =
  | { status: 'waiting'; text: '' }
  | { status: 'streaming'; text: string }
  | { status: 'done'; text: string; finish: FinishReason }
  | { status: 'error'; text: string; message: string };

/** A model on the projector, as the presenter holds it. */
export interface AnsweringModel {
  modelId: string;
  session: EngineSession;
  /** Settles when the model is loaded (true) or could not be (false). */
  ready: Promise<boolean>;
}

/**
 * The open-ended part of a lesson: each model's answer to each item, written on the projector when the
 * teacher asks for it; what the teacher has revealed (rubric, reference); and the class's verdict on each
 * criterion, typed in as counts. Nothing is stored: a lesson is a live session.
 */
export class OpenLessonState {
  #models: AnsweringModel[];
  /** By model index, then item id. */
  #answers: SvelteMap<string, StreamedAnswer>[];
  /** One answer at a time per engine: this is the tail of each model's queue. */
  #queues: Promise<unknown>[];
  #rubricShown = $state<Record<string, boolean>>({});
  #referenceShown = $state<Record<string, boolean>>({});
  #modelShown = $state<Record<string, boolean>>({});
  /** Item id → model index → criterion index. */
  #counts = $state<Record<string, (CriterionCounts | undefined)[][]>>({});
  #closed = false;

  constructor(models: AnsweringModel[]) {
    this.#models = models;
    this.#answers = models.map(() => new SvelteMap());
    this.#queues = models.map(() => Promise.resolve());
  }

  answer(model: number, itemId: string): StreamedAnswer | undefined {
    return this.#answers[model]?.get(itemId);
  }
  rubricShown(itemId: string): boolean {
    return this.#rubricShown[itemId] === true;
  }
  referenceShown(itemId: string): boolean {
    return this.#referenceShown[itemId] === true;
  }
  modelShown(itemId: string): boolean {
    return this.#modelShown[itemId] === true;
  }
  counts(itemId: string): readonly (readonly (CriterionCounts | undefined)[])[] {
    return this.#counts[itemId] ?? [];
  }
  get allCounts(): Readonly<Record<string, (CriterionCounts | undefined)[][]>> {
    return this.#counts;
  }

  revealRubric(itemId: string): void {
    this.#rubricShown = { ...this.#rubricShown, [itemId]: true };
  }
  revealReference(itemId: string): void {
    this.#referenceShown = { ...this.#referenceShown, [itemId]: true };
  }

  setCount(itemId: string, model: number, criterion: number, verdict: keyof CriterionCounts, count: number): void {
    const n = Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0;
    const perModel = (this.#counts[itemId] ?? []).map((row) => [...row]);
    while (perModel.length <= model) perModel.push([]);
    const row = perModel[model]!;
    row[criterion] = { ...(row[criterion] ?? { met: 0, notMet: 0 }), [verdict]: n };
    this.#counts = { ...this.#counts, [itemId]: perModel };
  }

  /** Every model starts writing its answer to the item, each once; answers already written stay. */
  showModels(item: OpenItem): void {
    this.#modelShown = { ...this.#modelShown, [item.id]: true };
    this.#models.forEach((model, m) => {
      const answers = this.#answers[m]!;
      if (answers.has(item.id)) return;
      answers.set(item.id, { status: 'waiting', text: '' });
      this.#queues[m] = this.#queues[m]!.then(() => this.#write(model, answers, item));
    });
  }

  async #write(model: AnsweringModel, answers: SvelteMap<string, StreamedAnswer>, item: OpenItem): Promise<void> {
    if (this.#closed) return;
    if (!(await model.ready)) {
      answers.set(item.id, { status: 'error', text: '', message: model.session.error ?? `${model.modelId} could not be loaded.` });
      return;
    }
    let text = '';
    answers.set(item.id, { status: 'streaming', text });
    try {
      const result = await model.session.chat(promptMessages(item), LESSON_ANSWER_SAMPLING, (piece) => {
        text += piece;
        if (!this.#closed) answers.set(item.id, { status: 'streaming', text });
      });
      answers.set(item.id, { status: 'done', text: result.text, finish: result.finishReason });
    } catch (e) {
      const message = isBedsideError(e, 'EngineBusy')
        ? 'A benchmark is running on this engine; stop it on the Benchmarks page to show the model.'
        : errorMessage(e);
      answers.set(item.id, { status: 'error', text, message });
    }
  }

  /** Leaving the lesson stops an answer still being written, so the engine is free for the next page. */
  close(): void {
    this.#closed = true;
    this.#models.forEach((model, m) => {
      const writing = [...this.#answers[m]!.values()].some((a) => a.status === 'streaming');
      if (writing) void model.session.interrupt().catch(() => undefined);
    });
  }
}
