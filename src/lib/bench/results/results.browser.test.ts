import { flushSync, mount, unmount } from 'svelte';
import { afterEach, expect, test } from 'vitest';
import type { RunRecord, StoredItemResult } from '../../../../storage/records';
import ItemBrowser from './ItemBrowser.svelte';
import RunResults from './RunResults.svelte';

const run: RunRecord = {
  id: 'run-b',
  status: 'completed',
  config: {
    suite: { id: 'mmlu-medical', version: 1, sha256: 'f00d' },
    prompt: { id: 'mcqLettered', version: 1, hash: 'p1' },
    mode: 'letter-logprob',
    generation: { temperature: 0, topP: 1, maxTokens: 16 },
    seed: 1,
    selection: { kind: 'all' },
    nShot: 0,
  },
  suite: { id: 'mmlu-medical', name: 'MMLU medical', version: 1, sha256: 'f00d', source: 'cais/mmlu', licence: 'MIT', custom: false },
  model: {
    id: 'stories260K',
    name: 'Stories 260K',
    source: 'bundled',
    backend: 'wllama',
    quant: 'f32',
    engineVersion: '3.13.0',
    threads: 1,
  },
  env: { appVersion: '0.1.0', gitHash: 'abc', userAgent: 'test', gpu: null, crossOriginIsolated: true },
  itemIds: ['a1', 'a2', 'a3', 'c1', 'c2'],
  startedAt: Date.UTC(2025, 0, 2),
};

// 3 of 5 correct: anatomy 2/3, clinical_knowledge 1/2.
const outcomes: [string, string, string, string][] = [
  ['a1', 'anatomy', 'A', 'A'],
  ['a2', 'anatomy', 'B', 'B'],
  ['a3', 'anatomy', 'C', 'D'],
  ['c1', 'clinical_knowledge', 'A', 'A'],
  ['c2', 'clinical_knowledge', 'B', 'C'],
];

const results: StoredItemResult[] = outcomes.map(([itemId, subject, gold, pred], index) => {
  const probs = Object.fromEntries(['A', 'B', 'C', 'D'].map((l) => [l, l === pred ? 0.7 : 0.1]));
  return {
    runId: run.id,
    itemId,
    index,
    subject,
    mode: 'letter-logprob',
    prompt: `Question ${itemId}\nAnswer:`,
    pred,
    gold,
    correct: pred === gold,
    predNorm: pred,
    correctNorm: pred === gold,
    probs,
    logprobs: Object.fromEntries(Object.entries(probs).map(([l, p]) => [l, Math.log(p)])),
    generatedText: null,
    finishReason: null,
    invalid: false,
    latencyMs: 100 + 50 * index,
    timeToFirstTokenMs: null,
    promptTokens: null,
    completionTokens: null,
  };
});

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
});

function show(): HTMLElement {
  app = mount(RunResults, { target: document.body, props: { run, results } });
  flushSync();
  return document.body;
}

test('the summary shows accuracy with its Wilson interval', () => {
  const body = show();
  // Wilson 95% for 3/5: 23.1%–88.2%.
  expect(body.textContent).toContain('60.0% (95% CI 23.1–88.2%)');
  expect(body.querySelector('h4')?.textContent).toBe('Summary');
});

test('the subject chart renders an svg with an accessible name and a table fallback', () => {
  const body = show();
  const chart = body.querySelector('[role="img"][aria-label^="Accuracy by subject"]');
  expect(chart?.querySelector('svg')).not.toBeNull();
  const fallback = [...body.querySelectorAll('table caption')].find((c) => c.textContent === 'Accuracy by subject');
  expect(fallback?.parentElement?.textContent).toContain('clinical_knowledge');
  expect(body.querySelector('[role="img"][aria-label^="Reliability diagram"] svg')).not.toBeNull();
});

test('the Wrong filter shows only wrong items', () => {
  const body = show();
  const rowIds = () => [...body.querySelectorAll('tr.item code')].map((c) => c.textContent);
  expect(rowIds()).toEqual(['a1', 'a2', 'a3', 'c1', 'c2']);
  const wrong = [...body.querySelectorAll('button')].find((b) => b.textContent?.trim().startsWith('Wrong'));
  if (!wrong) throw new Error('no Wrong button');
  wrong.click();
  flushSync();
  expect(wrong.getAttribute('aria-pressed')).toBe('true');
  expect(rowIds()).toEqual(['a3', 'c2']);
});

