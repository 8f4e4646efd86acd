import type { BenchOutcome } from '../core/benchmarkHarness';
import type { EndpointSpec } from '../core/engine';
import { createEndpointEngine } from '../workers/engines/endpoint/endpointEngine';
import { runHeadless, runRefusal, type HeadlessRunOptions } from './headlessRun';

export interface EndpointRunOptions extends Omit<HeadlessRunOptions, 'model'> {
  endpoint: EndpointSpec;
}

/**
 * `npm run bench -- --engine endpoint`: the run on a served model, through the same endpoint engine the
 * app's worker loads. A mode the server cannot score is refused before any item, with the server's reason.
 */
export async function runEndpoint(options: EndpointRunOptions, repoRoot: string): Promise<BenchOutcome> {
  const refused = runRefusal(options.choice, options.mode, options.nShot);
  if (refused) throw new Error(refused);
  const engine = createEndpointEngine();
  const { endpoint } = options;
  const caps = await engine.load({ id: endpoint.modelId, name: endpoint.modelId, backend: 'endpoint', quant: '', endpoint }, (p) =>
    options.log?.(p.text),
  );
  const info = caps.endpoint!;
  options.log?.(`${caps.info.engineVersion} at ${info.host}, model ${info.modelId}, context ${caps.contextSize}`);
  if (options.mode !== 'generative') {
    const check = info.capabilities[options.mode];
    if (!check.ok) throw new Error(`${options.mode} cannot run on this server: ${check.reason}`);
  }
  const precision = info.precision ? Object.entries(info.precision).map(([k, v]) => `${k} ${v}`) : [];
  return runHeadless(
    { ...engine, addsBos: caps.addsBos, truncation: caps.truncation, concurrency: info.concurrency },
    {
      ...options,
      model: {
        id: info.modelId,
        name: `${info.modelId} on ${info.host}`,
        source: info.baseUrl,
        backend: 'endpoint',
        quant: precision.join(', ') || 'not reported',
        engineVersion: caps.info.engineVersion,
        threads: 0,
        endpoint: {
          host: info.host,
          baseUrl: info.baseUrl,
          server: info.server,
          modelId: info.modelId,
          precision: info.precision,
          concurrency: info.concurrency,
        },
      },
    },
    repoRoot,
  );
}
