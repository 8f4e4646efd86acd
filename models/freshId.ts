/**
 * An id not yet `taken`: `id` itself, else `id#2`, `id#3`… Two picked files of the same name are two
 * models, so the second never silently replaces the first.
 */
export function freshId(id: string, taken: readonly string[]): string {
  let candidate = id;
  for (let n = 2; taken.includes(candidate); n++) candidate = `${id}#${n}`;
  return candidate;
}
