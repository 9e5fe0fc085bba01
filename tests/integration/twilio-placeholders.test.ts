import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseTranscript } from '../../adapters/simulator/transcript-file.js';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { createFlowRegistry } from '../../flows/index.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { copyOfContent } from '../harness/content-copy.js';
import { configuredDriver } from '../harness/db.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

/** Test courses whose lesson and questions say {{name}} and {{name_suffix}}. */
const CONTENT = 'tests/fixtures/content-named';
const PHONE = '+254700000321';

/**
 * {{name}} in lesson text reaches WhatsApp filled in: a learner seeded as onboarding leaves them
 * (named Amina, in the test course) asks for the next lesson through a signed Twilio webhook,
 * and the fake Twilio receives the lesson with her name in it, no braces left.
 */
describe(`lesson text that says the learner's name, through Twilio (${configuredDriver()})`, () => {
  let fake: FakeTwilio;
  let served: ServedRuntime;
  // The server loads a whole content folder: the real messages and templates with the test courses.
  const dir = copyOfContent(`${CONTENT}/courses`);

  beforeAll(async () => {
    fake = await new FakeTwilio().start();
    served = await serveTestRuntime(() => twilioChannelConfig(fake), { contentDir: dir });
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the lesson and its question with {{name}} and {{name_suffix}} filled', async () => {
    const { given } = parseTranscript(
      `flow: lesson\ncontent: ${CONTENT}\ngiven:\n  name: Amina\n  course: greetings\n  lessonTime: '07:30'\nsteps:\n  - learner: NEXT\n`,
      'tests/conversations/lesson.twilio.yaml',
    );
    const { catalog } = served.runtime;
    const seeded = givenLearner(given!, PHONE, new Date(), catalog, createFlowRegistry({ catalog }));
    expect(seeded.problems).toEqual([]);
    await seedLearner(served.database.db, seeded.learner!);

    fake.opened(PHONE);
    const response = await fake.post(
      `${served.base}/webhooks/twilio`,
      fake.inboundParams(PHONE, { text: 'NEXT' }),
    );
    expect(response.status).toBe(200);
    // A question with buttons goes as a Content API quick reply: its body and titles are in the content.
    const bodies = () =>
      fake.sentTo(PHONE).flatMap((message) => {
        const types = message.contentSid ? fake.contents.get(message.contentSid)?.types : undefined;
        const quick = types?.['twilio/quick-reply'];
        return [
          message.body ?? '',
          quick?.body ?? '',
          ...(quick?.actions ?? []).map((action) => action.title),
        ];
      });
    await vi.waitFor(() =>
      expect(bodies()).toContain('People listen when you say their name, Amina. Try it today, Amina.'),
    );
    await vi.waitFor(() => expect(bodies().join('\n')).toContain('Whose name did this lesson say, Amina?'));
    expect(bodies()).toContain("Nobody's");
    expect(bodies().join('\n')).not.toContain('{{');
    expect(fake.rejected).toEqual([]);
  });
});
