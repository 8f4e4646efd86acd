import { describe, expect, it } from 'vitest';
import type { SuiteItem } from '../../core/suite';
import { letterContinuations, optionContinuations } from './choices';
import { sha256Hex } from '../sha256';
import {
  buildChatMessages,
  builtinTemplates,
  chatLetter,
  chatLetterStepByStep,
  chatZhMulti,
  cmexamLettered,
  cmmluLettered,
  customTemplate,
  frenchMcqLettered,
  medqaMainlandLettered,
  formatLetters,
  mcqLettered,
  medmcqaLettered,
  mmluLettered,
  promptRef,
  templateHash,
  pubmedqa,
  renderPrompt,
} from './templates';

const medqaItem: SuiteItem = {
  id: 'medqa-1',
  question: 'A 45-year-old man has crushing chest pain. What is the next step?',
  options: { A: 'ECG', B: 'Chest X-ray', C: 'CT head', D: 'Discharge' },
  answer: 'A',
};

const pubmedItem: SuiteItem = {
  id: 'pmqa-1',
  question: 'Does aspirin reduce mortality?',
  options: { A: 'yes', B: 'no', C: 'maybe' },
  answer: 'A',
  context: 'We studied 100 patients.',
};

describe('lm-eval completion templates', () => {
  it('renders MedQA exactly as lm-eval doc_to_text', () => {
    expect(renderPrompt(mcqLettered, medqaItem)).toBe(
      'Question: A 45-year-old man has crushing chest pain. What is the next step?\n' +
        'A. ECG\nB. Chest X-ray\nC. CT head\nD. Discharge\nAnswer:',
    );
  });

  it('renders MedMCQA with its Choices line', () => {
    expect(renderPrompt(medmcqaLettered, { ...medqaItem, options: { A: 'x', B: 'y' } })).toBe(
      `Question: ${medqaItem.question}\nChoices:\nA. x\nB. y\nAnswer:`,
    );
  });

  it('renders the MMLU description with the subject spaced out', () => {
    const prompt = renderPrompt(mmluLettered, { ...medqaItem, subject: 'clinical_knowledge' });
    expect(prompt.startsWith('The following are multiple choice questions (with answers) about clinical knowledge.\n\n')).toBe(true);
    expect(prompt.endsWith('D. Discharge\nAnswer:')).toBe(true);
  });

  it('renders PubMedQA as Abstract/Question/Answer', () => {
    expect(renderPrompt(pubmedqa, pubmedItem)).toBe(
      'Abstract: We studied 100 patients.\nQuestion: Does aspirin reduce mortality?\nAnswer:',
    );
  });

  it('refuses a template that needs a context the item lacks, by name SuiteInvalid', () => {
    expect(() => renderPrompt(pubmedqa, medqaItem)).toThrow(expect.objectContaining({ name: 'SuiteInvalid' }));
  });

  it('does not expand placeholders that appear inside item text', () => {
    const item = { ...medqaItem, question: 'What does {options} mean?' };
    expect(renderPrompt(mcqLettered, item)).toContain('What does {options} mean?\nA. ECG');
  });
});

describe('choices', () => {
  it('scores letters with the lm-eval target delimiter', () => {
    expect(letterContinuations(['A', 'B', 'C', 'D'])).toEqual([' A', ' B', ' C', ' D']);
  });

  it('scores option text with the delimiter', () => {
    expect(optionContinuations(pubmedItem)).toEqual([' yes', ' no', ' maybe']);
  });
});

describe('chat templates', () => {
  it('asks for a single letter in one user message', () => {
    const messages = buildChatMessages(chatLetter, medqaItem);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.role).toBe('user');
    expect(messages[0]?.content).toBe(
      `${medqaItem.question}\n\nA. ECG\nB. Chest X-ray\nC. CT head\nD. Discharge\n\n` +
        'Answer with the letter of the correct option (A, B, C or D) and nothing else.',
    );
  });

  it('step-by-step variant ends with the answer-line instruction', () => {
    const content = buildChatMessages(chatLetterStepByStep, pubmedItem)[0]?.content ?? '';
    expect(content).toContain('Think step by step.');
    expect(content.endsWith('Answer: X\nwhere X is one of A, B or C.')).toBe(true);
  });

  it('formats letters as prose', () => {
    expect(formatLetters(['A'])).toBe('A');
    expect(formatLetters(['A', 'B'])).toBe('A or B');
    expect(formatLetters(['A', 'B', 'C', 'D', 'E'])).toBe('A, B, C, D or E');
  });
});

