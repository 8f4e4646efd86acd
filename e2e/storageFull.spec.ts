import type { CDPSession, Page } from '@playwright/test';
import { expect as baseExpect, loadBundledModel, setMaxTokens, storedResults, test } from './fixtures';

// A model load and a short run on a shared 2-core machine.
test.describe.configure({ timeout: 240_000 });
const expect = baseExpect.configure({ timeout: 60_000 });

const MODEL = 'TinyStories 260K (test model)';

/**
 * The injected fault: Chromium's own storage quota for the app's origin, lowered through the DevTools
 * protocol. Every write path (the engine's OPFS download, IndexedDB in the engine worker and in the page)
 * meets a real refusal from the browser; nothing in the app is patched. Lifted again at the end.
 */
class Quota {
  #cdp: CDPSession | null = null;
  constructor(private readonly page: Page) {}

  /** Leaves `headroomBytes` beyond what the site stores now. */
  async leave(headroomBytes: number): Promise<void> {
    const used = await this.page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    this.#cdp ??= await this.page.context().newCDPSession(this.page);
    await this.#cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(this.page.url()).origin, quotaSize: used + headroomBytes });
  }

  async lift(): Promise<void> {
    await this.#cdp?.send('Storage.overrideQuotaForOrigin', { origin: new URL(this.page.url()).origin });
  }
}

/** Files in wllama's weight cache (OPFS), complete or not. */
async function weightFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('cache', { create: true });
    const names: string[] = [];
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    return names;
  });
}

test('weights that do not fit: the sizes are said, nothing partial counts as downloaded, and the way to make room is one click away', async ({
  page,
}) => {
  const quota = new Quota(page);
  await page.goto('./?model=stories260K');
  await quota.leave(300_000);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`Browser storage is full: the weights of ${MODEL} (1.2 MB) could not be saved.`);
  await expect(alert).toContainText(/This site uses [\d.]+ [kMG]?B of the [\d.]+ [kMG]?B the browser allows it \([\d.]+ [kMG]?B free\)\./);
  await expect(alert).toContainText('the partial download was removed, so it never counts as downloaded');
  await expect(page.getByTestId('model-status')).toHaveText('No model loaded');
  expect(await weightFiles(page)).toEqual([]);

  const room = page.getByRole('region', { name: 'Make room on this device' });
  await expect(room).toContainText('Downloaded weights');
  await room.getByRole('button', { name: 'Delete downloaded weights' }).click();
  await expect(page.getByRole('heading', { name: 'Downloaded weights on this device' })).toBeInViewport();
  await expect(page.getByText('No model weights are cached yet.')).toBeVisible();

  // With room again the same model downloads whole and is listed.
  await quota.lift();
  await loadBundledModel(page);
  await page.reload();
  await expect(page.getByRole('table', { name: 'Cached models' })).toContainText(MODEL);
});

test('results and messages that do not fit: the run stops visibly at its item, the message stays in the box, and nothing is scored twice', async ({
  page,
}) => {
  const quota = new Quota(page);
  await page.goto('./?model=stories260K#/bench');
  await loadBundledModel(page);
  // Room for the run's record and a few results. IndexedDB reads the quota at its first write and then only
  // when its own count of the room runs out, so it is lowered before the run writes anything.
  await quota.leave(8_000);
  await page.getByLabel('Suite', { exact: true }).selectOption('medqa-usmle-4');
  await page.getByLabel('Scoring mode', { exact: true }).selectOption('letter-logprob');
  await page.getByLabel('Items (0 = all)').fill('40');
  await page.getByRole('button', { name: 'Start run' }).click();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    /Browser storage is full: the result of item \d+ of 40 \(medqa-usmle-4\/\d+\) \([\d.]+ k?B\) could not be saved\./,
  );
  await expect(alert).toContainText('The run stopped at that item. Every result saved before it is kept');
  const saved = await storedResults(page);
  expect(saved.length).toBeLessThan(40);
  // The item named is the first one not saved.
  expect(await alert.innerText()).toContain(`item ${saved.length + 1} of 40`);
  const room = page.getByRole('region', { name: 'Make room on this device' });
  await expect(room.getByRole('list', { name: 'Downloaded weights' })).toContainText(`${MODEL} · 1.2 MB`);
  await expect(room.getByRole('list', { name: 'Stored runs, oldest first' })).toContainText(`MedQA`);
  await expect(room.getByRole('button', { name: 'Delete old runs' })).toBeVisible();

  // A message sent while storage is full is not lost: it stays in the box, and nothing unsaved is shown as sent.
  await page.getByRole('link', { name: 'Consult' }).click();
  await setMaxTokens(page, 8);
  await page.getByRole('textbox', { name: 'Message' }).fill('Kept while the disk is full');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('alert')).toContainText(
    /Browser storage is full: your message \(\d+ B\) could not be saved\..*It is back in the box/,
  );
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('Kept while the disk is full');
  await expect(page.locator('article.message')).toHaveCount(0);

  // Room is made: the message goes, and the run resumes from its first unsaved item.
  await quota.lift();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('article.message.assistant').last()).toHaveAttribute('data-status', 'complete');
  await page.getByRole('link', { name: 'Benchmarks' }).click();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('cell', { name: '40 / 40' })).toBeVisible();
  const after = await storedResults(page);
  expect(new Set(after.map((r) => r.itemId)).size).toBe(40);
  // Saved results were not scored again: each is the very record written before storage ran out.
  for (const before of saved) expect(after).toContainEqual(before);
});
