import type { CatalogEntry, LicenceGate } from '../../../core/catalogEntry';
import type { GpuLayersChoice, ModelSpec, Precision } from '../../../core/engine';
import { deleteCustomModel, listCustomModels, putCustomModel } from '../../../storage/customModels';
import { getSetting, putSetting } from '../../../storage/settings';
import type { Availability } from '../../../models/availability';
import { resolveGpuLayers } from '../../../models/gpuLayers';
import { splitPartSizes, splitPartUrls } from '../../../models/ggufSplit';
import { catalog } from '../../../models/catalog';
import { buildCustomModel, type CustomModelInput } from '../../../models/customModel';
import { specFor } from '../../../models/modelSpec';
import { distinctName, withGgufFacts } from '../../../models/customFacts';
import { errorMessage } from '../shared/errorMessage';
import { freshId } from '../../../models/freshId';
import { endpointSpecOf } from '../../../models/servedModel';
import type { EndpointStore } from './endpoints.svelte';

/** A URL to a split set is sized as the whole set, so its download and memory are not read off part 1. */
async function withSplitSizes(entry: CatalogEntry, url: string): Promise<CatalogEntry> {
  const urls = splitPartUrls(url);
  const sizes = urls.length > 1 ? await splitPartSizes(urls) : null;
  return sizes ? { ...entry, partSizes: sizes, sizeBytes: sizes.reduce((a, b) => a + b, 0) } : entry;
}

const GPU_LAYERS_KEY = 'gpuLayers';
const LICENCES_KEY = 'acceptedLicences';

/** The models on offer: the catalog, what the user added, and models on servers the user added; and which one is picked. */
export class ModelLibrary {
  /** Models on servers the user added; null where a page (a test) has none. */
  readonly endpoints: EndpointStore | null;
  #custom = $state<CatalogEntry[]>([]);
  #selectedId = $state<string>(catalog[0]!.id);
  // Not state: the UI never renders these files, it only hands them to the engine on load.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #localFiles = new Map<string, File[]>();
  /** GPU-layers choice per model id; a model without one is on Auto. Kept in the settings store. */
  #gpuLayers = $state<Record<string, GpuLayersChoice>>({});
  /** Ids of the licence gates the user has accepted on this device. */
  #acceptedLicences = $state<string[]>([]);

  constructor(endpoints: EndpointStore | null = null) {
    this.endpoints = endpoints;
  }

