import type { ModelSpec } from '../core/engine';
import type { CachedModel } from '../core/workerApi';
import { splitPartUrls } from '../models/ggufSplit';
import { mlcResolveBase } from '../models/mlcSource';

const WEBLLM_CACHES = ['webllm/model', 'webllm/wasm', 'webllm/config'];

async function wllamaCache() {
  const { CacheManager } = await import('@wllama/wllama');
  return new CacheManager();
}

/** MLC weights are many shard files under one folder URL; group them by that folder. */
function mlcFolder(url: string): string {
  const i = url.indexOf('/resolve/');
  return i >= 0 ? url.slice(0, url.indexOf('/', i + '/resolve/'.length) + 1) : url.slice(0, url.lastIndexOf('/') + 1);
}

export async function listCachedModels(): Promise<CachedModel[]> {
  const out: CachedModel[] = [];
  const cache = await wllamaCache();
  for (const entry of await cache.list()) {
    // wllama writes a file's metadata only once its download completes: a file without it is what a
    // cancelled or failed download left behind. A file of another size than its metadata records is what
    // a full disk left (Chromium's OPFS writes fail silently when storage runs out); where the host sent no
    // Content-Length there is no recorded size to check. Neither is a cached model, so each is removed.
    const expected = entry.metadata.originalSize;
    const short = typeof expected === 'number' && expected > 0 && entry.size !== expected;
    if (!entry.metadata.originalURL || short) {
      await cache.delete(entry.name).catch(() => undefined);
      continue;
    }
    out.push({ backend: 'wllama', url: entry.metadata.originalURL, sizeBytes: entry.size });
  }
  if (typeof caches !== 'undefined') {
    const folders = new Map<string, number>();
    for (const name of WEBLLM_CACHES) {
      if (!(await caches.has(name))) continue;
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        const size = Number(res?.headers.get('content-length') ?? 0) || (await res?.clone().blob())?.size || 0;
        const folder = mlcFolder(req.url);
        folders.set(folder, (folders.get(folder) ?? 0) + size);
      }
    }
    for (const [url, sizeBytes] of folders) out.push({ backend: 'webllm', url, sizeBytes });
    out.push(...(await precachedWeights()).filter((m) => !out.some((o) => o.url === m.url)));
  }
  return out.sort((a, b) => a.url.localeCompare(b.url));
}

/**
 * GGUF files the service worker precached with the app (the bundled model): cached, and loaded from
 * there with the network off, before wllama ever keeps a copy of its own. Workbox marks a file it
 * keeps without a revision in its name with a `__WB_REVISION__` parameter, which is not part of its URL.
 */
async function precachedWeights(): Promise<CachedModel[]> {
  const out: CachedModel[] = [];
  for (const name of (await caches.keys()).filter((n) => n.startsWith('workbox-precache'))) {
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      const url = new URL(req.url);
      url.searchParams.delete('__WB_REVISION__');
      if (!url.pathname.endsWith('.gguf')) continue;
      const res = await cache.match(req);
      const size = Number(res?.headers.get('content-length') ?? 0) || (await res?.blob())?.size || 0;
      out.push({ backend: 'wllama', url: url.href, sizeBytes: size, withApp: true });
    }
  }
  return out;
}

export async function deleteCachedModel(model: Pick<CachedModel, 'backend' | 'url'>): Promise<void> {
  if (model.backend === 'wllama') {
    await (await wllamaCache()).delete(model.url);
    return;
  }
  for (const name of WEBLLM_CACHES) {
    if (!(await caches.has(name))) continue;
    const cache = await caches.open(name);
    for (const req of await cache.keys()) if (mlcFolder(req.url) === model.url) await cache.delete(req);
  }
}

/** The cache entries a model's download writes: each part of a GGUF, or the folder of MLC weights. */
export function cacheEntriesOf(spec: Pick<ModelSpec, 'backend' | 'url'>): Pick<CachedModel, 'backend' | 'url'>[] {
  if (!spec.url) return [];
  if (spec.backend === 'wllama') return splitPartUrls(spec.url).map((url) => ({ backend: 'wllama', url }));
  return [{ backend: 'webllm', url: mlcFolder(mlcResolveBase(spec.url)) }];
}
