import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { longestMedqaItem, medqaItems, type MedqaItem } from './medqaItems';
import { onScreen } from './onScreen';

// Opening the presenter starts loading the bundled model (a 10 MB wasm compile on a busy two-core machine).
test.setTimeout(180_000);

const [first, second] = medqaItems() as [MedqaItem, MedqaItem];

async function saveLesson(page: Page, title: string): Promise<void> {
  await page.goto('./#/classroom');
  await page.getByLabel('Lesson title').fill(title);
  for (const item of [first, second]) await page.getByRole('button', { name: `Add ${item.id}` }).click();
  await page.getByRole('button', { name: 'Save lesson' }).click();
  await expect(page.getByRole('list', { name: 'Lessons' }).getByText(title)).toBeVisible();
}

/** Whether the element with focus lies inside `container`. */
const holdsFocus = (container: Locator) => container.evaluate((el) => el.contains(document.activeElement));

test('the presenter is modal: focus moves in, Tab never leaves it, the page behind is inert, Esc leaves from anywhere and focus returns to Present', async ({
  page,
}) => {
  await saveLesson(page, 'Modal');
  const present = page.getByRole('button', { name: 'Present Modal' });
  await present.click();
  // Found by its name alone, so that the same steps run against a presenter that is not yet a dialog.
  const presenter = page.getByLabel('Presenter', { exact: true });
  await expect(presenter.locator('.question')).toHaveText(first.question);
  expect(await holdsFocus(presenter), 'focus on open').toBe(true);

  // Round the presenter's controls more than once, both ways: every stop is inside it.
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 1; i <= 25; i++) {
      await page.keyboard.press(key);
      expect(await holdsFocus(presenter), `focus after ${key} × ${i}`).toBe(true);
    }
  }
  // The page behind takes neither focus nor typing.
  const title = page.getByLabel('Lesson title');
  expect(await title.evaluate((el: HTMLInputElement) => (el.focus(), document.activeElement === el))).toBe(false);
  await presenter.locator('.question').click();
  await page.keyboard.type('rm');
  await expect(title).toHaveValue('Modal');
  await expect(presenter.getByRole('status')).toContainText(`Answer: ${first.answer} — ${first.options[first.answer]}`);
  await expect(presenter.getByRole('button', { name: 'Show model' })).toBeDisabled();
  await expect(presenter).toHaveRole('dialog');
  // Reveal, once pressed, is disabled and drops focus; Tab picks it up inside the presenter again.
  await page.keyboard.press('ArrowRight');
  await expect(presenter.locator('.question')).toHaveText(second.question);
  await presenter.getByRole('button', { name: 'Reveal answer' }).click();
  await page.keyboard.press('Tab');
  expect(await holdsFocus(presenter), 'focus after Reveal and Tab').toBe(true);

  // Esc leaves even from a vote box, and focus goes back to the button that opened the presenter.
  await presenter.getByLabel('Votes for A').fill('4');
  await page.keyboard.press('Escape');
  await expect(presenter).toHaveCount(0);
  await expect(present).toBeFocused();

  // And from one of the presenter's own buttons.
  await present.click();
  await expect(presenter.locator('.question')).toHaveText(first.question);
  await presenter.getByRole('button', { name: 'Reveal answer' }).focus();
  await page.keyboard.press('Escape');
  await expect(presenter).toHaveCount(0);
  await expect(present).toBeFocused();
});

test.describe('at 1280×800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the longest MedQA item: question, options, the revealed answer and the controls are all on screen', async ({ page }) => {
    const item = longestMedqaItem();
    await page.goto(`./?present=1&model=stories260K&suite=medqa-usmle-4&items=${item.id}`);
    const presenter = page.getByLabel('Presenter', { exact: true });
    const question = presenter.locator('.question');
    await expect(question).toHaveText(item.question);
    // The class has voted and the model's bars are up: the presenter at its fullest.
    for (const [i, letter] of Object.keys(item.options).entries()) await presenter.getByLabel(`Votes for ${letter}`).fill(String(i + 2));
    await presenter.getByRole('button', { name: 'Show model' }).click();
    await expect(presenter.getByRole('meter', { name: /^TinyStories 260K \(test model\): / })).toHaveCount(4, { timeout: 120_000 });
    await presenter.getByRole('button', { name: 'Reveal answer' }).click();
    const answer = presenter.getByRole('status').getByText(`Answer: ${item.answer}`);
    await expect(answer).toBeVisible();

    const parts: [string, Locator][] = [
      ['question box', question],
      ...Object.entries(item.options).map(([letter, text]): [string, Locator] => [
        `option ${letter}`,
        presenter.locator('.options li').filter({ hasText: `${letter}. ${text}` }),
      ]),
      ['answer', presenter.getByRole('status').locator('p').first()],
      ['controls', presenter.getByRole('navigation', { name: 'Lesson' })],
      ...['Previous', 'Show model', 'Reveal answer', 'Summary'].map((name): [string, Locator] => [
        name,
        presenter.getByRole('button', { name }),
      ]),
    ];
    for (const [name, locator] of parts) expect(await onScreen(locator), `${name} on screen`).toBe(1);
    // The question is read by scrolling inside its own box, never the page: its last words can be reached.
    await question.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const lastWords = await question.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1);
    expect(lastWords).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).toBe(true);
    await page.screenshot({ path: test.info().outputPath('presenter-1280x800.png') });
  });
});
