import { readdirSync, readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { progressRepository } from '../../db/repositories/progress.js';
import { usersRepository } from '../../db/repositories/users.js';
import {
  feedback,
  generatedFiles,
  inboundMessages,
  learnerPauses,
  lessonCompletions,
  quizAttempts,
  reviewEvents,
} from '../../db/schema/index.js';
import { SimClock } from '../../engine/clock.js';
import type { Inbound } from '../../engine/events.js';
import { forEachDatabase, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { createFileStore } from '../files/store.js';
import { createServices, type EngineServices } from './index.js';

const lesson = {
  course: 'money-basics',
  lesson: 'save-first',
  startedAt: '2026-03-02T07:30:00.000Z',
  completedAt: '2026-03-02T07:34:10.000Z',
  secondsSpent: 250,
};
const attempt = {
  course: 'money-basics',
  lesson: 'save-first',
  attempt: 1,
  score: 2,
  total: 3,
  passed: false,
  answers: [
    { question: 'q1', answer: 'b', correct: true },
    { question: 'q2', answer: 'a', correct: false },
    { question: 'q3', answer: 'True', correct: true },
  ],
};
const card = { questionId: 'q2', reps: 3, lapses: 1, lastReview: '2026-03-02T07:35:00.000Z' };

forEachDatabase((driver) => {
  describe(`engine services on ${driver}`, () => {
    let database: TestDatabase;
    let services: EngineServices;
    let userId: string;
    const clock = new SimClock('2026-03-02T07:40:00.000Z');
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const received: Inbound[] = [];

    type LearnerTable =
      | typeof feedback
      | typeof reviewEvents
      | typeof learnerPauses
      | typeof lessonCompletions
      | typeof quizAttempts;
    const rows = async (table: LearnerTable) => {
      const [row] = await database.db.select({ n: count() }).from(table).where(eq(table.userId, userId));
      return row!.n;
    };
    /** The second call is a quiet no-op: no row, and no error swallowed on the way. */
    const twice = async (service: string, input: Record<string, unknown>) => {
      const errors = logger.error.mock.calls.length;
      await services.call(userId, { service, input });
      await services.call(userId, { service, input });
      expect(logger.error.mock.calls.slice(errors)).toEqual([]);
    };

    beforeAll(async () => {
      database = await testDatabase(driver);
      userId = (await usersRepository(database.db).create({ phone: '+254711000001', name: 'Amina' })).id;
      services = createServices({
        db: database.db,
        clock,
        files: createFileStore(database.db, {
          publicBaseUrl: 'https://learn.example',
          now: () => clock.now(),
        }),
        // As the engine does: the event is stored (unique on channel + provider id), then runs a turn.
        receive: async (event) => {
          received.push(event);
          if (event.type !== 'system') return;
          const { channel, providerId } = event;
          await database.db.insert(inboundMessages).values({ channel, providerId, userId, event });
        },
        logger,
      });
    });
    afterAll(async () => database?.cleanup());

    it('lesson.completed called twice stores one completion with its times', async () => {
      await twice('lesson.completed', lesson);
      expect(await rows(lessonCompletions)).toBe(1);
      const [row] = await database.db
        .select()
        .from(lessonCompletions)
        .where(eq(lessonCompletions.userId, userId));
      expect(row).toMatchObject({
        course: 'money-basics',
        lesson: 'save-first',
        startedAt: new Date(lesson.startedAt),
        completedAt: new Date(lesson.completedAt),
        secondsSpent: 250,
      });
      // The same lesson finished again later is a second completion.
      await services.call(userId, {
        service: 'lesson.completed',
        input: {
          ...lesson,
          secondsSpent: undefined,
          completedAt: '2026-03-03T07:35:00.000Z',
          startedAt: '2026-03-03T07:30:00.000Z',
        },
      });
      expect(await rows(lessonCompletions)).toBe(2);
      const spent = await database.db
        .select({ s: lessonCompletions.secondsSpent })
        .from(lessonCompletions)
        .where(eq(lessonCompletions.completedAt, new Date('2026-03-03T07:35:00.000Z')));
      expect(spent).toEqual([{ s: 300 }]);
    });

    it('quiz.attempt called twice stores one attempt; a retry is a second one', async () => {
      await twice('quiz.attempt', attempt);
      expect(await rows(quizAttempts)).toBe(1);
      await twice('quiz.attempt', { ...attempt, attempt: 2, score: 3, passed: true });
      const stored = await database.db
        .select()
        .from(quizAttempts)
        .where(eq(quizAttempts.userId, userId))
        .orderBy(quizAttempts.attempt);
      expect(stored.map((r) => [r.attempt, r.score, r.total, r.passed])).toEqual([
        [1, 2, 3, false],
        [2, 3, 3, true],
      ]);
      expect(stored[0]!.answers).toEqual(attempt.answers);
      expect(stored[0]!.createdAt).toEqual(clock.now());
    });

    it('review.answered called twice stores one event; the next review of the card is another', async () => {
      await twice('review.answered', { question: 'q2', correct: false, card });
      expect(await rows(reviewEvents)).toBe(1);
      await twice('review.answered', {
        question: 'q2',
        correct: true,
        card: { ...card, reps: 4, lastReview: '2026-03-05T07:35:00.000Z' },
      });
      expect(await rows(reviewEvents)).toBe(2);
    });

    it('review.answered stores whether the card is a leech; authors see each leech learner once', async () => {
      const question = 'money-basics/save-first/q3';
      const leech = { questionId: question, reps: 20, lapses: 8, lastReview: '2026-03-20T07:35:00.000Z' };
      // The flow's card without its flag still counts by its lapses; one lapse short is no leech.
      await twice('review.answered', { question, correct: false, card: { ...leech, lapses: 7, reps: 19 } });
      await twice('review.answered', { question, correct: false, card: leech });
      await twice('review.answered', {
        question,
        correct: true,
        card: { ...leech, reps: 21, lastReview: '2026-03-25T07:35:00.000Z', leech: true },
      });
      const stored = await database.db
        .select({ card: reviewEvents.card })
        .from(reviewEvents)
        .where(eq(reviewEvents.question, question))
        .orderBy(reviewEvents.id);
      expect(stored.map((row) => row.card?.leech)).toEqual([false, true, true]);
      const progress = progressRepository(database.db);
      expect(await progress.leechLearners({ course: 'money-basics', lesson: 'save-first' })).toEqual(
        new Map([[question, 1]]),
      );
      expect((await progress.leechLearners({ course: 'money-basics', lesson: 'save' })).size).toBe(0);
    });

    it('feedback.record and learner.paused called twice store one row each; ratings arrive as text', async () => {
      await twice('feedback.record', { rating: '4', comment: ' Clear and short ' });
      await twice('learner.paused', { reason: 'reminders unanswered' });
      expect(await rows(feedback)).toBe(1);
      expect(await rows(learnerPauses)).toBe(1);
      const [rating] = await database.db.select().from(feedback).where(eq(feedback.userId, userId));
      expect(rating).toMatchObject({ rating: 4, comment: 'Clear and short' });
      // The same rating on another day is new feedback.
      clock.advance(24 * 3600_000);
      await services.call(userId, {
        service: 'feedback.record',
        input: { rating: 4, comment: 'Clear and short' },
      });
      expect(await rows(feedback)).toBe(2);
    });

    it('an unknown service or an input that breaks the contract is logged, stores nothing and never throws', async () => {
      const before = await rows(quizAttempts);
      await expect(
        services.call(userId, { service: 'quiz.attemptt', input: attempt }),
      ).resolves.toBeUndefined();
      expect(logger.error).toHaveBeenCalledWith(
        { userId, service: 'quiz.attemptt' },
        'unknown engine service: nothing recorded',
      );
      await services.call(userId, {
        service: 'quiz.attempt',
        input: { ...attempt, attempt: 3, score: 'many' },
      });
      await services.call(userId, { service: 'feedback.record', input: { rating: 9 } });
      expect(logger.error).toHaveBeenCalledWith(
        expect.objectContaining({ service: 'quiz.attempt', problems: ['/score must be integer'] }),
        'engine service input rejected',
      );
      expect(logger.error).toHaveBeenCalledWith(
        expect.objectContaining({ service: 'feedback.record', problems: ['/rating must be <= 5'] }),
        'engine service input rejected',
      );
      expect(await rows(quizAttempts)).toBe(before);
    });

    it('export.request called twice makes one export and hands the learner one exportReady event', async () => {
      await twice('export.request', {});
      expect(received).toHaveLength(1);
      const [event] = received;
      expect(event).toMatchObject({
        type: 'system',
        channel: 'system',
        providerId: `export:${userId}:2026-03-03`,
        userId,
        name: 'exportReady',
        data: {
          url: expect.stringMatching(
            /^https:\/\/learn\.example\/files\/[\w-]{43}\/learnloop-export-2026-03-03\.pdf$/,
          ),
          filename: 'learnloop-export-2026-03-03.pdf',
          expiresAt: '2026-03-04T07:40:00.000Z',
        },
      });
      await services.call(userId, { service: 'export.request', input: {} });
      const [files] = await database.db.select({ n: count() }).from(generatedFiles);
      // The PDF, once (the JSON record is the admin API's).
      expect(files!.n).toBe(1);
      expect(received).toHaveLength(1);
    });
  });
});

describe('the services registry', () => {
  it('knows every service the flows call', () => {
    const dir = new URL('../../flows/', import.meta.url);
    const called = new Set<string>();
    for (const file of readdirSync(dir)) {
      if (!/\.(ts|flow\.yaml)$/.test(file) || file.endsWith('.test.ts')) continue;
      const text = readFileSync(new URL(file, dir), 'utf8');
      for (const match of text.matchAll(/service: '([\w.]+)'|call: ([\w.]+)/g))
        called.add(match[1] ?? match[2]!);
    }
    const services = createServices({
      db: {} as never,
      clock: new SimClock(),
      files: {} as never,
      receive: async () => {},
      logger: { info() {}, warn() {}, error() {} },
    });
    expect(called.size).toBeGreaterThan(0);
    expect([...called].filter((name) => !services.names.includes(name))).toEqual([]);
  });
});
