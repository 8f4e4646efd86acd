/**
 * CMB-Clin: 74 Chinese clinical cases with 1–4 questions each and a reference answer per question.
 * One item per question. Its prompt is the first turn of CMB-Clin's own dialogue layout (CMB README:
 * `以下是一位病人的病例：{description}\n{question}`), so every question is asked of the case alone; upstream
 * asks a case's later questions after the model's earlier answers, which a single-turn item cannot.
 */
import type { OpenItem } from '../../core/openEnded';
import type { OpenRecipe } from './openSuites';
import { fail, nonEmpty } from './recipe';

export const CMB_CLIN_FILE = 'cmb_clin/CMB-Clin-qa.json';

/** The case's first turn as CMB-Clin writes it, without its speaker tag (the chat role says who speaks). */
export function cmbClinPrompt(description: string, question: string): string {
  return `以下是一位病人的病例：${description}\n${question}`;
}

function cmbClinItems([text]: string[]): OpenItem[] {
  const cases: unknown = JSON.parse(text ?? '');
  if (!Array.isArray(cases)) fail(CMB_CLIN_FILE, 'expected an array of cases');
  return cases.flatMap((c: unknown, index): OpenItem[] => {
    const where = `${CMB_CLIN_FILE} case ${index}`;
    if (typeof c !== 'object' || c === null) fail(where, 'expected a case object');
    const { id, title, description, QA_pairs: pairs } = c as Record<string, unknown>;
    // Ids are "0".."73" in file order; items are numbered by them.
    if (id !== String(index)) fail(where, `expected id "${index}", got ${JSON.stringify(id)}`);
    if (!Array.isArray(pairs) || pairs.length === 0) fail(where, 'expected QA_pairs');
    const caseText = nonEmpty(description, `${where} description`);
    const caseTitle = nonEmpty(title, `${where} title`);
    return pairs.map((pair: unknown, q) => {
      const { question, answer } = (pair ?? {}) as Record<string, unknown>;
      return {
        id: `cmb-clin/${index}/${q + 1}`,
        prompt: cmbClinPrompt(caseText, nonEmpty(question, `${where} QA_pairs[${q}].question`)),
        references: [nonEmpty(answer, `${where} QA_pairs[${q}].answer`)],
        tags: [`case:${index}`, `title:${caseTitle}`],
      };
    });
  });
}

export const cmbClinRecipe: OpenRecipe = {
  id: 'cmb-clin',
  version: 1,
  name: 'CMB-Clin (clinical case analysis, Chinese)',
  language: 'zh',
  // ROUGE and BLEU as defined here tokenize by ASCII letters and spaces and see nothing in Chinese text;
  // answers are rated 1–5 against the reference, as CMB-Clin's own judge rates them.
  metrics: ['rating'],
  dataset: { dir: 'cmb_clin', licenceFile: 'LICENSE', licence: 'Apache-2.0 (FreedomIntelligence/CMB)' },
  description: `CMB-Clin (Wang et al., NAACL 2024, "CMB: A Comprehensive Medical Benchmark in Chinese"), the early release ${CMB_CLIN_FILE}: 74 cases, 208 questions, one item per question in file order (id cmb-clin/<case>/<question>); prompt = "以下是一位病人的病例：" + description + newline + question (CMB-Clin's first turn; a case's other questions and answers are not shown); reference = the question's answer verbatim; tags case:<id> and title:<title>; see cmb_clin/SOURCE.md`,
  file: CMB_CLIN_FILE,
  items: cmbClinItems,
};
