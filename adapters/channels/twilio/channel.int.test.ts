import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../../../scripts/bench/fake-twilio.js';
import { ChannelError, type OutboundMessage } from '../../../engine/ports.js';
import { MemoryCache } from '../../cache/memory.js';
import { loadTemplateCatalog } from '../templates.js';
import { TwilioChannel, type TwilioChannelOptions } from './channel.js';

const AMINA = '+254712345678';

describe('TwilioChannel against a fake Twilio', () => {
  let fake: FakeTwilio;
  let files: Server;
  let filesUrl = '';

  beforeAll(async () => {
    fake = await new FakeTwilio({
      maxPerSecond: 1000,
      approvedTemplates: ['HX00000000000000000000000000000004'],
      templateBodies: {
        HX00000000000000000000000000000004:
          'Habari {{1}}, maswali ya "{{2}}" yanakusubiri. Ni dakika mbili tu. Jibu OK ili kuendelea.',
      },
    }).start();
    // Media the product links to: a small PNG and a 6 MB "image" WhatsApp would refuse.
    files = createServer((req, res) => {
      const big = req.url?.includes('big');
      res.writeHead(200, {
        'content-type': 'image/png',
        'content-length': String(big ? 6 * 1024 * 1024 : 68),
      });
      res.end(req.method === 'HEAD' ? undefined : Buffer.alloc(big ? 6 * 1024 * 1024 : 68));
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await fake.stop();
    files.close();
  });

  const channel = (options: Partial<TwilioChannelOptions> = {}) =>
    new TwilioChannel({
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      apiBaseUrl: fake.url,
      from: 'whatsapp:+14155238886',
      statusCallbackUrl: 'https://learn.example.com/webhooks/twilio/status',
      templates: loadTemplateCatalog(),
      cache: new MemoryCache(),
      ...options,
    });

  it('sends text with the sender, recipient and status callback, returning the message SID', async () => {
    const { providerId } = await channel().send(AMINA, { text: 'Habari Amina' }, '1');
    expect(providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(fake.messages.at(-1)).toMatchObject({
      sid: providerId,
      to: `whatsapp:${AMINA}`,
      from: 'whatsapp:+14155238886',
      body: 'Habari Amina',
      statusCallback: 'https://learn.example.com/webhooks/twilio/status',
    });
  });

  it('creates quick replies once through the Content API and reuses the ContentSid', async () => {
    const twilio = channel();
    const message = {
      text: 'When should I send lessons?',
      buttons: [
        { id: '07:30', title: 'Morning' },
        { id: '12:30', title: 'Midday' },
      ],
    };
    const before = fake.contents.size;
    await twilio.send(AMINA, message, '2');
    await twilio.send(AMINA, message, '3');
    expect(fake.contents.size).toBe(before + 1);
    const [first, second] = fake.messages.slice(-2);
    expect(first!.contentSid).toBe(second!.contentSid);
    expect(fake.contents.get(first!.contentSid!)?.types['twilio/quick-reply']).toEqual({
      body: 'When should I send lessons?',
      actions: [
        { id: '07:30', title: 'Morning' },
        { id: '12:30', title: 'Midday' },
      ],
    });
  });

  it('is refused like Twilio refuses it when a message carries a fourth button or a 21-character title', async () => {
    const four = ['a', 'b', 'c', 'd'].map((id) => ({ id, title: `Option ${id}` }));
    const tooMany = channel().send(AMINA, { text: 'Pick one', buttons: four }, '10');
    await expect(tooMany).rejects.toMatchObject({
      retry: false,
      message: expect.stringMatching(/1 to 3 actions/),
    });
    const long = channel().send(AMINA, { text: 'Pick', buttons: [{ id: 'x', title: 'x'.repeat(21) }] }, '11');
    await expect(long).rejects.toMatchObject({ retry: false, message: expect.stringMatching(/at most 20/) });
  });

  it('falls back to numbered text when interactive content is off', async () => {
    await channel({ interactive: false }).send(
      AMINA,
      {
        text: 'Pick one',
        buttons: [
          { id: 'a', title: 'Save' },
          { id: 'b', title: 'Spend' },
        ],
      },
      '4',
    );
    expect(fake.messages.at(-1)?.body).toBe('Pick one\n\n1. Save\n2. Spend');
  });

  it('sends an approved template with its variables in the approved order', async () => {
    await channel().send(
      AMINA,
      {
        text: 'Your quiz is waiting',
        template: { name: 'quiz_reminder', language: 'sw', variables: { lesson: 'Bajeti', name: 'Amina' } },
      },
      '5',
      { asTemplate: true },
    );
    expect(fake.messages.at(-1)).toMatchObject({
      contentSid: 'HX00000000000000000000000000000004',
      contentVariables: { '1': 'Amina', '2': 'Bajeti' },
    });
    expect(fake.messages.at(-1)?.body).toBeUndefined();
  });

  it('sends media by URL after checking it, and refuses a file WhatsApp would reject, saying why', async () => {
    await channel().send(
      AMINA,
      { text: 'Your chart', media: { type: 'image', url: `${filesUrl}/chart.png` } },
      '6',
    );
    expect(fake.messages.at(-1)).toMatchObject({ mediaUrls: [`${filesUrl}/chart.png`], body: 'Your chart' });
    const refused = channel().send(
      AMINA,
      { text: '', media: { type: 'image', url: `${filesUrl}/big.png` } },
      '7',
    );
    await expect(refused).rejects.toMatchObject({ retry: false, message: expect.stringMatching(/5 MB/) });
  });

  it('maps Twilio errors: too long is final, 429 is worth a retry', async () => {
    const tooLong = channel().send(AMINA, { text: 'x'.repeat(1601) }, '8');
    await expect(tooLong).rejects.toBeInstanceOf(ChannelError);
    await expect(tooLong).rejects.toMatchObject({ retry: false, code: '21617' });

    const busy = await new FakeTwilio({ maxPerSecond: 1 }).start();
    try {
      const twilio = new TwilioChannel({
        accountSid: busy.accountSid,
        authToken: busy.authToken,
        apiBaseUrl: busy.url,
        from: 'whatsapp:+14155238886',
        statusCallbackUrl: 'https://learn.example.com/s',
        templates: loadTemplateCatalog(),
        cache: new MemoryCache(),
      });
      const results = await Promise.allSettled(
        [1, 2, 3].map((n) => twilio.send(AMINA, { text: `n${n}` }, `${n}`)),
      );
      const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(rejected.length).toBeGreaterThan(0);
      expect(rejected[0]!.reason).toMatchObject({ retry: true, code: '20429' });
    } finally {
      await busy.stop();
    }
  });

  it('refuses a send outside the window when the message has no template', async () => {
    const send = channel().send(AMINA, { text: 'free-form' }, '9', { asTemplate: true });
    await expect(send).rejects.toMatchObject({ retry: false, code: '63016' });
  });

  describe('after a crash mid-send, finds what Twilio already accepted', () => {
    const BARAKA = '+254722000111';
    const query = (message: OutboundMessage, since: Date, asTemplate = false) => ({
      key: '7',
      to: BARAKA,
      message,
      asTemplate,
      since,
    });

    it('finds a text, a quick-reply and a template message by their body, and nothing that was never sent', async () => {
      const since = new Date(Date.now() - 1000);
      const twilio = channel();
      const text = await twilio.send(BARAKA, { text: 'You said: m3' }, '7');
      const buttons = { text: 'Ready?', buttons: [{ id: 'go', title: 'Start lesson' }] };
      const quick = await twilio.send(BARAKA, buttons, '8');
      const reminder: OutboundMessage = {
        text: 'free-form reminder',
        template: { name: 'quiz_reminder', language: 'sw', variables: { name: 'Baraka', lesson: 'Akiba' } },
      };
      const template = await twilio.send(BARAKA, reminder, '9', { asTemplate: true });

      expect(await twilio.findSent(query({ text: 'You said: m3' }, since))).toBe(text.providerId);
      expect(await twilio.findSent(query(buttons, since))).toBe(quick.providerId);
      expect(await twilio.findSent(query(reminder, since, true))).toBe(template.providerId);
      expect(await twilio.findSent(query({ text: 'You said: m4' }, since))).toBeNull();
    });

    it('does not take an identical message sent before the row was handed over for this one', async () => {
      const twilio = channel();
      await twilio.send(BARAKA, { text: 'OK, see you tomorrow' }, '10');
      const later = new Date(Date.now() + 5000);
      expect(await twilio.findSent(query({ text: 'OK, see you tomorrow' }, later))).toBeNull();
    });
  });

  it('tells a refused connection (never sent) from a dropped one (maybe sent)', async () => {
    const dropping = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    const dropUrl = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}`;
    const dropped = await channel({ apiBaseUrl: dropUrl })
      .send(AMINA, { text: 'hi' }, '1')
      .catch((e: unknown) => e);
    await new Promise<void>((resolve) => dropping.close(() => resolve()));
    const refused = await channel({ apiBaseUrl: dropUrl })
      .send(AMINA, { text: 'hi' }, '1')
      .catch((e: unknown) => e);
    expect(dropped).toMatchObject({ retry: true, uncertain: true });
    expect(refused).toMatchObject({ retry: true, uncertain: false });
  });
});
