import { FLAG, codepointFlags, codepointsOf } from './unicode';

/**
 * A port of llama.cpp's unicode_regex_split (src/unicode.cpp), without the byte encoding: the text is
 * cut by each pre-tokenizer regex in turn, every regex working inside the pieces the previous one left.
 * Like llama.cpp, the regexes it hand-implements are recognised by their exact text and run as code
 * (whose behaviour, not the regex's, is what llama.cpp tokenizes with); any other regex runs as a real
 * regex, over llama.cpp's "collapsed" text (each non-ASCII code point standing for its category) when it
 * names Unicode categories, else over the code points themselves as llama.cpp's std::wregex does.
 */

export const GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
export const LLAMA3_REGEX =
  "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
export const QWEN2_REGEX =
  "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
export const QWEN35_REGEX =
  "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
export const NEWLINE_RUNS_REGEX = '[^\\n]+|[\\n]+';

/** Piece lengths in code points; they always add up to the text's length. */
type Offsets = number[];

const OUT_OF_RANGE = -1;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const APOSTROPHE = 0x27;
const CATEGORY_MASK = 0xff;

/** ASCII only: llama.cpp's unicode_tolower maps nothing else onto s, t, m, d, r, e, v or l. */
const lower = (cp: number): number => (cp >= 0x41 && cp <= 0x5a ? cp + 0x20 : cp);

/** Bounds-checked access to one piece: llama.cpp's _get_cpt, _get_flags and _add_token lambdas. */
interface Piece {
  cpt(pos: number): number;
  /** 0 past either end, never for a code point: the "&& flags" tests of the splitters rely on that. */
  flags(pos: number): number;
  /** Ends a token at `end` (if it is not empty) and returns its length. */
  emit(end: number): number;
}

/** Shared scaffolding of llama.cpp's hand-written splitters, which scan each piece on its own. */
function splitEachPiece(cpts: readonly number[], offsets: Offsets, scan: (at: Piece, ini: number, end: number) => void): Offsets {
  const out: Offsets = [];
  let start = 0;
  for (const offset of offsets) {
    const ini = start;
    const end = start + offset;
    start = end;
    let prevEnd = ini;
    scan(
      {
        cpt: (pos) => (pos >= ini && pos < end ? (cpts[pos] ?? OUT_OF_RANGE) : OUT_OF_RANGE),
        flags: (pos) => (pos >= ini && pos < end ? codepointFlags(cpts[pos] ?? 0) : 0),
        emit: (tokenEnd) => {
          const length = tokenEnd - prevEnd;
          if (length > 0) out.push(length);
          prevEnd = tokenEnd;
          return length;
        },
      },
      ini,
      end,
    );
  }
  return out;
}

/** 's 't 'm 'd 're 've 'll, optionally case-insensitive; returns the contraction's length or 0. */
function contractionLength(at: Piece, pos: number, end: number, fold: (cp: number) => number): number {
  if (at.cpt(pos) !== APOSTROPHE || pos + 1 >= end) return 0;
  const next = fold(at.cpt(pos + 1));
  if (next === 0x73 || next === 0x74 || next === 0x6d || next === 0x64) return 2;
  if (pos + 2 >= end) return 0;
  const nextNext = fold(at.cpt(pos + 2));
  const pair = (a: number, b: number) => next === a && nextNext === b;
  return pair(0x72, 0x65) || pair(0x76, 0x65) || pair(0x6c, 0x6c) ? 3 : 0;
}

const notWordish = (flags: number, letters: number = FLAG.LETTER): boolean => !(flags & (FLAG.WHITESPACE | letters | FLAG.NUMBER));

/** unicode_regex_split_custom_gpt2. */
function splitGpt2(cpts: readonly number[], offsets: Offsets): Offsets {
  return splitEachPiece(cpts, offsets, (at, ini, end) => {
    for (let pos = ini; pos < end;) {
      const cpt = at.cpt(pos);
      const flags = at.flags(pos);

      const contraction = contractionLength(at, pos, end, (cp) => cp);
      if (contraction > 0) {
        pos += at.emit(pos + contraction);
        continue;
      }

      let flags2 = cpt === SPACE ? at.flags(pos + 1) : flags;
      if (flags2 & FLAG.LETTER) {
        pos += cpt === SPACE ? 1 : 0;
        while (flags2 & FLAG.LETTER) flags2 = at.flags(++pos);
        at.emit(pos);
        continue;
      }
      if (flags2 & FLAG.NUMBER) {
        pos += cpt === SPACE ? 1 : 0;
        while (flags2 & FLAG.NUMBER) flags2 = at.flags(++pos);
        at.emit(pos);
        continue;
      }
      if (notWordish(flags2) && flags2) {
        pos += cpt === SPACE ? 1 : 0;
        while (notWordish(flags2) && flags2) flags2 = at.flags(++pos);
        at.emit(pos);
        continue;
      }

      let whitespaces = 0;
      while (at.flags(pos + whitespaces) & FLAG.WHITESPACE) whitespaces++;
      if (whitespaces > 1 && at.cpt(pos + whitespaces) !== OUT_OF_RANGE) {
        pos += whitespaces - 1;
        at.emit(pos);
        continue;
      }
      if (whitespaces > 0) {
        pos += whitespaces;
        at.emit(pos);
        continue;
      }
      at.emit(++pos);
    }
  });
}

