import { assign } from 'xstate';
import { AWAITING } from '../actor.js';
import type { SendParams } from '../effects.js';
import type { OfferedChoice } from '../choices.js';
import type { FlowExtensions } from './extensions.js';
import { atOf, learnerOf, type ScopeArgs as Args } from './learner.js';
import { askPrompt } from './prompt.js';
import {
  END,
  kindOf,
  scheduledTimer,
  timeoutTimer,
  type AskStep,
  type Condition,
  type Step,
  type WaitStep,
} from './spec.js';
import { fill, messageVars, resolve, resolveAll, type Scope } from './values.js';

/** The state a compiled flow ends in when a target says `end` or the steps run out. */
export const END_STATE = 'end';

export type StateConfig = Record<string, unknown>;

/** What the per-step state builders need from the flow being compiled. */
export interface StateContext {
  /** The flow's id, which names its timers. */
  flow: string;
  /** A target as a state name (`end` becomes END_STATE). */
  target(name: string): string;
  /** Where the step at `index` goes next. */
  nextOf(index: number): string;
  scopeOf(args: Args): Scope;
  choicesOf(step: AskStep, args: Args): OfferedChoice[];
  finishers: NonNullable<FlowExtensions['finishers']>;
}

/** The XState state for each kind of step, by the step and its place in the list. */
export function stateBuilder({
  flow,
  target,
  nextOf,
  scopeOf,
  choicesOf,
  finishers,
}: StateContext): (step: Step, index: number) => StateConfig {
  const prompt = (step: AskStep, key: string) => ({
    type: 'send' as const,
    params: (args: Args): SendParams => askPrompt(step, key, scopeOf(args), choicesOf(step, args)),
  });

  const timeoutParts = (step: AskStep | WaitStep) => {
    if (!step.timeout) return { entry: [], exit: [], on: {} };
    const timer = timeoutTimer(flow, step.name);
    return {
      entry: [{ type: 'schedule', params: { name: timer, delay: step.timeout.after } }],
      exit: [{ type: 'cancelTimer', params: { name: timer } }],
      on: {
        'timer.fired': { guard: { type: 'timerIs', params: { timer } }, target: target(step.timeout.goto) },
      },
    };
  };

  return (step: Step, index: number): StateConfig => {
    // Steps that end the flow go nowhere next (an `end` state is only made when a target needs it).
    const next = ['end', 'finish', 'start'].includes(kindOf(step)) ? END_STATE : nextOf(index);
    switch (kindOf(step)) {
      case 'say': {
        const say = step as Extract<Step, { say: string }>;
        return {
          entry: [
            {
              type: 'send',
              params: (args: Args) => ({
                key: say.say,
                vars: messageVars(say.vars, scopeOf(args)),
                ...(say.media
                  ? { media: { type: say.media.type, url: fill(say.media.url, scopeOf(args)) } }
                  : {}),
              }),
            },
          ],
          always: next,
        };
      }
      case 'ask': {
        const ask = step as AskStep;
        const params = { step: ask.name };
        const timeout = timeoutParts(ask);
        return {
          tags: [AWAITING],
          entry: [{ type: 'beginAsk', params }, prompt(ask, ask.message), ...timeout.entry],
          exit: timeout.exit,
          on: {
            'learner.message': [
              { guard: { type: 'answers', params }, target: next, actions: [{ type: 'remember', params }] },
              {
                guard: { type: 'mayRetry', params },
                // Unlimited re-asks need no count (and a count would make every re-ask a new state).
                actions: [
                  ...(ask.retry.limit === 'unlimited' ? [] : [{ type: 'countRetry', params }]),
                  prompt(ask, ask.retry.message),
                ],
              },
              ...(ask.retry.limit === 'unlimited'
                ? []
                : [
                    {
                      guard: { type: 'outOfRetries', params },
                      target: target(ask.retry.then ?? END),
                      actions: [{ type: 'giveUp', params }],
                    },
                  ]),
            ],
            ...timeout.on,
            // After an interruption (HELP, a command) the question again, as first asked.
            'flow.reprompt': { actions: [prompt(ask, ask.message)] },
          },
        };
      }
      case 'wait': {
        const wait = step as WaitStep;
        if (wait.wait === 'timer') {
          const timer = scheduledTimer(flow, wait.timer!);
          return {
            tags: [AWAITING],
            on: {
              'timer.fired': { guard: { type: 'timerIs', params: { timer } }, target: next },
              ...(wait.reply
                ? { 'learner.message': { actions: [{ type: 'send', params: { key: wait.reply } }] } }
                : {}),
            },
          };
        }
        const params = { step: wait.name };
        const timeout = timeoutParts(wait);
        const message = wait.message
          ? [
              {
                type: 'send',
                params: (args: Args) => ({
                  key: wait.message!,
                  vars: messageVars(wait.vars, scopeOf(args)),
                }),
              },
            ]
          : [];
        return {
          tags: [AWAITING],
          entry: [...message, ...timeout.entry],
          exit: timeout.exit,
          on: {
            // A tap on an earlier message's button is not what this step waits for.
            'learner.message': { guard: 'isTyped', target: next, actions: [{ type: 'remember', params }] },
            ...timeout.on,
            ...(message.length ? { 'flow.reprompt': { actions: message } } : {}),
          },
        };
      }
      case 'set': {
        const set = (step as Extract<Step, { set: object }>).set;
        const changes = (args: Args) => {
          const profile: Record<string, unknown> = {};
          const learning: Record<string, unknown> = {};
          for (const [field, value] of Object.entries(set)) {
            if (field.startsWith('learning.'))
              learning[field.slice('learning.'.length)] = resolve(value, scopeOf(args));
            else profile[field] = resolve(value, scopeOf(args));
          }
          return Object.keys(learning).length ? { ...profile, learning } : profile;
        };
        return {
          entry: [
            { type: 'updateProfile', params: changes },
            // The engine saves the profile after the turn: later steps of this turn see it from here.
            assign(({ context, event }: Args) => {
              const { learning, ...fields } = changes({ context, event }) as Record<string, unknown>;
              const before = context.profile ?? {};
              const kept = { ...(before.learning as object), ...(learning as object) };
              return { profile: { ...before, ...fields, ...(learning ? { learning: kept } : {}) } };
            }),
          ],
          always: next,
        };
      }
      case 'branch': {
        const branch = step as Extract<Step, { branch: Condition[] }>;
        return {
          always: [
            ...branch.branch.map(({ goto, ...condition }) => ({
              guard: { type: 'holds', params: condition },
              target: target(goto),
            })),
            { target: branch.otherwise ? target(branch.otherwise) : next },
          ],
        };
      }
      case 'call': {
        const call = step as Extract<Step, { call: string }>;
        return {
          entry: [
            {
              type: 'callService',
              params: (args: Args) => ({
                service: call.call,
                input: resolveAll(call.with, scopeOf(args)),
              }),
            },
          ],
          always: next,
        };
      }
      case 'start': {
        const start = step as Extract<Step, { start: string }>;
        // The other flow takes over once this one has ended, in the same turn.
        return {
          type: 'final',
          entry: [
            {
              type: 'startFlow',
              params: (args: Args) => ({
                flow: start.start,
                input: resolveAll(start.with, scopeOf(args)),
              }),
            },
          ],
        };
      }
      case 'schedule': {
        const schedule = step as Extract<Step, { schedule: string }>;
        const name = scheduledTimer(flow, schedule.schedule);
        return {
          entry: [
            {
              type: 'schedule',
              params: (args: Args) =>
                schedule.delay
                  ? { name, delay: fill(schedule.delay, scopeOf(args)) }
                  : {
                      name,
                      at: {
                        time: fill(schedule.at ?? '', scopeOf(args)),
                        ...(schedule.days !== undefined ? { days: schedule.days } : {}),
                        ...(schedule.zone ? { zone: fill(schedule.zone, scopeOf(args)) } : {}),
                      },
                    },
            },
          ],
          always: next,
        };
      }
      case 'end':
        return { type: 'final' };
      case 'finish': {
        const finisher = finishers[(step as Extract<Step, { finish: string }>).finish];
        return {
          type: 'final',
          entry: [
            assign(({ context, event }: Args) => ({
              output: {
                rootEffects: finisher?.(context.answers, learnerOf(context, event), atOf(event)) ?? [],
              },
            })),
          ],
        };
      }
    }
  };
}
