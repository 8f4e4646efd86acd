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
import { answerLetters, isMultiAnswer } from './answers';

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
    expect(index.suites.map((s) => [s.id, s.file, s.name, s.version, s.language])).toEqual(
      suiteSpecs.map((s) => [s.id, s.file, s.name, s.version, s.language]),
    );
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
    expect(header.language).toBe(entry.language);
    expect(header.use_restriction).toBe(entry.use_restriction);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.filter(isMultiAnswer)).toHaveLength(entry.multiAnswer);
    expect(items.filter((i) => i.image !== undefined)).toHaveLength(entry.imageItems);
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
      for (const letter of answerLetters(item)) expect(letters).toContain(letter);
      for (const option of Object.values(item.options)) expect(option.trim()).not.toBe('');
      if (item.subject !== undefined) subjects.set(item.subject, (subjects.get(item.subject) ?? 0) + 1);
    }
    expect(entry.subjects).toEqual([...subjects.keys()].sort().map((subject) => ({ subject, count: subjects.get(subject) })));
  });

  it('ships its dataset notes and the text of the licence it names', () => {
    expect(publicFile(entry.sourceNotes)).toMatch(/^# /);
    const text = publicFile(entry.licenceFile);
    if (entry.licence.startsWith('MIT')) expect(text).toMatch(/MIT License/);
    else if (entry.licence.startsWith('Apache-2.0')) expect(text).toMatch(/Apache License\s+Version 2\.0/);
    else if (entry.licence.startsWith('CC BY-NC-SA 4.0')) expect(text).toMatch(/Attribution-NonCommercial-ShareAlike 4\.0 International/);
    else throw new Error(`no check for the licence ${entry.licence}`);
  });
});

describe('suite specs', () => {
  it('default to one of their own modes, and name prompt templates that exist', () => {
    for (const spec of suiteSpecs) {
      expect(spec.modes, spec.id).toContain(spec.defaultMode);
      expect(findBuiltinTemplate(spec.prompt), spec.prompt).toBeDefined();
      const chat = 'chatPrompts' in spec ? spec.chatPrompts : undefined;
      for (const id of chat ? [chat.direct, chat.stepByStep] : []) expect(findBuiltinTemplate(id), id).toBeDefined();
    }
  });
});
