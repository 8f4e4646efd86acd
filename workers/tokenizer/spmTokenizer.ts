import { PriorityQueue } from './priorityQueue';
import type { Fragment } from './specialTokenSplit';

/** What llama.cpp's SentencePiece ("llama") tokenizer needs from the vocabulary. */
export interface SpmVocabulary {
  tokenToId: ReadonlyMap<string, number>;
  /** As llama.cpp holds them: f32, 0 when the file has none. */
  scores: Float32Array;
  addSpacePrefix: boolean;
}

interface Bigram {
  left: number;
  right: number;
  score: number;
  /** Length of the merged text when queued; a mismatch later means the entry is stale. */
  size: number;
}

/** llama.cpp's llm_bigram_spm comparator: highest score first, then the leftmost pair. */
const mergesFirst = (a: Bigram, b: Bigram) => a.score > b.score || (a.score === b.score && a.left < b.left);

const WORD_BOUNDARY = '\u2581';

function byteTokenizer(tokenToId: ReadonlyMap<string, number>): (byte: number) => number {
  // llama_vocab::byte_to_token for SPM: "<0xXX>", else the byte itself as a one-character token.
  return (byte) => {
    const hex = `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
    const id = tokenToId.get(hex) ?? (byte < 0x80 ? tokenToId.get(String.fromCharCode(byte)) : undefined);
    if (id === undefined) throw new Error(`the vocabulary has no byte token ${hex}, which llama.cpp needs for this text`);
    return id;
  };
}

/**
 * llama.cpp's llm_tokenizer_spm_session: start from single characters and keep merging the adjacent
 * pair whose merged text is the highest-scoring token; characters never merged into a token fall back
 * to their UTF-8 bytes. Symbol lengths are counted in UTF-16 units instead of bytes, which changes no
 * decision: they only ever grow, so comparing them detects a stale pair exactly as byte counts do.
 */
function tokenizeSpm(
  text: string,
  vocab: SpmVocabulary,
  byteToken: (byte: number) => number,
  encoder: TextEncoder,
  output: number[],
): void {
  const start: number[] = [];
  const length: number[] = [];
  const prev: number[] = [];
  const next: number[] = [];
  for (let unit = 0; unit < text.length;) {
    const n = (text.codePointAt(unit) ?? 0) > 0xffff ? 2 : 1;
    const index = start.length;
    start.push(unit);
    length.push(n);
    prev.push(index - 1);
    unit += n;
    next.push(unit === text.length ? -1 : index + 1);
  }
  if (start.length === 0) return;

  const queue = new PriorityQueue<Bigram>(mergesFirst);
  const tryAddBigram = (left: number, right: number) => {
    if (left === -1 || right === -1) return;
    const merged = text.substr(start[left] ?? 0, (length[left] ?? 0) + (length[right] ?? 0));
    const id = vocab.tokenToId.get(merged);
    if (id === undefined) return;
    queue.push({ left, right, score: vocab.scores[id] ?? 0, size: merged.length });
  };

  for (let i = 1; i < start.length; i++) tryAddBigram(i - 1, i);

  for (let bigram = queue.pop(); bigram !== undefined; bigram = queue.pop()) {
    const { left, right } = bigram;
    const leftLength = length[left] ?? 0;
    const rightLength = length[right] ?? 0;
    if (leftLength === 0 || rightLength === 0 || leftLength + rightLength !== bigram.size) continue;
    length[left] = leftLength + rightLength;
    length[right] = 0;
    const after = next[right] ?? -1;
    next[left] = after;
    if (after >= 0) prev[after] = left;
    tryAddBigram(prev[left] ?? -1, left);
    tryAddBigram(left, after);
  }

  // llama.cpp's resegment() also consults a map of past merges, but only for texts that are not
  // tokens, and every merge it records is a token, so a symbol is either a token or its bytes.
  for (let i = 0; i !== -1; i = next[i] ?? -1) {
    const symbol = text.substr(start[i] ?? 0, length[i] ?? 0);
    const id = vocab.tokenToId.get(symbol);
    if (id !== undefined) output.push(id);
    else for (const byte of encoder.encode(symbol)) output.push(byteToken(byte));
  }
}

/**
 * The SPM branch of llama_vocab::impl::tokenize: each text fragment gets the space prefix when it
 * starts the input or follows a token cut out of it, then spaces become U+2581 before merging.
 */
export function createSpmEncoder(vocab: SpmVocabulary): (fragments: readonly Fragment[], output: number[]) => void {
  const byteToken = byteTokenizer(vocab.tokenToId);
  const encoder = new TextEncoder();
  return (fragments, output) => {
    let afterSpecial = true;
    for (const fragment of fragments) {
      if ('token' in fragment) {
        output.push(fragment.token);
        afterSpecial = true;
        continue;
      }
      const text = (vocab.addSpacePrefix && afterSpecial ? ' ' : '') + fragment.text;
      tokenizeSpm(text.replaceAll(' ', WORD_BOUNDARY), vocab, byteToken, encoder, output);
      afterSpecial = false;
    }
  };
}
