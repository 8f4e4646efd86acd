import type { Page } from '@playwright/test';
import { gguf, readGgufHeader } from '../testing/gguf';
import { splitGgufSpec } from '../testing/splitGgufWriter';
import { encodeGguf } from '../testing/ggufWriter';
import { SYNTHETIC_SHAPES, spmVocabFromMetadata, syntheticLlamaGguf } from '../testing/syntheticLlama';
import { splitPartName } from '../models/ggufSplit';
import { expect, test } from './fixtures';

/**
 * A synthetic Llama, split into three parts as llama-gguf-split does, served by the test server's origin
 * (a route on it: the built site cannot hold generated files) and loaded through the UI.
 */
const PARTS = 3;
// A load takes about a second on an idle machine; shared CI machines can be many times slower.
test.describe.configure({ timeout: 480_000 });
const PREFIX = 'synthetic-split';

async function splitModel(): Promise<{ name: string; buffer: Buffer }[]> {
  const donor = await readGgufHeader('public/models/stories260K/stories260K.gguf');
  const synthetic = syntheticLlamaGguf(
    SYNTHETIC_SHAPES.find((s) => s.id === '1m')!,
    'f16',
    spmVocabFromMetadata(donor.metadata),
    5,
  );
  // The app names an added model by its general.name.
  const spec = { ...synthetic, metadata: new Map([...synthetic.metadata, ['general.name', gguf.str(PREFIX)]]) };
  return splitGgufSpec(spec, PARTS).map((part, i) => ({
    name: splitPartName(PREFIX, i + 1, PARTS),
    buffer: Buffer.concat([...encodeGguf(part)]),
  }));
}

interface ProgressSample {
  bars: number;
  stage: string | null;
  loaded: number;
  total: number;
}

/** Records every state of the model bar's progress while a load runs: the assertion is on what the user saw. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const samples: ProgressSample[] = [];
    (window as unknown as { progressSamples: ProgressSample[] }).progressSamples = samples;
    const sample = () => {
      const box = document.querySelector<HTMLElement>('.load-progress');
      samples.push({
        bars: document.querySelectorAll('[role="progressbar"][aria-label="Model load"]').length,
        stage: box?.dataset.stage ?? null,
        loaded: Number(box?.dataset.loaded ?? 0),
        total: Number(box?.dataset.total ?? 0),
      });
    };
    new MutationObserver(sample).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

async function progressSamples(page: Page): Promise<ProgressSample[]> {
  return page.evaluate(() => (window as unknown as { progressSamples: ProgressSample[] }).progressSamples);
}

async function loadSelected(page: Page): Promise<void> {
  await watchProgress(page);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('model-status')).toContainText(`${PREFIX} · CPU`, { timeout: 200_000 });
}

test('a split model loads from a URL to its first part, with one progress over all parts, then again from the cache', async ({
  page,
  baseURL,
  network,
}) => {
  const parts = await splitModel();
  const total = parts.reduce((n, p) => n + p.buffer.byteLength, 0);
  // As a static host answers: whole files, byte ranges (the app reads the header first) and HEAD.
  await page.context().route(/\/e2e-split\/[^/]+\.gguf$/, (route) => {
    const request = route.request();
    const part = parts.find((p) => request.url().endsWith(`/${p.name}`));
    if (!part) return route.fulfill({ status: 404 });
    const size = part.buffer.byteLength;
    const headers = { 'Content-Type': 'application/octet-stream', 'Accept-Ranges': 'bytes' };
    if (request.method() === 'HEAD') return route.fulfill({ status: 200, headers: { ...headers, 'Content-Length': String(size) } });
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers()['range'] ?? '');
    if (!range) return route.fulfill({ status: 200, headers, body: part.buffer });
    const start = Number(range[1]);
    if (start >= size) return route.fulfill({ status: 416, headers: { 'Content-Range': `bytes */${size}` } });
    const end = Math.min(size - 1, range[2] ? Number(range[2]) : size - 1);
    return route.fulfill({
      status: 206,
      headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}` },
      body: part.buffer.subarray(start, end + 1),
    });
  });
  // Whole-file downloads of the parts (the header reads before adding carry a Range header).
  const partGets = () =>
    network.requests.filter((r) => r.method() === 'GET' && r.url().includes('/e2e-split/') && !r.headers()['range']).map((r) => r.url());

  await page.goto('./#/models');
  await page.getByLabel('GGUF URL').fill(new URL(`e2e-split/${parts[0]!.name}`, baseURL).href);
  await page.getByRole('button', { name: 'Add GGUF URL' }).click();
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(/e2e-split/);
  await loadSelected(page);

  expect(new Set(partGets())).toEqual(new Set(parts.map((p) => new URL(`e2e-split/${p.name}`, baseURL).href)));
  const first = (await progressSamples(page)).filter((s) => s.bars > 0);
  expect(first.length).toBeGreaterThan(0);
  expect(Math.max(...first.map((s) => s.bars))).toBe(1);
  const downloading = first.filter((s) => s.stage === 'download' && s.total > 0);
  expect(downloading.length).toBeGreaterThan(0);
  // One bar for the whole set: its total is every part's bytes, and it never runs backwards.
  for (const s of downloading) expect(s.total).toBe(total);
  expect(downloading.map((s) => s.loaded)).toEqual([...downloading.map((s) => s.loaded)].sort((a, b) => a - b));

  // A reload keeps the model and its parts: the second load reads them from this device's cache.
  const fetchedBefore = partGets().length;
  await page.reload();
  await page.getByLabel('Model', { exact: true }).selectOption(`custom:${new URL(`e2e-split/${parts[0]!.name}`, baseURL).href}`);
  await loadSelected(page);
  expect(partGets().length).toBe(fetchedBefore);
  const second = (await progressSamples(page)).filter((s) => s.bars > 0);
  expect(second.some((s) => s.stage === 'cache-read')).toBe(true);
  // Only the session's "Starting" placeholder (0 bytes) may say download: no byte is downloaded again.
  expect(second.some((s) => s.stage === 'download' && s.loaded > 0)).toBe(false);
});

test('a split model loads from its parts picked together, out of order', async ({ page }) => {
  const parts = await splitModel();
  await page.goto('./#/models');
  await page
    .getByLabel('GGUF file')
    .setInputFiles(
      [parts[1]!, parts[2]!, parts[0]!].map((p) => ({ name: p.name, mimeType: 'application/octet-stream', buffer: p.buffer })),
    );
  await expect(page.getByText(`Added and selected “${PREFIX}”.`)).toBeVisible();
  await loadSelected(page);
  const samples = (await progressSamples(page)).filter((s) => s.bars > 0);
  expect(Math.max(...samples.map((s) => s.bars))).toBe(1);
  expect(samples.find((s) => s.total > 0)?.total).toBe(parts.reduce((n, p) => n + p.buffer.byteLength, 0));
});
