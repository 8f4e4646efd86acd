import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
/** The llama.cpp node-llama-cpp 3.21.1 builds from, shipped inside the package as a git bundle. */
const BUNDLE = join(ROOT, 'node_modules/node-llama-cpp/llama/gitRelease.bundle');
const CACHE = join(ROOT, '.cache/tokenizer-tests/llama.cpp');

function bundleCommit(): string {
  const head = execFileSync('git', ['bundle', 'list-heads', BUNDLE], { encoding: 'utf8' }).split(/\s/)[0];
  if (head === undefined || !/^[0-9a-f]{40}$/.test(head)) throw new Error(`cannot read the commit of ${BUNDLE}`);
  return head;
}

/**
 * One file of that llama.cpp, extracted once into .cache/ (unbundling takes a few seconds), so tests can
 * check ported tables and regexes against the exact source the native binary was built from.
 */
export function llamaCppSourceFile(path: string): string {
  const commit = bundleCommit();
  const cached = join(CACHE, commit, path);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  const repo = join(CACHE, 'repo.git');
  if (!existsSync(join(repo, 'objects'))) {
    mkdirSync(CACHE, { recursive: true });
    execFileSync('git', ['init', '--quiet', '--bare', repo]);
    execFileSync('git', ['-C', repo, 'bundle', 'unbundle', BUNDLE], { stdio: 'ignore' });
  }
  const text = execFileSync('git', ['-C', repo, 'show', `${commit}:${path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  mkdirSync(join(cached, '..'), { recursive: true });
  writeFileSync(`${cached}.partial`, text);
  renameSync(`${cached}.partial`, cached);
  return text;
}
