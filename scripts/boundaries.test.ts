import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

/** The design's import boundaries, checked over the source text (the role ESLint's no-restricted-imports would play). */
const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|svelte)$/.test(e.name) && !/\.test\.ts$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
}

describe('benchmarks/ is pure: it runs in the worker and in Node as is', () => {
  const files = sources('benchmarks');
  test.each(files)('%s imports no UI, storage, worker, DOM or Node module', (file) => {
    for (const spec of imports(file)) {
      expect(spec, `${file} imports ${spec}`).not.toMatch(/^(svelte|idb|comlink|node:)|\/src\/|\/workers\/|^@wllama|^@mlc-ai/);
    }
  });
  test.each(files)('%s does not use Math.random (randomness comes from a seeded Rng)', (file) => {
    expect(readFileSync(join(root, file), 'utf8')).not.toMatch(/Math\.random\s*\(/);
  });
});

describe('the page never carries an engine', () => {
  test.each(sources('src'))('%s imports no engine backend', (file) => {
    for (const spec of imports(file)) {
      expect(spec, `${file} imports ${spec}`).not.toMatch(/workers\/engines\/|^@wllama|^@mlc-ai/);
    }
  });
});
