import type { Page, Worker } from '@playwright/test';
import { expect as baseExpect, loadBundledModel, setMaxTokens, storedResults, test } from './fixtures';

// These tests load the model several times and score runs; on a shared 2-core machine that is slow.
test.describe.configure({ timeout: 180_000 });
const expect = baseExpect.configure({ timeout: 45_000 });

async function startMedQaRun(page: Page, items: number): Promise<void> {
  // The multiple-choice run form: the open-ended runs' form on the same page has fields of the same names.
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Start run', exact: true }) });
  await form.getByLabel('Suite', { exact: true }).selectOption('medqa-usmle-4');
  await form.getByLabel('Scoring mode', { exact: true }).selectOption('letter-logprob');
  await form.getByLabel('Items (0 = all)').fill(String(items));
  await form.getByRole('button', { name: 'Start run', exact: true }).click();
}

/** The page's engine worker (wllama starts workers of its own; those are not it). */
function engineWorker(page: Page): Worker | undefined {
  return page.workers().find((w) => w.url().includes('engine.worker'));
}

/** Closes the engine worker from inside, as a crash would: the page gets no error event, only silence. */
async function closeEngineWorker(page: Page): Promise<void> {
  const worker = engineWorker(page);
  expect(worker, 'an engine worker to close').toBeTruthy();
  const closed = new Promise<void>((resolve) => worker!.once('close', () => resolve()));
  void worker!.evaluate(() => (self as unknown as { close(): void }).close()).catch(() => undefined);
  await closed;
}

test.describe('a message sent while the model loads', () => {
  test('Load, type, Send at once: the message waits for the model, visibly, and is answered', async ({ page }) => {
    await page.goto('./?model=stories260K');
    await setMaxTokens(page, 24);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Once upon a time a doctor');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Waiting for the model' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('');
    await expect(page.locator('article.message.user')).toHaveText(/Once upon a time a doctor/);
    const reply = page.locator('article.message.assistant').last();
    await expect(reply).toHaveAttribute('data-status', 'complete');
    await expect(reply.locator('.content')).not.toBeEmpty();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});

test.describe('typed text is never discarded', () => {
  test('Enter with no model keeps the text and says what to do', async ({ page }) => {
    await page.goto('./');
    await page.getByRole('textbox', { name: 'Message' }).fill('Keep this question');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(page.getByRole('alert')).toContainText('Load a model first');
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('Keep this question');
    await expect(page.locator('article.message')).toHaveCount(0);
  });

  test('Enter while a reply streams keeps the draft', async ({ page }) => {
    await page.goto('./?model=stories260K');
    await loadBundledModel(page);
    await setMaxTokens(page, 1500);
    await page.getByRole('textbox', { name: 'Message' }).fill('Tell me a very long story');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.locator('article.message.assistant').last().locator('.content')).not.toBeEmpty();
    await page.getByRole('textbox', { name: 'Message' }).fill('A second thought');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('A second thought');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByRole('button', { name: 'Send' })).toBeEnabled();
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('A second thought');
    await expect(page.locator('article.message.user')).toHaveCount(1);
  });
});