test('an expanded item shows its prompt and the probability of each option', () => {
  const body = show();
  const toggle = body.querySelector<HTMLButtonElement>('tr.item button[aria-expanded]');
  toggle?.click();
  flushSync();
  expect(toggle?.getAttribute('aria-expanded')).toBe('true');
  const details = body.querySelector('tr.details');
  expect(details?.textContent).toContain('Question a1');
  expect(details?.textContent).toContain('70.0%');
});

test('the item browser pages through the filtered items', () => {
  app = mount(ItemBrowser, { target: document.body, props: { results, pageSize: 2 } });
  flushSync();
  const rowIds = () => [...document.querySelectorAll('tr.item code')].map((c) => c.textContent);
  const button = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim().startsWith(name));
  expect(rowIds()).toEqual(['a1', 'a2']);
  button('Next')?.click();
  flushSync();
  expect(rowIds()).toEqual(['a3', 'c1']);
  expect(document.body.textContent).toContain('Items 3–4 of 5');
  button('Wrong')?.click();
  flushSync();
  expect(rowIds()).toEqual(['a3', 'c2']);
  expect(button('Next')).toBeUndefined();
});

test('a run shows its protocol, and published numbers for its model and suite beside its interval', () => {
  const protocol = { lmEval: 'v0.4.9.1', bos: true, scoring: 'canonical-split' as const, truncation: 'left' as const };
  const llama: RunRecord = {
    ...run,
    suite: { ...run.suite, id: 'medqa-usmle-4', name: 'MedQA' },
    model: { ...run.model, id: 'custom:llama3', name: 'Llama-3-8B-Instruct' },
    config: { ...run.config, suite: { ...run.config.suite, id: 'medqa-usmle-4' }, protocol },
  };
  app = mount(RunResults, { target: document.body, props: { run: llama, results } });
  flushSync();
  const protocolList = document.body.querySelector('[aria-label="Scoring protocol"]');
  expect(protocolList?.textContent).toContain('lm-evaluation-harness v0.4.9.1');
  expect(protocolList?.textContent).toContain('yes (the model’s default)');
  const published = document.body.querySelector('table[aria-label="Published numbers"]');
  // 60.7% (lm-eval zero-shot) against this run's 3/5: Wilson 23.1–88.2%, inside, same protocol.
  expect(published?.textContent).toContain('60.7%');
  expect(published?.textContent).toContain('inside the interval');
  expect(published?.textContent).toContain('same protocol');
});

test('a run of a model with no published number shows none', () => {
  const body = show();
  expect(body.querySelector('table[aria-label="Published numbers"]')).toBeNull();
  expect(body.querySelector('[aria-label="Scoring protocol"]')?.textContent).toContain('not recorded');
});

test('a log-prob run says which items it left out before selection, and a generative run how it scored multi-answer items', () => {
  const logprob: RunRecord = { ...run, config: { ...run.config, includeImageItems: false, excluded: { multiAnswer: 203, image: 67 } } };
  app = mount(RunResults, { target: document.body, props: { run: logprob, results } });
  flushSync();
  const note = () => document.body.querySelector('[data-testid="eligibility-note"]')?.textContent?.replace(/\s+/g, ' ').trim();
  expect(note()).toBe(
    'Left out before selection: 203 multi-answer items (a log-prob mode scores one letter), 67 items that need a figure.',
  );
  unmount(app);

  // FrenchMedMCQA-style items: gold "ACD" is right only as the whole set.
  const generative: RunRecord = {
    ...run,
    config: { ...run.config, mode: 'generative', includeImageItems: true, excluded: { multiAnswer: 0, image: 0 } },
  };
  const multi = results.map((r, i) => ({ ...r, mode: 'generative' as const, gold: i < 2 ? 'ACD' : r.gold, probs: null, logprobs: null }));
  app = mount(RunResults, { target: document.body, props: { run: generative, results: multi } });
  flushSync();
  expect(note()).toBe(
    'Items that need a figure are included, though the figures are not shipped. 2 multi-answer items, scored by exact set match (right only with every correct letter and no other).',
  );
  unmount(app);

  app = mount(RunResults, { target: document.body, props: { run, results } });
  flushSync();
  expect(note()).toBeUndefined();
});
