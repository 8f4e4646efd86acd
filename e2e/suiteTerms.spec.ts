import { readFileSync } from 'node:fs';
import type { SuiteIndex, SuiteIndexEntry } from '../core/suite';
import { expect, test } from './fixtures';
import { suiteItems } from './medqaItems';

/** The shipped index as the app reads it: names, counts, licences and restrictions come from the data. */
const index = JSON.parse(readFileSync(new URL('../public/suites/index.json', import.meta.url), 'utf8')) as SuiteIndex;
const entry = (id: string): SuiteIndexEntry => index.suites.find((s) => s.id === id)!;
const inLanguage = (code: string) => index.suites.filter((s) => s.language === code);
const optionText = (s: SuiteIndexEntry) => `${s.name} (${s.count} items)`;

test('the Benchmarks page filters suites by language, and the picked suite shows its licence and use restriction', async ({ page }) => {
  await page.goto('./#/bench');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Start run', exact: true }) });
  const language = form.getByLabel('Language', { exact: true });
  const suite = form.getByLabel('Suite', { exact: true });
  await expect(suite.locator('option')).toHaveText(index.suites.map(optionText));
  await expect(language.locator('option')).toHaveText([
    'All languages',
    `English (en) · ${inLanguage('en').length}`,
    `Chinese (zh) · ${inLanguage('zh').length}`,
    `French (fr) · ${inLanguage('fr').length}`,
    `Spanish (es) · ${inLanguage('es').length}`,
  ]);

  await language.selectOption('zh');
  await expect(suite.locator('option')).toHaveText(inLanguage('zh').map(optionText));
  // The picked suite was English: the first Chinese one takes its place, with its terms.
  const cmexam = entry('cmexam');
  await expect(suite).toHaveValue('cmexam');
  const terms = page.getByRole('note', { name: `Terms of ${cmexam.name}` });
  await expect(terms).toContainText(`Licence: ${cmexam.licence}`);
  await expect(terms).toContainText(`Use restriction: ${cmexam.use_restriction}`);
  await expect(terms.getByRole('link', { name: 'licence text' })).toHaveAttribute('href', cmexam.licenceFile!);
  await expect(page.getByTestId('eligibility-note')).toContainText(
    `${cmexam.multiAnswer} of its ${cmexam.count} items have several correct answers`,
  );

  // CMMLU: non-commercial, and five-shot offered in a log-prob mode only.
  await suite.selectOption('cmmlu-medical');
  await expect(page.getByRole('note', { name: `Terms of ${entry('cmmlu-medical').name}` })).toContainText(
    `Use restriction: ${entry('cmmlu-medical').use_restriction}`,
  );
  await expect(form.getByLabel('Shots').locator('option')).toHaveText([
    'Zero-shot (default)',
    '5-shot (lm-eval, exemplars from the dev split)',
  ]);
  await form.getByLabel('Scoring mode', { exact: true }).selectOption('generative');
  await expect(form.getByLabel('Shots')).toHaveCount(0);

  await language.selectOption('es');
  const headqa = entry('headqa-es');
  await expect(suite.locator('option')).toHaveText([optionText(headqa)]);
  await expect(page.getByRole('note', { name: `Terms of ${headqa.name}` })).toContainText(`Use restriction: ${headqa.use_restriction}`);
  await expect(form.getByRole('checkbox', { name: `Include the ${headqa.imageItems} items that need a figure` })).not.toBeChecked();

  // A suite with no stated restriction says none.
  await language.selectOption('');
  await expect(suite.locator('option')).toHaveCount(index.suites.length);
  await suite.selectOption('medqa-usmle-4');
  await expect(page.getByRole('note', { name: `Terms of ${entry('medqa-usmle-4').name}` })).not.toContainText('Use restriction');
});

test('the lesson builder shows the picked suite’s licence and use restriction, marks questions with several answers, and hides those that need a figure', async ({
  page,
}) => {
  await page.goto('./#/classroom');
  const suite = page.getByLabel('Suite', { exact: true });
  const cmexam = entry('cmexam');
  await suite.selectOption('cmexam');
  await expect(page.getByRole('note', { name: `Terms of ${cmexam.name}` })).toContainText(`Use restriction: ${cmexam.use_restriction}`);

  const multi = suiteItems('cmexam').find((i) => i.answer.length > 1)!;
  const results = page.getByRole('list', { name: 'Matching questions' });
  await page.getByLabel('Search questions').fill(multi.id);
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.getByRole('listitem')).toContainText('several answers');
  await page.getByRole('checkbox', { name: `Hide the ${cmexam.multiAnswer} questions with several answers` }).check();
  await expect(results.getByRole('listitem')).toHaveCount(0);

  const headqa = entry('headqa-es');
  await suite.selectOption('headqa-es');
  await expect(page.getByRole('note', { name: `Terms of ${headqa.name}` })).toContainText(`Use restriction: ${headqa.use_restriction}`);
  // A figure item whose id is no other id's beginning, so searching for it finds it alone.
  const spanish = suiteItems('headqa-es');
  const figure = spanish.find((i) => i.image !== undefined && !spanish.some((o) => o.id !== i.id && o.id.startsWith(i.id)))!;
  await page.getByLabel('Search questions').fill(figure.id);
  const hide = page.getByRole('checkbox', { name: `Hide the ${headqa.imageItems} questions that need a figure` });
  await expect(hide).toBeChecked();
  await expect(results.getByRole('listitem')).toHaveCount(0);
  await hide.uncheck();
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.getByRole('listitem')).toContainText('needs a figure');
});