test.describe('the stream writes only its own message', () => {
  test('a rename made while a reply streams survives the end of the reply and a reload', async ({ page }) => {
    await page.goto('./?model=stories260K');
    await loadBundledModel(page);
    await setMaxTokens(page, 1500);
    await page.getByRole('textbox', { name: 'Message' }).fill('Story of a ward');
    await page.getByRole('button', { name: 'Send' }).click();
    const reply = page.locator('article.message.assistant').last();
    await expect(reply.locator('.content')).not.toBeEmpty();
    await page.getByRole('button', { name: 'Rename Story of a ward' }).click();
    await page.getByLabel('New title').fill('Renamed mid-reply');
    await page.getByLabel('New title').press('Enter');
    await expect(page.getByRole('button', { name: 'Renamed mid-reply', exact: true })).toBeVisible();
    // The reply ends after the rename: its last writes must not bring the old title back.
    if ((await reply.getAttribute('data-status')) === 'streaming') await page.getByRole('button', { name: 'Stop' }).click();
    await expect(reply).toHaveAttribute('data-status', /complete|stopped/);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Renamed mid-reply', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Story of a ward', exact: true })).toHaveCount(0);
  });

  test('a consultation deleted while its reply streams stays deleted', async ({ page }) => {
    await page.goto('./?model=stories260K');
    await loadBundledModel(page);
    await setMaxTokens(page, 1500);
    await page.getByRole('textbox', { name: 'Message' }).fill('Delete me soon');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.locator('article.message.assistant').last().locator('.content')).not.toBeEmpty();
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Delete Delete me soon' }).click();
    await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
    await page.waitForTimeout(500);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Delete me soon', exact: true })).toHaveCount(0);
    await expect(page.locator('article.message')).toHaveCount(0);
  });

  test('a reply cut off by a reload is kept, marked interrupted', async ({ page }) => {
    await page.goto('./?model=stories260K');
    await loadBundledModel(page);
    await setMaxTokens(page, 1500);
    await page.getByRole('textbox', { name: 'Message' }).fill('A long tale');
    await page.getByRole('button', { name: 'Send' }).click();
    const reply = page.locator('article.message.assistant').last();
    // Partial text is saved at most every 400 ms while it streams.
    await expect(async () => expect((await reply.locator('.content').innerText()).length).toBeGreaterThan(40)).toPass();
    await page.waitForTimeout(600);
    await page.reload();
    const kept = page.locator('article.message.assistant').last();
    await expect(kept).toHaveAttribute('data-status', 'interrupted');
    await expect(kept.getByText('interrupted')).toBeVisible();
    await expect(kept.locator('.content')).not.toBeEmpty();
  });
});

test.describe('a running benchmark and the consultation', () => {
  test('Consult shows the run, Send and Load say why they wait, and the run is not cancelled', async ({ page }) => {
    await page.goto('./?model=stories260K#/bench');
    await loadBundledModel(page);
    await startMedQaRun(page, 20);
    await expect(page.getByRole('progressbar', { name: 'Benchmark progress' })).toBeVisible();
    await page.getByRole('link', { name: 'Consult' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'A benchmark run is in progress' })).toBeVisible();
    await page.getByRole('textbox', { name: 'Message' }).fill('Question during the run');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('alert')).toContainText('A benchmark run is using the model');
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('Question during the run');
    await expect(page.locator('article.message')).toHaveCount(0);

    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'loading another model has to wait' })).toBeVisible();

    await page.getByRole('link', { name: 'Benchmarks' }).click();
    await expect(page.getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 150_000 });
    await expect(page.getByRole('cell', { name: '20 / 20' })).toBeVisible();
  });
});

