import type { CatalogEntry } from '../../../core/catalogEntry';
import type { ModelSpec } from '../../../core/engine';
import { deleteCustomModel, listCustomModels, putCustomModel } from '../../../storage/customModels';
import { catalog } from '../models/catalog';
import { buildCustomModel, type CustomModelInput } from '../models/customModel';
import { specFor } from '../models/modelSpec';

/** The models on offer: the catalog plus what the user added, and which one is picked. */
export class ModelLibrary {
  #custom = $state<CatalogEntry[]>([]);
  #selectedId = $state<string>(catalog[0]!.id);
  // Not state: the UI never renders these files, it only hands them to the engine on load.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #localFiles = new Map<string, File>();

  get entries(): CatalogEntry[] {
    return [...catalog, ...this.#custom];
  }
  get selectedId() {
    return this.#selectedId;
  }
  get selected(): CatalogEntry | undefined {
    return this.entries.find((e) => e.id === this.#selectedId);
  }

  entry(id: string): CatalogEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  select(id: string): boolean {
    if (!this.entries.some((e) => e.id === id)) return false;
    this.#selectedId = id;
    return true;
  }

  /** Custom models from earlier visits, with their picked files. */
  async restoreCustom(): Promise<void> {
    for (const record of await listCustomModels()) {
      if (record.file) this.#localFiles.set(record.id, record.file);
      this.#custom = [...this.#custom.filter((e) => e.id !== record.id), record.entry];
    }
  }

  /** Validates and stores a model the user added, and selects it. Returns an error sentence or null. */
  async addCustom(input: CustomModelInput, file?: File): Promise<string | null> {
    const built = buildCustomModel(input);
    if (!built.ok) return built.error;
    const entry = built.entry;
    await putCustomModel({ id: entry.id, entry, file });
    if (file) this.#localFiles.set(entry.id, file);
    this.#custom = [...this.#custom.filter((e) => e.id !== entry.id), entry];
    this.#selectedId = entry.id;
    return null;
  }

  async removeCustom(id: string): Promise<void> {
    await deleteCustomModel(id);
    this.#localFiles.delete(id);
    this.#custom = this.#custom.filter((e) => e.id !== id);
    if (this.#selectedId === id) this.#selectedId = catalog[0]!.id;
  }

  /** What the engine is handed to load `entry`: its URL, or the file picked on this device. */
  specFor(entry: CatalogEntry): ModelSpec {
    const file = this.#localFiles.get(entry.id);
    if (entry.local && !file) throw new Error(`${entry.name}: the picked file is no longer available; add it again.`);
    return specFor(entry, file);
  }
}
