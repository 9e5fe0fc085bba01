import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { users } from '../../db/schema/index.js';
import { configuredDriver } from '../harness/db.js';
import { metaChannelConfig, twilioChannelConfig } from '../harness/channel-config.js';
import { FakeMeta } from '../harness/fake-meta.js';
import { shownOnMeta } from '../harness/meta-screen.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';
import { FakeTwilio, type ShownMessage } from '../../scripts/bench/fake-twilio.js';

const soon = { timeout: 15_000, interval: 25 };
/** A badge's celebration (flows/badges.ts), in either language. */
const BADGE = /^\S+ \*(New badge|Beji mpya): /u;
type Choice = ShownMessage['choices'][number];

/** The learner's side of one provider: what they send, and every bot message as their phone shows it. */
interface Phone {
  send(content: { text: string } | { tap: Choice; kind: ShownMessage['kind'] }): Promise<void>;
  screen(): ShownMessage[];
}

const LABEL = /^(?:[1-9]|10|[A-J])$/;

/** The options the text lists ("1. Rent for your house"), by label. */
function listedOptions(message: ShownMessage): Map<string, string> {
  const lines = message.text.split('\n').map((line) => /^([1-9]|10|[A-J])\. (.+)$/.exec(line.trim()));
  return new Map(lines.filter((m) => m !== null).map((m) => [m[1]!, m[2]!]));
}

/**
 * Every choice can be read whole by someone who sees only the phone: its title is not cut, or it
 * is a label the text lists in full, or (in a list) its description holds the whole text.
 */
function expectReadable(message: ShownMessage): void {
  const listed = listedOptions(message);
  for (const choice of message.choices) {
    const where = `"${choice.title}" in ${JSON.stringify(message.text.slice(0, 60))}`;
    if (LABEL.test(choice.title) && listed.has(choice.title)) {
      expect(listed.get(choice.title), where).not.toMatch(/…$/);
      expect(
        message.text.split(`${choice.title}. ${listed.get(choice.title)}`),
        `${where} listed once`,
      ).toHaveLength(2);
      continue;
    }
    if (!choice.title.endsWith('…')) continue;
    expect(message.kind, `${where}: a button is cut`).toBe('list');
    expect(choice.description, `${where}: its description`).toBeDefined();
    expect(choice.description!.endsWith('…'), `${where}: its description is cut`).toBe(false);
    expect(choice.description!.startsWith(choice.title.slice(0, -1).trim())).toBe(true);
  }
}

/** The whole text of the option a label stands for, as the learner reads it in the message. */
function optionText(message: ShownMessage, label: string): string {
  const text = listedOptions(message).get(label);
  expect(text, `option ${label} in ${message.text}`).toBeDefined();
  return text!;
}

