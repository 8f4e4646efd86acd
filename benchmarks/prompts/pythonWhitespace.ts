/** Python's str.isspace characters: what lm-eval's `str.strip()` and `rstrip()` remove. */
export const PYTHON_WHITESPACE: ReadonlySet<string> = new Set(
  '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000',
);

/** Python's `text.rstrip()`. JavaScript's trimEnd differs (it strips U+FEFF, keeps U+001C–U+001F and U+0085). */
export function pythonRstrip(text: string): string {
  let end = text.length;
  while (end > 0 && PYTHON_WHITESPACE.has(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** Python's `text.strip()`. */
export function pythonStrip(text: string): string {
  let start = 0;
  while (start < text.length && PYTHON_WHITESPACE.has(text[start]!)) start++;
  return pythonRstrip(text.slice(start));
}

/** A regex character class of Python's whitespace, for patterns that port Python's `\s` on str. */
export const PYTHON_WHITESPACE_CLASS = `[${[...PYTHON_WHITESPACE].map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('')}]`;

/** Python's `text.split()`: split on runs of whitespace, no empty pieces. */
export function pythonSplit(text: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const ch of text) {
    if (PYTHON_WHITESPACE.has(ch)) {
      if (current !== '') pieces.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
