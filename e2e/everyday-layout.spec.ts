import type { Locator, Page } from '@playwright/test';
import { expect, loadBundledModel, setMaxTokens, test } from './fixtures';

/** Whether the element's box lies wholly inside the window. */
async function inViewport(locator: Locator, page: Page): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height + 0.5 && box.x + box.width <= size.width + 0.5;
}

/**
 * The message list in one page step (the stream may end, and Stop turn into Send, between two round trips):
 * whether the last message is a reply streaming with text, whether its bottom edge sits inside the scrolling
 * list and the window, and whether the message box's first button (Stop while streaming) is on screen.
 */
async function logSample(page: Page): Promise<{ streaming: boolean; lastLineShown: boolean; buttonShown: boolean }> {
  return page.evaluate(() => {
    const log = document.querySelector('[data-testid="message-log"]')!.getBoundingClientRect();
    const last = [...document.querySelectorAll('article.message')].at(-1);
    const button = document.querySelector('form.composer .actions button')?.getBoundingClientRect();
    const m = last?.getBoundingClientRect();
    return {
      streaming: last?.getAttribute('data-status') === 'streaming' && (last.querySelector('.content')?.textContent ?? '').length > 0,
      lastLineShown: !!m && m.bottom <= log.bottom + 1 && m.bottom >= log.top && log.bottom <= innerHeight,
      buttonShown: !!button && button.top >= 0 && button.bottom <= innerHeight + 0.5,
    };
  });
}

async function lastLineShown(page: Page): Promise<boolean> {
  return (await logSample(page)).lastLineShown;
}

test.describe('at 1280×800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('after 8 turns the message box, Send and the last message are on screen, and a streaming reply stays in view', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('./?model=stories260K');
    await loadBundledModel(page);
    // The header is one row once the model is loaded: no progress bar left behind.
    await expect(page.getByRole('progressbar', { name: 'Model load' })).toHaveCount(0);
    await expect(page.getByTestId('model-status')).toHaveText(/^Loaded: TinyStories 260K \(test model\) · CPU, \d+ threads?$/);
    const header = await page.locator('header.top').boundingBox();
    const brand = await page.locator('header.top .brand').boundingBox();
    expect(header!.height, 'header height: one row').toBeLessThan(brand!.height * 2 + 24);

    await setMaxTokens(page, 48);
    await page.getByText('System prompt and sampling').click();
    for (let turn = 1; turn <= 8; turn++) {
      await page.getByLabel('Message', { exact: true }).fill(`Turn ${turn}: once upon a time`);
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(page.locator('article.message.assistant').nth(turn - 1)).toHaveAttribute('data-status', 'complete');
    }
    await expect(page.locator('article.message')).toHaveCount(16);
    expect(await page.evaluate(() => document.documentElement.scrollHeight), 'the page itself does not grow').toBeLessThanOrEqual(800);
    expect(await inViewport(page.getByLabel('Message', { exact: true }), page)).toBe(true);
    expect(await inViewport(page.getByRole('button', { name: 'Send' }), page)).toBe(true);
    expect(await inViewport(page.locator('article.message').last(), page)).toBe(true);

    // A long reply: while it streams, its last line stays visible.
    await setMaxTokens(page, 2000);
    await page.getByText('System prompt and sampling').click();
    await page.getByLabel('Message', { exact: true }).fill('Tell me a long story');
    await page.getByRole('button', { name: 'Send' }).click();
    // The ninth reply, not `.last()`: right after Send, the last reply is still the eighth, already complete.
    const reply = page.locator('article.message.assistant').nth(8);
    await expect(reply).toBeAttached();
    let samples = 0;
    for (let i = 0; i < 2000 && (await reply.getAttribute('data-status')) !== 'complete'; i++) {
      const sample = await logSample(page);
      if (sample.streaming) {
        expect(sample.lastLineShown, `last line visible while streaming (sample ${samples})`).toBe(true);
        // Stop while it streams: the first button of the message box stays on screen.
        expect(sample.buttonShown, `Stop on screen while streaming (sample ${samples})`).toBe(true);
        samples += 1;
      }
      await page.waitForTimeout(2);
    }
    expect(samples, 'samples taken while the reply streamed').toBeGreaterThanOrEqual(2);
    expect(await inViewport(page.getByLabel('Message', { exact: true }), page)).toBe(true);
  });

  test('scrolling up stops following the stream and offers "Jump to latest"', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('./?model=stories260K');
    await loadBundledModel(page);
    await setMaxTokens(page, 60);
    for (let turn = 1; turn <= 5; turn++) {
      await page.getByLabel('Message', { exact: true }).fill(`Turn ${turn}`);
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(page.locator('article.message.assistant').nth(turn - 1)).toHaveAttribute('data-status', 'complete');
    }
    const log = page.getByTestId('message-log');
    await expect(page.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0);
    // The list shrinking (a notice above it, a smaller window) is not the reader scrolling up.
    await page.setViewportSize({ width: 1280, height: 560 });
    await expect.poll(() => lastLineShown(page)).toBe(true);
    await expect(page.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeVisible();
    // New text does not pull the reader back down while the button is showing.
    await page.getByLabel('Message', { exact: true }).fill('One more');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await page.getByRole('button', { name: 'Jump to latest' }).click();
    await expect(page.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0);
    expect(await lastLineShown(page)).toBe(true);
  });
});

test.describe('at 390×844 (a phone)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('no view scrolls sideways, every navigation link can be reached, tables scroll in their own box', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('./?model=stories260K');
    await loadBundledModel(page);
    // A small run, so the Benchmarks view shows its widest table (the items) too.
    await page.getByRole('link', { name: 'Benchmarks' }).click();
    await page.getByLabel('Items (0 = all)').fill('4');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page.getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('table.items')).toBeVisible();

    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    const count = await links.count();
    expect(count).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < count; i++) {
      const link = links.nth(i);
      const name = (await link.innerText()).trim();
      await link.scrollIntoViewIfNeeded();
      await expect(link, `${name} is reachable`).toBeInViewport();
      await link.click();
      await expect(link).toHaveAttribute('aria-current', 'page');
      await expect(page.locator('main')).not.toContainText('Loading…');
      await page.waitForTimeout(300);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `page width on ${name}`).toBeLessThanOrEqual(390);
    }

    // The notice can be shrunk once read, and brought back.
    await page.getByRole('button', { name: 'Got it' }).click();
    await expect(page.locator('.banner')).toHaveText(/For education only — not for clinical decisions\./);
    await page.reload();
    await expect(page.getByRole('button', { name: 'More' })).toBeVisible();
    await page.getByRole('button', { name: 'More' }).click();
    await expect(page.getByRole('button', { name: 'Got it' })).toBeVisible();
  });
});
