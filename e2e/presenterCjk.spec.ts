import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { cmexamPresenterItem, suiteItems } from './medqaItems';
import { onScreen } from './onScreen';

// Opening the presenter starts loading the bundled model (a 10 MB wasm compile on a busy two-core machine).
test.setTimeout(180_000);

const cmexam = suiteItems('cmexam');
/** A long single-answer CMExam item, and the first with several right answers. */
const longest = cmexamPresenterItem();
const multi = cmexam.find((i) => i.answer.length > 1)!;

/** How the text inside `box` lies: its line boxes, and whether any reaches past the box's own edges. */
function layout(box: Locator) {
  return box.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    const bounds = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
      lines: new Set(rects.map((r) => Math.round(r.top))).size,
      inside: rects.every((r) => r.left >= bounds.left - 0.5 && r.right <= bounds.right + 0.5),
      overflowsSideways: el.scrollWidth > el.clientWidth,
      lang: el.closest('[lang]')?.getAttribute('lang') ?? null,
      lineBreak: style.getPropertyValue('line-break'),
      font: style.fontFamily,
    };
  });
}

test.describe('at 1280×800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('a CMExam lesson link: the Chinese question wraps inside its box by CJK rules, nothing overflows, and a multi-answer item reveals every right letter', async ({
    page,
  }) => {
    await page.goto(`./?present=1&model=stories260K&suite=cmexam&items=${longest.id},${multi.id}`);
    const presenter = page.getByLabel('Presenter', { exact: true });
    const question = presenter.locator('.question');
    await expect(question).toHaveText(longest.question);

    const text = await layout(question);
    expect(text.lang).toBe('zh');
    expect(text.lineBreak).toBe('strict');
    expect(text.font).toContain('Noto Sans CJK SC');
    expect(text.lines, 'the question wraps onto several lines').toBeGreaterThan(2);
    expect(text.inside, 'every line inside the question box').toBe(true);
    expect(text.overflowsSideways).toBe(false);
    for (const [letter, option] of Object.entries(longest.options)) {
      const li = presenter.locator('.options li').filter({ hasText: `${letter}. ${option}` });
      const lines = await layout(li);
      expect(lines.inside && !lines.overflowsSideways, `option ${letter} inside its box`).toBe(true);
    }
    // Neither the presenter nor the page scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    expect(await presenter.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    await presenter.getByRole('button', { name: 'Show model' }).click();
    await expect(presenter.getByRole('meter', { name: /^TinyStories 260K \(test model\): / })).toHaveCount(
      Object.keys(longest.options).length,
      { timeout: 120_000 },
    );
    await presenter.getByRole('button', { name: 'Reveal answer' }).click();
    await expect(presenter.getByRole('status')).toContainText(`Answer: ${longest.answer} — ${longest.options[longest.answer]}`);
    // Five options and five bars: the question box, every option, the answer and the controls still share the screen.
    const parts: [string, Locator][] = [
      ['question box', question],
      ...Object.keys(longest.options).map((letter): [string, Locator] => [
        `option ${letter}`,
        presenter.locator('.options li').nth(letter.charCodeAt(0) - 65),
      ]),
      ['answer', presenter.getByRole('status').locator('p').first()],
      ['controls', presenter.getByRole('navigation', { name: 'Lesson' })],
    ];
    for (const [name, locator] of parts) expect(await onScreen(locator), `${name} on screen`).toBe(1);
    await page.screenshot({ path: test.info().outputPath('presenter-cjk-1280x800.png') });

    // The next item has several right answers: all of them are shown and marked, none alone is "the" answer.
    await page.keyboard.press('ArrowRight');
    await expect(question).toHaveText(multi.question);
    await page.keyboard.press('r');
    const letters = [...multi.answer];
    await expect(presenter.getByRole('status')).toContainText(
      `Answers: ${letters.join(', ')} — ${letters.map((l) => `${l}. ${multi.options[l]}`).join(' · ')}`,
    );
    await expect(presenter.locator('.options li.correct')).toHaveText(letters.map((l) => `${l}. ${multi.options[l]}`));
    await page.keyboard.press('m');
    await expect(presenter.getByText('Several answers are right here')).toBeVisible();

    await page.keyboard.press('ArrowRight');
    const rows = presenter.locator('.end tbody tr');
    await expect(rows.nth(1).locator('td').first()).toHaveText(`${multi.answer}several answers: not counted`);
  });
});
