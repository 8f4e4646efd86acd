import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { summarizeRun } from '../metrics/summary';
import { parseCsv } from '../suites/csv';
import type { RunRecord, StoredItemResult } from '../../core/runRecord';
import { csvField, runFileName, runToCsv, runToJson } from './runExport';

const run: RunRecord = {
  id: 'run-1',
  status: 'completed',
  config: {
    suite: { id: 'medqa-usmle-4', version: 1, sha256: 'abc123' },
    prompt: { id: 'mcqLettered', version: 1, hash: 'p1' },
    mode: 'letter-logprob',
    generation: { temperature: 0, topP: 1, maxTokens: 64 },
    seed: 7,
    selection: { kind: 'limit', n: 2 },
    nShot: 0,
  },
  suite: { id: 'medqa-usmle-4', name: 'MedQA', version: 1, sha256: 'abc123', source: 'bigbio/med_qa', licence: 'MIT', custom: false },
  model: {
    id: 'Qwen/Qwen2.5-0.5B',
    name: 'Qwen 0.5B',
    source: 'hf',
    backend: 'wllama',
    quant: 'q4_0',
    engineVersion: '3.13.0',
    threads: 4,
  },
  env: { appVersion: '0.1.0', gitHash: 'deadbee', userAgent: 'test', gpu: null, crossOriginIsolated: true },
  itemIds: ['medqa-0001', 'medqa-0002'],
  startedAt: Date.UTC(2025, 2, 4, 10, 0, 0),
  endedAt: Date.UTC(2025, 2, 4, 10, 1, 0),
};

const awkwardText = 'Either "B", or C,\nmaybe.';

const logprobItem: StoredItemResult = {
  runId: 'run-1',
  itemId: 'medqa-0001',
  index: 0,
  subject: null,
  mode: 'letter-logprob',
  prompt: 'Question: ...\nAnswer:',
  pred: 'A',
  gold: 'A',
  correct: true,
  predNorm: 'B',
  correctNorm: false,
  probs: { A: 0.5, B: 0.25, C: 0.125, D: 0.125 },
  logprobs: { A: -0.5, B: -1.25, C: -2, D: -2.5 },
  generatedText: null,
  finishReason: null,
  invalid: false,
  latencyMs: 812.5,
  timeToFirstTokenMs: null,
  promptTokens: null,
  completionTokens: null,
};

const generativeItem: StoredItemResult = {
  ...logprobItem,
  itemId: 'medqa-0002',
  index: 1,
  subject: 'anatomy',
  mode: 'generative',
  gold: 'C',
  pred: null,
  correct: false,
  predNorm: null,
  correctNorm: null,
  probs: null,
  logprobs: null,
  generatedText: awkwardText,
  finishReason: 'stop',
  invalid: true,
  latencyMs: 1500,
  timeToFirstTokenMs: 120,
  promptTokens: 300,
  completionTokens: 42,
};

// Out of order on purpose: exports are in item order whatever order the store returned.
const results = [generativeItem, logprobItem];

const expectedCsv =
  '\uFEFFrun_id,suite,model,mode,partial,item_id,index,subject,gold,pred,correct,pred_norm,correct_norm,invalid,' +
  'p_A,p_B,p_C,p_D,logprob_A,logprob_B,logprob_C,logprob_D,' +
  'latency_ms,ttft_ms,prompt_tokens,completion_tokens,finish_reason,generated_text\n' +
  'run-1,medqa-usmle-4,Qwen/Qwen2.5-0.5B,letter-logprob,true,medqa-0001,0,,A,A,true,B,false,false,' +
  '0.5,0.25,0.125,0.125,-0.5,-1.25,-2,-2.5,812.5,,,,,\n' +
  'run-1,medqa-usmle-4,Qwen/Qwen2.5-0.5B,generative,true,medqa-0002,1,anatomy,C,,false,,,true,' +
  ',,,,,,,,1500,120,300,42,stop,"Either ""B"", or C,\nmaybe."\n';

