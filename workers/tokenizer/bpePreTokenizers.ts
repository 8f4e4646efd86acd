import { GPT2_REGEX, LLAMA3_REGEX, QWEN2_REGEX } from './regexSplit';

/** How llama.cpp pre-tokenizes and configures a byte-level BPE vocabulary, by tokenizer.ggml.pre. */
export interface BpePreTokenizer {
  /** llama_vocab's regex_exprs for the pre type, applied in order. */
  regexes: readonly string[];
  ignoreMerges: boolean;
  /** add_bos before the file's tokenizer.ggml.add_bos_token (if any) overrides it. */
  addBosDefault: boolean;
  /** chatglm's pre types clear llama.cpp's BPE default BOS id (11) before the file's id applies. */
  clearsDefaultBos: boolean;
}

const FALCON_PUNCTUATION_REGEX = '[\\p{P}\\$\\+<=>\\^~\\|`]+';
const DEFAULT_PUNCTUATION_REGEX = '[\\p{P}\\$\\+<=>\\^~\\|]+';
const THREE_DIGITS_REGEX = '[0-9][0-9][0-9]';
const TEKKEN_REGEX =
  '[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+';
const GPT4O_REGEX =
  "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

interface Family extends Partial<Omit<BpePreTokenizer, 'regexes'>> {
  names: readonly string[];
  regexes: readonly string[];
}

/**
 * The pre types of llama.cpp's llama-vocab.cpp (node-llama-cpp 3.21.1's llama.cpp) whose regexes this
 * port runs exactly, each with every tokenizer.ggml.pre value llama.cpp maps to it. Types needing
 * other machinery (raw-UTF-8 BPE as in Gemma 4, non-ASCII regex literals as in DeepSeek, llama.cpp's
 * other hand-written splitters) are absent on purpose and refused.
 */
const FAMILIES: readonly Family[] = [
  // An absent or empty tokenizer.ggml.pre also means 'default' (llama.cpp warns about it).
  { names: ['', 'default'], regexes: [DEFAULT_PUNCTUATION_REGEX, GPT2_REGEX, '\\p{N}+', THREE_DIGITS_REGEX] },
  {
    names: ['llama3', 'llama-v3', 'llama-bpe', 'falcon3', 'falcon-h1', 'pixtral', 'midm-2.0', 'lfm2', 'jina-v5-nano'],
    regexes: [LLAMA3_REGEX],
    ignoreMerges: true,
    addBosDefault: true,
  },
  { names: ['dbrx', 'smaug-bpe'], regexes: [LLAMA3_REGEX] },
  { names: ['glm4', 'chatglm-bpe'], regexes: [LLAMA3_REGEX], clearsDefaultBos: true },
  {
    names: [
      'gpt-2',
      'phi-2',
      'jina-es',
      'jina-de',
      'gigachat',
      'jina-v2-es',
      'jina-v2-de',
      'a.x-4.0',
      'mellum',
      'modern-bert',
      'jina-v1-en',
      'jina-v2-code',
      'roberta-bpe',
      'mpt',
      'olmo',
      'jais',
      'exaone4',
      'trillion',
      'granite-docling',
    ],
    regexes: [GPT2_REGEX],
  },
  {
    names: ['starcoder', 'refact', 'command-r', 'smollm', 'codeshell', 'exaone', 'minerva-7b', 'mellum2'],
    regexes: ['\\p{N}', GPT2_REGEX],
  },
  { names: ['falcon'], regexes: [FALCON_PUNCTUATION_REGEX, GPT2_REGEX, THREE_DIGITS_REGEX] },
  {
    names: ['qwen2', 'deepseek-r1-qwen', 'kormo', 'f2llmv2', 'stablelm2', 'megrez', 'hunyuan', 'solar-open', 'grok-2'],
    regexes: [QWEN2_REGEX],
  },
  { names: ['tekken'], regexes: [TEKKEN_REGEX], ignoreMerges: true, addBosDefault: true },
  { names: ['gpt-4o', 'llama4', 'kanana2', 'talkie', 'minimax-m2'], regexes: [GPT4O_REGEX] },
];

export const SUPPORTED_BPE_PRE_TOKENIZERS: readonly string[] = FAMILIES.flatMap((f) => f.names.filter((n) => n !== ''));

export function bpePreTokenizer(pre: string | undefined): BpePreTokenizer {
  const family = FAMILIES.find((f) => f.names.includes(pre ?? ''));
  if (family === undefined) {
    throw new Error(
      `unsupported BPE pre-tokenizer tokenizer.ggml.pre = "${pre}"; supported: ${SUPPORTED_BPE_PRE_TOKENIZERS.join(', ')} (or none, meaning "default")`,
    );
  }
  return {
    regexes: family.regexes,
    ignoreMerges: family.ignoreMerges ?? false,
    addBosDefault: family.addBosDefault ?? false,
    clearsDefaultBos: family.clearsDefaultBos ?? false,
  };
}
