import { RANK_RULE } from '../../../benchmarks/metrics/ranks';
import { MIN_BATTLES_FOR_INTERVAL, ratingsNotes, type RatingsResult, type WinRateMatrix } from '../../../benchmarks/metrics/ratings';
import { columnLabel, rankLeaderboard, type Leaderboard, type SortKey } from './leaderboard';
import type { PairedRunsComparison } from '../../../benchmarks/runs/pairedRuns';
import type { PairedOpenRuns } from '../../../benchmarks/runs/pairedOpenRuns';
import type { OpenBoardGroup } from '../../../benchmarks/runs/openLeaderboard';
import type { SuiteTerms } from '../../../benchmarks/suites/suiteTerms';

/**
 * "Download report": one self-contained HTML file (tables, inline SVG charts, configurations and
 * provenance) with no script and nothing fetched, so it opens offline years later; the same content
 * goes out as JSON beside it.
 */

export interface ReportData {
  format: 'bedside-compare-report';
  /** 2: leaderboard rows carry their protocol, and the leaderboard its ranks. */
  formatVersion: 2;
  generatedAt: string;
  appVersion: string;
  paired: PairedRunsComparison | null;
  ratings: (RatingsResult & { onlineElo: Record<string, number>; winRates: WinRateMatrix }) | null;
  leaderboard: ReportLeaderboard | null;
  /** Paired runs of two open-ended runs on one score, and the open-ended leaderboard's tables; absent from reports before them. */
  openPaired?: PairedOpenRuns | null;
  openLeaderboard?: OpenBoardGroup[];
  /** Every suite the report's numbers come from, with its licence and use restriction. */
  suites: SuiteTerms[];
}

/** The leaderboard as the page shows it: its rows in the page's order, ranked over the page's column. */
export interface ReportLeaderboard extends Leaderboard {
  /** The column the ranks are over; null when no row has a number. */
  rankedBy: string | null;
  ranks: { key: string; rank: number | null }[];
}

export function reportLeaderboard(board: Leaderboard, sortKey: SortKey, descending: boolean, rankedBy: string | null): ReportLeaderboard {
  const ranked = rankLeaderboard(board, sortKey, descending, rankedBy);
  return { ...board, rankedBy, ranks: ranked.map((r) => ({ key: r.row.key, rank: r.rank })) };
}

const esc = (text: string | number) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pp = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} pp`;
const fmtP = (p: number) => (p < 0.0001 ? p.toExponential(2) : p.toFixed(4));

export interface ForestPoint {
  label: string;
  value: number;
  low: number;
  high: number;
}

/** Points with horizontal 95% interval bars on a shared axis: the one chart the report needs. */
export function forestSvg(title: string, points: readonly ForestPoint[], format: (x: number) => string, reference?: number): string {
  const labelWidth = 260;
  const plotWidth = 360;
  const rowHeight = 22;
  const top = 28;
  const height = top + rowHeight * points.length + 28;
  const values = points.flatMap((p) => [p.low, p.high, p.value]).concat(reference === undefined ? [] : [reference]);
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (max - min < 1e-9) {
    min -= 1;
    max += 1;
  }
  const x = (v: number) => labelWidth + ((v - min) / (max - min)) * plotWidth;
  const rows = points
    .map((p, i) => {
      const y = top + rowHeight * i + rowHeight / 2;
      return [
        `<text x="${labelWidth - 8}" y="${y + 4}" text-anchor="end">${esc(p.label)}</text>`,
        `<line x1="${x(p.low).toFixed(1)}" x2="${x(p.high).toFixed(1)}" y1="${y}" y2="${y}" stroke="#2563eb" stroke-width="2"/>`,
        `<circle cx="${x(p.value).toFixed(1)}" cy="${y}" r="4" fill="#1d4ed8"><title>${esc(`${p.label}: ${format(p.value)} (${format(p.low)}–${format(p.high)})`)}</title></circle>`,
      ].join('');
    })
    .join('');
  const axisY = top + rowHeight * points.length + 4;
  const ref =
    reference === undefined
      ? ''
      : `<line x1="${x(reference).toFixed(1)}" x2="${x(reference).toFixed(1)}" y1="${top}" y2="${axisY}" stroke="#9ca3af" stroke-dasharray="3 3"/>`;
  const ticks = [min, (min + max) / 2, max]
    .map((v) => `<text x="${x(v).toFixed(1)}" y="${axisY + 16}" text-anchor="middle">${esc(format(v))}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${labelWidth + plotWidth + 40}" height="${height}" font-family="sans-serif" font-size="12">` +
    `<title>${esc(title)}</title><text x="0" y="16" font-weight="bold">${esc(title)}</text>${ref}` +
    `<line x1="${labelWidth}" x2="${labelWidth + plotWidth}" y1="${axisY}" y2="${axisY}" stroke="#6b7280"/>${ticks}${rows}</svg>`
  );
}

