/**
 * Standard error of a mean as lm-evaluation-harness `mean_stderr`: sample standard deviation
 * (n − 1 denominator) divided by √n. For 0/1 correctness this is the stderr of accuracy.
 * Null when n < 2, where the sample deviation is undefined.
 */
export function meanStderr(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const squares = values.reduce((a, x) => a + (x - mean) ** 2, 0);
  return Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
}
