import { exportAll, exportFromJson, exportToJson, importAll, wipeAll } from '../../../storage/dataExport';
import type { BenchmarksStore } from '../bench/benchmarks.svelte';
import type { LessonStore } from '../classroom/lessons.svelte';
import type { ConsultStore } from '../consult/consult.svelte';
import type { ModelLibrary } from '../models/library.svelte';
import { downloadFile } from '../shared/download';
import { errorMessage } from '../shared/errorMessage';
import { plural } from '../../../core/plural';
import type { PassphraseLock } from './passphraseLock.svelte';

/** The stores whose lists show stored records, so an import or a wipe must make them read storage again. */
export interface StoredLists {
  lock: PassphraseLock;
  consult: ConsultStore;
  library: ModelLibrary;
  benchmarks: BenchmarksStore;
  lessons: LessonStore;
}

/**
 * The Data page: everything stored, exported to one file, imported back or deleted. After an import or
 * a wipe every page's list reads storage again, so what came in shows and what went is gone; a failure
 * is said on the page, never thrown, and an import that fails writes nothing.
 */
export class DataStore {
  status = $state('');
  error = $state<string | null>(null);
  readonly #lists: StoredLists;

  constructor(lists: StoredLists) {
    this.#lists = lists;
  }

  async exportAll(): Promise<void> {
    this.error = null;
    try {
      const data = await exportAll();
      downloadFile(`bedside-export-${data.exportedAt.slice(0, 10)}.json`, await exportToJson(data), 'application/json');
      this.status = 'Exported everything to one JSON file.';
    } catch (e) {
      this.error = `The export failed: ${errorMessage(e)} Nothing was downloaded, and nothing stored was changed.`;
    }
  }

  async importFile(file: File): Promise<void> {
    this.error = null;
    let count: number;
    try {
      count = await importAll(exportFromJson(await file.text()));
    } catch (e) {
      this.error = `${file.name}: ${errorMessage(e)} Nothing was changed.`;
      return;
    }
    this.status = `Imported ${plural(count, 'record')} from ${file.name}.`;
    await this.#readAgain();
  }

  async wipe(): Promise<void> {
    this.error = null;
    try {
      await wipeAll();
    } catch (e) {
      this.error = `Deleting failed: ${errorMessage(e)}`;
      return;
    }
    await this.#readAgain();
    this.#lists.consult.newConsultation();
    this.#lists.benchmarks.closeRun();
    this.status = 'All Bedside data on this device was deleted. Cached model weights are managed on the Models page.';
  }

  /** The lock first: while unlocked it seals text an import brought in plain, before any list reads it. */
  async #readAgain(): Promise<void> {
    const { lock, consult, library, benchmarks, lessons } = this.#lists;
    await lock.refresh();
    await Promise.all([consult.init(), library.reload(), benchmarks.init(), lessons.init()]);
  }
}
