import { RATING_DIMENSIONS, graderKey, type Grade, type OpenItem, type RatingDimension, type Verdict } from '../../../core/openEnded';
import { kappaBetween } from '../../../benchmarks/metrics/openRunSummary';
import {
  gradedCount,
  isGraded,
  marksOf,
  pairsOf,
  personGraders,
  ratingKappaBetween,
  withDraftScores,
  type Marks,
} from '../../../benchmarks/grading/personGrading';
import { listGrades, putGrade } from '../../../storage/grades';
import { getOpenRun, listOpenResults, listOpenRuns, type OpenRunRecord } from '../../../storage/openRuns';
import { loadOpenSuite } from '../bench/suiteLoader';
import { errorMessage } from '../shared/errorMessage';
import type { PassphraseLock } from '../data/passphraseLock.svelte';
import { gradableAnswers, personRating, personVerdict, runChoices, type GradableAnswer, type RunChoice } from './gradeRecords';

export interface PairAgreement {
  a: string;
  b: string;
  rubric: ReturnType<typeof kappaBetween>;
  ratings: ReturnType<typeof ratingKappaBetween>;
}

/**
 * People grading an open-ended run, one answer at a time and blind: the grader sees each prompt, its
 * references and the answer, never the model. Each verdict is stored the moment it is given; a rating
 * is stored once its three scales are scored. Agreement between every two people is Cohen's κ.
 */
export class GradingStore {
  #runs = $state.raw<OpenRunRecord[]>([]);
  #runId = $state<string | null>(null);
  #answers = $state.raw<GradableAnswer[]>([]);
  #grades = $state.raw<Grade[]>([]);
  #grader = $state<string | null>(null);
  #index = $state(0);
  /** The criterion (or scale) Y/N (or 1–5) applies to. */
  #position = $state(0);
  /** Scales scored on answers not yet rated in full, by item id: a rating is stored whole. */
  #drafts = $state<Record<string, Partial<Record<RatingDimension, number>>>>({});
  #loading = $state(false);
  #error = $state<string | null>(null);
  /** Grades are written one after another, so a quick regrade can never land before the grade it replaces. */
  #saving: Promise<unknown> = Promise.resolve();
  #opening: Promise<void> = Promise.resolve();
  readonly lock: PassphraseLock;

  constructor(lock: PassphraseLock) {
    this.lock = lock;
    lock.guard({
      busyReason: () => null,
      settle: () => this.#saving.then(() => undefined),
      reload: async () => {
        const id = this.#runId;
        await this.init();
        if (id) await this.openRun(id);
      },
    });
  }

