import type { CatalogEntry, LicenceGate, ModelShape } from '../core/catalogEntry';
import { splitCommand } from './ggufSplit';
import { estimateGgufMemory } from './memoryEstimate';
import { loadContextSize } from './modelSpec';

/** Where a medical catalog entry's facts come from, and which of them could be confirmed. */
export interface MedicalProvenance {
  /** The original model's card (safetensors), where architecture and licence are stated. */
  modelCard: string;
  /** True only where URL, file name, size and licence were all read from public listings. */
  verified: boolean;
  /** What could not be confirmed from public sources when the entry was written. */
  unconfirmed: string[];
  /**
   * `publishedScores.json` holds the model's MedQA/MedMCQA/PubMedQA numbers (by catalog id), or
   * `none published` with what was searched.
   */
  referenceScores: 'publishedScores.json' | { none: string };
}

export interface MedicalModel {
  entry: CatalogEntry;
  provenance: MedicalProvenance;
}

export const HAI_DEF_TERMS: LicenceGate = {
  id: 'hai-def',
  name: 'Health AI Developer Foundations Terms of Use',
  url: 'https://developers.google.com/health-ai-developer-foundations/terms',
  summary:
    'MedGemma is provided under the Health AI Developer Foundations Terms of Use and its Prohibited Use Policy. It is not a medical device and is not intended for clinical diagnosis, treatment or patient care; outputs must not be relied on as medical advice. By downloading it you agree to these terms.',
};

interface GgufFacts {
  id: string;
  name: string;
  url: string;
  quant: string;
  sizeBytes: number;
  contextSize: number;
  licence: string;
  family: string;
  shape: ModelShape;
  notes: string;
  licenceGate?: LicenceGate;
  provenance: MedicalProvenance;
}

function fileOf(url: string): string {
  return decodeURIComponent(url.split('/').pop() ?? '');
}

/** The entry a row shows, its memory estimated from its shape for the context it loads with. */
function medical(f: GgufFacts): MedicalModel {
  const base = {
    id: f.id,
    name: f.name,
    backend: 'wllama' as const,
    url: f.url,
    quant: f.quant,
    sizeBytes: f.sizeBytes,
    contextSize: f.contextSize,
    shape: f.shape,
  };
  const needsSplit = f.sizeBytes > 2 * 1024 ** 3 - 1;
  const split = needsSplit
    ? ` No publisher split exists: split it yourself with: ${splitCommand(fileOf(f.url))} and add the parts under Add a model (pick all parts at once).`
    : '';
  return {
    entry: {
      ...base,
      memoryBytes: estimateGgufMemory(base, loadContextSize(base), 'fast').totalBytes,
      licence: f.licence,
      family: f.family,
      notes: `${f.notes}${split}`,
      requiresF16: false,
      verifiedOffline: false,
      medical: true,
      ...(f.licenceGate ? { licenceGate: f.licenceGate } : {}),
    },
    provenance: f.provenance,
  };
}

/**
 * Sizes are the decimal GB figures of the Hugging Face file listings, as bytes; shapes are the models'
 * config.json / GGUF metadata. Nothing here could be downloaded offline, so `verifiedOffline` is false.
 */
