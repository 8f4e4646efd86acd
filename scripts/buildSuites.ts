/**
 * Builds the shipped benchmark suites from the raw datasets (see each dataset's SOURCE.md) into
 * normalized JSONL plus index.json. Output is byte-for-byte reproducible: fixed item order, fixed
 * key order, no timestamps. Usage: `npm run build:suites [-- --raw <dir>] [-- --out <dir>]`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseCsv } from '../benchmarks/suites/csv';
import { formatSuiteError, parseSuite } from '../benchmarks/suites/parseSuite';
import type { SourceFile, Suite, SuiteIndex, SuiteIndexEntry, SuiteItem } from '../core/suite';
import { serializeSuite } from '../benchmarks/suites/serializeSuite';
import { sha256Hex } from '../benchmarks/sha256';
import { medmcqaDev, medqaUsmle4, medqaUsmle5, mmluMedical, pubmedqa } from '../benchmarks/suites/specs';
import { isMultiAnswer } from '../benchmarks/suites/answers';
import { fail, jsonLines, LETTERS, nonEmpty, type Dataset, type Recipe } from './suites/recipe';
import { cmexamRecipe } from './suites/cmexam';
import { medqaMainland4Recipe, medqaMainland5Recipe } from './suites/medqaMainland';
import { cmmluRecipe } from './suites/cmmlu';
import { headqaEnRecipe, headqaEsRecipe } from './suites/headqa';
import { frenchmedmcqaRecipe } from './suites/frenchmedmcqa';
import { buildOpenSuites } from './suites/openSuites';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultRawDir = resolve(repoRoot, '../shared/datasets/raw');
export const defaultOutDir = resolve(repoRoot, 'public/suites');

const medqa: Dataset = { dir: 'medqa', licenceFile: 'LICENSE', licence: 'MIT (Copyright (c) 2022 Di Jin)' };
const medmcqa: Dataset = { dir: 'medmcqa', licenceFile: 'LICENSE.md', licence: 'MIT (Copyright (c) 2022 MedMCQA)' };
const pubmed: Dataset = { dir: 'pubmedqa', licenceFile: 'LICENSE', licence: 'MIT (Copyright (c) 2019 pubmedqa)' };
const mmlu: Dataset = { dir: 'mmlu_medical', licenceFile: 'LICENSE', licence: 'MIT (Copyright (c) 2020 Dan Hendrycks)' };

function medqaItems(suiteId: string, letters: readonly string[], file: string) {
  return ([text]: string[]): SuiteItem[] =>
    jsonLines(text ?? '', file).map(({ line, row }, index) => {
      const where = `${file}:${line}`;
      const raw = (row.options ?? {}) as Record<string, unknown>;
      if (Object.keys(raw).join() !== letters.join()) fail(where, `expected options ${letters.join()}`);
      const options = Object.fromEntries(letters.map((l) => [l, nonEmpty(raw[l], `${where} option ${l}`)]));
      const answer = String(row.answer_idx);
      // answer_idx and the answer text are stored separately upstream: a mismatch would mean a corrupt row.
      if (options[answer] !== nonEmpty(row.answer, where)) fail(where, `answer_idx ${answer} does not match the answer text`);
      return {
        id: `${suiteId}/${String(index + 1).padStart(4, '0')}`,
        question: nonEmpty(row.question, where),
        options,
        answer,
        subject: nonEmpty(row.meta_info, where),
      };
    });
}

/**
 * `cop` is 1-based in this original-format file (1 = opa … 4 = opd), unlike the 0-based Hugging Face
 * copy lm-eval reads. Evidence, checked by hand in dev.json:
 * - line 147 "Amyloid protein in Hemodialysis associated with amyloidosis is-": cop 3, opc
 *   "b- 2 microglobulin" (the textbook answer), exp "Answer-C. b- 2 microglobulin…";
 * - line 766 "Which of the following has intracellular receptor -": cop 4, opd "Thyroxine",
 *   exp "Answer- D. Thyroxine…"; line 1701 unpaired facial bone: cop 4, opd "Vomer";
 * - line 1 "Which of the following is not true for myelinated nerve fibers": cop 1, opa "Impulse
 *   through myelinated fibers is slower…" (the false statement);
 * - every one of the 1069 explanations that open with an answer letter ("Ans. b", "Answer- D", …)
 *   names letter cop (1-based); none names cop+1; cop takes the values 1–4 and never 0.
 */
