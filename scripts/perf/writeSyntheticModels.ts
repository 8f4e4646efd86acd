/**
 * Writes the synthetic Llama GGUF set into .cache/synthetic-models/ (git-ignored) with a models.json
 * manifest. Files already there with the same seed and size are kept, since the output is deterministic.
 *
 *   npm run perf:models -- [--sizes 1m,15m,60m,250m] [--types f16,q8_0] [--seed 1] [--out DIR] [--force]
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ggufLayout } from '../../testing/ggufWriter';
import { readGgufHeader } from '../../testing/gguf';
import { writeGgufFile } from '../../testing/ggufFile';
import {
  SYNTHETIC_SHAPES,
  WEIGHT_TYPES,
  llamaParameterCount,
  spmVocabFromMetadata,
  syntheticLlamaGguf,
  type LlamaShape,
  type WeightType,
} from '../../testing/syntheticLlama';

export const SYNTHETIC_MODELS_DIR = resolve(import.meta.dirname, '../../.cache/synthetic-models');
/** The vocabulary donor: its 512-token SentencePiece vocabulary is copied verbatim into every model. */
export const VOCAB_SOURCE = resolve(import.meta.dirname, '../../public/models/stories260K/stories260K.gguf');

export interface SyntheticModelEntry {
  file: string;
  id: string;
  weightType: WeightType;
  seed: number;
  parameters: number;
  bytes: number;
  vocabSize: number;
  shape: LlamaShape;
}

export function syntheticModelFileName(id: string, weightType: WeightType): string {
  return `llama-${id}-${weightType}.gguf`;
}

function pick<T extends string>(list: string | undefined, allowed: readonly T[], what: string): T[] {
  if (list === undefined) return [...allowed];
  return list.split(',').map((s) => {
    const found = allowed.find((a) => a === s.trim());
    if (found === undefined) throw new Error(`unknown ${what} "${s}", expected one of ${allowed.join(', ')}`);
    return found;
  });
}

function readManifest(path: string): SyntheticModelEntry[] {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SyntheticModelEntry[]) : [];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      types: { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: SYNTHETIC_MODELS_DIR },
      force: { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const shapes = pick(
    values.sizes,
    SYNTHETIC_SHAPES.map((s) => s.id),
    'size',
  ).map((id) => SYNTHETIC_SHAPES.find((s) => s.id === id)!);
  const types = pick(values.types, WEIGHT_TYPES, 'type');
  mkdirSync(values.out, { recursive: true });
  const manifestPath = join(values.out, 'models.json');
  const manifest = new Map(readManifest(manifestPath).map((e) => [e.file, e]));
  const vocab = spmVocabFromMetadata((await readGgufHeader(VOCAB_SOURCE)).metadata);

  for (const shape of shapes) {
    for (const weightType of types) {
      const file = syntheticModelFileName(shape.id, weightType);
      const path = join(values.out, file);
      const spec = syntheticLlamaGguf(shape, weightType, vocab, seed);
      const bytes = ggufLayout(spec).totalBytes;
      const previous = manifest.get(file);
      const upToDate =
        !values.force && previous?.seed === seed && previous.bytes === bytes && existsSync(path) && statSync(path).size === bytes;
      const started = performance.now();
      if (!upToDate) writeGgufFile(path, spec);
      const entry: SyntheticModelEntry = {
        file,
        id: shape.id,
        weightType,
        seed,
        parameters: llamaParameterCount(shape, vocab.tokens.length),
        bytes,
        vocabSize: vocab.tokens.length,
        shape,
      };
      manifest.set(file, entry);
      const action = upToDate ? 'kept' : `wrote in ${((performance.now() - started) / 1000).toFixed(1)} s`;
      console.error(`${file}: ${(entry.parameters / 1e6).toFixed(2)}M params, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${action}`);
    }
  }
  writeFileSync(manifestPath, `${JSON.stringify([...manifest.values()], null, 2)}\n`);
  console.log(resolve(values.out));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
