import type { ModelSpec } from '../core/engine';
import type { CatalogEntry } from '../core/catalogEntry';

/** Context window asked of the engine: bigger windows cost memory a browser tab rarely has. */
const MAX_CONTEXT = 4096;

/** The context window a model is loaded with, which also sizes its KV cache in the memory estimates. */
export function loadContextSize(entry: Pick<CatalogEntry, 'contextSize'>): number {
  return Math.min(entry.contextSize, MAX_CONTEXT);
}

/**
 * The engine worker's load request for a catalog entry. Catalog URLs may be relative to the app,
 * which the worker (served from assets/) cannot resolve itself, so they are made absolute here.
 */
export function specFor(entry: CatalogEntry, files?: File[]): ModelSpec {
  const [file, ...more] = files ?? [];
  return {
    id: entry.id,
    name: entry.name,
    backend: entry.backend,
    url: file ? undefined : new URL(entry.url, document.baseURI).href,
    ...(more.length > 0 ? { files } : { file }),
    modelLib: entry.modelLib,
    quant: entry.quant,
    contextSize: loadContextSize(entry),
  };
}
