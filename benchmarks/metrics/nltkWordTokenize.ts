/**
 * nltk's `word_tokenize(text, preserve_line=True)`: its NLTKWordTokenizer (an improved Penn Treebank
 * tokenizer, nltk 3.8 nltk/tokenize/destructive.py) over the whole text as one line. Python's regex classes
 * are Unicode-aware where JavaScript's are not, so \w, \b, \d and \s are spelled out as Python reads them.
 */
import { PYTHON_WHITESPACE_CLASS as S, pythonSplit } from '../prompts/pythonWhitespace';
import { PYTHON_WORD_BOUNDARY as B, PYTHON_WORD_CHAR as W } from './pythonWordBoundary';

type Substitution = [pattern: RegExp, replacement: string];

const rx = (source: string, flags = ''): RegExp => new RegExp(source, `gu${flags}`);

const STARTING_QUOTES: Substitution[] = [
  [rx('([«“‘„]|[`]+)'), ' $1 '],
  [rx('^"'), '``'],
  [rx('(``)'), ' $1 '],
  [rx('([ \\(\\[{<])("|\'{2})'), '$1 `` '],
  [rx(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${B}`, 'i'), '$1 $2'],
];

const ENDING_QUOTES: Substitution[] = [
  [rx('([»”’])'), ' $1 '],
  [rx("''"), " '' "],
  [rx('"'), " '' "],
  [rx("([^' ])('[sS]|'[mM]|'[dD]|') "), '$1 $2 '],
  [rx("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) "), '$1 $2 '],
];

const PUNCTUATION: Substitution[] = [
  [rx(`([^\\.])(\\.)([\\]\\)}>"'»”’ ]*)${S}*$`), '$1 $2 $3 '],
  [rx('([:,])([^\\p{Nd}])'), ' $1 $2'],
  // Python's $ also matches before a final newline.
  [rx('([:,])(?=\\n?$)'), ' $1 '],
  [rx('\\.{2,}'), ' $& '],
  [rx('[;@#$%&]'), ' $& '],
  [rx(`([^\\.])(\\.)([\\]\\)}>"']*)${S}*$`), '$1 $2$3 '],
  [rx('[?!]'), ' $& '],
  [rx("([^'])' "), "$1 ' "],
  [rx('[*]'), ' $& '],
];

const PARENS_BRACKETS: Substitution = [rx('[\\]\\[(){}<>]'), ' $& '];
const DOUBLE_DASHES: Substitution = [rx('--'), ' -- '];

/** MacIntyre's contractions, as nltk uses them (CONTRACTIONS4 is commented out upstream). */
const CONTRACTIONS: RegExp[] = [
  rx(`${B}(can)(not)${B}`, 'i'),
  rx(`${B}(d)('ye)${B}`, 'i'),
  rx(`${B}(gim)(me)${B}`, 'i'),
  rx(`${B}(gon)(na)${B}`, 'i'),
  rx(`${B}(got)(ta)${B}`, 'i'),
  rx(`${B}(lem)(me)${B}`, 'i'),
  rx(`${B}(more)('n)${B}`, 'i'),
  rx(`${B}(wan)(na)(?=${S})`, 'i'),
  rx(` ('t)(is)${B}`, 'i'),
  rx(` ('t)(was)${B}`, 'i'),
];

const apply = (text: string, [pattern, replacement]: Substitution): string => text.replace(pattern, replacement);

export function nltkWordTokenize(input: string): string[] {
  let text = STARTING_QUOTES.reduce(apply, input);
  text = PUNCTUATION.reduce(apply, text);
  text = apply(text, PARENS_BRACKETS);
  text = apply(text, DOUBLE_DASHES);
  text = ENDING_QUOTES.reduce(apply, ` ${text} `);
  for (const pattern of CONTRACTIONS) text = text.replace(pattern, ' $1 $2 ');
  return pythonSplit(text);
}
