import { assign, forwardTo, setup, type AnyStateMachine } from 'xstate';
import { effectActions } from './effects.js';
import type { ConversationEvent } from './events.js';
import type { FlowRegistry } from './registry.js';

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

function commandOf(event: ConversationEvent): Command | null {
  if (event.type !== 'learner.message') return null;
  const word = event.input
    .trim()
    .replace(/[.!]+$/, '')
    .toUpperCase();
  if ((COMMANDS as readonly string[]).includes(word)) return word as Command;
  return SYNONYMS[word] ?? null;
}

function menuChoice(event: ConversationEvent): string | null {
  if (event.type !== 'learner.message' || !event.input.startsWith(MENU_PREFIX)) return null;
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

  const machine = setup({
    types: { context: {} as ConversationContext, events: {} as ConversationEvent },
    actions: {
      ...effectActions,
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
    },
  });

  const sendKey = (key: string) => ({ type: 'send' as const, params: { key } });
  const sendMenu = { type: 'send' as const, params: { key: 'system.menu', buttons: menuButtons } };
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
        // The one message an opted-out learner still gets: the confirmation.
        { type: 'send' as const, params: { key: 'system.stopped', afterOptOut: true } },
      ],
    },
    {
      guard: { type: 'isCommand' as const, params: { command: 'HELP' as const } },
      actions: [sendKey('system.help')],
    },
    { guard: { type: 'isCommand' as const, params: { command: 'MENU' as const } }, actions: [sendMenu] },
    { guard: { type: 'isCommand' as const, params: { command: 'START' as const } }, actions: [sendMenu] },
  ];

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
            { actions: [sendMenu] },
          ],
          'flow.start': startTransitions,
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
                input: ({ event }: { event: ConversationEvent }) =>
                  event.type === 'flow.start'
                    ? (event.input ?? {})
                    : menuChoice(event)
                      ? { fromMenu: true }
                      : {},
                onDone: { target: '#conversation.idle' },
                onError: { target: '#conversation.idle', actions: [sendKey('system.error')] },
              },
            },
          ]),
        ),
        on: {
          'learner.message': [...commandTransitions, ...startTransitions, { actions: forwardTo('flow') }],
          'timer.fired': { actions: forwardTo('flow') },
          'flow.start': startTransitions,
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
              sendMenu,
            ],
          },
        },
      },
    },
  } as never) as unknown as AnyStateMachine;
}
