import { isBedsideError } from '../../../core/errors';
import { isQuotaError, storageFullError } from '../../../core/storageFull';
import { errorMessage } from '../shared/errorMessage';

/**
 * Whether browser storage has run out, so the page shows what can be deleted (downloaded weights, old
 * runs) next to the error that said so. Set by the stores that write (engine load, benchmark runs,
 * consultations); cleared by the user.
 */
export class StorageFullStore {
  #shown = $state(false);

  get shown() {
    return this.#shown;
  }

  show(): void {
    this.#shown = true;
  }

  dismiss(): void {
    this.#shown = false;
  }

  /**
   * The sentence for anything a write threw. Storage running out is said with the size of `what` and the
   * storage use (where the error does not say them already), and shows what can be deleted.
   */
  async explain(e: unknown, what: string, bytes: number | null = null, consequence = ''): Promise<string> {
    if (!isQuotaError(e)) return errorMessage(e);
    this.show();
    return isBedsideError(e, 'QuotaExceeded') ? e.message : (await storageFullError(what, bytes, consequence)).message;
  }
}
