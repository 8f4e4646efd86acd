import { describe, expect, it } from 'vitest';
import { extractAnswer, extractAnswerSet, extractItemAnswer, type ExtractionRule } from './answerExtraction';

const options = {
  A: 'Myocardial infarction',
  B: 'Pneumonia',
  C: 'Pulmonary embolism',
  D: 'Aortic dissection',
};

// [model output, expected letter (null = invalid), expected rule]
const cases: [string, string | null, ExtractionRule][] = [
  ['Answer: B', 'B', 'stated'],
  ['B', 'B', 'formatted'],
  ['b', 'B', 'formatted'],
  ['(B)', 'B', 'formatted'],
  ['B.', 'B', 'formatted'],
  ['B)', 'B', 'formatted'],
  ['**B**', 'B', 'formatted'],
  ['  C\n', 'C', 'formatted'],
  ['B. Pneumonia', 'B', 'formatted'],
  ['The correct answer is B', 'B', 'stated'],
  ['The correct answer is B.', 'B', 'stated'],
  ['The answer is B, not A.', 'B', 'stated'],
  ['Answer: C, not option D', 'C', 'stated'],
  ['The answer is B, not correct; it is D.', 'D', 'stated'],
  ['The answer is (C) because the D-dimer is raised and the patient is tachycardic.', 'C', 'stated'],
  ["I think it's option D", 'D', 'stated'],
  ['answer: c', 'C', 'stated'],
  ['The answer is **A**.', 'A', 'stated'],
  ['The answer is a.', 'A', 'stated'],
  ['Final Answer: D', 'D', 'stated'],
  ['Answer:\nB', 'B', 'stated'],
  ['The answer to this question is C, pulmonary embolism.', 'C', 'stated'],
  ['A... wait, actually C', 'C', 'stated'],
  ['The answer is A. Actually, on reflection, the answer is D.', 'D', 'stated'],
  ['Option A is incorrect because troponin is normal. Option C is correct.', 'C', 'stated'],
  [
    'Let me go through the options.\nA. MI - unlikely\nB. Pneumonia - no fever\nC. PE - fits\nD. Dissection - no\n\nAnswer: C',
    'C',
    'stated',
  ],
  ['First, the sudden dyspnoea after surgery suggests a clot.\nStep 2: the ECG shows S1Q3T3.\nTherefore the answer is C.', 'C', 'stated'],
  ['$\\boxed{D}$', 'D', 'stated'],
  ["I'd go with B.", 'B', 'stated'],
  ['A is the most likely diagnosis.', 'A', 'stated'],
  ['It is not B; the answer is D.', 'D', 'stated'],
  ['Correct answer: (D) Aortic dissection', 'D', 'stated'],
  ['I would choose option B because the fever and consolidation point to infection.', 'B', 'stated'],
  ['C - Pulmonary embolism', 'C', 'formatted'],
  ['Most likely option C, given the Wells score.', 'C', 'formatted'],
  ['Pneumonia', 'B', 'option-text'],
  ['The most likely diagnosis is pulmonary embolism.', 'C', 'option-text'],
  ['myocardial infarction.', 'A', 'option-text'],
  // The article "A" and the pronoun "I" are prose, not answers.
  ['A 45-year-old man with pleuritic chest pain needs further workup.', null, 'none'],
  ['The answer is a tricky one; I cannot decide.', null, 'none'],
  ['A patient like this should be seen by a doctor.', null, 'none'],
  // Several letters with nothing stated: invalid, never guessed.
  ['A. Myocardial infarction\nB. Pneumonia\nC. Pulmonary embolism\nD. Aortic dissection', null, 'ambiguous'],
  ['The answer is either B or C.', null, 'ambiguous'],
  ['It could be (A) or (B).', null, 'ambiguous'],
  ['Pneumonia or pulmonary embolism, hard to say.', null, 'ambiguous'],
  ['Answer: E', null, 'not-an-option'],
  ['', null, 'none'],
  ['I am not sure.', null, 'none'],
  ['E. coli is the usual organism.', null, 'none'],
];

describe('extractAnswer', () => {
  it.each(cases)('%j → %s (%s)', (text, letter, rule) => {
    expect(extractAnswer(text, options)).toEqual({ letter, rule });
  });

  it('prefers the longer of two nested option texts', () => {
    const nested = { A: 'Hypertension', B: 'Pulmonary hypertension' };
    expect(extractAnswer('This is pulmonary hypertension.', nested)).toEqual({ letter: 'B', rule: 'option-text' });
    expect(extractAnswer('Essential hypertension.', nested)).toEqual({ letter: 'A', rule: 'option-text' });
  });

  it('reads yes/no/maybe options by text (PubMedQA in generative mode)', () => {
    const pubmed = { A: 'yes', B: 'no', C: 'maybe' };
    expect(extractAnswer('Yes.', pubmed)).toEqual({ letter: 'A', rule: 'option-text' });
    expect(extractAnswer('Answer: C', pubmed)).toEqual({ letter: 'C', rule: 'stated' });
  });
});

