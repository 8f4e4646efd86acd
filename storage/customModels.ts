import { db } from './database';
import type { CustomModelRecord } from './records';

export async function putCustomModel(m: CustomModelRecord): Promise<void> {
  await (await db()).put('models', m);
}

export async function listCustomModels(): Promise<CustomModelRecord[]> {
  return (await db()).getAll('models');
}

export async function deleteCustomModel(id: string): Promise<void> {
  await (await db()).delete('models', id);
}
