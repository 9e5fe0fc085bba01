import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../harness/http-app.js';
import { mountSimulator } from '../../adapters/http/routes/simulator.js';
import { startRuntime, type Runtime } from '../../adapters/runtime.js';
import { testDatabase } from '../harness/db.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The real runtime (engine, pg-boss, sender loop, console channel) on an in-memory PGlite. */
async function startSimulatorRuntime(): Promise<Runtime> {
  return startRuntime(testConfig(), pino({ level: 'silent' }), {
    database: await testDatabase('pglite'),
    bossSchema: `boss_sim_${randomBytes(4).toString('hex')}`,
    mount: mountSimulator,
  });
}

describe('the web simulator, in process', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startSimulatorRuntime();
  });
  afterAll(() => runtime.stop());

  it('serves the chat page with phone field, message list, input box and state panel', async () => {
    const response = await runtime.app.request('/simulator');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    for (const id of ['phone', 'messages', 'text', 'send', 'state-path', 'state-turn', 'list-picker'])
      expect(html).toContain(`id="${id}"`);
    expect(html).toContain('<script type="module" src="/simulator/assets/simulator.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves its CSS and JS with their content types, and the JS uses the console channel endpoints', async () => {
    const css = await runtime.app.request('/simulator/assets/simulator.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const js = await runtime.app.request('/simulator/assets/simulator.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const source = await js.text();
    for (const endpoint of ['/bot/console/stream', '/bot/console/messages', '/bot/console/state', 'buttonId'])
      expect(source).toContain(endpoint);
    const format = await runtime.app.request('/simulator/assets/whatsapp-format.js');
    expect(format.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await format.text()).toContain('export function renderWhatsApp');
  });

  it('GET /bot/console/state answers the learner state path and turn, known: false before the first message, 400 without a phone', async () => {
    expect((await runtime.app.request('/bot/console/state')).status).toBe(400);
    // A phone with no conversation is the page's usual first view: 200, not a 404 in the console.
    const unknown = await runtime.app.request('/bot/console/state?phone=%2B254700000077');
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ phone: '+254700000077', known: false });

    const post = (body: object) =>
      runtime.app.request('/bot/console/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ from: '+254700000077', text: 'hi' })).status).toBe(200);
    const state = await runtime.app.request('/bot/console/state?phone=0700000077');
    expect(await state.json()).toMatchObject({
      phone: '+254700000077',
      state: 'onboarding.askNameBoth',
      turn: 1,
      timezone: 'Africa/Nairobi',
      status: 'active',
      course: null,
      lesson: null,
    });
    await post({ from: '+254700000077', text: 'STOP' });
    expect(
      await (await runtime.app.request('/bot/console/state?phone=%2B254700000077')).json(),
    ).toMatchObject({ state: 'stopped', turn: 2, status: 'opted_out' });
  });
});

