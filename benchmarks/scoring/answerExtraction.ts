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
];

const NEGATED_AFTER =
  /^\s*(?:\([^)]*\)\s*)?(?:[:,-]\s*)?(?:(?:is|are|was|would be|seems|seems to be)\s+)?(?:not\b|incorrect|wrong|unlikely|less likely|false|ruled out|excluded)/i;
const NEGATED_BEFORE = /\bnot\s+$/i;
/** "B, not A": the "not" rejects another option (a capital letter), so it does not negate this one. */
const REJECTS_OTHER_AFTER = /^\s*(?:\([^)]*\)\s*)?(?:[:,-]\s*)?[Nn]ot\s+(?:(?:[Oo]ption|[Cc]hoice)\s+)?[([]?[A-Z](?![A-Za-z0-9])/;
const ALTERNATIVE_AFTER = /^\s*(?:or|and|\/|,)\s*(?:(?:option|choice)\s+)?[([]?([A-Za-z])(?![A-Za-z0-9])/i;
/** After a bare a/A or i/I, only these make it a letter rather than an article or pronoun. */
const WORDLIKE_LETTER_END = /^(?:[ \t]*(?:$|[\n.,;:!?)\]—–(])|\s+(?:because|since|as|which|given|due|is)\b|\s+[-–—]\s)/;

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
const BARE_OPTION = new RegExp(String.raw`\b(?:option|choice)\s+` + LETTER_TAIL, 'gi');

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
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
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
  // Emphasis and code marks carry no meaning here but would split "**B**" from its line.
  const plain = text.replace(/\*\*|__|`/g, '').replace(/[‘’]/g, "'");
  return (
    statedAnswer(plain, letters) ?? formattedAnswer(plain, letters) ?? optionTextAnswer(plain, options) ?? { letter: null, rule: 'none' }
  );
}
