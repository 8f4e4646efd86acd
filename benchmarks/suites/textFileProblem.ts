/**
 * Why a file picked as a suite cannot be one before it is parsed: empty, or binary (a model file, an
 * image, a spreadsheet). Parsing such a file as CSV would only report a baffling header row.
 */
export function textFileProblem(text: string): string | null {
  if (!text.trim()) return 'the file is empty; a suite is a JSONL or CSV text file with at least one item';
  const sample = text.slice(0, 4096);
  // NUL never occurs in text; U+FFFD is what bytes that are not UTF-8 decode to.
  const odd = [...sample].filter((c) => c === '\u0000' || c === '\uFFFD').length;
  if (sample.includes('\u0000') || odd > sample.length / 100) {
    return 'the file is not text (it looks binary, e.g. a model file or a spreadsheet); save the suite as JSONL or CSV text';
  }
  return null;
}
