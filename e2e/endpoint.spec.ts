import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { builtLlamaServer } from '../scripts/llamaServer/binary';
import { startLlamaServer, type LlamaServerOptions, type RunningLlamaServer } from '../scripts/llamaServer/llamaServerProcess';
import { everyStore, expect as baseExpect, exportedText, setMaxTokens, storedResults, storeRecords, test as base } from './fixtures';

/*
 * The endpoint engine through the page, against a real llama-server built from node-llama-cpp's own
 * llama.cpp (scripts/llamaServer) and started here on 127.0.0.1 with the bundled GGUF, the WASM engine's
 * exact settings and 4 slots. The hermetic network check lets exactly that server's host through.
 */

const MODEL = join(resolve(import.meta.dirname, '..'), 'public/models/stories260K/stories260K.gguf');
const MODEL_ID = 'stories260K.gguf';
const binary = builtLlamaServer();

// A shared two-core machine runs the server, the page's engines and the browser at once.
base.describe.configure({ timeout: 300_000 });
const expect = baseExpect.configure({ timeout: 60_000 });

/** The server a test talks to: started before it with `llamaOptions`, restartable on the same port, stopped after it. */
interface Served {
  server: RunningLlamaServer;
  host: string;
  restart(): Promise<void>;
}

type ServerSettings = Pick<LlamaServerOptions, 'parallel' | 'contextPerSlot' | 'extraArgs'>;

const test = base.extend<{ llamaOptions: ServerSettings; llama: Served }>({
  llamaOptions: [{}, { option: true }],
  llama: async ({ llamaOptions }, use) => {
    const start = (port?: number) =>
      startLlamaServer({ binary: binary!, model: MODEL, parallel: 4, contextPerSlot: 2048, ...llamaOptions, ...(port ? { port } : {}) });
    const served: Served = {
      server: await start(),
      get host() {
        return `127.0.0.1:${this.server.port}`;
      },
      async restart() {
        this.server = await start(this.server.port);
      },
    };
    await use(served);
    await served.server.stop();
  },
  allowedHosts: async ({ llama }, use) => use([llama.host]),
});

test.skip(
  !binary,
  'llama-server is not built on this machine (it is cached under ~/.cache/bedside/llama-server/<llama.cpp commit>/): build it with `npx tsx scripts/llamaServer/build.ts`; .ci/run does.',
);

const CAPABILITIES = ['chat', 'streaming', 'letter-logprob', 'option-logprob'];

/** Adds the server's model on the Models page: lists its models, waits for every capability's ✓, adds and selects it. */
async function addEndpoint(page: Page, llama: Served, apiKey?: string): Promise<string> {
  await page.goto('./#/models');
  const card = page.getByRole('region', { name: 'Add an endpoint' });
  await card.getByLabel('Base URL').fill(llama.server.url);
  if (apiKey) await card.getByLabel('API key (optional)').fill(apiKey);
  await card.getByRole('button', { name: 'List models' }).click();
  const capabilities = card.getByRole('list', { name: 'What the server can do with this model' });
  for (const capability of CAPABILITIES) {
    const row = capabilities.locator(`[data-capability="${capability}"]`);
    await expect(row).toHaveAttribute('data-ok', 'true');
    await expect(row).toContainText(`✓ ${capability}`);
  }
  await expect(card).toContainText(`${llama.host} answers as llama-server`);
  await card.getByRole('button', { name: 'Add endpoint model' }).click();
  const name = `${MODEL_ID} on ${llama.host}`;
  await expect(card.getByText(`Added and selected “${name}”.`)).toBeVisible();
  return name;
}

async function loadSelected(page: Page, llama: Served): Promise<void> {
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('model-status')).toHaveText(`Loaded: ${MODEL_ID} on ${llama.host} · server at ${llama.host}`);
}

