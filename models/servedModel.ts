import type { CatalogEntry } from '../core/catalogEntry';
import type { EndpointInfo, EndpointSpec } from '../core/engine';

/** What the library needs of an added endpoint to offer its model (storage/records.ts EndpointRecord). */
export interface AddedEndpoint {
  id: string;
  name: string;
  baseUrl: string;
  host: string;
  modelId: string;
  probe: EndpointInfo;
}

/** The context a served model is offered with when the server did not say (wllama's default window). */
const UNREPORTED_CONTEXT = 2048;

/**
 * A served model as a library entry, so every page that offers an in-browser model offers it too. Its
 * quantization is what the server reports: llama-server its weights' type, vLLM and SGLang a quantization
 * method or else the dtype; "as served" where it reports none.
 */
export function servedEntry(endpoint: AddedEndpoint): CatalogEntry {
  const precision = endpoint.probe.precision;
  return {
    id: endpoint.id,
    name: endpoint.name,
    backend: 'endpoint',
    url: endpoint.baseUrl,
    quant:
      precision?.weights ?? (precision?.quantization !== 'none' ? precision?.quantization : undefined) ?? precision?.dtype ?? 'as served',
    sizeBytes: 0,
    memoryBytes: 0,
    contextSize: UNREPORTED_CONTEXT,
    licence: 'as the server’s operator set it',
    family: endpoint.probe.server.kind,
    notes: `Served by ${[endpoint.probe.server.kind, endpoint.probe.server.version].filter(Boolean).join(' ')} at ${endpoint.host}.`,
    requiresF16: false,
    verifiedOffline: true,
    medical: false,
    served: { baseUrl: endpoint.baseUrl, host: endpoint.host, modelId: endpoint.modelId },
  };
}

/** The name a served model gets unless the user gives one: its id and where it runs. */
export function servedName(modelId: string, host: string): string {
  return `${modelId} on ${host}`;
}

/** The load request's endpoint part: the key only where one is set, and the run's concurrency left to the run. */
export function endpointSpecOf(entry: CatalogEntry, apiKey: string | undefined): EndpointSpec {
  if (!entry.served) throw new Error(`${entry.name} is not a served model.`);
  return { baseUrl: entry.served.baseUrl, modelId: entry.served.modelId, ...(apiKey ? { apiKey } : {}) };
}

/** Every host that text sent to these models reaches, each once, in order: none when all run here. */
export function servedHosts(entries: readonly (CatalogEntry | undefined)[]): string[] {
  return [...new Set(entries.flatMap((e) => (e?.served ? [e.served.host] : [])))];
}
