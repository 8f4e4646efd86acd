import type { OpenItem, OpenSuite, OpenSuiteHeader } from '../../core/openEnded';

/**
 * Open-ended suite → Bedside's open-ended JSONL with a fixed key order, so the same suite always gives
 * the same bytes (built suites are committed, and runs record the file hash). parseOpenSuite reads it back.
 */
export function serializeOpenSuite(suite: OpenSuite): string {
  const lines = [JSON.stringify(orderedHeader(suite.header)), ...suite.items.map((item) => JSON.stringify(orderedItem(item)))];
  return `${lines.join('\n')}\n`;
}

function orderedHeader(h: OpenSuiteHeader): OpenSuiteHeader {
  const out: OpenSuiteHeader = {
    kind: 'open-ended',
    suite: h.suite,
    version: h.version,
    name: h.name,
    source: h.source,
    licence: h.licence,
    sha256_of_source: h.sha256_of_source,
    count: h.count,
    metrics: [...h.metrics],
  };
  if (h.language !== undefined) out.language = h.language;
  if (h.use_restriction !== undefined) out.use_restriction = h.use_restriction;
  if (h.source_files !== undefined) out.source_files = h.source_files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes }));
  return out;
}

function orderedItem(item: OpenItem): OpenItem {
  const out: OpenItem = {
    id: item.id,
    prompt: typeof item.prompt === 'string' ? item.prompt : item.prompt.map((m) => ({ role: m.role, content: m.content })),
  };
  if (item.references !== undefined) out.references = [...item.references];
  if (item.rubric !== undefined) out.rubric = item.rubric.map((c) => ({ criterion: c.criterion, points: c.points, tags: [...c.tags] }));
  if (item.tags !== undefined) out.tags = [...item.tags];
  return out;
}
