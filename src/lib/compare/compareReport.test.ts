import { describe, expect, it } from 'vitest';
import { distinctSuiteTerms } from '../../../benchmarks/suites/suiteTerms';
import type { SuiteIndex } from '../../../core/suite';
import suiteIndex from '../../../public/suites/index.json';
import { createRng } from '../../../benchmarks/random';
import { bootstrapRatings, onlineElo, winRateMatrix, type Battle } from '../../../benchmarks/metrics/ratings';
import { buildLeaderboard } from './leaderboard';
import { comparePairedRuns } from '../../../benchmarks/runs/pairedRuns';
import { forestSvg, reportLeaderboard, reportToHtml, reportToJson, type ReportData } from './compareReport';
import { makeRunExport, pairedExports } from '../../../testing/runExports';

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
    formatVersion: 2,
    generatedAt: '2026-12-02T00:00:00.000Z',
    appVersion: '0.1.0 (test)',
    paired: paired.ok ? paired.comparison : null,
    suites: paired.ok ? distinctSuiteTerms([paired.comparison.a.terms, paired.comparison.b.terms]) : [],
    ratings: {
      ...bootstrapRatings(battles, createRng(0), { rounds: 50 }),
      onlineElo: Object.fromEntries(onlineElo(battles)),
      winRates: winRateMatrix(battles),
    },
    leaderboard: reportLeaderboard(buildLeaderboard([{ fileName: 'a.json', doc: a }], []), 'medqa-usmle-4', true, 'medqa-usmle-4'),
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

describe('the report’s leaderboard and paired runs', () => {
  it('ranks the leaderboard as the page does, by the one rule over the named column, starting at 1', () => {
    const docs = [
      makeRunExport({ id: 'a', modelId: 'strong', correct: Array.from({ length: 20 }, (_, i) => i < 19) }),
      makeRunExport({ id: 'b', modelId: 'mid', correct: Array.from({ length: 20 }, (_, i) => i < 10) }),
      makeRunExport({ id: 'c', modelId: 'weak', correct: Array.from({ length: 20 }, (_, i) => i < 1) }),
    ];
    const board = reportLeaderboard(
      buildLeaderboard(
        docs.map((doc) => ({ fileName: `${doc.run.id}.json`, doc })),
        [],
      ),
      'label',
      false,
      'medqa-usmle-4',
    );
    const html = reportToHtml({ ...sampleReport(), paired: null, ratings: null, leaderboard: board });
    expect(html).toContain('<th>Rank (by MedQA)</th><th>Model</th><th>Protocol</th><th>MedQA</th>');
    expect(html).toContain('Ranked by MedQA. Rank = 1 + the number of entries');
    // Sorted by name, ranked over MedQA: mid 2, strong 1, weak 3.
    expect([...html.matchAll(/<tr><td>(\d)<\/td><td>(\w+) \(f32, wllama\)<\/td>/g)].map((m) => [m[2], Number(m[1])])).toEqual([
      ['mid', 2],
      ['strong', 1],
      ['weak', 3],
    ]);
  });

  it('says "none" where the runs never disagree, instead of an empty table', () => {
    const [a, b] = pairedExports(6, 0, 0, 4);
    const same = comparePairedRuns(a, b, { rounds: 50 });
    if (!same.ok) throw new Error(same.error);
    const html = reportToHtml({ ...sampleReport(), paired: same.comparison, ratings: null, leaderboard: null });
    expect(html).toContain('<strong>Items where the runs disagree:</strong> none. Both runs gave the same answer on all 10 paired items.');
    expect(html).not.toContain('<caption>Items where the runs disagree</caption>');
    expect(reportToHtml(sampleReport())).toContain('<caption>Items where the runs disagree</caption>');
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

describe('the licence and use restriction of each suite', () => {
  // The shipped index as the app reads it: CMExam (research use only) and CMMLU (non-commercial).
  const shipped = (id: string) => (suiteIndex as SuiteIndex).suites.find((s) => s.id === id)!;

  it('travel with a paired comparison and into the report, HTML and JSON alike', () => {
    const [a, b] = pairedExports(8, 10, 2, 0);
    const cmexam = shipped('cmexam');
    for (const doc of [a, b]) {
      doc.run.suite = {
        ...doc.run.suite,
        id: cmexam.id,
        name: cmexam.name,
        licence: cmexam.licence,
        use_restriction: cmexam.use_restriction!,
      };
    }
    const paired = comparePairedRuns(a, b, { rounds: 50 });
    if (!paired.ok) throw new Error(paired.error);
    expect(paired.comparison.a.terms).toEqual({
      id: 'cmexam',
      name: cmexam.name,
      version: 1,
      licence: cmexam.licence,
      useRestriction: cmexam.use_restriction,
    });
    const data: ReportData = {
      ...sampleReport(),
      paired: paired.comparison,
      leaderboard: null,
      suites: distinctSuiteTerms([paired.comparison.a.terms, paired.comparison.b.terms]),
    };
    expect(data.suites).toHaveLength(1);
    const html = reportToHtml(data);
    const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
    expect(html).toContain('<h2>Suites and their terms</h2>');
    expect(html).toContain(
      `<tr><td>${escaped(cmexam.name)}</td><td>1</td><td>${escaped(cmexam.licence)}</td><td>${escaped(cmexam.use_restriction!)}</td></tr>`,
    );
    expect(JSON.parse(reportToJson(data)).suites).toEqual([paired.comparison.a.terms]);
  });

  it('a suite that states no restriction says so, and one suite run twice is listed once', () => {
    const cmmlu = shipped('cmmlu-medical');
    const medqa = shipped('medqa-usmle-4');
    const terms = distinctSuiteTerms([
      { id: medqa.id, name: medqa.name, version: 1, licence: medqa.licence },
      { id: cmmlu.id, name: cmmlu.name, version: 1, licence: cmmlu.licence, useRestriction: cmmlu.use_restriction! },
      { id: medqa.id, name: medqa.name, version: 1, licence: medqa.licence },
    ]);
    expect(terms.map((t) => t.id)).toEqual(['cmmlu-medical', 'medqa-usmle-4']);
    const html = reportToHtml({ ...sampleReport(), paired: null, ratings: null, leaderboard: null, suites: terms });
    expect(html).toContain(`<td>${medqa.licence.replaceAll('&', '&amp;')}</td><td>none stated</td>`);
    expect(html).toContain('CC BY-NC-SA 4.0');
    expect(reportToHtml({ ...sampleReport(), suites: [] })).not.toContain('Suites and their terms');
  });
});
