import type { Browser, Page } from 'playwright';
import { confineToLocalhost } from './pageWeight';
import type { BundledModelSection } from './perfReport';
import { summarize } from './stats';

const REPLY_TOKENS = 128;

async function timeLoad(page: Page): Promise<number> {
  const started = Date.now();
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByText(/Loaded: TinyStories 260K/).waitFor({ timeout: 60_000 });
  return Date.now() - started;
}

/**
 * What a newcomer meets through the UI: loading the bundled model on a first visit (download) and
 * after a reload (device cache), and the decode rate of a reply as the reply footer reports it.
 */
export async function measureBundledModel(
  browser: Browser,
  baseUrl: string,
  repeats: number,
  blocked: string[],
): Promise<BundledModelSection> {
  const cold: number[] = [];
  const cached: number[] = [];
  const decode: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const context = await browser.newContext();
    try {
      await confineToLocalhost(context, blocked);
      const page = await context.newPage();
      await page.goto(new URL('index.html?model=stories260K', baseUrl).href);
      cold.push(await timeLoad(page));
      await page.reload();
      cached.push(await timeLoad(page));
      await page.getByText('System prompt and sampling').click();
      await page.getByLabel('Max tokens').fill(String(REPLY_TOKENS));
      await page.getByLabel('Max tokens').blur();
      await page.getByLabel('Message').fill('Once upon a time');
      await page.getByRole('button', { name: 'Send' }).click();
      const stats = page.locator('article.message.assistant .stats').last();
      await stats.waitFor({ timeout: 60_000 });
      const rate = /([\d.]+) tok\/s/.exec(await stats.innerText());
      if (!rate) throw new Error(`no tok/s in the reply footer: ${await stats.innerText()}`);
      decode.push(Number(rate[1]));
    } finally {
      await context.close();
    }
  }
  return {
    replyTokens: REPLY_TOKENS,
    coldLoadMs: summarize(cold),
    cachedLoadMs: summarize(cached),
    decodeTokensPerSecond: summarize(decode),
  };
}
