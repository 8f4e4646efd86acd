import { expect, test } from 'vitest';
import { STORE_NAMES } from './database';
import { STORE_CONTENTS, storedContents } from './storeContents';

test('every store has the words the Data page names it by, so "Delete all data" names all it deletes', () => {
  expect(STORE_NAMES.filter((name) => !STORE_CONTENTS[name])).toEqual([]);
});

test('a phrase covering several stores is named once', () => {
  expect(storedContents(['consultations', 'messages', 'lessons'])).toEqual(['consultations and their messages', 'lessons']);
});
