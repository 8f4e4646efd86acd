import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../e2e/chromium.ts';
import type { RunExport } from '../src/lib/bench/runExport';
import { catalog } from '../src/lib/models/catalog';
import { parseBenchArgs, UsageError } from './bench';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const otherModel = catalog.find((m) => m.id !== 'stories260K')?.id ?? 'stories260K';

describe('parseBenchArgs', () => {
  it('fills in the defaults', () => {
    expect(parseBenchArgs(['--suite', 'medqa-usmle-4'])).toEqual({
      suite: { kind: 'builtin', id: 'medqa-usmle-4' },
      modelId: 'stories260K',
      selection: { kind: 'all' },
      seed: 1234,
      mode: undefined,
      maxTokens: 32,
      out: undefined,
      chromiumArgs: [],
      build: true,
      port: undefined,
    });
  });

  it('reads every flag', () => {
    const args = parseBenchArgs([
      '--suite-file',
      'my.jsonl',
      '--model',
      otherModel,
      '--quick',
      '40',
      '--seed',
      '7',
      '--mode',
      'generative',
      '--max-tokens',
      '64',
      '--out',
      'x.json',
      '--chromium-arg=--enable-unsafe-webgpu',
      '--chromium-arg=--use-angle=vulkan',
      '--no-build',
      '--port',
      '4300',
    ]);
    expect(args).toEqual({
      suite: { kind: 'file', path: 'my.jsonl' },
      modelId: otherModel,
      selection: { kind: 'stratified', n: 40 },
      seed: 7,
      mode: 'generative',
      maxTokens: 64,
      out: 'x.json',
      chromiumArgs: ['--enable-unsafe-webgpu', '--use-angle=vulkan'],
      build: false,
      port: 4300,
    });
  });

  it('maps --limit to the first N items', () => {
    expect(parseBenchArgs(['--suite', 'pubmedqa', '--limit', '20'])).toMatchObject({ selection: { kind: 'limit', n: 20 } });
  });

  it('returns help whatever else is given', () => {
    expect(parseBenchArgs(['--help'])).toBe('help');
    expect(parseBenchArgs(['--suite', 'nope', '--help'])).toBe('help');
  });

  it.each([
    [['--suite', 'nope'], /Unknown suite "nope"\. Valid suites: medqa-usmle-4, .*pubmedqa/],
    [[], /Name a suite/],
    [['--suite', 'pubmedqa', '--suite-file', 'a.jsonl'], /either --suite or --suite-file/],
    [['--suite', 'pubmedqa', '--limit', '5', '--quick', '5'], /either --limit or --quick/],
    [['--suite', 'pubmedqa', '--limit', '0'], /--limit expects an integer ≥ 1, got "0"/],
    [['--suite', 'pubmedqa', '--limit', '2.5'], /--limit expects an integer/],
    [['--suite', 'pubmedqa', '--quick', 'ten'], /--quick expects an integer/],
    [['--suite', 'pubmedqa', '--seed=-1'], /--seed expects an integer ≥ 0/],
    [['--suite', 'pubmedqa', '--max-tokens', '0'], /--max-tokens expects an integer ≥ 1/],
    [['--suite', 'pubmedqa', '--port', '70000'], /--port expects an integer from 1 to 65535/],
    [['--suite', 'pubmedqa', '--mode', 'vibes'], /Unknown mode "vibes"\. Valid modes: letter-logprob, option-logprob, generative/],
    [['--suite', 'pubmedqa', '--model', 'gpt-9'], /Unknown model "gpt-9"\. Catalog models: stories260K, /],
    [['--suite', 'pubmedqa', '--frob'], /Unknown option '--frob'/],
    [['--suite', 'pubmedqa', 'extra'], /positional argument/],
    // A value that starts with a dash must be attached with `=`.
    [['--suite', 'pubmedqa', '--chromium-arg', '--enable-unsafe-webgpu'], /--chromium-arg=-XYZ/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});

interface Exit {
  code: number | null;
  output: string;
}

function runCli(args: readonly string[]): Promise<Exit> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['tsx', 'scripts/bench.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, output }));
  });
}

function runCommand(command: string, args: readonly string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit' });
    child.once('error', fail);
    child.once('close', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

describe.skipIf(!existsSync(chromiumPath))('npm run bench end to end (headless Chromium)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bedside-bench-'));
    if (!existsSync(join(repoRoot, 'dist', 'bench.html'))) await runCommand('npx', ['vite', 'build']);
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('scores 20 PubMedQA items with stories260K and writes the export JSON', async () => {
    const out = join(dir, 'pubmedqa.json');
    const { code, output } = await runCli(['--suite', 'pubmedqa', '--model', 'stories260K', '--limit', '20', '--no-build', '--out', out]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/accuracy\s+\d/);
    expect(output).toMatch(/latency p95/);

    const doc = JSON.parse(await readFile(out, 'utf8')) as RunExport;
    expect(doc.format).toBe('bedside-run');
    const { run, results, summary } = doc;
    expect(run.status).toBe('completed');
    expect(run.config.suite).toMatchObject({ id: 'pubmedqa', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(run.config.prompt).toMatchObject({ id: 'pubmedqa', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(run.config.mode).toBe('option-logprob');
    expect(run.config.selection).toEqual({ kind: 'limit', n: 20 });
    expect(run.model).toMatchObject({ id: 'stories260K', backend: 'wllama', engineVersion: expect.stringMatching(/\S/) });
    expect(results).toHaveLength(20);
    expect(summary.n).toBe(20);
    for (const r of results) {
      expect(r.runId).toBe(run.id);
      expect(r.mode).toBe(run.config.mode);
      expect(run.itemIds).toContain(r.itemId);
    }
  }, 180_000);

  it('exits non-zero on an unknown suite and names the valid ones', async () => {
    const { code, output } = await runCli(['--suite', 'nope', '--no-build']);
    expect(code).not.toBe(0);
    expect(output).toMatch(/Unknown suite "nope"\. Valid suites: .*medqa-usmle-4.*pubmedqa/);
  }, 60_000);
});
