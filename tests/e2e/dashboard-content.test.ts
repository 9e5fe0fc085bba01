import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../content/check.js';
import { contentAdmin } from '../../db/repositories/content-admin.js';
import { syncContent } from '../../db/repositories/content-sync.js';
import { loadCourses } from '../../db/repositories/content.js';
import { chamaLesson } from '../harness/content-fixtures.js';
import {
  noChromium,
  startDashboardBrowser,
  WIDTHS,
  type DashboardBrowser,
} from '../harness/dashboard-browser.js';

const LESSON = '/admin/content/money-basics/join-a-chama';

describe.skipIf(noChromium)('the dashboard content pages in chromium', () => {
  let browser: DashboardBrowser;

  beforeAll(async () => {
    browser = await startDashboardBrowser();
    const { db } = browser.test.database;
    await syncContent(db, await loadContent('content'));
    expect((await contentAdmin(db).createLesson('money-basics', chamaLesson)).ok).toBe(true);
  });
  afterAll(() => browser?.close());

  const storedMinutes = async () =>
    (await loadCourses(browser.test.database.db))
      .find((course) => course.slug === 'money-basics')!
      .lessons.find((lesson) => lesson.slug === 'join-a-chama')!.estimatedMinutes;

  it('edits a lesson with a schema error, reads the error beside the field, then fixes it', async () => {
    const page = await browser.openPage(1280);
    await browser.signIn(page);
    await page.getByRole('link', { name: 'Content', exact: true }).click();
    await page.getByRole('link', { name: 'Money basics: budgeting, saving and M-PESA safety' }).click();
    await page.getByRole('link', { name: 'Save together in a chama' }).click();
    await page.getByRole('heading', { name: 'Save together in a chama', level: 1 }).waitFor();

    const minutes = page.getByLabel('Minutes it takes');
    await minutes.fill('20');
    await page.getByLabel('Text (English)').fill('*Save together* 🤝\n\nA chama meets every month.');
    await page.getByRole('button', { name: 'Save the lesson' }).click();
    await page.getByRole('alert').getByText('Nothing was saved').waitFor();
    // The error is tied to the field (aria-describedby) and what was typed is still there.
    expect(await minutes.getAttribute('aria-invalid')).toBe('true');
    const described = (await minutes.getAttribute('aria-describedby'))!.split(' ');
    const error = page.locator(`#${described[1]}`);
    expect(await error.textContent()).toContain('estimatedMinutes must be a whole number from 1 to 15');
    expect(await page.getByLabel('Text (English)').inputValue()).toContain('A chama meets every month.');
    expect(await storedMinutes()).toBe(3);
    await browser.shoot(page, 'content-lesson-error', 1280);

    await minutes.fill('4');
    await page.getByRole('button', { name: 'Save the lesson' }).click();
    await page.getByText('Saved. Learners get the new text from their next lesson on.').waitFor();
    expect(await storedMinutes()).toBe(4);
    // The preview is the bot's rendering of the saved lesson.
    await page.locator('.bubble-text').getByText('A chama meets every month.').waitFor();
    // The refused form answers 400 (Chromium logs that status); nothing else may complain.
    expect(browser.complaints).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    browser.complaints.length = 0;
  });

  it('shows every content page at 390 and 1280 px without sideways overflow', async () => {
    for (const width of WIDTHS) {
      const page = await browser.openPage(width);
      await browser.signIn(page);
      for (const [name, path] of [
        ['content', '/admin/content'],
        ['content-course', '/admin/content/money-basics'],
        ['content-lesson', LESSON],
        ['content-file-lesson', '/admin/content/money-basics/make-a-budget'],
        ['content-question', `${LESSON}/questions/q1`],
      ] as const) {
        await page.goto(`${browser.base}${path}`);
        await page.locator('h1').waitFor();
        await browser.shoot(page, name, width);
      }
    }
    expect(browser.complaints).toEqual([]);
  });
});
