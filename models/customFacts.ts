import type { CatalogEntry } from '../core/catalogEntry';
import type { GgufFacts } from './ggufSource';
import { estimateGgufMemory } from './memoryEstimate';
import { loadContextSize } from './modelSpec';

/**
 * An added GGUF's entry with the facts its header and host gave: the quantization, size, context and
 * shape are the file's own, not guesses from its name, and the memory is estimated from them. The name
 * is the user's if they gave one, else `general.name` where it says more than the architecture, else
 * the file name the entry was built with.
 */
export function withGgufFacts(entry: CatalogEntry, facts: GgufFacts, userName?: string): CatalogEntry {
  const generalName = facts.name && facts.name.toLowerCase() !== facts.architecture.toLowerCase() ? facts.name : null;
  const sized: CatalogEntry = {
    ...entry,
    name: userName?.trim() || generalName || entry.name,
    quant: facts.quant,
    sizeBytes: entry.partSizes ? entry.sizeBytes : (facts.fileBytes ?? entry.sizeBytes),
    contextSize: facts.contextLength ?? entry.contextSize,
    family: facts.architecture,
    ...(facts.shape ? { shape: facts.shape } : {}),
  };
  return { ...sized, memoryBytes: estimateGgufMemory(sized, loadContextSize(sized), 'fast').totalBytes };
}

/** `name`, or `name (2)`, `name (3)`… : the first that no other model in the list is called. */
export function distinctName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  for (let i = 2; ; i++) {
    const candidate = `${name} (${i})`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
