import { gguf } from '@huggingface/gguf';
import type { GgufMetadataRecord } from './ggufVocabulary';

/** Resolves to the bytes [start, end) of the file, fewer where the file ends first. */
export type RangeReader = (start: number, end: number) => Promise<ArrayBuffer>;

/**
 * @huggingface/gguf only reads over HTTP, so it is handed a fetch that answers its Range requests from
 * the reader; the URL is a placeholder that nothing ever requests.
 */
const PLACEHOLDER_URL = 'https://gguf.invalid/model.gguf';

function rangeFetch(read: RangeReader): typeof fetch {
  return async (_input, init) => {
    const range = new Headers(init?.headers).get('Range') ?? '';
    const bounds = /^bytes=(\d+)-(\d+)$/.exec(range);
    if (bounds === null) throw new Error(`unexpected range request from the GGUF parser: "${range}"`);
    return new Response(await read(Number(bounds[1]), Number(bounds[2]) + 1), { status: 206 });
  };
}

/**
 * The key/values of a GGUF file's header (string arrays such as the vocabulary included), read in
 * 2 MB chunks until the header ends: tensor data is never read.
 */
export async function readGgufMetadata(source: Blob | RangeReader): Promise<GgufMetadataRecord> {
  const read: RangeReader = source instanceof Blob ? (start, end) => source.slice(start, end).arrayBuffer() : source;
  const { metadata } = await gguf(PLACEHOLDER_URL, { fetch: rangeFetch(read) });
  // The package types the record per architecture; callers only need it as plain key/values.
  return Object.fromEntries(Object.entries(metadata));
}

/** A RangeReader over HTTP Range requests, e.g. for a model that is not downloaded yet. */
export function httpRangeReader(url: string, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): RangeReader {
  return async (start, end) => {
    const response = await fetchImpl(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
    if (response.status === 206) return response.arrayBuffer();
    // 416: the range starts past the end of the file, which the parser's read-ahead can ask for.
    if (response.status === 416) return new ArrayBuffer(0);
    // A 200 would be the whole file, possibly gigabytes: better to fail than to download it per chunk.
    throw new Error(`range request for ${url} (bytes ${start}-${end - 1}) answered HTTP ${response.status}, not 206 Partial Content`);
  };
}
