import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256';

// Expected digests are the FIPS 180-2 examples and `printf %s … | sha256sum` output.
describe('sha256Hex', () => {
  it('hashes the FIPS 180-2 examples', async () => {
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('hashes UTF-8 bytes, not UTF-16 units', async () => {
    expect(await sha256Hex('\u00e9')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
    expect(await sha256Hex('Question: {question}')).toBe('b6f9739c2a651441320a36e444c6c6555e988db27bf7bce3cdf57bbd5a44e4f3');
  });

  it('hashes bytes as given', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
