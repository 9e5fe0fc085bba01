import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../adapters/cache/memory.js';
import { createFileStore, type FileStore } from '../adapters/files/store.js';
import { createServices } from '../adapters/services/index.js';
import { weekOf } from '../adapters/services/progress-picture.js';
import { givenLearner } from '../adapters/simulator/transcript-given.js';
import { progressRepository } from '../db/repositories/progress.js';
import { seedLearner } from '../db/repositories/seed-learner.js';
import { forEachDatabase } from '../tests/harness/db.js';
import { simulate, statePath, type SimLearner, type Simulation } from '../tests/harness/simulate.js';
import { contentCatalog } from './content-catalog.js';
import { createFlowRegistry } from './index.js';

const silent = { info() {}, warn() {}, error() {} };
const PICTURE_URL = /^http:\/\/localhost:3000\/files\/[\w-]{43}\/progress-2026-03-04\.png$/;

/** The file behind a picture link, read the way GET /files/<token>/<name> serves it. */
async function fileAt(files: FileStore, url: string) {
  const found = await files.get(/\/files\/([^/]+)/.exec(url)![1]!);
  if (found.status !== 'found') throw new Error(`picture ${found.status}`);
  return found.file;
}

forEachDatabase((driver) => {
  describe(`PROGRESS as a picture, through the engine on ${driver}`, () => {
    let sim: Simulation;
    let files: FileStore;
    let amina: SimLearner;
    let userId: string;
    /** Set by a test: storing the picture fails the way a full disk or a lost connection would. */
    let storeFails = false;

    beforeAll(async () => {
      const catalog = contentCatalog();
      const registry = createFlowRegistry({ catalog });
      // Wednesday 4 March 2026, 10:00 in Nairobi.
      sim = await simulate({
        driver,
        start: '2026-03-04T07:00:00Z',
        registry,
        services: ({ database, clock, receive }) => {
          const store = createFileStore(database.db, {
            publicBaseUrl: 'http://localhost:3000',
            now: () => clock.now(),
          });
          files = {
            ...store,
            put: (file) => (storeFails ? Promise.reject(new Error('disk full')) : store.put(file)),
          };
          return createServices({
            db: database.db,
            clock,
            files,
            receive,
            logger: silent,
            tutor: { cache: new MemoryCache({ now: () => clock.now().getTime() }), catalog: () => catalog },
          });
        },
      });
      const given = {
        name: 'Amina',
        language: 'en',
        timezone: 'Africa/Nairobi',
        course: 'money-basics',
        lessonTime: '07:30',
        completed: ['needs-and-wants'],
        where: {},
      };
      const seeded = givenLearner(given, '+254711000088', sim.clock.now(), catalog, registry);
      userId = await seedLearner(sim.database.db, seeded.learner!);
      amina = sim.learner('+254711000088');
      const progress = progressRepository(sim.database.db);
      const lesson = (iso: string) =>
        progress.recordLessonCompletion({
          userId,
          course: 'money-basics',
          lesson: `l-${iso}`,
          startedAt: null,
          completedAt: new Date(iso),
          secondsSpent: 60,
          at: new Date(iso),
        });
      await lesson('2026-03-02T05:00:00Z'); // Monday 08:00 Nairobi
      await lesson('2026-03-03T22:30:00Z'); // Wednesday 01:30 Nairobi: still Tuesday's learning day
      await lesson('2026-02-24T05:00:00Z'); // eight days ago: outside the week
    });
    afterAll(() => sim?.close());

    it("counts the week by the learner's learning days (04:00 local boundary), today last", async () => {
      const week = await weekOf(
        sim.database.db,
        userId,
        sim.clock.now(),
        'Africa/Nairobi',
        'M,T,W,T,F,S,S'.split(','),
      );
      expect(week.map((d) => `${d.label}${d.lessons}`)).toEqual(['T0', 'F0', 'S0', 'S0', 'M1', 'T1', 'W0']);
    });

    it('sends one message: the text summary as the caption of a PNG of the week', async () => {
      await amina.says('PROGRESS');
      const replies = amina.replies().map((d) => d.message);
      expect(replies).toHaveLength(1);
      const [message] = replies;
      expect(message!.text).toMatch(
        /^📊 \*Your progress\*\n📚 Money basics: budgeting, saving and M-PESA safety: 1\/6\n📝 No quiz yet\n🔥 Days in a row: 0/,
      );
      expect(message!.media).toEqual({ type: 'image', url: expect.stringMatching(PICTURE_URL) });
      // WhatsApp refusing the picture still brings the figures, as text.
      expect(message!.fallback).toEqual({ text: message!.text });
      const file = await fileAt(files, message!.media!.url);
      expect(file.contentType).toBe('image/png');
      expect(new TextDecoder().decode(file.bytes.slice(1, 4))).toBe('PNG');
    });

    it('draws the same figures once a day: a second PROGRESS reuses the picture, new activity draws a new one', async () => {
      const first = amina.lastMessage()!.media!.url;
      sim.clock.advance(60_000);
      await amina.says('PROGRESS');
      expect(amina.lastMessage()!.media!.url).toBe(first);

      await progressRepository(sim.database.db).recordLessonCompletion({
        userId,
        course: 'money-basics',
        lesson: 'today',
        startedAt: null,
        completedAt: sim.clock.now(),
        secondsSpent: 60,
        at: sim.clock.now(),
      });
      sim.clock.advance(60_000);
      await amina.says('PROGRESS');
      expect(amina.lastMessage()!.media!.url).not.toBe(first);
    });

    it('mid-quiz: the picture first, then the waiting question once', async () => {
      await amina.says('NEXT');
      const question = amina.lastReply();
      expect(statePath((await amina.state())?.state)).toMatch(/^lesson/);
      amina.newReplies();
      sim.clock.advance(60_000);
      await amina.says('PROGRESS');
      const after = amina
        .replies()
        .slice(-2)
        .map((d) => d.message);
      expect(after[0]!.media?.type).toBe('image');
      expect(after[1]!.text).toContain(question.split('\n').slice(-1)[0]!);
      expect(amina.newReplies().filter((text) => text === after[1]!.text)).toHaveLength(1);
    });

    it('when the picture cannot be made, the text comes alone and the question still follows', async () => {
      storeFails = true;
      try {
        await progressRepository(sim.database.db).recordQuizAttempt({
          userId,
          course: 'money-basics',
          lesson: 'x',
          attempt: 1,
          score: 1,
          total: 2,
          passed: false,
          answers: [],
          at: sim.clock.now(),
        });
        sim.clock.advance(60_000);
        amina.newReplies();
        await amina.says('PROGRESS');
        const fresh = amina
          .replies()
          .slice(-2)
          .map((d) => d.message);
        expect(fresh[0]!.text).toMatch(/^📊 \*Your progress\*/);
        expect(fresh[0]!.media).toBeUndefined();
        expect(amina.newReplies()).toHaveLength(2);
      } finally {
        storeFails = false;
      }
    });
  });
});
