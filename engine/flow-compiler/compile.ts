import { assign, setup, type AnyStateMachine } from 'xstate';
import { effectActions } from '../effects.js';
import type { OfferedChoice } from '../choices.js';
import type { ConversationEvent } from '../events.js';
import type { FlowDefinition } from '../registry.js';
import { DEFAULT_BUTTON_ID, parseAnswer, type TextsOf } from './answers.js';
import { END_STATE, stateBuilder, type StateConfig } from './compile-states.js';
import { UNKNOWN_LEARNER, type FlowExtensions } from './extensions.js';
import { learnerOf, scopeWith, type ScopeArgs as Args } from './learner.js';
import { samplesOf } from './samples.js';
import {
  DEFAULT_RETRY_LIMIT,
  END,
  isOptionsFrom,
  type AskStep,
  type Condition,
  type FlowSpec,
  type WaitStep,
} from './spec.js';
import { fill, holds, type FlowContext } from './values.js';

export { END_STATE } from './compile-states.js';

export interface CompileOptions {
  /** A message key's text in every language, so learners may type a choice's words. */
  textsOf?: TextsOf;
  /** Option sources, learner values and finishers the flow names. */
  extensions?: FlowExtensions;
}

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
  const { optionSources = {}, learnerValues = {}, finishers = {}, places } = options.extensions ?? {};
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
    return parseAnswer(step, event.input, textsOf, offered, choicesOf(step, { context, event }), places);
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
        // A time zone's place ("Mombasa") is kept beside it as `<save>Place`.
        const place =
          parsed.ok && 'place' in parsed && parsed.place ? { [`${answerName(ask)}Place`]: parsed.place } : {};
        return {
          answers: parsed.ok
            ? { ...context.answers, [answerName(ask)]: parsed.value, ...place }
            : context.answers,
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

  const stateOf = stateBuilder({ flow: spec.flow, target, nextOf, scopeOf, choicesOf, finishers });
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
