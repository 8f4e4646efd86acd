import type { CatalogEntry } from '../core/catalogEntry';
import { orderPickedParts, parseSplitName, splitCommand, splitPartUrls } from './ggufSplit';
import { WASM_FILE_LIMIT_BYTES } from './catalog';
import { formatBytes } from '../core/bytes';

export type CustomModelInput =
  | { kind: 'gguf-url'; url: string; name?: string }
  | { kind: 'gguf-file'; fileName: string; sizeBytes: number; name?: string }
  /** Every part of a split GGUF (llama-gguf-split), picked together in any order. */
  | { kind: 'gguf-parts'; parts: { fileName: string; sizeBytes: number }[]; name?: string }
  /**
   * MLC-converted weights (mlc_llm convert_weight + gen_config) plus a prebuilt WebLLM library of the
   * same architecture and quantization, with no compiling. web-llm 0.2.86's own config does this:
   * OpenHermes-2.5 and Mistral-7B v0.2 weights run on the Mistral-7B-Instruct-v0.3 library, so
   * BioMistral converted to q4f32_1 runs on Mistral-7B-Instruct-v0.3-q4f32_1_cs1k-webgpu.wasm.
   */
  | { kind: 'mlc'; weightsUrl: string; modelLibUrl: string; name?: string; contextSize?: number };

export type CustomModelResult = { ok: true; entry: CatalogEntry } | { ok: false; error: string };

/** GGUF quantization labels as llama.cpp writes them into file names. */
const GGUF_QUANT = /(?:^|[-_.])((?:I?Q\d(?:_[A-Z0-9]+)*)|BF16|F16|F32)(?=[-_.]|$)/i;
const MLC_QUANT = /(q\d+f(?:16|32)(?:_\d+)?)/i;

/**
 * Validates what a user typed or picked and builds a catalog entry for it. Returns an error sentence
 * for the form instead of throwing. Memory needs are unknown until the model loads, so the download
 * size stands in for them where known.
 */
export function buildCustomModel(input: CustomModelInput): CustomModelResult {
  switch (input.kind) {
    case 'gguf-url':
      return fromGgufUrl(input.url, input.name);
    case 'gguf-file':
      return fromGgufFile(input.fileName, input.sizeBytes, input.name);
    case 'gguf-parts':
      return fromGgufParts(input.parts, input.name);
    case 'mlc':
      return fromMlc(input.weightsUrl, input.modelLibUrl, input.name, input.contextSize);
  }
}

function fromGgufUrl(raw: string, name?: string): CustomModelResult {
  const url = parseHttpUrl(raw);
  if (typeof url === 'string') return { ok: false, error: url };
  const fileName = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  if (!/\.gguf$/i.test(fileName)) {
    return { ok: false, error: `A GGUF model URL must point at a file ending in .gguf (this one ends in "${fileName || url.pathname}").` };
  }
  // A Hugging Face "blob" page is HTML; the file itself is under "resolve".
  const resolved = url.hostname === 'huggingface.co' ? url.href.replace('/blob/', '/resolve/') : url.href;
  // Any part of a split set stands for the set: the engine downloads every part from the first one's URL.
  const href = splitPartUrls(resolved)[0] ?? resolved;
  const split = parseSplitName(fileName);
  return {
    ok: true,
    entry: ggufEntry(`custom:${href}`, name || (split?.prefix ?? fileName.replace(/\.gguf$/i, '')), href, fileName, 0, false),
  };
}

function fromGgufFile(fileName: string, sizeBytes: number, name?: string): CustomModelResult {
  if (!/\.gguf$/i.test(fileName)) return { ok: false, error: `Pick a .gguf file (got "${fileName}").` };
  if (!(sizeBytes > 0)) return { ok: false, error: `The file "${fileName}" is empty.` };
  if (sizeBytes > WASM_FILE_LIMIT_BYTES) {
    return {
      ok: false,
      error: `"${fileName}" is ${formatBytes(sizeBytes)}; the WASM engine reads one file of at most ${formatBytes(WASM_FILE_LIMIT_BYTES)}. Split it with ${splitCommand(fileName)}, then pick all the parts at once under "GGUF file".`,
    };
  }
  return {
    ok: true,
    entry: ggufEntry(`custom:file:${fileName}`, name || fileName.replace(/\.gguf$/i, ''), fileName, fileName, sizeBytes, true),
  };
}

