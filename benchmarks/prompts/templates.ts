import type { ChatMessage } from '../../core/engine';
import type { SuiteItem } from '../../core/suite';
import { sha256Hex } from '../sha256';
import { pythonStrip } from './pythonWhitespace';
import type { PromptRef, PromptTemplate } from '../../core/run';

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

export const builtinTemplates: readonly PromptTemplate[] = [
  mcqLettered,
  medmcqaLettered,
  mmluLettered,
  pubmedqa,
  chatLetter,
  chatLetterStepByStep,
  chatLetterWithContext,
  chatLetterWithContextStepByStep,
];

export function findBuiltinTemplate(id: string): PromptTemplate | undefined {
  return builtinTemplates.find((t) => t.id === id);
}

export function templateHash(template: PromptTemplate): Promise<string> {
  return sha256Hex(template.text);
}

export async function promptRef(template: PromptTemplate): Promise<PromptRef> {
  return { id: template.id, version: template.version, hash: await templateHash(template) };
}

const PLACEHOLDER_RE = /\{(question|question_stripped|options|context|subject|letters)\}/g;
type Placeholder = 'question' | 'question_stripped' | 'options' | 'context' | 'subject' | 'letters';

/**
 * The template of a custom suite (its header's `prompt_template`, already validated by
 * suites/parseSuite). Id and version come from the suite, so a new suite version is a new prompt.
 */
export function customTemplate(suite: { suite: string; version: number; prompt_template: string }): PromptTemplate {
  return { id: `custom:${suite.suite}`, version: suite.version, text: suite.prompt_template };
}

/** Error named by rule 7's closed union, so it crosses the worker boundary by `name`. */
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
    }
  });
}

/** The generative prompt: one user message, so the model's own chat template frames it. */
export function buildChatMessages(template: PromptTemplate, item: SuiteItem): ChatMessage[] {
  return [{ role: 'user', content: renderPrompt(template, item) }];
}
