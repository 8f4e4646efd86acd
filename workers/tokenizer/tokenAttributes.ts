import type { FimRole, GgufVocabulary } from './ggufVocabulary';

/** llama_token_attr bits (include/llama.h). */
export const ATTR = {
  UNDEFINED: 0,
  UNKNOWN: 1 << 0,
  UNUSED: 1 << 1,
  NORMAL: 1 << 2,
  CONTROL: 1 << 3,
  USER_DEFINED: 1 << 4,
  BYTE: 1 << 5,
  LSTRIP: 1 << 7,
  RSTRIP: 1 << 8,
} as const;

/** llama_token_type (the GGUF token_type values) in order: undefined, normal, unknown, control, user-defined, unused, byte. */
const TYPE_TO_ATTR = [ATTR.UNDEFINED, ATTR.NORMAL, ATTR.UNKNOWN, ATTR.CONTROL, ATTR.USER_DEFINED, ATTR.UNUSED, ATTR.BYTE];

/** Texts llama.cpp takes for fill-in-the-middle tokens when the file does not name them. */
const FIM_CANDIDATES: Readonly<Record<FimRole, readonly string[]>> = {
  pre: ['<|fim_prefix|>', '<fim-prefix>', '<fim_prefix>', '<｜fim▁begin｜>', '<PRE>', '▁<PRE>', '<|code_prefix|>', '<|prefix|>'],
  suf: ['<|fim_suffix|>', '<fim-suffix>', '<fim_suffix>', '<｜fim▁hole｜>', '<SUF>', '▁<SUF>', '<|code_suffix|>', '<|suffix|>'],
  mid: ['<|fim_middle|>', '<fim-middle>', '<fim_middle>', '<｜fim▁end｜>', '<MID>', '▁<MID>', '<|code_middle|>', '<|middle|>'],
  pad: ['<|fim_pad|>', '<fim-pad>', '<fim_pad>', '<PAD>', '[PAD]'],
  rep: ['<|fim_repo|>', '<|repo_name|>', '<fim-repo>', '<REPO>', '<reponame>'],
  sep: ['<|file_sep|>'],
};

/**
 * Texts llama.cpp always treats as end-of-generation and forces to control type. Its end-of-turn and
 * end-of-message guesses are all in this list too, so they need no separate pass here.
 */
const END_OF_GENERATION_TEXTS = new Set([
  '<|eot_id|>',
  '<|im_end|>',
  '<|end|>',
  '<|return|>',
  '<|call|>',
  '<|flush|>',
  '<|calls|>',
  '<end_of_turn>',
  '<|endoftext|>',
  '</s>',
  '<|eom_id|>',
  '<EOT>',
  '_<EOT>',
  '[EOT]',
  '[EOS]',
  '<|end_of_text|>',
  '<end_of_utterance>',
  '<eos>',
  '<turn|>',
  '<|tool_response>',
  '<｜end▁of▁sentence｜>',
  '[e~[',
]);

/** gpt-oss: llama.cpp renders these as text, so it makes them user-defined whatever the file says. */
const ALWAYS_USER_DEFINED = ['<|channel|>', '<|message|>', '<|start|>', '<|constrain|>'];

const containsAny = (text: string | undefined, parts: readonly string[]) => text !== undefined && parts.some((p) => text.includes(p));

/**
 * Every token's attributes as llama.cpp ends up with them after loading (llama_vocab::impl::load):
 * the file's token types, then llama.cpp's text-based overrides in the order it applies them. Only
 * overrides that can change tokenization or a token's piece are reproduced (not e.g. the "unused" flag).
 */
