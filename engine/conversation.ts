import { assign, forwardTo, setup, type AnyStateMachine } from 'xstate';
import { effectActions, perform, type Effect } from './effects.js';
import { inputOf, type ConversationEvent, type InboundMessage, type LearnerProfile } from './events.js';
import type { FlowRegistry, RootCommand, RootInput } from './registry.js';

export const COMMANDS = ['STOP', 'START', 'HELP', 'MENU'] as const;
export type Command = (typeof COMMANDS)[number];
export const MENU_PREFIX = 'menu:';

export interface ConversationContext {
  activeFlow: string | null;
  /** Identifies one run of a flow; timers from other runs are stale. */
  flowRun: string;
  runs: number;
  started: boolean;
}

/** Words WhatsApp users send to opt out or back in (English and Swahili), beside the commands themselves. */
const SYNONYMS: Record<string, Command> = {
  UNSUBSCRIBE: 'STOP',
  CANCEL: 'STOP',
  END: 'STOP',
  QUIT: 'STOP',
  ACHA: 'STOP',
  SITISHA: 'STOP',
  UNSTOP: 'START',
  ANZA: 'START',
  MSAADA: 'HELP',
  ORODHA: 'MENU',
};

/** The root's own command words a learner is offered ("did you mean STOP?"): opt-out synonyms like QUIT are never suggested. */
export const ROOT_COMMAND_WORDS: readonly string[] = [...COMMANDS, 'ACHA', 'ANZA', 'MSAADA', 'ORODHA'];

function commandOf(event: ConversationEvent): Command | null {
  if (event.type !== 'learner.message') return null;
  const word = event.input
    .trim()
    .replace(/[.!]+$/, '')
    .toUpperCase();
  if ((COMMANDS as readonly string[]).includes(word)) return word as Command;
  return SYNONYMS[word] ?? null;
}

/** Whether a learner message asks to opt out (STOP or a synonym): limits must never swallow it. */
export function asksToStop(message: InboundMessage): boolean {
  return commandOf({ type: 'learner.message', message, input: inputOf(message) }) === 'STOP';
}

/** A command the flows gave the root, and its argument: `TIME 07:30` → TIME with `07:30`. */
function extensionCommand(
  commands: readonly RootCommand[],
  event: ConversationEvent,
  activeFlow: string | null,
): { command: RootCommand; argument: string; word: string } | null {
  if (event.type !== 'learner.message') return null;
  const allowed = (c: RootCommand) => activeFlow === null || !c.notDuring?.includes(activeFlow);
  const whole = event.input
    .trim()
    .replace(/[.!?]+$/, '')
    .replace(/\s+/g, ' ')
    .toUpperCase();
  const byPhrase = commands.find((c) => c.phrases?.includes(whole));
  if (byPhrase) return allowed(byPhrase) ? { command: byPhrase, argument: '', word: whole } : null;
  const [first = '', ...rest] = event.input.trim().split(/\s+/);
  const word = first.replace(/[.!?]+$/, '').toUpperCase();
  const argument = rest.join(' ').replace(/[.!?]+$/, '');
  const command = commands.find((c) => c.words.includes(word));
  if (!command || !allowed(command)) return null;
  if ((command.argument === 'required' && !argument) || (command.argument === 'none' && argument))
    return null;
  return { command, argument, word };
}

/** Output a flow may end with: effects the root performs as its own (say, a daily timer that outlives the flow). */
export interface FlowOutput {
  rootEffects?: Effect[];
}

/** The learner without their learning state, which a new learner does not have and a flow's input need not carry. */
const who = (learner: LearnerProfile): LearnerProfile => ({ ...learner, learning: {} });

/** A tapped menu entry; its id typed as text ("menu:feedback") is no choice: only a tap was offered. */
function menuChoice(event: ConversationEvent): string | null {
  if (event.type !== 'learner.message' || !event.input.startsWith(MENU_PREFIX)) return null;
  if (event.message.kind !== 'button' && event.message.kind !== 'list') return null;
  return event.input.slice(MENU_PREFIX.length);
}

/**
 * The root conversation: routes global commands (STOP, START, HELP, MENU) and runs one
 * active flow at a time as the child actor `flow`, so XState persists it with the root.
 */
