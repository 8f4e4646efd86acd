/**
 * `npm run parity -- --a A.json --b B.json [--tolerance 1e-4]`: compares two run exports item by item
 * (typically the browser engine against `npm run bench -- --engine native`, lm-eval's own request path
 * on native llama.cpp, on the same GGUF). Prints how the two runs' protocols and precisions differ,
 * prediction agreement, the largest log-prob difference and the items that differ; exits 1 when a
 * prediction differs or a log-prob is further apart than the tolerance, 2 on bad arguments. The default
 * tolerance is near what exact precision measures (scripts/scoreParity.test.ts).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { compareParity, type ParityReport } from '../benchmarks/metrics/itemParity';
import type { RunExport } from '../benchmarks/runs/runExport';
import { protocolDifferences } from '../benchmarks/runs/protocolDifferences';
import { readRunExport } from './cliInput';

export function formatParity(a: RunExport, b: RunExport, report: ParityReport, tolerance: number): string {
  const label = (r: RunExport) => `${r.run.model.id} on ${r.run.model.backend} (${r.run.model.engineVersion})`;
  const lines = [
    `A: ${label(a)}`,
    `B: ${label(b)}`,
    ...protocolDifferences(a.run.config.protocol, b.run.config.protocol).map((d) => `Not like for like: ${d}`),
    `Items compared: ${report.n}; predictions agree on ${report.agree} of ${report.n}`,
    `Largest log-prob difference: ${report.maxDiff === null ? '—' : report.maxDiff.toExponential(3)} nats (tolerance ${tolerance})`,
  ];
  if (report.onlyA.length || report.onlyB.length)
    lines.push(`Only in A: ${report.onlyA.length} items; only in B: ${report.onlyB.length} items`);
  for (const d of report.differing) {
    lines.push(
      `  ${d.itemId}: pred ${d.predA ?? '—'} vs ${d.predB ?? '—'}, max |Δ| ${d.maxDiff === null ? '—' : d.maxDiff.toExponential(3)}`,
    );
  }
  return lines.join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { a: { type: 'string' }, b: { type: 'string' }, tolerance: { type: 'string', default: '1e-4' } },
    }));
  } catch (e) {
    console.error(`parity: ${(e as Error).message}`);
    return 2;
  }
  const tolerance = Number(values.tolerance);
  if (!values.a || !values.b || !(tolerance >= 0)) {
    console.error('Usage: npm run parity -- --a A.json --b B.json [--tolerance 1e-4]');
    return 2;
  }
  let a: RunExport, b: RunExport;
  try {
    [a, b] = await Promise.all([readRunExport(values.a), readRunExport(values.b)]);
  } catch (e) {
    console.error(`parity: ${(e as Error).message}`);
    return 2;
  }
  const report = compareParity(a.results, b.results, tolerance);
  console.log(formatParity(a, b, report, tolerance));
  return report.differing.length === 0 && report.n > 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exit(await main(process.argv.slice(2)));
}
