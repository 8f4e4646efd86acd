import { db } from './database';

/** One value of the `settings` store (plain data, keyed by name); undefined when never set. */
export async function getSetting<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('settings', key)) as T | undefined;
}

export async function putSetting(key: string, value: unknown): Promise<void> {
  await (await db()).put('settings', value, key);
}
