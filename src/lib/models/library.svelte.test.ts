import { afterEach, describe, expect, test } from 'vitest';
import { sha256Hex } from '../../../benchmarks/sha256';
import { listCustomModels } from '../../../storage/customModels';
import { catalog } from '../../../models/catalog';
import { ModelLibrary } from './library.svelte';

// The bundled model, under a URL unique to this file: other tests may keep models in the same database.
const url = new URL('models/stories260K/stories260K.gguf?library-test', location.href).href;
const id = `custom:${url}`;

async function bundledFile(name: string): Promise<File> {
  const res = await fetch('/models/stories260K/stories260K.gguf');
  return new File([await res.arrayBuffer()], name);
}

async function storedIds(): Promise<string[]> {
  return (await listCustomModels()).map((m) => m.id);
}

describe('ModelLibrary with real IndexedDB', () => {
  afterEach(async () => {
    const library = new ModelLibrary();
    await library.restoreCustom();
    for (const e of library.entries) if (e.id.includes('library-test')) await library.removeCustom(e.id);
  });

  test('starts with the catalog and its first model selected', () => {
    const library = new ModelLibrary();
    expect(library.entries.map((e) => e.id)).toEqual(catalog.map((e) => e.id));
    expect(library.selectedId).toBe(catalog[0]!.id);
    expect(library.select('no-such-model')).toBe(false);
    expect(library.selectedId).toBe(catalog[0]!.id);
  });

  test('adds a GGUF URL, selects it, stores it, and a fresh library restores it', async () => {
    const library = new ModelLibrary();
    expect(await library.addCustom({ kind: 'gguf-url', url, name: 'Tiny test model' })).toBeNull();
    expect(library.selectedId).toBe(id);
    expect(library.selected).toMatchObject({ name: 'Tiny test model', backend: 'wllama', url });
    expect(await storedIds()).toContain(id);

    const later = new ModelLibrary();
    expect(later.entry(id)).toBeUndefined();
    await later.restoreCustom();
    expect(later.entry(id)).toEqual(library.entry(id));
    expect(later.specFor(later.entry(id)!)).toMatchObject({ id, url, backend: 'wllama' });
  });

  test('refuses a bad URL with a sentence, storing nothing and keeping the selection', async () => {
    const library = new ModelLibrary();
    const before = await storedIds();
    const error = await library.addCustom({ kind: 'gguf-url', url: url.replace('.gguf', '.txt') });
    expect(error).toContain('must point at a file ending in .gguf');
    expect(await storedIds()).toEqual(before);
    expect(library.selectedId).toBe(catalog[0]!.id);
  });

  test('a picked file is kept with its model and handed to the engine after a restore', async () => {
    const library = new ModelLibrary();
    const file = await bundledFile('library-test.gguf');
    expect(await library.addCustom({ kind: 'gguf-file', fileName: file.name, sizeBytes: file.size }, file)).toBeNull();
    const entry = library.selected!;
    expect(entry.local).toBe(true);

    const later = new ModelLibrary();
    await later.restoreCustom();
    const spec = later.specFor(later.entry(entry.id)!);
    expect(spec.url).toBeUndefined();
    expect(spec.file?.name).toBe('library-test.gguf');
    const digest = async (f: Blob) => sha256Hex(new Uint8Array(await f.arrayBuffer()));
    expect(await digest(spec.file!)).toBe(await digest(file));
  });

  test('removing the selected custom model deletes it from storage and selects the first catalog model', async () => {
    const library = new ModelLibrary();
    await library.addCustom({ kind: 'gguf-url', url });
    await library.removeCustom(id);
    expect(library.entry(id)).toBeUndefined();
    expect(library.selectedId).toBe(catalog[0]!.id);
    expect(await storedIds()).not.toContain(id);

    const later = new ModelLibrary();
    await later.restoreCustom();
    expect(later.entry(id)).toBeUndefined();
  });

  test('refuses a file that is not a GGUF model, storing nothing', async () => {
    const library = new ModelLibrary();
    const before = await storedIds();
    const notGguf = new File(['<html>not a model</html>'], 'library-test-broken.gguf');
    const error = await library.addCustom({ kind: 'gguf-file', fileName: notGguf.name, sizeBytes: notGguf.size }, notGguf);
    expect(error).toContain('library-test-broken.gguf');
    expect(await storedIds()).toEqual(before);
    expect(library.selectedId).toBe(catalog[0]!.id);
  });

  test('a second picked file of the same name, with other bytes, is a second model rather than a replacement', async () => {
    const library = new ModelLibrary();
    const bytes = new Uint8Array(await (await bundledFile('library-test-copy.gguf')).arrayBuffer());
    const a = new File([bytes], 'library-test-copy.gguf');
    const b = new File([bytes, new Uint8Array(16)], 'library-test-copy.gguf');
    const input = (f: File) => ({ kind: 'gguf-file' as const, fileName: f.name, sizeBytes: f.size });
    expect(await library.addCustom(input(a), a)).toBeNull();
    const firstId = library.selectedId;
    expect(await library.addCustom(input(b), b)).toBeNull();
    const secondId = library.selectedId;
    expect(secondId).not.toBe(firstId);
    expect(library.entry(firstId)).toBeTruthy();
    expect(library.entry(secondId)).toBeTruthy();
  });
});
