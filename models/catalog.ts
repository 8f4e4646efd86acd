import type { CatalogEntry } from '../core/catalogEntry';
import { MEDICAL_MODELS } from './medicalCatalog';
import { estimateGgufMemory } from './memoryEstimate';
import { loadContextSize } from './modelSpec';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** web-llm 0.2.86's prebuiltAppConfig.model_list: model_lib URL prefix and version folder. */
const MLC_LIBS = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/';

/**
 * web-llm publishes VRAM needs but no download sizes. MLC q4 weights store 4 bits per weight plus one
 * scale per group of 32: an f16 scale gives 4.5 bits per weight, an f32 scale 5.
 */
function mlcDownloadEstimate(parameters: number, quant: 'q4f16_1' | 'q4f32_1'): number {
  return Math.round((parameters * (quant === 'q4f16_1' ? 4.5 : 5)) / 8);
}

interface MlcModel {
  base: string;
  name: string;
  lib: string;
  parameters: number;
  vramMB: { q4f16_1: number; q4f32_1: number };
  licence: string;
  family: string;
  recommended?: boolean;
  notes?: string;
}

function mlcEntries(m: MlcModel): CatalogEntry[] {
  return (['q4f16_1', 'q4f32_1'] as const).map((quant) => ({
    id: `${m.base}-${quant}-MLC`,
    name: `${m.name} (${quant})`,
    backend: 'webllm',
    url: `https://huggingface.co/mlc-ai/${m.base}-${quant}-MLC`,
    modelLib: `${MLC_LIBS}${m.lib}-${quant}_cs1k-webgpu.wasm`,
    quant,
    sizeBytes: mlcDownloadEstimate(m.parameters, quant),
    memoryBytes: Math.round(m.vramMB[quant] * MIB),
    contextSize: 4096,
    licence: m.licence,
    family: m.family,
    ...(m.notes ? { notes: m.notes } : {}),
    requiresF16: quant === 'q4f16_1',
    verifiedOffline: true,
    medical: false,
    ...(m.recommended ? { recommended: true } : {}),
  }));
}

/** Ids, URLs, libraries and VRAM below are web-llm 0.2.86's prebuiltAppConfig (catalog.test.ts checks). */
const WEBLLM_MODELS: MlcModel[] = [
  {
    base: 'Llama-3.2-1B-Instruct',
    name: 'Llama 3.2 1B Instruct',
    lib: 'Llama-3.2-1B-Instruct',
    parameters: 1.24e9,
    vramMB: { q4f16_1: 879.04, q4f32_1: 1128.82 },
    licence: 'Llama 3.2 Community License',
    family: 'llama',
  },
  {
    base: 'Llama-3.2-3B-Instruct',
    name: 'Llama 3.2 3B Instruct',
    lib: 'Llama-3.2-3B-Instruct',
    parameters: 3.21e9,
    vramMB: { q4f16_1: 2263.69, q4f32_1: 2951.51 },
    licence: 'Llama 3.2 Community License',
    family: 'llama',
    recommended: true,
  },
  {
    base: 'Qwen2.5-1.5B-Instruct',
    name: 'Qwen2.5 1.5B Instruct',
    lib: 'Qwen2-1.5B-Instruct',
    parameters: 1.54e9,
    vramMB: { q4f16_1: 1629.75, q4f32_1: 1888.97 },
    licence: 'Apache-2.0',
    family: 'qwen2',
  },
  {
    base: 'Qwen2.5-3B-Instruct',
    name: 'Qwen2.5 3B Instruct',
    lib: 'Qwen2.5-3B-Instruct',
    parameters: 3.09e9,
    vramMB: { q4f16_1: 2504.76, q4f32_1: 2893.64 },
    licence: 'Qwen Research License',
    family: 'qwen2',
  },
  {
    base: 'Qwen2.5-7B-Instruct',
    name: 'Qwen2.5 7B Instruct',
    lib: 'Qwen2-7B-Instruct',
    parameters: 7.62e9,
    vramMB: { q4f16_1: 5106.67, q4f32_1: 5900.09 },
    licence: 'Apache-2.0',
    family: 'qwen2',
    notes: 'The strongest general baseline here on medical questions; needs a GPU with about 5.4 GB free (q4f16_1) or 6.2 GB (q4f32_1).',
  },
  {
    base: 'Phi-3.5-mini-instruct',
    name: 'Phi-3.5 mini Instruct',
    lib: 'Phi-3.5-mini-instruct',
    parameters: 3.82e9,
    vramMB: { q4f16_1: 3672.07, q4f32_1: 5483.12 },
    licence: 'MIT',
    family: 'phi3',
  },
  {
    base: 'gemma-2-2b-it',
    name: 'Gemma 2 2B it',
    lib: 'gemma-2-2b-it',
    parameters: 2.61e9,
    vramMB: { q4f16_1: 1895.3, q4f32_1: 2508.75 },
    licence: 'Gemma Terms of Use',
    family: 'gemma2',
    notes: 'No system role: Bedside puts the system prompt at the start of the first user turn.',
  },
  {
    base: 'Llama-3.1-8B-Instruct',
    name: 'Llama 3.1 8B Instruct',
    lib: 'Llama-3_1-8B-Instruct',
    parameters: 8.03e9,
    vramMB: { q4f16_1: 5001, q4f32_1: 6101.01 },
    licence: 'Llama 3.1 Community License',
    family: 'llama',
  },
];

