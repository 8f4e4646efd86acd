import { beforeAll, describe, expect, it } from 'vitest';
import { bpePreTokenizer, SUPPORTED_BPE_PRE_TOKENIZERS } from './bpePreTokenizers';
import { llamaCppSourceFile } from '../../testing/tokenizer/llamaCppSource';
import { FLAG, codepointFlags } from './unicode';

/** The hex pairs of a C++ initializer block such as `unicode_ranges_flags = { {0x000000, 0x0080}, … };`. */
function hexPairs(source: string, name: string): [number, number][] {
  const start = source.indexOf(`${name} = {`);
  const block = source.slice(start, source.indexOf('};', start));
  return [...block.matchAll(/\{0x([0-9A-F]+), 0x([0-9A-F]+)\}/g)].map((m) => [parseInt(m[1] ?? '', 16), parseInt(m[2] ?? '', 16)]);
}

/** The C++ string literals of a code fragment, unescaped, skipping whole-line // comments. */
function stringLiterals(code: string): string[] {
  const live = code
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"' };
  return [...live.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] ?? '').replace(/\\(.)/g, (_, c: string) => escapes[c] ?? `\\${c}`));
}

interface SourcePreType {
  type: string;
  ignoreMerges: boolean;
  addBos: boolean;
  clearsBos: boolean;
  escapeWhitespaces: boolean;
}

/** tokenizer.ggml.pre value → llama.cpp pre type and flags, from the if-chain in llama_vocab::impl::load. */
function preTypesByName(vocabCpp: string): Map<string, SourcePreType> {
  const start = vocabCpp.indexOf('if (tokenizer_pre.empty())');
  const end = vocabCpp.indexOf('unknown pre-tokenizer type', start);
  const byName = new Map<string, SourcePreType>();
  for (const [i, block] of vocabCpp.slice(start, end).split('} else if (').entries()) {
    const type = /pre_type = (LLAMA_VOCAB_PRE_TYPE_\w+)/.exec(block)?.[1];
    if (type === undefined) continue;
    const flags = {
      type,
      ignoreMerges: block.includes('ignore_merges = true'),
      addBos: block.includes('add_bos = true'),
      clearsBos: block.includes('special_bos_id = LLAMA_TOKEN_NULL'),
      escapeWhitespaces: block.includes('escape_whitespaces = true'),
    };
    const names = i === 0 ? [''] : [...block.matchAll(/tokenizer_pre == "([^"]*)"/g)].map((m) => m[1] ?? '');
    for (const name of names) byName.set(name, flags);
  }
  return byName;
}

interface SourceSplit {
  regexes: string[];
  byteEncode: boolean;
}

/** llama.cpp pre type → regex_exprs and byte_encode, from the switch in llm_tokenizer_bpe's constructor. */
function splitsByType(vocabCpp: string): Map<string, SourceSplit> {
  const start = vocabCpp.indexOf('switch (vocab.get_pre_type()) {');
  const end = vocabCpp.indexOf('std::vector<std::string> regex_exprs;', start);
  const byType = new Map<string, SourceSplit>();
  let labels: string[] = [];
  for (const statement of vocabCpp.slice(start, end).split(/(?=case LLAMA_VOCAB_PRE_TYPE_|default:)/)) {
    labels.push(/^case (LLAMA_VOCAB_PRE_TYPE_\w+):/.exec(statement)?.[1] ?? (statement.startsWith('default:') ? 'default' : ''));
    const exprs = /regex_exprs = \{([\s\S]*?)\n\s*\};/.exec(statement)?.[1];
    if (exprs === undefined) continue;
    const split = { regexes: stringLiterals(exprs), byteEncode: !statement.includes('byte_encode = false') };
    for (const label of labels) byType.set(label, split);
    labels = [];
  }
  return byType;
}

/** Whether llama.cpp applies its two Gemma 4 workarounds (forced add_bos, whole line-feed words) to a pre type. */
const hasGemma4Fixes = (vocabCpp: string, type: string) =>
  vocabCpp.includes(`if (pre_type == ${type} && !add_bos) {`) &&
  vocabCpp.includes(`tok_pre == ${type} && word.find_first_not_of('\\n') == std::string::npos`);

