/**
 * Retakes the README screenshots from a built app: docs/screenshot.png and the two viewport checks,
 * docs/screenshot-1280x800.png (laptop) and docs/screenshot-390x844.png (phone), each a consultation of
 * a few turns with the bundled model; docs/presenter-1280x800.png, the longest MedQA item on the
 * projector with the class's votes, the model's belief and the answer shown; and
 * docs/presenter-cjk-1280x800.png, the same for a long CMExam item (Chinese text, drawn in whatever CJK
 * font the system has: Debian's is fonts-noto-cjk).
 * Usage: tsx scripts/screenshots.ts [distDir] [consult|presenter|presenter-cjk] (default dist, all).
 */
import { copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright';
import { preview, type PreviewServer } from 'vite';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';
import { cmexamPresenterItem, longestMedqaItem, type MedqaItem } from '../e2e/medqaItems.ts';
import { confineToLocalhost } from './perf/pageWeight';

const repoRoot = resolve(import.meta.dirname, '..');
const outDir = process.argv[2] ?? 'dist';
const only = process.argv[3];
const TURNS = ['What is a fever?', 'Once upon a time there was a nurse', 'Tell me about the little doctor'];

async function shoot(browser: Browser, baseUrl: string, width: number, height: number, file: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const blocked: string[] = [];
  try {
    await confineToLocalhost(context, blocked);
    const page = await context.newPage();
    await page.goto(new URL('index.html?model=stories260K', baseUrl).href);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByText(/Loaded: TinyStories 260K/).waitFor({ timeout: 180_000 });
    await page.getByText('System prompt and sampling').click();
    await page.getByLabel('Max tokens').fill('60');
    await page.getByLabel('Max tokens').blur();
    await page.getByText('System prompt and sampling').click();
    for (const [i, turn] of TURNS.entries()) {
      await page.getByLabel('Message', { exact: true }).fill(turn);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.locator('article.message.assistant').nth(i).and(page.locator('[data-status="complete"]')).waitFor({ timeout: 180_000 });
    }
    await page.screenshot({ path: resolve(repoRoot, file) });
    if (blocked.length) throw new Error(`requests left the machine: ${blocked.join(', ')}`);
  } finally {
    await context.close();
  }
}

async function shootPresenter(browser: Browser, baseUrl: string, suiteId: string, item: MedqaItem, file: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const blocked: string[] = [];
  try {
    await confineToLocalhost(context, blocked);
    const page = await context.newPage();
    await page.goto(new URL(`index.html?present=1&model=stories260K&suite=${suiteId}&items=${item.id}`, baseUrl).href);
    const presenter = page.getByRole('dialog', { name: 'Presenter' });
    for (const [i, letter] of Object.keys(item.options).entries()) await presenter.getByLabel(`Votes for ${letter}`).fill(String(i + 2));
    await presenter.getByRole('button', { name: 'Show model' }).click();
    const letters = Object.keys(item.options).length;
    await presenter
      .getByRole('meter')
      .nth(2 * letters - 1)
      .waitFor({ timeout: 180_000 });
    await presenter.getByRole('button', { name: 'Reveal answer' }).click();
    await presenter.locator('.question').evaluate((el) => el.scrollTo({ top: 0 }));
    await page.screenshot({ path: resolve(repoRoot, file) });
    if (blocked.length) throw new Error(`requests left the machine: ${blocked.join(', ')}`);
  } finally {
    await context.close();
  }
}

let server: PreviewServer | undefined;
let browser: Browser | undefined;
try {
  server = await preview({ root: repoRoot, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, open: false } });
  const baseUrl = server.resolvedUrls?.local[0];
  if (!baseUrl) throw new Error('vite preview did not report its URL');
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  if (!only || only === 'consult') {
    await shoot(browser, baseUrl, 1280, 800, 'docs/screenshot-1280x800.png');
    await shoot(browser, baseUrl, 390, 844, 'docs/screenshot-390x844.png');
    copyFileSync(resolve(repoRoot, 'docs/screenshot-1280x800.png'), resolve(repoRoot, 'docs/screenshot.png'));
  }
  if (!only || only === 'presenter')
    await shootPresenter(browser, baseUrl, 'medqa-usmle-4', longestMedqaItem(), 'docs/presenter-1280x800.png');
  if (!only || only === 'presenter-cjk')
    await shootPresenter(browser, baseUrl, 'cmexam', cmexamPresenterItem(), 'docs/presenter-cjk-1280x800.png');
} finally {
  await browser?.close();
  await server?.close();
}
