import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseTranscript } from '../../adapters/simulator/transcript-file.js';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { createFlowRegistry } from '../../flows/index.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { metaChannelConfig, twilioChannelConfig } from '../harness/channel-config.js';
import { configuredDriver } from '../harness/db.js';
import { FakeMeta } from '../harness/fake-meta.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

const soon = { timeout: 15_000, interval: 50 };
const PICTURE_URL = /\/files\/[\w-]{43}\/progress-\d{4}-\d{2}-\d{2}\.png$/;
const CAPTION = /^📊 \*Your progress\*\n📚 Money basics: budgeting, saving and M-PESA safety: 1\/6\n/;

/** A learner as onboarding leaves them, one lesson done, seeded straight into the served database. */
async function seedAmina(served: ServedRuntime, phone: string) {
  const { given } = parseTranscript(
    "flow: lesson\ngiven:\n  name: Amina\n  course: money-basics\n  lessonTime: '07:30'\n  completed: [needs-and-wants]\nsteps:\n  - learner: PROGRESS\n",
    'tests/conversations/lesson.progress-twilio.yaml',
  );
  const { catalog } = served.runtime;
  const seeded = givenLearner(given!, phone, new Date(), catalog, createFlowRegistry({ catalog }));
  expect(seeded.problems).toEqual([]);
  await seedLearner(served.database.db, seeded.learner!);
}

/** A PNG the phone can show: fetched again from the app's own URL, 720 px wide. */
async function expectPicture(url: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(new DataView(bytes.buffer).getUint32(16)).toBe(720);
}

/**
 * PROGRESS on a real channel: a signed webhook in, the real flows and picture service, the
 * outbox and sender out to the fake provider, which downloads the image as WhatsApp would and
 * refuses it if WhatsApp would (type or size).
 */
describe(`PROGRESS sends a picture through Twilio (${configuredDriver()})`, () => {
  let fake: FakeTwilio;
  let served: ServedRuntime;
  const phone = '+254722000301';

  beforeAll(async () => {
    fake = await new FakeTwilio({ downloadMedia: true }).start();
    served = await serveTestRuntime(() => twilioChannelConfig(fake));
    await seedAmina(served, phone);
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  it('an image Twilio downloads and accepts, with the figures as its caption', async () => {
    fake.opened(phone);
    const response = await fake.post(
      `${served.base}/webhooks/twilio`,
      fake.inboundParams(phone, { text: 'PROGRESS' }),
    );
    expect(response.status).toBe(200);
    const picture = await vi.waitFor(() => {
      const sent = fake.sentTo(phone).find((m) => m.mediaUrls.length > 0);
      expect(sent?.downloaded).toBeDefined();
      return sent!;
    }, soon);
    expect(picture.mediaUrls).toEqual([expect.stringMatching(PICTURE_URL)]);
    expect(picture.body).toMatch(CAPTION);
    expect(picture.downloaded![0]).toMatchObject({ status: 200, contentType: 'image/png' });
    expect(picture.downloaded![0]!.refused).toBeUndefined();
    await expectPicture(picture.mediaUrls[0]!);
    expect(fake.sentTo(phone)).toHaveLength(1);
    expect(fake.rejected).toEqual([]);
  });
});

describe(`PROGRESS sends a picture through Meta's Cloud API (${configuredDriver()})`, () => {
  let fake: FakeMeta;
  let served: ServedRuntime;
  const phone = '+254722000302';

  beforeAll(async () => {
    fake = await new FakeMeta({ downloadMedia: true }).start();
    served = await serveTestRuntime(() => metaChannelConfig(fake, 'verify-learnloop'));
    fake.webhookUrl = `${served.base}/webhooks/meta`;
    await seedAmina(served, phone);
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  it('an image message with its caption that the Graph API downloads and accepts', async () => {
    expect((await fake.send(phone, { text: 'PROGRESS' })).response.status).toBe(200);
    const picture = await vi.waitFor(() => {
      const sent = fake.sentTo(phone).find((m) => m.type === 'image');
      expect(sent?.downloaded).toBeDefined();
      return sent!;
    }, soon);
    const { link, caption } = picture.request.image as { link: string; caption: string };
    expect(link).toMatch(PICTURE_URL);
    expect(caption).toMatch(CAPTION);
    expect(picture.downloaded).toMatchObject({ status: 200, contentType: 'image/png' });
    await expectPicture(link);
    expect(fake.rejected).toEqual([]);
  });
});
