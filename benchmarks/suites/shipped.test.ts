/**
 * Shape test over every shipped suite (lm-eval tests/test_tasks.py): runs on the committed files
 * alone, without ../shared. Files come in through Vite's glob import so this stays free of node:
 * modules like the rest of benchmarks/.
 */
import { describe, expect, it } from 'vitest';
import { formatSuiteError, parseSuite } from './parseSuite';
import type { SuiteIndex } from '../../core/suite';
import { findBuiltinTemplate } from '../prompts/templates';
import { suiteSpecs } from './specs';

const shipped = import.meta.glob<string>('../../public/suites/**/*', { query: '?raw', import: 'default', eager: true });

function publicFile(path: string): string {
  const text = shipped[`../../public/${path}`];
  if (text === undefined) throw new Error(`public/${path} is not shipped`);
  return text;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const index = JSON.parse(publicFile('suites/index.json')) as SuiteIndex;

describe('public/suites/index.json', () => {
  it('lists exactly the declared suites, with the same file, name and version', () => {
    expect(index.suites.map((s) => [s.id, s.file, s.name, s.version])).toEqual(suiteSpecs.map((s) => [s.id, s.file, s.name, s.version]));
  });
});

describe.each(index.suites)('shipped suite $id', (entry) => {
  const text = publicFile(entry.file);

  it('matches the sha256 and size recorded in the index', async () => {
    expect(await sha256Hex(text)).toBe(entry.sha256);
    expect(new TextEncoder().encode(text).length).toBe(entry.bytes);
  });

  it('passes the validator, with a header count equal to its item lines', async () => {
    const lines = text.trimEnd().split('\n');
    const result = parseSuite(text, { sha256: entry.sha256, format: 'jsonl' });
    if (!result.ok) throw new Error(result.errors.map(formatSuiteError).join('\n'));
    const { header, items } = result.suite;
    expect(header.suite).toBe(entry.id);
    expect(header.count).toBe(lines.length - 1);
    expect(header.count).toBe(entry.count);
    expect(header.sha256_of_source).toBe(entry.sha256_of_source);
    expect(header.source).toBe(entry.source);
    expect(header.licence).toBe(entry.licence);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it('has string questions and options, a gold letter among the options, and subjects as indexed', () => {
    const result = parseSuite(text, { sha256: entry.sha256, format: 'jsonl' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const subjects = new Map<string, number>();
    for (const item of result.suite.items) {
      expect(item.id.startsWith(`${entry.id}/`)).toBe(true);
      expect(typeof item.question).toBe('string');
      const letters = Object.keys(item.options);
      expect(letters.length).toBeGreaterThanOrEqual(2);
      expect(letters).toContain(item.answer);
      for (const option of Object.values(item.options)) expect(option.trim()).not.toBe('');
      if (item.subject !== undefined) subjects.set(item.subject, (subjects.get(item.subject) ?? 0) + 1);
    }
    expect(entry.subjects).toEqual([...subjects.keys()].sort().map((subject) => ({ subject, count: subjects.get(subject) })));
  });

  it('ships its dataset notes and licence', () => {
    expect(publicFile(entry.sourceNotes)).toMatch(/^# /);
    expect(publicFile(entry.licenceFile)).toMatch(/MIT License/);
  });
});

describe('suite specs', () => {
  it('declare lm-eval scoring: letters for MCQ suites, yes/no/maybe words for PubMedQA', () => {
    for (const spec of suiteSpecs) {
      expect(spec.targetDelimiter).toBe(' ');
      expect(spec.metrics).toEqual(['acc', 'acc_norm']);
      const expected = spec.id === 'pubmedqa' ? ['option-text', 'option-logprob'] : ['letters', 'letter-logprob'];
      expect([spec.choiceStyle, spec.defaultMode]).toEqual(expected);
      expect(findBuiltinTemplate(spec.prompt), spec.prompt).toBeDefined();
    }
  });
});
