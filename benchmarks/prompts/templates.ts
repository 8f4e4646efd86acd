import type { ChatMessage } from '../../core/engine';
import type { SuiteItem } from '../../core/suite';
import { sha256Hex } from '../sha256';
import { pythonStrip } from './pythonWhitespace';
import type { PromptRef, PromptTemplate } from '../../core/run';
import { cmmluMedicalSubjects } from '../suites/specs';
import { TARGET_DELIMITER } from './choices';

/** lm-eval `medqa_4options` zero-shot layout; the letter is scored as the continuation `' A'`. */
export const mcqLettered: PromptTemplate = {
  id: 'mcqLettered',
  version: 2,
  text: 'Question: {question}\n{options}\nAnswer:',
};

/** lm-eval `medmcqa`: like MedQA with a `Choices:` line. */
export const medmcqaLettered: PromptTemplate = {
  id: 'medmcqaLettered',
  version: 2,
  text: 'Question: {question}\nChoices:\n{options}\nAnswer:',
};

/** lm-eval `mmlu` default template (`{{question.strip()}}`), with its per-subject description line. */
export const mmluLettered: PromptTemplate = {
  id: 'mmluLettered',
  version: 2,
  text: 'The following are multiple choice questions (with answers) about {subject}.\n\n{question_stripped}\n{options}\nAnswer:',
};

/** lm-eval `pubmedqa`; choices are the words yes/no/maybe, scored as `' yes'`… */
export const pubmedqa: PromptTemplate = {
  id: 'pubmedqa',
  version: 2,
  text: 'Abstract: {context}\nQuestion: {question}\nAnswer:',
};

/** Generative mode: one user message asking for a bare letter. */
export const chatLetter: PromptTemplate = {
  id: 'chatLetter',
  version: 1,
  text: '{question}\n\n{options}\n\nAnswer with the letter of the correct option ({letters}) and nothing else.',
};

/** Generative mode with reasoning; the fixed last line keeps answer extraction reliable. */
export const chatLetterStepByStep: PromptTemplate = {
  id: 'chatLetterStepByStep',
  version: 1,
  text:
    '{question}\n\n{options}\n\nThink step by step. Then end your response with exactly this line:\n' +
    'Answer: X\nwhere X is one of {letters}.',
};

/** Generative mode for suites with a context passage (PubMedQA). */
export const chatLetterWithContext: PromptTemplate = {
  id: 'chatLetterWithContext',
  version: 1,
  text: 'Abstract: {context}\n\nQuestion: {question}\n\n{options}\n\nAnswer with the letter of the correct option ({letters}) and nothing else.',
};

export const chatLetterWithContextStepByStep: PromptTemplate = {
  id: 'chatLetterWithContextStepByStep',
  version: 1,
  text:
    'Abstract: {context}\n\nQuestion: {question}\n\n{options}\n\nThink step by step. Then end your response with exactly this line:\n' +
    'Answer: X\nwhere X is one of {letters}.',
};

/**
 * lm-eval `cmmlu_*` (`_default_template_yaml`): the subject's description, then
 * `{{Question.strip()}}\nA. {{A}}\n…\nD. {{D}}\n答案：`, the letter scored as `' A'`.
 */
export const cmmluLettered: PromptTemplate = {
  id: 'cmmluLettered',
  version: 1,
  text: '{preamble}{question_stripped}\n{options}\n答案：',
  preambles: Object.fromEntries(cmmluMedicalSubjects.map((s) => [s.id, s.description])),
};

/** lm-eval `headqa_es`/`headqa_en`: the answer texts are scored, so no options are shown. */
export const headqa: PromptTemplate = {
  id: 'headqa',
  version: 1,
  text: 'Question: {question}\nAnswer:',
};

/**
 * Bedside's own, from CMExam's paper (williamliujl/CMExam src/preprocess/prompt_templates.py, template 1):
 * prompt `问题: {Question}, \n 选项: {Options}` with options as `A 文本` lines, completion `答案: {Answer}`;
 * the two joined by a newline, the letter scored as `' C'`.
 */
export const cmexamLettered: PromptTemplate = {
  id: 'cmexamLettered',
  version: 1,
  text: '问题: {question}, \n 选项: {options_bare}\n答案:',
};