/**
 * unicode_regex_split_custom_llama3 (3 digits, letters), _qwen2 (1 digit, letters) and _qwen35 (1
 * digit, letters and combining marks), which differ only in how many digits a number piece may hold
 * and whether marks count with letters (in the letter runs, and out of the punctuation runs).
 */
function splitLlama3Like(cpts: readonly number[], offsets: Offsets, maxDigits: 1 | 3, letters: number): Offsets {
  return splitEachPiece(cpts, offsets, (at, ini, end) => {
    for (let pos = ini; pos < end;) {
      const cpt = at.cpt(pos);
      const flags = at.flags(pos);

      const contraction = contractionLength(at, pos, end, lower);
      if (contraction > 0) {
        pos += at.emit(pos + contraction);
        continue;
      }

      // [^\r\n\p{L}\p{N}]?\p{L}+, or [^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+
      if (!(cpt === CR || cpt === LF || flags & FLAG.NUMBER)) {
        if (flags & letters || at.flags(pos + 1) & letters) {
          pos++;
          while (at.flags(pos) & letters) pos++;
          at.emit(pos);
          continue;
        }
      }

      if (flags & FLAG.NUMBER) {
        if (maxDigits === 1) {
          at.emit(++pos);
          continue;
        }
        let groupStart = pos;
        while (at.flags(pos) & FLAG.NUMBER) {
          if (++pos - groupStart >= maxDigits) {
            at.emit(pos);
            groupStart = pos;
          }
        }
        at.emit(pos);
        continue;
      }

      // ` ?[^\s\p{L}\p{N}]+[\r\n]*`; llama.cpp tests the first code point's own flags for "in range".
      let flags2 = cpt === SPACE ? at.flags(pos + 1) : flags;
      if (notWordish(flags2, letters) && flags) {
        pos += cpt === SPACE ? 1 : 0;
        while (notWordish(flags2, letters) && flags2) flags2 = at.flags(++pos);
        let cpt2 = at.cpt(pos);
        while (cpt2 === CR || cpt2 === LF) cpt2 = at.cpt(++pos);
        at.emit(pos);
        continue;
      }

      let whitespaces = 0;
      let lastLineBreakEnd = 0;
      while (at.flags(pos + whitespaces) & FLAG.WHITESPACE) {
        const cpt2 = at.cpt(pos + whitespaces);
        if (cpt2 === CR || cpt2 === LF) lastLineBreakEnd = pos + whitespaces + 1;
        whitespaces++;
      }
      if (lastLineBreakEnd > 0) {
        pos = lastLineBreakEnd;
        at.emit(pos);
        continue;
      }
      if (whitespaces > 1 && at.cpt(pos + whitespaces) !== OUT_OF_RANGE) {
        pos += whitespaces - 1;
        at.emit(pos);
        continue;
      }
      if (whitespaces > 0) {
        pos += whitespaces;
        at.emit(pos);
        continue;
      }
      at.emit(++pos);
    }
  });
}

/** unicode_regex_split_custom_newlines: runs of line feeds and runs of anything else. */
function splitNewlineRuns(cpts: readonly number[], offsets: Offsets): Offsets {
  const out: Offsets = [];
  let pos = 0;
  for (const offset of offsets) {
    const end = pos + offset;
    while (pos < end) {
      const isNewline = cpts[pos] === LF;
      const runStart = pos;
      while (pos < end && (cpts[pos] === LF) === isNewline) pos++;
      out.push(pos - runStart);
    }
  }
  return out;
}

/** The regexes llama.cpp runs as hand-written code (unicode_regex_split_custom). */
const CUSTOM_SPLITTERS = new Map<string, (cpts: readonly number[], offsets: Offsets) => Offsets>([
  [GPT2_REGEX, splitGpt2],
  [LLAMA3_REGEX, (cpts, offsets) => splitLlama3Like(cpts, offsets, 3, FLAG.LETTER)],
  [QWEN2_REGEX, (cpts, offsets) => splitLlama3Like(cpts, offsets, 1, FLAG.LETTER)],
  [QWEN35_REGEX, (cpts, offsets) => splitLlama3Like(cpts, offsets, 1, FLAG.LETTER | FLAG.ACCENT_MARK)],
  [NEWLINE_RUNS_REGEX, splitNewlineRuns],
]);

