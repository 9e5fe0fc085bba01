import { describe, expect, it } from 'vitest';
import { learningStateOf, UPGRADES } from './read-state.js';
import { firstAnswer } from './review.js';
import { LEARNING_STATE_VERSION, type LearningState } from './state.js';

const DEFAULTS: LearningState = {
  version: LEARNING_STATE_VERSION,
  courses: [],
  progress: {},
  streak: { current: 0, longest: 0, lastDay: null, freezes: 0, freezesUsed: 0 },
  cards: [],
  recentAnswers: [],
  secondsSpent: 0,
  access: [],
  weeklyInsight: { enabled: true },
  place: '',
  badges: [],
  counts: { reviews: 0, perfectQuizzes: 0, courses: 0 },
};

const card = firstAnswer('money-basics/budget/q1', true, new Date('2026-01-05T08:00:00Z'));

describe('learningStateOf', () => {
  it('gives every field its default for a new learner or a document that is not an object', () => {
    expect(learningStateOf({})).toEqual(DEFAULTS);
    expect(learningStateOf(undefined)).toEqual(DEFAULTS);
    expect(learningStateOf(null)).toEqual(DEFAULTS);
    expect(learningStateOf(['cards'])).toEqual(DEFAULTS);
  });

  it('upgrades an unversioned document as the preferences blob stored it, keeping every field', () => {
    const v0 = {
      course: 'money-basics',
      courses: ['money-basics'],
      lessonTime: '07:30',
      paused: 'reminders',
      progress: {
        'money-basics': { completed: ['budget'], attempts: { budget: { count: 2, best: 3, total: 3 } } },
      },
      lastQuiz: {
        course: 'money-basics',
        lesson: 'budget',
        score: 3,
        total: 3,
        at: '2026-01-05T08:00:00.000Z',
      },
      streak: { current: 3, longest: 5, lastDay: '2026-01-05', freezes: 1, freezesUsed: 0 },
      cards: [card],
      recentAnswers: [true, false],
      secondsSpent: 240,
      onboardedAt: '2026-01-01T07:00:00.000Z',
    };
    // Fields added since (access, the weekly insight, the place the learner named, badges) read as their defaults.
    expect(learningStateOf(v0)).toEqual({
      ...v0,
      version: 1,
      access: [],
      weeklyInsight: { enabled: true },
      place: '',
      badges: [],
      counts: { reviews: 0, perfectQuizzes: 0, courses: 0 },
    });
    expect(UPGRADES[0]!({ lessonTime: '07:30' })).toEqual({ lessonTime: '07:30', version: 1 });
  });

  it('has one upgrade per version before the current one', () => {
    expect(UPGRADES).toHaveLength(LEARNING_STATE_VERSION);
  });

  it('does not change the stored document it reads', () => {
    const stored = { lessonTime: '07:30', paused: null };
    learningStateOf(stored);
    expect(stored).toEqual({ lessonTime: '07:30', paused: null });
  });

  it('reads a document once: later reads in a turn get the same state', () => {
    const stored = { lessonTime: '07:30' };
    expect(learningStateOf(stored)).toBe(learningStateOf(stored));
    expect(learningStateOf({ lessonTime: '07:30' })).not.toBe(learningStateOf(stored));
  });

  it('reads null as absent: an optional field is left out and a required one takes its default', () => {
    expect(learningStateOf({ paused: null, streak: null, cards: null })).toEqual(DEFAULTS);
  });

  it('falls back to the default for a bad field and keeps the good ones', () => {
    const state = learningStateOf({
      version: 1,
      lessonTime: '19:00',
      paused: 'forever',
      cards: { q1: { reps: 2 } },
      streak: { current: 'three' },
      secondsSpent: '240',
      lastQuiz: { course: 'money-basics' },
    });
    expect(state).toEqual({ ...DEFAULTS, lessonTime: '19:00' });
  });

  it('drops only the bad entries of a list or a map', () => {
    const state = learningStateOf({
      recentAnswers: [true, 'yes', false, null],
      cards: [card, { questionId: 'broken' }],
      progress: {
        'money-basics': { completed: ['budget'], attempts: {} },
        savings: { completed: 'all' },
      },
    });
    expect(state.recentAnswers).toEqual([true, false]);
    expect(state.cards).toEqual([card]);
    expect(state.progress).toEqual({ 'money-basics': { completed: ['budget'], attempts: {} } });
  });

  it('reads what a payment unlocked, dropping a grant that makes no sense', () => {
    const forGood = { plan: 'business-once', courses: ['small-business'], orderId: 'o1' };
    const monthly = {
      plan: 'premium-month',
      courses: 'premium',
      until: '2026-04-01T00:00:00.000Z',
      orderId: 'o2',
    };
    const state = learningStateOf({
      access: [forGood, monthly, { plan: 'x', courses: 'everything', orderId: 'o3' }, { plan: 'y' }],
      payment: { requestId: 'r1', plan: 'premium-month', phone: '+254712345678', at: 'now', status: 'lost' },
    });
    expect(state.access).toEqual([forGood, monthly]);
    expect(state.payment).toBeUndefined();
  });

  it('keeps fields it does not know, for a newer deploy that wrote them', () => {
    expect(learningStateOf({ version: 1, onboarded: true })).toMatchObject({ onboarded: true });
  });
});
