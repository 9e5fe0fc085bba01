import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsConfig } from '../../adapters/config/alerts.js';
import { EnvReader } from '../../adapters/config/env.js';
import { errorTracker } from '../../adapters/errors-tracking/tracker.js';
import { trackErrors } from '../../adapters/errors-tracking/tracked-logger.js';
import { usersRepository } from '../../db/repositories/users.js';
import { outbox } from '../../db/schema/index.js';
import {
  noChromium,
  startDashboardBrowser,
  WIDTHS,
  type DashboardBrowser,
} from '../harness/dashboard-browser.js';

describe.skipIf(noChromium)('the system and audit pages in chromium', () => {
  let browser: DashboardBrowser;
  let amina: string;

  beforeAll(async () => {
    const alerts = { ...alertsConfig(new EnvReader({})), backlogAgeSeconds: 60 };
    browser = await startDashboardBrowser({ config: { alerts } });
    const db = browser.test.database.db;
    amina = (await usersRepository(db).create({ phone: '+254712000031', name: 'Amina Otieno' })).id;
    const message = { userId: amina, turn: 1, channel: 'twilio', recipient: '+254712000031' };
    await db.insert(outbox).values([
      { ...message, payload: { text: 'Lesson 3' } as never, createdAt: new Date(Date.now() - 15 * 60_000) },
      {
        ...message,
        payload: { text: 'Lesson 2' } as never,
        status: 'dead',
        lastError: 'Twilio 63016: outside the 24-hour window',
      },
    ]);
    const tracker = errorTracker({ db });
    const logger = trackErrors(browser.test.deps.logger, tracker).child({ part: 'sender' });
    logger.error({ err: new Error('Twilio answered 500 for outbox 41') }, 'send failed');
    logger.error({ err: new Error('Twilio answered 500 for outbox 42') }, 'send failed');
    await tracker.flush();
  });
  afterAll(() => browser?.close());

  it('shows the backlog alert on the overview and the system page, with the failure and the error group', async () => {
    for (const width of WIDTHS) {
      const page = await browser.openPage(width);
      await browser.signIn(page);
      const banner = page.getByRole('alert');
      await expect.poll(() => banner.textContent()).toContain('The oldest unsent message has waited');
      await page.getByRole('link', { name: 'See the system page' }).click();
      await page.getByRole('heading', { name: 'System', level: 1 }).waitFor();
      const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
      await expect.poll(() => row('Database').textContent()).toContain('up');
      await expect.poll(() => row('Oldest unsent message').textContent()).toContain('breached');
      await expect
        .poll(() => page.locator('main').textContent())
        .toContain('Twilio 63016: outside the 24-hour window');
      await expect
        .poll(() => row('Twilio answered').first().textContent())
        .toContain('Twilio answered <n> for outbox <n>');
      await browser.shoot(page, 'system', width);
      await page.getByRole('link', { name: 'Admin API reference' }).click();
      await page.getByRole('heading', { name: 'Admin API reference', level: 1 }).waitFor();
      await expect.poll(() => page.locator('main').textContent()).toContain('GET /admin/api/audit');
      await browser.shoot(page, 'api-reference', width);
      await page.context().close();
    }
  });

  it('pauses a learner, then finds that action in the audit log by admin and subject, with its diff', async () => {
    for (const width of WIDTHS) {
      const page = await browser.openPage(width);
      await browser.signIn(page);
      if (width === WIDTHS[0]) {
        await page.goto(`${browser.base}/admin/learners/${amina}`);
        await page.getByRole('button', { name: /^Pause/ }).click();
        await page.getByText('Paused: no lessons').waitFor();
      }
      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
      await page.getByLabel('Admin email contains').fill(browser.test.deps.config.admin!.email);
      await page.getByLabel('Action, subject or path contains').fill('paused');
      await page.getByLabel('Action, subject or path contains').press('Enter');
      await expect
        .poll(() => page.getByRole('heading', { level: 2, name: /entr/ }).textContent())
        .toBe('1 entry');
      const entry = page.getByRole('row', { name: /learner\.paused/ });
      await expect.poll(() => entry.textContent()).toContain('false → true');
      await page.getByRole('link', { name: `learner:${amina}` }).click();
      await expect.poll(() => page.getByLabel('Exact subject').inputValue()).toBe(`learner:${amina}`);
      // Last: Playwright's screenshot leaves style="" on inputs, which htmx would carry into the next page.
      await browser.shoot(page, 'audit', width);
      await page.context().close();
    }
    expect(browser.complaints).toEqual([]);
  });
});
