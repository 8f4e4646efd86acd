import { listResults, putResult } from '../storage/runs';
import { listOpenResults, putOpenResult } from '../storage/openRuns';
import { listGrades, putGrades } from '../storage/grades';
import type { EngineHostDeps } from './engineHost';
import { createEngine } from './engineFactory';
import { deleteCachedModel, listCachedModels } from './modelCache';

/** The real engines, IndexedDB and weight caches, as a worker in the browser wires them. */
export const browserHostDeps: EngineHostDeps = {
  createEngine,
  listResults,
  putResult,
  listOpenResults,
  putOpenResult,
  listGrades,
  putGrades,
  listCachedModels,
  deleteCachedModel,
  now: () => performance.now(),
};