export function createConversationMachine(registry: FlowRegistry): AnyStateMachine {
  const flows = registry.list();
  const menuButtons = registry.menu().map((flow) => ({ id: `${MENU_PREFIX}${flow.id}`, key: flow.menuKey! }));
  const actors = Object.fromEntries(flows.map((flow) => [flow.id, flow.machine])) as Record<
    string,
    AnyStateMachine
  >;

  const root = registry.root;
  const commands = root.commands ?? [];
  const rootInput = (context: ConversationContext, event: ConversationEvent): RootInput => ({
    learner: event.learner,
    at: event.at ?? new Date(0).toISOString(),
    activeFlow: context.activeFlow,
  });
  /** The effects the root performs for an event its extensions handle (none when they do not). */
  const rootEffects = (context: ConversationContext, event: ConversationEvent): Effect[] => {
    const input = rootInput(context, event);
    if (event.type === 'learner.message') {
      const found = extensionCommand(commands, event, context.activeFlow);
      return found ? found.command.run({ ...input, argument: found.argument, word: found.word }) : [];
    }
    if (event.type === 'timer.fired')
      return root.timers?.[event.name]?.({ ...input, payload: event.payload }) ?? [];
    if (event.type.startsWith('system.')) {
      const handler = root.events?.[event.type.slice('system.'.length)];
      return handler?.({ ...input, data: (event as { data?: Record<string, unknown> }).data ?? {} }) ?? [];
    }
    if (event.type.startsWith('xstate.done.actor.'))
      return (event as { output?: FlowOutput }).output?.rootEffects ?? [];
    return [];
  };

  const sendMenu: Effect = { type: 'send', params: { key: 'system.menu', buttons: menuButtons } };
  const reprompt: Effect = { type: 'reprompt', params: { reason: 'interruption' } };

  const machine = setup({
    types: { context: {} as ConversationContext, events: {} as ConversationEvent },
    actions: {
      ...effectActions,
      runRootEffects: perform(rootEffects),
      // A command answered while a flow waits: its question follows, unless the command replaced
      // the flow or asked a question of its own (LANGUAGE's buttons, the COURSES list).
      runCommand: perform((context: ConversationContext, event: ConversationEvent) => {
        const effects = rootEffects(context, event);
        // A command answered later (it called a service): the flow's question follows that answer.
        const later =
          extensionCommand(commands, event, context.activeFlow)?.command.answersLater === true &&
          effects.some((e) => e.type === 'callService');
        const moveOn =
          later ||
          effects.some(
            (e) =>
              e.type === 'startFlow' ||
              e.type === 'endFlow' ||
              e.type === 'reprompt' ||
              (e.type === 'send' && (e.params.buttons?.length || e.params.list)),
          );
        return context.activeFlow && !moveOn ? [...effects, reprompt] : effects;
      }),
      repromptFlow: perform((context: ConversationContext) => (context.activeFlow ? [reprompt] : [])),
      runMenu: perform((context: ConversationContext, event: ConversationEvent) =>
        root.menu ? root.menu(rootInput(context, event)) : [sendMenu],
      ),
      runFallback: perform((context: ConversationContext, event: ConversationEvent) =>
        root.fallback && event.type === 'learner.message'
          ? root.fallback({ ...rootInput(context, event), text: event.input })
          : [sendMenu],
      ),
      runOnStart: perform(
        (context: ConversationContext, event: ConversationEvent) =>
          root.onStart?.(rootInput(context, event)) ?? [],
      ),
      runOnStop: perform(
        (context: ConversationContext, event: ConversationEvent) =>
          root.onStop?.(rootInput(context, event)) ?? [],
      ),
      beginRun: assign(({ context }, params: { flow: string }) => ({
        activeFlow: params.flow,
        runs: context.runs + 1,
        flowRun: `${params.flow}#${context.runs + 1}`,
        started: true,
      })),
      endRun: assign({ activeFlow: null, flowRun: 'none' }),
    },
    actors,
    guards: {
      isCommand: ({ event }, params: { command: Command }) => commandOf(event) === params.command,
      isMenuChoice: ({ event }) => {
        const choice = menuChoice(event);
        return choice !== null && registry.get(choice)?.menuKey !== undefined;
      },
      isNew: ({ context }) => !context.started,
      isExtensionCommand: ({ context, event }) =>
        extensionCommand(commands, event, context.activeFlow) !== null,
      isRootTimer: ({ event }) => event.type === 'timer.fired' && root.timers?.[event.name] !== undefined,
      isRootEvent: ({ event }) =>
        event.type.startsWith('system.') && root.events?.[event.type.slice('system.'.length)] !== undefined,
    },
  });

  const sendKey = (key: string) => ({ type: 'send' as const, params: { key } });
  const startTransitions = flows.map((flow) => ({
    guard: ({ event }: { event: ConversationEvent }) =>
      (event.type === 'flow.start' && event.flow === flow.id) || menuChoice(event) === flow.id,
    target: `#conversation.active.${flow.id}`,
    reenter: true,
    actions: [{ type: 'beginRun' as const, params: { flow: flow.id } }],
  }));
  // A flow learns how it was started: from MENU (`{ fromMenu: true }`) or with a flow.start's input.
  const commandTransitions = [
    {
      guard: { type: 'isCommand' as const, params: { command: 'STOP' as const } },
      target: '#conversation.stopped',
      actions: [
        { type: 'updateProfile' as const, params: { status: 'opted_out' as const } },
        'runOnStop' as const,
        // The one message an opted-out learner still gets: the confirmation.
        { type: 'send' as const, params: { key: 'system.stopped', afterOptOut: true } },
      ],
    },
    {
      guard: { type: 'isCommand' as const, params: { command: 'HELP' as const } },
      actions: [sendKey('system.help'), 'repromptFlow' as const],
    },
    // The menu is the learner's next prompt: a quiz question waits behind it, answerable as before.
    {
      guard: { type: 'isCommand' as const, params: { command: 'MENU' as const } },
      actions: ['runMenu' as const],
    },
    {
      guard: { type: 'isCommand' as const, params: { command: 'START' as const } },
      actions: ['runMenu' as const],
    },
  ];

  const extensionTransition = { guard: 'isExtensionCommand' as const, actions: ['runCommand' as const] };
  const rootTimerTransition = { guard: 'isRootTimer' as const, actions: ['runRootEffects' as const] };
  const rootEventTransition = { guard: 'isRootEvent' as const, actions: ['runRootEffects' as const] };

  return machine.createMachine({
    id: 'conversation',
    context: { activeFlow: null, flowRun: 'none', runs: 0, started: false },
    initial: 'idle',
    states: {
      idle: {
        tags: ['awaiting'],
        on: {
          'learner.message': [
            ...commandTransitions,
            ...startTransitions,
            {
              guard: 'isNew',
              target: `#conversation.active.${registry.entry}`,
              actions: [{ type: 'beginRun', params: { flow: registry.entry } }],
            },
            extensionTransition,
            { actions: ['runFallback'] },
          ],
          'flow.start': startTransitions,
          'timer.fired': rootTimerTransition,
          'system.*': rootEventTransition,
        },
      },
      active: {
        initial: registry.entry,
        exit: 'endRun',
        states: Object.fromEntries(
          flows.map((flow) => [
            flow.id,
            {
              invoke: {
                id: 'flow',
                src: flow.id,
                // The entry flow, started by a new learner's first message, gets it ("habari" asks for
                // Kiswahili) and who sent it: its first step runs before any event brings the learner.
                input: ({ event }: { event: ConversationEvent }) =>
                  event.type === 'flow.start'
                    ? (event.input ?? {})
                    : menuChoice(event)
                      ? { fromMenu: true }
                      : event.type === 'learner.message'
                        ? {
                            firstMessage: event.input,
                            ...(event.learner ? { learner: who(event.learner) } : {}),
                          }
                        : {},
                onDone: { target: '#conversation.idle', actions: ['runRootEffects'] },
                onError: { target: '#conversation.idle', actions: [sendKey('system.error')] },
              },
            },
          ]),
        ),
        on: {
          'learner.message': [
            ...commandTransitions,
            ...startTransitions,
            extensionTransition,
            { actions: forwardTo('flow') },
          ],
          'timer.fired': [rootTimerTransition, { actions: forwardTo('flow') }],
          'flow.start': startTransitions,
          'flow.reprompt': { actions: forwardTo('flow') },
          'flow.end': { target: '#conversation.idle' },
          'system.*': rootEventTransition,
        },
      },
      stopped: {
        tags: ['awaiting'],
        on: {
          'learner.message': {
            guard: { type: 'isCommand', params: { command: 'START' } },
            target: 'idle',
            actions: [
              { type: 'updateProfile', params: { status: 'active' } },
              sendKey('system.resumed'),
              'runMenu',
              'runOnStart',
            ],
          },
          'system.*': rootEventTransition,
        },
      },
    },
  } as never) as unknown as AnyStateMachine;
}
