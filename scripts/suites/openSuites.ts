/**
 * Builds the shipped open-ended suites (CMB-Clin, K-QA) from their raw files, byte for byte the same on
 * every run, with the same provenance as the multiple-choice suites: source, licence, the raw file's
 * sha256, and its SOURCE.md and licence copied beside the suite. Called by scripts/buildSuites.ts.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OpenItem, OpenMetric, OpenSuite, OpenSuiteIndexEntry } from '../../core/openEnded';
import { sha256Hex } from '../../benchmarks/sha256';
import { parseOpenSuite } from '../../benchmarks/suites/parseOpenSuite';
import { formatSuiteError } from '../../benchmarks/suites/parseSuite';
import { serializeOpenSuite } from '../../benchmarks/suites/serializeOpenSuite';
import { cmbClinRecipe } from './cmbClin';
import { kqaRecipe } from './kqa';
import type { Dataset } from './recipe';

export interface OpenRecipe {
  id: string;
  version: number;
  name: string;
  language: string;
  metrics: OpenMetric[];
  dataset: Dataset;
  description: string;
  /** The one raw file, relative to the raw dir; its sha256 is the suite's sha256_of_source. */
  file: string;
  items: (texts: string[]) => OpenItem[];
}

export const openRecipes: readonly OpenRecipe[] = [cmbClinRecipe, kqaRecipe];

export async function buildOpenSuite(recipe: OpenRecipe, rawDir: string): Promise<OpenSuite> {
  const bytes = await readFile(join(rawDir, recipe.file));
  const sha256 = await sha256Hex(bytes);
  const items = recipe.items([bytes.toString('utf8')]);
  const header: OpenSuite['header'] = {
    kind: 'open-ended',
    suite: recipe.id,
    version: recipe.version,
    name: recipe.name,
    source: recipe.description,
    licence: recipe.dataset.licence,
    sha256_of_source: sha256,
    count: items.length,
    metrics: recipe.metrics,
    language: recipe.language,
    source_files: [{ path: recipe.file, sha256, bytes: bytes.length }],
  };
  if (recipe.dataset.useRestriction !== undefined) header.use_restriction = recipe.dataset.useRestriction;
  return { header, items };
}

/** Writes each open-ended suite and its dataset's notes into `outDir`; returns their index entries. */
export async function buildOpenSuites(rawDir: string, outDir: string): Promise<OpenSuiteIndexEntry[]> {
  const entries: OpenSuiteIndexEntry[] = [];
  for (const recipe of openRecipes) {
    const suite = await buildOpenSuite(recipe, rawDir);
    const text = serializeOpenSuite(suite);
    const fileSha = await sha256Hex(text);
    // Ship only what the app's own validator accepts, unchanged by a round trip through it.
    const check = parseOpenSuite(text, 'jsonl', { sha256: fileSha });
    if (!check.ok) throw new Error(`${recipe.id} fails validation:\n${check.errors.map(formatSuiteError).join('\n')}`);
    if (serializeOpenSuite(check.suite) !== text) throw new Error(`${recipe.id} does not read back as written`);
    const file = `suites/${recipe.id}.jsonl`;
    await writeFile(join(outDir, basename(file)), text);
    const { dir, licenceFile } = recipe.dataset;
    await mkdir(join(outDir, dir), { recursive: true });
    // read + write rather than copyFile: the raw files are read-only and their mode must not follow.
    for (const name of ['SOURCE.md', licenceFile]) await writeFile(join(outDir, dir, name), await readFile(join(rawDir, dir, name)));
    entries.push({
      id: recipe.id,
      version: recipe.version,
      name: recipe.name,
      count: suite.header.count,
      file,
      sha256: fileSha,
      bytes: Buffer.byteLength(text),
      source: suite.header.source,
      licence: suite.header.licence,
      sha256_of_source: suite.header.sha256_of_source,
      language: recipe.language,
      ...(suite.header.use_restriction === undefined ? {} : { use_restriction: suite.header.use_restriction }),
      metrics: recipe.metrics,
      sourceNotes: `suites/${dir}/SOURCE.md`,
      licenceFile: `suites/${dir}/${licenceFile}`,
    });
  }
  return entries;
}
