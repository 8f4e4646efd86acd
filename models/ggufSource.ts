import { gguf, GGMLFileQuantizationType, GGMLQuantizationType, type GGUFTensorInfo } from '@huggingface/gguf';
import type { ModelShape } from '../core/catalogEntry';
import { fetchOrProblem, httpHint, servedHtml, type HttpProblem } from './httpSource';

/**
 * What a GGUF's header and its host say about a model, read before anything is downloaded in full: the
 * Models page shows these facts for an added model, and a failed load is explained with them. Used by
 * the page (adding a model) and by the engine worker (explaining a failed load), so both say the same.
 */
export interface GgufFacts {
  /** `general.name`, where the file has one. */
  name: string | null;
  architecture: string;
  parameters: number;
  /** `general.file_type` as llama.cpp names it (Q4_K_M…), else the type most weights are stored in. */
  quant: string;
  /** The context window the model was trained for (`<arch>.context_length`). */
  contextLength: number | null;
  /** Bytes of the whole file, from the host (Content-Range / Content-Length) or the picked file. */
  fileBytes: number | null;
  /** Null where the header lacks a field the memory estimate needs. */
  shape: ModelShape | null;
}

/** Why a source is not a loadable GGUF, in terms the user can act on. */
export type GgufProblem =
  | HttpProblem
  /** `served`: a host answered with the page; otherwise a picked file holds one (a saved web page). */
  | { kind: 'html'; served: boolean }
  | { kind: 'not-gguf'; head: string }
  | { kind: 'truncated'; bytes: number; expected: number }
  | { kind: 'unsupported-architecture'; architecture: string }
  | { kind: 'unreadable'; detail: string };

export class GgufSourceError extends Error {
  override name = 'GgufSourceError';
  constructor(
    readonly problem: GgufProblem,
    subject: string,
  ) {
    super(problemMessage(problem, subject));
  }
}

/** The sentence for a problem with `subject` (a file name or URL). */
export function problemMessage(p: GgufProblem, subject: string): string {
  switch (p.kind) {
    case 'http':
      return `${subject}: the server answered HTTP ${p.status} (${httpHint(p.status)}).`;
    case 'cors':
      return (
        `${subject}: the browser blocked the download because ${p.host} does not allow other sites to download from it (CORS). ` +
        `The host must answer with "Access-Control-Allow-Origin: *" (or this site's origin), allow the "Range" request header ` +
        `and expose "Content-Length" and "Content-Range". Or download the file yourself and add it with "GGUF file".`
      );
    case 'network':
      return `${subject}: ${p.host} could not be reached: the network failed, or this app may not download from that host. Models already on this device still load offline.`;
    case 'html':
      return p.served
        ? `${subject}: the server returned an HTML page, not a GGUF file. The link is probably a web page about the model; on Hugging Face use the file's download ("resolve") link.`
        : `${subject} is an HTML page, not a GGUF file: probably a saved web page about the model rather than the model itself.`;
    case 'not-gguf':
      return `${subject} is not a GGUF file: it starts with ${p.head}, where a GGUF file starts with "GGUF".`;
    case 'truncated':
      return `${subject} is truncated: it has ${p.bytes.toLocaleString('en')} bytes, but its header describes ${p.expected.toLocaleString('en')}. Download it again.`;
    case 'unsupported-architecture':
      return `${subject} is a "${p.architecture}" model, an architecture this app's engine (llama.cpp in wllama) does not run.`;
    case 'unreadable':
      return `${subject}: the GGUF header could not be read (${p.detail}).`;
  }
}

/** Resolves to the bytes [start, end) of the source, fewer where it ends first, and its total size where known. */
type RangeRead = (start: number, end: number) => Promise<{ bytes: Uint8Array<ArrayBuffer>; total: number | null }>;

async function readPrefix(response: Response, length: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer()).subarray(0, length);
  const parts: Uint8Array[] = [];
  let have = 0;
  while (have < length) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    have += value.length;
  }
  // A host that ignores Range sends the whole file: stop after the header's bytes.
  await reader.cancel().catch(() => undefined);
  const out = new Uint8Array(Math.min(have, length));
  let at = 0;
  for (const part of parts) {
    out.set(part.subarray(0, out.length - at), at);
    at += part.length;
    if (at >= out.length) break;
  }
  return out;
}