/** The category escapes llama.cpp collapses, and the byte each category collapses to. */
const CATEGORY_ESCAPES = new Map<string, number>([
  ['\\p{N}', FLAG.NUMBER],
  ['\\p{L}', FLAG.LETTER],
  ['\\p{P}', FLAG.PUNCTUATION],
  ['\\p{M}', FLAG.ACCENT_MARK],
  ['\\p{S}', FLAG.SYMBOL],
  ['\\p{Lu}', FLAG.LETTER],
  ['\\p{Ll}', FLAG.LETTER],
  ['\\p{Lt}', FLAG.LETTER],
  ['\\p{Lm}', FLAG.LETTER],
  ['\\p{Lo}', FLAG.LETTER],
]);
const COLLAPSED_CHAR = new Map<number, string>([
  [FLAG.NUMBER, '\xD1'],
  [FLAG.LETTER, '\xD2'],
  [FLAG.PUNCTUATION, '\xD3'],
  [FLAG.ACCENT_MARK, '\xD4'],
  [FLAG.SYMBOL, '\xD5'],
]);
/** The ASCII members of each category, which the collapsed text keeps as themselves. */
const ASCII_MEMBERS = new Map<number, string>([
  [FLAG.NUMBER, '0-9'],
  [FLAG.LETTER, 'A-Za-z'],
  [FLAG.PUNCTUATION, '!-#%-*,-/:-;?-@\\[-\\]_\\{\\}'],
  [FLAG.ACCENT_MARK, ''],
  [FLAG.SYMBOL, '\\$\\+<->^`\\|\\~'],
]);
const COLLAPSED_WHITESPACE = '\x0B';
const COLLAPSED_OTHER = '\xD0';

const usesCategories = (regex: string): boolean => [...CATEGORY_ESCAPES.keys()].some((escape) => regex.includes(escape));