  get runs(): RunChoice[] {
    return runChoices(this.#runs);
  }
  get runId() {
    return this.#runId;
  }
  get loading() {
    return this.#loading;
  }
  get error() {
    return this.#error;
  }
  get answers() {
    return this.#answers;
  }
  get grader() {
    return this.#grader;
  }
  get index() {
    return this.#index;
  }
  get position() {
    return this.#position;
  }
  get current(): GradableAnswer | undefined {
    return this.#answers[this.#index];
  }
  /** The grader's marks on each answer, with scales scored but not yet stored. */
  get marks(): ReadonlyMap<string, Marks> {
    return withDraftScores(this.#storedMarks(), this.#drafts);
  }
  get currentMarks(): Marks | undefined {
    const current = this.current;
    return current && this.marks.get(current.item.id);
  }
  get progress(): { graded: number; total: number } {
    return { graded: gradedCount(this.#items(), this.#storedMarks()), total: this.#answers.length };
  }
  /** Cohen's κ for every two people who graded this run: per criterion and axis, and per 1–5 scale. */
  get agreement(): PairAgreement[] {
    const items = this.#items();
    return pairsOf(personGraders(this.#grades)).map(([a, b]) => {
      const [ka, kb] = [graderKey({ kind: 'person', name: a }), graderKey({ kind: 'person', name: b })];
      return { a, b, rubric: kappaBetween(items, this.#grades, ka, kb), ratings: ratingKappaBetween(items, this.#grades, ka, kb) };
    });
  }
  get graders(): string[] {
    return personGraders(this.#grades);
  }

  #items(): OpenItem[] {
    return this.#answers.map((a) => a.item);
  }
  /** Without a grader, nothing is marked (no person is named ''). */
  #storedMarks(): ReadonlyMap<string, Marks> {
    return marksOf(this.#items(), this.#grades, graderKey({ kind: 'person', name: this.#grader ?? '' }));
  }

  dismiss(): void {
    this.#error = null;
  }

  async init(): Promise<void> {
    try {
      await this.lock.refresh();
      this.#runs = await listOpenRuns();
    } catch (e) {
      this.#error = errorMessage(e);
    }
  }

  /** Reads a run's answers, its suite's items and every grade given so far. */
  openRun(id: string): Promise<void> {
    this.#opening = this.#open(id);
    return this.#opening;
  }

  /** Settles once the run being opened is read (a grader may start before it is). */
  whenOpened(): Promise<void> {
    return this.#opening;
  }

  async #open(id: string): Promise<void> {
    this.#error = null;
    this.#runId = id;
    this.#answers = [];
    this.#grades = [];
    this.#drafts = {};
    this.#index = 0;
    this.#position = 0;
    if (!id) return;
    this.#loading = true;
    try {
      const run = await getOpenRun(id);
      if (!run) throw new Error('This run is no longer stored here.');
      const [suite, results, grades] = await Promise.all([
        loadOpenSuite(run.suite.id),
        listOpenResults(id, this.lock.key),
        listGrades(id, this.lock.key),
      ]);
      if (!suite) throw new Error(`The suite “${run.suite.name}” of this run is no longer here: import it again to grade the run.`);
      const answers = gradableAnswers(suite.items, results);
      if (this.#runId !== id) return;
      this.#answers = answers;
      this.#grades = grades;
      this.#placeCursor(this.#firstUngraded());
    } catch (e) {
      if (this.#runId === id) this.#error = errorMessage(e);
    } finally {
      if (this.#runId === id) this.#loading = false;
    }
  }

  /** Grades from now on carry this name; the cursor goes to the first answer this grader has not finished. */
  start(name: string): boolean {
    const trimmed = name.trim();
    if (!trimmed) {
      this.#error = 'Type your name first: each grader grades under their own name.';
      return false;
    }
    this.#error = null;
    this.#grader = trimmed;
    this.#drafts = {};
    this.#placeCursor(this.#firstUngraded());
    return true;
  }

  stop(): void {
    this.#grader = null;
    this.#drafts = {};
  }

  #firstUngraded(): number {
    const marks = this.#storedMarks();
    const i = this.#answers.findIndex((a) => !isGraded(a.item, marks.get(a.item.id)));
    return i < 0 ? 0 : i;
  }

  /** Goes to an answer, on its first criterion or scale still unmarked. */
  #placeCursor(index: number): void {
    this.#index = Math.max(0, Math.min(index, this.#answers.length - 1));
    const current = this.current;
    const marks = this.currentMarks;
    if (!current || !marks) return void (this.#position = 0);
    const open = current.item.rubric
      ? marks.verdicts.findIndex((v) => v === undefined)
      : RATING_DIMENSIONS.findIndex((d) => marks.scores?.[d] === undefined);
    this.#position = Math.max(0, open);
  }

  #slots(): number {
    const current = this.current;
    return current ? (current.item.rubric?.length ?? RATING_DIMENSIONS.length) : 0;
  }

  next(): void {
    if (this.#index < this.#answers.length - 1) this.#placeCursor(this.#index + 1);
  }
  previous(): void {
    if (this.#index > 0) this.#placeCursor(this.#index - 1);
  }
  /** Moves between the current answer's criteria (or scales): −1 up, +1 down. */
  move(by: -1 | 1): void {
    this.#position = Math.max(0, Math.min(this.#position + by, this.#slots() - 1));
  }
  select(position: number): void {
    if (position >= 0 && position < this.#slots()) this.#position = position;
  }

  /** Marks the current criterion and moves to the next one; a later mark of the same criterion replaces this one. */
  mark(verdict: Exclude<Verdict, 'ungraded'>, criterion = this.#position): void {
    const current = this.current;
    const runId = this.#runId;
    if (!this.#grader || !current?.item.rubric || !runId || criterion >= current.item.rubric.length) return;
    this.select(criterion);
    this.move(1);
    this.#save(personVerdict(runId, current.item.id, criterion, this.#grader, verdict));
  }

  /** Scores the current scale from 1 to 5 and moves to the next; the rating is stored once all three are scored. */
  rate(score: number, dimension = RATING_DIMENSIONS[this.#position]): void {
    const current = this.current;
    const runId = this.#runId;
    if (!this.#grader || !current || current.item.rubric || !runId || !dimension) return;
    if (!Number.isInteger(score) || score < 1 || score > 5) return;
    this.select(RATING_DIMENSIONS.indexOf(dimension));
    this.move(1);
    const itemId = current.item.id;
    const stored = this.#storedMarks().get(itemId)?.scores;
    const scores = { ...stored, ...this.#drafts[itemId], [dimension]: score };
    if (!RATING_DIMENSIONS.every((d) => scores[d] !== undefined)) {
      this.#drafts = { ...this.#drafts, [itemId]: { ...this.#drafts[itemId], [dimension]: score } };
      return;
    }
    const { [itemId]: _, ...drafts } = this.#drafts;
    this.#drafts = drafts;
    this.#save(personRating(runId, itemId, this.#grader, scores as Record<RatingDimension, number>));
  }

  #save(grade: Grade): void {
    const runId = this.#runId;
    this.#saving = this.#saving
      .then(() => putGrade(grade, this.lock.key))
      .then(() => {
        if (this.#runId !== runId) return;
        const same = (g: Grade) =>
          g.itemId === grade.itemId &&
          graderKey(g.grader) === graderKey(grade.grader) &&
          (g.kind === 'criterion' ? grade.kind === 'criterion' && g.criterion === grade.criterion : grade.kind === 'rating');
        this.#grades = [...this.#grades.filter((g) => !same(g)), grade];
      })
      .catch((e: unknown) => {
        this.#error = `That grade was not saved: ${errorMessage(e)}`;
      });
  }
}
