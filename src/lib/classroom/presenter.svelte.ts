import { SvelteMap } from 'svelte/reactivity';
import { renderPrompt } from '../../../benchmarks/prompts/templates';
import { isBedsideError } from '../../../core/errors';
import { errorMessage } from '../shared/errorMessage';
import type { LessonDraft } from './lessonFile';
import { parseLessonLink } from './lessonLink';
import { availableSuites, presentable, type ChoiceLesson, type PresentedLesson } from './lessonSource';
import { carriedSuiteFor } from '../../../storage/lessons';
import { lessonSummary, type LessonSummary, type Votes } from './lessonSummary';
import { OpenLessonState } from './openLesson.svelte';
import { openLessonSummary, type OpenSummaryRow } from './classVerdicts';
import { beliefChoices, beliefFromScores } from './optionProbabilities';
import type { DeviceStore } from '../models/device.svelte';
import { EngineSession } from '../models/engineSession.svelte';
import type { ModelLibrary } from '../models/library.svelte';

export type Belief =
  { status: 'scoring' } | { status: 'ready'; probs: Record<string, number>; pick: string } | { status: 'error'; message: string };

/** One model on the projector: the engine that holds it, and what it believes about each item. */
interface Seat {
  modelId: string;
  session: EngineSession;
  /** Settles when the model is loaded (true) or could not be (false). */
  ready: Promise<boolean>;
  beliefs: SvelteMap<string, Belief>;
  /** Scoring runs one item at a time per engine; this is the tail of that queue. */
  queue: Promise<unknown>;
}

/**
 * The presenter: one lesson on the projector, step by step. The first model uses the app's engine;
 * a second one gets its own worker, so both score at once. While the class looks at item i, items
 * i and i + 1 are scored, so "Show model" does not keep the room waiting.
 */
export class PresenterStore {
  #lesson = $state<PresentedLesson | null>(null);
  #index = $state(0);
  #revealed = $state<Record<string, boolean>>({});
  #modelShown = $state<Record<string, boolean>>({});
  #votes = $state<Record<string, Votes>>({});
  #seats = $state.raw<Seat[]>([]);
  /** An open-ended lesson's answers, reveals and class counts; null for a multiple-choice lesson. */
  #open = $state.raw<OpenLessonState | null>(null);
  #opening = $state(false);
  #error = $state<string | null>(null);
  #engine: EngineSession;
  #library: ModelLibrary;
  #device: DeviceStore;
  /** The compare model's engine, kept once made so a second lesson does not start another worker. */
  #compareSession: EngineSession | null = null;
  #readyMarked = false;

  constructor(engine: EngineSession, library: ModelLibrary, device: DeviceStore) {
    this.#engine = engine;
    this.#library = library;
    this.#device = device;
  }

