import { BYTE_TO_CHAR } from './bpeTokenizer';
import { ATTR } from './tokenAttributes';

const CHAR_TO_BYTE = new Map(BYTE_TO_CHAR.map((char, byte) => [char, byte]));
const encoder = new TextEncoder();

/** llama_vocab::impl::token_to_byte: the hex digits of a "<0xXX>" text, parsed as strtol would. */
function byteOfByteToken(text: string): number {
  const digits = /^[0-9a-fA-F]*/.exec(text.substring(3, 5))?.[0] ?? '';
  return digits === '' ? 0 : parseInt(digits, 16);
}

/** llama_decode_text: GPT-2 byte characters back to bytes, with llama.cpp's marker for anything else. */
function decodeByteLevel(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const byte = CHAR_TO_BYTE.get(char);
    if (byte !== undefined) {
      bytes.push(byte);
      continue;
    }
    const hex = Array.from(encoder.encode(char), (b) => b.toString(16).padStart(2, '0')).join('');
    bytes.push(...encoder.encode(`[UNK_BYTE_0x${hex}${text}]`));
  }
  return Uint8Array.from(bytes);
}

/** How normal tokens spell their text: spaces as U+2581 (SentencePiece, Gemma 4) or GPT-2 byte characters. */
export type NormalTokenSpelling = 'escaped-whitespace' | 'byte-level';

/**
 * llama_token_to_piece(token, special = true): the bytes a token stands for. Control, unknown and
 * user-defined tokens give their text; normal ones their text decoded (U+2581 to space, or GPT-2
 * byte characters to bytes); byte tokens their byte; anything else (unused, undefined) nothing.
 */
export function tokenPiece(text: string, attr: number, spelling: NormalTokenSpelling): Uint8Array {
  if (attr & (ATTR.UNKNOWN | ATTR.CONTROL | ATTR.USER_DEFINED)) return encoder.encode(text);
  if (attr & ATTR.NORMAL) return spelling === 'escaped-whitespace' ? encoder.encode(text.replaceAll('\u2581', ' ')) : decodeByteLevel(text);
  if (attr & ATTR.BYTE) return Uint8Array.of(byteOfByteToken(text));
  return new Uint8Array(0);
}
