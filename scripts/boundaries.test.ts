import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** The lint messages a file at `filePath` would get for `code`, by rule. */
async function lintRules(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const RESTRICTED = '@typescript-eslint/no-restricted-imports';

// Type-aware linting of .svelte.ts files starts a TypeScript project service on first use.
describe('the lint config encodes the boundaries between the parts (docs/architecture.md)', { timeout: 60_000 }, () => {
  test.each([
    ['workers/engines/wllama.ts', "import { useStores } from '../../src/lib/app/stores';\nexport const x = useStores;\n"],
    [
      'src/lib/models/library.svelte.ts',
      "import { createWllamaEngine } from '../../../workers/engines/wllama';\nexport const x = createWllamaEngine;\n",
    ],
    ['benchmarks/runner/runBench.ts', "import { putResult } from '../../storage/runs';\nexport const x = putResult;\n"],
    ['benchmarks/runner/runBench.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['storage/runs.ts', "import { ModelLibrary } from '../src/lib/models/library.svelte';\nexport const x = ModelLibrary;\n"],
    ['storage/runs.ts', "import { runBench } from '../benchmarks/runner/runBench';\nexport const x = runBench;\n"],
    ['core/engine.ts', "import { runBench } from '../benchmarks/runner/runBench';\nexport const x = runBench;\n"],
    // The page never imports the worker's code: model knowledge it shares with the worker lives in models/.
    [
      'src/lib/models/library.svelte.ts',
      "import { cacheEntriesOf } from '../../../workers/modelCache';\nexport const x = cacheEntriesOf;\n",
    ],
    // models/ imports only core/: not the worker, the UI, storage or benchmarks.
    ['models/catalog.ts', "import { createModelCache } from '../workers/modelCache';\nexport const x = createModelCache;\n"],
    ['models/catalog.ts', "import { formatDuration } from '../src/lib/shared/format';\nexport const x = formatDuration;\n"],
    ['models/catalog.ts', "import { putResult } from '../storage/runs';\nexport const x = putResult;\n"],
    ['models/catalog.ts', "import { suiteSpecs } from '../benchmarks/suites/specs';\nexport const x = suiteSpecs;\n"],
    ['models/ggufSource.ts', "import { Wllama } from '@wllama/wllama';\nexport const x = Wllama;\n"],
    // The Node CLIs never import the UI.
    ['scripts/compare.ts', "import { errorMessage } from '../src/lib/shared/errorMessage';\nexport const x = errorMessage;\n"],
    ['scripts/perf/benchPerf.ts', "import type { Stores } from '../../src/lib/app/stores';\nexport type X = Stores;\n"],
    // The worker, its tests included, never imports the dev tools.
    ['workers/engines/wllama.ts', "import { runNativeBench } from '../../scripts/perf/nativeBench';\nexport const x = runNativeBench;\n"],
    [
      'workers/tokenizer/tokenizer.test.ts',
      "import { runNativeBench } from '../../scripts/perf/nativeBench';\nexport const x = runNativeBench;\n",
    ],
    // Product code never imports the dev-only fixtures.
    ['workers/engines/wllama.ts', "import { writeGguf } from '../../testing/ggufWriter';\nexport const x = writeGguf;\n"],
    ['src/lib/models/library.svelte.ts', "import { makeRunExport } from '../../../testing/runExports';\nexport const x = makeRunExport;\n"],
    ['models/ggufSource.ts', "import { GGUF_MAGIC } from '../testing/gguf';\nexport const x = GGUF_MAGIC;\n"],
    ['benchmarks/suites/parseSuite.ts', "import { corpus } from '../../testing/tokenizer/corpus';\nexport const x = corpus;\n"],
    ['storage/runs.ts', "import { makeRunExport } from '../testing/runExports';\nexport const x = makeRunExport;\n"],
    ['core/engine.ts', "import { GGUF_MAGIC } from '../testing/gguf';\nexport const x = GGUF_MAGIC;\n"],
    // The harness pages are driven through the browser, never imported: not by the app, not by the CLIs.
    ['src/lib/runs/runSession.ts', "import { log } from '../../../harness/benchmarkPage';\nexport const x = log;\n"],
    ['workers/engineHost.ts', "import { log } from '../harness/benchmarkPage';\nexport const x = log;\n"],
    ['scripts/gpuCheck.ts', "import { adapter } from '../harness/gpuCheckPage';\nexport const x = adapter;\n"],
    // The fixtures never import the UI.
    ['testing/ggufWriter.ts', "import { errorMessage } from '../src/lib/shared/errorMessage';\nexport const x = errorMessage;\n"],
  ])('%s: a forbidden import fails lint', async (file, code) => {
    expect(await lintRules(file, code)).toContain(RESTRICTED);
  });

  test.each([
    [
      'workers/engineHost.ts',
      "import type { Engine } from '../core/engine';\nimport { runBench } from '../benchmarks/runner/runBench';\nimport { putResult } from '../storage/runs';\nexport type X = Engine;\nexport const x = [runBench, putResult];\n",
    ],
    ['storage/runs.ts', "import type { ItemResult } from '../benchmarks/runner/runBench';\nexport type X = ItemResult;\n"],
    ['src/lib/runs/runSession.ts', "import type { EngineWorkerApi } from '../../../core/workerApi';\nexport type X = EngineWorkerApi;\n"],
    ['models/catalog.ts', "import type { CatalogEntry } from '../core/catalogEntry';\nexport type X = CatalogEntry;\n"],
    ['workers/modelCache.ts', "import { splitCommand } from '../models/ggufSplit';\nexport const x = splitCommand;\n"],
    ['src/lib/models/library.svelte.ts', "import { catalog } from '../../../models/catalog';\nexport const x = catalog;\n"],
    ['scripts/compare.ts', "import { catalog } from '../models/catalog';\nexport const x = catalog;\n"],
    // Tests and the dev tools use the fixtures.
    [
      'workers/tokenizer/tokenizer.test.ts',
      "import { bpeVocabularies } from '../../testing/tokenizer/vocabularies';\nexport const x = bpeVocabularies;\n",
    ],
    [
      'src/lib/compare/leaderboard.test.ts',
      "import { makeRunExport } from '../../../testing/runExports';\nexport const x = makeRunExport;\n",
    ],
    ['scripts/perf/nativeBench.ts', "import { getNativeLlama } from '../../testing/nativeLlama';\nexport const x = getNativeLlama;\n"],
    // The harness pages use the app's own run code, and the CLIs the contract they share with the pages.
    ['harness/benchmarkPage.ts', "import { createRun } from '../src/lib/runs/runSession';\nexport const x = createRun;\n"],
    ['scripts/benchmarkCli.ts', "import type { BenchOptions } from '../core/benchmarkHarness';\nexport type X = BenchOptions;\n"],
  ])('%s: an allowed import passes', async (file, code) => {
    expect(await lintRules(file, code)).not.toContain(RESTRICTED);
  });

  test('Math.random is refused in benchmarks/', async () => {
    expect(await lintRules('benchmarks/runner/sampling.ts', 'export const r = Math.random();\n')).toContain('no-restricted-properties');
  });
});

/** What lint cannot express: file names across the parts. */
describe('no two source files share a name across parts', () => {
  const parts = ['core', 'models', 'storage', 'benchmarks', 'workers', 'src', 'harness', 'scripts', 'testing'];
  const files = parts.flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.(ts|svelte)$/.test(e.name) && !/\.test\.ts$/.test(e.name))
      .map((e) => relative(root, join(e.parentPath, e.name))),
  );
  test('every basename is unique', () => {
    const seen = new Map<string, string[]>();
    for (const file of files) seen.set(basename(file), [...(seen.get(basename(file)) ?? []), file]);
    expect([...seen.values()].filter((paths) => paths.length > 1)).toEqual([]);
  });
});
