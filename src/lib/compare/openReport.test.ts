import { describe, expect, it } from 'vitest';
import { openLeaderboard } from '../../../benchmarks/runs/openLeaderboard';
import { openRunExport } from '../../../benchmarks/runs/openRunExport';
import { comparePairedOpenRuns } from '../../../benchmarks/runs/pairedOpenRuns';
import { openResult, openRunRecord, rubricItems } from '../../../testing/openRunRecords';
import { reportToHtml, type ReportData } from './compareReport';

const items = rubricItems(3);
const ids = items.map((i) => i.id);
const doc = (id: string, name: string, rouge: number[]) =>
  openRunExport(
    openRunRecord(id, { itemIds: ids, model: { ...openRunRecord(id).model, name } }),
    items,
    rouge.map((r, i) => openResult(id, ids[i]!, i, r)),
    [],
  );

describe('the report with open-ended runs', () => {
  const a = doc('a', '<script>alert(1)</script>', [0.5, 0.6, 0.7]);
  const b = doc('b', 'Plain model', [0.2, 0.2, 0.4]);
  const paired = comparePairedOpenRuns(a, b, 'metric:rouge-l');
  if (!paired.ok) throw new Error(paired.error);
  const html = reportToHtml({
    format: 'bedside-compare-report',
    generatedAt: '2026-01-01T00:00:00.000Z',
    appVersion: 'test',
    paired: null,
    ratings: null,
    leaderboard: null,
    suites: [],
    openPaired: paired.comparison,
    openLeaderboard: openLeaderboard([
      { doc: a, source: 'this browser' },
      { doc: b, source: 'b.json' },
    ]),
  } as unknown as ReportData);

  it('has the paired bootstrap of the two runs and one leaderboard table per score, named', () => {
    const d = paired.comparison.comparison.difference;
    expect(html).toContain('<h2>Paired open-ended runs</h2>');
    expect(html).toContain(
      `difference A − B +${d.difference.toFixed(3)} (95% paired bootstrap CI +${d.lower.toFixed(3)} to +${d.upper.toFixed(3)}, 2000 rounds, seed 0)`,
    );
    expect(html).toContain('<h2>Open-ended leaderboard</h2>');
    expect(html).toContain('<caption>Ward v1 · rouge-l</caption>');
  });

  it('keeps model names inert text', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