/** Bedside's own: lm-eval's MedQA layout in Chinese (the MedQA paper gives no prompt). */
export const medqaMainlandLettered: PromptTemplate = {
  id: 'medqaMainlandLettered',
  version: 1,
  text: '问题：{question}\n{options}\n答案：',
};

/** Bedside's own: lm-eval's MedQA layout in French, with French spacing before the colon. */
export const frenchMcqLettered: PromptTemplate = {
  id: 'frenchMcqLettered',
  version: 1,
  text: 'Question : {question}\n{options}\nRéponse :',
};

/** Generative mode in Chinese; the answer cue 答案 is what answer extraction looks for. */
export const chatZh: PromptTemplate = {
  id: 'chatZh',
  version: 1,
  text: '{question}\n\n{options}\n\n请只回答正确选项的字母，不要输出其他内容。',
};

export const chatZhStepByStep: PromptTemplate = {
  id: 'chatZhStepByStep',
  version: 1,
  text: '{question}\n\n{options}\n\n请逐步思考，然后用下面这一行结束你的回答：\n答案：X\n其中 X 是正确选项的字母。',
};

/** For suites with multi-answer items (CMExam): every item is asked the same way, so the prompt reveals no count. */
export const chatZhMulti: PromptTemplate = {
  id: 'chatZhMulti',
  version: 1,
  text: '{question}\n\n{options}\n\n请只回答正确选项的字母；如有多个正确选项，请写出全部字母。不要输出其他内容。',
};

export const chatZhMultiStepByStep: PromptTemplate = {
  id: 'chatZhMultiStepByStep',
  version: 1,
  text:
    '{question}\n\n{options}\n\n请逐步思考，然后用下面这一行结束你的回答：\n答案：X\n' +
    '其中 X 是正确选项的字母；如有多个正确选项，请写出全部字母。',
};

export const chatEs: PromptTemplate = {
  id: 'chatEs',
  version: 1,
  text: '{question}\n\n{options}\n\nResponde solo con la letra de la opción correcta y nada más.',
};

export const chatEsStepByStep: PromptTemplate = {
  id: 'chatEsStepByStep',
  version: 1,
  text:
    '{question}\n\n{options}\n\nPiensa paso a paso. Después termina tu respuesta exactamente con esta línea:\n' +
    'Respuesta: X\ndonde X es la letra de la opción correcta.',
};

/** FrenchMedMCQA's questions have one to five right answers; the exam asks for all of them. */
export const chatFrMulti: PromptTemplate = {
  id: 'chatFrMulti',
  version: 1,
  text: "{question}\n\n{options}\n\nRépondez uniquement par la ou les lettres des propositions exactes, sans rien d'autre.",
};

export const chatFrMultiStepByStep: PromptTemplate = {
  id: 'chatFrMultiStepByStep',
  version: 1,
  text:
    '{question}\n\n{options}\n\nRéfléchissez étape par étape. Terminez ensuite votre réponse exactement par cette ligne :\n' +
    'Réponse : X\noù X est la lettre de la proposition exacte, ou les lettres de toutes les propositions exactes.',
};

export const builtinTemplates: readonly PromptTemplate[] = [
  mcqLettered,
  medmcqaLettered,
  mmluLettered,
  pubmedqa,
  chatLetter,
  chatLetterStepByStep,
  chatLetterWithContext,
  chatLetterWithContextStepByStep,
  cmmluLettered,
  headqa,
  cmexamLettered,
  medqaMainlandLettered,
  frenchMcqLettered,
  chatZh,
  chatZhStepByStep,
  chatZhMulti,
  chatZhMultiStepByStep,
  chatEs,
  chatEsStepByStep,
  chatFrMulti,
  chatFrMultiStepByStep,
];

export function findBuiltinTemplate(id: string): PromptTemplate | undefined {
  return builtinTemplates.find((t) => t.id === id);
}

/**
 * The text's hash; a template with per-subject preambles hashes them too (sorted by subject), so a
 * changed description or exemplar is a changed prompt.
 */
export function templateHash(template: PromptTemplate): Promise<string> {
  if (template.preambles === undefined) return sha256Hex(template.text);
  const preambles = Object.keys(template.preambles)
    .sort()
    .map((subject) => [subject, template.preambles?.[subject] ?? '']);
  return sha256Hex(JSON.stringify({ text: template.text, preambles }));
}

