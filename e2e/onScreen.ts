import type { Locator } from '@playwright/test';

/** The part of the element's box inside the window, as a share of its whole box (1 = wholly on screen). */
export async function onScreen(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
    const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    return r.width * r.height === 0 ? 0 : (w * h) / (r.width * r.height);
  });
}
