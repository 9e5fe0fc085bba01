import { assign, setup, type AnyStateMachine } from 'xstate';
import { AWAITING } from '../actor.js';
import { effectActions, type SendParams } from '../effects.js';
import type { OfferedChoice } from '../choices.js';
import type { ConversationEvent } from '../events.js';
import type { FlowDefinition } from '../registry.js';
import { DEFAULT_BUTTON_ID, parseAnswer, type TextsOf } from './answers.js';
import { UNKNOWN_LEARNER, type FlowExtensions } from './extensions.js';
import { atOf, learnerOf, scopeWith, type ScopeArgs as Args } from './learner.js';
import { askPrompt } from './prompt.js';
import { samplesOf } from './samples.js';
import {
  DEFAULT_RETRY_LIMIT,
  END,
  isOptionsFrom,
  kindOf,
  scheduledTimer,
  timeoutTimer,
  type AskStep,
  type Condition,
  type FlowSpec,
  type Step,
  type WaitStep,
} from './spec.js';
import { fill, holds, messageVars, resolve, resolveAll, type FlowContext } from './values.js';

export interface CompileOptions {
  /** A message key's text in every language, so learners may type a choice's words. */
  textsOf?: TextsOf;
  /** Option sources, learner values and finishers the flow names. */
  extensions?: FlowExtensions;
}

/** The state a compiled flow ends in when a target says `end` or the steps run out. */
export const END_STATE = 'end';

type StateConfig = Record<string, unknown>;
type Params = { step: string };

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

const answerName = (step: AskStep | WaitStep) => step.save ?? step.name;
const inputOf = (event: ConversationEvent) => (event.type === 'learner.message' ? event.input : '');

