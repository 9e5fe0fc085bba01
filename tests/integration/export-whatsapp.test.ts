import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { outbox, users } from '../../db/schema/index.js';
import { configuredDriver, type TestDatabase } from '../harness/db.js';
import { type FetchedMedia } from '../../scripts/bench/fake-media.js';
import { FakeMeta } from '../harness/fake-meta.js';
import { metaChannelConfig, twilioChannelConfig } from '../harness/channel-config.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

const soon = { timeout: 15_000, interval: 50 };
const MB = 1024 * 1024;
const EXPORT_URL = /\/files\/[\w-]{43}\/learnloop-export-\d{4}-\d{2}-\d{2}\.pdf$/;

/** What the learner's phone gets: a PDF WhatsApp accepted, fetched again from the app's own URL. */
async function expectReadablePdf(url: string, downloaded: FetchedMedia | undefined, maxBytes: number) {
  expect(downloaded).toMatchObject({ status: 200, contentType: 'application/pdf' });
  expect(downloaded!.refused).toBeUndefined();
  expect(new TextDecoder().decode(downloaded!.bytes.slice(0, 5))).toBe('%PDF-');
  expect(downloaded!.bytes.byteLength).toBeLessThanOrEqual(maxBytes);
  const again = await fetch(url);
  expect(again.status).toBe(200);
  expect(again.headers.get('content-type')).toBe('application/pdf');
  expect(again.headers.get('content-disposition')).toMatch(
    /^attachment; filename="learnloop-export-.*\.pdf"/,
  );
}

async function outboxOf(database: TestDatabase, phone: string) {
  const [learner] = await database.db.select().from(users).where(eq(users.phone, phone));
  return database.db.select().from(outbox).where(eq(outbox.userId, learner!.id));
}

/**
 * EXPORT on a real channel: a signed webhook in, the real flows and export service, the outbox
 * and sender out to the fake provider, which downloads the document as WhatsApp would and fails
 * the message if WhatsApp would refuse its type or size (JSON, say).
 */
describe(`EXPORT reaches the learner through Twilio (${configuredDriver()})`, () => {
  let fake: FakeTwilio;
  let served: ServedRuntime;

  beforeAll(async () => {
    fake = await new FakeTwilio({ downloadMedia: true }).start();
    served = await serveTestRuntime(() => twilioChannelConfig(fake));
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  const says = (phone: string, text: string) =>
    fake.post(`${served.base}/webhooks/twilio`, fake.inboundParams(phone, { text }));

  it('sends a PDF document Twilio downloads and accepts, and no link to the raw JSON record', async () => {
    const phone = '+254722000101';
    expect((await says(phone, 'hi')).status).toBe(200);
    await vi.waitFor(() => expect(fake.sentTo(phone).length).toBeGreaterThan(0), soon);
    expect((await says(phone, 'EXPORT')).status).toBe(200);

    const document = await vi.waitFor(() => {
      const sent = fake.sentTo(phone).find((m) => m.mediaUrls.length > 0);
      expect(sent?.downloaded).toBeDefined();
      return sent!;
    }, soon);
    expect(document.mediaUrls).toEqual([expect.stringMatching(EXPORT_URL)]);
    expect(document.mediaUrls[0]!.startsWith(`${served.base}/files/`)).toBe(true);
    await expectReadablePdf(document.mediaUrls[0]!, document.downloaded![0], 16 * MB);

    // The raw record (flow snapshots and all) is the admin API's: no link to it in the chat.
    expect(fake.sentTo(phone).some((m) => /\.json|JSON/.test(m.body ?? ''))).toBe(false);
    expect(fake.rejected).toEqual([]);
    await vi.waitFor(async () => {
      const rows = await outboxOf(served.database, phone);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    }, soon);
  });
});

describe(`EXPORT reaches the learner through Meta's Cloud API (${configuredDriver()})`, () => {
  let fake: FakeMeta;
  let served: ServedRuntime;

  beforeAll(async () => {
    fake = await new FakeMeta({ downloadMedia: true }).start();
    served = await serveTestRuntime(() => metaChannelConfig(fake, 'verify-learnloop'));
    fake.webhookUrl = `${served.base}/webhooks/meta`;
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  it('sends a PDF document with its file name that the Graph API downloads and accepts', async () => {
    const phone = '+254722000202';
    expect((await fake.send(phone, { text: 'hi' })).response.status).toBe(200);
    await vi.waitFor(() => expect(fake.sentTo(phone).length).toBeGreaterThan(0), soon);
    expect((await fake.send(phone, { text: 'EXPORT' })).response.status).toBe(200);

    const document = await vi.waitFor(() => {
      const sent = fake.sentTo(phone).find((m) => m.type === 'document');
      expect(sent?.downloaded).toBeDefined();
      return sent!;
    }, soon);
    const { link, filename, caption } = document.request.document as {
      link: string;
      filename: string;
      caption: string;
    };
    expect(link).toMatch(EXPORT_URL);
    expect(filename).toMatch(/^learnloop-export-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(caption).toBe('Here is everything we store about you, as a PDF you can open on your phone.');
    await expectReadablePdf(link, document.downloaded, 100 * MB);

    const texts = fake.sentTo(phone).map((m) => (m.request.text?.body as string | undefined) ?? '');
    expect(texts.some((t) => /\.json|JSON/.test(t))).toBe(false);
    expect(fake.rejected).toEqual([]);
    await vi.waitFor(async () => {
      const rows = await outboxOf(served.database, phone);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    }, soon);
  });
});
