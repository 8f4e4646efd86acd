import type { CatalogEntry } from '../core/catalogEntry';

/**
 * The name the library knows downloaded weights by; otherwise their file name, never a bare URL.
 * `baseURI` resolves catalog URLs that are relative to the app.
 */
export function weightName(url: string, entries: readonly CatalogEntry[], baseURI: string): string {
  const entry = entries.find((e) => !e.local && (new URL(e.url, baseURI).href === url || url.startsWith(`${e.url}/`)));
  return entry?.name ?? decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? url);
}
