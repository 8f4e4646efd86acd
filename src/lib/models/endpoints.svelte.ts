import type { CatalogEntry } from '../../../core/catalogEntry';
import { servedModelId } from '../../../core/catalogEntry';
import type { EndpointInfo, EndpointModel } from '../../../core/engine';
import type { EngineWorkerApi } from '../../../core/workerApi';
import { deleteEndpoint, listEndpoints, openEndpoint, putEndpoint } from '../../../storage/endpoints';
import type { EndpointAtRest, EndpointRecord } from '../../../storage/records';
import { servedEntry, servedName } from '../../../models/servedModel';
import { errorMessage } from '../shared/errorMessage';
import type { PassphraseLock } from '../data/passphraseLock.svelte';

/** Where an endpoint's API key stands, as the Models and Data pages say it. */
export type KeyState = 'none' | 'stored' | 'locked' | 'left out';

/** What the worker does for the add form: it lists and probes, contacting only the server named. */
type Prober = Pick<EngineWorkerApi, 'listEndpointModels' | 'probeEndpoint'>;

/**
 * Models on servers the user added: the add form (base URL, key, a model from `GET /v1/models`, the
 * probe's verdict per capability), the stored endpoints, and their API keys, opened with the lock's key
 * and held in memory only while the page may read them.
 */
export class EndpointStore {
  #records = $state<EndpointAtRest[]>([]);
  #entries = $derived(this.#records.map(servedEntry));
  // Not state: keys are never rendered, only handed to the engine on load.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #keys = new Map<string, string>();
  #lock: PassphraseLock;
  #worker: () => Prober;
  form = $state({ baseUrl: '', apiKey: '', modelId: '' });
  #models = $state<EndpointModel[] | null>(null);
  #probe = $state<EndpointInfo | null>(null);
  #busy = $state<'listing' | 'probing' | 'adding' | null>(null);
  #error = $state<string | null>(null);

  constructor(lock: PassphraseLock, worker: () => Prober) {
    this.#lock = lock;
    this.#worker = worker;
    lock.guard({ busyReason: () => null, settle: async () => {}, reload: () => this.restore() });
  }

  get records(): EndpointAtRest[] {
    return this.#records;
  }
  /** Each stored endpoint's model as the library offers it. */
  get entries(): CatalogEntry[] {
    return this.#entries;
  }
  /** The models the server listed for the form, or null before it was asked. */
  get models() {
    return this.#models;
  }
  /** What the probe found for the form's model: each capability with ✓ or the reason it is missing. */
  get probe() {
    return this.#probe;
  }
  get busy() {
    return this.#busy;
  }
  get error() {
    return this.#error;
  }

  dismissError(): void {
    this.#error = null;
  }

  keyState(record: EndpointAtRest): KeyState {
    if (record.apiKey === undefined) return record.apiKeyLeftOut ? 'left out' : 'none';
    return this.#keys.has(record.id) ? 'stored' : 'locked';
  }

  /** Reads the endpoints again, opening each key the page may read now. */
  async restore(): Promise<void> {
    const records = await listEndpoints();
    this.#keys.clear();
    for (const record of records) {
      if (record.apiKey === undefined) continue;
      if (typeof record.apiKey !== 'string' && !this.#lock.key) continue;
      const open = await openEndpoint(record, this.#lock.key);
      if (open.apiKey) this.#keys.set(record.id, open.apiKey);
    }
    this.#records = records;
  }

  /** The key to send with a load of `id`; refused while it is sealed and the page holds no key. */
  apiKeyFor(id: string): string | undefined {
    const record = this.#records.find((r) => r.id === id);
    if (!record || record.apiKey === undefined) return undefined;
    const key = this.#keys.get(id);
    if (key === undefined) {
      throw new Error(`The API key of ${record.name} is sealed by the passphrase lock: unlock it on the Data page, then press Load again.`);
    }
    return key;
  }

  /** Asks the server at the form's base URL which models it serves; picks the first and probes it. */
  async listModels(): Promise<void> {
    this.#error = null;
    this.#models = null;
    this.#probe = null;
    this.#busy = 'listing';
    try {
      this.#models = await this.#worker().listEndpointModels(this.form.baseUrl.trim(), this.form.apiKey || undefined);
    } catch (e) {
      this.#error = errorMessage(e);
      return;
    } finally {
      this.#busy = null;
    }
    if (this.#models.length === 0) {
      this.#error = 'The server lists no model at GET /v1/models: load one on the server first.';
      return;
    }
    if (!this.#models.some((m) => m.id === this.form.modelId)) this.form.modelId = this.#models[0]!.id;
    await this.check();
  }

  pickModel(modelId: string): Promise<void> {
    this.form.modelId = modelId;
    return this.check();
  }

  /** Probes the form's model: which server answers, and chat, streaming and log-prob scoring, each ✓ or why not. */
  async check(): Promise<void> {
    this.#error = null;
    this.#probe = null;
    this.#busy = 'probing';
    try {
      this.#probe = await this.#worker().probeEndpoint({
        baseUrl: this.form.baseUrl.trim(),
        modelId: this.form.modelId,
        ...(this.form.apiKey ? { apiKey: this.form.apiKey } : {}),
      });
    } catch (e) {
      this.#error = errorMessage(e);
    } finally {
      this.#busy = null;
    }
  }

  /** Stores the probed model (its key sealed while the lock is on); returns its library id, or null with the reason said. */
  async add(): Promise<string | null> {
    const probe = this.#probe;
    if (!probe || probe.modelId !== this.form.modelId) {
      this.#error = 'Check the model first: pick it from the list the server gave.';
      return null;
    }
    const apiKey = this.form.apiKey || undefined;
    const record: EndpointRecord = {
      id: servedModelId(probe.baseUrl, probe.modelId),
      name: servedName(probe.modelId, probe.host),
      baseUrl: probe.baseUrl,
      host: probe.host,
      modelId: probe.modelId,
      ...(apiKey ? { apiKey } : {}),
      probe: $state.snapshot(probe) as EndpointInfo,
      addedAt: Date.now(),
    };
    this.#busy = 'adding';
    try {
      await putEndpoint(record, this.#lock.key);
    } catch (e) {
      this.#error = errorMessage(e);
      return null;
    } finally {
      this.#busy = null;
    }
    this.form = { baseUrl: '', apiKey: '', modelId: '' };
    this.#models = null;
    this.#probe = null;
    await this.restore();
    return record.id;
  }

  /** Enters an endpoint's key again (an import left it out) or changes it; an empty key removes it. */
  async setKey(id: string, apiKey: string): Promise<void> {
    const stored = this.#records.find((r) => r.id === id);
    if (!stored) return;
    const { apiKey: _old, apiKeyLeftOut: _gone, ...rest } = $state.snapshot(stored);
    try {
      await putEndpoint({ ...(rest as Omit<EndpointRecord, 'apiKey'>), ...(apiKey ? { apiKey } : {}) }, this.#lock.key);
    } catch (e) {
      this.#error = errorMessage(e);
      return;
    }
    await this.restore();
  }

  async remove(id: string): Promise<void> {
    await deleteEndpoint(id);
    await this.restore();
  }
}
