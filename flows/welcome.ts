import { assign, setup } from 'xstate';
import { effectActions } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import type { FlowDefinition } from '../engine/registry.js';

const TIME_CHOICES = [
  { id: '07:30', key: 'welcome.morning' },
  { id: '12:30', key: 'welcome.midday' },
  { id: '19:00', key: 'welcome.evening' },
];
const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

function inputOf(event: ConversationEvent): string {
  return event.type === 'learner.message' ? event.input : '';
}

const padded = (time: string) => time.padStart(5, '0');

/** First contact: learn the learner's name and daily time, then nudge them every day at that local time. */
export const welcomeMachine = setup({
  types: {
    context: {} as { name: string; time: string; fromMenu: boolean },
    events: {} as ConversationEvent,
    input: {} as { fromMenu?: boolean },
  },
  actions: effectActions,
  guards: {
    isName: ({ event }) => {
      const text = inputOf(event);
      return (
        event.type === 'learner.message' &&
        event.message.kind === 'text' &&
        text.length >= 1 &&
        text.length <= 40
      );
    },
    isTime: ({ event }) => CLOCK_TIME.test(inputOf(event)),
    isNudge: ({ event }) => event.type === 'timer.fired' && event.name === 'dailyNudge',
  },
}).createMachine({
  id: 'welcome',
  context: ({ input }) => ({ name: '', time: '07:30', fromMenu: input?.fromMenu === true }),
  initial: 'start',
  states: {
    // From MENU the learner already has a name: go straight to the time.
    start: {
      always: [{ guard: ({ context }) => context.fromMenu, target: 'askTime' }, { target: 'askName' }],
    },
    askName: {
      tags: ['awaiting'],
      entry: { type: 'send', params: { key: 'welcome.hello' } },
      on: {
        'learner.message': [
          {
            guard: 'isName',
            target: 'askTime',
            actions: [
              assign({ name: ({ event }) => inputOf(event) }),
              { type: 'updateProfile', params: ({ context }) => ({ name: context.name }) },
            ],
          },
          { actions: { type: 'send', params: { key: 'welcome.askNameAgain' } } },
        ],
      },
    },
    askTime: {
      tags: ['awaiting'],
      entry: {
        type: 'send',
        params: ({ context }) => ({
          key: context.fromMenu ? 'welcome.askTime' : 'welcome.niceToMeet',
          buttons: TIME_CHOICES,
        }),
      },
      on: {
        'learner.message': [
          {
            guard: 'isTime',
            target: 'subscribed',
            actions: [
              assign({ time: ({ event }) => padded(inputOf(event)) }),
              {
                type: 'updateProfile',
                params: ({ context }) => ({ learning: { lessonTime: context.time } }),
              },
              {
                type: 'schedule',
                params: ({ context }) => ({ name: 'dailyNudge', at: { time: context.time } }),
              },
              {
                type: 'send',
                params: ({ context }) => ({ key: 'welcome.confirmed', vars: { time: context.time } }),
              },
            ],
          },
          { actions: { type: 'send', params: { key: 'welcome.pickATime', buttons: TIME_CHOICES } } },
        ],
      },
    },
    subscribed: {
      tags: ['awaiting'],
      on: {
        'timer.fired': {
          guard: 'isNudge',
          actions: [
            {
              type: 'send',
              params: ({ context }) => ({ key: 'welcome.nudge', vars: { time: context.time } }),
            },
            {
              type: 'schedule',
              params: ({ context }) => ({ name: 'dailyNudge', at: { time: context.time, days: 1 } }),
            },
          ],
        },
        'learner.message': { actions: { type: 'send', params: { key: 'system.help' } } },
      },
    },
  },
});

export const welcomeFlow: FlowDefinition = {
  id: 'welcome',
  version: 1,
  description: 'First contact: name, daily time, and a daily nudge at that local time',
  machine: welcomeMachine,
  samples: [
    { type: 'learner.message', message: { kind: 'text', text: 'Amina' }, input: 'Amina' },
    { type: 'learner.message', message: { kind: 'text', text: 'x'.repeat(41) }, input: 'x'.repeat(41) },
    { type: 'learner.message', message: { kind: 'button', id: '07:30' }, input: '07:30' },
    { type: 'learner.message', message: { kind: 'text', text: '06:45' }, input: '06:45' },
    { type: 'learner.message', message: { kind: 'text', text: 'tomorrow' }, input: 'tomorrow' },
    { type: 'timer.fired', name: 'dailyNudge', payload: {} },
  ],
};