describe('runToCsv', () => {
  test('writes the header and one row per item, in item order, quoted per RFC 4180', () => {
    expect(runToCsv(run, results)).toBe(expectedCsv);
  });

  test('starts with a UTF-8 BOM, has LF line ends only and the same column count on every record', () => {
    const csv = runToCsv(run, results);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(csv).not.toContain('\r');
    const parsed = parseCsv(csv);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(new Set(parsed.records.map((r) => r.fields.length))).toEqual(new Set([28]));
  });

  test('says in every row whether the run covers all of its suite', () => {
    const all = { ...run, config: { ...run.config, selection: { kind: 'all' as const } } };
    expect(runToCsv(all, results).split('\n')[1]).toMatch(/^run-1,medqa-usmle-4,Qwen\/Qwen2\.5-0\.5B,letter-logprob,false,/);
  });

  test('parses back to the same values', () => {
    const parsed = parseCsv(runToCsv(run, results));
    if (!parsed.ok) throw new Error(parsed.message);
    const [header, ...rows] = parsed.records.map((r) => r.fields);
    const objects = rows.map((fields) => Object.fromEntries((header ?? []).map((h, i) => [h, fields[i]])));
    expect(objects).toHaveLength(2);
    expect(objects[0]).toMatchObject({
      item_id: 'medqa-0001',
      subject: '',
      pred: 'A',
      correct: 'true',
      pred_norm: 'B',
      correct_norm: 'false',
      p_A: '0.5',
      logprob_D: '-2.5',
      latency_ms: '812.5',
      ttft_ms: '',
      generated_text: '',
    });
    expect(objects[1]).toMatchObject({
      item_id: 'medqa-0002',
      subject: 'anatomy',
      pred: '',
      correct: 'false',
      invalid: 'true',
      p_A: '',
      ttft_ms: '120',
      prompt_tokens: '300',
      completion_tokens: '42',
      finish_reason: 'stop',
      generated_text: awkwardText,
    });
  });

  test('has a column for each option letter the run scored: none for E on a 4-option suite, none at all without probabilities', () => {
    expect(runToCsv(run, [logprobItem]).split('\n')[0]).toContain(',p_A,p_B,p_C,p_D,logprob_A,logprob_B,logprob_C,logprob_D,latency_ms,');
    expect(runToCsv(run, [generativeItem]).split('\n')[0]).toContain(',invalid,latency_ms,');
  });

  test('writes latencies to a tenth of a millisecond, not a float’s last digits', () => {
    const timed = { ...generativeItem, latencyMs: 812.4999999999998, timeToFirstTokenMs: 97.30000000000001 };
    expect(runToCsv(run, [timed]).split('\n')[1]).toContain(',812.5,97.3,300,42,');
  });

  test('adds columns for letters beyond E instead of dropping them', () => {
    const sixOptions = { ...logprobItem, probs: { ...logprobItem.probs, E: 0, F: 0 }, logprobs: { ...logprobItem.logprobs, E: -9, F: -8 } };
    const [header, row] = runToCsv(run, [sixOptions]).split('\n');
    expect(header?.startsWith('\uFEFFrun_id')).toBe(true);
    expect(header).toContain('p_E,p_F,logprob_A');
    expect(header).toContain('logprob_E,logprob_F,latency_ms');
    expect(row).toContain('0.125,0.125,0,0,-0.5');
  });
});

describe('csvField', () => {
  test('quotes only fields with a comma, quote, CR or LF, doubling quotes', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\rbreak')).toBe('"line\rbreak"');
    expect(csvField('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(false)).toBe('false');
    expect(csvField(0)).toBe('0');
  });
});

describe('runToJson', () => {
  test('holds the format tag, the run with its config, the summary and every item result in order', () => {
    const summary = summarizeRun(results);
    const doc = JSON.parse(runToJson(run, results, summary)) as Record<string, unknown>;
    expect(doc.format).toBe('bedside-run');
    expect(doc.formatVersion).toBe(1);
    expect(doc.run).toEqual(run);
    expect(doc.partial).toBe(true);
    expect(doc.selection).toBe('first 2 items in file order (lm-eval --limit)');
    expect(doc.summary).toEqual(summary);
    expect(doc.results).toEqual([logprobItem, generativeItem]);
  });
});

describe('runFileName', () => {
  test('names the suite, a file-safe model name, the mode, partial coverage and the start time to the second', () => {
    expect(runFileName(run, 'json')).toBe('bedside-run-medqa-usmle-4-Qwen_0.5B-letter-logprob-partial2-20250304T100000Z.json');
    expect(runFileName(run, 'csv')).toBe('bedside-run-medqa-usmle-4-Qwen_0.5B-letter-logprob-partial2-20250304T100000Z.csv');
  });

  test('names an imported suite by its name, not its namespaced id, and keeps letters of any script', () => {
    const custom = {
      ...run,
      suite: { ...run.suite, id: 'custom:custom-opt26:0123456789ab', name: 'Opt 26 儿科', custom: true },
      model: { ...run.model, name: 'Modèle médical' },
    };
    expect(runFileName(custom, 'csv')).toBe('bedside-run-Opt_26_儿科-Modèle_médical-letter-logprob-partial2-20250304T100000Z.csv');
  });

  test('two runs of one suite and model on one day, or in two modes, get different names', () => {
    const later = { ...run, startedAt: run.startedAt + 1000 };
    const generative = { ...run, config: { ...run.config, mode: 'generative' as const } };
    const all = { ...run, config: { ...run.config, selection: { kind: 'all' as const } } };
    const names = new Set([run, later, generative, all].map((r) => runFileName(r, 'csv')));
    expect(names.size).toBe(4);
    expect(runFileName(all, 'csv')).not.toContain('partial');
  });
});

/** The first Python that has pandas: a virtualenv or pyenv one on PATH, else Debian's (python3-pandas, as .ci/run installs). */
const pythonWithPandas = ['python3', '/usr/bin/python3'].find(
  (python) => spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0,
);

test('pandas.read_csv reads it with no options', () => {
  if (!pythonWithPandas) throw new Error('No python3 with pandas: install it (apt-get install python3-pandas), as .ci/run does.');
  const dir = mkdtempSync(join(tmpdir(), 'bedside-csv-'));
  try {
    const path = join(dir, 'run.csv');
    writeFileSync(path, runToCsv(run, results));
    const script = [
      'import json, sys, pandas',
      'df = pandas.read_csv(sys.argv[1])',
      'print(json.dumps({"shape": list(df.shape), "correct": df["correct"].tolist(), "text": df["generated_text"].fillna("").tolist()}))',
    ].join('\n');
    const out = spawnSync(pythonWithPandas, ['-c', script, path], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual({ shape: [2, 28], correct: [true, false], text: ['', awkwardText] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
