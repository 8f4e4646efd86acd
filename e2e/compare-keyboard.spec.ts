import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './fixtures';

// Engines load and answer slowly when the machine is busy (2 cores shared with other runs): wait long, fail on behaviour.
const expect = baseExpect.configure({ timeout: 120_000 });

const MODEL = 'TinyStories 260K (test model)';

/** What has the keyboard focus: never the page itself after an action. */
const focused = (page: Page) => page.evaluate(() => (document.activeElement === document.body ? 'body' : document.activeElement?.tagName));

test('the Compare tabs follow the ARIA tabs pattern: one tab stop, arrows, Home and End, a visible selected tab', async ({ page }) => {
  await page.goto('./?model=stories260K#/compare');
  const tab = (name: string) => page.getByRole('tab', { name });
  await expect(page.getByRole('tablist', { name: 'Compare' }).getByRole('tab')).toHaveText([
    'Side by side',
    'Arena',
    'Paired runs',
    'Leaderboard',
  ]);
  await expect(tab('Side by side')).toHaveAttribute('aria-selected', 'true');
  await expect(tab('Side by side')).toHaveAttribute('tabindex', '0');
  await expect(tab('Arena')).toHaveAttribute('tabindex', '-1');
  await tab('Side by side').focus();
  for (const [key, name] of [
    ['ArrowRight', 'Arena'],
    ['End', 'Leaderboard'],
    ['ArrowRight', 'Side by side'],
    ['ArrowLeft', 'Leaderboard'],
    ['Home', 'Side by side'],
    ['ArrowRight', 'Arena'],
  ] as const) {
    await page.keyboard.press(key);
    await expect(tab(name)).toBeFocused();
    await expect(tab(name)).toHaveAttribute('aria-selected', 'true');
    await expect(tab(name)).toHaveAttribute('tabindex', '0');
    await expect(page.getByRole('tabpanel', { name })).toBeVisible();
  }
  await expect(tab('Side by side')).toHaveAttribute('aria-selected', 'false');
  // The selected tab looks selected: its underline and weight differ from the others'.
  const look = (name: string) =>
    tab(name).evaluate((el) => {
      const s = getComputedStyle(el);
      return `${s.borderBottomColor} ${s.fontWeight}`;
    });
  expect(await look('Arena')).not.toBe(await look('Side by side'));
  // Tab leaves the tab list for the panel: the other tabs are not tab stops.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tabpanel', { name: 'Arena' })).toBeFocused();
});

