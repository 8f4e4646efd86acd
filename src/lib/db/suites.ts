import type { Suite } from '../../../benchmarks/suites/schema';
import { db } from './database';

/** A suite the user imported; validated before it was stored. */
export interface CustomSuiteRecord extends Suite {
  id: string;
  fileName: string;
  importedAt: number;
}

export async function putCustomSuite(s: CustomSuiteRecord): Promise<void> {
  await (await db()).put('suites', s as never);
}

export async function listCustomSuites(): Promise<CustomSuiteRecord[]> {
  return (await (await db()).getAll('suites')) as unknown as CustomSuiteRecord[];
}

export async function deleteCustomSuite(id: string): Promise<void> {
  await (await db()).delete('suites', id);
}
