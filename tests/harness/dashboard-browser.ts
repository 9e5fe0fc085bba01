import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureFirstAdmin } from '../../adapters/auth/first-admin.js';
import { configuredDriver } from './db.js';
import { createTestApp, TEST_ADMIN, type TestApp, type TestAppOptions } from './http-app.js';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const SHOTS = new URL('../../docs/dashboard/', import.meta.url);
export const WIDTHS = [390, 1280] as const;

/** Chromium comes from Debian (`apt-get install chromium`); CI installs it and sets CI=1, so there it must run. */
export const noChromium = !existsSync(CHROMIUM) && !process.env.CI;

/** The app on a loopback port with its first admin, and Chromium to drive it. */
export interface DashboardBrowser {
  test: TestApp;
  base: string;
  /** What the browser complained about (a CSP refusal, a script error): none is expected. */
  complaints: string[];
  openPage(width: number): Promise<Page>;
  /** Signs in as the first admin (the owner) and waits for the overview. */
  signIn(page: Page): Promise<void>;
  /** Saves the page as docs/dashboard/<name>-<width>.png and checks nothing spills sideways. */
  shoot(page: Page, name: string, width: number): Promise<void>;
  close(): Promise<void>;
}

export async function startDashboardBrowser(
  options: Partial<TestAppOptions> = {},
): Promise<DashboardBrowser> {
  const test = await createTestApp({ driver: configuredDriver(), ...options });
  await ensureFirstAdmin(test.database.db, test.deps.config.admin);
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: test.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started as Server),
    );
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
  const complaints: string[] = [];

  return {
    test,
    base,
    complaints,
    async openPage(width) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('console', (message) => {
        if (message.type() === 'error') complaints.push(message.text());
      });
      page.on('pageerror', (error) => complaints.push(error.message));
      return page;
    },
    async signIn(page) {
      await page.goto(`${base}/admin`);
      await page.getByLabel('Email').fill(TEST_ADMIN.email);
      await page.getByLabel('Password').fill(TEST_ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    },
    async shoot(page, name, width) {
      await page.screenshot({ path: new URL(`${name}-${width}.png`, SHOTS).pathname, fullPage: true });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect({ name, width, overflow }).toEqual({ name, width, overflow: 0 });
    },
    async close() {
      await browser.close();
      // The overview's EventSource keeps a connection open; close it so the server can stop.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await test.cleanup();
    },
  };
}
