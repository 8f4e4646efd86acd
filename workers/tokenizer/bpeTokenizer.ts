import { PriorityQueue } from './priorityQueue';
import type { WordSplitter } from './regexSplit';
import type { Fragment } from './specialTokenSplit';

/** What llama.cpp's BPE tokenizer ("gpt2", "gemma4") needs from the vocabulary. */
export interface BpeVocabulary {
  tokenToId: ReadonlyMap<string, number>;
  /** Merge rank by "left right", the GGUF merge line itself; the first of duplicate lines wins. */
  ranks: ReadonlyMap<string, number>;
  splitWords: WordSplitter;
  /** Take a whole pre-tokenized word that is itself a token without merging (llama3-style vocabularies). */
  ignoreMerges: boolean;
  /** Spaces become U+2581 before the words are split. */
  escapeWhitespaces: boolean;
  /** GPT-2 byte characters; otherwise raw UTF-8 characters with "<0xXX>" byte tokens as the fallback. */
  byteEncode: boolean;
  /** Gemma 4: a word of line feeds that is itself a token is taken whole. */
  wholeNewlineRuns: boolean;
}

/**
 * GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the other 68 bytes for
 * U+0100 onwards in byte order, so every byte is a visible character in token texts.
 */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const chars: string[] = [];
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) {
    const printable = (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
    chars.push(String.fromCharCode(printable ? byte : 256 + shifted++));
  }
  return chars;
})();

interface Bigram {
  left: number;
  right: number;
  text: string;
  rank: number;
}

/** llama.cpp's llm_bigram_bpe comparator: lowest rank first, then the leftmost pair. */
const mergesFirst = (a: Bigram, b: Bigram) => a.rank < b.rank || (a.rank === b.rank && a.left < b.left);

const LINE_FEEDS = /^\n+$/;

/**
 * Merges one word as llm_tokenizer_bpe_session does and returns its final symbols, which start as its
 * characters: one UTF-16 unit each when byte-encoded (those characters are all below U+0144), one
 * code point each otherwise (llama.cpp steps by UTF-8 sequence).
 */
function mergeWord(word: string, vocab: BpeVocabulary): string[] {
  if ((vocab.ignoreMerges || (vocab.wholeNewlineRuns && LINE_FEEDS.test(word))) && vocab.tokenToId.has(word)) return [word];
  const symbols = vocab.byteEncode ? word.split('') : Array.from(word);
  const next = symbols.map((_, i) => (i + 1 < symbols.length ? i + 1 : -1));
  const prev = symbols.map((_, i) => i - 1);

  const queue = new PriorityQueue<Bigram>(mergesFirst);
  const addBigram = (left: number, right: number) => {
    if (left === -1 || right === -1) return;
    const leftText = symbols[left] ?? '';
    const rightText = symbols[right] ?? '';
    const rank = vocab.ranks.get(`${leftText} ${rightText}`);
    if (rank !== undefined) queue.push({ left, right, text: leftText + rightText, rank });
  };
  for (let i = 1; i < symbols.length; i++) addBigram(i - 1, i);

  for (let bigram = queue.pop(); bigram !== undefined; bigram = queue.pop()) {
    const leftText = symbols[bigram.left] ?? '';
    const rightText = symbols[bigram.right] ?? '';
    if (leftText === '' || rightText === '' || leftText + rightText !== bigram.text) continue;
    symbols[bigram.left] = bigram.text;
    symbols[bigram.right] = '';
    const after = next[bigram.right] ?? -1;
    next[bigram.left] = after;
    if (after >= 0) prev[after] = bigram.left;
    addBigram(prev[bigram.left] ?? -1, bigram.left);
    addBigram(bigram.left, after);
  }
  return symbols.filter((s) => s !== '');
}

/** "<0xXX>", upper-case hex, as llama.cpp spells the byte tokens of a non-byte-encoded vocabulary. */
const byteTokenText = (byte: number) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`;

/**
 * The BPE branch of llama_vocab::impl::tokenize with llm_tokenizer_bpe_session: pre-tokenize each text
 * fragment into words, byte-encode (or not) and merge each word, then map symbols to ids.
 */
export function createBpeEncoder(vocab: BpeVocabulary): (fragments: readonly Fragment[], output: number[]) => void {
  const encoder = new TextEncoder();
  const byteEncode = (word: string) => Array.from(encoder.encode(word), (byte) => BYTE_TO_CHAR[byte] ?? '').join('');
  // llama.cpp falls back to looking up each UTF-8 byte of an unknown symbol and silently drops bytes it
  // cannot find. Byte-encoded, it looks up the raw byte as a one-character text: a byte of 0x80 or more
  // on its own is not valid UTF-8, so no token text read from GGUF as a string can match it.
  const byteTokenId = vocab.byteEncode
    ? (byte: number) => (byte < 0x80 ? vocab.tokenToId.get(String.fromCharCode(byte)) : undefined)
    : (byte: number) => vocab.tokenToId.get(byteTokenText(byte));
  return (fragments, output) => {
    for (const fragment of fragments) {
      if ('token' in fragment) {
        output.push(fragment.token);
        continue;
      }
      const text = vocab.escapeWhitespaces ? fragment.text.replaceAll(' ', '\u2581') : fragment.text;
      for (const word of vocab.splitWords(text)) {
        for (const symbol of mergeWord(vocab.byteEncode ? byteEncode(word) : word, vocab)) {
          const id = vocab.tokenToId.get(symbol);
          if (id !== undefined) {
            output.push(id);
            continue;
          }
          for (const byte of encoder.encode(symbol)) {
            const byteId = byteTokenId(byte);
            if (byteId !== undefined) output.push(byteId);
          }
        }
      }
    }
  };
}
