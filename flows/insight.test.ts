import { describe, expect, it } from 'vitest';
import type { Effect } from '../engine/effects.js';
import type { RootInput } from '../engine/registry.js';
import { DAILY_LESSON_TIMER } from './commands.js';
import { contentCatalog } from './content-catalog.js';
import { createFlowRegistry } from './index.js';
import { INSIGHT_EVENT, INSIGHT_TIMER } from './insight.js';
import { nextInsightAt, weeklyInsight } from './learning/insight.js';
import { learningStateOf } from './learning/index.js';
import { firstAnswer } from './learning/review.js';

const catalog = contentCatalog();
const root = createFlowRegistry({ catalog }).root;
const fire = root.timers![INSIGHT_TIMER]!;
const daily = root.timers![DAILY_LESSON_TIMER]!;
const word = (w: string) => root.commands!.find((c) => c.words.includes(w))!;

const answered = (lesson: string, rights: boolean[], at = '2026-03-05T05:00:00Z') =>
  rights.map((right, i) => firstAnswer(`money-basics/${lesson}/q${i + 1}`, right, new Date(at)));
const learning = {
  course: 'money-basics',
  courses: ['money-basics'],
  lessonTime: '07:30',
  onboardedAt: '2026-03-02T04:00:00.000Z',
  cards: [
    ...answered('needs-and-wants', [true, true, true]),
    ...answered('make-a-budget', [false, false, true]),
  ],
};
const learner = (more: Record<string, unknown> = {}, language = 'en'): RootInput['learner'] => ({
  phone: '+254700000001',
  name: 'Amina',
  language,
  timezone: 'Africa/Nairobi',
  learning: { ...learning, ...more },
});
// Monday 9 March 2026, 07:00 in Nairobi: a week after onboarding, 30 minutes before the lesson.
const at = '2026-03-09T04:00:00.000Z';
const input = (more: Record<string, unknown> = {}, when = at, activeFlow: string | null = null) => ({
  learner: learner(more),
  at: when,
  activeFlow,
  payload: {},
});
const kinds = (effects: Effect[]) => effects.map((e) => e.type);

describe('the weekly insight rule', () => {
  it('strong: every question of a lesson sure; weak: most struggled; quiz scores when no cards', () => {
    const state = learningStateOf({
      ...learning,
      progress: {
        'money-basics': { completed: [], attempts: { 'save-first': { count: 1, best: 1, total: 3 } } },
      },
    });
    const insight = weeklyInsight(state);
    expect(insight.strong.map((s) => s.lesson)).toEqual(['needs-and-wants']);
    expect(insight.weak.map((s) => s.lesson)).toEqual(['save-first', 'make-a-budget']);
    expect(weeklyInsight(learningStateOf({}))).toEqual({ strong: [], weak: [] });
  });

  it('is due 30 minutes before the lesson, a week after the last one (or onboarding), out of quiet hours', () => {
    const state = learningStateOf(learning);
    expect(
      nextInsightAt(state, new Date('2026-03-03T05:00:00Z'), 'Africa/Nairobi', '07:30').toISOString(),
    ).toBe(at);
    const sent = learningStateOf({ ...learning, weeklyInsight: { enabled: true, lastSentAt: at } });
    expect(nextInsightAt(sent, new Date(at), 'Africa/Nairobi', '07:30').toISOString()).toBe(
      '2026-03-16T04:00:00.000Z',
    );
    // 07:10 lessons: 06:40 is quiet, so 07:00.
    expect(
      nextInsightAt(state, new Date('2026-03-03T05:00:00Z'), 'Africa/Nairobi', '07:10').toISOString(),
    ).toBe(at);
  });
});

