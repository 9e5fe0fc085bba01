import { DateTime } from 'luxon';
import { assign, setup } from 'xstate';
import type { ContentCatalog } from '../content/catalog.js';
import { effectActions, type Effect } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import { matchChoice } from '../engine/choices.js';
import {
  LANGUAGE_OPTIONS,
  parseAnswer,
  parseTimeOfDay,
  parseTimezone,
} from '../engine/flow-compiler/answers.js';
import type { FlowDefinition } from '../engine/registry.js';
import type { FlowOutput } from '../engine/conversation.js';
import { nextLessonAt } from './learning/lesson-time.js';
import { zoneForPhone } from './learning/phone-zone.js';
import { isQuietTime } from './learning/quiet-hours.js';
import { DAILY_LESSON_TIMER } from './commands.js';
import { inLanguage } from './questions.js';

const TIME_CHOICES = [
  { id: '07:30', key: 'onboarding.morning' },
  { id: '12:30', key: 'onboarding.midday' },
  { id: '19:00', key: 'onboarding.evening' },
];
const YES = new Set(['yes', 'y', 'ok', 'okay', 'ndiyo', 'ndio', 'sawa', 'zone:yes']);

interface OnboardingContext {
  name: string;
  language: string;
  course: string;
  time: string;
  zone: string;
  proposedZone: string | null;
  output: FlowOutput;
}

const text = (event: ConversationEvent) => (event.type === 'learner.message' ? event.input : '');
const typedText = (event: ConversationEvent) =>
  event.type === 'learner.message' && event.message.kind === 'text' ? event.input : '';
const atOf = (event: ConversationEvent) => new Date(event.at ?? 0);

/**
 * First contact: name, language, course (from the catalog), daily time and time zone (proposed
 * from the phone's country code), then the first lesson is scheduled as a root timer and the
 * completion recorded in the profile. TypeScript, not YAML: the course options come from the
 * catalog and the proposed zone from the learner's phone, which a YAML flow cannot read.
 */