test.describe('a long reply', () => {
  // The bundled model writes ~5,000 tokens/s here, so a 2,048-token window ends a reply before Stop can be
  // pressed: one slot with a 16,384-token window (the GGUF's trained length overridden) keeps it writing.
  test.use({ llamaOptions: { parallel: 1, contextPerSlot: 16_384, extraArgs: ['--override-kv', 'llama.context_length=int:16384'] } });

  test('a consultation on llama-server names the host first, streams, stops and regenerates, and each reply records where it went', async ({
    page,
    llama,
  }) => {
    await addEndpoint(page, llama);
    await loadSelected(page, llama);
    await page.getByRole('link', { name: 'Consult' }).click();
    // Before the first message: the host that will receive it is named.
    await expect(page.getByRole('note', { name: 'Where your text goes' })).toContainText(`will be sent to ${llama.host}`);

    await setMaxTokens(page, 8000);
    await page.getByLabel('Message').fill('Once upon a time there was a nurse');
    await page.getByRole('button', { name: 'Send' }).click();
    const reply = page.locator('article.message.assistant').last();
    await expect(reply.locator('.content')).not.toBeEmpty();
    await expect(reply).toHaveAttribute('data-status', 'streaming');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(reply).toHaveAttribute('data-status', 'stopped');
    const partial = await reply.locator('.content').innerText();
    expect(partial.length).toBeGreaterThan(0);
    await expect(reply).toContainText(`sent to ${llama.host}`);

    // The sampling panel is still open from above.
    await page.getByLabel('Max tokens').fill('24');
    await page.getByLabel('Max tokens').blur();
    await page.getByRole('button', { name: 'Regenerate' }).click();
    const again = page.locator('article.message.assistant').last();
    await expect(again).toHaveAttribute('data-status', 'complete');
    await expect(again.locator('.content')).not.toBeEmpty();
    await expect(again.locator('.stats')).toContainText('tok/s');
    await expect(page.locator('article.message.assistant')).toHaveCount(1);

    const messages = await storeRecords<{ role: string; sentTo?: string; status: string }>(page, 'messages');
    // IndexedDB lists records by key (random ids), not by time: compare them in a fixed order.
    const byRole = messages.map((m) => [m.role, m.status, m.sentTo]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byRole).toEqual([
      ['assistant', 'complete', llama.host],
      ['user', 'complete', undefined],
    ]);
  });
});

test('an arena round between the in-browser model and the same model on llama-server stores the vote with the host', async ({
  page,
  llama,
}) => {
  const served = await addEndpoint(page, llama);
  await page.goto('./?model=stories260K#/compare');
  await page.getByLabel('Contestant 2 model').selectOption({ label: served });
  for (const n of [1, 2]) {
    await page.getByLabel(`Contestant ${n} max tokens`).fill('8');
    await page.getByLabel(`Contestant ${n} max tokens`).blur();
  }
  await page.getByRole('tab', { name: 'Arena' }).click();
  // Named before the round is sent, without saying which side it serves.
  await expect(page.getByRole('note', { name: 'Where your text goes' })).toContainText(`will be sent to ${llama.host}`);
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('Once upon a time');
  await page.getByRole('button', { name: 'Send to all' }).click();
  const panel = page.getByRole('tabpanel');
  for (const side of ['A', 'B']) {
    await expect(panel.getByRole('article', { name: `Reply: Model ${side}` })).toHaveAttribute('data-status', 'complete', {
      timeout: 240_000,
    });
  }
  await page.getByRole('button', { name: 'A is better' }).click();
  await expect(panel.getByRole('status')).toContainText('Vote stored');

  const [vote] = await storeRecords<{
    winner: string;
    sentTo?: { a?: string; b?: string };
    contestants: { a: { modelId: string }; b: { modelId: string } };
  }>(page, 'votes');
  const servedSide = vote!.contestants.a.modelId === 'stories260K' ? 'b' : 'a';
  expect(vote!.contestants[servedSide].modelId).toBe(`endpoint:${llama.server.url}#${MODEL_ID}`);
  expect(vote!.sentTo).toEqual({ [servedSide]: llama.host });
  expect(vote!.winner).toBe('model_a');
});

