/*
 * The M-PESA purchase conversation (issue 12 item 3): choose a plan → confirm the number that
 * pays → the `payment.request` service sends the STK push. What M-PESA answers comes back later as
 * `system.payment` and is the root's to handle in any state (flows/payment-events.ts), since the
 * learner may have moved on by then; this flow ends once the request is made.
 * Started by PAY / SUBSCRIBE (LIPA, JIUNGE), by a premium course the learner cannot open yet, or
 * by [Try again] (with the plan). Decisions: the number offered is the last one that paid, else
 * the learner's WhatsApp number when it is Kenyan; a learner without one (a username, a foreign
 * number) types it; a Kenyan number typed at either question is taken in any usual form. A plan is
 * picked by its row (the PAY command, which starts this flow again with the plan), its number or
 * its title; "not now" in either language ends the flow.
 */
import { assign, setup } from 'xstate';
import type { ContentCatalog } from '../content/catalog.js';
import { matchChoice } from '../engine/choices.js';
import { effectActions, perform, type Effect } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import type { FlowDefinition } from '../engine/registry.js';
import { kenyanMsisdn, localKenyanNumber } from '../shared/kenyan-msisdn.js';
import { normalise } from './learning/text-match.js';
import { planOffer, plansOffered, planTitle, PAY_LATER } from './payment-offer.js';

export interface PaymentInput {
  /** The premium course the learner wants; its plans only. */
  course?: string;
  /** The plan already chosen ([Try again], a tapped plan row). */
  plan?: string;
  language?: string;
  /** The learner's address (a WhatsApp number, or a BSUID for a username). */
  address?: string;
  /** The number the learner's last purchase was paid from. */
  lastPhone?: string;
}

interface PaymentContext {
  course?: string;
  plan?: string;
  language: string;
  address?: string;
  lastPhone?: string;
  /** The number the M-PESA prompt goes to, E.164. */
  phone?: string;
}

const NOT_NOW = new Set([
  'not now',
  'no',
  'later',
  'cancel payment',
  'hapana',
  'baadaye',
  'si sasa',
  'sio sasa',
]);
// The buttons' own titles typed out count too ("Yes, this number", "Ndiyo, namba hii").
const YES = new Set([
  'usephone',
  'yes',
  'y',
  'ok',
  'okay',
  'sawa',
  'ndiyo',
  'ndio',
  '1',
  'yes this number',
  'ndiyo namba hii',
]);
const OTHER = new Set([
  'othernumber',
  'other',
  'another',
  'another number',
  'other number',
  'nyingine',
  'namba nyingine',
  '2',
]);

const typed = (event: ConversationEvent) => (event.type === 'learner.message' ? event.input : '');
const said =
  (words: Set<string>) =>
  ({ event }: { event: ConversationEvent }) =>
    event.type === 'learner.message' && words.has(normalise(event.input));

