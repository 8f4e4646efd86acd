import type { Page } from '@playwright/test';
import { expect, loadBundledModel, test } from './fixtures';
import { layoutProblems } from './phoneLayout';

test.use({ viewport: { width: 390, height: 844 } });

async function expectReadable(page: Page, where: string): Promise<void> {
  await expect(page.locator('main')).not.toContainText('Loading…');
  expect(await layoutProblems(page), `layout problems on ${where}`).toEqual([]);
}

test('at 390×844 every view, Compare tab and table reads well: nothing sticks out, nothing wraps a letter a line, every link shows', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('./?model=stories260K');
  await loadBundledModel(page);

  // Something in every list: a reply, a finished run with its tables, a lesson, two contestants.
  await page.getByLabel('Message', { exact: true }).fill('Once upon a time');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('article.message.assistant')).toHaveAttribute('data-status', 'complete', { timeout: 60_000 });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Benchmarks' }).click();
  // The multiple-choice run form comes first on the page.
  await page.getByLabel('Items (0 = all)').first().fill('4');
  await page.getByRole('button', { name: 'Start run' }).first().click();
  await expect(page.getByRole('cell', { name: 'completed' }).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('table.items')).toBeVisible();
  await nav.getByRole('link', { name: 'Classroom' }).click();
  await page.getByLabel('Lesson title').fill('Ward round on a phone');
  await page.getByRole('button', { name: 'Add medqa-usmle-4/0001' }).click();
  await page.getByRole('button', { name: 'Save lesson' }).click();

  // Every link of the main navigation is on screen at the top of the page: none hidden off to the side.
  await page.evaluate(() => scrollTo(0, 0));
  const links = nav.getByRole('link');
  expect(await links.count()).toBeGreaterThanOrEqual(6);
  for (const link of await links.all()) await expect(link).toBeInViewport({ ratio: 1 });

  for (const link of await links.all()) {
    const name = (await link.innerText()).trim();
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page');
    await expectReadable(page, name);
    if (name !== 'Compare') continue;
    for (const tab of await page.getByRole('tab').all()) {
      const tabName = (await tab.innerText()).trim();
      await tab.click();
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      if (tabName === 'Side by side') {
        // Two contestants: their boxes sit side by side on a laptop and must fit a phone.
        const add = page.getByRole('button', { name: /^Add contestant/ });
        while ((await page.locator('.contestant, [data-testid="contestant"]').count()) < 2 && (await add.isEnabled())) await add.click();
      }
      await expectReadable(page, `Compare › ${tabName}`);
    }
  }
  // Back to the finished run: its runs table and items table, each scrolling in its own box if wider.
  await nav.getByRole('link', { name: 'Benchmarks' }).click();
  await expect(page.locator('table.items')).toBeVisible();
  await expectReadable(page, 'Benchmarks with a run open');
});
