import DOMPurify from 'dompurify';
import { Marked, type Token, type TokensList } from 'marked';

const marked = new Marked({ gfm: true, breaks: true, async: false });

/** Model output is untrusted: whatever Markdown made of it goes through the sanitizer, never raw. */
function sanitize(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'img'], FORBID_ATTR: ['style'] });
}

export function renderMarkdown(text: string): string {
  return sanitize(marked.parse(text) as string);
}

function renderBlocks(tokens: Token[], links: TokensList['links']): string {
  return sanitize(marked.parser(Object.assign(tokens, { links })));
}

const NEWLINE = 10;

/**
 * How many of the leading blocks of `text` are final: followed by a blank line, and the next block's
 * first line is complete, so nothing appended can make it continue them (a "2" that becomes "2. b"
 * continues the list above it). Raw HTML and link reference definitions are never final: one is
 * sanitized whole with what it wraps, the other applies to every block. None is final when the tokens
 * do not add up to the text (the lexer turned CR line ends into LF).
 */
function finalBlocks(text: string, tokens: readonly Token[]): number {
  if (tokens.reduce((n, t) => n + t.raw.length, 0) !== text.length) return 0;
  const last = tokens.length - 1;
  // The index of the first non-space block from each position on.
  const nextBlock: number[] = new Array<number>(tokens.length + 1).fill(-1);
  for (let i = last; i >= 0; i--) nextBlock[i] = tokens[i]!.type === 'space' ? nextBlock[i + 1]! : i;
  let final = 0;
  let end = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'html' || token.type === 'def') break;
    end += token.raw.length;
    if (text.charCodeAt(end - 1) !== NEWLINE || text.charCodeAt(end - 2) !== NEWLINE) continue;
    const next = nextBlock[i + 1]!;
    if (next !== -1 && (next < last || tokens[next]!.raw.includes('\n'))) final = i + 1;
  }
  return final;
}

/**
 * A reply's Markdown while it streams in. Parsing the whole reply again for every batch costs time
 * quadratic in its length; here blocks that can no longer change are parsed and sanitized once, and
 * only the text after them is parsed again. Every prefix renders as renderMarkdown renders it, except
 * that a link reference defined further down applies only once the reply is complete, which renders it
 * whole through renderMarkdown.
 */
export class StreamingMarkdown {
  #doneText = '';
  #doneHtml = '';
  #complete: { text: string; html: string } | null = null;

  render(text: string, streaming: boolean): string {
    if (!streaming) {
      if (this.#complete?.text !== text) this.#complete = { text, html: renderMarkdown(text) };
      return this.#complete.html;
    }
    // A reply replaced rather than extended (regenerated) starts over.
    if (!text.startsWith(this.#doneText)) {
      this.#doneText = '';
      this.#doneHtml = '';
    }
    const rest = text.slice(this.#doneText.length);
    const tokens = marked.lexer(rest);
    const final = finalBlocks(rest, tokens);
    if (final > 0) {
      const done = tokens.slice(0, final);
      this.#doneHtml += renderBlocks(done, tokens.links);
      this.#doneText += rest.slice(
        0,
        done.reduce((n, t) => n + t.raw.length, 0),
      );
    }
    return this.#doneHtml + renderBlocks(tokens.slice(final), tokens.links);
  }
}
