import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LearnerExport } from '../../db/repositories/learner-export.js';
import { simulate, type SimLearner, type Simulation } from '../../tests/harness/simulate.js';
import { keyMessages } from '../../tests/integration/fixtures/echo-flow.js';
import { createFileStore, type FileStore } from '../files/store.js';
import { journeyRegistry } from './fixtures/journey.js';
import { createServices } from './index.js';

const silent = { info() {}, warn() {}, error() {} };

/** The JSON file behind an export link, read the way GET /files/<token> serves it. */
async function download(files: FileStore, url: string) {
  const found = await files.get(url.split('/files/')[1]!);
  if (found.status !== 'found') throw new Error(`export file ${found.status}`);
  expect(found.file.contentType).toBe('application/json');
  return JSON.parse(new TextDecoder().decode(found.file.bytes)) as LearnerExport;
}

for (const driver of ['pglite', 'postgres'] as const) {
  describe(`EXPORT through the engine on ${driver}`, () => {
    let sim: Simulation;
    let files: FileStore;
    let amina: SimLearner;

    beforeAll(async () => {
      sim = await simulate({
        driver,
        start: '2026-03-02T07:30:00.000Z',
        registry: journeyRegistry(),
        messages: keyMessages,
        services: ({ database, clock, receive }) => {
          files = createFileStore(database.db, {
            publicBaseUrl: 'https://learn.example',
            now: () => clock.now(),
          });
          return createServices({ db: database.db, clock, files, receive, logger: silent });
        },
      });
      amina = sim.learner('+254711000002');
    });
    afterAll(async () => sim?.close());

    it('a learner who did a lesson and a quiz gets everything stored about them as a JSON document', async () => {
      await amina.says('hi');
      sim.clock.advance(5 * 60_000);
      await amina.says('LESSON');
      sim.clock.advance(60_000);
      await amina.says('QUIZ b');
      await amina.says('RATE 4');
      sim.clock.advance(60_000);
      await amina.says('EXPORT');

      const document = amina.lastMessage();
      expect(document).toMatchObject({
        text: 'export.ready',
        media: {
          type: 'document',
          url: expect.stringMatching(/^https:\/\/learn\.example\/files\//),
          caption: 'learnloop-export-2026-03-02.json',
        },
      });
      const data = await download(files, document!.media!.url);
      expect(data.format).toBe('learnloop.learner-export/1');
      expect(data.exportedAt).toBe('2026-03-02T07:37:00.000Z');
      expect(data.profile).toMatchObject({ phone: '+254711000002', language: 'en', status: 'active' });
      expect(data.progress.lessons).toEqual([
        expect.objectContaining({
          course: 'money-basics',
          lesson: 'save-first',
          startedAt: '2026-03-02T07:31:00.000Z',
          completedAt: '2026-03-02T07:35:00.000Z',
          secondsSpent: 240,
        }),
      ]);
      expect(data.progress.quizAttempts).toEqual([
        expect.objectContaining({
          attempt: 1,
          score: 1,
          total: 1,
          passed: true,
          answers: [{ question: 'q1', answer: 'b', correct: true }],
        }),
      ]);
      expect(data.progress.feedback).toEqual([
        expect.objectContaining({ rating: 4, comment: 'Clear and short' }),
      ]);
      // Every message the learner sent, and every reply with its delivery state.
      const sent = data.messages.inbound.map(
        (m) => (m.event as { message?: { text?: string } }).message?.text,
      );
      expect(sent).toEqual(['hi', 'LESSON', 'QUIZ b', 'RATE 4', 'EXPORT']);
      expect(data.messages.outbound.map((m) => (m.message as { text: string }).text)).toEqual(
        expect.arrayContaining(['echo.ready', 'lesson.done', 'quiz.scored']),
      );
      expect(data.messages.outbound.every((m) => m.status === 'sent')).toBe(true);
      expect(data.activity.map((a) => a.kind)).toEqual([
        'learner.message',
        'learner.message',
        'learner.message',
        'learner.message',
        'learner.message',
      ]);
      expect(JSON.stringify(data)).not.toContain('idempotencyKey');
    });

    it('the export is one per day: EXPORT again the same day sends nothing twice', async () => {
      const before = amina.replies().length;
      await amina.says('EXPORT');
      expect(amina.replies()).toHaveLength(before);
      await sim.advance('1d');
      await amina.says('EXPORT');
      expect(amina.lastMessage()?.media?.caption).toBe('learnloop-export-2026-03-03.json');
      const data = await download(files, amina.lastMessage()!.media!.url);
      // The first export's delivery is part of the second one.
      expect(data.activity.map((a) => a.kind)).toContain('system.exportReady');
    });
  });
}
