import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../adapters/auth/first-admin.js';
import { profileRepository } from '../../db/repositories/profile.js';
import { usersRepository } from '../../db/repositories/users.js';
import { inboundMessages, outbox } from '../../db/schema/index.js';
import { configuredDriver } from '../harness/db.js';
import { createTestApp, TEST_ADMIN, type TestApp } from '../harness/http-app.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const SHOTS = new URL('../../docs/dashboard/', import.meta.url);
const WIDTHS = [390, 1280] as const;

// Chromium comes from Debian (`apt-get install chromium`); CI installs it and sets CI=1, so there it must run.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('the dashboard in chromium', () => {
  let test: TestApp;
  let server: Server;
  let browser: Browser;
  let base: string;
  let amina: string;
  const contexts: BrowserContext[] = [];
  /** What the browser complained about (a CSP refusal, a script error): none is expected. */
  const complaints: string[] = [];

  const wrote = (userId: string, text: string) =>
    test.database.db.insert(inboundMessages).values({
      channel: 'twilio',
      providerId: `SM${Math.random().toString(36).slice(2)}`,
      userId,
      status: 'processed',
      event: { type: 'message', message: { kind: 'text', text } },
    });

  beforeAll(async () => {
    test = await createTestApp({ driver: configuredDriver(), extra: { dashboardLiveMs: 300 } });
    await ensureFirstAdmin(test.database.db, test.deps.config.admin);
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
    server = await new Promise<Server>((resolve) => {
      const started = serve({ fetch: test.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(started as Server),
      );
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    // The overview's EventSource keeps a connection open; close it so the server can stop.
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await test?.cleanup();
  });

  async function openPage(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (message) => {
      if (message.type() === 'error') complaints.push(message.text());
    });
    page.on('pageerror', (error) => complaints.push(error.message));
    return page;
  }

  async function signIn(page: Page) {
    await page.goto(`${base}/admin`);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  }

  /** Saves the page as docs/dashboard/<name>-<width>.png and checks nothing spills sideways. */
  async function shoot(page: Page, name: string, width: number) {
    await page.screenshot({ path: new URL(`${name}-${width}.png`, SHOTS).pathname, fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect({ name, width, overflow }).toEqual({ name, width, overflow: 0 });
  }

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
    expect(complaints).toEqual([]);
  });
});
