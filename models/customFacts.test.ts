import { expect, test } from 'vitest';
import type { CatalogEntry } from '../core/catalogEntry';
import type { GgufFacts } from './ggufSource';
import { distinctName, withGgufFacts } from './customFacts';
import { estimateGgufMemory } from './memoryEstimate';

const entry: CatalogEntry = {
  id: 'custom:https://x.example/m/model-Q4_K_M.gguf',
  name: 'model-Q4_K_M',
  backend: 'wllama',
  url: 'https://x.example/m/model-Q4_K_M.gguf',
  quant: 'Q4_K_M',
  sizeBytes: 0,
  memoryBytes: 0,
  contextSize: 2048,
  licence: 'unknown',
  family: 'custom',
  requiresF16: false,
  verifiedOffline: false,
  medical: false,
};

const facts: GgufFacts = {
  name: 'Tiny Med 1B',
  architecture: 'llama',
  parameters: 1.1e9,
  quant: 'Q8_0',
  contextLength: 8192,
  fileBytes: 1_170_000_000,
  shape: { architecture: 'llama', parameters: 1.1e9, layers: 22, embedding: 2048, heads: 32, kvHeads: 4, headDim: 64, vocab: 32000 },
};

test('the header and the host, not the file name, give quantization, size, context and architecture', () => {
  const e = withGgufFacts(entry, facts);
  expect(e).toMatchObject({
    name: 'Tiny Med 1B',
    quant: 'Q8_0',
    sizeBytes: 1_170_000_000,
    contextSize: 8192,
    family: 'llama',
    shape: facts.shape,
  });
  // As Consult loads it (fast): weights + f16 KV cache for the 4096-token window it loads with + one batch of compute.
  expect(e.memoryBytes).toBe(estimateGgufMemory({ shape: facts.shape!, sizeBytes: 1_170_000_000, quant: 'Q8_0' }, 4096, 'fast').totalBytes);
  expect(e.memoryBytes).toBeGreaterThan(1_170_000_000 + 2 * 22 * 4096 * 4 * 64 * 2);
});

test('a general.name that only repeats the architecture gives way to the file name; the user name wins over both', () => {
  expect(withGgufFacts(entry, { ...facts, name: 'llama' }).name).toBe('model-Q4_K_M');
  expect(withGgufFacts(entry, { ...facts, name: null }).name).toBe('model-Q4_K_M');
  expect(withGgufFacts(entry, facts, '  My model ').name).toBe('My model');
});

test('no two models share a name', () => {
  expect(distinctName('stories260K', ['TinyStories'])).toBe('stories260K');
  expect(distinctName('stories260K', ['stories260K'])).toBe('stories260K (2)');
  expect(distinctName('Stories260K', ['stories260K', 'stories260K (2)'])).toBe('Stories260K (3)');
});