test('a lesson on the model on llama-server names the host in the builder, and the presenter shows the served model’s option probabilities', async ({
  page,
  llama,
}) => {
  const served = await addEndpoint(page, llama);
  const [, line] = readFileSync(join(resolve(import.meta.dirname, '..'), 'public/suites/medqa-usmle-4.jsonl'), 'utf8').split('\n');
  const item = JSON.parse(line!) as { id: string; question: string; options: Record<string, string> };
  await page.getByRole('link', { name: 'Classroom' }).click();
  await page.getByLabel('Lesson title').fill('Served week');
  await page.getByLabel('Lesson model').selectOption({ label: served });
  await expect(page.getByRole('note', { name: 'Where your text goes' })).toContainText(`will be sent to ${llama.host}`);
  await page.getByLabel('Suite', { exact: true }).selectOption('medqa-usmle-4');
  await page.getByLabel('Search questions').fill(item.question.split(' ').slice(0, 8).join(' '));
  await page.getByRole('button', { name: `Add ${item.id}` }).click();
  await page.getByRole('button', { name: 'Save lesson' }).click();
  await page.getByRole('button', { name: 'Present Served week' }).click();
  const presenter = page.getByRole('dialog', { name: 'Presenter' });
  await expect(presenter.locator('.question')).toContainText(item.question.slice(0, 40));
  await page.keyboard.press('m');
  const bars = presenter.getByRole('meter', { name: new RegExp(`^${served.replace(/[.()]/g, '\\$&')}: `) });
  await expect(bars).toHaveCount(Object.keys(item.options).length);
  await expect(page.getByTestId('presenter-model')).toHaveText(`${served}: ready`);
});

test.describe('an API key', () => {
  const KEY = 'e2e-key-Wd7Qx93LmZ';
  const PASSPHRASE = 'correct horse battery';
  // llama-server answers only requests that carry the key.
  test.use({ llamaOptions: { extraArgs: ['--api-key', KEY] } });

  test('requests reach only the app and the endpoint, the key only the endpoint; an export holds no key; under the lock the key is sealed', async ({
    page,
    llama,
    network,
  }) => {
    const secret = 'Patient Quillon Vexbury, MRN 44170';
    await addEndpoint(page, llama, KEY);
    await loadSelected(page, llama);
    await page.getByRole('link', { name: 'Consult' }).click();
    await setMaxTokens(page, 16);
    await page.getByLabel('Message').fill(secret);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.locator('article.message.assistant').last()).toHaveAttribute('data-status', 'complete');

    const origin = new URL(page.url()).origin;
    const toServer = network.requests.filter((r) => new URL(r.url()).host === llama.host);
    for (const r of network.requests) {
      const url = new URL(r.url());
      expect(url.origin === origin || url.host === llama.host || ['blob:', 'data:'].includes(url.protocol), `request to ${r.url()}`).toBe(
        true,
      );
      // The key goes to its own host and nowhere else; the message text to that host only.
      if (url.host !== llama.host) {
        expect(`${r.url()}\n${r.postData() ?? ''}\n${JSON.stringify(await r.allHeaders())}`).not.toContain(KEY);
        expect(r.postData() ?? '').not.toContain('Quillon');
      }
    }
    expect(toServer.some((r) => (r.postData() ?? '').includes('Quillon'))).toBe(true);
    const keyed = await Promise.all(toServer.filter((r) => r.method() !== 'OPTIONS').map((r) => r.headerValue('authorization')));
    expect(keyed.length).toBeGreaterThan(0);
    expect(new Set(keyed)).toEqual(new Set([`Bearer ${KEY}`]));

    // The Data page lists the endpoint and says keys are never exported; the file says so too, and holds no key.
    const exported = await exportedText(page);
    const table = page.getByRole('table', { name: 'Endpoints' });
    await expect(table).toContainText(llama.host);
    await expect(table).toContainText('stored');
    await expect(page.getByText(/API keys of added endpoints .* are never exported/)).toBeVisible();
    expect(exported).not.toContain(KEY);
    const file = JSON.parse(exported) as { leftOut: string[]; stores: { endpoints: { host: string; apiKeyLeftOut?: boolean }[] } };
    expect(file.leftOut.join(' ')).toContain('never exported');
    expect(file.stores.endpoints).toMatchObject([{ host: llama.host, apiKeyLeftOut: true }]);
    expect(await everyStore(page)).toContain(KEY);

    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Repeat passphrase').fill(PASSPHRASE);
    await page.getByLabel(/I understand that if I forget this passphrase/).check();
    await page.getByRole('button', { name: 'Turn on lock' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'encrypted and unlocked for this session' })).toBeVisible();
    const raw = await everyStore(page);
    expect(raw).not.toContain(KEY);
    const [stored] = await storeRecords<{ apiKey: unknown }>(page, 'endpoints');
    expect(stored!.apiKey).toMatchObject({ iv: expect.any(String), ciphertext: expect.any(String) });
    expect(await exportedText(page)).not.toContain(KEY);

    // Locked after a reload: the sealed key cannot be used; unlocked, it loads the model again.
    await page.reload();
    await page.getByRole('link', { name: 'Models' }).click();
    await expect(page.getByRole('row', { name: new RegExp(MODEL_ID) })).toContainText('API key sealed');
    await page.getByLabel('Model', { exact: true }).selectOption(`endpoint:${llama.server.url}#${MODEL_ID}`);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText(`The API key of ${MODEL_ID} on ${llama.host} is sealed by the passphrase lock`);
    await page.getByRole('link', { name: 'Data' }).click();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible();
    await loadSelected(page, llama);
  });
});

