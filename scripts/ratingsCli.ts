/**
 * `npm run ratings -- --battles FILE [--bootstrap N] [--seed S] --out R.json`: Bradley–Terry ratings
 * with bootstrap 95% intervals from a FastChat battle file (JSON or JSONL), by the code the Arena uses.
 * It says what the import did (read, imported, skipped as duplicates, refused, and why) and whether the
 * ratings needed a prior, as the Arena does.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { describeBattleImport, parseBattles } from '../benchmarks/metrics/battles';
import { bootstrapRatings, ratingsDocument, ratingsNotes } from '../benchmarks/metrics/ratings';
import { createRng } from '../benchmarks/random';
import { nonNegativeInt } from './cliInput';

export const USAGE = `Usage: npm run ratings -- --battles FILE [--bootstrap N] [--seed S] --out R.json

  --battles FILE   FastChat battles: JSON array or JSONL of {model_a, model_b, winner[, id, tstamp]};
                   every battle counts, except one whose explicit id repeats an earlier one
  --bootstrap N    bootstrap rounds for the 95% intervals (default 1000)
  --seed S         bootstrap seed (default 0)
  --out PATH       where to write {"models": [{model, rating, ci_low, ci_high, no_interval, battles, rank}],
                   "notes": [...], "prior_used": bool}`;

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        battles: { type: 'string' },
        bootstrap: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (!values.battles || !values.out) throw new Error('--battles and --out are required.');
    const rounds = nonNegativeInt('bootstrap', values.bootstrap, 1000);
    const seed = nonNegativeInt('seed', values.seed, 0);
    const path = resolve(values.battles);
    const parsed = parseBattles(await readFile(path, 'utf8'), basename(path));
    if (!parsed.ok) {
      console.error(`ratings: ${parsed.error}`);
      return 1;
    }
    for (const line of describeBattleImport(parsed.result)) console.log(line);
    const result = bootstrapRatings(parsed.result.battles, createRng(seed), { rounds, seed });
    const out = resolve(values.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(ratingsDocument(result), null, 2)}\n`);
    for (const r of result.rows) {
      const interval =
        r.ci_low === null || r.ci_high === null ? `no interval: ${r.noInterval}` : `[${r.ci_low.toFixed(1)}, ${r.ci_high.toFixed(1)}]`;
      console.log(`${r.rank ?? '—'}\t${r.model}\t${r.rating.toFixed(1)}\t${interval}\t${r.battles} battles`);
    }
    for (const note of ratingsNotes(result)) console.log(note);
    console.log(`Wrote ${out} (${parsed.result.battles.length} battles, ${rounds} bootstrap rounds, seed ${seed})`);
    return 0;
  } catch (e) {
    console.error(`ratings: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exit(await main(process.argv.slice(2)));
}