function fromGgufParts(picked: { fileName: string; sizeBytes: number }[], name?: string): CustomModelResult {
  const ordered = orderPickedParts(picked.map((p) => ({ ...p, name: p.fileName })));
  if (!ordered.ok) return { ok: false, error: ordered.error };
  const tooBig = ordered.parts.find((p) => p.sizeBytes > WASM_FILE_LIMIT_BYTES);
  if (tooBig) {
    return {
      ok: false,
      error: `"${tooBig.fileName}" is ${formatBytes(tooBig.sizeBytes)}; every part must be at most ${formatBytes(WASM_FILE_LIMIT_BYTES)}. Split again with a smaller --split-max-size (512M).`,
    };
  }
  const empty = ordered.parts.find((p) => !(p.sizeBytes > 0));
  if (empty) return { ok: false, error: `The file "${empty.fileName}" is empty.` };
  const first = ordered.parts[0]!.fileName;
  const total = ordered.parts.reduce((n, p) => n + p.sizeBytes, 0);
  const entry = ggufEntry(`custom:file:${first}`, name || ordered.prefix, first, ordered.prefix, total, true);
  return { ok: true, entry: ordered.parts.length > 1 ? { ...entry, partSizes: ordered.parts.map((p) => p.sizeBytes) } : entry };
}

function fromMlc(rawWeights: string, rawLib: string, name?: string, contextSize?: number): CustomModelResult {
  const weights = parseHttpUrl(rawWeights);
  if (typeof weights === 'string') return { ok: false, error: `Weights URL: ${weights}` };
  const lib = parseHttpUrl(rawLib);
  if (typeof lib === 'string') return { ok: false, error: `Model library URL: ${lib}` };
  if (/\.(gguf|safetensors|bin)$/i.test(weights.pathname)) {
    return {
      ok: false,
      error:
        'The weights URL must be the folder or Hugging Face repository of MLC-converted weights (with mlc-chat-config.json), not a single weights file.',
    };
  }
  if (!/\.wasm$/i.test(lib.pathname)) {
    return {
      ok: false,
      error: 'The model library URL must point at a prebuilt WebLLM library ending in .wasm (e.g. from mlc-ai/binary-mlc-llm-libs).',
    };
  }
  const weightsQuant = MLC_QUANT.exec(weights.pathname)?.[1]?.toLowerCase();
  const libQuant = MLC_QUANT.exec(lib.pathname)?.[1]?.toLowerCase();
  if (weightsQuant && libQuant && weightsQuant !== libQuant) {
    return {
      ok: false,
      error: `The weights are ${weightsQuant} but the library is built for ${libQuant}; pick the library of the same quantization.`,
    };
  }
  const quant = weightsQuant ?? libQuant ?? 'unknown';
  const repo = weights.pathname.split('/').filter(Boolean).slice(0, 2).join('/');
  return {
    ok: true,
    entry: {
      id: `custom:${weights.href}`,
      name: name || repo || weights.hostname,
      backend: 'webllm',
      url: weights.href,
      modelLib: lib.href,
      quant,
      sizeBytes: 0,
      memoryBytes: 0,
      // Prebuilt libraries are compiled for a 1k chunk and run up to a 4k context window.
      contextSize: contextSize ?? 4096,
      licence: 'unknown',
      family: 'custom',
      notes:
        'Added by you. The library must match the architecture and quantization of the weights, or loading fails or the output is gibberish.',
      requiresF16: /f16/.test(quant),
      verifiedOffline: false,
      medical: false,
    },
  };
}

function ggufEntry(id: string, name: string, url: string, fileName: string, sizeBytes: number, local: boolean): CatalogEntry {
  return {
    id,
    name,
    backend: 'wllama',
    url,
    quant: GGUF_QUANT.exec(fileName.replace(/\.gguf$/i, ''))?.[1]?.toUpperCase() ?? 'unknown',
    sizeBytes,
    memoryBytes: sizeBytes,
    contextSize: 2048,
    licence: 'unknown',
    family: 'custom',
    notes: 'Added by you.',
    requiresF16: false,
    verifiedOffline: local,
    medical: false,
    ...(local ? { local: true } : {}),
  };
}

function parseHttpUrl(raw: string): URL | string {
  const text = raw.trim();
  if (!text) return 'Enter a URL.';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a complete URL; it must start with https://.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `Only http(s) URLs can be downloaded (got ${url.protocol}).`;
  if (url.protocol === 'http:' && !/^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname)) {
    return 'Use an https:// URL: a page served over https cannot download models over plain http.';
  }
  if (url.username || url.password) return 'Remove the user name or password from the URL; credentials in URLs are not sent.';
  return url;
}
