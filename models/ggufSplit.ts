/**
 * Split GGUFs as llama-gguf-split names them: `<prefix>-00001-of-00003.gguf` … `-00003-of-00003.gguf`
 * (llama.cpp's llama_split_path, five digits each). The first part holds the model's metadata.
 */

const SPLIT_NAME = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;

export interface SplitName {
  /** Everything before `-0000i-of-0000n.gguf`. */
  prefix: string;
  /** 1-based. */
  index: number;
  count: number;
}

export function parseSplitName(fileName: string): SplitName | null {
  const m = SPLIT_NAME.exec(fileName);
  if (!m) return null;
  const index = Number(m[2]);
  const count = Number(m[3]);
  return index >= 1 && index <= count ? { prefix: m[1] ?? '', index, count } : null;
}

export function splitPartName(prefix: string, index: number, count: number): string {
  return `${prefix}-${String(index).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.gguf`;
}

/**
 * Every part's URL from the URL of any one part (the query string kept), in order; a URL that is not
 * a split part gives itself alone.
 */
export function splitPartUrls(url: string): string[] {
  const u = new URL(url);
  const path = u.pathname.split('/');
  const split = parseSplitName(decodeURIComponent(path.at(-1) ?? ''));
  if (!split) return [url];
  return Array.from({ length: split.count }, (_, i) => {
    const part = new URL(u.href);
    part.pathname = [...path.slice(0, -1), encodeURIComponent(splitPartName(split.prefix, i + 1, split.count))].join('/');
    return part.href;
  });
}

export type PickedParts<F> = { ok: true; parts: F[]; prefix: string } | { ok: false; error: string };

/**
 * Checks that picked files are one whole split set, in order, or one plain GGUF: every part present
 * once, all with the same prefix and count, nothing else picked.
 */
export function orderPickedParts<F extends { name: string }>(files: readonly F[]): PickedParts<F> {
  if (files.length === 0) return { ok: false, error: 'Pick a .gguf file, or every part of a split GGUF.' };
  const named = files.map((file) => ({ file, split: parseSplitName(file.name) }));
  if (files.length === 1 && !named[0]?.split) return { ok: true, parts: [...files], prefix: files[0]!.name.replace(/\.gguf$/i, '') };
  const plain = named.find((n) => !n.split);
  if (plain) {
    return {
      ok: false,
      error: `"${plain.file.name}" is not a part of a split GGUF (…-00001-of-0000N.gguf); pick one plain .gguf file, or all parts of one split model.`,
    };
  }
  const first = named[0]!.split!;
  for (const { file, split } of named) {
    if (split!.prefix !== first.prefix || split!.count !== first.count) {
      return {
        ok: false,
        error: `"${file.name}" belongs to another split set than "${named[0]!.file.name}"; pick the parts of one model only.`,
      };
    }
  }
  const byIndex = new Map<number, F>();
  for (const { file, split } of named) {
    if (byIndex.has(split!.index)) return { ok: false, error: `Part ${split!.index} of ${first.count} was picked twice.` };
    byIndex.set(split!.index, file);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const names = missing.map((i) => splitPartName(first.prefix, i, first.count));
    return {
      ok: false,
      error: `Missing ${missing.length === 1 ? 'part' : 'parts'} of ${first.count}: ${names.join(', ')}. Pick all parts together.`,
    };
  }
  return { ok: true, parts: Array.from({ length: first.count }, (_, i) => byIndex.get(i + 1)!), prefix: first.prefix };
}

/** The llama-gguf-split command that cuts a single GGUF into parts a browser can hold (wllama's README advises 512M). */
export function splitCommand(fileName: string, maxSize = '512M'): string {
  const prefix = fileName.replace(/\.gguf$/i, '');
  return `llama-gguf-split --split --split-max-size ${maxSize} ${fileName} ${prefix}`;
}

/**
 * Each part's size from the host (HEAD Content-Length), in order; null where any part does not answer
 * with one. `urls` are a split set's part URLs (splitPartUrls).
 */
export async function splitPartSizes(
  urls: readonly string[],
  fetchImpl: typeof fetch = (i, init) => fetch(i, init),
): Promise<number[] | null> {
  try {
    const sizes = await Promise.all(
      urls.map(async (url) => {
        const res = await fetchImpl(url, { method: 'HEAD' });
        return res.ok ? Number(res.headers.get('Content-Length') ?? NaN) : NaN;
      }),
    );
    return sizes.every((n) => Number.isFinite(n) && n > 0) ? sizes : null;
  } catch {
    return null;
  }
}