export function tokenAttributes(vocab: GgufVocabulary, tokenToId: ReadonlyMap<string, number>): Uint16Array {
  const attrs = new Uint16Array(vocab.tokens.length);
  for (let id = 0; id < attrs.length; id++) {
    const type = vocab.tokenTypes?.[id];
    attrs[id] = type === undefined ? ATTR.NORMAL : (TYPE_TO_ATTR[type] ?? ATTR.UNDEFINED);
  }
  const idOf = (text: string) => tokenToId.get(text);
  const orAttr = (id: number | undefined, bits: number) => {
    if (id !== undefined) attrs[id] = (attrs[id] ?? 0) | bits;
  };

  // llama.cpp walks an unordered_map and keeps the first candidate it meets; with several candidates
  // present its pick is unspecified, so the lowest id is taken here.
  for (const [role, candidates] of Object.entries(FIM_CANDIDATES) as [FimRole, readonly string[]][]) {
    if (vocab.fimIds?.[role] !== undefined) continue;
    const ids = candidates.map(idOf).filter((id): id is number => id !== undefined);
    if (ids.length > 0) orAttr(Math.min(...ids), ATTR.CONTROL);
  }

  for (const text of END_OF_GENERATION_TEXTS) orAttr(idOf(text), ATTR.CONTROL);
  for (const text of ALWAYS_USER_DEFINED) {
    const id = idOf(text);
    if (id !== undefined) attrs[id] = ATTR.USER_DEFINED;
  }

  // o200k_harmony / solar-open: "<|end|>" is not end-of-generation there and is rendered as text.
  const has = (text: string) => idOf(text) !== undefined;
  const hasCall = has('<|call|>') || has('<|calls|>');
  const end = idOf('<|end|>');
  if (end !== undefined && ((has('<|return|>') && hasCall) || (hasCall && has('<|flush|>')))) attrs[end] = ATTR.USER_DEFINED;

  // gemma4 / paddleocr: "</s>" is ordinary text there.
  const closingS = idOf('</s>');
  if (closingS !== undefined && has('<|tool_response>')) attrs[closingS] = ATTR.NORMAL;

  applyStripRules(vocab, attrs, idOf);
  return attrs;
}

/** The per-model whitespace stripping llama.cpp attaches by model, tokenizer and architecture name. */
function applyStripRules(vocab: GgufVocabulary, attrs: Uint16Array, idOf: (text: string) => number | undefined): void {
  // llama.cpp throws (std::map::at) when a token these rules name is missing, failing the load.
  const required = (text: string): number => {
    const id = idOf(text);
    if (id === undefined)
      throw new Error(`llama.cpp cannot load this vocabulary: its ${vocab.name} rules need the token ${JSON.stringify(text)}`);
    return id;
  };
  const set = (id: number, bit: number, on: boolean) => {
    attrs[id] = on ? (attrs[id] ?? 0) | bit : (attrs[id] ?? 0) & ~bit;
  };
  const modelName = vocab.name?.replace(/[A-Z]/g, (c) => c.toLowerCase());

  if (
    containsAny(vocab.pre, ['jina-v2-de', 'jina-v2-es', 'jina-v2-code']) ||
    containsAny(vocab.architecture, ['nomic-bert-moe', 'jina-bert-v3'])
  ) {
    const mask = idOf('<mask>');
    if (mask !== undefined) set(mask, ATTR.LSTRIP, true);
  } else if (containsAny(modelName, ['phi-3', 'phi3'])) {
    for (const id of specialTokenIds(vocab.tokens, attrs)) set(id, ATTR.RSTRIP, true);
    set(required('</s>'), ATTR.RSTRIP, true);
    for (const text of ['<unk>', '<s>', '<|endoftext|>']) set(required(text), ATTR.RSTRIP, false);
  } else if (containsAny(modelName, ['modern-bert'])) {
    const mask = idOf('[MASK]');
    if (mask !== undefined) set(mask, ATTR.LSTRIP, true);
  }
}

const utf8Length = (() => {
  const encoder = new TextEncoder();
  return (text: string) => encoder.encode(text).length;
})();

/**
 * llama.cpp's cache_special_tokens: control, user-defined and unknown tokens, longest (in bytes) first.
 * llama.cpp's std::sort leaves equal lengths in an unspecified order; here they stay in id order.
 */
export function specialTokenIds(tokens: readonly string[], attrs: Uint16Array): number[] {
  const ids: number[] = [];
  for (let id = 0; id < attrs.length; id++) {
    if ((attrs[id] ?? 0) & (ATTR.CONTROL | ATTR.USER_DEFINED | ATTR.UNKNOWN)) ids.push(id);
  }
  const length = ids.map((id) => utf8Length(tokens[id] ?? ''));
  const order = ids.map((_, i) => i).sort((a, b) => (length[b] ?? 0) - (length[a] ?? 0) || a - b);
  return order.map((i) => ids[i] ?? 0);
}
