/**
 * The lesson deep link: `?present=1&model=<catalog id>&suite=<suite id>&items=<id,id,…>[&compare=<catalog id>]`.
 *
 * Item ids are joined with literal commas, so each id is percent-encoded on its own (a comma inside an
 * id becomes `%2C`) and the query is split before it is decoded. `URLSearchParams` would decode first
 * and lose that distinction. `/` and `:` stay readable: they are legal in a query.
 */

export interface LessonLink {
  modelId: string;
  compareModelId?: string;
  suiteId: string;
  itemIds: string[];
}

export type LessonLinkResult = { ok: true; link: LessonLink } | { ok: false; error: string };

/** More would not fit a class period, and keeps a hand-edited link from asking for a whole suite. */
export const MAX_LESSON_ITEMS = 200;

function encodePart(value: string): string {
  return encodeURIComponent(value).replace(/%2F/gi, '/').replace(/%3A/gi, ':');
}

/** The query string of a lesson link, starting with `?`. */
export function lessonLinkQuery(link: LessonLink): string {
  const parts = [
    'present=1',
    `model=${encodePart(link.modelId)}`,
    `suite=${encodePart(link.suiteId)}`,
    `items=${link.itemIds.map(encodePart).join(',')}`,
  ];
  if (link.compareModelId) parts.push(`compare=${encodePart(link.compareModelId)}`);
  return `?${parts.join('&')}`;
}

/** The full link for the page at `pageUrl` (any sub-path; its query and hash are replaced). */
export function lessonLinkUrl(link: LessonLink, pageUrl: string): string {
  const url = new URL(pageUrl);
  return `${url.origin}${url.pathname}${lessonLinkQuery(link)}`;
}

/** Raw (still encoded) query values by name; a repeated name is kept as a list. */
function rawParams(search: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    params.set(name, [...(params.get(name) ?? []), value]);
  }
  return params;
}

function decodePart(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new Error(`The lesson link's ${what} is not validly encoded ("${raw}").`);
  }
}

/** Whether the page was opened on a lesson link (it then opens the presenter). */
export function isLessonLink(search: string): boolean {
  return rawParams(search).get('present')?.[0] === '1';
}

/**
 * Reads a lesson link's query. Checks the link's own shape only; whether its model, suite and items
 * exist here is for `unknownReference` and `pickItems`, once those are known.
 */
export function parseLessonLink(search: string): LessonLinkResult {
  const params = rawParams(search);
  try {
    for (const [name, values] of params) {
      if (values.length > 1) return { ok: false, error: `The lesson link gives "${name}" ${values.length} times; give it once.` };
    }
    if (params.get('present')?.[0] !== '1') return { ok: false, error: 'The lesson link lacks present=1.' };
    const single = (name: string, what: string): string | undefined => {
      const raw = params.get(name)?.[0];
      return raw === undefined ? undefined : decodePart(raw, what).trim();
    };
    const modelId = single('model', 'model');
    if (!modelId) return { ok: false, error: 'The lesson link names no model: add model=<catalog id>, e.g. model=stories260K.' };
    const suiteId = single('suite', 'suite');
    if (!suiteId) return { ok: false, error: 'The lesson link names no suite: add suite=<suite id>, e.g. suite=medqa-usmle-4.' };
    const rawItems = params.get('items')?.[0];
    if (!rawItems) return { ok: false, error: 'The lesson link names no items: add items=<id,id,…>.' };
    const itemIds = rawItems.split(',').map((raw, i) => decodePart(raw, `item ${i + 1}`).trim());
    const empty = itemIds.findIndex((id) => id === '');
    if (empty >= 0) return { ok: false, error: `Item ${empty + 1} of the lesson link is empty (two commas in a row, or one at an end).` };
    const repeated = itemIds.find((id, i) => itemIds.indexOf(id) !== i);
    if (repeated) return { ok: false, error: `The lesson link lists item "${repeated}" twice.` };
    if (itemIds.length > MAX_LESSON_ITEMS) {
      return { ok: false, error: `The lesson link lists ${itemIds.length} items; a lesson holds at most ${MAX_LESSON_ITEMS}.` };
    }
    const compareModelId = single('compare', 'compare model');
    if (compareModelId === '') return { ok: false, error: 'The lesson link has an empty compare=; name a second model or drop it.' };
    if (compareModelId === modelId)
      return { ok: false, error: `The lesson link compares "${modelId}" with itself; name a different model.` };
    return { ok: true, link: { modelId, suiteId, itemIds, ...(compareModelId ? { compareModelId } : {}) } };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** What this browser has, for checking a lesson's references. */
export interface KnownHere {
  modelIds: readonly string[];
  suiteIds: readonly string[];
}

/** The first reference of a lesson that this browser does not have, as a sentence; null when all are known. */
export function unknownReference(link: LessonLink, known: KnownHere, source = 'lesson link'): string | null {
  for (const [id, role] of [
    [link.modelId, 'model'],
    [link.compareModelId, 'compare model'],
  ] as const) {
    if (id !== undefined && !known.modelIds.includes(id)) {
      return `The ${source} names an unknown ${role} "${id}". Models here: ${known.modelIds.join(', ')}.`;
    }
  }
  if (!known.suiteIds.includes(link.suiteId)) {
    return `The ${source} names an unknown suite "${link.suiteId}". Suites here: ${known.suiteIds.join(', ')}.`;
  }
  return null;
}

/** The lesson's items in lesson order, or which ids the suite does not have. */
export function pickItems<T extends { id: string }>(
  suite: { name: string; items: readonly T[] },
  itemIds: readonly string[],
  source = 'lesson link',
): { ok: true; items: T[] } | { ok: false; error: string } {
  const byId = new Map(suite.items.map((item) => [item.id, item]));
  const missing = itemIds.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((id) => `"${id}"`);
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    const noun = missing.length === 1 ? 'an item' : 'items';
    return { ok: false, error: `The ${source} names ${noun} that ${suite.name} does not have: ${shown.join(', ')}${more}.` };
  }
  return { ok: true, items: itemIds.map((id) => byId.get(id)!) };
}
