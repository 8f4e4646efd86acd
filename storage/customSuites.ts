import { db } from './database';
import type { CustomSuiteRecord } from './records';

export async function putCustomSuite(s: CustomSuiteRecord): Promise<void> {
  await (await db()).put('suites', s);
}

export async function listCustomSuites(): Promise<CustomSuiteRecord[]> {
  return (await db()).getAll('suites');
}

export async function deleteCustomSuite(id: string): Promise<void> {
  await (await db()).delete('suites', id);
}
