import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the built app and its harness pages are made from: a change to any of these makes a build stale. */
export const APP_SOURCES = [
  'src',
  'workers',
  'benchmarks',
  'core',
  'models',
  'storage',
  'public',
  'harness',
  'vite.config.ts',
  'vite.harness.config.ts',
  'package-lock.json',
];

function newestUnder(path: string): { path: string; mtimeMs: number } | null {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return null;
  }
  if (!stat.isDirectory()) return { path, mtimeMs: stat.mtimeMs };
  let newest: { path: string; mtimeMs: number } | null = null;
  for (const name of readdirSync(path)) {
    const found = newestUnder(join(path, name));
    if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found;
  }
  return newest;
}

/**
 * Why `built` (a file the build writes) is stale, or null when it is newer than every source: it is
 * missing, or names the newest source file changed after it.
 */
export function staleBuildReason(root: string, built: string, sources: readonly string[] = APP_SOURCES): string | null {
  let builtAt: number;
  try {
    builtAt = statSync(join(root, built)).mtimeMs;
  } catch {
    return `${built} is missing`;
  }
  const newest = sources.map((s) => newestUnder(join(root, s))).reduce((a, b) => (b && (!a || b.mtimeMs > a.mtimeMs) ? b : a), null);
  return newest && newest.mtimeMs > builtAt ? `${newest.path} changed after ${built} was built` : null;
}