  get lesson() {
    return this.#lesson;
  }
  get open() {
    return this.#lesson !== null;
  }
  get opening() {
    return this.#opening;
  }
  get error() {
    return this.#error;
  }
  /** 0 … items − 1 are questions; items is the end-of-lesson slide. */
  get index() {
    return this.#index;
  }
  get atEnd() {
    return this.#lesson !== null && this.#index >= this.#lesson.items.length;
  }
  /** The multiple-choice item on the projector; undefined in an open-ended lesson (see `openItem`). */
  get item() {
    return this.#lesson?.kind === 'choice' ? this.#lesson.items[this.#index] : undefined;
  }
  get openItem() {
    return this.#lesson?.kind === 'open-ended' ? this.#lesson.items[this.#index] : undefined;
  }
  /** The open-ended lesson's answers, reveals and class counts. */
  get openState() {
    return this.#open;
  }
  get revealed() {
    const item = this.item;
    if (item) return this.#revealed[item.id] === true;
    const open = this.openItem;
    return open ? this.#open!.referenceShown(open.id) : false;
  }
  get rubricRevealed() {
    const open = this.openItem;
    return open ? this.#open!.rubricShown(open.id) : false;
  }
  get modelShown() {
    const item = this.item;
    if (item) return this.#modelShown[item.id] === true;
    const open = this.openItem;
    return open ? this.#open!.modelShown(open.id) : false;
  }
  get votes(): Votes {
    const item = this.item;
    return (item && this.#votes[item.id]) || {};
  }
  /** The models on the projector, with their engine's load state and their belief about the current item. */
  get models() {
    const item = this.item;
    return this.#seats.map((seat) => ({
      id: seat.modelId,
      name: this.#library.entry(seat.modelId)?.name ?? seat.modelId,
      session: seat.session,
      belief: item ? seat.beliefs.get(item.id) : undefined,
    }));
  }
  /** Beliefs computed so far, over all models and items (scoring runs ahead of the class). */
  get scoredCount(): number {
    return this.#seats.reduce((n, seat) => n + [...seat.beliefs.values()].filter((b) => b.status === 'ready').length, 0);
  }
  get summary(): LessonSummary | null {
    const lesson = this.#lesson;
    if (lesson?.kind !== 'choice') return null;
    const picks = this.#seats.map((seat) => {
      const out: Record<string, string> = {};
      for (const [id, belief] of seat.beliefs) if (belief.status === 'ready') out[id] = belief.pick;
      return out;
    });
    return lessonSummary(lesson.items, this.#votes, picks);
  }
  /** The end of an open-ended lesson: what the class made of each model's answers. */
  get openSummary(): OpenSummaryRow[] | null {
    const lesson = this.#lesson;
    if (lesson?.kind !== 'open-ended' || !this.#open) return null;
    return openLessonSummary(lesson.items, this.#open.allCounts, this.#seats.length);
  }

  dismissError(): void {
    this.#error = null;
  }

  /** Opens the lesson a deep link describes; a bad link leaves the presenter closed with the reason. */
  async openLink(search: string): Promise<boolean> {
    const parsed = parseLessonLink(search);
    if (!parsed.ok) {
      this.#error = parsed.error;
      return false;
    }
    const { modelId, compareModelId, suiteId, itemIds } = parsed.link;
    // A suite this browser holds only inside lessons (imported from lesson files) still opens their links here.
    const carried = (await availableSuites()).some((s) => s.id === suiteId) ? undefined : await carriedSuiteFor(suiteId);
    const draft: LessonDraft = {
      title: '',
      modelId,
      suiteId,
      itemIds,
      notes: {},
      ...(compareModelId ? { compareModelId } : {}),
      ...(carried ? { carriedSuite: carried } : {}),
    };
    return this.openLesson(draft, 'lesson link');
  }

  async openLesson(draft: LessonDraft, source = 'lesson'): Promise<boolean> {
    this.#error = null;
    this.#opening = true;
    try {
      const resolved = await presentable(
        draft,
        this.#library.entries.map((e) => e.id),
        source,
      );
      if (!resolved.ok) {
        this.#error = resolved.error;
        return false;
      }
      this.#start(resolved.lesson);
      return true;
    } catch (e) {
      this.#error = errorMessage(e);
      return false;
    } finally {
      this.#opening = false;
    }
  }

  #start(lesson: PresentedLesson): void {
    this.#open?.close();
    this.#lesson = lesson;
    this.#index = 0;
    this.#revealed = {};
    this.#modelShown = {};
    this.#votes = {};
    this.#readyMarked = false;
    this.#library.select(lesson.modelIds[0]!);
    this.#seats = lesson.modelIds.map((modelId, i) => {
      const session = i === 0 ? this.#engine : this.#compare();
      const entry = this.#library.entry(modelId);
      const ready = session.readyModelId === modelId ? Promise.resolve(true) : session.load(entry);
      return { modelId, session, ready, beliefs: new SvelteMap(), queue: Promise.resolve() };
    });
    this.#open = lesson.kind === 'open-ended' ? new OpenLessonState(this.#seats) : null;
    this.#scoreAhead();
  }

  #compare(): EngineSession {
    this.#compareSession ??= new EngineSession({
      specFor: (entry) => this.#library.specFor(entry),
      availabilityOf: (entry) => this.#device.availabilityOf(entry),
    });
    return this.#compareSession;
  }

  close(): void {
    this.#open?.close();
    this.#open = null;
    this.#lesson = null;
    this.#seats = [];
    // The compare model's memory is freed; the app's own engine keeps its model for Consult.
    void this.#compareSession?.client.remote.unload().catch(() => undefined);
  }

  next(): void {
    if (this.#lesson && this.#index < this.#lesson.items.length) this.#goTo(this.#index + 1);
  }
  previous(): void {
    if (this.#index > 0) this.#goTo(this.#index - 1);
  }
  /** Reveals the answer, or in an open-ended lesson the reference answer. */
  reveal(): void {
    const item = this.item;
    if (item) this.#revealed = { ...this.#revealed, [item.id]: true };
    const open = this.openItem;
    if (open) this.#open!.revealReference(open.id);
  }
  /** Open-ended lessons: shows the rubric, where the class's verdict on each criterion is typed in. */
  revealRubric(): void {
    const open = this.openItem;
    if (open) this.#open!.revealRubric(open.id);
  }
  /** Shows the models' beliefs, or in an open-ended lesson has each model write its answer on the projector. */
  showModel(): void {
    const item = this.item;
    if (item) this.#modelShown = { ...this.#modelShown, [item.id]: true };
    const open = this.openItem;
    if (open) this.#open!.showModels(open);
  }
  setVotes(letter: string, count: number): void {
    const item = this.item;
    if (!item) return;
    const n = Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0;
    this.#votes = { ...this.#votes, [item.id]: { ...this.#votes[item.id], [letter]: n } };
  }

  #goTo(index: number): void {
    this.#index = index;
    this.#scoreAhead();
  }

  /** Queues the current item and the next one on every model, each only once. */
  #scoreAhead(): void {
    const lesson = this.#lesson;
    if (!lesson) return;
    if (lesson.kind === 'open-ended') return void this.#markReady();
    for (const seat of this.#seats) {
      for (const item of lesson.items.slice(this.#index, this.#index + 2)) {
        if (seat.beliefs.has(item.id)) continue;
        seat.beliefs.set(item.id, { status: 'scoring' });
        seat.queue = seat.queue.then(() => this.#score(seat, lesson, item.id));
      }
    }
    void this.#markReady();
  }

  async #score(seat: Seat, lesson: ChoiceLesson, itemId: string): Promise<void> {
    const item = lesson.items.find((i) => i.id === itemId)!;
    let belief: Belief;
    if (!(await seat.ready)) {
      belief = { status: 'error', message: seat.session.error ?? `${seat.modelId} could not be loaded.` };
    } else {
      try {
        const choices = beliefChoices(item, lesson.mode);
        const scores = await seat.session.client.remote.scoreChoices(seat.modelId, renderPrompt(lesson.template, item), choices);
        const prediction = beliefFromScores(item, lesson.mode, scores);
        belief = { status: 'ready', probs: prediction.probs, pick: prediction.pred };
      } catch (e) {
        const message = isBedsideError(e, 'EngineBusy')
          ? 'A benchmark is running on this engine; stop it on the Benchmarks page to show the model.'
          : errorMessage(e);
        belief = { status: 'error', message };
      }
    }
    // A lesson closed or replaced meanwhile keeps nothing of this one.
    if (this.#lesson === lesson) seat.beliefs.set(itemId, belief);
  }

  /** Marks the moment a lesson is ready (question shown, models loaded), for measuring. */
  async #markReady(): Promise<void> {
    if (this.#readyMarked) return;
    this.#readyMarked = true;
    const lesson = this.#lesson;
    await Promise.all(this.#seats.map((s) => s.ready));
    if (this.#lesson === lesson) performance.mark('bedside:lesson-ready');
  }
}