function medmcqaItems([text]: string[]): SuiteItem[] {
  return jsonLines(text ?? '', 'medmcqa/dev.json').map(({ line, row }) => {
    const where = `medmcqa/dev.json:${line}`;
    const cop = row.cop;
    const letter = typeof cop === 'number' ? LETTERS[cop - 1] : undefined;
    if (letter === undefined || letter === 'E') fail(where, `expected cop in 1..4, got ${JSON.stringify(cop)}`);
    return {
      id: `${medmcqaDev.id}/${nonEmpty(row.id, where)}`,
      question: nonEmpty(row.question, where),
      options: {
        A: nonEmpty(row.opa, `${where} opa`),
        B: nonEmpty(row.opb, `${where} opb`),
        C: nonEmpty(row.opc, `${where} opc`),
        D: nonEmpty(row.opd, `${where} opd`),
      },
      answer: letter,
      subject: nonEmpty(row.subject_name, where),
    };
  });
}

const PUBMEDQA_CHOICES = { yes: 'A', no: 'B', maybe: 'C' } as const;

/**
 * Questions and abstracts from test_set.json, labels from the official test_ground_truth.json.
 * Items are in ascending PMID order: JSON.parse reorders integer-like keys anyway, and numeric order
 * is a definition anyone can reproduce.
 */
function pubmedqaItems([setText, truthText]: string[]): SuiteItem[] {
  const set = JSON.parse(setText ?? '') as Record<string, { QUESTION: unknown; CONTEXTS: unknown; final_decision: unknown }>;
  const truth = JSON.parse(truthText ?? '') as Record<string, unknown>;
  const pmids = Object.keys(truth).sort((a, b) => Number(a) - Number(b));
  if (Object.keys(set).sort().join() !== [...pmids].sort().join())
    fail('pubmedqa', 'test_set.json and test_ground_truth.json list different PMIDs');
  return pmids.map((pmid) => {
    const where = `pubmedqa/test_set.json ${pmid}`;
    const entry = set[pmid];
    const label = truth[pmid];
    if (!entry || (label !== 'yes' && label !== 'no' && label !== 'maybe')) fail(where, `unexpected label ${JSON.stringify(label)}`);
    if (entry.final_decision !== label) fail(where, 'final_decision disagrees with test_ground_truth.json');
    if (!Array.isArray(entry.CONTEXTS) || entry.CONTEXTS.length === 0) fail(where, 'expected CONTEXTS paragraphs');
    return {
      id: `${pubmedqa.id}/${pmid}`,
      question: nonEmpty(entry.QUESTION, where),
      options: { A: 'yes', B: 'no', C: 'maybe' },
      answer: PUBMEDQA_CHOICES[label],
      // lm-eval's preprocess_pubmedqa joins the abstract's paragraphs with a newline.
      context: entry.CONTEXTS.map((p, i) => nonEmpty(p, `${where} CONTEXTS[${i}]`)).join('\n'),
    };
  });
}

const mmluFiles = mmluMedical.subjects.map((s) => `mmlu_medical/test/${s.id}_test.csv`);

/** hendrycks CSVs: no header row; question, A, B, C, D, answer letter. */
function mmluItems(texts: string[]): SuiteItem[] {
  return mmluMedical.subjects.flatMap((subject, s) => {
    const file = mmluFiles[s] ?? '';
    const csv = parseCsv(texts[s] ?? '');
    if (!csv.ok) fail(`${file}:${csv.line}`, csv.message);
    return csv.records.map(({ line, fields }, index) => {
      const where = `${file}:${line}`;
      const [question, a, b, c, d, answer] = fields;
      if (fields.length !== 6) fail(where, `expected 6 fields, got ${fields.length}`);
      if (answer !== 'A' && answer !== 'B' && answer !== 'C' && answer !== 'D') fail(where, `unexpected answer ${JSON.stringify(answer)}`);
      return {
        id: `${mmluMedical.id}/${subject.id}/${String(index + 1).padStart(4, '0')}`,
        question: nonEmpty(question, where),
        options: { A: nonEmpty(a, where), B: nonEmpty(b, where), C: nonEmpty(c, where), D: nonEmpty(d, where) },
        answer,
        subject: subject.id,
      };
    });
  });
}

