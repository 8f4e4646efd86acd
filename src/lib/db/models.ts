import type { CatalogEntry } from '../models/catalog';
import { db } from './database';

/** A model the user added; a picked .gguf file is kept with it, so it loads again after a reload. */
export interface CustomModelRecord {
  id: string;
  entry: CatalogEntry;
  file?: File;
}

export async function putCustomModel(m: CustomModelRecord): Promise<void> {
  await (await db()).put('models', m as never);
}

export async function listCustomModels(): Promise<CustomModelRecord[]> {
  return (await (await db()).getAll('models')) as unknown as CustomModelRecord[];
}

export async function deleteCustomModel(id: string): Promise<void> {
  await (await db()).delete('models', id);
}