test('Enter sends and focus stays in the prompt box; a changed contestant shows at once, keeps the turns in view and says what Send will do; an unvoted arena round warns before it is lost', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await page.goto('./?model=stories260K#/compare');
  for (const n of [1, 2]) await page.getByLabel(`Contestant ${n} max tokens`).fill('24');
  const prompt = page.getByRole('textbox', { name: 'Prompt', exact: true });
  const turn = (n: number) => page.getByRole('region', { name: `Turn ${n}` });
  const answered = async (n: number) => {
    for (const t of ['0.2', '1.2']) {
      await expect(turn(n).getByRole('article', { name: `Reply: ${MODEL} · T ${t}` })).toHaveAttribute('data-status', 'complete');
    }
  };

  await prompt.fill('Once upon a time');
  await prompt.press('Enter');
  await expect(prompt).toHaveValue('');
  await answered(1);
  await expect(prompt).toBeFocused();

  // The button too: it turns disabled while the contestants answer, and focus stays in the box.
  await prompt.fill('And then?');
  await page.getByRole('button', { name: 'Send to all' }).click();
  await expect(prompt).toBeFocused();
  await answered(2);
  expect(await focused(page)).toBe('TEXTAREA');

  // The legend follows the field as it is typed, before it loses focus.
  const temperature = page.getByLabel('Contestant 2 temperature');
  await temperature.fill('0.9');
  await expect(temperature).toBeFocused();
  await expect(page.getByText(`Contestant 2: ${MODEL} · T 0.9`)).toBeVisible();
  const notice = page.getByRole('status').filter({ hasText: 'You changed the contestants' });
  await expect(notice).toContainText(
    'You changed the contestants of “Once upon a time”. Send starts a new comparison with the contestants above; “Once upon a time” stays saved with its 2 turns',
  );
  await expect(turn(1)).toBeVisible();
  await expect(turn(2)).toBeVisible();
  // Undo: the comparison's own contestants again, and Send continues it.
  await notice.getByRole('button', { name: 'Undo the changes and continue “Once upon a time”' }).click();
  await expect(page.getByText(`Contestant 2: ${MODEL} · T 1.2`)).toBeVisible();
  await expect(temperature).toHaveValue('1.2');
  await expect(notice).toHaveCount(0);
  await prompt.fill('The end');
  await prompt.press('Enter');
  await answered(3);
  await expect(page.getByText('Saved comparisons (1)')).toBeVisible();

  // A changed contestant, then Send: a new comparison, announced beforehand; the first stays saved whole.
  await temperature.fill('0.9');
  await expect(notice).toBeVisible();
  await prompt.fill('A new story');
  await prompt.press('Enter');
  await expect(turn(1).getByRole('article', { name: `Reply: ${MODEL} · T 0.9` })).toHaveAttribute('data-status', 'complete');
  await expect(turn(2)).toHaveCount(0);
  await expect(page.getByText('Saved comparisons (2)')).toBeVisible();
  await page.getByText('Saved comparisons (2)').click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Once upon a time' })).toContainText('3 turns');
  await expect(page.getByRole('listitem').filter({ hasText: 'A new story' })).toContainText('1 turn ·');

  // The Arena: Enter sends; a vote keeps focus off the page; one battle gives no interval and no rank.
  await page.getByRole('tab', { name: 'Arena' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Arena' });
  await prompt.fill('The little dog');
  await prompt.press('Enter');
  await expect(panel.getByRole('article', { name: 'Reply: Model A' })).toHaveAttribute('data-status', 'complete');
  await expect(panel.getByRole('article', { name: 'Reply: Model B' })).toHaveAttribute('data-status', 'complete');
  await page.getByRole('button', { name: 'A is better' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Vote stored' })).toBeVisible();
  await expect(prompt).toBeFocused();
  const ratings = page.getByRole('table', { name: 'Ratings' });
  for (const i of [1, 2]) {
    const cells = ratings.getByRole('row').nth(i).getByRole('cell');
    await expect(cells.first()).toHaveText('—');
    await expect(cells.nth(3)).toHaveText('none: 1 battle: an interval needs at least 10');
  }

  // An answered round without a vote: a new prompt asks first, and No keeps the round and the text.
  await prompt.fill('A big tree');
  await prompt.press('Enter');
  await expect(panel.getByRole('article', { name: 'Reply: Model B' })).toHaveAttribute('data-status', 'complete');
  await expect(page.getByRole('button', { name: 'Tie' })).toBeEnabled();
  const dialogs: string[] = [];
  page.once('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await prompt.fill('The sun');
  await prompt.press('Enter');
  await expect
    .poll(() => dialogs)
    .toEqual(['The last round has no vote yet. A new prompt discards it, and its replies with it. Send anyway?']);
  await expect(panel.getByText('You: A big tree')).toBeVisible();
  await expect(prompt).toHaveValue('The sun');
  // Leaving the page asks too.
  page.once('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.getByRole('link', { name: 'Consult' }).click();
  await expect.poll(() => dialogs.length).toBe(2);
  expect(dialogs[1]).toBe('The Arena’s last round has no vote yet. Leaving the Compare page discards it. Leave anyway?');
  await expect(page).toHaveURL(/#\/compare$/);
  await expect(panel.getByText('You: A big tree')).toBeVisible();
  // Yes sends.
  page.once('dialog', (d) => void d.accept());
  await prompt.press('Enter');
  await expect(panel.getByText('You: The sun')).toBeVisible();
});
