import { readFile } from 'node:fs/promises';
import { test as base, expect, type Page, type Request } from '@playwright/test';

export interface Network {
  /** Every request the page and its workers made, in order. */
  requests: Request[];
}

/**
 * Every test runs hermetically: a request to any host but the app's own fails the test. That is the
 * privacy proof the design asks for, applied everywhere, not only in one test. A spec that talks to an
 * endpoint the user added names exactly that host (and port) in `allowedHosts`; nothing else is let through.
 */
export const test = base.extend<{ network: Network; allowedHosts: string[] }>({
  allowedHosts: [[], { option: true }],
  network: async ({ context, baseURL, allowedHosts }, use) => {
    const origin = new URL(baseURL!).origin;
    // By origin, not by prefix: http://127.0.0.1:43 must not pass for http://127.0.0.1:4312.
    const allowed = (url: URL) =>
      url.protocol === 'blob:' || url.protocol === 'data:' || url.origin === origin || allowedHosts.includes(url.host);
    const requests: Request[] = [];
    const foreign: string[] = [];
    context.on('request', (r) => {
      requests.push(r);
      if (!allowed(new URL(r.url()))) foreign.push(r.url());
    });
    await context.route(
      (url) => !allowed(url),
      (route) => route.abort('blockedbyclient'),
    );
    await use({ requests });
    expect(foreign, 'requests to hosts other than the app').toEqual([]);
  },
  page: async ({ page, network }, use) => {
    void network;
    await use(page);
  },
});

export { expect };

/** Picks the bundled model and loads it through the UI, waiting for the model bar's status to name it. */
export async function loadBundledModel(page: Page): Promise<void> {
  await page.getByLabel('Model', { exact: true }).selectOption('stories260K');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  // Loading can take a while on a busy machine: the WASM engine compiles and reads the model first.
  await expect(page.getByText(/Loaded: TinyStories 260K/)).toBeVisible({ timeout: 120_000 });
}

/** Sets the reply length for the consultation being written, through the sampling panel. */
export async function setMaxTokens(page: Page, n: number): Promise<void> {
  await page.getByText('System prompt and sampling').click();
  await page.getByLabel('Max tokens').fill(String(n));
  await page.getByLabel('Max tokens').blur();
}

/** Sends a message and waits for the loaded model's reply to complete with some text. */
export async function expectModelAnswers(page: Page, message = 'Still there?'): Promise<void> {
  await page.getByRole('link', { name: 'Consult' }).click();
  await page.getByLabel('Message').fill(message);
  await page.getByRole('button', { name: 'Send' }).click();
  const reply = page.locator('article.message.assistant').last();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await expect(reply.locator('.content')).not.toBeEmpty();
}

/** Every record of one IndexedDB store, read straight from the database: what a reload or a crash cannot lose. */
export async function storeRecords<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('bedside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => {
            resolve(req.result as T[]);
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );
}

/** Result rows stored for runs. */
export function storedResults(page: Page): Promise<{ runId: string; itemId: string; index: number; latencyMs: number }[]> {
  return storeRecords(page, 'results');
}

/** Every store of the database as JSON text, read raw: what lies on disk, sealed or not. */
export async function everyStore(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('bedside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const names = [...open.result.objectStoreNames];
          const tx = open.result.transaction(names);
          const requests = names.map((name) => [name, tx.objectStore(name).getAll()] as const);
          tx.oncomplete = () => {
            resolve(JSON.stringify(Object.fromEntries(requests.map(([name, r]) => [name, r.result]))));
            open.result.close();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** The Data page's export, downloaded and read back as text. */
export async function exportedText(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Data' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all data' }).click();
  return readFile((await (await downloading).path())!, 'utf8');
}
