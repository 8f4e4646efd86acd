/**
 * `npm run compare -- --a A.json --b B.json --out C.json [--common] [--bootstrap N] [--seed S]`: the
 * paired comparison of two run exports ("Export JSON"), by the code the Paired runs tab uses.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { nonNegativeInt, readRunExport } from './cliInput';
import { compareDocument, comparePairedRuns, DEFAULT_ROUNDS, DEFAULT_SEED } from '../benchmarks/runs/pairedRuns';

export const USAGE = `Usage: npm run compare -- --a A.json --b B.json --out C.json [--common] [--bootstrap N] [--seed S]

  --a, --b PATH    two run exports (the Benchmarks page's "Export JSON", or npm run bench output)
  --out PATH       where to write {n, both_correct, only_a, only_b, both_wrong, acc_a, acc_b, diff,
                   diff_ci_low, diff_ci_high, mcnemar_p}; diff = acc_a − acc_b
  --common         runs of different items or suite versions: compare the items they have in common
  --bootstrap N    paired bootstrap rounds (default ${DEFAULT_ROUNDS})
  --seed S         bootstrap seed (default ${DEFAULT_SEED})`;

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        a: { type: 'string' },
        b: { type: 'string' },
        out: { type: 'string' },
        common: { type: 'boolean' },
        bootstrap: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (e) {
    console.error(`compare: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    if (!values.a || !values.b || !values.out) throw new Error('--a, --b and --out are required.');
    const rounds = nonNegativeInt('bootstrap', values.bootstrap, DEFAULT_ROUNDS);
    const seed = nonNegativeInt('seed', values.seed, DEFAULT_SEED);
    const outcome = comparePairedRuns(await readRunExport(values.a), await readRunExport(values.b), {
      commonOnly: values.common,
      rounds,
      seed,
    });
    if (!outcome.ok) {
      console.error(`compare: ${outcome.error}${outcome.canCompareCommon ? ' Pass --common to do so.' : ''}`);
      return 1;
    }
    for (const difference of outcome.comparison.protocolDifferences) console.error(`compare: note: ${difference}`);
    const doc = compareDocument(outcome.comparison);
    const out = resolve(values.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(doc, null, 2)}\n`);
    console.log(JSON.stringify(doc));
    return 0;
  } catch (e) {
    console.error(`compare: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exit(await main(process.argv.slice(2)));
}
