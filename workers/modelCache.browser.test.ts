import { CacheManager } from '@wllama/wllama';
import { expect, test } from 'vitest';
import { deleteCachedModel, listCachedModels } from './modelCache';

async function cacheDir(): Promise<FileSystemDirectoryHandle> {
  return (await navigator.storage.getDirectory()).getDirectoryHandle('cache', { create: true });
}

/** What a cancelled download leaves in wllama's OPFS cache: the bytes so far, and no metadata (written only at the end). */
async function writePartial(name: string, bytes: number): Promise<void> {
  const writable = await (await (await cacheDir()).getFileHandle(name, { create: true })).createWritable();
  await writable.write(new Uint8Array(bytes));
  await writable.close();
}

async function exists(name: string): Promise<boolean> {
  return (await cacheDir()).getFileHandle(name).then(
    () => true,
    () => false,
  );
}

test('a download cut short is neither listed as a cached model nor left behind; a complete one is listed', async () => {
  const url = 'https://example.org/complete.gguf';
  const cache = new CacheManager();
  const name = await cache.getNameFromURL(url);
  await cache.write(name, new Blob([new Uint8Array(64)]).stream(), { originalURL: url, originalSize: 64, etag: '' });
  await writePartial('0123abcd_partial.gguf', 4096);
  expect(await exists('0123abcd_partial.gguf')).toBe(true);

  const listed = await listCachedModels();
  // Other tests may have cached the bundled model in the same origin: only this test's entries are checked.
  expect(listed.filter((m) => m.url === url)).toEqual([{ backend: 'wllama', url, sizeBytes: 64 }]);
  expect(listed.every((m) => m.url !== '')).toBe(true);
  expect(await exists('0123abcd_partial.gguf')).toBe(false);

  await deleteCachedModel({ backend: 'wllama', url });
  expect((await listCachedModels()).filter((m) => m.url === url)).toEqual([]);
});

test('a download cut short by a full disk (fewer bytes than its metadata says) is neither listed nor left behind', async () => {
  const url = 'https://example.org/short-on-disk.gguf';
  const cache = new CacheManager();
  const name = await cache.getNameFromURL(url);
  // Chromium's OPFS write handle refuses bytes silently when storage is full, and wllama writes the metadata anyway.
  await cache.write(name, new Blob([new Uint8Array(300)]).stream(), { originalURL: url, originalSize: 1000, etag: '' });
  expect(await exists(name)).toBe(true);

  expect((await listCachedModels()).filter((m) => m.url === url)).toEqual([]);
  expect(await exists(name)).toBe(false);
});

test('a complete download from a host that sent no Content-Length (no size recorded) stays listed', async () => {
  const url = 'https://example.org/no-length.gguf';
  const cache = new CacheManager();
  const name = await cache.getNameFromURL(url);
  // wllama's download worker records parseInt(null), NaN, which JSON stores as null.
  await cache.write(name, new Blob([new Uint8Array(128)]).stream(), { originalURL: url, originalSize: NaN, etag: '' });

  expect((await listCachedModels()).filter((m) => m.url === url)).toEqual([{ backend: 'wllama', url, sizeBytes: 128 }]);
  await deleteCachedModel({ backend: 'wllama', url });
});
