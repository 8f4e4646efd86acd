import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { exportAll, exportToJson, wipeAll } from '../../../storage/dataExport';
import { deleteCustomModel, putCustomModel } from '../../../storage/customModels';
import { listLessons, putLesson } from '../../../storage/lessons';
import type { CustomModelRecord, LessonRecord } from '../../../storage/records';
import { catalog } from '../../../models/catalog';
import { buildStores, type Stores } from '../app/stores';

const lesson: LessonRecord = {
  id: 'data-test-lesson',
  title: 'Chest pain',
  modelId: 'stories260K',
  suiteId: 'medqa-usmle-4',
  itemIds: ['medqa-usmle-4/0001'],
  notes: {},
  createdAt: 1,
  updatedAt: 2,
};

describe('the Data page store on real IndexedDB', () => {
  let stores: Stores;
  beforeEach(async () => {
    await wipeAll();
    stores = buildStores();
    await stores.lessons.init();
  });
  afterAll(() => wipeAll());

  test('an import brings every list up to date, the Classroom lessons included', async () => {
    await putLesson(lesson, null);
    const backup = await exportToJson(await exportAll());
    await stores.data.wipe();
    expect(stores.lessons.lessons).toEqual([]);

    await stores.data.importFile(new File([backup], 'backup.json'));
    expect(stores.data.error).toBeNull();
    expect(stores.data.status).toMatch(/^Imported \d+ records? from backup\.json\.$/);
    expect(stores.lessons.lessons.map((l) => l.id)).toEqual([lesson.id]);
  });

  test('a file that is not an export is refused with its name, and nothing stored changes', async () => {
    await putLesson(lesson, null);
    await stores.data.importFile(new File(['{"format":"something-else"}'], 'notes.json'));
    expect(stores.data.error).toContain('notes.json');
    expect(stores.data.error).toContain('Nothing was changed');
    expect((await listLessons(null)).map((l) => l.id)).toEqual([lesson.id]);
  });

  test('an export that fails says so on the page instead of throwing, and changes nothing stored', async () => {
    // A model record whose picked file was stored damaged (an object, not a file) cannot be written out.
    const damaged = { id: 'custom:file:data-test.gguf', entry: { ...catalog[0]!, id: 'custom:file:data-test.gguf' }, file: {} };
    await putCustomModel(damaged as unknown as CustomModelRecord);
    await stores.data.exportAll();
    expect(stores.data.error).toMatch(/^The export failed: .+ Nothing was downloaded, and nothing stored was changed\.$/);
    expect(stores.data.status).toBe('');
    await deleteCustomModel(damaged.id);
  });
});
