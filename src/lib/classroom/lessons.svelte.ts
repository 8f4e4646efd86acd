import type { SuiteItem } from '../../../core/suite';
import type { OpenItem } from '../../../core/openEnded';
import { deleteLesson, listLessons, putLesson } from '../../../storage/lessons';
import type { LessonRecord } from '../../../storage/records';
import { LockedError } from '../../../storage/sealedRecords';
import { carriedSuite, lessonFileName, lessonFileText, parseLessonFile, type LessonDraft } from './lessonFile';
import { lessonLinkUrl, MAX_LESSON_ITEMS } from './lessonLink';
import { availableOpenSuites, availableSuites, lessonItemText, loadSuite, presentable, type OpenSuiteChoice } from './lessonSource';
import { loadOpenSuite } from '../bench/suiteLoader';
import { downloadFile } from '../shared/download';
import { errorMessage } from '../shared/errorMessage';
import type { SuiteChoice } from '../../../benchmarks/suites/suiteChoice';
import { isMultiAnswer } from '../../../benchmarks/suites/answers';
import type { ModelLibrary } from '../models/library.svelte';
import type { PassphraseLock } from '../data/passphraseLock.svelte';

/** Search results shown at once; the teacher narrows the search rather than scrolls thousands. */
export const RESULTS_SHOWN = 50;

/** An item as the builder lists it, multiple-choice or open-ended. */
export interface BuilderItem {
  id: string;
  question: string;
  subject?: string;
  /** Lowercase words the search looks in. */
  search: string;
  /** Several letters are right: the class votes and the model's bars name one letter each (lessonSummary.ts). */
  multiAnswer: boolean;
  /** The question refers to a figure the suite does not ship (HEAD-QA). */
  needsFigure: boolean;
}

function builderItem(item: SuiteItem | OpenItem): BuilderItem {
  const question = lessonItemText(item);
  const options = 'options' in item ? Object.values(item.options).join(' ') : '';
  const subject = 'subject' in item ? item.subject : undefined;
  return {
    id: item.id,
    question,
    ...(subject ? { subject } : {}),
    search: `${question} ${options} ${item.id}`.toLowerCase(),
    multiAnswer: 'answer' in item && isMultiAnswer(item),
    needsFigure: 'image' in item && item.image !== undefined,
  };
}

/** The lesson being built or edited. */
export interface LessonForm {
  /** Set when editing a stored lesson. */
  id: string | null;
  title: string;
  modelId: string;
  compareModelId: string;
  suiteId: string;
  itemIds: string[];
  notes: Record<string, string>;
}

/** Stored lessons, the lesson builder, and sharing (link and file). */
export class LessonStore {
  #lessons = $state<LessonRecord[]>([]);
  #suites = $state<SuiteChoice[]>([]);
  #openSuites = $state<OpenSuiteChoice[]>([]);
  /** Items of the builder's suite (the builder searches them); raw, as suites are large and read-only. */
  #suiteItems = $state.raw<BuilderItem[]>([]);
  #suiteLoading = $state(false);
  #error = $state<string | null>(null);
  #importErrors = $state<{ file: string; lines: string[] } | null>(null);
  #notice = $state<string | null>(null);
  /** Reads of the stored lessons started so far: only the latest one's answer is shown. */
  #reads = 0;
  #library: ModelLibrary;
  /** Titles and notes are sealed while the lock is on: its key seals what is saved and opens what is read. */
  readonly lock: PassphraseLock;
  form = $state<LessonForm>() as LessonForm;
  query = $state('');
  subject = $state('');
  /** Questions with several right answers are listed, marked; the teacher may hide them. */
  hideMultiAnswer = $state(false);
  /** Questions that need a figure are hidden unless asked for: the suites ship no figures. */
  hideNeedsFigure = $state(true);

  constructor(library: ModelLibrary, lock: PassphraseLock) {
    this.#library = library;
    this.lock = lock;
    this.form = this.#emptyForm('');
    lock.guard({
      busyReason: () => null,
      settle: async () => undefined,
      reload: async () => {
        // Locked: the lesson being edited leaves the screen with its title and notes.
        if (lock.status !== 'unlocked') this.newLesson();
        await this.init();
      },
    });
  }