test.describe('a lost engine worker', () => {
  test('the engine worker closed three times during a 40-item run: the run ends with 40 distinct results, every row stored before a kill unchanged, and its accuracy', async ({
    page,
  }) => {
    // Each loss costs the 8 s liveness timeout and a model load; on a loaded 2-core machine that adds up.
    test.setTimeout(600_000);
    await page.goto('./?model=stories260K#/bench');
    await loadBundledModel(page);
    await startMedQaRun(page, 40);
    // What storage held at each kill: a resumed run that scored any of it again would overwrite its row
    // (same key), so counting ids cannot see re-scoring; comparing whole rows can (latency, at least, differs).
    const snapshots: Awaited<ReturnType<typeof storedResults>>[] = [];
    for (let kill = 0; kill < 3; kill++) {
      const before = (await storedResults(page)).length;
      // Let the run (or the resumed run) score a few items, then close the worker under it.
      await expect(async () => expect((await storedResults(page)).length).toBeGreaterThanOrEqual(before + 2)).toPass({
        intervals: [25],
        timeout: 180_000,
      });
      await closeEngineWorker(page);
      // Read once the worker is gone, so nothing it scored can land after: the fresh worker starts only after the 8 s liveness timeout.
      snapshots.push(await storedResults(page));
      expect(snapshots.at(-1)!.length, 'items left to score when the worker is closed').toBeLessThan(40);
      await expect(page.getByRole('status').filter({ hasText: 'Bedside started a fresh engine' })).toBeVisible();
    }
    await expect(page.getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 300_000 });
    const after = await storedResults(page);
    expect(after).toHaveLength(40);
    expect(new Set(after.map((r) => r.itemId)).size).toBe(40);
    expect(new Set(after.map((r) => r.runId)).size).toBe(1);
    const final = new Map(after.map((r) => [r.itemId, r]));
    for (const [kill, rows] of snapshots.entries()) {
      for (const row of rows) expect(final.get(row.itemId), `item ${row.itemId}, stored before kill ${kill + 1}`).toEqual(row);
    }
    await expect(page.getByRole('cell', { name: '40 / 40' })).toBeVisible();
    await expect(page.getByText(/\d+\.\d% \(95% CI \d+\.\d–\d+\.\d%\)/).first()).toBeVisible();
    expect(snapshots).toHaveLength(3);
  });
});

test.describe('one count for an interrupted run', () => {
  test('after a reload mid-run, the runs list and the open run show the same count, both "interrupted"', async ({ page }) => {
    await page.goto('./?model=stories260K#/bench');
    await loadBundledModel(page);
    await startMedQaRun(page, 30);
    const progress = page.getByRole('progressbar', { name: 'Benchmark progress' });
    await expect(async () => expect(Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(20)).toPass({
      intervals: [20],
      timeout: 120_000,
    });
    await page.reload();
    const stored = (await storedResults(page)).length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(30);
    await expect(page.getByRole('cell', { name: `${stored} / 30` })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'interrupted' })).toBeVisible();
    await expect(page.getByRole('cell', { name: /^\d+\.\d%$/ })).toBeVisible();
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByText(`${stored} of 30 items`)).toBeVisible();
    await expect(page.locator('.run-results .tag').filter({ hasText: /^interrupted$/ })).toBeVisible();
    await expect(page.locator('.run-results .tag').filter({ hasText: /^running$/ })).toHaveCount(0);
  });
});