const zhOptions = { A: '角膜', B: '房水', C: '巩膜', D: '玻璃体', E: '晶状体' };

// The exams' own answer cues and full-width forms, for single-answer items.
const examCues: [string, Record<string, string>, string | null, ExtractionRule][] = [
  ['答案：C', zhOptions, 'C', 'stated'],
  ['答案: C', zhOptions, 'C', 'stated'],
  ['答案是C', zhOptions, 'C', 'stated'],
  ['答案是A。', zhOptions, 'A', 'stated'],
  ['答案为A，因为角膜属于屈光装置以外的结构。', zhOptions, 'A', 'stated'],
  ['正确答案是 (C)', zhOptions, 'C', 'stated'],
  ['答案：Ｃ', zhOptions, 'C', 'stated'],
  ['答案：（Ｃ）巩膜', zhOptions, 'C', 'stated'],
  ['巩膜不属于屈光装置，故选C。', zhOptions, 'C', 'stated'],
  ['不选A，答案是D', zhOptions, 'D', 'stated'],
  ['Ｃ', zhOptions, 'C', 'formatted'],
  ['选项C巩膜不参与屈光。', zhOptions, 'C', 'formatted'],
  ['选项A正确，选项C也可能。', zhOptions, null, 'ambiguous'],
  ['巩膜', zhOptions, 'C', 'option-text'],
  ['答案：F', zhOptions, null, 'not-an-option'],
  ['Réponse : B', { A: 'La bile', B: 'La salive' }, 'B', 'stated'],
  ['La bonne réponse est la B.', { A: 'La bile', B: 'La salive' }, 'B', 'stated'],
  ['Respuesta: D', { A: 'Uno', B: 'Dos', C: 'Tres', D: 'Cuatro' }, 'D', 'stated'],
  ['La respuesta correcta es la A.', { A: 'Uno', B: 'Dos', C: 'Tres', D: 'Cuatro' }, 'A', 'stated'],
];

describe('extractAnswer in the exams’ languages', () => {
  it.each(examCues)('%j → %s (%s)', (text, opts, letter, rule) => {
    expect(extractAnswer(text, opts)).toEqual({ letter, rule });
  });
});

// A multi-answer item's reply, read as a set in option order.
const sets: [string, string | null, ExtractionRule][] = [
  ['答案：ACD', 'ACD', 'stated'],
  ['答案是A、C、D', 'ACD', 'stated'],
  ['答案：Ａ、Ｃ、Ｄ。', 'ACD', 'stated'],
  ['答案：DCA', 'ACD', 'stated'],
  ['正确答案为A,C', 'AC', 'stated'],
  ['答案：C', 'C', 'stated'],
  ['Answer: A, C and D', 'ACD', 'stated'],
  ['The answers are (A) and (E).', 'AE', 'stated'],
  ['Réponse : A et C', 'AC', 'stated'],
  ['Réponses : b, d', 'BD', 'stated'],
  ['Respuesta: A y B', 'AB', 'stated'],
  ['答案：AB\n解析：……\n更正：答案：ABE', 'ABE', 'stated'],
  ['ACD', 'ACD', 'formatted'],
  ['A, C, D.', 'ACD', 'formatted'],
  ['答案：A或C', null, 'ambiguous'],
  ['Answer: A or C', null, 'ambiguous'],
  ['答案：ACF', null, 'not-an-option'],
  ['Answer: a combination of the two.', null, 'none'],
  ['答案解析：巩膜是白色的。', null, 'none'],
  ['I am not sure.', null, 'none'],
];

describe('extractAnswerSet', () => {
  it.each(sets)('%j → %s (%s)', (text, letter, rule) => {
    expect(extractAnswerSet(text, zhOptions)).toEqual({ letter, rule });
  });

  it('reads a multi-answer item as a set and a single-answer item as one letter', () => {
    const multi = { options: zhOptions, answer: 'ACD' };
    const single = { options: zhOptions, answer: 'C' };
    expect(extractItemAnswer('答案：ACD', multi)).toEqual({ letter: 'ACD', rule: 'stated' });
    // One letter of a set is a wrong answer, never a right one.
    expect(extractItemAnswer('答案：C', multi).letter).not.toBe(multi.answer);
    expect(extractItemAnswer('答案：C', single)).toEqual({ letter: 'C', rule: 'stated' });
    expect(extractItemAnswer('答案：ACD', single).letter).toBeNull();
  });
});