// Chromium comes from Debian (`apt-get install chromium`); CI installs it and sets CI=1, so there it must run.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('the web simulator in chromium', () => {
  let runtime: Runtime;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    runtime = await startSimulatorRuntime();
    server = await new Promise<Server>((resolve) => {
      const started = serve({ fetch: runtime.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(started as Server),
      );
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    // The page's EventSource keeps a connection open; close it so the server can stop.
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await runtime?.stop();
  });

  const bubble = (side: 'in' | 'out', text: string) => page.locator(`.bubble-${side}`, { hasText: text });
  const stateIs = (path: string) =>
    page.waitForFunction((expected) => document.getElementById('state-path')?.textContent === expected, path);

  async function type(text: string) {
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
  }

  it('chats through onboarding: hi, the welcome bubble, a name, buttons for language, course, time and zone, the state panel', async () => {
    // Nothing the page asks for on first load is missing (no favicon 404, no 404 for a new phone's state).
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${base}/simulator?phone=%2B254700000005`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForFunction(
      () => document.getElementById('state-path')?.textContent === 'no conversation yet',
    );
    expect(failed).toEqual([]);
    await type('hi');
    await bubble('out', 'hi').waitFor();
    await bubble('in', 'Welcome to LearnLoop').waitFor();
    await stateIs('onboarding.askNameBoth');
    await type('Amina');
    await bubble('in', 'Nice to meet you, Amina').waitFor();
    await page.locator('.reply-button', { hasText: 'English' }).click();
    await bubble('out', 'English').waitFor();
    await bubble('in', 'Which course').waitFor();
    // Course titles are longer than WhatsApp's 20-character buttons: the text lists them, the buttons carry numbers.
    await bubble('in', '1. Money basics').waitFor();
    await page.locator('.reply-button', { hasText: /^1$/ }).click();
    await page.locator('.reply-button', { hasText: 'Morning 07:30' }).click();
    await bubble('out', 'Morning 07:30').waitFor();
    await page.locator('.reply-button', { hasText: "Yes, that's right" }).click();
    await bubble('in', 'All set, Amina').waitFor();
    await stateIs('idle');
    expect(await page.locator('.bubble-in .time').first().textContent()).toMatch(/^\d\d:\d\d$/);
    expect(await page.textContent('#state-turn')).toBe('6');
    // The state panel names the course, the lesson to come and when the next timer fires, in Nairobi time.
    await page.locator('#state-course', { hasText: 'Money basics' }).waitFor();
    expect(await page.textContent('#state-lesson')).toBe('1 of 6: Needs or wants?');
    expect(await page.textContent('#state-timer')).toMatch(/^\w{3} \d{1,2} \w{3} 07:30 \(\w+/);
  });

  it('renders *bold*, _italic_, ~strike~ and ```monospace``` as WhatsApp does, HTML as text, and wraps a long link in the bubble', async () => {
    const phone = '+254700000005';
    const link = `https://example.org/${'very-long-path-segment-'.repeat(8)}end`;
    await runtime.channel.send(
      phone,
      { text: `*Save* _first_, ~spend~ \`\`\`*334#\`\`\` <b>raw</b> ${link} \`\`\`${'0'.repeat(120)}\`\`\`` },
      'sim-test-format',
    );
    const sent = bubble('in', 'raw');
    await sent.waitFor();
    expect(await sent.locator('strong').textContent()).toBe('Save');
    expect(await sent.locator('em').textContent()).toBe('first');
    expect(await sent.locator('s').textContent()).toBe('spend');
    expect(await sent.locator('pre').first().textContent()).toBe('*334#');
    expect(await sent.locator('b').count()).toBe(0);
    expect(await sent.locator('.text').textContent()).toContain('<b>raw</b>');
    expect(await sent.locator('a').getAttribute('href')).toBe(link);
    const fits = await sent.evaluate((node) => {
      const list = document.querySelector('.chat')!.getBoundingClientRect();
      const box = node.getBoundingClientRect();
      return box.right <= list.right && node.scrollWidth <= node.clientWidth;
    });
    expect(fits).toBe(true);
  });

  it('renders an image from media.url and a list picker whose row posts its id', async () => {
    const phone = '+254700000005';
    const pixel =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
    await runtime.channel.send(
      phone,
      { text: 'A picture', media: { type: 'image', url: pixel } },
      'sim-test-image',
    );
    await page.locator(`.bubble-in img.media[src="${pixel}"]`).waitFor();
    const list = {
      button: 'Topics',
      rows: [{ id: 'topic:fractions', title: 'Fractions', description: 'Halves and quarters' }],
    };
    await runtime.channel.send(phone, { text: 'Pick a topic', list }, 'sim-test-list');
    await bubble('in', 'Pick a topic').locator('.list-open').click();
    await page.locator('#list-picker .row', { hasText: 'Halves and quarters' }).click();
    await bubble('out', 'Fractions').waitFor();
    // The row id reached the engine as a reply: a learner between lessons gets the kind fallback.
    await bubble('in', "Sorry, I didn't understand that").waitFor();
    await stateIs('idle');
  });
});