describe('ported tables match the llama.cpp node-llama-cpp ships (read from its git bundle)', () => {
  let unicodeData: string;
  let vocabCpp: string;

  beforeAll(() => {
    unicodeData = llamaCppSourceFile('src/unicode-data.cpp');
    vocabCpp = llamaCppSourceFile('src/llama-vocab.cpp');
  }, 120_000);

  it('gives every code point the category llama.cpp gives it', () => {
    const ranges = hexPairs(unicodeData, 'unicode_ranges_flags');
    expect(ranges.at(-1)?.[0]).toBe(0x110000);
    for (let i = 0; i + 1 < ranges.length; i++) {
      const [start, flags] = ranges[i] ?? [0, 0];
      const next = ranges[i + 1]?.[0] ?? 0;
      for (let cp = start; cp < next; cp++) {
        if ((codepointFlags(cp) & 0xff) !== flags) throw new Error(`U+${cp.toString(16)}: ${codepointFlags(cp) & 0xff} != ${flags}`);
      }
    }
  });

  it('marks exactly unicode_set_whitespace as whitespace', () => {
    const start = unicodeData.indexOf('unicode_set_whitespace = {');
    const block = unicodeData.slice(start, unicodeData.indexOf('};', start));
    const expected = [...block.matchAll(/0x([0-9A-F]+)/g)].map((m) => parseInt(m[1] ?? '', 16));
    const actual: number[] = [];
    for (let cp = 0; cp < 0x110000; cp++) if (codepointFlags(cp) & FLAG.WHITESPACE) actual.push(cp);
    expect(actual).toEqual(expected.sort((a, b) => a - b));
  });

  it('folds case for contractions correctly with ASCII alone: nothing else lowercases to s t m d r e v l', () => {
    const contractionLetters = new Set([...'stmdrevl'].map((c) => c.charCodeAt(0)));
    const sources = hexPairs(unicodeData, 'unicode_map_lowercase').filter(([, lower]) => contractionLetters.has(lower));
    expect(sources.every(([upper, lower]) => upper === lower - 0x20)).toBe(true);
  });

  it('maps every supported tokenizer.ggml.pre to the regexes and flags llama.cpp uses for it', () => {
    const types = preTypesByName(vocabCpp);
    const splits = splitsByType(vocabCpp);
    for (const name of ['', ...SUPPORTED_BPE_PRE_TOKENIZERS]) {
      const source = types.get(name);
      if (source === undefined) throw new Error(`llama.cpp has no pre-tokenizer named "${name}"`);
      const ours = bpePreTokenizer(name);
      const split = splits.get(source.type) ?? splits.get('default');
      expect({
        name,
        regexes: ours.regexes,
        byteEncode: ours.byteEncode,
        ignoreMerges: ours.ignoreMerges,
        addBos: ours.addBosDefault,
        clearsBos: ours.clearsDefaultBos,
        escapeWhitespaces: ours.escapeWhitespaces,
        gemma4Fixes: ours.gemma4Fixes,
      }).toEqual({
        name,
        regexes: split?.regexes,
        byteEncode: split?.byteEncode,
        ignoreMerges: source.ignoreMerges,
        addBos: source.addBos,
        clearsBos: source.clearsBos,
        escapeWhitespaces: source.escapeWhitespaces,
        gemma4Fixes: hasGemma4Fixes(vocabCpp, source.type),
      });
    }
  });

  it('refuses, by name, every pre-tokenizer llama.cpp knows but this port does not reproduce', () => {
    const refused = [...preTypesByName(vocabCpp).keys()].filter((name) => name !== '' && !SUPPORTED_BPE_PRE_TOKENIZERS.includes(name));
    expect(refused.length).toBeGreaterThan(10);
    for (const name of refused) expect(() => bpePreTokenizer(name)).toThrow(`tokenizer.ggml.pre = "${name}"`);
  });
});
