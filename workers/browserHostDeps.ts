import { listResults, putResult } from '../storage/runs';
import type { EngineHostDeps } from './engineHost';
import { createEngine } from './engineFactory';
import { deleteCachedModel, listCachedModels } from './modelCache';

/** The real engines, IndexedDB and weight caches, as a worker in the browser wires them. */
export const browserHostDeps: EngineHostDeps = {
  createEngine,
  listResults,
  putResult,
  listCachedModels,
  deleteCachedModel,
  now: () => performance.now(),
};
