import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseTranscript } from '../../adapters/simulator/transcript-file.js';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { createFlowRegistry } from '../../flows/index.js';
import { isQuiet } from '../../flows/learning/quiet-hours.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { copyOfContent } from '../harness/content-copy.js';
import { configuredDriver } from '../harness/db.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

const soon = { timeout: 20_000, interval: 50 };
const PHONE = '+254722000931';
const CODE = '[0-9A-HJKMNP-TV-Z]{10}';

/**
 * A certificate on a real channel: a learner finishes the small fixture course (tests/fixtures/
 * content, three lessons) through signed Twilio webhooks; the real engine, flows and certificate
 * service; the outbox and sender out to a fake Twilio that downloads each medium as WhatsApp
 * would (and refuses a wrong type or size). The link in the caption is then opened on the app.
 */
describe(`a finished course's certificate through Twilio (${configuredDriver()})`, () => {
  let twilio: FakeTwilio;
  let served: ServedRuntime;
  // This runtime runs on the wall clock: the learner lives where it is daytime now.
  const zone = ['Africa/Nairobi', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'].find(
    (z) => !isQuiet(new Date(), z) && !isQuiet(new Date(Date.now() + 300_000), z),
  )!;
  // The server loads a whole content folder: the real messages and templates with the test course.
  const dir = copyOfContent('tests/fixtures/content/courses');

  beforeAll(async () => {
    twilio = await new FakeTwilio({ downloadMedia: true }).start();
    served = await serveTestRuntime(() => twilioChannelConfig(twilio), {
      contentDir: dir,
    });
    const { given } = parseTranscript(
      `flow: lesson\ngiven:\n  name: Amina Wanjiku\n  timezone: ${zone}\n  course: water-basics\n  lessonTime: '07:30'\n  completed: [drink-water, safe-water]\nsteps:\n  - learner: NEXT\n`,
      'tests/conversations/lesson.certificate-twilio.yaml',
    );
    const { catalog } = served.runtime;
    const seeded = givenLearner(given!, PHONE, new Date(), catalog, createFlowRegistry({ catalog }));
    expect(seeded.problems).toEqual([]);
    await seedLearner(served.database.db, seeded.learner!);
  });
  afterAll(async () => {
    await served?.close();
    await twilio?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const says = async (params: Record<string, string>) => {
    twilio.opened(PHONE);
    const response = await twilio.post(`${served.base}/webhooks/twilio`, params);
    expect(response.status).toBe(200);
  };
  const sent = () => twilio.sentTo(PHONE);
  /** What the learner read: a question with buttons goes as a Content API quick reply, its text in the content. */
  const bodies = () =>
    sent().map((m) => {
      const types = Object.values((m.contentSid && twilio.contents.get(m.contentSid)?.types) || {});
      return m.body ?? types.find((t) => t.body)?.body ?? '';
    });
  // The certificate's files (badge pictures, PNGs too, may come with the same answer).
  const withMedia = (ending: string) =>
    sent().filter((m) => m.mediaUrls.some((url) => url.includes('/certificates/') && url.endsWith(ending)));

  it('the last quiz passed: the picture with its link and the PDF, both downloaded and accepted', async () => {
    await says(twilio.inboundParams(PHONE, { text: 'NEXT' }));
    await vi.waitFor(
      () => expect(bodies().some((b) => b.includes('An open bucket keeps water clean.'))).toBe(true),
      soon,
    );
    const answer = twilio.inboundParams(PHONE, { text: 'False' });
    await says(answer);

    const [image, document] = await vi.waitFor(() => {
      const pictures = withMedia('.png');
      const pdfs = withMedia('.pdf');
      expect(pictures[0]?.downloaded).toBeDefined();
      expect(pdfs[0]?.downloaded).toBeDefined();
      return [pictures[0]!, pdfs[0]!];
    }, soon);
    const link = new RegExp(`${served.base}/certificates/(${CODE})$`, 'm').exec(image.body ?? '');
    expect(link, image.body).not.toBeNull();
    const code = link![1]!;
    expect(image.body).toMatch(/^🎓 Your certificate for \*Water basics\*!/);
    expect(image.mediaUrls).toEqual([`${served.base}/certificates/${code}.png`]);
    expect(image.downloaded![0]).toMatchObject({ status: 200, contentType: 'image/png' });
    expect(image.downloaded![0]!.refused).toBeUndefined();
    expect(document.mediaUrls).toEqual([`${served.base}/certificates/${code}.pdf`]);
    expect(document.body).toBe('📄 Your certificate as a PDF, to keep or print.');
    expect(document.downloaded![0]).toMatchObject({ status: 200, contentType: 'application/pdf' });
    expect(new TextDecoder().decode(document.downloaded![0]!.bytes.slice(0, 5))).toBe('%PDF-');
    // After the course-end message, in that order; nothing about a default name (she gave hers).
    const read = bodies();
    const end = read.findIndex((b) => b.includes("You've finished every lesson of *Water basics*"));
    expect(end).toBeGreaterThanOrEqual(0);
    expect(read.indexOf(image.body!)).toBeGreaterThan(end);
    expect(read.indexOf(document.body!)).toBe(read.indexOf(image.body!) + 1);
    expect(read.some((b) => b.includes('NAME'))).toBe(false);
    expect(twilio.rejected).toEqual([]);

    // The link opens the page that verifies it, with its preview, and without her phone number.
    const page = await fetch(link![0]);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Valid certificate');
    expect(html).toContain('<dd>Amina Wanjiku</dd>');
    expect(html).toContain('<dd>Water basics</dd>');
    expect(html).toContain(`<meta property="og:image" content="${served.base}/certificates/${code}.png">`);
    expect(html).not.toContain(PHONE.slice(1));

    // Twilio retries the webhook of that answer: nothing is sent again.
    await says(answer);
    const before = sent().length;
    await says(twilio.inboundParams(PHONE, { text: 'CERTIFICATE' }));
    // CERTIFICATE sends the same certificate (same code): still one certificate for the course.
    await vi.waitFor(() => expect(withMedia('.pdf')).toHaveLength(2), soon);
    expect(withMedia('.png').map((m) => m.mediaUrls[0])).toEqual([image.mediaUrls[0], image.mediaUrls[0]]);
    expect(
      sent()
        .slice(before)
        .map((m) => m.mediaUrls[0]),
    ).toEqual([image.mediaUrls[0], document.mediaUrls[0]]);
    expect(twilio.rejected).toEqual([]);
  });
});
