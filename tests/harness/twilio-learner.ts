import { expect, vi } from 'vitest';
import type { FakeTwilio } from '../../scripts/bench/fake-twilio.js';

/** What a learner sends: a text, or a tapped button or list row as FakeTwilio#inboundParams takes it. */
export type LearnerMessage = string | Parameters<FakeTwilio['inboundParams']>[1];

const soon = { timeout: 20_000, interval: 50 };

/**
 * Learners on WhatsApp through a fake Twilio, for end-to-end tests: `says` posts a signed inbound
 * webhook (`fake` and `base` are read when called, so they may be set in a beforeAll; opening their 24-hour window first, as WhatsApp does when they write); `bodies` is the
 * text of every message they got (a message with buttons or a list goes as a Content API template,
 * so its text is the template's body); `reply` sends and waits for the first new message matching `expected`.
 */
export function twilioLearners(fake: () => FakeTwilio, base: () => string) {
  const says = async (phone: string, message: LearnerMessage) => {
    const twilio = fake();
    twilio.opened(phone);
    const params = twilio.inboundParams(phone, typeof message === 'string' ? { text: message } : message);
    const res = await twilio.post(`${base()}/webhooks/twilio`, params);
    expect(res.status).toBe(200);
  };
  const bodies = (phone: string) =>
    fake()
      .sentTo(phone)
      .map((m) => {
        const content = m.contentSid ? fake().contents.get(m.contentSid) : undefined;
        return m.body ?? Object.values(content?.types ?? {}).find((t) => t.body)?.body ?? '';
      });
  const reply = async (phone: string, message: LearnerMessage, expected: RegExp) => {
    const before = bodies(phone).length;
    await says(phone, message);
    return vi.waitFor(() => {
      const found = bodies(phone)
        .slice(before)
        .find((body) => expected.test(body));
      expect(found).toBeDefined();
      return found!;
    }, soon);
  };
  return { says, bodies, reply };
}
