import type { Suite, SuiteHeader, SuiteItem } from '../../core/suite';

/**
 * Suite → JSONL text with a fixed key order, so the same suite always gives the same bytes (and
 * the same sha256): built suites are committed and runs record the file hash.
 */
export function serializeSuite(suite: Suite): string {
  const lines = [JSON.stringify(orderedHeader(suite.header)), ...suite.items.map((item) => JSON.stringify(orderedItem(item)))];
  return `${lines.join('\n')}\n`;
}

function orderedHeader(h: SuiteHeader): SuiteHeader {
  const out: SuiteHeader = {
    suite: h.suite,
    version: h.version,
    name: h.name,
    source: h.source,
    licence: h.licence,
    sha256_of_source: h.sha256_of_source,
    count: h.count,
  };
  if (h.language !== undefined) out.language = h.language;
  if (h.use_restriction !== undefined) out.use_restriction = h.use_restriction;
  if (h.prompt_template !== undefined) out.prompt_template = h.prompt_template;
  if (h.scoring !== undefined) out.scoring = h.scoring;
  if (h.source_files !== undefined) {
    out.source_files = h.source_files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes }));
  }
  if (h.fewshot !== undefined) out.fewshot = h.fewshot.map(orderedItem);
  return out;
}

function orderedItem(item: SuiteItem): SuiteItem {
  const letters = Object.keys(item.options).sort();
  const out: SuiteItem = {
    id: item.id,
    question: item.question,
    options: Object.fromEntries(letters.map((l) => [l, item.options[l] ?? ''])),
    answer: item.answer,
  };
  if (item.subject !== undefined) out.subject = item.subject;
  if (item.context !== undefined) out.context = item.context;
  if (item.explanation !== undefined) out.explanation = item.explanation;
  if (item.image !== undefined) out.image = item.image;
  return out;
}
