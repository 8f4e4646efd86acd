import type { Page } from '@playwright/test';
import { expect as baseExpect, loadBundledModel, setMaxTokens, test } from './fixtures';

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
  await expect(page.getByText('If you forget this passphrase, your consultations cannot be recovered.')).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat passphrase').fill(PASSPHRASE);
  const turnOn = page.getByRole('button', { name: 'Turn on lock' });
  await expect(turnOn).toBeDisabled();
  await page.getByLabel('I understand that if I forget this passphrase, my consultations cannot be recovered').check();
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
