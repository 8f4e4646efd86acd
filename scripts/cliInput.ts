import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseRunExport, type RunExport } from '../benchmarks/runs/runExport';

/** What the Node CLIs read from their arguments, checked the same way in each. */

/** A flag's whole, non-negative number, or `fallback` when the flag is absent. */
export function nonNegativeInt(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`--${flag} expects a non-negative integer, got "${text}".`);
  return Number(text);
}

/** A run export ("Export JSON") from disk, refused with the file's name and the field at fault. */
export async function readRunExport(path: string): Promise<RunExport> {
  const parsed = parseRunExport(await readFile(resolve(path), 'utf8'), basename(path));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.doc;
}
