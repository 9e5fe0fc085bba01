import { describe, expect, it } from 'vitest';
import type { Effect } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import { createJourneyExtensions } from './commands.js';
import { contentCatalog } from './content-catalog.js';
import { firstAnswer } from './learning/review.js';
import type { LessonContext } from './lesson-context.js';
import { finishAttempt } from './lesson-finish.js';

const catalog = contentCatalog();
const started = '2026-03-02T04:30:00Z';
// Answered three days after the lesson began (after reminders): more cards have come due meanwhile.
const finished = '2026-03-05T06:00:00Z';
const context: LessonContext = {
  course: 'money-basics',
  lesson: 'save-first',
  language: 'en',
  zone: 'Africa/Nairobi',
  startedAt: started,
  daily: true,
  retry: false,
  attempt: 1,
  review: 1,
  index: 2,
  score: 3,
  answers: [
    { question: 'q1', answer: 'a', correct: true },
    { question: 'q2', answer: 'false', correct: true },
    { question: 'q3', answer: 'b', correct: true },
  ],
  askedAt: started,
  reminders: 0,
};
// Missed questions of earlier lessons, one due when the lesson began, all three by the time it ends.
const cards = [
  firstAnswer('money-basics/needs-and-wants/q1', false, new Date('2026-03-01T04:30:00Z')),
  firstAnswer('money-basics/needs-and-wants/q2', false, new Date('2026-03-03T04:30:00Z')),
  firstAnswer('money-basics/make-a-budget/q1', false, new Date('2026-03-03T05:30:00Z')),
];
const learner = {
  phone: '+254700000001',
  name: 'Amina',
  language: 'en',
  timezone: 'Africa/Nairobi',
  learning: {
    course: 'money-basics',
    courses: ['money-basics'],
    lessonTime: '07:30',
    progress: { 'money-basics': { completed: ['needs-and-wants', 'make-a-budget'] } },
    cards,
  },
};
const event = {
  type: 'learner.message',
  message: { kind: 'text', text: 'a' },
  input: 'a',
  at: finished,
  learner,
} as ConversationEvent;

const sent = (effects: Effect[], key: string) =>
  effects.flatMap((e) => (e.type === 'send' && e.params.key === key ? [e.params] : []));

describe('the review offer after a quiz (issue 11, item 7)', () => {
  it('counts what REVIEW then runs, not what was due when the lesson began', () => {
    const [offer] = sent(finishAttempt(catalog, context, event), 'review.offer');
    const review = createJourneyExtensions(catalog)
      .commands!.find((c) => c.id === 'review')!
      .run({ learner, at: finished, activeFlow: null, argument: '' });
    const start = review.find((e) => e.type === 'startFlow');
    const ids = (start?.params as { input?: { ids?: string[] } } | undefined)?.input?.ids;
    expect(ids).toHaveLength(3);
    expect(offer?.vars).toEqual({ count: ids?.length });
  });

  it('offers no review when nothing is due', () => {
    const none = { ...event, learner: { ...learner, learning: { ...learner.learning, cards: [] } } };
    expect(sent(finishAttempt(catalog, context, none as ConversationEvent), 'review.offer')).toEqual([]);
  });
});
