import type { Page } from '@playwright/test';
import { everyStore, expect as baseExpect, exportedText, loadBundledModel, setMaxTokens, storeRecords, test } from './fixtures';

// Loading the model and deriving keys (600,000 PBKDF2 rounds each) is slow on a shared 2-core machine.
test.describe.configure({ timeout: 180_000 });
const expect = baseExpect.configure({ timeout: 45_000 });

const PASSPHRASE = 'correct horse battery';

/** Every consultation and message as stored in IndexedDB, as JSON text. */
async function storedConsultations(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('bedside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['consultations', 'messages']);
          const consultations = tx.objectStore('consultations').getAll();
          const messages = tx.objectStore('messages').getAll();
          tx.oncomplete = () => {
            resolve(JSON.stringify([consultations.result, messages.result]));
            open.result.close();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

test('passphrase lock: on after a plain warning, locked after a reload, a wrong passphrase refused, the right one shows the text', async ({
  page,
}) => {
  await page.goto('./?model=stories260K');
  await setMaxTokens(page, 16);
  await loadBundledModel(page);
  await page.getByRole('textbox', { name: 'Message' }).fill('Quokka fever since Tuesday');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('article.message.assistant').last()).toHaveAttribute('data-status', 'complete');
  expect(await storedConsultations(page)).toContain('Quokka fever since Tuesday');

  await page.getByRole('link', { name: 'Data' }).click();
  await expect(page.getByText('If you forget this passphrase, nothing it locks can be recovered.')).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat passphrase').fill(PASSPHRASE);
  const turnOn = page.getByRole('button', { name: 'Turn on lock' });
  await expect(turnOn).toBeDisabled();
  await page.getByLabel('I understand that if I forget this passphrase, what it locks cannot be recovered').check();
  await turnOn.click();
  await expect(page.getByRole('status').filter({ hasText: 'encrypted and unlocked for this session' })).toBeVisible();
  expect(await storedConsultations(page)).not.toContain('Quokka');

  await page.reload();
  await page.getByRole('link', { name: 'Consult' }).click();
  await expect(page.getByText('1 consultation is locked with a passphrase.')).toBeVisible();
  await expect(page.getByText('Quokka')).toHaveCount(0);
  await page.getByLabel('Passphrase', { exact: true }).fill('wrong passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong passphrase. Nothing was unlocked or changed.');
  await expect(page.getByText('Quokka')).toHaveCount(0);

  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.locator('article.message.user')).toHaveText(/Quokka fever since Tuesday/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible();
  // The key lives in memory only: neither the passphrase nor any key is kept in web storage.
  expect(await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]))).not.toContain(PASSPHRASE);
});

function expectNoneOf(strings: readonly string[], text: string, where: string): void {
  for (const s of strings) expect(text, `${where} holds "${s}" in plain text`).not.toContain(s);
}

test('with the lock on, a side-by-side comparison, an arena vote and lesson notes lie sealed in every store and in the export, and open again with the passphrase', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const typed = {
    system: 'Answer like a wombat keeper',
    compared: 'Quokka rash after the hike',
    voted: 'Platypus bite on the ankle',
    title: 'Echidna ward round',
    note: 'Ask about the numbat in bed four',
  };
  await page.goto('./?model=stories260K#/compare');
  for (const n of [1, 2]) {
    await page.getByLabel(`Contestant ${n} max tokens`).fill('24');
    await page.getByLabel(`Contestant ${n} max tokens`).blur();
  }
  await page.getByLabel('Contestant 1 system prompt').fill(typed.system);
  await page.getByLabel('Contestant 1 system prompt').blur();
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill(typed.compared);
  await page.getByRole('button', { name: 'Send to all' }).click();
  const replies = page.locator('article.reply-column');
  await expect(replies).toHaveCount(2);
  for (const reply of await replies.all()) await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 300_000 });

  await page.getByRole('tab', { name: 'Arena' }).click();
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill(typed.voted);
  await page.getByRole('button', { name: 'Send to all' }).click();
  await expect(page.getByRole('button', { name: 'A is better' })).toBeEnabled({ timeout: 300_000 });
  await page.getByRole('button', { name: 'A is better' }).click();
  await expect(page.getByRole('table', { name: 'Ratings' })).toBeVisible();

  await page.getByRole('link', { name: 'Classroom' }).click();
  await page.getByLabel('Lesson title').fill(typed.title);
  await page.getByRole('button', { name: /^Add / }).first().click();
  await page.getByLabel('Note for question 1').fill(typed.note);
  await page.getByRole('button', { name: 'Save lesson' }).click();
  await expect(page.getByText(`Saved “${typed.title}” (1 question).`)).toBeVisible();

  // What the models wrote, as stored before the lock: long enough not to occur anywhere by chance.
  const comparisons = await storeRecords<{ turns: { replies: { content: string }[] }[] }>(page, 'comparisons');
  const votes = await storeRecords<{ replyA: string; replyB: string }>(page, 'votes');
  const written = [
    ...comparisons.flatMap((c) => c.turns.flatMap((t) => t.replies.map((r) => r.content))),
    ...votes.flatMap((v) => [v.replyA, v.replyB]),
  ].filter((text) => text.trim().length >= 16);
  expect(written.length, 'model replies long enough to look for').toBeGreaterThan(0);
  const secrets = [...Object.values(typed), ...written];
  expect(await everyStore(page)).toContain(typed.note);

  await page.getByRole('link', { name: 'Data' }).click();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat passphrase').fill(PASSPHRASE);
  await page.getByLabel(/I understand that if I forget this passphrase/).check();
  await page.getByRole('button', { name: 'Turn on lock' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'encrypted and unlocked for this session' })).toBeVisible();

  expectNoneOf(secrets, await everyStore(page), 'IndexedDB');
  expectNoneOf(secrets, await exportedText(page), 'The export');
  const covers = page.getByRole('list', { name: 'What the lock encrypts' });
  for (const what of ['Consultations', 'Side-by-side comparisons', 'Arena votes', 'Lessons', 'Benchmark answers'])
    await expect(covers).toContainText(what);

  // Locked after a reload: nothing of it on screen until the passphrase is typed, then all of it back.
  await page.reload();
  await page.getByRole('link', { name: 'Classroom' }).click();
  await expect(page.getByText('1 lesson is locked with a passphrase.')).toBeVisible();
  await expect(page.getByText(typed.title)).toHaveCount(0);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: `Edit ${typed.title}` }).click();
  await expect(page.getByLabel('Note for question 1')).toHaveValue(typed.note);
  await page.getByRole('link', { name: 'Compare' }).click();
  await page.getByText('Saved comparisons (1)').click();
  await page.getByRole('button', { name: typed.compared, exact: true }).click();
  await expect(page.getByRole('region', { name: 'Turn 1' })).toContainText(typed.compared);
  await expect(page.getByLabel('Contestant 1 system prompt')).toHaveValue(typed.system);
});
