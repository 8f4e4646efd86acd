import { GPT2_REGEX, LLAMA3_REGEX, NEWLINE_RUNS_REGEX, QWEN2_REGEX, QWEN35_REGEX } from './regexSplit';

/** How llama.cpp pre-tokenizes and configures a BPE vocabulary, by tokenizer.ggml.pre. */
export interface BpePreTokenizer {
  /** llama_vocab's regex_exprs for the pre type, applied in order. */
  regexes: readonly string[];
  ignoreMerges: boolean;
  /** add_bos before the file's tokenizer.ggml.add_bos_token (if any) overrides it. */
  addBosDefault: boolean;
  /** chatglm's pre types clear llama.cpp's BPE default BOS id (11) before the file's id applies. */
  clearsDefaultBos: boolean;
  /** Spaces become U+2581 before splitting (llama.cpp's escape_whitespaces), as SentencePiece writes them. */
  escapeWhitespaces: boolean;
  /**
   * Words are merged as GPT-2 byte characters (byte_encode), or else as raw UTF-8 characters whose
   * unknown bytes fall back to "<0xXX>" tokens.
   */
  byteEncode: boolean;
  /**
   * llama.cpp's two Gemma 4 workarounds: add_bos is forced on whatever the file says, and a word of
   * line feeds that is itself a token is taken whole.
   */
  gemma4Fixes: boolean;
}

const FALCON_PUNCTUATION_REGEX = '[\\p{P}\\$\\+<=>\\^~\\|`]+';
const DEFAULT_PUNCTUATION_REGEX = '[\\p{P}\\$\\+<=>\\^~\\|]+';
const THREE_DIGITS_REGEX = '[0-9][0-9][0-9]';
const TEKKEN_REGEX =
  '[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+';
// llama.cpp writes these with literal CR/LF and non-ASCII characters (so it runs them on std::wregex).
// They are escaped here because some of those code points (U+1F7D, U+2126, U+212A…) are canonical
// singletons that any tool normalizing text to NFC would silently replace.
const CJK_HANGUL_RUNS_REGEX = '[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+';
const DEEPSEEK_LLM_REGEXES = [
  '[\r\n]',
  '\\s?[A-Za-z\u00B5\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u01BA\u01BC-\u01BF\u01C4-\u0293\u0295-\u02AF\u0370-\u0373\u0376\u0377\u037B-\u037D\u037F\u0386\u0388-\u038A\u038C\u038E-\u03A1\u03A3-\u03F5\u03F7-\u0481\u048A-\u052F\u0531-\u0556\u10A0-\u10C5\u13A0-\u13F5\u13F8-\u13FD\u1C90-\u1CBA\u1CBD-\u1CBF\u1D00-\u1D2B\u1D6B-\u1D77\u1D79-\u1D9A\u1E00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45\u1F48-\u1F4D\u1F50-\u1F57\u1F59\u1F5B\u1F5D\u1F5F-\u1F7D\u1F80-\u1FB4\u1FB6-\u1FBC\u1FBE\u1FC2-\u1FC4\u1FC6-\u1FCC\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-\u1FEC\u1FF2-\u1FF4\u1FF6-\u1FFC\u2102\u2107\u210A-\u2113\u2115\u2119-\u211D\u2124\u2126\u2128\u212A-\u212D\u212F-\u2134\u2139\u213C-\u213F\u2145-\u2149\u214E\u2183\u2184\u2C00-\u2C7B\u2C7E-\u2CE4\u2CEB-\u2CEE\u2CF2\u2CF3\uA640-\uA66D\uA680-\uA69B\uA722-\uA76F\uA771-\uA787\uA78B-\uA78E\uAB70-\uABBF\uFB00-\uFB06\uFB13-\uFB17\uFF21-\uFF3A\uFF41-\uFF5A\u{10400}-\u{1044F}\u{104B0}-\u{104D3}\u{104D8}-\u{104FB}\u{10C80}-\u{10CB2}\u{10CC0}-\u{10CF2}\u{118A0}-\u{118DF}\u{1E900}-\u{1E943}]+',
  '\\s?[!-/:-~\uFF01-\uFF0F\uFF1A-\uFF5E\u2018-\u201F\u3000-\u3002]+',
  '\\s+$',
  CJK_HANGUL_RUNS_REGEX,
  '\\p{N}+',
];
const DEEPSEEK_CODER_REGEXES = ['[\r\n]', '\\s?\\p{L}+', '\\s?\\p{P}+', CJK_HANGUL_RUNS_REGEX, '\\p{N}'];
const GPT4O_REGEX =
  "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

interface Family extends Partial<Omit<BpePreTokenizer, 'regexes'>> {
  names: readonly string[];
  regexes: readonly string[];
}

/**
 * The pre types of llama.cpp's llama-vocab.cpp (node-llama-cpp 3.21.1's llama.cpp) whose regexes this
 * port runs exactly, each with every tokenizer.ggml.pre value llama.cpp maps to it. The others (those
 * whose splitters llama.cpp hand-writes, such as kimi-k2's and afmoe's, or whose regexes it has not been
 * checked against) are absent on purpose and refused.
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
  { names: ['qwen35'], regexes: [QWEN35_REGEX] },
  { names: ['deepseek-llm'], regexes: DEEPSEEK_LLM_REGEXES },
  { names: ['deepseek-coder'], regexes: DEEPSEEK_CODER_REGEXES },
  {
    names: ['gemma4', 'granite-embed-multi-311m'],
    regexes: [NEWLINE_RUNS_REGEX],
    escapeWhitespaces: true,
    byteEncode: false,
    gemma4Fixes: true,
  },
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
    escapeWhitespaces: family.escapeWhitespaces ?? false,
    byteEncode: family.byteEncode ?? true,
    gemma4Fixes: family.gemma4Fixes ?? false,
  };
}
