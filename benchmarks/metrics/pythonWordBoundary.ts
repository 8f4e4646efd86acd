/**
 * Python's `\w` and `\b` on str, as regex source for JavaScript's `u` mode, whose own `\w` and `\b` are
 * ASCII-only: Python counts every letter and number (str.isalnum) and the underscore as a word character.
 */
export const PYTHON_WORD_CHAR = '[\\p{L}\\p{N}_]';

export const PYTHON_WORD_BOUNDARY = `(?:(?<=${PYTHON_WORD_CHAR})(?!${PYTHON_WORD_CHAR})|(?<!${PYTHON_WORD_CHAR})(?=${PYTHON_WORD_CHAR}))`;