describe('template identity', () => {
  it('hashes the text and carries id and version', async () => {
    expect(await promptRef(mcqLettered)).toEqual({ id: 'mcqLettered', version: 2, hash: await sha256Hex(mcqLettered.text) });
  });

  it('gives every builtin a unique id and hash', async () => {
    expect(new Set(builtinTemplates.map((t) => t.id)).size).toBe(builtinTemplates.length);
    expect(new Set(await Promise.all(builtinTemplates.map((t) => templateHash(t)))).size).toBe(builtinTemplates.length);
  });

  it('renders a custom suite template under a suite-scoped id', () => {
    const custom = customTemplate({ suite: 'my-quiz', version: 2, prompt_template: 'Case: {context}\nQ: {question}\n{options}\nA:' });
    expect(custom).toMatchObject({ id: 'custom:my-quiz', version: 2 });
    expect(renderPrompt(custom, pubmedItem)).toBe(
      'Case: We studied 100 patients.\nQ: Does aspirin reduce mortality?\nA. yes\nB. no\nC. maybe\nA:',
    );
  });
});

describe('templates in the exam’s language', () => {
  const zhItem: SuiteItem = {
    id: 'cmexam/0003',
    question: '不属于眼球屈光装置的结构是',
    options: { A: '角膜', B: '房水', C: '巩膜', D: '玻璃体', E: '晶状体' },
    answer: 'C',
  };

  it('renders CMExam in its paper’s template 1: "问题: …, \\n 选项: " with "A 文本" lines, then "答案:"', () => {
    expect(renderPrompt(cmexamLettered, zhItem)).toBe(
      '问题: 不属于眼球屈光装置的结构是, \n 选项: A 角膜\nB 房水\nC 巩膜\nD 玻璃体\nE 晶状体\n答案:',
    );
  });

  it('renders MedQA Mainland and FrenchMedMCQA in lm-eval’s MedQA layout with the answer cue in their language', () => {
    expect(renderPrompt(medqaMainlandLettered, zhItem)).toBe(
      '问题：不属于眼球屈光装置的结构是\nA. 角膜\nB. 房水\nC. 巩膜\nD. 玻璃体\nE. 晶状体\n答案：',
    );
    expect(
      renderPrompt(frenchMcqLettered, { ...zhItem, question: 'Le pH le plus élevé :', options: { A: 'La bile', B: 'La salive' } }),
    ).toBe('Question : Le pH le plus élevé :\nA. La bile\nB. La salive\nRéponse :');
  });

  it('asks for every right letter in the multi-answer chat prompt, the same for every item', () => {
    const single = buildChatMessages(chatZhMulti, zhItem)[0]?.content ?? '';
    expect(single).toContain('如有多个正确选项，请写出全部字母');
    expect(buildChatMessages(chatZhMulti, { ...zhItem, answer: 'ACD' })[0]?.content).toBe(single);
  });

  it('refuses an item whose subject has no preamble in the template', () => {
    expect(() => renderPrompt(cmmluLettered, { ...zhItem, subject: 'astronomy' })).toThrow(
      expect.objectContaining({ name: 'SuiteInvalid', message: expect.stringContaining('no subject with a preamble') }),
    );
    expect(() => renderPrompt(cmmluLettered, zhItem)).toThrow(expect.objectContaining({ name: 'SuiteInvalid' }));
  });

  it('hashes the preambles with the text, so a changed description or exemplar is a changed prompt', async () => {
    const changed = { ...cmmluLettered, preambles: { ...cmmluLettered.preambles, anatomy: '以下是关于解剖学的题。\n\n' } };
    expect(await templateHash(changed)).not.toBe(await templateHash(cmmluLettered));
    expect(await templateHash(cmmluLettered)).not.toBe(await sha256Hex(cmmluLettered.text));
    expect(await templateHash(mcqLettered)).toBe(await sha256Hex(mcqLettered.text));
  });
});