/** llama.cpp's rewrite of \p{…} into the collapsed bytes, bracket tracking quirks included. */
function collapseRegex(regex: string): string {
  let out = '';
  let inside = false;
  for (let i = 0; i < regex.length; i++) {
    const ch = regex[i];
    if (ch === '[' && (i === 0 || regex[i - 1] !== '\\')) {
      out += '[';
      inside = true;
      continue;
    }
    if (inside && ch === ']' && regex[i - 1] !== '\\') {
      out += ']';
      inside = false;
      continue;
    }
    if (ch === '\\' && i + 3 < regex.length && regex[i + 1] === 'p' && regex[i + 2] === '{') {
      const close = regex.indexOf('}', i + 3);
      const category = close !== -1 && close <= i + 10 ? CATEGORY_ESCAPES.get(regex.slice(i, close + 1)) : undefined;
      if (category !== undefined) {
        const members = `${COLLAPSED_CHAR.get(category) ?? ''}${ASCII_MEMBERS.get(category) ?? ''}`;
        out += inside ? members : `[${members}]`;
        i = close;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

/** One UTF-16 unit per code point, so match indices are code point offsets. */
function collapsedText(cpts: readonly number[]): string {
  let out = '';
  for (const cp of cpts) {
    if (cp < 128) {
      out += String.fromCharCode(cp);
      continue;
    }
    const flags = codepointFlags(cp);
    out += flags & FLAG.WHITESPACE ? COLLAPSED_WHITESPACE : (COLLAPSED_CHAR.get(flags & CATEGORY_MASK) ?? COLLAPSED_OTHER);
  }
  return out;
}

/** Where each code point starts in a UTF-16 text, and back: both with one entry past the end. */
interface Positions {
  unitOf: Int32Array;
  codepointOf: Int32Array;
}

/**
 * llama.cpp's std::wregex path for regexes without categories, which matches wchar_t code points with
 * non-ASCII whitespace turned into \v. It runs here with the u flag over that text in UTF-16, so that
 * ranges of non-ASCII literals (DeepSeek's) compare code points as wregex does.
 */
function wideText(cpts: readonly number[]): { text: string; positions: Positions } {
  let text = '';
  const unitOf = new Int32Array(cpts.length + 1);
  for (const [i, cp] of cpts.entries()) {
    unitOf[i] = text.length;
    text += cp > 0x7f && codepointFlags(cp) & FLAG.WHITESPACE ? COLLAPSED_WHITESPACE : String.fromCodePoint(cp);
  }
  unitOf[cpts.length] = text.length;
  const codepointOf = new Int32Array(text.length + 1);
  for (const [i, unit] of unitOf.entries()) codepointOf[unit] = i;
  return { text, positions: { unitOf, codepointOf } };
}

const C_SPACE_CLASS = '\\t-\\r ';

/**
 * std::regex's \s and \S in the "C" locale, where only ASCII is whitespace; JavaScript's \s also
 * takes U+FEFF, which llama.cpp leaves as it is.
 */
function cLocaleWhitespace(regex: string): string {
  let out = '';
  let inside = false;
  for (let i = 0; i < regex.length; i++) {
    const ch = regex[i] ?? '';
    const next = regex[i + 1];
    if (ch === '\\' && (next === 's' || next === 'S')) {
      if (inside && next === 'S') throw new Error(`pre-tokenizer regex has \\S inside a character class: ${regex}`);
      out += inside ? C_SPACE_CLASS : `[${next === 'S' ? '^' : ''}${C_SPACE_CLASS}]`;
      i++;
      continue;
    }
    if (ch === '\\') {
      out += ch + (next ?? '');
      i++;
      continue;
    }
    if (ch === '[') inside = true;
    if (ch === ']') inside = false;
    out += ch;
  }
  return out;
}

/**
 * unicode_regex_split_stl: matches and the gaps between them both become pieces. Without `positions`
 * the text has one UTF-16 unit per code point.
 */
function splitByRegex(text: string, regex: RegExp, offsets: Offsets, positions?: Positions): Offsets {
  const unitOf = (cp: number) => (positions === undefined ? cp : (positions.unitOf[cp] ?? text.length));
  const codepointOf = (unit: number) => (positions === undefined ? unit : (positions.codepointOf[unit] ?? 0));
  const out: Offsets = [];
  let start = 0;
  for (const offset of offsets) {
    const end = start + offset;
    const pieceStart = unitOf(start);
    const piece = text.slice(pieceStart, unitOf(end));
    regex.lastIndex = 0;
    let consumed = start;
    for (let match = regex.exec(piece); match !== null; match = regex.exec(piece)) {
      // std::regex_iterator steps over empty matches differently from RegExp.exec; none of the
      // supported regexes can match empty, so meeting one means this port is being misused.
      if (match[0].length === 0) throw new Error(`pre-tokenizer regex ${regex.source} matched an empty string`);
      const from = codepointOf(pieceStart + match.index);
      const to = codepointOf(pieceStart + match.index + match[0].length);
      if (from > consumed) out.push(from - consumed);
      out.push(to - from);
      consumed = to;
    }
    if (consumed < end) out.push(end - consumed);
    start = end;
  }
  return out;
}

/** A compiled pre-tokenizer: well-formed text in, its words out (they concatenate back to the text). */
export type WordSplitter = (text: string) => string[];

export function createWordSplitter(regexes: readonly string[]): WordSplitter {
  const steps = regexes.map((regex) => {
    const custom = CUSTOM_SPLITTERS.get(regex);
    if (custom !== undefined) return { custom };
    const collapsed = usesCategories(regex);
    if (collapsed && /[^\0-\x7f]/.test(regex))
      throw new Error(`llama.cpp refuses a pre-tokenizer regex with both Unicode categories and non-ASCII characters: ${regex}`);
    const source = collapsed ? collapseRegex(regex) : cLocaleWhitespace(regex);
    if (/\\p\{/.test(source)) throw new Error(`pre-tokenizer regex uses a Unicode category llama.cpp cannot collapse: ${regex}`);
    return { regex: new RegExp(source, collapsed ? 'g' : 'gu'), collapsed };
  });
  return (text) => {
    const cpts = codepointsOf(text);
    let collapsed: string | undefined;
    let wide: ReturnType<typeof wideText> | undefined;
    let offsets: Offsets = cpts.length > 0 ? [cpts.length] : [];
    for (const step of steps) {
      if (step.custom !== undefined) {
        offsets = step.custom(cpts, offsets);
      } else if (step.collapsed) {
        collapsed ??= collapsedText(cpts);
        offsets = splitByRegex(collapsed, step.regex, offsets);
      } else {
        wide ??= wideText(cpts);
        offsets = splitByRegex(wide.text, step.regex, offsets, wide.positions);
      }
    }
    const words: string[] = [];
    let cp = 0;
    let unit = 0;
    for (const offset of offsets) {
      const from = unit;
      for (const end = cp + offset; cp < end; cp++) unit += (cpts[cp] ?? 0) > 0xffff ? 2 : 1;
      words.push(text.slice(from, unit));
    }
    return words;
  };
}