/** Turns a validated flow file into a FlowDefinition the engine runs like a TypeScript flow. */
export function compileFlow(spec: FlowSpec, options: CompileOptions = {}): FlowDefinition {
  const textsOf = options.textsOf ?? (() => []);
  const { optionSources = {}, learnerValues = {}, finishers = {} } = options.extensions ?? {};
  const scopeOf = scopeWith(learnerValues);
  const choicesOf = (step: AskStep, args: Args): OfferedChoice[] =>
    isOptionsFrom(step.options)
      ? (optionSources[step.options.from]?.(learnerOf(args.context, args.event)) ?? [])
      : [];
  const byName = new Map(spec.steps.map((step) => [step.name, step]));
  const askOf = (name: string) => byName.get(name) as AskStep;
  let endsImplicitly = false;
  const target = (name: string) => {
    if (name !== END) return name;
    endsImplicitly = true;
    return END_STATE;
  };
  const nextOf = (index: number): string => {
    const step = spec.steps[index]!;
    return target(step.goto ?? spec.steps[index + 1]?.name ?? END);
  };
  const answerTo = (step: AskStep, context: FlowContext, event: ConversationEvent) => {
    if (event.type !== 'learner.message') return { ok: false as const };
    const offered = context.offered[step.name];
    if (
      step.ask === 'text' &&
      event.message.kind !== 'text' &&
      !(offered && event.input === DEFAULT_BUTTON_ID)
    )
      return { ok: false as const };
    return parseAnswer(step, event.input, textsOf, offered, choicesOf(step, { context, event }));
  };

  const machine = setup({
    types: {
      context: {} as FlowContext,
      events: {} as ConversationEvent,
      input: {} as Record<string, unknown> | undefined,
    },
    actions: {
      ...effectActions,
      /** Entering an ask: no re-asks yet, and the default it offers worked out from the answers so far. */
      beginAsk: assign(({ context, event }, { step }: Params) => {
        const ask = askOf(step);
        const offered = ask.default ? fill(ask.default.value, scopeOf({ context, event })) : '';
        const { [step]: _dropped, ...others } = context.offered;
        return {
          offered: offered ? { ...others, [step]: offered } : others,
          retries: without(context.retries, step),
        };
      }),
      remember: assign(({ context, event }, { step }: Params) => {
        const ask = byName.get(step) as AskStep | WaitStep;
        const parsed = 'ask' in ask ? answerTo(ask, context, event) : { ok: true, value: inputOf(event) };
        return {
          answers: parsed.ok ? { ...context.answers, [answerName(ask)]: parsed.value } : context.answers,
          retries: without(context.retries, step),
        };
      }),
      // Re-asks are forgotten once a step is left, so they do not follow the learner around.
      giveUp: assign(({ context }, { step }: Params) => ({ retries: without(context.retries, step) })),
      countRetry: assign(({ context }, { step }: Params) => ({
        retries: { ...context.retries, [step]: (context.retries[step] ?? 0) + 1 },
      })),
    },
    guards: {
      answers: ({ context, event }, { step }: Params) => answerTo(askOf(step), context, event).ok,
      mayRetry: ({ context }, { step }: Params) => {
        const limit = askOf(step).retry.limit ?? DEFAULT_RETRY_LIMIT;
        return limit === 'unlimited' || (context.retries[step] ?? 0) < limit;
      },
      outOfRetries: () => true,
      timerIs: ({ event }, { timer }: { timer: string }) =>
        event.type === 'timer.fired' && event.name === timer,
      isTyped: ({ event }) =>
        event.type === 'learner.message' && event.message.kind !== 'button' && event.message.kind !== 'list',
      holds: ({ context, event }, condition: Omit<Condition, 'goto'>) =>
        holds(condition, scopeOf({ context, event })),
    },
  });

  const prompt = (step: AskStep, key: string) => ({
    type: 'send' as const,
    params: (args: Args): SendParams => askPrompt(step, key, scopeOf(args), choicesOf(step, args)),
  });

  const timeoutParts = (step: AskStep | WaitStep) => {
    if (!step.timeout) return { entry: [], exit: [], on: {} };
    const timer = timeoutTimer(spec.flow, step.name);
    return {
      entry: [{ type: 'schedule', params: { name: timer, delay: step.timeout.after } }],
      exit: [{ type: 'cancelTimer', params: { name: timer } }],
      on: {
        'timer.fired': { guard: { type: 'timerIs', params: { timer } }, target: target(step.timeout.goto) },
      },
    };
  };

  const stateOf = (step: Step, index: number): StateConfig => {
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
          },
        };
      }
      case 'wait': {
        const wait = step as WaitStep;
        if (wait.wait === 'timer') {
          const timer = scheduledTimer(spec.flow, wait.timer!);
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
          },
        };
      }
      case 'set': {
        const set = (step as Extract<Step, { set: object }>).set;
        const changes = (args: Args) => {
          const profile: Record<string, unknown> = {};
          const preferences: Record<string, unknown> = {};
          for (const [field, value] of Object.entries(set)) {
            if (field.startsWith('preferences.'))
              preferences[field.slice('preferences.'.length)] = resolve(value, scopeOf(args));
            else profile[field] = resolve(value, scopeOf(args));
          }
          return Object.keys(preferences).length ? { ...profile, preferences } : profile;
        };
        return {
          entry: [
            { type: 'updateProfile', params: changes },
            // The engine saves the profile after the turn: later steps of this turn see it from here.
            assign(({ context, event }: Args) => {
              const { preferences, ...fields } = changes({ context, event }) as Record<string, unknown>;
              const before = context.profile ?? {};
              const kept = { ...(before.preferences as object), ...(preferences as object) };
              return { profile: { ...before, ...fields, ...(preferences ? { preferences: kept } : {}) } };
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
        const name = scheduledTimer(spec.flow, schedule.schedule);
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

  const states: Record<string, StateConfig> = Object.fromEntries(
    spec.steps.map((step, index) => [step.name, stateOf(step, index)]),
  );
  if (endsImplicitly) states[END_STATE] = { type: 'final' };

  const compiled = machine.createMachine({
    id: spec.flow,
    context: ({ input }: { input?: Record<string, unknown> }) => ({
      input: input ?? {},
      answers: {},
      retries: {},
      offered: {},
      profile: {},
    }),
    initial: spec.steps[0]!.name,
    // FlowOutput: what a `finish` step hands the root (nothing for other ends).
    output: ({ context }: { context: FlowContext }) => context.output ?? {},
    states,
  } as never) as unknown as AnyStateMachine;

  return {
    id: spec.flow,
    version: spec.version,
    description: spec.description,
    machine: compiled,
    ...(spec.menu ? { menuKey: spec.menu } : {}),
    samples: samplesOf(spec, textsOf, (source) => optionSources[source]?.(UNKNOWN_LEARNER) ?? []),
  };
}