const MEDQA_4_FILE = 'medqa/US/4_options/phrases_no_exclude_test.jsonl';
const MEDQA_5_FILE = 'medqa/US/test.jsonl';

export const recipes: Recipe[] = [
  {
    spec: medqaUsmle4,
    dataset: medqa,
    description: `MedQA USMLE (Jin et al. 2020), US test split, 4 options: ${MEDQA_4_FILE} (from Teddy-XiongGZ/MIRAGE, the file GBaker/MedQA-USMLE-4-options and lm-eval medqa_4options are built from); subject = meta_info; see medqa/SOURCE.md`,
    files: [MEDQA_4_FILE],
    items: medqaItems(medqaUsmle4.id, LETTERS.slice(0, 4), MEDQA_4_FILE),
  },
  {
    spec: medqaUsmle5,
    dataset: medqa,
    description: `MedQA USMLE (Jin et al. 2020), US test split, 5 options: ${MEDQA_5_FILE} (from gersteinlab/medagents-benchmark data/medqa_5options/test.jsonl); subject = meta_info; see medqa/SOURCE.md`,
    files: [MEDQA_5_FILE],
    items: medqaItems(medqaUsmle5.id, LETTERS, MEDQA_5_FILE),
  },
  {
    spec: medmcqaDev,
    dataset: medmcqa,
    description:
      'MedMCQA (Pal et al. 2022), dev split: medmcqa/dev.json (original format, cop 1-based; from Teddy-XiongGZ/MIRAGE); subject = subject_name; see medmcqa/SOURCE.md',
    files: ['medmcqa/dev.json'],
    items: medmcqaItems,
  },
  {
    spec: pubmedqa,
    dataset: pubmed,
    description:
      'PubMedQA PQA-L (Jin et al. 2019), official 500-question test split: questions and abstracts from pubmedqa/test_set.json, labels from pubmedqa/test_ground_truth.json; items in ascending PMID order; context = CONTEXTS joined by newlines; see pubmedqa/SOURCE.md',
    files: ['pubmedqa/test_set.json', 'pubmedqa/test_ground_truth.json'],
    items: pubmedqaItems,
  },
  {
    spec: mmluMedical,
    dataset: mmlu,
    description: `MMLU (Hendrycks et al. 2021) test split, medical subjects in this order: ${mmluMedical.subjects.map((s) => s.id).join(', ')} (hendrycks CSVs from Teddy-XiongGZ/MIRAGE); see mmlu_medical/SOURCE.md`,
    files: mmluFiles,
    items: mmluItems,
  },
  cmexamRecipe,
  medqaMainland4Recipe,
  medqaMainland5Recipe,
  cmmluRecipe,
  headqaEsRecipe,
  headqaEnRecipe,
  frenchmedmcqaRecipe,
];

/**
 * One file: its own sha256 (the value in SOURCE.md). Several: sha256 of their `sha256sum` lines
 * ("<sha256>  <path>\n", in the listed order), so each file can still be checked on its own.
 */
async function sourceHash(files: SourceFile[]): Promise<string> {
  const [only] = files;
  if (files.length === 1 && only) return only.sha256;
  return sha256Hex(files.map((f) => `${f.sha256}  ${f.path}\n`).join(''));
}

function hashNote(files: SourceFile[]): string {
  return files.length === 1
    ? ''
    : `; sha256_of_source = sha256 of the sha256sum lines ("<sha256>  <path>\\n") of ${files.map((f) => f.path).join(', ')}, in that order`;
}

