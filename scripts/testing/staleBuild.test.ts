import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleBuildReason } from './staleBuild';

describe('staleBuildReason', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function tree(times: Record<string, number>): void {
    root = mkdtempSync(join(tmpdir(), 'bedside-stale-'));
    for (const [path, seconds] of Object.entries(times)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), '');
      utimesSync(join(root, path), seconds, seconds);
    }
  }

  it('finds a source file changed after the build, however deep', () => {
    tree({ 'dist/bench.html': 2000, 'src/a.ts': 1000, 'workers/engines/deep/b.ts': 3000 });
    expect(staleBuildReason(root, 'dist/bench.html', ['src', 'workers'])).toBe(
      `${join(root, 'workers/engines/deep/b.ts')} changed after dist/bench.html was built`,
    );
  });

  it('passes a build newer than every source, and ignores sources that do not exist', () => {
    tree({ 'dist/bench.html': 2000, 'src/a.ts': 1000, 'core/b.ts': 1999 });
    expect(staleBuildReason(root, 'dist/bench.html', ['src', 'core', 'models'])).toBeNull();
  });

  it('calls a missing build stale', () => {
    tree({ 'src/a.ts': 1000 });
    expect(staleBuildReason(root, 'dist/bench.html', ['src'])).toBe('dist/bench.html is missing');
  });
});
