import { getContext, setContext } from 'svelte';
import { BenchStore } from './bench.svelte';
import { ConsultStore } from './consult.svelte';
import { DeviceStore } from './device.svelte';
import { EngineSession } from './engineSession.svelte';
import { ModelLibrary } from './library.svelte';
import { WeightCacheStore } from './weights.svelte';

const KEY = Symbol('bedside-stores');

export interface Stores {
  library: ModelLibrary;
  device: DeviceStore;
  weights: WeightCacheStore;
  engine: EngineSession;
  consult: ConsultStore;
  bench: BenchStore;
}

/** Created once in App.svelte; components read them with useStores(). */
export function createStores(): Stores {
  const library = new ModelLibrary();
  const device = new DeviceStore();
  const engine = new EngineSession({
    specFor: (entry) => library.specFor(entry),
    availabilityOf: (entry) => device.availabilityOf(entry),
    onLoaded: () => void weights.refresh(),
  });
  const weights = new WeightCacheStore(
    () => engine.client.remote,
    () => device.probe(),
  );
  const stores: Stores = {
    library,
    device,
    weights,
    engine,
    consult: new ConsultStore(engine),
    bench: new BenchStore(engine, library, device),
  };
  setContext(KEY, stores);
  return stores;
}

export function useStores(): Stores {
  return getContext<Stores>(KEY);
}
