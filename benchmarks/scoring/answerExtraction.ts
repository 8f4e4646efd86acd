import type { SuiteItem } from '../../core/suite';
import { answerKey, isMultiAnswer } from '../suites/answers';

/**
 * Reads the chosen option out of free text in generative mode. It never guesses: when no answer
 * is found, or several different letters are named with none stated as the answer, the result is
 * `letter: null` and the item counts as invalid.
 *
 * Three tiers, the first that finds anything decides:
 * 1. `stated`: the answer is stated in words ("Answer: B", "the correct answer is (C)", "I'd go with
 *    option D", "actually C", "\boxed{B}"). The last statement wins, so a revision counts. If it names
 *    two letters ("A or B") or a letter that is not an option, the result is null.
 * 2. `formatted`: letters set apart by layout: a line that is just a letter or starts with `B.` `B)`
 *    `(B)` `**B**`, a bracketed `(B)`, or a bare "option B". Exactly one distinct letter, or null.
 * 3. `option-text`: the text of exactly one option, without its letter ("Pneumonia").
 * Prose letters are not answers: the article in "A 45-year-old man" or "answer is a tricky one",
 * the pronoun "I", or genus abbreviations such as "E. coli".
 *
 * The exams' own answer cues count as statements: Chinese 答案/正确答案 (…是/为/：C, 答案是C, 故选C),
 * French "Réponse : C", Spanish "Respuesta: C". Full-width forms (Ａ–Ｅ, ：, （Ｃ）) read as their ASCII
 * twins. A multi-answer item's reply is read as a set of letters (extractAnswerSet).
 */

export type ExtractionRule = 'stated' | 'formatted' | 'option-text' | 'ambiguous' | 'not-an-option' | 'none';

export interface ExtractedAnswer {
  letter: string | null;
  rule: ExtractionRule;
}

const LETTER_TAIL = String.raw`([\(\[])?([A-Za-z])([\)\]])?`;

/** Wording that states an answer, each ending in LETTER_TAIL (its last three groups). */
const STATED_PATTERNS: RegExp[] = [
  new RegExp(
    String.raw`\banswer\b(?:\s+to\s+(?:this|the)\s+question)?(?:\s+(?:is|would be|will be|should be|must be|here is|=))?\s*(?:[:=\-]\s*)?(?:either\s+)?(?:(?:option|choice|letter)\s+)?` +
      LETTER_TAIL,
    'gi',
  ),
  new RegExp(String.raw`\b(?:option|choice)\s*(?:is|would be|will be|:)\s*(?:(?:option|letter)\s+)?` + LETTER_TAIL, 'gi'),
  new RegExp(
    String.raw`\b(?:it's|it is|it must be|it should be|i'd say|i would say|i'll go with|i will go with|i'd go with|go with|going with|choose|chose|pick|select|opt for)\s+(?:(?:option|choice|letter)\s+)?` +
      LETTER_TAIL,
    'gi',
  ),
  new RegExp(
    String.raw`\b(?:actually|instead|rather)\b[,:]?\s*(?:(?:it's|it is|the answer is)\s+)?(?:(?:option|choice)\s+)?` + LETTER_TAIL,
    'gi',
  ),
  new RegExp(
    String.raw`(?:^|[^A-Za-z])(?:(?:option|choice)\s+)?` +
      LETTER_TAIL +
      String.raw`(?=\s+is\s+(?:the\s+)?(?:correct|right|best|most likely|most appropriate)\b)`,
    'gi',
  ),
  new RegExp(String.raw`\\boxed\{\s*` + LETTER_TAIL + String.raw`\s*\}`, 'g'),
  new RegExp(
    String.raw`(?:正确答案|最佳答案|答案|正确选项|最佳选项)\s*(?:应该|应当|应|就|即)?\s*(?:是|为|选)?\s*[:=]?\s*(?:选项)?\s*` + LETTER_TAIL,
    'g',
  ),
  new RegExp(String.raw`(?:故|应|因此|所以|我|则)选(?:择)?\s*(?:选项)?\s*` + LETTER_TAIL, 'g'),
  new RegExp(
    String.raw`\b(?:r[ée]ponse|respuesta)\b(?:\s+(?:correcte|exacte|juste|correcta|acertada))?(?:\s+(?:est|es|serait|sería))?\s*(?:(?:la|el)\s+)?(?:[:=]\s*)?(?:(?:option|opción|proposition|lettre|letra)\s+)?` +
      LETTER_TAIL,
    'gi',
  ),
];

