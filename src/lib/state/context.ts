import { getContext, setContext } from 'svelte';
import { BenchStore } from './bench.svelte';
import { ConsultStore } from './consult.svelte';
import { ModelStore } from './models.svelte';

const KEY = Symbol('bedside-stores');

export interface Stores {
  models: ModelStore;
  consult: ConsultStore;
  bench: BenchStore;
}

/** Created once in App.svelte; components read them with useStores(). */
export function createStores(): Stores {
  const models = new ModelStore();
  const stores: Stores = { models, consult: new ConsultStore(models), bench: new BenchStore(models) };
  setContext(KEY, stores);
  return stores;
}

export function useStores(): Stores {
  return getContext<Stores>(KEY);
}
