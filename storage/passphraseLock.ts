import type { LockKey } from '../core/lockKey';
import { fromBase64, toBase64 } from './base64';

export type { LockKey };

/**
 * The passphrase lock's cryptography and nothing else: a key derived from a passphrase, a key check
 * that tells a wrong passphrase apart before any record is read, and text sealed with AES-GCM. It
 * uses only WebCrypto (globalThis.crypto), so the page and Node tests run the same code.
 */

/**
 * PBKDF2-HMAC-SHA-256 rounds. 600,000 is OWASP's recommendation for this hash (Password Storage Cheat
 * Sheet, 2023): the salt and ciphertext lie in the browser profile and in every export, so a guessed
 * passphrase must cost an attacker this much hashing. It costs a user about half a second per unlock.
 */
export const PBKDF2_ITERATIONS = 600_000;
export const SALT_BYTES = 16;
/** AES-GCM's standard nonce size; a fresh random one for every value sealed. */
export const IV_BYTES = 12;
/** Shorter passphrases are refused: the iteration count slows guessing, but cannot make a short one safe. */
export const MIN_PASSPHRASE_LENGTH = 8;
/**
 * The `settings` key the lock record is stored under, so it is exported and wiped with everything else.
 * Named from when the lock covered consultations only; kept, so existing locks and exports still open.
 */
export const LOCK_SETTING_KEY = 'consultationLock';

/** Sealed with the key and kept in the lock record: opening it proves a passphrase right. Never changes, as LOCK_SETTING_KEY. */
const KEY_CHECK_TEXT = 'Bedside consultation lock';

/** One sealed text value, base64 so it survives JSON export as it is. */
export interface SealedText {
  iv: string;
  ciphertext: string;
}

/** What is stored to derive and check the key. Holds no secret: the passphrase is never stored. */
export interface LockRecord {
  /** The record's format, so a later release can change the cipher and still read this one. */
  version: 1;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  check: SealedText;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function deriveKey(passphrase: string, kdf: LockRecord['kdf']): Promise<CryptoKey> {
  const { subtle } = globalThis.crypto;
  // NFC: the same passphrase typed on another system may arrive as other code points.
  const material = await subtle.importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: kdf.name, hash: kdf.hash, salt: fromBase64(kdf.salt), iterations: kdf.iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    // Not extractable: the key cannot be read out of memory as bytes, so it cannot be stored by mistake.
    false,
    ['encrypt', 'decrypt'],
  );
}

/** A new lock with a fresh random salt, and its key. */
export async function createLock(passphrase: string): Promise<{ lock: LockRecord; key: LockKey }> {
  const salt = toBase64(globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
  const kdf = { name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS, salt } as const;
  const key: LockKey = { cryptoKey: await deriveKey(passphrase, kdf), salt };
  return { lock: { version: 1, kdf, check: await sealText(key, KEY_CHECK_TEXT) }, key };
}

/** The key if `passphrase` opens `lock`, or null if it does not. Needs nothing but the lock record. */
export async function openLock(lock: LockRecord, passphrase: string): Promise<LockKey | null> {
  const key: LockKey = { cryptoKey: await deriveKey(passphrase, lock.kdf), salt: lock.kdf.salt };
  try {
    return (await openText(key, lock.check)) === KEY_CHECK_TEXT ? key : null;
  } catch (e) {
    // Under another key AES-GCM's tag does not verify: that, and only that, means a wrong passphrase.
    if ((e as Error).name === 'OperationError') return null;
    throw e;
  }
}

export async function sealText(key: LockKey, text: string): Promise<SealedText> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key.cryptoKey, encoder.encode(text));
  return { iv: toBase64(iv), ciphertext: toBase64(new Uint8Array(ciphertext)) };
}

export async function openText(key: LockKey, sealed: SealedText): Promise<string> {
  const plain = await globalThis.crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(sealed.iv) },
    key.cryptoKey,
    fromBase64(sealed.ciphertext),
  );
  return decoder.decode(plain);
}
