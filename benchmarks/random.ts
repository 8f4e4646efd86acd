/** A seeded source of uniform numbers in [0, 1). `Math.random` is banned in benchmarks/ so every sample and bootstrap can be replayed. */
export interface Rng {
  next(): number;
}

/**
 * mulberry32: 32-bit state, fast, and good enough for sampling and bootstrap resampling
 * (not for cryptography). The same seed gives the same sequence in Node and in a worker.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng.next() * n);
}
