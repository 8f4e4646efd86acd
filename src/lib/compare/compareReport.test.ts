import { describe, expect, it } from 'vitest';
import { createRng } from '../../../benchmarks/random';
import { bootstrapRatings, onlineElo, winRateMatrix, type Battle } from '../../../benchmarks/metrics/ratings';
import { buildLeaderboard } from './leaderboard';
import { comparePairedRuns } from '../../../benchmarks/runs/pairedRuns';
import { forestSvg, reportToHtml, reportToJson, type ReportData } from './compareReport';
import { pairedExports } from '../../../testing/runExports';

function sampleReport(): ReportData {
  const [a, b] = pairedExports(8, 10, 2, 0);
  a.run.model.name = 'model <a> & "friends"';
  const paired = comparePairedRuns(a, b, { rounds: 200 });
  const battles: Battle[] = [
    { model_a: 'x', model_b: 'y', winner: 'model_a' },
    { model_a: 'y', model_b: 'x', winner: 'tie' },
  ];
  return {
    format: 'bedside-compare-report',
    formatVersion: 1,
    generatedAt: '2026-12-02T00:00:00.000Z',
    appVersion: '0.1.0 (test)',
    paired: paired.ok ? paired.comparison : null,
    ratings: {
      ...bootstrapRatings(battles, createRng(0), { rounds: 50 }),
      onlineElo: Object.fromEntries(onlineElo(battles)),
      winRates: winRateMatrix(battles),
    },
    leaderboard: buildLeaderboard([{ fileName: 'a.json', doc: a }], []),
  };
}

describe('reportToHtml', () => {
  it('is one self-contained page: tables, inline SVG charts, no script and no URL to fetch', () => {
    const html = reportToHtml(sampleReport());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('<caption>2×2 table</caption>');
    expect(html).toContain('<td>A correct</td><td>8</td><td>10</td>');
    expect(html).toContain('McNemar exact p = 0.0386');
    expect(html).toContain('<caption>Ratings</caption>');
    // Untrusted names are escaped, never markup.
    expect(html).toContain('model &lt;a&gt; &amp; &quot;friends&quot;');
    expect(html).not.toContain('<a>');
  });

  it('writes the same content as JSON', () => {
    const data = sampleReport();
    expect(JSON.parse(reportToJson(data))).toEqual(JSON.parse(JSON.stringify(data)));
  });
});

describe('forestSvg', () => {
  it('places each point and its interval on one shared axis', () => {
    const svg = forestSvg(
      't',
      [
        { label: 'p', value: 0.5, low: 0, high: 1 },
        { label: 'q', value: 1, low: 1, high: 1 },
      ],
      String,
    );
    // The axis spans 0..1 over 360 px from x = 260: p's bar runs 260–620, q's dot sits at 620.
    expect(svg).toContain('<line x1="260.0" x2="620.0"');
    expect(svg).toContain('<circle cx="620.0"');
  });
});
