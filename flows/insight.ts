/*
 * The weekly insight (issue 16 item 6): once a week, 30 minutes before the daily lesson, a message
 * drawn from the learner's own results: the lessons they are strong in and those worth another
 * look (flows/learning/insight.ts). A root timer, `insight.weekly`, which every daily lesson turn
 * schedules again (so a new TIME or ZONE, or a learner from before this feature, is picked up the
 * next day); the `insight.weekly` service phrases it (the rule's words offline, the model's when one
 * is configured) and hands it back as `system.weeklyInsight`. It goes as the weekly_insight_*
 * template outside the 24-hour window. INSIGHTS OFF (MUHTASARI ZIMA) stops it, INSIGHTS ON again.
 * When the learner does clearly better at another hour than their lesson time, a second message
 * offers that hour with a [Lessons at HH:00] button (TIME HH:00); it has no template, so outside
 * the window it waits for the learner's next message.
 * Decisions: nothing goes while lessons are paused, before onboarding ends, or while the learner
 * has answered nothing yet (the next day's lesson turn tries again), nor when they answered nothing
 * since the last one (the same note again); a second timer in the same week
 * does nothing; a quiz left open is not asked again after it (its reminders, often templates, do
 * not carry the question either: the learner's reply brings it back).
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import type { RootCommand, RootExtensions, RootInput } from '../engine/registry.js';
import { command, journeyOf, onboardedOnly, send } from './command-kit.js';
import {
  answeredSinceInsight,
  insightSentThisWeek,
  nextInsightAt,
  weeklyInsight,
  type LessonStrength,
} from './learning/insight.js';
import { isQuiet, nextAllowed } from './learning/quiet-hours.js';
import type { InsightSettings } from './learning/state.js';
import { inLanguage } from './questions.js';

export const INSIGHT_TIMER = 'insight.weekly';
export const INSIGHT_EVENT = 'weeklyInsight';

const OFF_WORDS = new Set(['OFF', 'ZIMA', 'STOP', 'NO', 'HAPANA']);
const ON_WORDS = new Set(['ON', 'WASHA', 'YES', 'NDIYO']);

const settings = (value: InsightSettings): Effect => ({
  type: 'updateProfile',
  params: { learning: { weeklyInsight: value } },
});

/** The insight timer at its next due time, when the learner gets insights; nothing otherwise. */
export function scheduleInsight(input: RootInput, sentAt?: string): Effect[] {
  const { state, now, zone, onboarded } = journeyOf(input);
  if (!onboarded || !state.weeklyInsight.enabled || state.paused) return [];
  const weekly = sentAt ? { ...state, weeklyInsight: { enabled: true, lastSentAt: sentAt } } : state;
  const dueAt = nextInsightAt(weekly, now, zone, state.lessonTime!).toISOString();
  return [{ type: 'schedule', params: { name: INSIGHT_TIMER, dueAt } }];
}