  get lessons() {
    return this.#lessons;
  }
  get suites() {
    return this.#suites;
  }
  /** Suites of open-ended items: the model writes its answer and the class judges it against the rubric. */
  get openSuites() {
    return this.#openSuites;
  }
  get suiteLoading() {
    return this.#suiteLoading;
  }
  get error() {
    return this.#error;
  }
  get importErrors() {
    return this.#importErrors;
  }
  get notice() {
    return this.#notice;
  }
  get subjects(): string[] {
    return this.selectedSuite?.subjects ?? [];
  }
  /** The builder's multiple-choice suite, with its licence and use restriction; undefined for an open-ended one. */
  get selectedSuite(): SuiteChoice | undefined {
    return this.#suites.find((s) => s.id === this.form.suiteId);
  }
  /** How many of the builder's suite items have several answers, and how many need a figure. */
  get marked(): { multiAnswer: number; needsFigure: number } {
    return {
      multiAnswer: this.#suiteItems.filter((i) => i.multiAnswer).length,
      needsFigure: this.#suiteItems.filter((i) => i.needsFigure).length,
    };
  }
  /** The builder's suite items matching the search and subject, not yet in the lesson. */
  get results(): { shown: BuilderItem[]; total: number } {
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    const matching = this.#suiteItems.filter((item) => {
      if (this.subject && item.subject !== this.subject) return false;
      if (this.form.itemIds.includes(item.id)) return false;
      if ((this.hideMultiAnswer && item.multiAnswer) || (this.hideNeedsFigure && item.needsFigure)) return false;
      return words.every((w) => item.search.includes(w));
    });
    return { shown: matching.slice(0, RESULTS_SHOWN), total: matching.length };
  }
  /** The lesson's items in order (only those the loaded suite has). */
  get picked(): BuilderItem[] {
    const byId: Record<string, BuilderItem> = Object.fromEntries(this.#suiteItems.map((i) => [i.id, i]));
    return this.form.itemIds.flatMap((id) => byId[id] ?? []);
  }

  #emptyForm(suiteId: string): LessonForm {
    return { id: null, title: '', modelId: this.#library.selectedId, compareModelId: '', suiteId, itemIds: [], notes: {} };
  }

  async init(): Promise<void> {
    try {
      await this.lock.refresh();
      [, this.#suites, this.#openSuites] = await Promise.all([this.#readLessons(), availableSuites(), availableOpenSuites()]);
      if (!this.form.suiteId && this.#suites[0]) await this.pickSuite(this.#suites[0].id);
    } catch (e) {
      this.#error = errorMessage(e);
    }
  }

  /**
   * Lists the stored lessons. Of two reads in flight the later one wins: the page's first read, slow behind
   * the suite index, must not land after an import and hide the lesson just imported.
   */
  async #readLessons(): Promise<void> {
    const read = ++this.#reads;
    const lessons = this.lock.status === 'locked' ? [] : await listLessons(this.lock.key);
    if (read === this.#reads) this.#lessons = lessons;
  }

  dismiss(): void {
    this.#error = null;
    this.#importErrors = null;
    this.#notice = null;
  }

  /** A new suite starts a new item list: a lesson draws from one suite. */
  async pickSuite(id: string): Promise<void> {
    this.form = { ...this.form, suiteId: id, itemIds: [], notes: {} };
    this.subject = '';
    this.#suiteItems = [];
    this.#suiteLoading = true;
    try {
      const items = this.#openSuites.some((s) => s.id === id)
        ? ((await loadOpenSuite(id))?.items ?? [])
        : ((await loadSuite(id))?.suite.items ?? []);
      if (this.form.suiteId === id) this.#suiteItems = items.map(builderItem);
    } catch (e) {
      this.#error = errorMessage(e);
    } finally {
      this.#suiteLoading = false;
    }
  }

  add(id: string): void {
    if (this.form.itemIds.includes(id) || this.form.itemIds.length >= MAX_LESSON_ITEMS) return;
    this.form.itemIds = [...this.form.itemIds, id];
  }
  remove(id: string): void {
    this.form.itemIds = this.form.itemIds.filter((x) => x !== id);
    const { [id]: _, ...notes } = this.form.notes;
    this.form.notes = notes;
  }
  /** Moves an item up (-1) or down (+1) in the lesson. */
  move(id: string, by: -1 | 1): void {
    const ids = [...this.form.itemIds];
    const from = ids.indexOf(id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    this.form.itemIds = ids;
  }
  setNote(id: string, note: string): void {
    this.form.notes = { ...this.form.notes, [id]: note };
  }

  /** The builder's lesson as stored; carries the items when the suite is an imported one. */
  #draftOfForm(): LessonDraft {
    const f = this.form;
    const notes = Object.fromEntries(Object.entries(f.notes).filter(([id, n]) => f.itemIds.includes(id) && n.trim() !== ''));
    return {
      title: f.title.trim(),
      modelId: f.modelId,
      ...(f.compareModelId && f.compareModelId !== f.modelId ? { compareModelId: f.compareModelId } : {}),
      suiteId: f.suiteId,
      itemIds: [...f.itemIds],
      notes,
    };
  }

  async save(): Promise<boolean> {
    this.dismiss();
    const draft = this.#draftOfForm();
    if (!draft.title) return this.#fail('Give the lesson a title.');
    if (draft.itemIds.length === 0) return this.#fail('Add at least one question to the lesson.');
    if (this.lock.status === 'locked') return this.#fail(new LockedError('lessons').message);
    const now = Date.now();
    const previous = this.#lessons.find((l) => l.id === this.form.id);
    const record: LessonRecord = {
      ...draft,
      id: previous?.id ?? crypto.randomUUID(),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    await putLesson(record, this.lock.key);
    this.#lessons = [record, ...this.#lessons.filter((l) => l.id !== record.id)];
    this.form = { ...this.form, id: record.id };
    this.#notice = `Saved “${record.title}” (${record.itemIds.length} question${record.itemIds.length === 1 ? '' : 's'}).`;
    return true;
  }

  #fail(message: string): false {
    this.#error = message;
    return false;
  }

  newLesson(): void {
    this.form = { ...this.#emptyForm(this.form.suiteId), itemIds: [] };
  }

  async edit(lesson: LessonRecord): Promise<void> {
    this.dismiss();
    if (lesson.carriedSuite) {
      this.#error = `“${lesson.title}” came with its own questions from a lesson file; present it as it is, or import its suite to edit it.`;
      return;
    }
    if (this.form.suiteId !== lesson.suiteId) await this.pickSuite(lesson.suiteId);
    this.form = {
      id: lesson.id,
      title: lesson.title,
      modelId: lesson.modelId,
      compareModelId: lesson.compareModelId ?? '',
      suiteId: lesson.suiteId,
      itemIds: [...lesson.itemIds],
      notes: { ...lesson.notes },
    };
  }

  async delete(id: string): Promise<void> {
    await deleteLesson(id);
    this.#lessons = this.#lessons.filter((l) => l.id !== id);
    if (this.form.id === id) this.form = { ...this.form, id: null };
  }

  linkFor(lesson: LessonRecord, pageUrl: string): string {
    return lessonLinkUrl(lesson, pageUrl);
  }

  /** Downloads the lesson as a file; a lesson on an imported suite takes its items along. */
  async exportFile(lesson: LessonRecord): Promise<void> {
    this.dismiss();
    try {
      let carried = lesson.carriedSuite;
      const open = this.#openSuites.find((s) => s.id === lesson.suiteId);
      if (open?.custom)
        return void this.#fail(
          `“${lesson.title}” draws on an imported open-ended suite, which a lesson file cannot carry yet: share its link on a machine that has imported ${open.name}.`,
        );
      if (!carried && !open && !this.#suites.find((s) => s.id === lesson.suiteId && !s.custom)) {
        const loaded = await loadSuite(lesson.suiteId);
        if (!loaded)
          return void this.#fail(`The suite “${lesson.suiteId}” of this lesson is no longer stored here; import it again to export.`);
        carried = carriedSuite(loaded.suite, lesson.itemIds);
      }
      downloadFile(
        lessonFileName(lesson.title),
        lessonFileText({ ...lesson, ...(carried ? { carriedSuite: carried } : {}) }),
        'application/json',
      );
    } catch (e) {
      this.#error = errorMessage(e);
    }
  }

  /** Checks the whole file (shape, models, suite and every item) before storing anything. */
  async importFile(file: File): Promise<boolean> {
    this.dismiss();
    const refuse = (lines: string[]): false => {
      this.#importErrors = { file: file.name, lines };
      return false;
    };
    if (this.lock.status === 'locked') return refuse([new LockedError('lessons').message]);
    const parsed = parseLessonFile(await file.text());
    if (!parsed.ok) return refuse(parsed.errors);
    try {
      const resolved = await presentable(
        parsed.lesson,
        this.#library.entries.map((e) => e.id),
        'lesson file',
      );
      if (!resolved.ok) return refuse([resolved.error]);
    } catch (e) {
      return refuse([errorMessage(e)]);
    }
    const now = Date.now();
    const record: LessonRecord = { ...parsed.lesson, id: crypto.randomUUID(), createdAt: now, updatedAt: now };
    await putLesson(record, this.lock.key);
    await this.#readLessons();
    this.#notice = `Imported “${record.title}” (${record.itemIds.length} question${record.itemIds.length === 1 ? '' : 's'}) from ${file.name}.`;
    return true;
  }
}
