/**
 * The tab a key moves to in a tab list (WAI-ARIA Authoring Practices, "Tabs"): the arrows step and wrap
 * around, Home and End jump to the ends; null for any other key, which the tab list leaves alone.
 */
export function tabForKey(key: string, index: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