function journey(phone: () => Phone, database: () => ServedRuntime['database'], address: string) {
  let seen = 0;
  /** Sends, waits for the bot's last message (a celebration aside) to match, checks every new message is readable. */
  async function exchange(content: Parameters<Phone['send']>[0], expected: RegExp): Promise<ShownMessage> {
    const before = phone().screen().length;
    await phone().send(content);
    const last = await vi.waitFor(() => {
      const shown = phone().screen();
      expect(shown.length, `a reply to ${JSON.stringify(content)}`).toBeGreaterThan(before);
      const texts = shown.slice(seen).map((m) => `${m.text} [${m.choices.map((c) => c.title).join('|')}]`);
      // A badge's celebration (flows/badges.ts) may follow a quiz's result: the reply is the message before it.
      const last = shown.slice(before).findLast((m) => !BADGE.test(m.text));
      expect(last?.text, `after ${JSON.stringify(content)}: ${texts.join('\n---\n')}`).toMatch(expected);
      return last!;
    }, soon);
    const fresh = phone().screen().slice(seen);
    seen = phone().screen().length;
    fresh.forEach(expectReadable);
    return last;
  }
  const says = (text: string, expected: RegExp) => exchange({ text }, expected);
  /** Taps the button or row the phone shows with this title. */
  const taps = (message: ShownMessage, title: string, expected: RegExp) => {
    const choice = message.choices.find((c) => c.title === title);
    expect(choice, `[${title}] among ${message.choices.map((c) => c.title).join(' | ')}`).toBeDefined();
    return exchange({ tap: choice!, kind: message.kind }, expected);
  };
  /** The label of the listed option that contains `words`. */
  const labelOf = (message: ShownMessage, words: string) =>
    [...listedOptions(message)].find(([, text]) => text.includes(words))?.[0] ?? '?';

  /** Answers every question of a quiz or review as shown, each choice one way in turn, until `end`. */
  async function answerAll(first: ShownMessage, question: RegExp, end: RegExp): Promise<ShownMessage> {
    let message = first;
    for (let n = 0; question.test(message.text); n++) {
      const next = new RegExp(`${question.source}|${end.source}`);
      const listed = [...listedOptions(message).keys()];
      // Typed answers: "1" for a several-answer question (its options are numbered), else a number.
      if (message.choices.length === 0) message = await says(listed[0] ?? '1500', next);
      else if (n % 3 === 0) message = await taps(message, message.choices[0]!.title, next);
      else if (n % 3 === 1) message = await says(message.choices.at(-1)!.title, next);
      else {
        const label = message.choices[0]!.title;
        message = await says(LABEL.test(label) ? optionText(message, label) : label, next);
      }
    }
    expect(message.text).toMatch(end);
    return message;
  }

  it('onboards: language, course, time and zone, each answered as the phone shows them', async () => {
    await says('hi', /What should I call you\?/);
    const language = await says('Amina', /Which language/);
    const course = await taps(language, 'English', /Which course/);
    expect(course.choices.map((c) => c.title)).toEqual(['1', '2', '3']);
    expect(optionText(course, '1')).toBe('Money basics: budgeting, saving and M-PESA safety');
    const time = await says('1', /What time of day/);
    const zone = await taps(time, 'Morning 07:30', /Is that right\?/);
    await taps(zone, "Yes, that's right", /All set, Amina!/);
  });

  it('takes a quiz whose long options arrive labelled: by full text, by a tapped label, retrying a failed one', async () => {
    const q1 = await says('NEXT', /Question 1 of 3/);
    expect(q1.choices.map((c) => c.title)).toEqual(['1', '2', '3']);
    const q2 = await says(optionText(q1, labelOf(q1, 'Rent')), /Question 2 of 3/);
    await taps(q2, 'True', /Question 3 of 3/);
    const failed = await says('KSh 1,500', /To pass you need 70%/);
    expect(failed.choices.map((c) => c.title)).toEqual(['Try again', 'Next lesson', 'Later']);
    const again = await taps(failed, failed.choices[0]!.title, /Question 1 of 3/);
    const second = await taps(again, labelOf(again, 'Rent'), /Question 2 of 3/);
    await taps(second, 'False', /Question 3 of 3/);
    await says('1500', /Quiz done: 3 out of 3/);
  });

  it('reviews the due questions, every choice readable', async () => {
    const [learner] = await database().db.select().from(users).where(eq(users.phone, address));
    const state = learner!.learningState as { cards: { due: string }[] };
    expect(state.cards.length).toBeGreaterThan(0);
    const due = {
      ...state,
      cards: state.cards.map((card) => ({ ...card, due: '2020-01-01T00:00:00.000Z' })),
    };
    await database().db.update(users).set({ learningState: due }).where(eq(users.id, learner!.id));
    const first = await says('REVIEW', /Review 1 of \d/);
    await answerAll(first, /Review \d+ of \d+/, /Review done/);
  });

  it('rates the lesson from MENU, picks a course from COURSES and switches LANGUAGE', async () => {
    const menu = await says('MENU', /What would you like to do\?/);
    const rating = await taps(menu, "Rate today's lesson", /How useful was today's lesson\?/);
    expect(rating.kind).toBe('list');
    await taps(rating, '4 · Useful', /Anything you would like to add\?/);
    await says('SKIP', /Thank you for rating/);

    const courses = await says('COURSES', /Our courses/);
    await taps(courses, labelOf(courses, 'Staying safe'), /You're now learning \*Staying safe online/);

    const languages = await says('LANGUAGE', /Which language would you like\?/);
    await taps(languages, 'Kiswahili', /Nitaandika kwa Kiswahili/);
  });

  it('takes a Kiswahili quiz the same way', async () => {
    const first = await says('SOMO', /Swali la 1 kati ya/);
    await answerAll(first, /Swali la \d+ kati ya \d+/, /Maswali yamekwisha/);
  });
}

describe(`every prompt with choices answered as WhatsApp shows it, through Twilio (${configuredDriver()})`, () => {
  let fake: FakeTwilio;
  let served: ServedRuntime;
  const address = '+254733000111';

  beforeAll(async () => {
    fake = await new FakeTwilio().start();
    served = await serveTestRuntime(() => twilioChannelConfig(fake));
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  journey(
    () => ({
      async send(content) {
        fake.opened(address);
        const message =
          'text' in content
            ? content
            : content.kind === 'list'
              ? { list: content.tap.id, title: content.tap.title }
              : { button: content.tap.id, title: content.tap.title };
        const response = await fake.post(
          `${served.base}/webhooks/twilio`,
          fake.inboundParams(address, message),
        );
        expect(response.status).toBe(200);
      },
      screen: () => fake.sentTo(address).map((m) => fake.shown(m)),
    }),
    () => served.database,
    address,
  );
});

describe(`every prompt with choices answered as WhatsApp shows it, through Meta (${configuredDriver()})`, () => {
  let fake: FakeMeta;
  let served: ServedRuntime;
  const address = '+254733000222';

  beforeAll(async () => {
    fake = await new FakeMeta().start();
    served = await serveTestRuntime(() => metaChannelConfig(fake, 'verify'));
    fake.webhookUrl = `${served.base}/webhooks/meta`;
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  journey(
    () => ({
      async send(content) {
        const message =
          'text' in content
            ? content
            : content.kind === 'list'
              ? { list: content.tap.id, title: content.tap.title }
              : { button: content.tap.id, title: content.tap.title };
        const { response } = await fake.send(address, message);
        expect(response.status).toBe(200);
      },
      screen: () => fake.sentTo(address).map(shownOnMeta),
    }),
    () => served.database,
    address,
  );
});