const NEGATED_AFTER =
  /^\s*(?:\([^)]*\)\s*)?(?:[:,-]\s*)?(?:(?:is|are|was|would be|seems|seems to be)\s+)?(?:not\b|incorrect|wrong|unlikely|less likely|false|ruled out|excluded)/i;
const NEGATED_BEFORE = /\bnot\s+$/i;
/** 不选C, 非C: a Chinese negation right before the cue or letter. */
const NEGATED_BEFORE_ZH = /[不非]$/;
/** "B, not A": the "not" rejects another option (a capital letter), so it does not negate this one. */
const REJECTS_OTHER_AFTER = /^\s*(?:\([^)]*\)\s*)?(?:[:,-]\s*)?[Nn]ot\s+(?:(?:[Oo]ption|[Cc]hoice)\s+)?[([]?[A-Z](?![A-Za-z0-9])/;
const ALTERNATIVE_AFTER = /^\s*(?:or|and|\/|,)\s*(?:(?:option|choice)\s+)?[([]?([A-Za-z])(?![A-Za-z0-9])/i;
/** After a bare a/A or i/I, only these make it a letter rather than an article or pronoun. */
const WORDLIKE_LETTER_END =
  /^(?:[ \t]*(?:$|[\n.,;:!?)\]—–(\u3000-\u303f\u4e00-\u9fff])|\s+(?:because|since|as|which|given|due|is|car|porque)\b|\s+[-–—]\s)/;

interface Hit {
  letter: string;
  index: number;
  /** For stated hits: another letter offered as an alternative ("A or B"). */
  alternative?: string;
}

function acceptsLetter(open: string | undefined, letter: string, close: string | undefined, after: string): boolean {
  if (close !== undefined) return true;
  const next = after[0];
  if (next !== undefined && /[A-Za-z0-9_'’]/.test(next)) return false;
  if (next === '-' && /[A-Za-z0-9]/.test(after[1] ?? '')) return false;
  if (open === undefined && /[ai]/i.test(letter)) return WORDLIKE_LETTER_END.test(after);
  return true;
}

function tailHits(text: string, pattern: RegExp): Hit[] {
  const hits: Hit[] = [];
  for (const match of text.matchAll(pattern)) {
    const n = match.length;
    const open = match[n - 3];
    const letter = match[n - 2];
    const close = match[n - 1];
    if (letter === undefined) continue;
    const end = (match.index ?? 0) + match[0].length;
    const after = text.slice(end);
    if (!acceptsLetter(open, letter, close, after)) continue;
    if (NEGATED_BEFORE_ZH.test(text.slice(0, match.index ?? 0))) continue;
    if (NEGATED_AFTER.test(after) && !REJECTS_OTHER_AFTER.test(after)) continue;
    const alternative = ALTERNATIVE_AFTER.exec(after)?.[1];
    hits.push({ letter: letter.toUpperCase(), index: end, alternative: alternative?.toUpperCase() });
  }
  return hits;
}

function statedAnswer(text: string, letters: ReadonlySet<string>): ExtractedAnswer | null {
  const hits = STATED_PATTERNS.flatMap((p) => tailHits(text, p)).sort((a, b) => a.index - b.index);
  const last = hits[hits.length - 1];
  if (last === undefined) return null;
  if (last.alternative !== undefined && last.alternative !== last.letter && letters.has(last.alternative)) {
    return { letter: null, rule: 'ambiguous' };
  }
  if (!letters.has(last.letter)) return { letter: null, rule: 'not-an-option' };
  return { letter: last.letter, rule: 'stated' };
}

const LINE_BRACKETED = /^[ \t>*#-]*[([]?([A-Za-z])[)\]](?![A-Za-z0-9])/gm;
const LINE_BARE = /^[ \t>*#-]*([A-Za-z])(?=[ \t]*$|[.:](?:[ \t]|$)|[ \t]+[-–—][ \t])/gm;
const INLINE_BRACKETED = /[([]([A-Za-z])[)\]]/g;
const BARE_OPTION = new RegExp(String.raw`(?:\b(?:option|choice|opción|proposition)\s+|选项\s*)` + LETTER_TAIL, 'gi');

function formattedAnswer(text: string, letters: ReadonlySet<string>): ExtractedAnswer | null {
  const found = new Set<string>();
  const add = (letter: string | undefined) => {
    const upper = letter?.toUpperCase();
    if (upper !== undefined && letters.has(upper)) found.add(upper);
  };
  for (const m of text.matchAll(LINE_BRACKETED)) add(m[1]);
  for (const m of text.matchAll(INLINE_BRACKETED)) add(m[1]);
  for (const m of text.matchAll(LINE_BARE)) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    // "E. coli", "S. aureus": a capital, a period and a lower-case word is a genus, not an option.
    if (/^\. [a-z]/.test(after) && /[A-Z]/.test(m[1] ?? '')) continue;
    add(m[1]);
  }
  for (const m of text.matchAll(BARE_OPTION)) {
    const start = m.index ?? 0;
    const after = text.slice(start + m[0].length);
    if (NEGATED_BEFORE.test(text.slice(0, start)) || NEGATED_AFTER.test(after)) continue;
    if (acceptsLetter(m[1], m[2] ?? '', m[3], after)) add(m[2]);
  }
  if (found.size === 0) return null;
  if (found.size > 1) return { letter: null, rule: 'ambiguous' };
  return { letter: [...found][0] ?? null, rule: 'formatted' };
}

function normalizeForText(s: string): string {
  return halfWidth(s).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Full-width ASCII (Ａ, ：, （) and the ideographic space as their ASCII twins. */
function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Emphasis and code marks carry no meaning here but would split "**B**" from its line. */
function plainText(text: string): string {
  return halfWidth(text)
    .replace(/\*\*|__|`/g, '')
    .replace(/[‘’]/g, "'");
}

function optionTextAnswer(text: string, options: Readonly<Record<string, string>>): ExtractedAnswer | null {
  const haystack = normalizeForText(text);
  const spans: { letter: string; start: number; end: number }[] = [];
  for (const [letter, optionText] of Object.entries(options)) {
    const needle = normalizeForText(optionText).replace(/[.\s]+$/, '');
    if (needle.length === 0) continue;
    for (let from = haystack.indexOf(needle); from !== -1; from = haystack.indexOf(needle, from + 1)) {
      const before = haystack[from - 1] ?? ' ';
      const after = haystack[from + needle.length] ?? ' ';
      if (/[a-z0-9]/.test(before) || /[a-z0-9]/.test(after)) continue;
      spans.push({ letter: letter.toUpperCase(), start: from, end: from + needle.length });
    }
  }
  // "Pulmonary hypertension" also contains the option "Hypertension": the longer mention is the one meant.
  const outer = spans.filter(
    (s) => !spans.some((o) => o !== s && o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start),
  );
  const distinct = new Set(outer.map((s) => s.letter));
  if (distinct.size === 0) return null;
  if (distinct.size > 1) return { letter: null, rule: 'ambiguous' };
  return { letter: [...distinct][0] ?? null, rule: 'option-text' };
}

export function extractAnswer(text: string, options: Readonly<Record<string, string>>): ExtractedAnswer {
  const letters = new Set(Object.keys(options).map((l) => l.toUpperCase()));
  const plain = plainText(text);
  return (
    statedAnswer(plain, letters) ?? formattedAnswer(plain, letters) ?? optionTextAnswer(plain, options) ?? { letter: null, rule: 'none' }
  );
}

/** Where a reply states its answer, before the letters: the cue, a verb, a colon. */
const SET_CUE =
  /(?:正确答案|答案|正确选项|\banswers?\b|\br[ée]ponses?\b|\brespuestas?\b)(?:\s+(?:correctes?|exactes?|justes?|correctas?|is|are|est|sont|es|son|would be|serait))*\s*(?:应该|应)?\s*(?:是|为|选)?\s*(?:[:=]\s*)?/gi;
/** One letter, or a run of capitals written together ("ACD", as CMExam writes its answers). */
const SET_TOKEN = /^[([]?([A-Z]{2,}|[A-Za-z])[)\]]?(?![A-Za-z0-9])/;
const SET_SEPARATOR = /^(?:\s*(?:,|、|;|\/|&|\+|和|与|及|\band\b|\bet\b|\by\b)\s*|\s+)/i;
const SET_ALTERNATIVE = /^\s*(?:或者|或|\bor\b|\bou\b|\bo\b)\s*[([]?[A-Za-z](?![A-Za-z0-9])/i;
/** What may follow a letter list that ends its clause: nothing, punctuation, a line break or Chinese text. */
const CLAUSE_END = /^\s*(?:$|[\n.!?;:)\]\u3000-\u303f\u4e00-\u9fff])/;

/** The letters read, whether an alternative was offered ("A or C"), and the text after the list. */
type LetterList = { letters: string[]; alternative: boolean; rest: string } | null;

/**
 * Letters from the start of `text`: "ACD", "A, C and D", "A、C、D", "(A) (C)". A lone a/i, or any lower-case
 * letter, counts only when the list ends its clause, so "a combination of" is prose, not option A.
 */
function letterList(text: string): LetterList {
  const letters: string[] = [];
  let rest = text;
  let proseLike = false;
  for (;;) {
    const token = SET_TOKEN.exec(rest);
    if (!token) break;
    const word = token[1] ?? '';
    if (word.length === 1 && (/[a-z]/.test(word) || /[AI]/.test(word))) proseLike = true;
    letters.push(...word.toUpperCase());
    rest = rest.slice(token[0].length);
    if (SET_ALTERNATIVE.test(rest)) return { letters, alternative: true, rest };
    const separator = SET_SEPARATOR.exec(rest);
    if (!separator || !SET_TOKEN.test(rest.slice(separator[0].length))) break;
    rest = rest.slice(separator[0].length);
  }
  if (letters.length === 0 || (proseLike && !CLAUSE_END.test(rest))) return null;
  return { letters, alternative: false, rest };
}

function setAnswer(list: LetterList, options: Readonly<Record<string, string>>, rule: ExtractionRule): ExtractedAnswer | null {
  if (list === null) return null;
  if (list.alternative) return { letter: null, rule: 'ambiguous' };
  const order = Object.keys(options).map((l) => l.toUpperCase());
  if (list.letters.some((l) => !order.includes(l))) return { letter: null, rule: 'not-an-option' };
  return { letter: answerKey(list.letters, order), rule };
}

/**
 * A multi-answer item's reply as a set of letters, written in option order ("ACD"), so exact set match
 * is string equality with the item's answer. The last stated list wins ("答案：ACD", "Answer: A, C and
 * D", "Réponse : A et C"); else a reply that is nothing but a letter list ("ACD", "A, C, D"). A list
 * offering alternatives ("A or C") or naming a letter that is not an option is invalid, never guessed.
 */
export function extractAnswerSet(text: string, options: Readonly<Record<string, string>>): ExtractedAnswer {
  const plain = plainText(text);
  const stated = [...plain.matchAll(SET_CUE)]
    .filter((m) => !NEGATED_BEFORE_ZH.test(plain.slice(0, m.index ?? 0)))
    .map((m) => setAnswer(letterList(plain.slice((m.index ?? 0) + m[0].length)), options, 'stated'))
    .filter((a) => a !== null);
  const last = stated[stated.length - 1];
  if (last) return last;
  const list = letterList(plain.trim().replace(/[.。!]+$/, ''));
  return setAnswer(list?.rest === '' ? list : null, options, 'formatted') ?? { letter: null, rule: 'none' };
}

/** The item's answer as its kind needs: one letter, or for a multi-answer item the set (`extractAnswerSet`). */
export function extractItemAnswer(text: string, item: Pick<SuiteItem, 'options' | 'answer'>): ExtractedAnswer {
  return isMultiAnswer(item) ? extractAnswerSet(text, item.options) : extractAnswer(text, item.options);
}
