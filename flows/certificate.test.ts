import { describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../engine/events.js';
import { contentCatalog } from './content-catalog.js';
import { courseFinished, createCertificateExtensions, finishedCourses } from './certificate.js';
import { LEARNING_STATE_VERSION, learningStateOf } from './learning/index.js';
import type { LessonContext } from './lesson-context.js';
import { finishAttempt } from './lesson-finish.js';

const catalog = contentCatalog();
const LESSONS = ['needs-and-wants', 'make-a-budget', 'save-first', 'mpesa-pin-safety', 'spot-mpesa-scams'];
const at = '2026-03-05T06:00:00Z';
/** A stored course state always has `attempts` (the schema requires it). */
const withAttempts = (progress: Record<string, object>) =>
  Object.fromEntries(Object.entries(progress).map(([course, state]) => [course, { attempts: {}, ...state }]));
const state = (progress: Record<string, object>) =>
  learningStateOf({
    version: LEARNING_STATE_VERSION,
    course: 'money-basics',
    courses: ['money-basics'],
    progress: withAttempts(progress),
  });

/** The last lesson's quiz (3 questions) ended with `score` right, after `before` (this lesson's state). */
function lastQuiz(score: number, before: { completed: string[]; attempts?: Record<string, unknown> }) {
  const context: LessonContext = {
    course: 'money-basics',
    lesson: 'borrow-wisely',
    language: 'en',
    zone: 'Africa/Nairobi',
    startedAt: '2026-03-05T05:50:00Z',
    daily: false,
    retry: false,
    attempt: 1,
    review: 1,
    index: 2,
    score,
    answers: [0, 1, 2].map((i) => ({ question: `q${i + 1}`, answer: 'a', correct: i < score })),
    askedAt: at,
    reminders: 0,
  };
  const learning = {
    version: LEARNING_STATE_VERSION,
    course: 'money-basics',
    courses: ['money-basics'],
    lessonTime: '07:30',
    progress: withAttempts({ 'money-basics': before }),
  };
  const event = {
    type: 'learner.message',
    message: { kind: 'text', text: 'a' },
    input: 'a',
    at,
    learner: { phone: '+254700000001', name: 'Amina', language: 'en', timezone: 'Africa/Nairobi', learning },
  } as ConversationEvent;
  return finishAttempt(catalog, context, event).filter(
    (e) => e.type === 'callService' && e.params.service === 'certificate.issue',
  );
}

describe('finishing a course', () => {
  it('is every lesson done with the last quiz passed', () => {
    expect(courseFinished(catalog, state({ 'money-basics': { completed: LESSONS } }), 'money-basics')).toBe(
      false,
    );
    const all = [...LESSONS, 'borrow-wisely'];
    expect(courseFinished(catalog, state({ 'money-basics': { completed: all } }), 'money-basics')).toBe(true);
    const failed = { completed: all, attempts: { 'borrow-wisely': { count: 1, best: 1, total: 3 } } };
    expect(courseFinished(catalog, state({ 'money-basics': failed }), 'money-basics')).toBe(false);
    const passed = { completed: all, attempts: { 'borrow-wisely': { count: 2, best: 3, total: 3 } } };
    expect(
      finishedCourses(catalog, state({ 'money-basics': passed, 'safe-online': { completed: [] } })),
    ).toEqual(['money-basics']);
  });

  it('asks for its certificate once: when the last quiz is passed, not when it is failed or passed again', () => {
    expect(lastQuiz(3, { completed: LESSONS })).toEqual([
      {
        type: 'callService',
        params: {
          service: 'certificate.issue',
          input: { requestId: at, reason: 'finished', courses: ['money-basics'] },
        },
      },
    ]);
    expect(lastQuiz(1, { completed: LESSONS })).toEqual([]);
    const failedBefore = {
      completed: [...LESSONS, 'borrow-wisely'],
      attempts: { 'borrow-wisely': { count: 1, best: 1, total: 3 } },
    };
    expect(lastQuiz(3, failedBefore)).toHaveLength(1);
    const passedBefore = {
      completed: [...LESSONS, 'borrow-wisely'],
      attempts: { 'borrow-wisely': { count: 1, best: 3, total: 3 } },
    };
    expect(lastQuiz(3, passedBefore)).toEqual([]);
  });
});

describe('the certificate in the chat', () => {
  const events = createCertificateExtensions(catalog).events!;
  const input = (data: Record<string, unknown>, activeFlow: string | null = null) => ({
    learner: undefined,
    at,
    activeFlow,
    data,
  });
  const ready = {
    code: 'K7M2Q9XW4T',
    course: 'Money basics',
    name: 'LearnLoop learner',
    link: 'https://learn.example.com/certificates/K7M2Q9XW4T',
    png: 'https://learn.example.com/certificates/K7M2Q9XW4T.png',
    pdf: 'https://learn.example.com/certificates/K7M2Q9XW4T.pdf',
  };

  it('the picture with the link, the PDF, and how to put a NAME on it when it has none', () => {
    const effects = events.certificateReady!(input({ ...ready, reason: 'finished', named: false }, 'lesson'));
    expect(effects.map((e) => (e.type === 'send' ? [e.params.key, e.params.media?.type] : [e.type]))).toEqual(
      [
        ['certificate.ready', 'image'],
        ['certificate.pdf', 'document'],
        ['certificate.nameHint', undefined],
      ],
    );
    expect(effects[0]).toMatchObject({ params: { vars: { link: ready.link }, media: { url: ready.png } } });
    expect(effects[1]).toMatchObject({
      params: { media: { url: ready.pdf }, fallback: { vars: { link: ready.pdf } } },
    });
  });

  it('asked for (CERTIFICATE) during a quiz: the quiz question follows', () => {
    const effects = events.certificateReady!(input({ ...ready, reason: 'asked', named: true }, 'lesson'));
    expect(effects.map((e) => e.type)).toEqual(['send', 'send', 'reprompt']);
    expect(events.certificateNone!(input({}, null)).map((e) => e.type)).toEqual(['send']);
  });
});
