import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { selectItems } from '../runner/sampling';
import type { RunRecord } from '../../core/runRecord';
import { isPartialRun, ITEM_ORDERS, parseSeed, selectionFor, selectionLabel } from './itemSelection';

/** The shipped MMLU medical suite, as the Benchmarks page loads it. */
function mmluItems(): { id: string; subject?: string }[] {
  const dir = resolve(import.meta.dirname, '../../public/suites');
  const [, ...lines] = readFileSync(resolve(dir, 'mmlu-medical.jsonl'), 'utf8').trim().split('\n');
  return lines.map((l) => JSON.parse(l) as { id: string; subject?: string });
}

describe('the "Items = N" default', () => {
  test('is a stratified sample, with "first N in file order" offered as lm-eval --limit', () => {
    expect(ITEM_ORDERS[0]!.id).toBe('stratified');
    expect(ITEM_ORDERS.find((o) => o.id === 'first')!.label).toMatch(/lm-eval --limit/);
  });

  test('12 MMLU items span the subjects, where the first 12 in file order are all one subject', () => {
    const items = mmluItems();
    const subjects = new Set(items.map((i) => i.subject));
    expect(subjects.size).toBe(6);
    const sampled = selectItems(items, selectionFor(12, ITEM_ORDERS[0]!.id, items.length), 1234);
    expect(sampled).toHaveLength(12);
    expect(new Set(sampled.map((i) => i.subject))).toEqual(subjects);
    const first = selectItems(items, selectionFor(12, 'first', items.length), 1234);
    expect(new Set(first.map((i) => i.subject)).size).toBe(1);
  });

  test('N of 0, or as many as the suite holds, is the whole suite and not partial', () => {
    expect(selectionFor(0, 'stratified', 100)).toEqual({ kind: 'all' });
    expect(selectionFor(100, 'stratified', 100)).toEqual({ kind: 'all' });
    expect(selectionFor(250, 'first', 100)).toEqual({ kind: 'all' });
    expect(selectionFor(30, 'first', 100)).toEqual({ kind: 'limit', n: 30 });
  });
});

describe('partial runs', () => {
  const config = (selection: RunRecord['config']['selection']) => ({ config: { selection, seed: 7 } as RunRecord['config'] });
  test('a run of fewer than all items is partial; a run of all is not', () => {
    expect(isPartialRun(config({ kind: 'stratified', n: 12 }))).toBe(true);
    expect(isPartialRun(config({ kind: 'limit', n: 12 }))).toBe(true);
    expect(isPartialRun(config({ kind: 'all' }))).toBe(false);
  });

  test('the selection is described in words, singular where it is one, with a missing seed as "none"', () => {
    expect(selectionLabel({ selection: { kind: 'stratified', n: 12 }, seed: 1234 })).toBe(
      'stratified sample of 12 items by subject, seed 1234',
    );
    expect(selectionLabel({ selection: { kind: 'limit', n: 1 }, seed: 1 })).toBe('first 1 item in file order (lm-eval --limit)');
    expect(selectionLabel({ selection: { kind: 'stratified', n: 3 }, seed: null as unknown as number })).toMatch(/seed none$/);
  });
});

test('a blank seed is refused at the field; a whole number is taken', () => {
  expect(parseSeed(null)).toMatch(/Enter a seed/);
  expect(parseSeed('')).toMatch(/Enter a seed/);
  expect(parseSeed(1.5)).toMatch(/whole number/);
  expect(parseSeed(42)).toBe(42);
});
