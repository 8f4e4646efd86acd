import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteHeader, SuiteIndex, SuiteItem } from '../core/suite';
import { buildSuites, defaultOutDir, defaultRawDir } from './buildSuites';

const run = promisify(execFile);

interface Built {
  header: SuiteHeader;
  items: Map<string, SuiteItem>;
  order: string[];
}

// The raw datasets live outside the repo; without them the shipped files are checked by shipped.test.ts.
describe.skipIf(!existsSync(defaultRawDir))('buildSuites from ../shared/datasets/raw', () => {
  let first: string;
  let second: string;
  let index: SuiteIndex;
  const suites = new Map<string, Built>();

  beforeAll(async () => {
    first = await mkdtemp(join(tmpdir(), 'bedside-suites-'));
    second = await mkdtemp(join(tmpdir(), 'bedside-suites-'));
    index = await buildSuites(defaultRawDir, first);
    // The second build goes through the CLI, so the flags are covered too.
    await run('npx', ['tsx', 'scripts/buildSuites.ts', '--raw', defaultRawDir, '--out', second]);
    for (const entry of index.suites) {
      const lines = (await readFile(join(first, `${entry.id}.jsonl`), 'utf8')).trimEnd().split('\n');
      const [head, ...rest] = lines.map((l) => JSON.parse(l) as unknown);
      const items = rest as SuiteItem[];
      suites.set(entry.id, { header: head as SuiteHeader, items: new Map(items.map((i) => [i.id, i])), order: items.map((i) => i.id) });
    }
  }, 60_000);

  afterAll(async () => {
    await rm(first, { recursive: true, force: true });
    await rm(second, { recursive: true, force: true });
  });

  function suite(id: string): Built {
    const s = suites.get(id);
    if (!s) throw new Error(`suite ${id} was not built`);
    return s;
  }

  function itemOf(suiteId: string, id: string): SuiteItem {
    const item = suite(suiteId).items.get(id);
    if (!item) throw new Error(`${id} missing from ${suiteId}`);
    return item;
  }

  const files = async (dir: string): Promise<string[]> =>
    (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name).slice(dir.length))
      .sort();

  it('writes the same bytes on every run', async () => {
    const names = await files(first);
    expect(names).toEqual(await files(second));
    expect(names).toContain('/index.json');
    expect(names).toContain('/medmcqa/LICENSE.md');
    expect(names).toContain('/pubmedqa/SOURCE.md');
    // A copy's own licence and the publisher's reuse terms travel with the dataset's licence.
    for (const name of [
      '/cmexam/LICENSE.aistairc',
      '/medqa_mainland/LICENSE.aistairc',
      '/headqa/es/README.txt',
      '/cmmlu_medical/LICENSE',
    ]) {
      expect(names).toContain(name);
    }
    for (const name of names) {
      expect((await readFile(join(second, name))).equals(await readFile(join(first, name))), name).toBe(true);
    }
  });

  it('matches the committed public/suites, so a stale build is caught', async () => {
    for (const name of await files(first)) {
      expect((await readFile(join(defaultOutDir, name))).equals(await readFile(join(first, name))), name).toBe(true);
    }
  });

  it('has the exact item counts', () => {
    const counts = Object.fromEntries(index.suites.map((s) => [s.id, s.count]));
    expect(counts).toEqual({
      'medqa-usmle-4': 1273,
      'medqa-usmle-5': 1273,
      'medmcqa-dev': 4183,
      pubmedqa: 500,
      'mmlu-medical': 1089,
      cmexam: 6810,
      'medqa-mainland-4': 3426,
      'medqa-mainland-5': 3426,
      'cmmlu-medical': 1815,
      'headqa-es': 2742,
      'headqa-en': 2742,
      frenchmedmcqa: 622,
    });
    for (const s of index.suites) {
      expect(suite(s.id).header.count).toBe(s.count);
      expect(suite(s.id).order).toHaveLength(s.count);
    }
  });

  it('records each suite’s language, and a use restriction only where its publishers state one', () => {
    expect(Object.fromEntries(index.suites.map((s) => [s.id, [suite(s.id).header.language, s.language]]))).toEqual({
      'medqa-usmle-4': ['en', 'en'],
      'medqa-usmle-5': ['en', 'en'],
      'medmcqa-dev': ['en', 'en'],
      pubmedqa: ['en', 'en'],
      'mmlu-medical': ['en', 'en'],
      cmexam: ['zh', 'zh'],
      'medqa-mainland-4': ['zh', 'zh'],
      'medqa-mainland-5': ['zh', 'zh'],
      'cmmlu-medical': ['zh', 'zh'],
      'headqa-es': ['es', 'es'],
      'headqa-en': ['en', 'en'],
      frenchmedmcqa: ['fr', 'fr'],
    });
    const restricted = index.suites.filter((s) => s.use_restriction !== undefined).map((s) => s.id);
    expect(restricted).toEqual(['cmexam', 'cmmlu-medical', 'headqa-es', 'headqa-en']);
    for (const id of restricted) expect(suite(id).header.use_restriction).toBe(index.suites.find((s) => s.id === id)?.use_restriction);
  });

  it('has the PubMedQA test label split 276 yes / 169 no / 55 maybe', () => {
    const answers = [...suite('pubmedqa').items.values()].map((i) => i.options[i.answer]);
    expect(answers.filter((a) => a === 'yes')).toHaveLength(276);
    expect(answers.filter((a) => a === 'no')).toHaveLength(169);
    expect(answers.filter((a) => a === 'maybe')).toHaveLength(55);
  });

  it('has the MMLU subject counts from SOURCE.md, in lm-eval subject ids', () => {
    const mmlu = index.suites.find((s) => s.id === 'mmlu-medical');
    expect(mmlu?.subjects).toEqual([
      { subject: 'anatomy', count: 135 },
      { subject: 'clinical_knowledge', count: 265 },
      { subject: 'college_biology', count: 144 },
      { subject: 'college_medicine', count: 173 },
      { subject: 'medical_genetics', count: 100 },
      { subject: 'professional_medicine', count: 272 },
    ]);
  });

  it('records the raw file hashes listed in SOURCE.md', () => {
    expect(suite('medqa-usmle-4').header.sha256_of_source).toBe('c3b905ccfa66152dc25afbcb2c10e86c0bdb208824f0658fcdb2c040f60a2beb');
    expect(suite('medqa-usmle-5').header.sha256_of_source).toBe('cfa75cbcc53c29b023752b0a395ff49d8202121041392735ae44771a5ec734a3');
    expect(suite('medmcqa-dev').header.sha256_of_source).toBe('a2b5f53890f4e742b728378fb847bc5338088d48ea01218676379f587270af31');
    expect(suite('pubmedqa').header.source_files?.map((f) => f.sha256)).toEqual([
      'f420f49d97516329d81f62d7d454055e3a063dbd0913ebaff915993bb321cbab',
      '939fe566f09017d13b1ca64d2ddfee0bc2374b366048152997669cccedc44d51',
    ]);
  });

  // Expected values below were read by hand from the raw files, not from the build output.
  it('matches hand-checked MedQA 4-option items', () => {
    expect(itemOf('medqa-usmle-4', 'medqa-usmle-4/0001')).toMatchObject({
      options: {
        A: 'Disclose the error to the patient and put it in the operative report',
        B: 'Tell the attending that he cannot fail to disclose this mistake',
        C: 'Report the physician to the ethics committee',
        D: 'Refuse to dictate the operative report',
      },
      answer: 'B',
      subject: 'step1',
    });
    expect(itemOf('medqa-usmle-4', 'medqa-usmle-4/0001').question).toMatch(
      /^A junior orthopaedic surgery resident is completing a carpal tunnel repair/,
    );
    const second = itemOf('medqa-usmle-4', 'medqa-usmle-4/0002');
    expect(second.question).toMatch(/^A 67-year-old man with transitional cell carcinoma of the bladder/);
    expect(second.options).toEqual({
      A: 'Inhibition of proteasome',
      B: 'Hyperstabilization of microtubules',
      C: 'Generation of free radicals',
      D: 'Cross-linking of DNA',
    });
    expect(second.answer).toBe('D');
    const last = itemOf('medqa-usmle-4', 'medqa-usmle-4/1273');
    expect(last.question).toMatch(/^A 79-year-old man presents to the office due to shortness of breath/);
    expect(last.options).toEqual({
      A: 'Asthma',
      B: 'Lymphangioleiomyomatosis',
      C: 'Chronic obstructive pulmonary disease (COPD)',
      D: 'Heart failure',
    });
    expect(last.answer).toBe('C');
  });

  it('matches hand-checked MedQA 5-option items', () => {
    const first5 = itemOf('medqa-usmle-5', 'medqa-usmle-5/0001');
    expect(first5.options).toEqual({
      A: 'Disclose the error to the patient but leave it out of the operative report',
      B: 'Disclose the error to the patient and put it in the operative report',
      C: 'Tell the attending that he cannot fail to disclose this mistake',
      D: 'Report the physician to the ethics committee',
      E: 'Refuse to dictate the operative report',
    });
    expect(first5.answer).toBe('C');
    const second5 = itemOf('medqa-usmle-5', 'medqa-usmle-5/0002');
    expect(second5.options.A).toBe('Inhibition of thymidine synthesis');
    expect(second5.options.E).toBe('Cross-linking of DNA');
    expect(second5.answer).toBe('E');
    const last5 = itemOf('medqa-usmle-5', 'medqa-usmle-5/1273');
    expect(last5.options.D).toBe('Bronchiectasis');
    expect(last5.answer).toBe('C');
    // Raw line 244 starts with a space: text is kept verbatim, as lm-eval reads it.
    const q244 = itemOf('medqa-usmle-5', 'medqa-usmle-5/0244');
    expect(q244.question).toMatch(/^ A 61-year-old man was started on rosuvastatin 40/);
    expect(q244.question).toMatch(/regarding his LDL control\?$/);
    expect(q244.answer).toBe('A');
    expect(q244.options.A).toBe('Restart rosuvastatin at a lower dose');
  });

  it('matches hand-checked MedMCQA items, with cop read as 1-based', () => {
    const nerve = itemOf('medmcqa-dev', 'medmcqa-dev/45258d3d-b974-44dd-a161-c3fccbdadd88');
    expect(nerve.question).toMatch(/^Which of the following is not true for myelinated nerve fibers/);
    expect(nerve.options.A).toBe('Impulse through myelinated fibers is slower than non-myelinated fibers');
    expect(nerve.answer).toBe('A');
    expect(nerve.subject).toBe('Physiology');
    const amyloid = itemOf('medmcqa-dev', 'medmcqa-dev/b9546516-2a4a-4179-a956-60d0387bf11f');
    expect(amyloid.question).toMatch(/^Amyloid protein in Hemodialysis associated with amyloidosis/);
    expect(amyloid.options).toEqual({ A: 'AA', B: 'A b', C: 'b- 2 microglobulin', D: 'Transthyretin' });
    expect(amyloid.answer).toBe('C');
    const receptor = itemOf('medmcqa-dev', 'medmcqa-dev/789aa0f7-2666-4950-be7e-42b03b1b1a44');
    expect(receptor.options).toEqual({ A: 'Glucagon', B: 'Insulin', C: 'Epinephrine', D: 'Thyroxine' });
    expect(receptor.answer).toBe('D');
    const last = itemOf('medmcqa-dev', 'medmcqa-dev/0c49a620-48a0-4240-9754-acf9310cd53c');
    expect(last.question).toMatch(/^Most common type of Non-Hodgkin's lymphoma in the orbit/);
    expect(last.options.A).toBe('B-cell');
    expect(last.answer).toBe('A');
    expect(suite('medmcqa-dev').order.at(-1)).toBe(last.id);
  });

  it('matches hand-checked PubMedQA items, in ascending PMID order with joined abstracts', () => {
    const order = suite('pubmedqa').order;
    expect(order.slice(0, 3)).toEqual(['pubmedqa/7482275', 'pubmedqa/7497757', 'pubmedqa/7547656']);
    expect(order.at(-1)).toBe('pubmedqa/29112560');
    const hbo = itemOf('pubmedqa', 'pubmedqa/7482275');
    expect(hbo.question).toBe('Necrotizing fasciitis: an indication for hyperbaric oxygenation therapy?');
    expect(hbo.options).toEqual({ A: 'yes', B: 'no', C: 'maybe' });
    expect(hbo.answer).toBe('B');
    expect(hbo.context?.split('\n')).toHaveLength(3);
    expect(hbo.context).toMatch(/^The accepted treatment protocol for necrotizing fasciitis \(NF\)/);
    expect(hbo.context).toMatch(/\nA retrospective evaluation of treatment /);
    const distance = itemOf('pubmedqa', 'pubmedqa/29112560');
    expect(distance.question).toBe('Is the Distance Worth It?');
    expect(distance.answer).toBe('A');
    expect(distance.context?.split('\n')).toHaveLength(8);
    const appendix = itemOf('pubmedqa', 'pubmedqa/10223070');
    expect(appendix.question).toMatch(/^Is perforation of the appendix a risk factor for tubal infertility/);
    expect(appendix.answer).toBe('C');
    expect(appendix.context?.split('\n')).toHaveLength(5);
  });

  it('matches hand-checked MMLU items across subjects', () => {
    const order = suite('mmlu-medical').order;
    expect(order[0]).toBe('mmlu-medical/anatomy/0001');
    expect(order.at(-1)).toBe('mmlu-medical/professional_medicine/0272');
    const facial = itemOf('mmlu-medical', 'mmlu-medical/anatomy/0001');
    expect(facial.question).toBe('A lesion causing compression of the facial nerve at the stylomastoid foramen will cause ipsilateral');
    expect(facial.options.A).toBe('paralysis of the facial muscles.');
    expect(facial.options.C).toBe('paralysis of the facial muscles, loss of taste and lacrimation.');
    expect(facial.answer).toBe('A');
    expect(facial.subject).toBe('anatomy');
    expect(itemOf('mmlu-medical', 'mmlu-medical/college_medicine/0002')).toEqual({
      id: 'mmlu-medical/college_medicine/0002',
      question: 'Who set the world record for the mile race in 1886?',
      options: { A: 'R Bannister', B: 'S Coe', C: 'J DiMaggio', D: 'WG George' },
      answer: 'D',
      subject: 'college_medicine',
    });
    const fgfr3 = itemOf('mmlu-medical', 'mmlu-medical/medical_genetics/0100');
    expect(fgfr3.options).toEqual({ A: 'Achondroplasia', B: 'Crouzon syndrome', C: 'Thanatophoric dysplasia', D: 'Waardenburg syndrome' });
    expect(fgfr3.answer).toBe('D');
    // professional_medicine uses CRLF row ends; its last row has none.
    const chestPain = itemOf('mmlu-medical', 'mmlu-medical/professional_medicine/0272');
    expect(chestPain.question).toMatch(/^A 52-year-old man is brought to the emergency department 30 minutes after/);
    expect(chestPain.options.B).toBe('Increases nitric oxide concentration');
    expect(chestPain.options.D).toBe('Inhibits sodium flux');
    expect(chestPain.answer).toBe('B');
    const meritocracy = itemOf('mmlu-medical', 'mmlu-medical/college_medicine/0142');
    expect(meritocracy.options.B).toBe('a meritocracy. ');
    expect(meritocracy.answer).toBe('C');
  });
});