export async function buildSuite(recipe: Recipe, rawDir: string): Promise<Suite> {
  const buffers = await Promise.all(recipe.files.map((f) => readFile(join(rawDir, f))));
  const sourceFiles = await Promise.all(
    recipe.files.map(async (path, i) => {
      const bytes = buffers[i] ?? Buffer.alloc(0);
      return { path, sha256: await sha256Hex(bytes), bytes: bytes.length };
    }),
  );
  const texts = buffers.map((b) => b.toString('utf8'));
  const items = recipe.items(texts);
  const header: Suite['header'] = {
    suite: recipe.spec.id,
    version: recipe.spec.version,
    name: recipe.spec.name,
    source: recipe.description + hashNote(sourceFiles),
    licence: recipe.dataset.licence,
    sha256_of_source: await sourceHash(sourceFiles),
    count: items.length,
    language: recipe.spec.language,
    scoring: recipe.spec.defaultMode,
    source_files: sourceFiles,
  };
  if (recipe.dataset.useRestriction !== undefined) header.use_restriction = recipe.dataset.useRestriction;
  if (recipe.fewshot) header.fewshot = recipe.fewshot(texts);
  return { header, items };
}

function subjectCounts(items: SuiteItem[]): SuiteIndexEntry['subjects'] {
  const counts = new Map<string, number>();
  for (const item of items) if (item.subject !== undefined) counts.set(item.subject, (counts.get(item.subject) ?? 0) + 1);
  return [...counts.keys()].sort().map((subject) => ({ subject, count: counts.get(subject) ?? 0 }));
}

export async function buildSuites(rawDir: string, outDir: string): Promise<SuiteIndex> {
  await mkdir(outDir, { recursive: true });
  const suites: SuiteIndexEntry[] = [];
  for (const recipe of recipes) {
    const suite = await buildSuite(recipe, rawDir);
    const text = serializeSuite(suite);
    const fileSha = await sha256Hex(text);
    // Ship only what the app's own validator accepts.
    const check = parseSuite(text, { sha256: fileSha, format: 'jsonl' });
    if (!check.ok) throw new Error(`${recipe.spec.id} fails validation:\n${check.errors.map(formatSuiteError).join('\n')}`);
    await writeFile(join(outDir, basename(recipe.spec.file)), text);
    const { dir, licenceFile } = recipe.dataset;
    suites.push({
      id: recipe.spec.id,
      version: recipe.spec.version,
      name: recipe.spec.name,
      count: suite.header.count,
      file: recipe.spec.file,
      sha256: fileSha,
      bytes: Buffer.byteLength(text),
      source: suite.header.source,
      licence: suite.header.licence,
      language: recipe.spec.language,
      ...(suite.header.use_restriction === undefined ? {} : { use_restriction: suite.header.use_restriction }),
      sha256_of_source: suite.header.sha256_of_source,
      sourceNotes: `suites/${dir}/SOURCE.md`,
      licenceFile: `suites/${dir}/${licenceFile}`,
      subjects: subjectCounts(suite.items),
      multiAnswer: suite.items.filter(isMultiAnswer).length,
      imageItems: suite.items.filter((i) => i.image !== undefined).length,
    });
  }
  for (const { dir, licenceFile, extraFiles } of new Map(recipes.map((r) => [r.dataset.dir, r.dataset])).values()) {
    for (const name of ['SOURCE.md', licenceFile, ...(extraFiles ?? [])]) {
      await mkdir(dirname(join(outDir, dir, name)), { recursive: true });
      // read + write rather than copyFile: the raw files are read-only and their mode must not follow.
      await writeFile(join(outDir, dir, name), await readFile(join(rawDir, dir, name)));
    }
  }
  const index: SuiteIndex = { suites, openSuites: await buildOpenSuites(rawDir, outDir) };
  await writeFile(join(outDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { raw: { type: 'string' }, out: { type: 'string' } } });
  const rawDir = resolve(values.raw ?? defaultRawDir);
  const outDir = resolve(values.out ?? defaultOutDir);
  const index = await buildSuites(rawDir, outDir);
  for (const s of [...index.suites, ...(index.openSuites ?? [])])
    console.log(`${s.id}: ${s.count} items, ${s.bytes} bytes, sha256 ${s.sha256}`);
  console.log(`wrote ${outDir}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
