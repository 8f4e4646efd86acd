import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareParity } from '../benchmarks/metrics/itemParity';
import { parseSuite } from '../benchmarks/suites/parseSuite';
import { chromiumPath } from '../e2e/chromium.ts';
import type { RunExport } from '../benchmarks/runs/runExport';
import { ensureBuilt, repoRoot, runCli } from './testing/cli';

/**
 * The scoring oracle: the same runs in the browser engine (wllama in headless Chromium, through the
 * app's own worker and run code, rebuilt first if any source is newer than dist-harness/) and in native
 * llama.cpp on lm-eval's own request path (scripts/native: every choice a separate request, tokenized,
 * truncated and evaluated in full, no prompt cache or top-k reuse, no code shared with the browser's
 * scoring). Under `exact` precision every choice's log-likelihood must agree to TOLERANCE nats and
 * every prediction and cut must be the same. Measured: at most 1.1e-5 on PubMedQA and MedQA, 5.4e-5 on
 * an MMLU option of many tokens after a 2,000-token context (the per-token differences add up).
 */
const TOLERANCE = 1e-4;

async function bothEngines(dir: string, name: string, suiteArgs: string[]): Promise<{ browser: RunExport; native: RunExport }> {
  const browserOut = join(dir, `${name}-browser.json`);
  const nativeOut = join(dir, `${name}-native.json`);
  const browser = await runCli('benchmarkCli.ts', [...suiteArgs, '--no-build', '--out', browserOut]);
  expect(browser.code, browser.output).toBe(0);
  const native = await runCli('benchmarkCli.ts', [...suiteArgs, '--engine', 'native', '--out', nativeOut]);
  expect(native.code, native.output).toBe(0);
  const read = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as RunExport;
  return { browser: await read(browserOut), native: await read(nativeOut) };
}

function expectParity(browser: RunExport, native: RunExport, n: number): void {
  expect(browser.results).toHaveLength(n);
  const report = compareParity(browser.results, native.results, TOLERANCE);
  expect(report.n).toBe(n);
  expect(report.differing).toEqual([]);
  expect(report.agree).toBe(n);
  expect(report.maxDiff).toBeLessThanOrEqual(TOLERANCE);
  // Both engines cut the same requests at the same tokens, and see the same splits.
  const cuts = (r: RunExport) => r.results.map((x) => [x.itemId, x.truncatedTokens ?? 0, x.truncatedBeyondLmEval ?? 0, x.contextIsPrefix]);
  expect(cuts(browser)).toEqual(cuts(native));
  const protocol = { truncation: 'per-request', precision: { precision: 'exact', kvCacheType: 'f32', flashAttention: false } };
  expect(browser.run.config.protocol).toMatchObject(protocol);
  expect(native.run.config.protocol).toMatchObject(protocol);
  expect(browser.run.config.protocol?.maxLength).toBe(native.run.config.protocol?.maxLength);
}

describe.skipIf(!existsSync(chromiumPath))('browser scores equal lm-eval’s request path on native llama.cpp', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bedside-parity-'));
    await ensureBuilt();
  }, 300_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('PubMedQA, the first 50 items: yes/no/maybe log-likelihoods and predictions', async () => {
    const { browser, native } = await bothEngines(dir, 'pubmedqa', ['--suite', 'pubmedqa', '--limit', '50']);
    expectParity(browser, native, 50);
    const { run } = browser;
    expect(run.status).toBe('completed');
    expect(run.config).toMatchObject({ mode: 'option-logprob', selection: { kind: 'limit', n: 50, perSubject: false } });
    expect(run.config.protocol).toMatchObject({ lmEval: 'v0.4.9.1', bos: true, scoring: 'canonical-split' });
    expect(native.run.model.backend).toBe('native');
    // stories260K splits " maybe" into several tokens: the case the old greedy path got wrong.
    expect(browser.results.every((r) => r.promptTokens !== null && r.promptTokens > 0)).toBe(true);

    const parity = await runCli('parity.ts', ['--a', join(dir, 'pubmedqa-browser.json'), '--b', join(dir, 'pubmedqa-native.json')]);
    expect(parity.code, parity.output).toBe(0);
    expect(parity.output).toContain('predictions agree on 50 of 50');
    expect(parity.output).not.toContain('Not like for like');

    // A run at the other precision is named as not like for like, as a protocol difference would be.
    const fast = { ...native, run: { ...native.run, config: { ...native.run.config } } };
    fast.run.config.protocol = {
      ...native.run.config.protocol!,
      precision: { precision: 'fast', kvCacheType: 'f16', flashAttention: true },
    };
    await writeFile(join(dir, 'pubmedqa-native-fast.json'), JSON.stringify(fast));
    const flagged = await runCli('parity.ts', ['--a', join(dir, 'pubmedqa-browser.json'), '--b', join(dir, 'pubmedqa-native-fast.json')]);
    expect(flagged.output).toContain('Not like for like: Different precision: exact: f32 KV cache, no flash attention vs fast');
  }, 600_000);

  it('a custom suite of short multi-word options', async () => {
    const file = join(repoRoot, 'scripts/testing/fixtures/multi-token-options.jsonl');
    const { browser, native } = await bothEngines(dir, 'multi-token', ['--suite-file', file]);
    expectParity(browser, native, 11);
  }, 600_000);

  it('MedQA, 30 items by letter', async () => {
    const { browser, native } = await bothEngines(dir, 'medqa', ['--suite', 'medqa-usmle-4', '--limit', '30']);
    expectParity(browser, native, 30);
  }, 600_000);

  describe('MMLU items longer than the context window', () => {
    let file: string;
    beforeAll(async () => {
      const text = await readFile(join(repoRoot, 'public/suites/mmlu-medical.jsonl'), 'utf8');
      const parsed = parseSuite(text, { sha256: 'x', format: 'jsonl' });
      if (!parsed.ok) throw new Error('mmlu-medical.jsonl does not parse');
      const longest = [...parsed.suite.items].sort((a, b) => b.question.length - a.question.length).slice(0, 3);
      file = join(dir, 'mmlu-longest.jsonl');
      const header = { suite: 'mmlu-longest', name: 'Longest MMLU medical items', modes: ['letter-logprob', 'option-logprob'] };
      await writeFile(file, [header, ...longest].map((r) => JSON.stringify(r)).join('\n') + '\n');
    });

    it('by letter: truncated from the left, counted, and still equal', async () => {
      const { browser, native } = await bothEngines(dir, 'mmlu-letter', ['--suite-file', file, '--mode', 'letter-logprob']);
      expectParity(browser, native, 3);
      expect(browser.summary.failed).toBe(0);
      expect(browser.summary.truncated).toBe(3);
    }, 600_000);

    it('by option: each option’s request cut on its own, at the same tokens on both engines', async () => {
      const { browser, native } = await bothEngines(dir, 'mmlu-option', ['--suite-file', file, '--mode', 'option-logprob']);
      expectParity(browser, native, 3);
      expect(browser.summary.truncated).toBe(3);
      const maxLength = browser.run.config.protocol!.maxLength!;
      for (const item of browser.results) {
        // The longest option's request decides the item's recorded cut; each request holds at most max_length + 1 tokens.
        expect(item.truncatedTokens).toBeGreaterThan(0);
        expect(item.promptTokens).toBeLessThanOrEqual(maxLength);
      }
    }, 600_000);
  });
});