export function createPaymentFlow(catalog: ContentCatalog): FlowDefinition {
  const plan = (context: PaymentContext) => catalog.plan(context.plan ?? '');
  const planVars = (context: PaymentContext) => ({
    plan: planTitle(plan(context), context.language),
    price: (plan(context)?.price ?? 0).toLocaleString('en'),
  });
  /** The number to offer: the one that paid last, else a Kenyan WhatsApp number. */
  const defaultPhone = (context: PaymentContext, event: ConversationEvent) =>
    (context.lastPhone && kenyanMsisdn(context.lastPhone)) ??
    kenyanMsisdn(event.learner?.phone ?? '') ??
    kenyanMsisdn(context.address ?? '') ??
    undefined;
  const send = (key: string, vars: Record<string, string>, extra: object = {}): Effect => ({
    type: 'send',
    params: { key, vars, ...extra },
  });
  const notNowButton = { id: PAY_LATER, key: 'payment.notNow' };

  const machine = setup({
    types: {
      context: {} as PaymentContext,
      events: {} as ConversationEvent,
      input: {} as PaymentInput | undefined,
    },
    actions: {
      ...effectActions,
      offerPlans: perform((context: PaymentContext) => [
        { type: 'send', params: planOffer(catalog, context.language, context.course) },
      ]),
      offerAgain: perform((context: PaymentContext) => [
        { type: 'send', params: planOffer(catalog, context.language, context.course, true) },
      ]),
      sayNoPlans: perform(() => [send('payment.noPlans', {})]),
      sayLater: perform(() => [send('payment.later', {})]),
      takePlan: assign(({ context, event }) => {
        const offered = plansOffered(catalog, context.course).map((p) => ({
          id: p.id,
          title: planTitle(p, context.language),
        }));
        return { plan: matchChoice(typed(event), offered)?.id };
      }),
      offerPhone: assign(({ context, event }) => ({ phone: defaultPhone(context, event) })),
      askConfirmPhone: perform((context: PaymentContext) => [
        send(
          'payment.confirmPhone',
          { ...planVars(context), phone: localKenyanNumber(context.phone!) },
          {
            buttons: [
              { id: 'usePhone', key: 'payment.useThisNumber' },
              { id: 'otherNumber', key: 'payment.otherNumber' },
              notNowButton,
            ],
          },
        ),
      ]),
      askPhone: perform((context: PaymentContext) => [
        send('payment.askPhone', planVars(context), { buttons: [notNowButton] }),
      ]),
      phoneAgain: perform(() => [send('payment.phoneAgain', {}, { buttons: [notNowButton] })]),
      takeTypedPhone: assign(({ event }) => ({ phone: kenyanMsisdn(typed(event)) ?? undefined })),
      // The turn's time and the plan name the attempt: a rerun of this turn asks M-PESA once.
      request: perform((context: PaymentContext, event: ConversationEvent) => {
        const at = event.at ?? new Date(0).toISOString();
        const requestId = `pay:${at}:${context.plan}`;
        return [
          {
            type: 'updateProfile',
            params: {
              learning: {
                payment: {
                  requestId,
                  plan: context.plan!,
                  phone: context.phone!,
                  ...(context.course ? { course: context.course } : {}),
                  at,
                  status: 'requested',
                },
              },
            },
          },
          {
            type: 'callService',
            params: {
              service: 'payment.request',
              input: { requestId, planId: context.plan!, phone: context.phone! },
            },
          },
          send('payment.requested', { ...planVars(context), phone: localKenyanNumber(context.phone!) }),
        ];
      }),
      followLanguage: assign(({ context, event }) => ({
        language: event.learner?.language ?? context.language,
      })),
    },
    guards: {
      planGiven: ({ context }) => plansOffered(catalog, context.course).some((p) => p.id === context.plan),
      noPlans: ({ context }) => plansOffered(catalog, context.course).length === 0,
      picksPlan: ({ context, event }) =>
        event.type === 'learner.message' &&
        matchChoice(
          event.input,
          plansOffered(catalog, context.course).map((p) => ({
            id: p.id,
            title: planTitle(p, context.language),
          })),
        ) !== null,
      saysNotNow: said(NOT_NOW),
      hasPhone: ({ context }) => context.phone !== undefined,
      usesPhone: said(YES),
      wantsOther: said(OTHER),
      typedPhone: ({ event }) => event.type === 'learner.message' && kenyanMsisdn(event.input) !== null,
    },
  }).createMachine({
    id: 'payment',
    context: ({ input }) => ({
      language: input?.language ?? 'en',
      ...(input?.course ? { course: input.course } : {}),
      ...(input?.plan ? { plan: input.plan } : {}),
      ...(input?.address ? { address: input.address } : {}),
      ...(input?.lastPhone ? { lastPhone: input.lastPhone } : {}),
    }),
    initial: 'start',
    states: {
      start: {
        always: [
          { guard: 'planGiven', target: 'phone' },
          { guard: 'noPlans', target: 'done', actions: 'sayNoPlans' },
          { target: 'choosing', actions: 'offerPlans' },
        ],
      },
      choosing: {
        tags: ['awaiting'],
        on: {
          'learner.message': [
            { guard: 'picksPlan', target: 'phone', actions: 'takePlan' },
            { guard: 'saysNotNow', target: 'done', actions: 'sayLater' },
            { actions: 'offerAgain' },
          ],
          'flow.reprompt': { actions: ['followLanguage', 'offerPlans'] },
        },
      },
      phone: {
        entry: 'offerPhone',
        always: [
          { guard: 'hasPhone', target: 'confirmingPhone', actions: 'askConfirmPhone' },
          { target: 'typingPhone', actions: 'askPhone' },
        ],
      },
      confirmingPhone: {
        tags: ['awaiting'],
        on: {
          'learner.message': [
            { guard: 'usesPhone', target: 'requesting' },
            { guard: 'typedPhone', target: 'requesting', actions: 'takeTypedPhone' },
            { guard: 'wantsOther', target: 'typingPhone', actions: 'askPhone' },
            { guard: 'saysNotNow', target: 'done', actions: 'sayLater' },
            { actions: 'askConfirmPhone' },
          ],
          'flow.reprompt': { actions: ['followLanguage', 'askConfirmPhone'] },
        },
      },
      typingPhone: {
        tags: ['awaiting'],
        on: {
          'learner.message': [
            { guard: 'typedPhone', target: 'requesting', actions: 'takeTypedPhone' },
            { guard: 'saysNotNow', target: 'done', actions: 'sayLater' },
            { actions: 'phoneAgain' },
          ],
          'flow.reprompt': { actions: ['followLanguage', 'askPhone'] },
        },
      },
      requesting: {
        entry: 'request',
        always: { target: 'done' },
      },
      done: { type: 'final' },
    },
  });

  const kenyan = {
    phone: '+254712345678',
    name: 'Amina',
    language: 'en',
    timezone: 'Africa/Nairobi',
    learning: {},
  };
  const text = (input: string): ConversationEvent => ({
    type: 'learner.message',
    message: { kind: 'text', text: input },
    input,
    learner: kenyan,
    at: '2026-03-02T10:00:00.000Z',
  });
  return {
    id: 'payment',
    version: 1,
    description:
      'Buy a premium plan with M-PESA: choose a plan, confirm the paying number, send the M-PESA prompt',
    machine,
    samples: [
      text('1'),
      text('2'),
      text('usePhone'),
      text('otherNumber'),
      text('0712 345 678'),
      text('hello'),
      text('not now'),
      { type: 'flow.reprompt', reason: 'interruption' },
    ],
  };
}
