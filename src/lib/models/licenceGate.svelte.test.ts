import { describe, expect, test } from 'vitest';
import { catalog } from '../../../models/catalog';
import { EngineSession } from './engineSession.svelte';
import { ModelLibrary } from './library.svelte';

const catalogMedgemma = catalog.find((e) => e.id === 'medgemma-4b-it-Q4_K_M')!;
// A gate id of its own per run: acceptances persist in IndexedDB, and this test starts from none.
const medgemma = { ...catalogMedgemma, licenceGate: { ...catalogMedgemma.licenceGate!, id: `test-${crypto.randomUUID()}` } };

describe('a gated model (MedGemma, Health AI Developer Foundations terms)', () => {
  test('is refused before anything is asked of the engine until its terms are accepted, and the acceptance is kept', async () => {
    const library = new ModelLibrary();
    await library.restoreCustom();
    const specs: string[] = [];
    const session = new EngineSession({
      specFor: (entry) => {
        specs.push(entry.id);
        return library.specFor(entry);
      },
      // As if this device could run it, so only the gate stands in the way.
      availabilityOf: () => ({ runnable: true, backend: 'wllama', reason: '', warnings: [] }),
      hasAccepted: (gate) => library.hasAccepted(gate),
    });
    const gate = medgemma.licenceGate;
    expect(library.hasAccepted(gate)).toBe(false);
    expect(await session.load(medgemma)).toBe(false);
    expect(session.error).toBe(
      'MedGemma 4B it (Q4_K_M) is offered under the Health AI Developer Foundations Terms of Use. Read and accept them on the Models page before it downloads.',
    );
    expect(specs).toEqual([]);

    await library.acceptLicence(gate);
    const later = new ModelLibrary();
    await later.restoreCustom();
    expect(later.hasAccepted(gate)).toBe(true);
  });

  test('records the GPU-layers choice per model and resolves it into the load request', async () => {
    const library = new ModelLibrary();
    await library.restoreCustom();
    const stories = catalog.find((e) => e.id === 'stories260K')!;
    await library.setGpuLayers(stories.id, 'cpu');
    const later = new ModelLibrary();
    await later.restoreCustom();
    expect(later.gpuLayersOf(stories.id)).toBe('cpu');
    expect(later.specFor(stories)).toMatchObject({ gpuLayers: 0, gpuLayersChoice: 'cpu' });
    await later.setGpuLayers(stories.id, 12);
    expect(later.specFor(stories)).toMatchObject({ gpuLayers: 12, gpuLayersChoice: 12 });
    await later.setGpuLayers(stories.id, 'auto');
    expect(later.specFor(stories).gpuLayers).toBeUndefined();
  });
});
