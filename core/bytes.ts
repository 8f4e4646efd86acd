/**
 * Sizes in one unit system everywhere, decimal, as Hugging Face lists files: "1.2 MB", "2.5 GB". Here in
 * core/ because the page and the engine worker both write sentences with sizes in them.
 */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '0 B';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = Math.max(0, Math.min(units.length - 1, Math.floor(Math.log10(n) / 3)));
  // 999,999 B is "1.0 MB", not "1000 kB".
  if (i < units.length - 1 && Math.round(n / 1000 ** i) >= 1000) i += 1;
  const v = n / 1000 ** i;
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}
