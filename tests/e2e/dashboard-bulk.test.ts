import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkBatch } from '../../adapters/bulk/jobs.js';
import { ConsoleChannel } from '../../adapters/channels/console.js';
import { outboxStore } from '../../db/repositories/outbox.js';
import { usersRepository } from '../../db/repositories/users.js';
import { systemClock } from '../../engine/clock.js';
import { Sender } from '../../engine/sender.js';
import type { Database } from '../../db/client.js';
import {
  noChromium,
  startDashboardBrowser,
  WIDTHS,
  type DashboardBrowser,
} from '../harness/dashboard-browser.js';

/**
 * The campaign's job and the sender, in this process: the job queues the batch and the real
 * sender delivers it to the console channel, after the request has answered (as pg-boss would).
 */
function inProcessBulk(db: () => Database) {
  const running: Promise<unknown>[] = [];
  const channel = new ConsoleChannel();
  return {
    running,
    jobs: {
      async start(campaignId: number) {
        const sender = new Sender({
          store: outboxStore(db()),
          channels: { console: channel },
          clock: systemClock,
        });
        const batch = bulkBatch({
          db: db(),
          channel: 'console',
          messagesPerSecond: 80,
          clock: systemClock,
          logger: pino({ level: 'silent' }),
        });
        running.push(batch(campaignId).then(() => sender.drain({ releaseHeld: false })));
      },
    },
  };
}

describe.skipIf(noChromium)('bulk messages in chromium', () => {
  let browser: DashboardBrowser;
  const bulk = inProcessBulk(() => browser.test.database.db);

  beforeAll(async () => {
    browser = await startDashboardBrowser({ deps: { bulk: bulk.jobs } });
    const users = usersRepository(browser.test.database.db);
    for (const [phone, name, status] of [
      ['+254712600001', 'Amina Otieno', 'active'],
      ['+254712600002', 'Baraka Mwangi', 'active'],
      ['+254712600003', 'Chiku Wanjiru', 'opted_out'],
    ] as const) {
      const { id } = await users.create({ phone, name });
      await users.update(id, {
        status,
        learningState: { courses: ['money-basics'], course: 'money-basics' },
      });
    }
  });
  afterAll(async () => {
    await Promise.all(bulk.running);
    await browser?.close();
  });

  it('previews a segment, sends a bulk message and watches its progress reach done', async () => {
    for (const width of WIDTHS) {
      const page = await browser.openPage(width);
      await browser.signIn(page);
      await page.goto(`${browser.base}/admin/bulk`);
      await page.getByLabel('Course').selectOption('money-basics');
      await page.getByLabel('Message').fill(`Exams start Monday (${width}): revise a lesson a day.`);
      await page.getByRole('button', { name: 'Preview recipients' }).click();
      await page.getByRole('heading', { name: '3 learners in this segment' }).waitFor();
      await browser.shoot(page, 'bulk', width);

      await page.getByRole('button', { name: 'Send to 2 learners' }).click();
      await page.getByRole('heading', { name: /^Campaign #\d+$/ }).waitFor();
      // htmx polls the progress panel until every recipient has an outcome.
      await page.getByText('3 of 3 recipients have an outcome (100 %)').waitFor({ timeout: 15_000 });
      await expect.poll(() => page.locator('[data-figure="campaignStatus"]').textContent()).toBe('done');
      expect(await page.locator('[data-figure="sent"]').textContent()).toBe('2');
      expect(await page.getByRole('row', { name: /Chiku Wanjiru/ }).textContent()).toContain('opted out');
      await browser.shoot(page, 'bulk-campaign', width);
      await page.close();
    }
    expect(browser.complaints).toEqual([]);
  });

  it("changes a learner's preferences from the profile and says so", async () => {
    for (const width of WIDTHS) {
      const page = await browser.openPage(width);
      await browser.signIn(page);
      await page.goto(`${browser.base}/admin/learners?q=%2B254712600001`);
      await page.getByRole('link', { name: 'Amina Otieno' }).click();
      await page.getByRole('heading', { name: 'Preferences' }).waitFor();
      await page.getByLabel('Language').selectOption('sw');
      await page.getByLabel('Time zone').fill('Africa/Kampala');
      await page.getByLabel('Daily lesson time').fill('18:30');
      await page.getByRole('button', { name: 'Save preferences' }).click();
      await page.getByText('Preferences saved').waitFor();
      expect(await page.getByText('sw, Africa/Kampala').count()).toBe(1);
      await browser.shoot(page, 'learner-preferences', width);
      await page.close();
    }
    expect(browser.complaints).toEqual([]);
  });
});