export const MEDICAL_MODELS: MedicalModel[] = [
  medical({
    id: 'medgemma-4b-it-Q4_K_M',
    name: 'MedGemma 4B it (Q4_K_M)',
    url: 'https://huggingface.co/unsloth/medgemma-4b-it-GGUF/resolve/main/medgemma-4b-it-Q4_K_M.gguf',
    quant: 'Q4_K_M',
    sizeBytes: 2_490_000_000,
    contextSize: 4096,
    licence: 'Health AI Developer Foundations Terms of Use (gated)',
    family: 'gemma3',
    shape: { architecture: 'gemma3', parameters: 3.88e9, layers: 34, embedding: 2560, heads: 8, kvHeads: 4, headDim: 256, vocab: 262144 },
    notes:
      'Google’s medical Gemma 3 4B, instruction-tuned; the text part runs here (no image encoder). You accept the HAI-DEF terms before the download starts.',
    licenceGate: HAI_DEF_TERMS,
    provenance: {
      modelCard: 'https://huggingface.co/google/medgemma-4b-it',
      verified: false,
      unconfirmed: [
        'file size: 2.49 GB is the listed size of Gemma 3 4B it Q4_K_M; Ollama lists MedGemma 4B q4_K_M as 2.5 GB; the unsloth listing itself was not seen',
        'shape: from the MedGemma 4B GGUF metadata shown by Ollama (34 blocks, 2560 wide, 8/4 heads of 256); vocabulary size from Gemma 3',
      ],
      referenceScores: 'publishedScores.json',
    },
  }),
  medical({
    id: 'meditron3-gemma2-2b-Q4_K_M',
    name: 'Meditron3 Gemma2 2B (Q4_K_M)',
    url: 'https://huggingface.co/QuantFactory/Meditron3-Gemma2-2B-GGUF/resolve/main/Meditron3-Gemma2-2B.Q4_K_M.gguf',
    quant: 'Q4_K_M',
    sizeBytes: 1_710_000_000,
    contextSize: 8192,
    licence: 'Apache-2.0 (as tagged; built on Gemma 2, whose Gemma Terms of Use also apply)',
    family: 'gemma2',
    shape: { architecture: 'gemma2', parameters: 2.61e9, layers: 26, embedding: 2304, heads: 8, kvHeads: 4, headDim: 256, vocab: 256000 },
    notes:
      'OpenMeditron’s Meditron-3 on Gemma 2 2B, for clinical medicine including limited-resource and humanitarian settings; research use only.',
    provenance: {
      modelCard: 'https://huggingface.co/OpenMeditron/Meditron3-Gemma2-2B',
      verified: true,
      unconfirmed: [],
      referenceScores: {
        none: 'The model card and the Open Medical-LLM Leaderboard results show no MedQA/MedMCQA/PubMedQA numbers for it.',
      },
    },
  }),
  medical({
    id: 'apollo-2b-Q4_0',
    name: 'Apollo 2B (Q4_0)',
    url: 'https://huggingface.co/RichardErkhov/FreedomIntelligence_-_Apollo-2B-gguf/resolve/main/Apollo-2B.Q4_0.gguf',
    quant: 'Q4_0',
    sizeBytes: 1_550_000_000,
    contextSize: 8192,
    licence: 'Apache-2.0 (not confirmed; built on Gemma 2B, whose Gemma Terms of Use also apply)',
    family: 'gemma',
    shape: { architecture: 'gemma', parameters: 2.51e9, layers: 18, embedding: 2048, heads: 8, kvHeads: 1, headDim: 256, vocab: 256000 },
    notes: 'FreedomIntelligence’s multilingual medical Apollo on Gemma 2B (arXiv 2403.03640).',
    provenance: {
      modelCard: 'https://huggingface.co/FreedomIntelligence/Apollo-2B',
      verified: false,
      unconfirmed: ['licence: the original card was not seen', 'shape: Gemma 2B’s published configuration, not read from this file'],
      referenceScores: {
        none: 'No MedQA/MedMCQA/PubMedQA number for Apollo-2B was found on its card or the Open Medical-LLM Leaderboard (the paper reports XMedBench averages).',
      },
    },
  }),
  medical({
    id: 'mediphi-instruct-Q4_K_M',
    name: 'MediPhi Instruct (Q4_K_M)',
    url: 'https://huggingface.co/SandLogicTechnologies/MediPhi-Instruct-GGUF/resolve/main/MediPhi-Instruct_Q4_K_M.gguf',
    quant: 'Q4_K_M',
    sizeBytes: 2_390_000_000,
    contextSize: 4096,
    licence: 'MIT',
    family: 'phi3',
    shape: { architecture: 'phi3', parameters: 3.82e9, layers: 32, embedding: 3072, heads: 32, kvHeads: 32, headDim: 96, vocab: 32064 },
    notes: 'Microsoft’s Phi-3.5-mini merged from five medical experts and aligned on MediFlow; evaluated on CLUE+.',
    provenance: {
      modelCard: 'https://huggingface.co/microsoft/MediPhi-Instruct',
      verified: false,
      unconfirmed: [
        'file name: MediPhi-Instruct_Q4_K_M.gguf follows the repository’s naming (MediPhi-Instruct_IQ3_M.gguf was seen)',
        'file size: 2.39 GB is Phi-3.5-mini Q4_K_M’s size',
      ],
      referenceScores: { none: 'The card reports CLUE+ (43.4% average), not MedQA/MedMCQA/PubMedQA.' },
    },
  }),
  medical({
    id: 'openbiollm-llama3-8b-Q4_K_M',
    name: 'OpenBioLLM Llama3 8B (Q4_K_M)',
    url: 'https://huggingface.co/aaditya/OpenBioLLM-Llama3-8B-GGUF/resolve/main/openbiollm-llama3-8b.Q4_K_M.gguf',
    quant: 'Q4_K_M',
    sizeBytes: 4_920_000_000,
    contextSize: 8192,
    licence: 'Llama 3 Community License',
    family: 'llama',
    shape: { architecture: 'llama', parameters: 8.03e9, layers: 32, embedding: 4096, heads: 32, kvHeads: 8, headDim: 128, vocab: 128256 },
    notes: 'Saama’s Llama 3 8B fine-tuned for biomedicine. Over 4 GiB with its KV cache, so only the GPU path can hold it.',
    provenance: {
      modelCard: 'https://huggingface.co/aaditya/Llama3-OpenBioLLM-8B',
      verified: false,
      unconfirmed: ['URL and file size of the GGUF (4.92 GB is Llama 3 8B Q4_K_M’s size)'],
      referenceScores: 'publishedScores.json',
    },
  }),
  medical({
    id: 'biomistral-7b-Q4_K_M',
    name: 'BioMistral 7B (Q4_K_M)',
    url: 'https://huggingface.co/gguf/BioMistral-7B-GGUF/resolve/main/biomistral-7b.Q4_K_M.gguf',
    quant: 'Q4_K_M',
    sizeBytes: 4_370_000_000,
    contextSize: 2048,
    licence: 'Apache-2.0',
    family: 'mistral',
    shape: { architecture: 'llama', parameters: 7.24e9, layers: 32, embedding: 4096, heads: 32, kvHeads: 8, headDim: 128, vocab: 32000 },
    notes: 'Mistral 7B v0.1 further pre-trained on PubMed Central. Over 4 GiB with its KV cache, so only the GPU path can hold it.',
    provenance: {
      modelCard: 'https://huggingface.co/BioMistral/BioMistral-7B',
      verified: false,
      unconfirmed: ['URL and file size of the GGUF (4.37 GB is Mistral 7B Q4_K_M’s size)'],
      referenceScores: 'publishedScores.json',
    },
  }),
  medical({
    id: 'meditron-7b-Q4_K_M',
    name: 'Meditron 7B (Q4_K_M)',
    url: 'https://huggingface.co/TheBloke/meditron-7B-GGUF/resolve/main/meditron-7b.Q4_K_M.gguf',
    quant: 'Q4_K_M',
    sizeBytes: 4_080_000_000,
    contextSize: 2048,
    licence: 'Llama 2 Community License',
    family: 'llama',
    shape: { architecture: 'llama', parameters: 6.74e9, layers: 32, embedding: 4096, heads: 32, kvHeads: 32, headDim: 128, vocab: 32017 },
    notes:
      'EPFL’s Llama 2 7B trained on medical guidelines and papers; a base model, not instruction-tuned, so score it with choice log-likelihoods rather than chat.',
    provenance: {
      modelCard: 'https://huggingface.co/epfl-llm/meditron-7b',
      verified: false,
      unconfirmed: [
        'URL and file size of the GGUF (4.08 GB is Llama 2 7B Q4_K_M’s size)',
        'the published scores (see publishedScores.json)',
      ],
      referenceScores: 'publishedScores.json',
    },
  }),
];