/**
 * wllama loads a GGUF into one ArrayBuffer per file (its README: 2 GB at most per file; larger models
 * must be split with llama-gguf-split) and runs in wasm32, which addresses at most 4 GiB in total.
 */
export const WASM_FILE_LIMIT_BYTES = 2 * GIB - 1;
export const WASM_MEMORY_LIMIT_BYTES = 4 * GIB;

/** The bundled GGUF as its header describes it (models/catalog.test.ts reads the file to check). */
const STORIES_260K = {
  id: 'stories260K',
  name: 'TinyStories 260K (test model)',
  backend: 'wllama',
  url: 'models/stories260K/stories260K.gguf',
  quant: 'f32',
  sizeBytes: 1_185_376,
  contextSize: 2048,
  shape: {
    architecture: 'llama',
    parameters: 292_800,
    layers: 5,
    embedding: 64,
    heads: 8,
    kvHeads: 4,
    headDim: 8,
    vocab: 512,
    feedForward: 172,
  },
} satisfies Partial<CatalogEntry>;

export const catalog: CatalogEntry[] = [
  {
    ...STORIES_260K,
    // The same estimate the Models page gives a GGUF added by URL or file, so one file shows one memory.
    memoryBytes: estimateGgufMemory(STORIES_260K, loadContextSize(STORIES_260K), 'fast').totalBytes,
    licence: 'MIT',
    family: 'llama',
    notes:
      'Bundled with the app so everything works offline. It writes children’s stories, not medicine: use it to try the app, not to judge answers.',
    requiresF16: false,
    verifiedOffline: true,
    medical: false,
  },
  ...WEBLLM_MODELS.flatMap(mlcEntries),
  ...MEDICAL_MODELS.map((m) => m.entry),
  {
    id: 'qwen2.5-1.5b-instruct-Q4_K_M',
    name: 'Qwen2.5 1.5B Instruct (Q4_K_M, WASM)',
    backend: 'wllama',
    url: 'https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf',
    quant: 'Q4_K_M',
    sizeBytes: 1_120_000_000,
    memoryBytes: 1_600_000_000,
    contextSize: 4096,
    licence: 'Apache-2.0',
    family: 'qwen2',
    notes: 'A general baseline that fits the WASM engine, for browsers without WebGPU.',
    requiresF16: false,
    verifiedOffline: false,
    medical: false,
    recommended: true,
  },
];
