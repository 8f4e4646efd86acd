import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main, parseBenchArgs, UsageError } from './benchmarkCli';
import { builtLlamaServer } from './llamaServer/binary';
import { startLlamaServer, type RunningLlamaServer } from './llamaServer/llamaServerProcess';
import { parseRunExport } from '../benchmarks/runs/runExport';

const suite = ['--suite', 'medqa-usmle-4'];

describe('npm run bench -- --engine endpoint (arguments)', () => {
  it('takes the server, the model id, the key’s variable and the concurrency', () => {
    process.env.BEDSIDE_TEST_KEY = 'sk-test-123';
    const args = parseBenchArgs([
      ...suite,
      '--engine',
      'endpoint',
      '--endpoint',
      'http://gpu-box:8000/v1',
      '--model-id',
      'epfl-llm/meditron-7b',
      '--api-key-env',
      'BEDSIDE_TEST_KEY',
      '--concurrency',
      '8',
    ]);
    expect(args).toMatchObject({
      engine: 'endpoint',
      endpoint: { baseUrl: 'http://gpu-box:8000/v1', modelId: 'epfl-llm/meditron-7b', apiKey: 'sk-test-123', concurrency: 8 },
    });
  });

  it('refuses an endpoint run without its server or model, a key variable that is not set, and endpoint flags on other engines', () => {
    expect(() => parseBenchArgs([...suite, '--engine', 'endpoint', '--endpoint', 'http://x:1'])).toThrow(
      '--engine endpoint needs --endpoint URL and --model-id ID',
    );
    delete process.env.BEDSIDE_UNSET_KEY;
    expect(() =>
      parseBenchArgs([
        ...suite,
        '--engine',
        'endpoint',
        '--endpoint',
        'http://x:1',
        '--model-id',
        'm',
        '--api-key-env',
        'BEDSIDE_UNSET_KEY',
      ]),
    ).toThrow('--api-key-env BEDSIDE_UNSET_KEY: that environment variable is not set.');
    expect(() => parseBenchArgs([...suite, '--concurrency', '4'])).toThrow('--concurrency needs --engine endpoint.');
    expect(() =>
      parseBenchArgs([...suite, '--engine', 'endpoint', '--endpoint', 'http://x:1', '--model-id', 'm', '--concurrency', '0']),
    ).toThrow(UsageError);
  });
});

const binary = builtLlamaServer();

describe.skipIf(!binary)('npm run bench -- --engine endpoint on a real llama-server', () => {
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({
      binary: binary!,
      model: resolve(import.meta.dirname, '../public/models/stories260K/stories260K.gguf'),
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('writes the result document with the server, host and model, and never the key', async () => {
    process.env.BEDSIDE_TEST_KEY = 'sk-never-written-123';
    const out = join(mkdtempSync(join(tmpdir(), 'bench-endpoint-')), 'run.json');
    const code = await main([
      ...suite,
      '--limit',
      '6',
      '--engine',
      'endpoint',
      '--endpoint',
      server.url,
      '--model-id',
      'stories260K.gguf',
      '--api-key-env',
      'BEDSIDE_TEST_KEY',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('sk-never-written-123');
    const parsed = parseRunExport(text, out);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.doc.results).toHaveLength(6);
    expect(parsed.doc.run.config.protocol).toMatchObject({ truncation: 'per-request', maxLength: 2047 });
    expect(parsed.doc.run.model).toMatchObject({
      backend: 'endpoint',
      id: 'stories260K.gguf',
      endpoint: { host: `127.0.0.1:${server.port}`, server: { kind: 'llama-server' }, modelId: 'stories260K.gguf', concurrency: 4 },
    });
  }, 120_000);
});