/**
 * lm-eval's n-shot context with the `first_n` sampler: each subject's description, then its first n
 * exemplars, each rendered by `template` and followed by `target_delimiter`, its answer and `\n\n`
 * (`fewshot_delimiter`). The exemplars come from the suite's `fewshot` split, never from the scored items.
 */
export function fewshotTemplate(template: PromptTemplate, id: string, exemplars: readonly SuiteItem[], n: number): PromptTemplate {
  const preambles: Record<string, string> = {};
  for (const [subject, description] of Object.entries(template.preambles ?? {})) {
    const own = exemplars.filter((e) => e.subject === subject).slice(0, n);
    if (own.length < n) throw suiteInvalid(`Subject ${subject} has ${own.length} few-shot exemplars; ${n}-shot needs ${n}.`);
    const bare = { ...template, preambles: { [subject]: '' } };
    preambles[subject] = description + own.map((e) => `${renderPrompt(bare, e)}${TARGET_DELIMITER}${e.answer}\n\n`).join('');
  }
  return { id, version: template.version, text: template.text, preambles };
}

export async function promptRef(template: PromptTemplate): Promise<PromptRef> {
  return { id: template.id, version: template.version, hash: await templateHash(template) };
}

const PLACEHOLDER_RE = /\{(question|question_stripped|options|options_bare|context|subject|letters|preamble)\}/g;
type Placeholder = 'question' | 'question_stripped' | 'options' | 'options_bare' | 'context' | 'subject' | 'letters' | 'preamble';

/**
 * The template of a custom suite (its header's `prompt_template`, already validated by
 * suites/parseSuite). Id and version come from the suite, so a new suite version is a new prompt.
 */
export function customTemplate(suite: { suite: string; version: number; prompt_template: string }): PromptTemplate {
  return { id: `custom:${suite.suite}`, version: suite.version, text: suite.prompt_template };
}

/** Named from the closed list in core/errors.ts, so it crosses the worker boundary by `name` (docs/architecture.md, "The worker protocol"). */
function suiteInvalid(message: string): Error {
  const error = new Error(message);
  error.name = 'SuiteInvalid';
  return error;
}

export function optionLetters(item: SuiteItem): string[] {
  return Object.keys(item.options);
}

export function formatOptions(item: SuiteItem): string {
  return Object.entries(item.options)
    .map(([letter, text]) => `${letter}. ${text}`)
    .join('\n');
}

/** `A, B, C or D` */
export function formatLetters(letters: readonly string[]): string {
  if (letters.length <= 1) return letters.join('');
  return `${letters.slice(0, -1).join(', ')} or ${letters[letters.length - 1]}`;
}

export function renderPrompt(template: PromptTemplate, item: SuiteItem): string {
  return template.text.replace(PLACEHOLDER_RE, (_, name: Placeholder) => {
    switch (name) {
      case 'question':
        return item.question;
      case 'question_stripped':
        return pythonStrip(item.question);
      case 'options':
        return formatOptions(item);
      case 'options_bare':
        return Object.entries(item.options)
          .map(([letter, text]) => `${letter} ${text}`)
          .join('\n');
      case 'letters':
        return formatLetters(optionLetters(item));
      case 'context':
        if (item.context === undefined) {
          throw suiteInvalid(`Item ${item.id} has no context, but template ${template.id} uses {context}.`);
        }
        return item.context;
      case 'subject':
        if (item.subject === undefined) {
          throw suiteInvalid(`Item ${item.id} has no subject, but template ${template.id} uses {subject}.`);
        }
        return item.subject.replaceAll('_', ' ');
      case 'preamble': {
        const preamble = item.subject === undefined ? undefined : template.preambles?.[item.subject];
        if (preamble === undefined) {
          throw suiteInvalid(`Item ${item.id} has no subject with a preamble in template ${template.id}.`);
        }
        return preamble;
      }
    }
  });
}

/** The generative prompt: one user message, so the model's own chat template frames it. */
export function buildChatMessages(template: PromptTemplate, item: SuiteItem): ChatMessage[] {
  return [{ role: 'user', content: renderPrompt(template, item) }];
}