function httpRead(href: string, fetchImpl: typeof fetch): RangeRead {
  const url = new URL(href);
  return async (start, end) => {
    const response = await fetchOrProblem(url.href, { headers: { Range: `bytes=${start}-${end - 1}` } }, fetchImpl);
    if (!(response instanceof Response)) {
      // 416: the parser's read-ahead asked for bytes past the end.
      if (response.kind === 'http' && response.status === 416) return { bytes: new Uint8Array(0), total: null };
      throw new GgufSourceError(response, url.href);
    }
    if (servedHtml(response)) {
      await response.body?.cancel().catch(() => undefined);
      throw new GgufSourceError({ kind: 'html', served: true }, url.href);
    }
    if (response.status === 206) {
      const total = /\/\s*(\d+)\s*$/.exec(response.headers.get('Content-Range') ?? '')?.[1];
      return { bytes: new Uint8Array(await response.arrayBuffer()), total: total === undefined ? null : Number(total) };
    }
    const length = response.headers.get('Content-Length');
    const prefix = await readPrefix(response, end);
    return { bytes: prefix.subarray(start), total: length === null ? null : Number(length) };
  };
}

function blobRead(blob: Blob): RangeRead {
  return async (start, end) => ({ bytes: new Uint8Array(await blob.slice(start, end).arrayBuffer()), total: blob.size });
}

const HTML_START = /^\s*<(?:!doctype|html|head|body|\?xml|!--)/i;

