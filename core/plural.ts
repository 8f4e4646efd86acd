/** "1 thread", "2 threads": a count with its noun, singular only for exactly one. */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : pluralNoun}`;
}