export function createOnboardingFlow(catalog: ContentCatalog): FlowDefinition {
  const coursesIn = (language: string) =>
    catalog.courses().filter((course) => course.languages.includes(language as never));
  const courseChoices = (language: string) =>
    coursesIn(language).map((course) => ({ id: course.slug, title: inLanguage(course.title, language) }));
  const pickCourse = (input: string, language: string) =>
    catalog.course(input)?.slug ?? matchChoice(input, courseChoices(language))?.id ?? null;
  const language = (input: string) =>
    parseAnswer({ name: 'language', ask: 'language', message: '', retry: { message: '' } }, input, () => []);

  const coursePrompt = (key: string, lang: string) => {
    const choices = courseChoices(lang);
    const rows = choices.map((c) => ({ id: c.id, key: 'quiz.option', vars: { answer: c.title } }));
    const courses = choices.map((c, i) => `${i + 1}. ${c.title}`).join('\n');
    return rows.length <= 3
      ? { key, vars: { courses }, buttons: rows }
      : { key, vars: { courses }, list: { buttonKey: 'onboarding.courseButton', rows } };
  };

  const machine = setup({
    types: { context: {} as OnboardingContext, events: {} as ConversationEvent, output: {} as FlowOutput },
    actions: effectActions,
    guards: {
      isName: ({ event }) => {
        const name = typedText(event);
        return name.length >= 1 && [...name].length <= 40;
      },
      isLanguage: ({ event }) => language(text(event)).ok,
      isCourse: ({ context, event }) => pickCourse(text(event), context.language) !== null,
      isTime: ({ event }) => {
        const time = parseTimeOfDay(text(event));
        return time !== null && !isQuietTime(time);
      },
      acceptsProposal: ({ context, event }) =>
        context.proposedZone !== null &&
        YES.has(
          text(event)
            .toLowerCase()
            .replace(/[.!]+$/, ''),
        ),
      isZone: ({ event }) => parseTimezone(text(event)) !== null,
    },
  }).createMachine({
    id: 'onboarding',
    context: {
      name: '',
      language: 'en',
      course: '',
      time: '07:30',
      zone: 'Africa/Nairobi',
      proposedZone: null,
      output: {},
    },
    initial: 'askName',
    output: ({ context }) => context.output,
    states: {
      askName: {
        tags: ['awaiting'],
        entry: { type: 'send', params: { key: 'onboarding.hello' } },
        on: {
          'learner.message': [
            {
              guard: 'isName',
              target: 'askLanguage',
              actions: [
                assign({ name: ({ event }) => typedText(event) }),
                { type: 'updateProfile', params: ({ context }) => ({ name: context.name }) },
              ],
            },
            { actions: { type: 'send', params: { key: 'onboarding.askNameAgain' } } },
          ],
        },
      },
      askLanguage: {
        tags: ['awaiting'],
        entry: {
          type: 'send',
          params: {
            key: 'onboarding.askLanguage',
            buttons: LANGUAGE_OPTIONS.map((o) => ({ id: o.id, key: o.message })),
          },
        },
        on: {
          'learner.message': [
            {
              guard: 'isLanguage',
              target: 'askCourse',
              actions: [
                assign({
                  language: ({ event }) => String((language(text(event)) as { value: string }).value),
                }),
                { type: 'updateProfile', params: ({ context }) => ({ language: context.language }) },
              ],
            },
            {
              actions: {
                type: 'send',
                params: {
                  key: 'onboarding.askLanguageAgain',
                  buttons: LANGUAGE_OPTIONS.map((o) => ({ id: o.id, key: o.message })),
                },
              },
            },
          ],
        },
      },
      askCourse: {
        tags: ['awaiting'],
        entry: {
          type: 'send',
          params: ({ context }) => coursePrompt('onboarding.askCourse', context.language),
        },
        on: {
          'learner.message': [
            {
              guard: 'isCourse',
              target: 'askTime',
              actions: assign({ course: ({ context, event }) => pickCourse(text(event), context.language)! }),
            },
            {
              actions: {
                type: 'send',
                params: ({ context }) => coursePrompt('onboarding.askCourseAgain', context.language),
              },
            },
          ],
        },
      },
      askTime: {
        tags: ['awaiting'],
        entry: { type: 'send', params: { key: 'onboarding.askTime', buttons: TIME_CHOICES } },
        on: {
          'learner.message': [
            {
              guard: 'isTime',
              target: 'askZone',
              actions: assign({
                time: ({ event }) => parseTimeOfDay(text(event))!,
                proposedZone: ({ event }) =>
                  event.learner ? (zoneForPhone(event.learner.phone) ?? null) : null,
              }),
            },
            { actions: { type: 'send', params: { key: 'onboarding.askTimeAgain', buttons: TIME_CHOICES } } },
          ],
        },
      },
      askZone: {
        tags: ['awaiting'],
        entry: {
          type: 'send',
          params: ({ context, event }) =>
            context.proposedZone
              ? {
                  key: 'onboarding.proposeZone',
                  vars: {
                    zone: context.proposedZone,
                    time: DateTime.fromJSDate(atOf(event), { zone: context.proposedZone }).toFormat('HH:mm'),
                  },
                  buttons: [{ id: 'zone:yes', key: 'onboarding.zoneYes' }],
                }
              : { key: 'onboarding.askZone' },
        },
        on: {
          'learner.message': [
            {
              guard: 'acceptsProposal',
              target: 'done',
              actions: assign({ zone: ({ context }) => context.proposedZone! }),
            },
            {
              guard: 'isZone',
              target: 'done',
              actions: assign({ zone: ({ event }) => parseTimezone(text(event))! }),
            },
            { actions: { type: 'send', params: { key: 'onboarding.askZoneAgain' } } },
          ],
        },
      },
      done: {
        type: 'final',
        entry: [
          assign({
            output: ({ context, event }): FlowOutput => {
              const dueAt = nextLessonAt(atOf(event), context.zone, context.time).toISOString();
              const schedule: Effect = { type: 'schedule', params: { name: DAILY_LESSON_TIMER, dueAt } };
              return { rootEffects: [schedule] };
            },
          }),
          {
            type: 'updateProfile',
            params: ({ context, event }) => ({
              timezone: context.zone,
              preferences: {
                course: context.course,
                courses: [context.course],
                lessonTime: context.time,
                paused: null,
                onboardedAt: atOf(event).toISOString(),
              },
            }),
          },
          {
            type: 'send',
            params: ({ context }) => ({
              key: 'onboarding.confirmed',
              vars: {
                course: inLanguage(catalog.course(context.course)?.title, context.language),
                time: context.time,
                zone: context.zone,
              },
            }),
          },
        ],
      },
    },
  });

  const typed = (value: string): ConversationEvent => ({
    type: 'learner.message',
    message: { kind: 'text', text: value },
    input: value,
  });
  const tapped = (id: string): ConversationEvent => ({
    type: 'learner.message',
    message: { kind: 'button', id },
    input: id,
  });
  return {
    id: 'onboarding',
    version: 1,
    description:
      'First contact: name, language, course, daily time and time zone; schedules the first lesson',
    machine,
    samples: [
      typed('Amina'),
      tapped('sw'),
      tapped(catalog.courses()[0]?.slug ?? 'money-basics'),
      tapped('07:30'),
      typed('03:00'),
      typed('Africa/Nairobi'),
    ],
  };
}
