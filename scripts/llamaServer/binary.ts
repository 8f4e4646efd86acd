import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** The llama.cpp that node-llama-cpp ships as a git bundle: the native engine's, so the server's numerics are the same. */
export const LLAMA_CPP_BUNDLE = join(ROOT, 'node_modules/node-llama-cpp/llama/gitRelease.bundle');

export function llamaCppCommit(): string {
  const head = execFileSync('git', ['bundle', 'list-heads', LLAMA_CPP_BUNDLE], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' '))
    .find(([, ref]) => ref === 'HEAD')?.[0];
  if (head === undefined || !/^[0-9a-f]{40}$/.test(head)) throw new Error(`Cannot read the llama.cpp commit of ${LLAMA_CPP_BUNDLE}.`);
  return head;
}

/** Built once per machine and llama.cpp commit, outside the repository (so no clean or checkout loses it). */
export function llamaServerPath(commit = llamaCppCommit()): string {
  const cache = process.env.BEDSIDE_CACHE ?? join(homedir(), '.cache/bedside');
  return join(cache, 'llama-server', commit, 'llama-server');
}

/** The binary if it has been built here; `npx tsx scripts/llamaServer/build.ts` builds it. */
export function builtLlamaServer(): string | null {
  const path = llamaServerPath();
  return existsSync(path) ? path : null;
}
