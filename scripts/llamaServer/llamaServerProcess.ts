import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { basename } from 'node:path';

export interface LlamaServerOptions {
  binary: string;
  model: string;
  /** The model id the server lists at /v1/models; the file's name when absent (llama-server would list the path). */
  alias?: string;
  /** Slots, i.e. requests decoded together. */
  parallel?: number;
  /** Context per slot; llama-server splits `-c` evenly between its slots. */
  contextPerSlot?: number;
  /** Keep the port of a server started before, to restart "the same" server. */
  port?: number;
  /**
   * 1 when absent: the bundled model is tiny, and on a shared two-core machine llama.cpp's threads wait on
   * each other (measured: a 10-token prompt in 1 ms on one thread, 400-1600 ms on two).
   */
  threads?: number;
  /**
   * More of llama-server's own flags, after the exact settings: the e2e specs set `--cors-origins` (the
   * page's origin, or one that refuses it) and `--api-key`.
   */
  extraArgs?: readonly string[];
}

export interface RunningLlamaServer {
  url: string;
  port: number;
  /** Everything the server logged, for a failing test to show. */
  log(): string;
  /** SIGKILL, as a crash or a pulled plug: no graceful shutdown. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('No free port found.'))));
    });
  });
}

/**
 * The settings the WASM engine scores with (workers/engines/wllama.ts): no flash attention, an f32 KV
 * cache and 512-token batches, so the server's log-probs can equal the browser's and native llama.cpp's.
 */
export function exactArgs(options: LlamaServerOptions, port: number): string[] {
  const parallel = options.parallel ?? 4;
  return [
    ['-m', options.model, '--alias', options.alias ?? basename(options.model)],
    ['--host', '127.0.0.1', '--port', String(port)],
    ['--parallel', String(parallel), '-c', String((options.contextPerSlot ?? 2048) * parallel)],
    ['--flash-attn', 'off', '--cache-type-k', 'f32', '--cache-type-v', 'f32'],
    ['--batch-size', '512', '--ubatch-size', '512'],
    ['--threads', String(options.threads ?? 1)],
    [...(options.extraArgs ?? [])],
  ].flat();
}

async function waitHealthy(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with code ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`llama-server did not become healthy within ${timeoutMs} ms:\n${log()}`);
}

/** Starts llama-server on 127.0.0.1 and resolves once `/health` answers. */
export async function startLlamaServer(options: LlamaServerOptions, timeoutMs = 60_000): Promise<RunningLlamaServer> {
  const port = options.port ?? (await freePort());
  const child = spawn(options.binary, exactArgs(options, port), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    await waitHealthy(url, child, () => output, timeoutMs);
  } catch (e) {
    await end('SIGKILL');
    throw e;
  }
  return { url, port, log: () => output, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
