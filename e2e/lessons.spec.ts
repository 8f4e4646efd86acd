import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, loadBundledModel, test } from './fixtures';
import { medqaItems, type MedqaItem } from './medqaItems';

const first = medqaItems()[0]!;

test('deleting a lesson asks first, like every other delete: Cancel keeps it, OK deletes it', async ({ page }) => {
  await page.goto('./#/classroom');
  await page.getByLabel('Lesson title').fill('Keep me');
  await page.getByRole('button', { name: `Add ${first.id}` }).click();
  await page.getByRole('button', { name: 'Save lesson' }).click();
  const lessons = page.getByRole('list', { name: 'Lessons' }).getByRole('listitem');
  await expect(lessons).toHaveCount(1);

  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.getByRole('button', { name: 'Delete Keep me' }).click();
  await expect.poll(() => asked).toEqual(['Delete the lesson “Keep me” and its notes?']);
  await page.reload();
  await expect(lessons).toHaveCount(1);

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete Keep me' }).click();
  await expect(lessons).toHaveCount(0);
  await page.reload();
  await expect(page.getByText('No lessons yet')).toBeVisible();
});

const suiteFile = fileURLToPath(new URL('../examples/custom-suite.jsonl', import.meta.url));
const acute = JSON.parse(readFileSync(suiteFile, 'utf8').split('\n')[1]!) as MedqaItem;

/** Imports the example suite on the Benchmarks page and saves a one-question lesson on it. */
async function lessonOnImportedSuite(page: Page, title: string): Promise<void> {
  await page.goto('./#/bench');
  await page.getByLabel('Import suite file').setInputFiles(suiteFile);
  await expect(page.getByText(/Imported 3 items from custom-suite.jsonl/)).toBeVisible();
  await page.getByRole('link', { name: 'Classroom' }).click();
  await page.getByLabel('Lesson title').fill(title);
  await page.getByLabel('Suite').selectOption({ label: 'Example: acute care (imported)' });
  await page.getByRole('button', { name: `Add ${acute.id}` }).click();
  await page.getByRole('button', { name: 'Save lesson' }).click();
  await expect(page.getByText(`Saved “${title}” (1 question).`)).toBeVisible();
}

test('a lesson imported from a file, with its own questions, opens from its own Link on that device', async ({
  page,
  browser,
  baseURL,
}) => {
  await lessonOnImportedSuite(page, 'Acute care');
  const downloading = page.waitForEvent('download');
  await page
    .getByRole('list', { name: 'Lessons' })
    .getByRole('listitem')
    .filter({ hasText: 'Acute care' })
    .getByRole('button', { name: 'Export file', exact: true })
    .click();
  const file = (await (await downloading).path())!;

  // The classroom machine never imported the suite: only the lesson file.
  const origin = new URL(baseURL!).origin;
  const fresh = await browser.newContext({ serviceWorkers: 'block' });
  await fresh.route(
    (url) => !url.href.startsWith(origin),
    (route) => route.abort('blockedbyclient'),
  );
  const other = await fresh.newPage();
  await other.goto(`${baseURL}#/classroom`);
  await other.getByLabel('Import lesson file').setInputFiles(file);
  const lesson = other.getByRole('list', { name: 'Lessons' }).getByRole('listitem').filter({ hasText: 'Acute care' });
  await lesson.getByRole('button', { name: 'Link' }).click();
  await expect(lesson).toContainText('the link opens it on this device');
  const url = await lesson.getByLabel('Lesson link').inputValue();
  await other.goto(url);
  await expect(other.getByRole('dialog', { name: 'Presenter' }).locator('.question')).toHaveText(acute.question);
  await fresh.close();
});

test('deleting an imported suite names the lessons and runs that use it, and its lessons keep their questions', async ({ page }) => {
  test.setTimeout(240_000);
  await lessonOnImportedSuite(page, 'Night shift');
  await page.goto('./?model=stories260K#/bench');
  await loadBundledModel(page);
  await page.getByLabel('Suite', { exact: true }).selectOption({ label: 'Example: acute care (3 items) · imported' });
  await page.getByLabel('Items (0 = all)').first().fill('2');
  await page.getByRole('button', { name: 'Start run' }).first().click();
  await expect(page.getByRole('cell', { name: 'completed' }).first()).toBeVisible({ timeout: 120_000 });

  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.accept();
  });
  await page.getByRole('button', { name: 'Delete suite Example: acute care' }).click();
  await expect
    .poll(() => asked)
    .toEqual([
      'Delete the suite “Example: acute care”? The lesson “Night shift” keeps its questions, copied into the lesson. 1 run on it keeps its results.',
    ]);
  await expect(page.getByLabel('Suite', { exact: true })).not.toContainText('acute care');

  await page.getByRole('link', { name: 'Classroom' }).click();
  await page.getByRole('button', { name: 'Present Night shift' }).click();
  await expect(page.getByRole('dialog', { name: 'Presenter' }).locator('.question')).toHaveText(acute.question);
});
