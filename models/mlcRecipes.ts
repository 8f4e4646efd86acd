import type { MlcLibrarySpec } from './mlcConfigCheck';

/** web-llm 0.2.86's model library folder (the same as catalog.ts's; mlcRecipes.test.ts checks every URL). */
const MLC_LIBS = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/';
/** Every prebuilt library here is compiled with a 1k prefill chunk (`_cs1k`). */
const CHUNK = 1024;

type Arch = Omit<MlcLibrarySpec, 'id' | 'modelLib' | 'quantization'>;

/**
 * The architectures the prebuilt libraries were compiled for, as their own weights' mlc-chat-config.json
 * files (mlc-ai/<id> on Hugging Face) and the base models' config.json state them.
 */
const ARCH = {
  'Llama-3-8B-Instruct': {
    modelType: 'llama',
    hiddenSize: 4096,
    layers: 32,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 128256,
    tieWordEmbeddings: false,
    ropeTheta: 500000,
    prefillChunkSize: CHUNK,
  },
  'Llama-3_1-8B-Instruct': {
    modelType: 'llama',
    hiddenSize: 4096,
    layers: 32,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 128256,
    tieWordEmbeddings: false,
    ropeTheta: 500000,
    prefillChunkSize: CHUNK,
  },
  'Phi-3.5-mini-instruct': {
    modelType: 'phi3',
    hiddenSize: 3072,
    layers: 32,
    heads: 32,
    kvHeads: 32,
    headDim: 96,
    vocabSize: 32064,
    tieWordEmbeddings: false,
    ropeTheta: 10000,
    prefillChunkSize: CHUNK,
  },
  'gemma-2-2b-it': {
    modelType: 'gemma2',
    hiddenSize: 2304,
    layers: 26,
    heads: 8,
    kvHeads: 4,
    headDim: 256,
    vocabSize: 256000,
    tieWordEmbeddings: true,
    ropeTheta: 10000,
    prefillChunkSize: CHUNK,
  },
  'Qwen2-7B-Instruct': {
    modelType: 'qwen2',
    hiddenSize: 3584,
    layers: 28,
    heads: 28,
    kvHeads: 4,
    headDim: 128,
    vocabSize: 152064,
    tieWordEmbeddings: false,
    ropeTheta: 1000000,
    prefillChunkSize: CHUNK,
  },
  'Mistral-7B-Instruct-v0.3': {
    modelType: 'mistral',
    hiddenSize: 4096,
    layers: 32,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 32768,
    tieWordEmbeddings: false,
    ropeTheta: 1000000,
    prefillChunkSize: CHUNK,
  },
} satisfies Record<string, Arch>;

export type LibraryBase = keyof typeof ARCH;

/** web-llm's model_id for the weights a library ships with, where it differs from the library's name. */
const MODEL_ID: Partial<Record<LibraryBase, string>> = { 'Llama-3_1-8B-Instruct': 'Llama-3.1-8B-Instruct' };

export function mlcLibrary(base: LibraryBase, quantization: 'q4f16_1' | 'q4f32_1'): MlcLibrarySpec {
  return {
    id: `${MODEL_ID[base] ?? base}-${quantization}-MLC`,
    modelLib: `${MLC_LIBS}${base}-${quantization}_cs1k-webgpu.wasm`,
    quantization,
    ...ARCH[base],
  };
}

export const MLC_LIBRARIES: MlcLibrarySpec[] = (Object.keys(ARCH) as LibraryBase[]).flatMap((base) =>
  (['q4f16_1', 'q4f32_1'] as const).map((q) => mlcLibrary(base, q)),
);

/** A medical fine-tune and the prebuilt library its MLC weights run on, without compiling anything. */
export interface MlcRecipe {
  fineTune: string;
  /** The fine-tune's Hugging Face repository (safetensors). */
  repo: string;
  library: LibraryBase;
  convTemplate: string;
  /** Null where it fits; otherwise why no prebuilt library serves it. */
  mismatch: string | null;
}

export const MLC_RECIPES: MlcRecipe[] = [
  {
    fineTune: 'OpenBioLLM-Llama3-8B',
    repo: 'aaditya/Llama3-OpenBioLLM-8B',
    library: 'Llama-3-8B-Instruct',
    convTemplate: 'llama-3',
    mismatch: null,
  },
  {
    fineTune: 'MMed-Llama-3-8B',
    repo: 'Henrychur/MMed-Llama-3-8B',
    library: 'Llama-3-8B-Instruct',
    convTemplate: 'llama-3',
    mismatch: null,
  },
  {
    fineTune: 'Meditron3-8B',
    repo: 'OpenMeditron/Meditron3-8B',
    library: 'Llama-3_1-8B-Instruct',
    convTemplate: 'llama-3_1',
    mismatch: null,
  },
  {
    fineTune: 'MediPhi-Instruct',
    repo: 'microsoft/MediPhi-Instruct',
    library: 'Phi-3.5-mini-instruct',
    convTemplate: 'phi-3',
    mismatch: null,
  },
  {
    fineTune: 'Meditron3-Gemma2-2B',
    repo: 'OpenMeditron/Meditron3-Gemma2-2B',
    library: 'gemma-2-2b-it',
    convTemplate: 'gemma_instruction',
    mismatch: null,
  },
  {
    fineTune: 'Meditron3-Qwen2.5-7B',
    repo: 'OpenMeditron/Meditron3-Qwen2.5-7B',
    library: 'Qwen2-7B-Instruct',
    convTemplate: 'qwen2',
    mismatch: null,
  },
  {
    fineTune: 'BioMistral-7B',
    repo: 'BioMistral/BioMistral-7B',
    library: 'Mistral-7B-Instruct-v0.3',
    convTemplate: 'mistral_default',
    mismatch:
      'BioMistral is Mistral 7B v0.1 (RoPE θ 1e4, 32 000-token vocabulary); the Mistral v0.3 library is compiled for θ 1e6 and 32 768 tokens, so no prebuilt library serves it: compile one with mlc_llm compile, or run its GGUF.',
  },
];

/** The two mlc_llm commands that turn the fine-tune into weights the recipe's library runs. */
export function recipeCommands(recipe: MlcRecipe, quantization: 'q4f16_1' | 'q4f32_1'): string[] {
  const src = `./${recipe.repo.split('/')[1]}`;
  const out = `./${recipe.repo.split('/')[1]}-${quantization}-MLC`;
  return [
    `mlc_llm convert_weight ${src} --quantization ${quantization} -o ${out}`,
    `mlc_llm gen_config ${src} --quantization ${quantization} --conv-template ${recipe.convTemplate} --context-window-size 4096 --prefill-chunk-size ${CHUNK} -o ${out}`,
  ];
}