test.describe('a cancelled load', () => {
  test('Cancel during a load shows no error, and nothing follows the user to other pages', async ({ page, context }) => {
    await context.route('**/stories260K.gguf', async (route) => {
      await new Promise((r) => setTimeout(r, 3000));
      await route.continue().catch(() => undefined);
    });
    await page.goto('./?model=stories260K');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('button', { name: 'Load', exact: true })).toBeVisible();
    await expect(page.getByText('No model loaded')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await page.getByRole('link', { name: 'Models' }).click();
    await expect(page.getByRole('heading', { name: 'Downloaded weights on this device' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByText('Stopped.')).toHaveCount(0);
  });
});

test.describe('an imported suite cannot break the Benchmarks page', () => {
  test('a suite whose header reuses a shipped id is listed beside it, and the page still works after a reload', async ({ page }) => {
    await page.goto('./#/bench');
    const shadow = [
      JSON.stringify({ suite: 'medqa-usmle-4', name: 'Shadow', version: 1, source: 'test', licence: 'CC0', count: 1 }),
      JSON.stringify({ id: 's1', question: 'Which organ pumps blood?', options: { A: 'Heart', B: 'Liver' }, answer: 'A' }),
    ].join('\n');
    await page
      .getByLabel('Import suite file')
      .setInputFiles({ name: 'shadow.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(shadow) });
    await expect(page.getByText('Imported 1 item from shadow.jsonl')).toBeVisible();
    const suites = page.getByLabel('Suite', { exact: true });
    await expect(suites).toContainText('Shadow');
    await expect(suites.locator('option', { hasText: 'MedQA' }).first()).toBeAttached();
    await page.reload();
    await expect(suites).toContainText('Shadow');
    await expect(suites.locator('option', { hasText: 'MedQA' }).first()).toBeAttached();
    await expect(page.getByRole('heading', { name: 'Runs' })).toBeVisible();
  });
});

test.describe('privacy: imported suites are untrusted, and nothing leaves the device', () => {
  test('a suite with HTML and script payloads imports, runs and shows them as inert text; no request carries its text or leaves the origin', async ({
    page,
    network,
  }) => {
    const marker = 'Zebra-7341-patient';
    const payloads = [
      `<img src=x onerror="window.__pwned='img'"> ${marker}`,
      `<script>window.__pwned='script'</script> ${marker}`,
      `<svg onload="window.__pwned='svg'"></svg> [link](javascript:window.__pwned='js') ![x](https://evil.example/t.png) <iframe src="https://evil.example/"></iframe> ${marker}`,
    ];
    const suite = [
      JSON.stringify({ suite: 'payloads', name: 'Payloads', version: 1, source: 'test', licence: 'CC0', count: payloads.length }),
      ...payloads.map((q, i) =>
        JSON.stringify({ id: `p${i}`, question: q, options: { A: `<b onclick="x()">yes</b>`, B: 'no' }, answer: 'A' }),
      ),
    ].join('\n');
    await page.goto('./?model=stories260K#/bench');
    await page
      .getByLabel('Import suite file')
      .setInputFiles({ name: 'payloads.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(suite) });
    await expect(page.getByText('Imported 3 items from payloads.jsonl')).toBeVisible();
    await loadBundledModel(page);
    await page.getByLabel('Items (0 = all)').fill('0');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page.getByRole('cell', { name: 'completed' })).toBeVisible();

    const results = page.locator('.run-results');
    for (let i = 1; i <= 3; i++) await results.getByRole('button', { name: `Show item ${i}` }).click();
    await expect(results.locator('pre').filter({ hasText: `<img src=x onerror="window.__pwned='img'">` })).toHaveCount(1);
    await expect(results.locator('pre').filter({ hasText: `<script>window.__pwned='script'</script>` })).toHaveCount(1);
    await expect(results.locator('pre').filter({ hasText: '<iframe src="https://evil.example/"></iframe>' })).toHaveCount(1);
    await expect(results.locator('img, script, svg[onload], iframe, a[href^="javascript:"]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();

    const origin = new URL(page.url()).origin;
    for (const r of network.requests) {
      expect(r.url().startsWith(origin) || r.url().startsWith('blob:') || r.url().startsWith('data:'), r.url()).toBe(true);
      expect(`${r.url()} ${r.postData() ?? ''}`).not.toContain(marker);
    }
  });
});

test.describe('two tabs', () => {
  test('a run driven in one tab shows in the other as running elsewhere, its count read from storage, with no Resume', async ({
    page,
    context,
  }) => {
    await page.goto('./?model=stories260K#/bench');
    await loadBundledModel(page);
    await startMedQaRun(page, 40);
    await expect(async () => expect((await storedResults(page)).length).toBeGreaterThanOrEqual(2)).toPass({ intervals: [25] });
    const other = await context.newPage();
    await other.goto('./#/bench');
    await expect(other.getByRole('cell', { name: 'running in another tab' })).toBeVisible();
    await expect(other.getByRole('button', { name: 'Resume' })).toHaveCount(0);
    const first = Number((await other.getByRole('cell', { name: /^\d+ \/ 40$/ }).innerText()).split(' / ')[0]);
    await expect(async () => {
      const now = Number((await other.getByRole('cell', { name: /^\d+ \/ 40$/ }).innerText()).split(' / ')[0]);
      expect(now).toBeGreaterThan(first);
    }).toPass({ intervals: [250] });
    await expect(other.getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 120_000 });
    await expect(other.getByRole('cell', { name: '40 / 40' })).toBeVisible();
  });
});