test.describe('with CORS refusing this page', () => {
  test.use({ llamaOptions: { extraArgs: ['--cors-origins', 'http://elsewhere.invalid'] } });

  test('listing the models fails with a message that names the flag to set, with this page’s origin', async ({ page, llama }) => {
    await page.goto('./#/models');
    const card = page.getByRole('region', { name: 'Add an endpoint' });
    await card.getByLabel('Base URL').fill(llama.server.url);
    await card.getByRole('button', { name: 'List models' }).click();
    const origin = new URL(page.url()).origin;
    const alert = card.getByRole('alert');
    await expect(alert).toContainText(`The server at ${llama.host} did not answer GET /v1/models`);
    await expect(alert).toContainText(`llama-server --cors-origins`);
    await expect(alert).toContainText(origin);
    await expect(card.getByRole('button', { name: 'Add endpoint model' })).toHaveCount(0);
  });
});

test('a benchmark run whose server is killed pauses with a message; after a restart Resume ends with exactly N results, none rescored', async ({
  page,
  llama,
}) => {
  const N = 300;
  await addEndpoint(page, llama);
  await loadSelected(page, llama);
  await page.getByRole('link', { name: 'Benchmarks' }).click();
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Start run' }) });
  await form.getByLabel('Suite', { exact: true }).selectOption('medqa-usmle-4');
  await form.getByLabel('Scoring mode', { exact: true }).selectOption('letter-logprob');
  await form.getByLabel('Items (0 = all)').fill(String(N));
  await expect(form.getByLabel('Requests in flight')).toHaveValue('4');
  await expect(page.getByRole('note', { name: 'Where your text goes' })).toContainText(`will be sent to ${llama.host}`);
  await form.getByRole('button', { name: 'Start run' }).click();

  await expect.poll(async () => (await storedResults(page)).length, { timeout: 120_000, intervals: [50] }).toBeGreaterThanOrEqual(12);
  const beforeKill = await storedResults(page);
  await llama.server.kill();

  await expect(page.getByRole('alert')).toContainText(`The run was paused: The server at ${llama.host} did not answer`);
  await expect(page.getByRole('alert')).toContainText('press Resume to score only the items left');
  const paused = await storedResults(page);
  expect(paused.length).toBeLessThan(N);
  expect(paused.length).toBeGreaterThanOrEqual(beforeKill.length);

  await llama.restart();
  await page.getByRole('button', { name: 'Dismiss error' }).click();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('row', { name: /medqa/i }).getByRole('cell', { name: 'completed' })).toBeVisible({ timeout: 240_000 });

  const after = await storedResults(page);
  expect(after).toHaveLength(N);
  expect(new Set(after.map((r) => r.itemId)).size).toBe(N);
  const byItem = new Map(after.map((r) => [r.itemId, r]));
  // Nothing stored before the kill or before the pause was scored again: each row is as it was.
  for (const row of [...beforeKill, ...paused]) expect(byItem.get(row.itemId)).toEqual(row);

  const [run] = await storeRecords<{ status: string; model: { backend: string; endpoint?: { host: string; concurrency: number } } }>(
    page,
    'runs',
  );
  expect(run).toMatchObject({ status: 'completed', model: { backend: 'endpoint', endpoint: { host: llama.host, concurrency: 4 } } });
});
