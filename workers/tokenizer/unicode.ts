import { CATEGORY_RANGES } from './unicodeData';

/** llama.cpp's unicode_cpt_flags bits (src/unicode.h); a code point has exactly one category bit. */
export const FLAG = {
  UNDEFINED: 0x0001,
  NUMBER: 0x0002,
  LETTER: 0x0004,
  SEPARATOR: 0x0008,
  ACCENT_MARK: 0x0010,
  PUNCTUATION: 0x0020,
  SYMBOL: 0x0040,
  CONTROL: 0x0080,
  WHITESPACE: 0x0100,
} as const;

/** unicode_set_whitespace in llama.cpp's src/unicode-data.cpp. */
const WHITESPACE_CODEPOINTS = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
  0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];

const MAX_CODEPOINTS = 0x110000;
const WHITESPACE_BIT = 0x08;

// One byte per code point (category index in the low 3 bits, whitespace in bit 3), as llama.cpp keeps a
// flat per-code-point array too: 1.1 MB, built on first use, O(1) lookups in the hot splitting loops.
let table: Uint8Array | undefined;

function buildTable(): Uint8Array {
  const out = new Uint8Array(MAX_CODEPOINTS);
  let start = 0;
  let category = 0;
  for (const entry of CATEGORY_RANGES.trim().split(/\s+/)) {
    const next = start + parseInt(entry.slice(1), 36);
    out.fill(category, start, next);
    category = Number(entry[0]);
    start = next;
  }
  out.fill(category, start);
  for (const cp of WHITESPACE_CODEPOINTS) out[cp] = (out[cp] ?? 0) | WHITESPACE_BIT;
  return out;
}

/**
 * llama.cpp's unicode_cpt_flags_from_cpt, less the lower/upper/NFD bits no tokenizer here reads.
 * Never 0 for a code point; the splitters use 0 for "past the end of the fragment", as llama.cpp does.
 */
export function codepointFlags(cp: number): number {
  if (cp >= MAX_CODEPOINTS) return FLAG.UNDEFINED;
  table ??= buildTable();
  const packed = table[cp] ?? 0;
  return (1 << (packed & 0x07)) | (packed & WHITESPACE_BIT ? FLAG.WHITESPACE : 0);
}

/**
 * What a JS string becomes on its way into llama.cpp (Node's and the browser's UTF-8 encoders agree):
 * each unpaired surrogate turns into U+FFFD. Everything downstream may then assume valid UTF-8.
 */
export function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function codepointsOf(text: string): number[] {
  return Array.from(text, (ch) => ch.codePointAt(0) ?? 0);
}
