/**
 * Builds the shipped open-ended suites (CMB-Clin, K-QA) from their raw files, byte for byte the same on
 * every run, with the same provenance as the multiple-choice suites: source, licence, the raw file's
 * sha256, and its SOURCE.md and licence copied beside the suite; and ships the sample suite written for
 * Bedside (examples/open-ended.jsonl) beside them. Called by scripts/buildSuites.ts.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** The sample suite written for Bedside: shipped as the example file is, with its CC0 licence and a note. */
export const SAMPLE_SUITE = {
  file: join(dirname(fileURLToPath(import.meta.url)), '../../examples/open-ended.jsonl'),
  licence: join(dirname(fileURLToPath(import.meta.url)), '../../examples/LICENSE'),
  dir: 'example_open_ended',
};

const SAMPLE_NOTES = `# Example: open-ended health questions

Ten health questions written for Bedside as a format example and a sample suite, each with a rubric in
HealthBench's form (criteria worth −10 to +10 points, negative criteria included, \`axis:\` tags) and a
reference answer. Source: \`examples/open-ended.jsonl\` in the Bedside repository, shipped unchanged.

**Not clinical guidance.** The answers and rubrics illustrate the format; they were not reviewed by
clinicians and must not be used to care for anyone.

Licence: CC0-1.0 (LICENSE beside this file).
`;

/** Ships the sample suite unchanged, once the app's own validator has read it. */
async function sampleSuite(outDir: string): Promise<OpenSuiteIndexEntry> {
  const text = await readFile(SAMPLE_SUITE.file, 'utf8');
  const sha256 = await sha256Hex(text);
  const parsed = parseOpenSuite(text, 'jsonl', { sha256 });
  if (!parsed.ok) throw new Error(`${SAMPLE_SUITE.file} fails validation:\n${parsed.errors.map(formatSuiteError).join('\n')}`);
  const { header } = parsed.suite;
  await writeFile(join(outDir, `${header.suite}.jsonl`), text);
  await mkdir(join(outDir, SAMPLE_SUITE.dir), { recursive: true });
  await writeFile(join(outDir, SAMPLE_SUITE.dir, 'SOURCE.md'), SAMPLE_NOTES);
  await writeFile(join(outDir, SAMPLE_SUITE.dir, 'LICENSE'), await readFile(SAMPLE_SUITE.licence));
  return {
    id: header.suite,
    version: header.version,
    name: header.name,
    count: header.count,
    file: `suites/${header.suite}.jsonl`,
    sha256,
    bytes: Buffer.byteLength(text),
    source: header.source,
    licence: header.licence,
    sha256_of_source: header.sha256_of_source,
    language: header.language ?? 'en',
    metrics: header.metrics,
    sourceNotes: `suites/${SAMPLE_SUITE.dir}/SOURCE.md`,
    licenceFile: `suites/${SAMPLE_SUITE.dir}/LICENSE`,
  };
}

/** Writes each open-ended suite and its dataset's notes into `outDir`; returns their index entries. */
export async function buildOpenSuites(rawDir: string, outDir: string): Promise<OpenSuiteIndexEntry[]> {
  const entries: OpenSuiteIndexEntry[] = [await sampleSuite(outDir)];
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
