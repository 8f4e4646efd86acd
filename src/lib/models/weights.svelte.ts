import type { CachedModel, EngineWorkerApi } from '../../../core/workerApi';
import { errorMessage } from '../shared/errorMessage';

/** Model weights this browser keeps (wllama's OPFS cache, WebLLM's Cache API), as the worker lists them. */
export class WeightCacheStore {
  #cached = $state<CachedModel[]>([]);
  #error = $state<string | null>(null);
  #worker: () => Pick<EngineWorkerApi, 'listCachedModels' | 'deleteCachedModel'>;
  #onChange: () => Promise<void>;

  /** `onChange` runs after a deletion, e.g. to probe storage use again. */
  constructor(
    worker: () => Pick<EngineWorkerApi, 'listCachedModels' | 'deleteCachedModel'>,
    onChange: () => Promise<void> = async () => {},
  ) {
    this.#worker = worker;
    this.#onChange = onChange;
  }

  get cached() {
    return this.#cached;
  }
  get error() {
    return this.#error;
  }

  async refresh(): Promise<void> {
    try {
      this.#cached = await this.#worker().listCachedModels();
      this.#error = null;
    } catch (e) {
      this.#error = `Could not list cached models: ${errorMessage(e)}`;
    }
  }

  async delete(model: CachedModel): Promise<void> {
    await this.#worker().deleteCachedModel({ backend: model.backend, url: model.url });
    await this.refresh();
    await this.#onChange();
  }
}
