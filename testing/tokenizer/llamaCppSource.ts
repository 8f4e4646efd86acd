import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/** The llama.cpp node-llama-cpp 3.21.1 builds from, shipped inside the package as a git bundle. */
const BUNDLE = join(ROOT, 'node_modules/node-llama-cpp/llama/gitRelease.bundle');
const CACHE = join(ROOT, '.cache/tokenizer-tests/llama.cpp');

function bundleCommit(): string {
  const head = execFileSync('git', ['bundle', 'list-heads', BUNDLE], { encoding: 'utf8' }).split(/\s/)[0];
  if (head === undefined || !/^[0-9a-f]{40}$/.test(head)) throw new Error(`cannot read the commit of ${BUNDLE}`);
  return head;
}

/** The bundle unpacked once into a bare repository in .cache/ (a few seconds). */
function repository(): string {
  const repo = join(CACHE, 'repo.git');
  if (!existsSync(join(repo, 'objects'))) {
    mkdirSync(CACHE, { recursive: true });
    execFileSync('git', ['init', '--quiet', '--bare', repo]);
    execFileSync('git', ['-C', repo, 'bundle', 'unbundle', BUNDLE], { stdio: 'ignore' });
  }
  return repo;
}

/**
 * The path on disk of one file of that llama.cpp, extracted once into .cache/, so tests can check
 * ported code against (and load vocabularies from) the exact source the native binary was built from.
 */
export function llamaCppSourcePath(path: string): string {
  const commit = bundleCommit();
  const cached = join(CACHE, commit, path);
  if (existsSync(cached)) return cached;
  const bytes = execFileSync('git', ['-C', repository(), 'show', `${commit}:${path}`], { maxBuffer: 256 << 20 });
  mkdirSync(join(cached, '..'), { recursive: true });
  writeFileSync(`${cached}.${process.pid}.partial`, bytes);
  renameSync(`${cached}.${process.pid}.partial`, cached);
  return cached;
}

export function llamaCppSourceFile(path: string): string {
  return readFileSync(llamaCppSourcePath(path), 'utf8');
}

/** The paths of the files directly inside one folder of that llama.cpp. */
export function llamaCppSourceFolder(folder: string): string[] {
  const listing = execFileSync('git', ['-C', repository(), 'ls-tree', '--name-only', `${bundleCommit()}:${folder}`], { encoding: 'utf8' });
  return listing
    .split('\n')
    .filter((name) => name !== '')
    .map((name) => `${folder}/${name}`);
}