export function createInsightExtensions(catalog: ContentCatalog): RootExtensions {
  const titles = (lessons: LessonStrength[], language: string) =>
    lessons.map((l) => `*${inLanguage(catalog.lesson(l.course, l.lesson)?.title, language)}*`).join(', ');

  const fire = (input: RootInput): Effect[] => {
    const { state, now, zone, onboarded, language } = journeyOf(input);
    if (!onboarded || !state.weeklyInsight.enabled || state.paused) return [];
    if (insightSentThisWeek(state, now, zone)) return scheduleInsight(input);
    // A zone changed since it was scheduled: wait for the morning.
    if (isQuiet(now, zone))
      return [
        { type: 'schedule', params: { name: INSIGHT_TIMER, dueAt: nextAllowed(now, zone).toISOString() } },
      ];
    // Nothing answered since the last one: not the same note again; tried again the next day.
    if (!answeredSinceInsight(state)) return scheduleInsight(input, state.weeklyInsight.lastSentAt);
    const insight = weeklyInsight(state);
    if (insight.strong.length === 0 && insight.weak.length === 0) return [];
    return [
      settings({ enabled: true, lastSentAt: input.at }),
      {
        type: 'callService',
        params: {
          service: 'insight.weekly',
          input: {
            requestId: input.at,
            language,
            name: input.learner?.name ?? null,
            strong: titles(insight.strong, language),
            weak: titles(insight.weak, language),
            zone,
            lessonTime: state.lessonTime ?? null,
          },
        },
      },
      ...scheduleInsight(input, input.at),
    ];
  };

  const delivered = (input: RootInput & { data: Record<string, unknown> }): Effect[] => {
    const strong = String(input.data.strong ?? '');
    const weak = String(input.data.weak ?? '');
    const variant = strong && weak ? 'both' : strong ? 'strong' : 'weak';
    const buttons = [
      ...(weak ? [{ id: 'REVIEW', key: 'insight.review' }] : []),
      { id: 'INSIGHTS OFF', key: 'insight.stop' },
    ];
    const text = String(input.data.text ?? '');
    const message =
      input.data.kind === 'model' && text
        ? send('insight.model', { text, strong, weak }, { buttons, template: `weekly_insight_${variant}` })
        : send(`insight.${variant}`, { strong, weak }, { buttons, template: `weekly_insight_${variant}` });
    return [message, ...bestHourOffer(input)];
  };

  /** The hour the learner does best at, offered as their new lesson time (TIME HH:00 on the button). */
  const bestHourOffer = (input: RootInput & { data: Record<string, unknown> }): Effect[] => {
    const best = input.data.bestHour as { time?: unknown; share?: unknown; lessonShare?: unknown } | null;
    const { state } = journeyOf(input);
    if (!best || typeof best.time !== 'string' || typeof best.share !== 'number') return [];
    // The learner moved their lesson there meanwhile: nothing to offer.
    if (state.lessonTime?.slice(0, 2) === best.time.slice(0, 2)) return [];
    const percent = (share: unknown) => Math.round(Number(share) * 100);
    const vars = { time: best.time, percent: percent(best.share), lessonTime: state.lessonTime ?? '' };
    const known = typeof best.lessonShare === 'number';
    return [
      send(
        known ? 'insight.bestHour' : 'insight.bestHourOnly',
        known ? { ...vars, lessonPercent: percent(best.lessonShare) } : vars,
        { buttons: [{ id: `TIME ${best.time}`, key: 'insight.moveLesson', vars: { time: best.time } }] },
      ),
    ];
  };

  const insights: RootCommand = command(
    'insights',
    onboardedOnly((input) => {
      const { state } = journeyOf(input);
      const word = input.argument.trim().toUpperCase();
      if (OFF_WORDS.has(word))
        return [
          settings({ ...state.weeklyInsight, enabled: false }),
          { type: 'cancelTimer', params: { name: INSIGHT_TIMER } },
          send('insight.off'),
        ];
      if (ON_WORDS.has(word)) {
        const on = { ...input, learner: withInsights(input, { ...state.weeklyInsight, enabled: true }) };
        return [
          settings({ ...state.weeklyInsight, enabled: true }),
          ...scheduleInsight(on),
          send('insight.on'),
        ];
      }
      const enabled = state.weeklyInsight.enabled;
      return [
        send(enabled ? 'insight.statusOn' : 'insight.statusOff', undefined, {
          buttons: [
            { id: enabled ? 'INSIGHTS OFF' : 'INSIGHTS ON', key: enabled ? 'insight.stop' : 'insight.start' },
          ],
        }),
      ];
    }),
  );

  return { commands: [insights], timers: { [INSIGHT_TIMER]: fire }, events: { [INSIGHT_EVENT]: delivered } };
}

/** The learner as the rest of this turn sees them after a settings change. */
function withInsights(input: RootInput, value: InsightSettings): RootInput['learner'] {
  const learner = input.learner;
  if (!learner) return learner;
  return { ...learner, learning: { ...(learner.learning as Record<string, unknown>), weeklyInsight: value } };
}

/** The daily lesson timer with the week's insight scheduled again beside it. */
export const withInsightSchedule =
  (daily: (input: RootInput & { payload: Record<string, unknown> }) => Effect[]) =>
  (input: RootInput & { payload: Record<string, unknown> }): Effect[] => [
    ...daily(input),
    ...scheduleInsight(input),
  ];

/** SETTINGS followed by a line saying whether the weekly insight is on, and how to change it. */
export const withInsightSetting = (settingsCommand: RootCommand): RootCommand => ({
  ...settingsCommand,
  run: (input) => {
    const effects = settingsCommand.run(input);
    const { onboarded, state } = journeyOf(input);
    if (!onboarded) return effects;
    return [...effects, send(state.weeklyInsight.enabled ? 'insight.settingOn' : 'insight.settingOff')];
  },
});
