import * as Comlink from 'comlink';
import { browserHostDeps } from './browserHostDeps';
import { createEngineHost } from './engineHost';

/** The one worker that owns the engine; the handler itself lives in engineHost.ts. */
Comlink.expose(createEngineHost(browserHostDeps).api);