describe('the insight timer', () => {
  it('records the week, asks the service for the words (lesson titles only), schedules next week', () => {
    const effects = fire(input());
    expect(kinds(effects)).toEqual(['updateProfile', 'callService', 'schedule']);
    expect(effects[0]).toEqual({
      type: 'updateProfile',
      params: { learning: { weeklyInsight: { enabled: true, lastSentAt: at } } },
    });
    expect(effects[1]).toEqual({
      type: 'callService',
      params: {
        service: 'insight.weekly',
        input: {
          requestId: at,
          language: 'en',
          name: 'Amina',
          strong: '*Needs or wants?*',
          weak: '*Make a simple budget*',
          zone: 'Africa/Nairobi',
          lessonTime: '07:30',
        },
      },
    });
    expect(effects[2]).toEqual({
      type: 'schedule',
      params: { name: INSIGHT_TIMER, dueAt: '2026-03-16T04:00:00.000Z' },
    });
  });

  it('never a second one in the same week: only the next one is scheduled', () => {
    const effects = fire(input({ weeklyInsight: { enabled: true, lastSentAt: '2026-03-06T04:00:00.000Z' } }));
    expect(effects).toEqual([
      { type: 'schedule', params: { name: INSIGHT_TIMER, dueAt: '2026-03-13T04:00:00.000Z' } },
    ]);
  });

  it('not the same note again when nothing was answered since the last one', () => {
    const last = '2026-03-02T04:00:00.000Z';
    const effects = fire(
      input(
        { weeklyInsight: { enabled: true, lastSentAt: '2026-03-06T04:00:00.000Z' } },
        '2026-03-13T04:00:00.000Z',
      ),
    );
    expect(kinds(effects)).toEqual(['schedule']);
    expect(kinds(fire(input({ weeklyInsight: { enabled: true, lastSentAt: last } })))).toEqual([
      'updateProfile',
      'callService',
      'schedule',
    ]);
  });

  it('never in quiet hours: a timer that lands there waits for the morning', () => {
    expect(fire(input({}, '2026-03-09T19:00:00.000Z'))).toEqual([
      { type: 'schedule', params: { name: INSIGHT_TIMER, dueAt: '2026-03-10T04:00:00.000Z' } },
    ]);
  });

  it('nothing when turned off, paused, or nothing answered yet', () => {
    expect(fire(input({ weeklyInsight: { enabled: false } }))).toEqual([]);
    expect(fire(input({ paused: 'learner' }))).toEqual([]);
    expect(fire(input({ cards: [] }))).toEqual([]);
  });

  it('every daily lesson turn schedules it again; not when it is off', () => {
    const on = daily(input({}, '2026-03-03T04:30:00.000Z'));
    expect(on).toContainEqual({ type: 'schedule', params: { name: INSIGHT_TIMER, dueAt: at } });
    const off = daily(input({ weeklyInsight: { enabled: false } }, '2026-03-03T04:30:00.000Z'));
    expect(off.some((e) => e.type === 'schedule' && e.params.name === INSIGHT_TIMER)).toBe(false);
  });
});

describe('the insight message', () => {
  const delivered = root.events![INSIGHT_EVENT]!;
  const data = { kind: 'rule', text: '', strong: '*Needs or wants?*', weak: '*Make a simple budget*' };

  it('the rule’s words with REVIEW and a stop button, as its template outside the window', () => {
    expect(delivered({ ...input(), data })).toEqual([
      {
        type: 'send',
        params: {
          key: 'insight.both',
          vars: { strong: '*Needs or wants?*', weak: '*Make a simple budget*' },
          buttons: [
            { id: 'REVIEW', key: 'insight.review' },
            { id: 'INSIGHTS OFF', key: 'insight.stop' },
          ],
          template: 'weekly_insight_both',
        },
      },
    ]);
    const strongOnly = delivered({ ...input(), data: { ...data, weak: '' } })[0]!;
    expect(strongOnly).toMatchObject({
      params: { key: 'insight.strong', template: 'weekly_insight_strong' },
    });
  });

  it('the model’s note when it wrote one; a quiz left open is not asked again', () => {
    const effects = delivered({
      ...input({}, at, 'lesson'),
      data: { ...data, kind: 'model', text: 'Well done!' },
    });
    expect(effects[0]).toMatchObject({ params: { key: 'insight.model', vars: { text: 'Well done!' } } });
    expect(effects).toHaveLength(1);
  });
});

describe('INSIGHTS (MUHTASARI)', () => {
  const run = (w: string, argument: string, more: Record<string, unknown> = {}) =>
    word(w).run({ ...input(more), argument });

  it('OFF (ZIMA) turns it off and cancels the timer; ON (WASHA) turns it on and schedules it', () => {
    expect(run('INSIGHTS', 'off')).toEqual([
      { type: 'updateProfile', params: { learning: { weeklyInsight: { enabled: false } } } },
      { type: 'cancelTimer', params: { name: INSIGHT_TIMER } },
      { type: 'send', params: { key: 'insight.off' } },
    ]);
    expect(run('MUHTASARI', 'ZIMA')[2]).toEqual({ type: 'send', params: { key: 'insight.off' } });
    const on = run('MUHTASARI', 'washa', { weeklyInsight: { enabled: false } });
    expect(kinds(on)).toEqual(['updateProfile', 'schedule', 'send']);
  });

  it('alone it says whether it is on, with a button to change that; SETTINGS says it too', () => {
    expect(run('INSIGHTS', '')[0]).toMatchObject({
      params: { key: 'insight.statusOn', buttons: [{ id: 'INSIGHTS OFF', key: 'insight.stop' }] },
    });
    const settings = word('SETTINGS').run({ ...input({ weeklyInsight: { enabled: false } }), argument: '' });
    expect(settings.at(-1)).toEqual({ type: 'send', params: { key: 'insight.settingOff' } });
  });
});
