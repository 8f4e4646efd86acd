import { describe, expect, it } from 'vitest';
import { isLessonLink, lessonLinkQuery, lessonLinkUrl, parseLessonLink, pickItems, unknownReference, type LessonLink } from './lessonLink';

const link: LessonLink = { modelId: 'stories260K', suiteId: 'medqa-usmle-4', itemIds: ['medqa-usmle-4/0001', 'medqa-usmle-4/0007'] };

function errorOf(search: string): string {
  const result = parseLessonLink(search);
  if (result.ok) throw new Error('expected the link to be refused');
  return result.error;
}

describe('lesson link encoding', () => {
  it('writes the documented query, with ids containing / kept readable', () => {
    expect(lessonLinkQuery(link)).toBe('?present=1&model=stories260K&suite=medqa-usmle-4&items=medqa-usmle-4/0001,medqa-usmle-4/0007');
    expect(lessonLinkQuery({ ...link, compareModelId: 'other' })).toMatch(/&compare=other$/);
  });

  it('round-trips ids with /, commas, spaces, &, #, %, + and non-ASCII', () => {
    const odd: LessonLink = {
      modelId: 'custom/my model+q4',
      compareModelId: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
      suiteId: 'custom:my suite:abc',
      itemIds: ['a/b/c', 'x,y', 'p&q=r', 'hash#1', '100%', 'plus+sign', 'düsseldorf/ß'],
    };
    const query = lessonLinkQuery(odd);
    expect(parseLessonLink(query)).toEqual({ ok: true, link: odd });
    expect(
      query
        .split('&')
        .find((p) => p.startsWith('items='))!
        .split(','),
    ).toHaveLength(odd.itemIds.length);
  });

  it('builds the link on any sub-path, replacing the page query and hash', () => {
    expect(lessonLinkUrl(link, 'https://school.example/tools/bedside/?model=x#/classroom')).toBe(
      'https://school.example/tools/bedside/?present=1&model=stories260K&suite=medqa-usmle-4&items=medqa-usmle-4/0001,medqa-usmle-4/0007',
    );
  });

  it('reads a link whose ids were fully percent-encoded by another tool', () => {
    const result = parseLessonLink('?present=1&model=stories260K&suite=medqa-usmle-4&items=medqa-usmle-4%2F0001');
    expect(result).toEqual({ ok: true, link: { modelId: 'stories260K', suiteId: 'medqa-usmle-4', itemIds: ['medqa-usmle-4/0001'] } });
  });

  it('recognises a lesson link by present=1 only', () => {
    expect(isLessonLink(lessonLinkQuery(link))).toBe(true);
    expect(isLessonLink('?model=stories260K')).toBe(false);
    expect(isLessonLink('?present=0&model=x')).toBe(false);
  });
});

describe('lesson link validation', () => {
  it('names what is missing', () => {
    expect(errorOf('?present=1&suite=s&items=a')).toBe('The lesson link names no model: add model=<catalog id>, e.g. model=stories260K.');
    expect(errorOf('?present=1&model=m&items=a')).toBe('The lesson link names no suite: add suite=<suite id>, e.g. suite=medqa-usmle-4.');
    expect(errorOf('?present=1&model=m&suite=s')).toBe('The lesson link names no items: add items=<id,id,…>.');
    expect(errorOf('?model=m&suite=s&items=a')).toBe('The lesson link lacks present=1.');
  });

  it('refuses empty, repeated and badly encoded items, repeated parameters and self-comparison', () => {
    expect(errorOf('?present=1&model=m&suite=s&items=a,,b')).toBe(
      'Item 2 of the lesson link is empty (two commas in a row, or one at an end).',
    );
    expect(errorOf('?present=1&model=m&suite=s&items=a,b,a')).toBe('The lesson link lists item "a" twice.');
    expect(errorOf('?present=1&model=m&suite=s&items=a,%E0%A4%A')).toBe('The lesson link\'s item 2 is not validly encoded ("%E0%A4%A").');
    expect(errorOf('?present=1&model=m&model=n&suite=s&items=a')).toBe('The lesson link gives "model" 2 times; give it once.');
    expect(errorOf('?present=1&model=m&suite=s&items=a&compare=m')).toBe(
      'The lesson link compares "m" with itself; name a different model.',
    );
    expect(errorOf('?present=1&model=m&suite=s&items=a&compare=')).toBe(
      'The lesson link has an empty compare=; name a second model or drop it.',
    );
  });

  it('refuses more items than a lesson holds', () => {
    const many = Array.from({ length: 201 }, (_, i) => `q${i}`).join(',');
    expect(errorOf(`?present=1&model=m&suite=s&items=${many}`)).toBe('The lesson link lists 201 items; a lesson holds at most 200.');
  });

  it('names an unknown model, compare model or suite, and what there is instead', () => {
    const known = { modelIds: ['stories260K', 'other'], suiteIds: ['medqa-usmle-4'] };
    expect(unknownReference(link, known)).toBeNull();
    expect(unknownReference({ ...link, modelId: 'gpt-5' }, known)).toBe(
      'The lesson link names an unknown model "gpt-5". Models here: stories260K, other.',
    );
    expect(unknownReference({ ...link, compareModelId: 'nope' }, known)).toBe(
      'The lesson link names an unknown compare model "nope". Models here: stories260K, other.',
    );
    expect(unknownReference({ ...link, suiteId: 'usmle' }, known, 'lesson file')).toBe(
      'The lesson file names an unknown suite "usmle". Suites here: medqa-usmle-4.',
    );
  });

  it('picks items in lesson order and names the ones a suite lacks', () => {
    const suite = { name: 'MedQA', items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] };
    expect(pickItems(suite, ['c', 'a'])).toEqual({ ok: true, items: [{ id: 'c' }, { id: 'a' }] });
    expect(pickItems(suite, ['a', 'zz'])).toEqual({ ok: false, error: 'The lesson link names an item that MedQA does not have: "zz".' });
    const missing = pickItems(suite, ['1', '2', '3', '4', '5', '6', '7']);
    expect(missing.ok ? '' : missing.error).toBe(
      'The lesson link names items that MedQA does not have: "1", "2", "3", "4", "5" and 2 more.',
    );
  });
});
