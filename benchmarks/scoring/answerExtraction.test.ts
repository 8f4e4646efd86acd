import { describe, expect, it } from 'vitest';
import { extractAnswer, type ExtractionRule } from './answerExtraction';

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
