import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configuredDriver } from '../harness/db.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { FakeTwilio, type FakeTwilioMessage } from '../../scripts/bench/fake-twilio.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

const soon = { timeout: 15_000, interval: 50 };
const QUESTION = /^\*Question 1 of 3\*\nWhich of these is a need\?/;

/**
 * Issue 11 item 3 on a real channel: a learner in the middle of a quiz sends a command, a
 * thank-you and a misspelt command through signed Twilio webhooks; after each reply the quiz
 * question comes again with its choices (the Content API buttons), and it is still answerable.
 */
describe(`A quiz question comes back after an interruption, through Twilio (${configuredDriver()})`, () => {
  let fake: FakeTwilio;
  let served: ServedRuntime;

  beforeAll(async () => {
    fake = await new FakeTwilio().start();
    served = await serveTestRuntime(() => twilioChannelConfig(fake));
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  /** The text a learner reads: the body, or the body of the buttons' or list's content. */
  const textOf = (message: FakeTwilioMessage): string =>
    message.body ??
    Object.values(fake.contents.get(message.contentSid ?? '')?.types ?? {}).find((t) => t.body)?.body ??
    '';
  const choicesOf = (message: FakeTwilioMessage) => {
    const types = fake.contents.get(message.contentSid ?? '')?.types ?? {};
    const quick = types['twilio/quick-reply'] as { actions?: { title: string }[] } | undefined;
    const list = types['twilio/list-picker'] as { items?: { item: string }[] } | undefined;
    return [...(quick?.actions ?? []).map((a) => a.title), ...(list?.items ?? []).map((i) => i.item)];
  };
  /** Sends one message and waits until the bot has sent `count` more, which it returns. */
  async function exchange(phone: string, text: string, count: number): Promise<FakeTwilioMessage[]> {
    const before = fake.sentTo(phone).length;
    fake.opened(phone);
    const response = await fake.post(`${served.base}/webhooks/twilio`, fake.inboundParams(phone, { text }));
    expect(response.status).toBe(200);
    return vi.waitFor(() => {
      const sent = fake.sentTo(phone).slice(before);
      expect(sent).toHaveLength(count);
      return sent;
    }, soon);
  }

  it('shows the pending question again, with its choices, after PROGRESS, thanks and a typo', async () => {
    const phone = '+254722000311';
    await exchange(phone, 'hi', 1);
    await exchange(phone, 'Amina', 1);
    await exchange(phone, 'English', 1);
    await exchange(phone, '1', 1); // Money basics
    await exchange(phone, '07:30', 1);
    await exchange(phone, 'yes', 1); // Nairobi, as the phone says
    const lesson = await exchange(phone, 'NEXT', 4);
    const question = lesson.at(-1)!;
    expect(textOf(question)).toMatch(QUESTION);
    const choices = choicesOf(question);
    expect(choices).toHaveLength(3);

    for (const [text, first] of [
      ['PROGRESS', /^📊 \*Your progress\*/],
      ['thanks', /^You're welcome, Amina!/],
      ['PROGRES', /^Did you mean PROGRESS\?/],
    ] as const) {
      const [reply, again] = await exchange(phone, text, 2);
      expect(textOf(reply!)).toMatch(first);
      expect(textOf(again!)).toMatch(QUESTION);
      expect(choicesOf(again!)).toEqual(choices);
    }

    const [feedback, next] = await exchange(phone, '1', 2);
    expect(textOf(feedback!)).toMatch(/^✅ Correct!/);
    expect(textOf(next!)).toMatch(/^\*Question 2 of 3\*/);
    expect(fake.rejected).toEqual([]);
  });
});
