import { afterEach, describe, expect, test, vi } from 'vitest';
import { fromBase64 } from './base64';
import { createLock, IV_BYTES, openLock, openText, PBKDF2_ITERATIONS, SALT_BYTES, sealText } from './passphraseLock';

describe('passphrase lock cryptography (WebCrypto in Node)', () => {
  afterEach(() => vi.restoreAllMocks());

  test('text sealed with a passphrase opens again with the same passphrase, through JSON', async () => {
    const { lock, key } = await createLock('correct horse battery');
    const text = 'Chest pain, 54 y/o — troponin 0.4 ng/mL 🫀';
    const sealed = await sealText(key, text);
    expect(JSON.stringify(sealed)).not.toContain('troponin');
    const reopened = await openLock(JSON.parse(JSON.stringify(lock)), 'correct horse battery');
    expect(reopened).not.toBeNull();
    expect(await openText(reopened!, JSON.parse(JSON.stringify(sealed)))).toBe(text);
  });

  test('a wrong passphrase is refused by the key check alone, and cannot open sealed text', async () => {
    const { lock, key } = await createLock('correct horse battery');
    expect(await openLock(lock, 'correct horse batterY')).toBeNull();
    expect(await openLock(lock, '')).toBeNull();
    // A key derived from the wrong passphrase, as openLock would, fails AES-GCM's tag.
    const other = await createLock('another passphrase');
    await expect(openText(other.key, await sealText(key, 'secret'))).rejects.toMatchObject({ name: 'OperationError' });
  });

  test('every value gets a fresh 12-byte IV; every lock a fresh 16-byte salt', async () => {
    const { lock, key } = await createLock('correct horse battery');
    const sealed = await Promise.all(Array.from({ length: 50 }, () => sealText(key, 'same text')));
    for (const s of sealed) expect(fromBase64(s.iv)).toHaveLength(IV_BYTES);
    expect(new Set(sealed.map((s) => s.iv)).size).toBe(sealed.length);
    expect(new Set(sealed.map((s) => s.ciphertext)).size).toBe(sealed.length);
    expect(fromBase64(lock.kdf.salt)).toHaveLength(SALT_BYTES);
    expect((await createLock('correct horse battery')).lock.kdf.salt).not.toBe(lock.kdf.salt);
  });

  test('the key is derived with PBKDF2-SHA-256 at 600,000 iterations or more, over the stored salt', async () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const derive = vi.spyOn(globalThis.crypto.subtle, 'deriveKey');
    const { lock } = await createLock('correct horse battery');
    await openLock(lock, 'correct horse battery');
    expect(derive).toHaveBeenCalledTimes(2);
    for (const [params, , derived, extractable] of derive.mock.calls) {
      const pbkdf2 = params as Pbkdf2Params;
      expect(pbkdf2).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256' });
      expect(pbkdf2.iterations).toBeGreaterThanOrEqual(600_000);
      expect([...(pbkdf2.salt as Uint8Array)]).toEqual([...fromBase64(lock.kdf.salt)]);
      expect(derived).toEqual({ name: 'AES-GCM', length: 256 });
      expect(extractable).toBe(false);
    }
    expect(lock.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS });
  });

  test('the iteration count is read from the lock record: a record edited to fewer iterations opens nothing', async () => {
    const { lock } = await createLock('correct horse battery');
    expect(await openLock({ ...lock, kdf: { ...lock.kdf, iterations: 1 } }, 'correct horse battery')).toBeNull();
  });
});
