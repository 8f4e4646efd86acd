import { expect, test } from './fixtures';
import { medqaItems } from './medqaItems';

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
