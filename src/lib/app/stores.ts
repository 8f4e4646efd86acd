import { getContext, setContext } from 'svelte';
import { BenchmarksStore } from '../bench/benchmarks.svelte';
import { OpenBenchStore } from '../bench/openBench.svelte';
import { ConsultStore } from '../consult/consult.svelte';
import { DataStore } from '../data/data.svelte';
import { DeviceStore } from '../models/device.svelte';
import { EndpointStore } from '../models/endpoints.svelte';
import type { EngineRemote } from '../shared/engineClient';
import { EngineSession } from '../models/engineSession.svelte';
import { GradingStore } from '../grade/grading.svelte';
import { LessonStore } from '../classroom/lessons.svelte';
import { ModelLibrary } from '../models/library.svelte';
import { PassphraseLock } from '../data/passphraseLock.svelte';
import { PresenterStore } from '../classroom/presenter.svelte';
import { StorageFullStore } from '../data/storageFull.svelte';
import { WeightCacheStore } from '../models/weights.svelte';

const KEY = Symbol('bedside-stores');

export interface Stores {
  library: ModelLibrary;
  device: DeviceStore;
  /** One passphrase lock over every page's typed and generated text. */
  lock: PassphraseLock;
  weights: WeightCacheStore;
  engine: EngineSession;
  consult: ConsultStore;
  benchmarks: BenchmarksStore;
  /** Open-ended suites and runs on the Benchmarks page, and model judges over them. */
  openBench: OpenBenchStore;
  lessons: LessonStore;
  presenter: PresenterStore;
  /** People grading open-ended runs. */
  grading: GradingStore;
  storageFull: StorageFullStore;
  data: DataStore;
}

/** The stores wired to one another, outside any component (tests use this directly). */
export function buildStores(): Stores {
  const lock = new PassphraseLock();
  // Listing and probing a server go through the engine's worker, which is started on first use.
  const library: ModelLibrary = new ModelLibrary(new EndpointStore(lock, (): EngineRemote => engine.client.remote));
  const device = new DeviceStore();
  const storageFull = new StorageFullStore();
  const engine = new EngineSession({
    specFor: (entry, precision) => library.specFor(entry, device.availabilityOf(entry, precision), precision),
    availabilityOf: (entry, precision) => device.availabilityOf(entry, precision),
    hasAccepted: (gate) => library.hasAccepted(gate),
    onLoaded: () => void weights.refresh(),
    onStorageFull: () => storageFull.show(),
  });
  const weights = new WeightCacheStore(
    () => engine.client.remote,
    () => device.probe(),
  );
  const consult = new ConsultStore(engine, lock, storageFull);
  const benchmarks = new BenchmarksStore(engine, library, device, lock, storageFull);
  const lessons = new LessonStore(library, lock);
  return {
    library,
    device,
    weights,
    engine,
    lock,
    consult,
    benchmarks,
    openBench: new OpenBenchStore(engine, library, device, lock, storageFull),
    lessons,
    presenter: new PresenterStore(engine, library, device),
    grading: new GradingStore(lock),
    storageFull,
    data: new DataStore({ lock, consult, library, benchmarks, lessons }),
  };
}

/** Created once in App.svelte; components read them with useStores(). */
export function createStores(): Stores {
  const stores = buildStores();
  setContext(KEY, stores);
  return stores;
}

export function useStores(): Stores {
  return getContext<Stores>(KEY);
}
