import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../tests/harness/db.js';
import { exportFile, learnerExport, type LearnerExport } from '../../db/repositories/learner-export.js';
import { usersRepository } from '../../db/repositories/users.js';
import { generatedFiles } from '../../db/schema/files.js';
import { simulate, type SimLearner, type Simulation } from '../../tests/harness/simulate.js';
import { keyMessages } from '../../tests/integration/fixtures/echo-flow.js';
import { createFileStore, type FileStore } from '../files/store.js';
import { journeyRegistry } from '../../tests/harness/journey-flow.js';
import { createServices, type EngineServices } from './index.js';

const silent = { info() {}, warn() {}, error() {} };

/** The file behind an export link, read the way GET /files/<token>/<name> serves it. */
async function fetchFile(files: FileStore, url: string) {
  const found = await files.get(/\/files\/([^/]+)/.exec(url)![1]!);
  if (found.status !== 'found') throw new Error(`export file ${found.status}`);
  return found.file;
}

/** The complete record as the admin API serves it (the chat gets the PDF only: no flow snapshots there). */
async function record(sim: Simulation, learner: SimLearner): Promise<LearnerExport> {
  const document = await learnerExport(
    sim.database.db,
    (await sim.userIdOf(learner.phone))!,
    sim.clock.now(),
  );
  return JSON.parse(new TextDecoder().decode(exportFile(document!).bytes)) as LearnerExport;
}

forEachDatabase((driver) => {
  describe(`EXPORT through the engine on ${driver}`, () => {
    let sim: Simulation;
    let files: FileStore;
    let amina: SimLearner;
    /** Set by a test: the file store fails the way a full disk or a lost connection would. */
    let storeFails = false;
    let services: EngineServices;

    beforeAll(async () => {
      sim = await simulate({
        driver,
        start: '2026-03-02T07:30:00.000Z',
        registry: journeyRegistry(),
        messages: keyMessages,
        services: ({ database, clock, receive }) => {
          const store = createFileStore(database.db, {
            publicBaseUrl: 'https://learn.example',
            now: () => clock.now(),
          });
          files = {
            ...store,
            put: (file) => (storeFails ? Promise.reject(new Error('disk full')) : store.put(file)),
          };
          services = createServices({ db: database.db, clock, files, receive, logger: silent });
          return services;
        },
      });
      amina = sim.learner('+254711000002');
    });
    afterAll(async () => sim?.close());

    it('a learner who did a lesson and a quiz gets a PDF to read, and no link to the raw record', async () => {
      await amina.says('hi');
      sim.clock.advance(5 * 60_000);
      await amina.says('LESSON');
      sim.clock.advance(60_000);
      await amina.says('QUIZ b');
      await amina.says('RATE 4');
      sim.clock.advance(60_000);
      await amina.says('EXPORT');

      const document = amina.replies().at(-1)?.message;
      expect(document).toMatchObject({
        text: 'export.ready',
        media: {
          type: 'document',
          url: expect.stringMatching(
            /^https:\/\/learn\.example\/files\/[\w-]{43}\/learnloop-export-2026-03-02\.pdf$/,
          ),
          caption: 'learnloop-export-2026-03-02.pdf',
        },
      });
      const pdf = await fetchFile(files, document!.media!.url);
      expect(pdf.contentType).toBe('application/pdf');
      expect(new TextDecoder().decode(pdf.bytes.slice(0, 5))).toBe('%PDF-');
      expect(amina.replies().some((r) => /\.json|snapshot/.test(r.message.text))).toBe(false);
      const data = await record(sim, amina);
      expect(data.format).toBe('learnloop.learner-export/2');
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
      const sent = data.messages.inbound.flatMap((m) => {
        const text = (m.event as { message?: { text?: string } }).message?.text;
        return text ? [text] : [];
      });
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
        'system.exportReady',
      ]);
      expect(JSON.stringify(data)).not.toContain('idempotencyKey');
    });

    it('the export is one per day: EXPORT again the same day sends nothing twice', async () => {
      const before = amina.replies().length;
      await amina.says('EXPORT');
      expect(amina.replies()).toHaveLength(before);
      await sim.advance('1d');
      await amina.says('EXPORT');
      expect(amina.replies().at(-1)?.message.media?.caption).toBe('learnloop-export-2026-03-03.pdf');
      const data = await record(sim, amina);
      // The first export's delivery is part of the second one.
      expect(data.activity.map((a) => a.kind)).toContain('system.exportReady');
    });

    it('apologises instead of staying silent when the file cannot be made, and only once', async () => {
      const baraka = sim.learner('+254711000012');
      await baraka.says('hi');
      storeFails = true;
      try {
        await baraka.says('EXPORT');
      } finally {
        storeFails = false;
      }
      expect(baraka.lastReply()).toBe('export.failed');
      expect(baraka.replies().some((r) => r.message.media)).toBe(false);
      // The same request run again (a crash after the apology) sends nothing more.
      const userId = (await sim.userIdOf(baraka.phone))!;
      const before = baraka.replies().length;
      await services.call(userId, { service: 'export.request', input: {} });
      expect(baraka.replies()).toHaveLength(before);
    });

    it("keeps the learner's export files with them and erases them with the learner", async () => {
      const chebet = sim.learner('+254711000013');
      await chebet.says('hi');
      await chebet.says('EXPORT');
      const userId = (await sim.userIdOf(chebet.phone))!;
      const mine = () =>
        sim.database.db
          .select({ type: generatedFiles.contentType })
          .from(generatedFiles)
          .where(eq(generatedFiles.userId, userId));
      expect((await mine()).map((f) => f.type)).toEqual(['application/pdf']);
      const url = chebet.replies().at(-1)!.message.media!.url;
      expect(await usersRepository(sim.database.db).remove(userId)).toBe(true);
      expect(await mine()).toEqual([]);
      expect((await files.get(/\/files\/([^/]+)/.exec(url)![1]!)).status).toBe('missing');
    });
  });
});
