import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CatalogEntry } from '../../../core/catalogEntry';
import { buildStores, type Stores } from '../app/stores';
import { DeviceStore } from './device.svelte';
import { EngineSession } from './engineSession.svelte';

const greedy = { temperature: 0, topP: 1, maxTokens: 24 };

describe('EngineSession on the real engine worker and the bundled model', () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = buildStores();
    await stores.device.probe();
  });
  afterAll(() => stores.engine.client.remote.unload());

  test('chat before any load is refused with a sentence saying what to do', async () => {
    expect(stores.engine.status).toBe('idle');
    await expect(stores.engine.chat([{ role: 'user', content: 'Hi' }], greedy, () => {})).rejects.toThrow('Load a model first.');
  });

  test('load goes from loading to ready, with progress reaching 100', async () => {
    const { engine, library } = stores;
    const percents: number[] = [];
    const stopWatching = $effect.root(() => {
      $effect(() => {
        if (engine.progress) percents.push(engine.progress.percent);
      });
    });
    const loading = engine.load(library.entry('stories260K'));
    expect(engine.status).toBe('loading');
    expect(await loading).toBe(true);
    stopWatching();

    expect(engine.status).toBe('ready');
    expect(engine.error).toBeNull();
    expect(engine.readyModelId).toBe('stories260K');
    expect(engine.capabilities?.vocabSize).toBe(512);
    expect(engine.progress?.stage).toBe('ready');
    expect(percents.at(-1)).toBe(100);
    expect(percents.every((p) => p >= 0 && p <= 100)).toBe(true);
  }, 120_000);

  test('chat streams pieces whose concatenation is the reply', async () => {
    const pieces: string[] = [];
    const result = await stores.engine.chat([{ role: 'user', content: 'Tell me a story.' }], greedy, (p) => pieces.push(p));
    expect(pieces.length).toBeGreaterThan(0);
    expect(result.text.length).toBeGreaterThan(0);
    expect(pieces.join('').trim()).toBe(result.text.trim());
    expect(result.usage.completionTokens).toBeGreaterThan(3);
  });

  test('a failed load (404) reports the error and keeps the previous model usable', async () => {
    const { engine, library } = stores;
    const missing: CatalogEntry = {
      ...library.entry('stories260K')!,
      id: 'missing',
      name: 'Missing model',
      url: 'models/missing/missing.gguf',
    };
    expect(await engine.load(missing)).toBe(false);
    expect(engine.status).toBe('error');
    expect(engine.error).toContain('Missing model');
    expect(engine.error).toContain('HTTP 404');
    expect(engine.readyModelId).toBe('stories260K');

    const again = await engine.chat([{ role: 'user', content: 'Once upon a time' }], greedy, () => {});
    expect(again.text.length).toBeGreaterThan(0);
    engine.dismissError();
    expect(engine.status).toBe('ready');
    expect(engine.error).toBeNull();
  });

  test('a model this device cannot run is refused before the engine is asked, with the device’s reason', async () => {
    const noAdapter = new DeviceStore(async () => ({
      webgpuApi: true,
      gpu: null,
      crossOriginIsolated: false,
      hardwareConcurrency: 2,
      storage: null,
    }));
    await noAdapter.probe();
    const session = new EngineSession({ specFor: (e) => stores.library.specFor(e), availabilityOf: (e) => noAdapter.availabilityOf(e) });
    const webllm = stores.library.entries.find((e) => e.backend === 'webllm')!;
    expect(await session.load(webllm)).toBe(false);
    expect(session.status).toBe('error');
    expect(session.error).toBe(noAdapter.availabilityOf(webllm)?.reason);
    expect(session.error).toContain('WebGPU');
  });
});
