import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleBuildReason } from './staleBuild';

/** Test helpers for the Node CLIs: run one as a user would, and make sure the app is built. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Exit {
  code: number | null;
  output: string;
}

/** `npx tsx scripts/<script> …args`, with stdout and stderr together. */
export function runCli(script: string, args: readonly string[]): Promise<Exit> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['tsx', `scripts/${script}`, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, output }));
  });
}

/**
 * Builds the harness pages the CLIs drive (dist-harness/) unless they are newer than every source they
 * are built from: a test of the built app must never pass or fail on code that is no longer there.
 */
export async function ensureBuilt(): Promise<void> {
  const stale = staleBuildReason(repoRoot, 'dist-harness/benchmark.html');
  if (stale === null) return;
  console.log(`Building the app: ${stale}.`);
  await new Promise<void>((done, fail) => {
    const child = spawn('npx', ['vite', 'build', '--config', 'vite.harness.config.ts'], { cwd: repoRoot, stdio: 'inherit' });
    child.once('error', fail);
    child.once('close', (code) => (code === 0 ? done() : fail(new Error(`vite build exited ${code}`))));
  });
}
