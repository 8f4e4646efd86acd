/**
 * `npx tsx scripts/llamaServer/build.ts`: builds llama-server from the llama.cpp that node-llama-cpp ships
 * (a git bundle inside the package), so the endpoint engine is tested against the same llama.cpp the
 * native reference runs. The binary is cached outside the repository, keyed by the llama.cpp commit, so
 * only a machine's first run pays for the compile (10-25 minutes on two cores). Prints the binary's path.
 */
import { execFileSync, execSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LLAMA_CPP_BUNDLE, llamaCppCommit, llamaServerPath } from './binary';

function need(tool: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`Building llama-server needs ${tool}: apt-get install -y cmake g++ make git`);
  }
}

export function buildLlamaServer(log: (line: string) => void = (line) => console.error(line)): string {
  const commit = llamaCppCommit();
  const binary = llamaServerPath(commit);
  if (existsSync(binary)) return binary;
  for (const tool of ['cmake', 'g++', 'make', 'git', 'tar']) need(tool);
  const work = `${dirname(binary)}.build`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'src'), { recursive: true });
  log(`Building llama-server from llama.cpp ${commit.slice(0, 12)} in ${work}`);
  execFileSync('git', ['clone', '--quiet', '--bare', LLAMA_CPP_BUNDLE, join(work, 'repo.git')], { stdio: 'inherit' });
  execSync(`git -C "${join(work, 'repo.git')}" archive ${commit} | tar -x -C "${join(work, 'src')}"`, { stdio: 'inherit' });
  // Static, without TLS or the web UI: the UI step would fetch prebuilt assets from the network, and the
  // tests talk to the server over plain HTTP on 127.0.0.1.
  const options = [
    '-DCMAKE_BUILD_TYPE=Release',
    '-DBUILD_SHARED_LIBS=OFF',
    '-DLLAMA_CURL=OFF',
    '-DLLAMA_OPENSSL=OFF',
    '-DLLAMA_BUILD_TESTS=OFF',
    '-DLLAMA_BUILD_EXAMPLES=OFF',
    '-DLLAMA_BUILD_UI=OFF',
    '-DLLAMA_USE_PREBUILT_UI=OFF',
    // The archive has no .git to read the commit from; the server reports it in /props build_info.
    `-DLLAMA_BUILD_COMMIT=${commit.slice(0, 7)}`,
  ];
  const jobs = process.env.LLAMA_SERVER_JOBS ?? String(availableParallelism());
  const output = { stdio: ['ignore', 2, 2] as ['ignore', number, number] };
  execFileSync('cmake', ['-S', join(work, 'src'), '-B', join(work, 'build'), ...options], output);
  execFileSync('cmake', ['--build', join(work, 'build'), '--target', 'llama-server', '-j', jobs], output);
  mkdirSync(dirname(binary), { recursive: true });
  copyFileSync(join(work, 'build/bin/llama-server'), `${binary}.partial`);
  chmodSync(`${binary}.partial`, 0o755);
  renameSync(`${binary}.partial`, binary);
  rmSync(work, { recursive: true, force: true });
  return binary;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) console.log(buildLlamaServer());