/** The first bytes as the user would recognise them: printable text quoted, anything else in hex. */
function describeHead(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 8);
  const text = new TextDecoder('latin1').decode(head);
  return /^[\x20-\x7e]+$/.test(text) ? `"${text}"` : `bytes ${[...head].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}

/** Bytes per block and elements per block of the ggml types GGUF files use (ggml.c type_traits). */
const TYPE_SIZE: Partial<Record<GGMLQuantizationType, [blockBytes: number, blockElements: number]>> = {
  [GGMLQuantizationType.F32]: [4, 1],
  [GGMLQuantizationType.F16]: [2, 1],
  [GGMLQuantizationType.BF16]: [2, 1],
  [GGMLQuantizationType.F64]: [8, 1],
  [GGMLQuantizationType.I8]: [1, 1],
  [GGMLQuantizationType.I16]: [2, 1],
  [GGMLQuantizationType.I32]: [4, 1],
  [GGMLQuantizationType.I64]: [8, 1],
  [GGMLQuantizationType.Q4_0]: [18, 32],
  [GGMLQuantizationType.Q4_1]: [20, 32],
  [GGMLQuantizationType.Q5_0]: [22, 32],
  [GGMLQuantizationType.Q5_1]: [24, 32],
  [GGMLQuantizationType.Q8_0]: [34, 32],
  [GGMLQuantizationType.Q8_1]: [36, 32],
  [GGMLQuantizationType.Q2_K]: [84, 256],
  [GGMLQuantizationType.Q3_K]: [110, 256],
  [GGMLQuantizationType.Q4_K]: [144, 256],
  [GGMLQuantizationType.Q5_K]: [176, 256],
  [GGMLQuantizationType.Q6_K]: [210, 256],
  [GGMLQuantizationType.Q8_K]: [292, 256],
  [GGMLQuantizationType.IQ4_NL]: [18, 32],
  [GGMLQuantizationType.IQ4_XS]: [136, 256],
};

const elements = (t: GGUFTensorInfo) => t.shape.reduce((a, d) => a * Number(d), 1);

/** Where the tensor data ends by the header's own account; null where a type's size is not known here. */
function expectedBytes(tensors: GGUFTensorInfo[], dataOffset: number): number | null {
  let end = dataOffset;
  for (const t of tensors) {
    const size = TYPE_SIZE[t.dtype];
    if (!size) return null;
    end = Math.max(end, dataOffset + Number(t.offset) + Math.ceil(elements(t) / size[1]) * size[0]);
  }
  return end;
}

function quantLabel(fileType: unknown, tensors: GGUFTensorInfo[]): string {
  if (typeof fileType === 'number' && GGMLFileQuantizationType[fileType]) return GGMLFileQuantizationType[fileType];
  // No file type recorded: name the type that holds most of the weights.
  const byType = new Map<GGMLQuantizationType, number>();
  for (const t of tensors) byType.set(t.dtype, (byType.get(t.dtype) ?? 0) + elements(t));
  const [top] = [...byType].sort((a, b) => b[1] - a[1]);
  return top ? (GGMLQuantizationType[top[0]] ?? 'unknown') : 'unknown';
}

function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

function shapeOf(meta: Record<string, unknown>, arch: string, parameters: number): ModelShape | null {
  const layers = num(meta[`${arch}.block_count`]);
  const embedding = num(meta[`${arch}.embedding_length`]);
  const heads = num(meta[`${arch}.attention.head_count`]);
  const tokens = meta['tokenizer.ggml.tokens'];
  const vocab = num(meta[`${arch}.vocab_size`]) ?? (Array.isArray(tokens) ? tokens.length : null);
  if (layers === null || embedding === null || heads === null || vocab === null || heads === 0) return null;
  const kvHeads = num(meta[`${arch}.attention.head_count_kv`]) ?? heads;
  const headDim = num(meta[`${arch}.attention.key_length`]) ?? embedding / heads;
  const feedForward = num(meta[`${arch}.feed_forward_length`]);
  return { architecture: arch, parameters, layers, embedding, heads, kvHeads, headDim, vocab, ...(feedForward ? { feedForward } : {}) };
}

/**
 * Reads the facts of a GGUF from a picked file (Blob) or a URL (HTTP Range requests: only the header is
 * fetched). Throws GgufSourceError with a specific problem: HTTP status, CORS, HTML page, wrong magic,
 * truncated file, unreadable header.
 */
export async function readGgufFacts(source: Blob | string, fetchImpl: typeof fetch = (i, init) => fetch(i, init)): Promise<GgufFacts> {
  const subject = typeof source === 'string' ? source : source instanceof File ? source.name : 'the file';
  const read = typeof source === 'string' ? httpRead(source, fetchImpl) : blobRead(source);
  let total: number | null = typeof source === 'string' ? null : source.size;

  const first = await read(0, 64);
  total ??= first.total;
  const magic = new TextDecoder('latin1').decode(first.bytes.subarray(0, 4));
  if (magic !== 'GGUF') {
    const text = new TextDecoder().decode(first.bytes);
    throw new GgufSourceError(
      HTML_START.test(text) ? { kind: 'html', served: typeof source === 'string' } : { kind: 'not-gguf', head: describeHead(first.bytes) },
      subject,
    );
  }

  // @huggingface/gguf reads over fetch only: it is handed one that answers its Range requests from `read`.
  const rangeFetch: typeof fetch = async (_input, init) => {
    const bounds = /^bytes=(\d+)-(\d+)$/.exec(new Headers(init?.headers).get('Range') ?? '');
    if (!bounds) throw new Error('unexpected request from the GGUF parser');
    const { bytes } = await read(Number(bounds[1]), Number(bounds[2]) + 1);
    const headers = total === null ? undefined : { 'Content-Range': `bytes ${bounds[1]}-${bounds[2]}/${total}` };
    return new Response(bytes, { status: 206, headers });
  };
  let parsed: Awaited<ReturnType<typeof gguf>> & { parameterCount: number };
  try {
    parsed = await gguf('https://gguf.invalid/model.gguf', { fetch: rangeFetch, computeParametersCount: true });
  } catch (e) {
    if (e instanceof GgufSourceError) throw e;
    const detail = e instanceof Error ? e.message : String(e);
    // The header itself ends early: reads past the end come back empty and the parser runs out of bytes.
    if (e instanceof RangeError || /offset is outside|out of bounds|Exceeded maximum chunk/i.test(detail)) {
      throw new GgufSourceError({ kind: 'truncated', bytes: total ?? 0, expected: total === null ? 0 : total + 1 }, subject);
    }
    throw new GgufSourceError({ kind: 'unreadable', detail }, subject);
  }
  const meta = parsed.metadata as Record<string, unknown>;
  const architecture = typeof meta['general.architecture'] === 'string' ? meta['general.architecture'] : 'unknown';
  const expected = expectedBytes(parsed.tensorInfos, Number(parsed.tensorDataOffset));
  if (total !== null && expected !== null && total < expected) {
    throw new GgufSourceError({ kind: 'truncated', bytes: total, expected }, subject);
  }
  return {
    name: typeof meta['general.name'] === 'string' && meta['general.name'].trim() ? meta['general.name'].trim() : null,
    architecture,
    parameters: parsed.parameterCount,
    quant: quantLabel(meta['general.file_type'], parsed.tensorInfos),
    contextLength: num(meta[`${architecture}.context_length`]),
    fileBytes: total,
    shape: shapeOf(meta, architecture, parsed.parameterCount),
  };
}

/**
 * After a load failed: what is wrong with the source, if its header says (null: the file looks whole,
 * so the engine's own message stands). Never throws.
 */
export async function diagnoseGgufSource(source: Blob | string, fetchImpl?: typeof fetch): Promise<GgufProblem | null> {
  try {
    await readGgufFacts(source, fetchImpl);
    return null;
  } catch (e) {
    return e instanceof GgufSourceError ? e.problem : null;
  }
}