  get entries(): CatalogEntry[] {
    return [...catalog, ...this.#custom, ...(this.endpoints?.entries ?? [])];
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

  /** Custom models from earlier visits, with their picked files, and the per-model settings. */
  async restoreCustom(): Promise<void> {
    this.#gpuLayers = (await getSetting<Record<string, GpuLayersChoice>>(GPU_LAYERS_KEY)) ?? {};
    this.#acceptedLicences = (await getSetting<string[]>(LICENCES_KEY)) ?? [];
    for (const record of await listCustomModels()) {
      // Only a real file: a record without one (e.g. imported from an export too large to carry it) asks for it again on load.
      if (record.files?.every((f) => f instanceof Blob)) this.#localFiles.set(record.id, record.files);
      else if (record.file instanceof Blob) this.#localFiles.set(record.id, [record.file]);
      this.#custom = [...this.#custom.filter((e) => e.id !== record.id), record.entry];
    }
    await this.endpoints?.restore();
  }

  /**
   * Validates and stores a model the user added, and selects it. Returns an error sentence or null.
   * `files` are the picked file, or every part of a split GGUF in part order.
   */
  async addCustom(input: CustomModelInput, files?: File | File[]): Promise<string | null> {
    const built = buildCustomModel(input);
    if (!built.ok) return built.error;
    const picked = files === undefined ? [] : Array.isArray(files) ? files : [files];
    let entry = built.entry;
    if (entry.backend === 'wllama') {
      // The header and the host's answer are read now, so a 404, an HTML page or a broken file is refused
      // here, and the entry shows the file's real facts. The parser loads only when a model is added.
      const { readGgufFacts } = await import('../../../models/ggufSource');
      try {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a one-off absolute URL, never rendered
        const source = picked[0] ?? new URL(entry.url, document.baseURI).href;
        if (typeof source === 'string') entry = await withSplitSizes(entry, source);
        entry = withGgufFacts(entry, await readGgufFacts(source), input.name);
      } catch (e) {
        return errorMessage(e);
      }
    }
    // A picked file has no URL to tell it apart: another file of the same name is another model.
    const taken = this.#custom.map((e) => e.id);
    if (entry.local) entry = { ...entry, id: freshId(entry.id, taken) };
    entry = { ...entry, name: distinctName(entry.name, this.#namesBesides(entry.id)) };
    await putCustomModel(picked.length > 1 ? { id: entry.id, entry, files: picked } : { id: entry.id, entry, file: picked[0] });
    if (picked.length > 0) this.#localFiles.set(entry.id, picked);
    this.#custom = [...this.#custom.filter((e) => e.id !== entry.id), entry];
    this.#selectedId = entry.id;
    return null;
  }

  /** Renames an added model. Returns an error sentence, or null once renamed. */
  async renameCustom(id: string, name: string): Promise<string | null> {
    const wanted = name.trim();
    if (!wanted) return 'Enter a name.';
    if (this.#namesBesides(id).some((n) => n.toLowerCase() === wanted.toLowerCase())) return `Another model is already called “${wanted}”.`;
    const record = (await listCustomModels()).find((r) => r.id === id);
    if (!record) return 'This model is no longer stored on this device.';
    const entry = { ...record.entry, name: wanted };
    await putCustomModel({ ...record, entry });
    this.#custom = this.#custom.map((e) => (e.id === id ? entry : e));
    return null;
  }

  /** After storage was wiped or replaced: drop every added model that is no longer stored. */
  async reload(): Promise<void> {
    this.#custom = [];
    this.#localFiles.clear();
    await this.restoreCustom();
    if (!this.entries.some((e) => e.id === this.#selectedId)) this.#selectedId = catalog[0]!.id;
  }

  #namesBesides(id: string): string[] {
    return this.entries.filter((e) => e.id !== id).map((e) => e.name);
  }

  /** Adds the endpoint form's probed model and selects it. Returns an error sentence, or null once added. */
  async addServed(): Promise<string | null> {
    const id = await this.endpoints?.add();
    if (!id) return this.endpoints?.error ?? 'Nothing was added.';
    this.#selectedId = id;
    return null;
  }

  async removeServed(id: string): Promise<void> {
    await this.endpoints?.remove(id);
    if (this.#selectedId === id) this.#selectedId = catalog[0]!.id;
  }

  async removeCustom(id: string): Promise<void> {
    await deleteCustomModel(id);
    this.#localFiles.delete(id);
    this.#custom = this.#custom.filter((e) => e.id !== id);
    if (this.#selectedId === id) this.#selectedId = catalog[0]!.id;
  }

  gpuLayersOf(id: string): GpuLayersChoice {
    return this.#gpuLayers[id] ?? 'auto';
  }

  async setGpuLayers(id: string, choice: GpuLayersChoice): Promise<void> {
    this.#gpuLayers = { ...this.#gpuLayers, [id]: choice };
    await putSetting(GPU_LAYERS_KEY, $state.snapshot(this.#gpuLayers));
  }

  hasAccepted(gate: LicenceGate): boolean {
    return this.#acceptedLicences.includes(gate.id);
  }

  async acceptLicence(gate: LicenceGate): Promise<void> {
    if (this.hasAccepted(gate)) return;
    this.#acceptedLicences = [...this.#acceptedLicences, gate.id];
    await putSetting(LICENCES_KEY, $state.snapshot(this.#acceptedLicences));
  }

  /**
   * What the engine is handed to load `entry`: its URL or the files picked on this device, and for a
   * GGUF the n_gpu_layers its GPU-layers choice comes to on this device (`verdict`).
   */
  /** The load request for `entry`; a GGUF at `precision` (`fast` unless a benchmark asks for `exact`). */
  specFor(entry: CatalogEntry, verdict: Availability | null = null, precision: Precision = 'fast'): ModelSpec {
    const files = this.#localFiles.get(entry.id);
    if (entry.local && !files) throw new Error(`${entry.name}: the picked file is no longer available; add it again.`);
    const spec = specFor(entry, files);
    if (entry.served) return { ...spec, endpoint: endpointSpecOf(entry, this.endpoints?.apiKeyFor(entry.id)) };
    if (entry.backend !== 'wllama') return spec;
    const choice = this.gpuLayersOf(entry.id);
    const gpuLayers = resolveGpuLayers(choice, verdict);
    return { ...spec, precision, gpuLayersChoice: choice, ...(gpuLayers === undefined ? {} : { gpuLayers }) };
  }
}
