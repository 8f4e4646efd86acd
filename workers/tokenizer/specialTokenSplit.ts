import { ATTR } from './tokenAttributes';

/** A stretch of input still to be tokenized, or a token the text named verbatim. */
export type Fragment = { text: string } | { token: number };

/** C isspace in the "C" locale, which is what llama.cpp strips around LSTRIP/RSTRIP tokens. */
const isCSpace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';

/**
 * llama.cpp's tokenizer_st_partition with parse_special = false: control and unknown tokens are left
 * in the text (so "<s>" is tokenized as characters), but user-defined tokens are still cut out first,
 * as Hugging Face tokenizers do. `specialIds` must be in llama.cpp's order, longest first.
 */
export function splitOnUserDefinedTokens(
  text: string,
  tokens: readonly string[],
  attrs: Uint16Array,
  specialIds: readonly number[],
): Fragment[] {
  let fragments: Fragment[] = text.length > 0 ? [{ text }] : [];
  for (const id of specialIds) {
    const attr = attrs[id] ?? 0;
    if (attr & (ATTR.CONTROL | ATTR.UNKNOWN)) continue;
    const needle = tokens[id] ?? '';
    const next: Fragment[] = [];
    for (const fragment of fragments) {
      if (!('text' in fragment)) {
        next.push(fragment);
        continue;
      }
      let rest = fragment.text;
      for (let at = rest.indexOf(needle); at !== -1; at = rest.indexOf(needle)) {
        let left = rest.slice(0, at);
        if (attr & ATTR.LSTRIP) while (isCSpace(left.at(-1))) left = left.slice(0, -1);
        if (left.length > 0) next.push({ text: left });
        next.push({ token: id });
        rest = rest.slice(at + needle.length);
        if (attr & ATTR.RSTRIP) while (isCSpace(rest[0])) rest = rest.slice(1);
      }
      if (rest.length > 0) next.push({ text: rest });
    }
    fragments = next;
  }
  return fragments;
}
