import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CachedModel, EngineWorkerApi } from '../../../core/workerApi';
import { buildStores, type Stores } from '../app/stores';
import { WeightCacheStore } from './weights.svelte';

// The bundled file under a URL of this test's own, so deleting its cached copy touches no other test's.
const path = 'models/stories260K/stories260K.gguf?weights-test';
const bundledUrl = new URL(path, document.baseURI).href;

describe('WeightCacheStore on the real engine worker', () => {
  let stores: Stores;
  // The load starts the worker and its WASM: slow on a busy machine, hence the longer timeout.
  beforeAll(async () => {
    stores = buildStores();
    await stores.device.probe();
    const entry = { ...stores.library.entry('stories260K')!, url: path };
    expect(await stores.engine.load(entry), stores.engine.error ?? '').toBe(true);
  }, 120_000);
  afterAll(() => stores.engine.client.remote.unload());

  test('lists the weights a load downloaded, with their size', async () => {
    await stores.weights.refresh();
    expect(stores.weights.error).toBeNull();
    const bundled = stores.weights.cached.find((m) => m.url === bundledUrl);
    expect(bundled).toMatchObject({ backend: 'wllama', sizeBytes: stores.library.entry('stories260K')!.sizeBytes });
  });

  test('deletes one model’s weights, lists again and tells the device store', async () => {
    let changes = 0;
    const weights = new WeightCacheStore(
      () => stores.engine.client.remote,
      async () => {
        changes++;
        await stores.device.probe();
      },
    );
    await weights.refresh();
    const bundled = weights.cached.find((m) => m.url === bundledUrl)!;
    await weights.delete(bundled);
    expect(weights.cached.some((m) => m.url === bundledUrl)).toBe(false);
    expect(changes).toBe(1);
    // The model in memory is untouched: deleting weights only frees storage.
    expect(stores.engine.readyModelId).toBe('stories260K');
  });
});

test('a worker that cannot list its cache leaves an error sentence and the last list', async () => {
  const kept: CachedModel = { backend: 'wllama', url: 'https://example.org/a.gguf', sizeBytes: 1 };
  let fail = false;
  // A stand-in worker: the real cache never fails to list here.
  const brokenCache: Pick<EngineWorkerApi, 'listCachedModels' | 'deleteCachedModel'> = {
    listCachedModels: async () => {
      if (fail) throw new Error('OPFS is unavailable');
      return [kept];
    },
    deleteCachedModel: async () => {},
  };
  const weights = new WeightCacheStore(() => brokenCache);
  await weights.refresh();
  fail = true;
  await weights.refresh();
  expect(weights.error).toBe('Could not list cached models: OPFS is unavailable');
  expect(weights.cached).toEqual([kept]);
});
