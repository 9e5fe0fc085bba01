import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileRepository } from '../../db/repositories/profile.js';
import { usersRepository } from '../../db/repositories/users.js';
import { inboundMessages, outbox } from '../../db/schema/index.js';
import {
  noChromium,
  startDashboardBrowser,
  WIDTHS,
  type DashboardBrowser,
} from '../harness/dashboard-browser.js';
import type { TestApp } from '../harness/http-app.js';

describe.skipIf(noChromium)('the dashboard in chromium', () => {
  let browser: DashboardBrowser;
  let test: TestApp;
  let base: string;
  let amina: string;

  const wrote = (userId: string, text: string) =>
    test.database.db.insert(inboundMessages).values({
      channel: 'twilio',
      providerId: `SM${Math.random().toString(36).slice(2)}`,
      userId,
      status: 'processed',
      event: { type: 'message', message: { kind: 'text', text } },
    });

  beforeAll(async () => {
    browser = await startDashboardBrowser({ extra: { dashboardLiveMs: 300 } });
    ({ test, base } = browser);
    const users = usersRepository(test.database.db);
    amina = (await users.create({ phone: '+254712000011', name: 'Amina Otieno' })).id;
    await users.update(amina, { learningState: { courses: ['money-basics'], course: 'money-basics' } });
    const baraka = (await users.create({ phone: '+254712000022', name: 'Baraka Mwangi' })).id;
    await wrote(amina, 'Hi, my lesson did not come today');
    await test.database.db.insert(outbox).values({
      userId: amina,
      turn: 1,
      channel: 'twilio',
      recipient: '+254712000011',
      payload: { text: 'Lesson 2: Saving a little every day' },
      status: 'dead',
      lastError: 'Twilio 63016: outside the 24-hour window',
    });
    await wrote(baraka, 'START');
  });
  afterAll(() => browser?.close());

  const openPage = (width: number): Promise<Page> => browser.openPage(width);
  const signIn = (page: Page) => browser.signIn(page);
  const shoot = (page: Page, name: string, width: number) => browser.shoot(page, name, width);

  it('signs in, sees the overview update live, finds a learner by phone, opens the profile and pauses them', async () => {
    const page = await openPage(1280);
    await signIn(page);
    const activeToday = page.locator('[data-figure="activeDay"]');
    await expect.poll(() => activeToday.textContent()).toBe('2');

    // A learner writes: the figure changes without a reload (server-sent events).
    const chege = (await usersRepository(test.database.db).create({ phone: '+254712000033' })).id;
    await wrote(chege, 'habari');
    await expect.poll(() => activeToday.textContent(), { timeout: 10_000 }).toBe('3');

    await page.getByRole('link', { name: 'Learners' }).click();
    await page.getByLabel('Phone, name or username').fill('0712 000 011');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: '1 learner' }).waitFor();
    await page.getByRole('link', { name: 'Amina Otieno' }).click();
    await page.getByRole('heading', { name: 'Amina Otieno', level: 1 }).waitFor();
    // Why her last message failed is on the profile.
    await page.getByText('Twilio 63016: outside the 24-hour window').waitFor();

    await page.getByRole('button', { name: 'Pause lessons' }).click();
    await page
      .getByText('Paused: no lessons or reminders go to this learner until they are resumed.')
      .waitFor();
    expect((await profileRepository(test.database.db).find(amina))!.paused).toBe(true);
    await page.getByRole('button', { name: 'Resume lessons' }).waitFor();
  });

  it('every page fits 390 px and 1280 px wide (screenshots in docs/dashboard/), with no script or CSP errors', async () => {
    for (const width of WIDTHS) {
      const page = await openPage(width);
      await page.goto(`${base}/admin/login`);
      await shoot(page, 'login', width);
      await signIn(page);
      await shoot(page, 'overview', width);
      await page.goto(`${base}/admin/learners?q=${encodeURIComponent('+254 712 000 011')}`);
      await page.getByRole('heading', { name: '1 learner' }).waitFor();
      await shoot(page, 'learners', width);
      await page.goto(`${base}/admin/learners/${amina}`);
      await page.getByRole('heading', { name: 'Conversation, newest first' }).waitFor();
      await shoot(page, 'learner', width);
      // Keyboard: the skip link is the first stop and lands on the main content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    }
    expect(browser.complaints).toEqual([]);
  });
});
