import { describe, expect, it } from 'vitest';
import { orderPickedParts, parseSplitName, splitCommand, splitPartSizes, splitPartUrls } from './ggufSplit';

const part = (i: number, n = 3, prefix = 'med') => ({
  name: `${prefix}-${String(i).padStart(5, '0')}-of-${String(n).padStart(5, '0')}.gguf`,
});

describe('split GGUF names', () => {
  it('parses llama-gguf-split names and rejects others', () => {
    expect(parseSplitName('medgemma-Q4_K_M-00002-of-00003.gguf')).toEqual({ prefix: 'medgemma-Q4_K_M', index: 2, count: 3 });
    expect(parseSplitName('medgemma-Q4_K_M.gguf')).toBeNull();
    expect(parseSplitName('m-00004-of-00003.gguf')).toBeNull();
    expect(parseSplitName('m-00000-of-00003.gguf')).toBeNull();
  });

  it('lists every part URL from the first, keeping the query string', () => {
    expect(splitPartUrls('https://host/models/x-00001-of-00003.gguf?download=true')).toEqual([
      'https://host/models/x-00001-of-00003.gguf?download=true',
      'https://host/models/x-00002-of-00003.gguf?download=true',
      'https://host/models/x-00003-of-00003.gguf?download=true',
    ]);
    expect(splitPartUrls('https://host/models/x.gguf')).toEqual(['https://host/models/x.gguf']);
  });

  it('gives the exact llama-gguf-split command', () => {
    expect(splitCommand('medgemma-4b-it-Q4_K_M.gguf')).toBe(
      'llama-gguf-split --split --split-max-size 512M medgemma-4b-it-Q4_K_M.gguf medgemma-4b-it-Q4_K_M',
    );
  });
});

describe('orderPickedParts', () => {
  it('orders a whole set picked in any order', () => {
    const picked = [part(3), part(1), part(2)];
    expect(orderPickedParts(picked)).toEqual({ ok: true, parts: [part(1), part(2), part(3)], prefix: 'med' });
  });

  it('takes one plain file as it is', () => {
    expect(orderPickedParts([{ name: 'model.gguf' }])).toEqual({ ok: true, parts: [{ name: 'model.gguf' }], prefix: 'model' });
  });

  it('names the missing parts', () => {
    const r = orderPickedParts([part(1), part(3)]);
    expect(r).toEqual({ ok: false, error: 'Missing part of 3: med-00002-of-00003.gguf. Pick all parts together.' });
  });

  it('refuses a part picked twice, parts of two sets, and a plain file among parts', () => {
    expect(orderPickedParts([part(1), part(1), part(2)])).toEqual({ ok: false, error: 'Part 1 of 3 was picked twice.' });
    expect(orderPickedParts([part(1), part(2, 3, 'other')])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/belongs to another split set/),
    });
    expect(orderPickedParts([part(1), { name: 'model.gguf' }])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/"model\.gguf" is not a part/),
    });
    expect(orderPickedParts([])).toMatchObject({ ok: false });
  });
});

describe('splitPartSizes', () => {
  const urls = ['https://h/m-00001-of-00002.gguf', 'https://h/m-00002-of-00002.gguf'];
  const serve = (sizes: Record<string, number | null>) =>
    (async (input: RequestInfo | URL, init?: RequestInit) => {
      expect(init?.method).toBe('HEAD');
      const size = sizes[String(input)];
      return size === undefined
        ? new Response(null, { status: 404 })
        : new Response(null, { headers: size === null ? {} : { 'Content-Length': String(size) } });
    }) as typeof fetch;

  it('asks the host for each part’s size, in order', async () => {
    expect(await splitPartSizes(urls, serve({ [urls[0]!]: 700, [urls[1]!]: 300 }))).toEqual([700, 300]);
  });

  it('gives null when a part is missing or its size is not said', async () => {
    expect(await splitPartSizes(urls, serve({ [urls[0]!]: 700 }))).toBeNull();
    expect(await splitPartSizes(urls, serve({ [urls[0]!]: 700, [urls[1]!]: null }))).toBeNull();
  });
});