function table(caption: string, head: string[], body: (string | number)[][]): string {
  return `<table><caption>${esc(caption)}</caption><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function pairedSection(c: PairedRunsComparison): string {
  const o = c.overall;
  const t = o.table;
  return [
    '<section><h2>Paired runs</h2>',
    `<p>A: ${esc(c.a.label)} (run ${esc(c.a.runId)}, ${esc(c.a.suite)})<br>B: ${esc(c.b.label)} (run ${esc(c.b.runId)}, ${esc(c.b.suite)})</p>`,
    c.commonOnly
      ? `<p><strong>Only the ${t.n} items both runs scored are compared</strong> (${c.onlyInA} only in A, ${c.onlyInB} only in B).</p>`
      : '',
    c.failedInA || c.failedInB
      ? `<p>${c.failedInA} items failed in A and ${c.failedInB} in B: neither right nor wrong, they are left out of the pairs and of both accuracies.</p>`
      : '',
    table(
      '2×2 table',
      ['', 'B correct', 'B wrong'],
      [
        ['A correct', t.bothCorrect, t.onlyA],
        ['A wrong', t.onlyB, t.bothWrong],
      ],
    ),
    `<p>n = ${t.n}; accuracy A ${pct(o.accA)}, B ${pct(o.accB)}; difference A − B ${pp(o.diff)} (95% paired bootstrap CI ${pp(o.ciLow)} to ${pp(o.ciHigh)}, ${c.rounds} rounds, seed ${c.seed}); McNemar exact p = ${fmtP(o.mcnemarP)}.</p>`,
    forestSvg(
      'Accuracy difference A − B, overall and per subject (95% CI)',
      [
        { label: 'All items', value: o.diff, low: o.ciLow, high: o.ciHigh },
        ...c.perSubject.map((s) => ({ label: s.subject || '(no subject)', value: s.diff, low: s.ciLow, high: s.ciHigh })),
      ],
      pp,
      0,
    ),
    table(
      'Per subject',
      ['Subject', 'n', 'Both right', 'Only A', 'Only B', 'Both wrong', 'Acc A', 'Acc B', 'Diff (95% CI)', 'McNemar p'],
      c.perSubject.map((s) => [
        s.subject || '(none)',
        s.table.n,
        s.table.bothCorrect,
        s.table.onlyA,
        s.table.onlyB,
        s.table.bothWrong,
        pct(s.accA),
        pct(s.accB),
        `${pp(s.diff)} (${pp(s.ciLow)} to ${pp(s.ciHigh)})`,
        fmtP(s.mcnemarP),
      ]),
    ),
    c.disagreements.length === 0
      ? `<p><strong>Items where the runs disagree:</strong> none. Both runs gave the same answer on all ${t.n} paired items.</p>`
      : table(
          'Items where the runs disagree',
          ['Item', 'Gold', 'A answer', 'B answer', 'A probabilities', 'B probabilities'],
          c.disagreements.map((d) => {
            const probs = (p: Record<string, number> | null) =>
              p
                ? Object.entries(p)
                    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
                    .join(' ')
                : '—';
            return [
              d.itemId,
              d.gold,
              `${d.a.pred ?? '—'}${d.a.correct ? ' ✓' : ''}`,
              `${d.b.pred ?? '—'}${d.b.correct ? ' ✓' : ''}`,
              probs(d.a.probs),
              probs(d.b.probs),
            ];
          }),
        ),
    '</section>',
  ].join('');
}

function openPairedSection(c: PairedOpenRuns): string {
  const d = c.comparison.difference;
  const f = (x: number) => x.toFixed(3);
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
  return [
    '<section><h2>Paired open-ended runs</h2>',
    `<p>A: ${esc(c.a.label)} (run ${esc(c.a.runId)})<br>B: ${esc(c.b.label)} (run ${esc(c.b.runId)})</p>`,
    ...c.differences.map((text) => `<p>${esc(text)}</p>`),
    `<p>By ${esc(c.scoreLabel)}: n = ${c.comparison.n} items both runs scored (${c.onlyInA} only in A, ${c.onlyInB} only in B); mean A ${f(c.comparison.meanA)}, B ${f(c.comparison.meanB)}; difference A − B ${signed(d.difference)} (95% paired bootstrap CI ${signed(d.lower)} to ${signed(d.upper)}, ${c.rounds} rounds, seed ${c.seed}).</p>`,
    forestSvg(
      `${c.scoreLabel}: A − B (95% paired bootstrap CI)`,
      [{ label: 'All items', value: d.difference, low: d.lower, high: d.upper }],
      signed,
      0,
    ),
    '</section>',
  ].join('');
}

function openLeaderboardSection(groups: readonly OpenBoardGroup[]): string {
  const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  return [
    '<section><h2>Open-ended leaderboard</h2>',
    `<p>One table per suite and score, each score named: a reference metric (percentile bootstrap 95% interval), the HealthBench score by one grader (mean ± 1.96 bootstrap standard deviations) or a jury’s mean (no interval, no rank). ${esc(RANK_RULE)}</p>`,
    ...groups.map((g) =>
      table(
        `${g.suite.name} v${g.suite.version} · ${g.label}`,
        ['Rank', 'Model', 'Source', g.label, '95% interval', 'Answers', 'Notes'],
        g.rows.map((r) => [
          r.rank ?? '—',
          r.model,
          r.source,
          f(r.value),
          r.low === null ? '—' : `${f(r.low)}–${f(r.high)}`,
          r.n,
          [r.partial ? 'partial run' : '', r.failed ? `${r.failed} failed` : ''].filter(Boolean).join('; ') || '—',
        ]),
      ),
    ),
    '</section>',
  ].join('');
}

function ratingsSection(r: NonNullable<ReportData['ratings']>): string {
  const m = r.winRates;
  return [
    '<section><h2>Arena ratings</h2>',
    `<p>Bradley–Terry maximum likelihood (FastChat compute_mle_elo: scale 400, base 10, centred on 1000), 95% bootstrap intervals from ${r.rounds} rounds, seed ${r.seed}, none below ${MIN_BATTLES_FOR_INTERVAL} battles. ${RANK_RULE}</p>`,
    ...ratingsNotes(r).map((note) => `<p>${esc(note)}</p>`),
    table(
      'Ratings',
      ['Rank', 'Contestant', 'Rating', '95% CI', 'Online Elo (K=4, order-dependent)', 'Battles'],
      r.rows.map((row) => [
        row.rank ?? '—',
        row.model,
        row.rating.toFixed(1),
        row.ci_low === null || row.ci_high === null ? `none: ${row.noInterval}` : `${row.ci_low.toFixed(1)}–${row.ci_high.toFixed(1)}`,
        (r.onlineElo[row.model] ?? 1000).toFixed(1),
        row.battles,
      ]),
    ),
    forestSvg(
      'Ratings with 95% bootstrap intervals',
      r.rows.map((row) => ({ label: row.model, value: row.rating, low: row.ci_low ?? row.rating, high: row.ci_high ?? row.rating })),
      (x) => x.toFixed(0),
      1000,
    ),
    table(
      'Win rate of row over column (ties count as battles)',
      ['', ...m.models],
      m.models.map((name, i) => [name, ...m.rate[i]!.map((x) => (x === null ? '—' : pct(x)))]),
    ),
    '</section>',
  ].join('');
}

function leaderboardSection(board: ReportLeaderboard): string {
  const cell = (e: { value: number; low: number; high: number; notes?: string[] } | null | undefined) =>
    e ? `${pct(e.value)} (${pct(e.low)}–${pct(e.high)})${e.notes?.length ? ` · ${e.notes.join('; ')}` : ''}` : '—';
  const byKey = new Map(board.rows.map((row) => [row.key, row]));
  const rankedBy = board.rankedBy === null ? null : columnLabel(board, board.rankedBy);
  return [
    '<section><h2>Leaderboard</h2>',
    `<p>Each row is one model scored one way (scoring mode, precision, shots). ${rankedBy === null ? 'No row has a number to rank by.' : `Ranked by ${esc(rankedBy)}.`} ${esc(RANK_RULE)}</p>`,
    table(
      'Accuracy with 95% interval by model and task',
      [
        rankedBy === null ? 'Rank' : `Rank (by ${rankedBy})`,
        'Model',
        'Protocol',
        ...board.columns.map((c) => c.label),
        'Leaderboard average',
      ],
      board.ranks.map(({ key, rank }) => {
        const row = byKey.get(key)!;
        return [rank ?? '—', row.model, row.protocol, ...board.columns.map((c) => cell(row.cells[c.id])), cell(row.average)];
      }),
    ),
    ...board.columns.map((c) => {
      const points = board.rows.flatMap((row) => (row.cells[c.id] ? [{ label: row.label, ...row.cells[c.id]! }] : []));
      return forestSvg(`${c.label}: accuracy (95% CI)`, points, pct);
    }),
    table(
      'Provenance',
      ['Model', 'Run', 'File', 'Suite', 'Suite sha256', 'Template', 'Protocol', 'Items', 'Engine', 'Weights', 'Shown', 'Check'],
      board.rows.flatMap((row) =>
        row.external
          ? [[row.label, '—', row.note, '—', '—', '—', row.protocol, '—', 'lm-evaluation-harness', '—', '—', 'external reference']]
          : row.provenance.map((p) => [
              row.model,
              p.runId,
              p.fileName,
              p.suite,
              p.suiteSha256,
              p.templateHash,
              p.protocol,
              p.selection,
              p.engine,
              p.model,
              p.shown,
              p.problems.join('; ') || 'consistent',
            ]),
      ),
    ),
    '</section>',
  ].join('');
}

function suitesSection(suites: readonly SuiteTerms[]): string {
  return [
    '<section><h2>Suites and their terms</h2>',
    table(
      'Licence and use restriction of each suite in this report',
      ['Suite', 'Version', 'Licence', 'Use restriction'],
      suites.map((t) => [t.name, t.version, t.licence, t.useRestriction ?? 'none stated']),
    ),
    '</section>',
  ].join('');
}

export function reportToJson(data: ReportData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

export function reportToHtml(data: ReportData): string {
  const sections = [
    data.paired && pairedSection(data.paired),
    data.ratings && ratingsSection(data.ratings),
    data.leaderboard && leaderboardSection(data.leaderboard),
    data.openPaired && openPairedSection(data.openPaired),
    data.openLeaderboard?.length && openLeaderboardSection(data.openLeaderboard),
    data.suites.length > 0 && suitesSection(data.suites),
  ]
    .filter(Boolean)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Bedside comparison report</title>
<style>body{font-family:sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;color:#111}table{border-collapse:collapse;margin:1rem 0}caption{text-align:left;font-weight:bold}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}svg{display:block;margin:1rem 0}</style>
</head><body>
<h1>Bedside comparison report</h1>
<p>Generated ${esc(data.generatedAt)} by Bedside ${esc(data.appVersion)}. For education and evaluation only — not for clinical decisions.</p>
${sections || '<p>Nothing to report yet.</p>'}
</body></html>
`;
}
