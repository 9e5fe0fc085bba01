/*
 * M-PESA as the root conversation offers it, in any state: PAY / SUBSCRIBE (LIPA, JIUNGE) start the
 * payment flow, BILLING (MALIPO) shows the learner's payments and opens a support request, and what
 * the payment service answers (`system.payment`, `system.paymentHistory`, `system.paymentSupport`)
 * is told to the learner at once, whatever flow runs. Decisions: a confirmed payment grants access
 * in the learning state (once per order) and brings the lesson the learner was trying to get: at
 * once when nothing else is running, else after the quiz they are in (NEXT). Every message about
 * money says so when the M-PESA is simulated (`simulated: true`): no money moved. A failed prompt
 * offers [Try again] (the same plan, the number confirmed again) and [Later].
 */
import { DateTime } from 'luxon';
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect, SendParams } from '../engine/effects.js';
import type { RootCommand, RootExtensions, RootInput } from '../engine/registry.js';
import { localKenyanNumber } from '../shared/kenyan-msisdn.js';
import { command, journeyOf, onboardedOnly, send } from './command-kit.js';
import { hasAccess, withGrant } from './learning/access.js';
import type { AccessGrant, LearningState, PaymentAttempt } from './learning/state.js';
import { startLesson } from './lesson-start.js';
import { PAY_LATER, payId, planTitle } from './payment-offer.js';
import { startPayment } from './payment-start.js';
import { graceAfter } from './learning/renewal.js';
import { RENEWAL_RETRY_TIMER, renewalAfterFailure, scheduleRenewal } from './renewal.js';
import { inLanguage } from './questions.js';

export const PAYMENT_EVENT = 'payment';
export const PAYMENT_HISTORY_EVENT = 'paymentHistory';
export const PAYMENT_SUPPORT_EVENT = 'paymentSupport';
export const REFUND_EVENT = 'refund';
export const REPORT_PROBLEM = 'BILLING PROBLEM';

const FAILURES = ['cancelled', 'insufficientFunds', 'wrongPin', 'timedOut', 'failed', 'unavailable'];
const STATUS_MARK: Record<string, string> = {
  confirmed: '✅',
  pending: '⏳',
  failed: '❌',
  cancelled: '❌',
  refunded: '↩️',
};

type EventInput = RootInput & { data: Record<string, unknown> };

/** In a flow, its question follows what the root just said. */
const resume = (input: RootInput): Effect[] =>
  input.activeFlow ? [{ type: 'reprompt', params: { reason: 'interruption' } }] : [];

export function createPaymentExtensions(catalog: ContentCatalog): RootExtensions {
  const pay = (input: RootInput & { argument: string }): Effect[] => {
    const { state, now } = journeyOf(input);
    const [first = '', second = ''] = input.argument.trim().split(/\s+/);
    if (first.toUpperCase() === 'LATER')
      return [send('payment.later'), ...(input.activeFlow === 'payment' ? [endFlow] : [])];
    const plan = catalog.plan(first.toLowerCase());
    const named = catalog.course((plan ? second : first).toLowerCase());
    const course =
      named && catalog.plansFor(named.slug).some((p) => !plan || p.id === plan.id)
        ? named.slug
        : // PAY alone, in a premium course not paid for: that course's plans.
          !plan && state.course && !hasAccess(state.access, catalog.course(state.course), now)
          ? state.course
          : undefined;
    return startPayment(catalog, input, {
      ...(course ? { course } : {}),
      ...(plan ? { plan: plan.id } : {}),
    });
  };

  const billing = (input: RootInput & { argument: string }): Effect[] =>
    input.argument
      ? [{ type: 'startFlow', params: { flow: 'paymentSupport', input: {} } }]
      : [{ type: 'callService', params: { service: 'payment.history', input: {} } }];

  const commands: RootCommand[] = [
    { ...command('pay', onboardedOnly(pay)) },
    { ...command('subscribe', onboardedOnly(pay)) },
    { ...command('billing', billing), answersLater: true },
  ];

  return {
    commands,
    events: {
      [PAYMENT_EVENT]: (input) => paymentEvent(catalog, input),
      [PAYMENT_HISTORY_EVENT]: (input) => [...history(catalog, input), ...resume(input)],
      [REFUND_EVENT]: (input) => [...refunded(catalog, input), ...resume(input)],
      [PAYMENT_SUPPORT_EVENT]: (input) => [
        send('payment.supportReceived', { requestId: String(input.data.requestId ?? '') }),
        ...resume(input),
      ],
    },
  };
}

const endFlow: Effect = { type: 'endFlow', params: {} };

/** What M-PESA answered about the learner's purchase, told to them (and access granted when paid). */
function paymentEvent(catalog: ContentCatalog, input: EventInput): Effect[] {
  const { state, language } = journeyOf(input);
  const data = input.data;
  const status = String(data.status ?? '');
  const planId = String(data.planId ?? state.payment?.plan ?? '');
  const plan = catalog.plan(planId);
  const group = data.simulated === true ? 'payment.simulated' : 'payment.mpesa';
  const orderId = typeof data.orderId === 'string' ? data.orderId : undefined;
  const attempt = state.payment;
  const vars = {
    plan: planTitle(plan, language) || planId,
    price: (plan?.price ?? 0).toLocaleString('en'),
    phone: attempt ? localKenyanNumber(attempt.phone) : '',
  };
  const marked = (next: PaymentAttempt['status']): Effect[] =>
    attempt
      ? [
          {
            type: 'updateProfile',
            params: { learning: { payment: { ...attempt, status: next, ...(orderId ? { orderId } : {}) } } },
          },
        ]
      : [];
  const course = attempt?.course;
  const retry: Partial<SendParams> = {
    buttons: [
      { id: payId(planId, course), key: 'payment.tryAgain' },
      { id: PAY_LATER, key: 'payment.laterButton' },
    ],
  };
  switch (status) {
    case 'prompted':
    case 'alreadyPending':
      return [...marked('prompted'), send(`${group}.${status}`, vars), ...resume(input)];
    case 'confirmed':
      return confirmed(catalog, input, state, { group, vars, orderId: orderId ?? '', planId });
    default:
      if (!FAILURES.includes(status)) return [];
      return [
        ...marked('settled'),
        send(`${group}.${status}`, vars, retry),
        ...renewalAfterFailure(input, status),
        ...resume(input),
      ];
  }
}

function confirmed(
  catalog: ContentCatalog,
  input: EventInput,
  state: LearningState,
  paid: { group: string; vars: Record<string, string>; orderId: string; planId: string },
): Effect[] {
  const { language, now, zone } = journeyOf(input);
  const data = input.data;
  // The same order confirmed twice (a repeated delivery) grants and says nothing more.
  if (!paid.orderId || state.access.some((grant) => grant.orderId === paid.orderId)) return [];
  const plan = catalog.plan(paid.planId);
  const courses = Array.isArray(data.courses)
    ? data.courses.map(String)
    : data.courses === 'premium'
      ? 'premium'
      : (plan?.courses ?? []);
  const until = typeof data.accessUntil === 'string' ? data.accessUntil : undefined;
  const grant: AccessGrant = {
    plan: paid.planId,
    courses,
    orderId: paid.orderId,
    // A plan with an end stays open for a grace after it while the learner renews (flows/renewal.ts).
    ...(until ? { until, graceUntil: graceAfter(until) } : {}),
  };
  const access = withGrant(state.access, grant, now);
  // The course the learner was trying to reach, else their own premium course now open.
  const wanted = state.payment?.course ?? state.course;
  const target =
    wanted && catalog.course(wanted)?.premium && hasAccess(access, catalog.course(wanted), now)
      ? wanted
      : undefined;
  const switchTo = target && target !== state.course ? target : undefined;
  const learning: Record<string, unknown> = {
    access,
    ...(state.payment ? { payment: { ...state.payment, status: 'settled', orderId: paid.orderId } } : {}),
    ...(switchTo
      ? {
          course: switchTo,
          courses: state.courses.includes(switchTo) ? state.courses : [...state.courses, switchTo],
        }
      : {}),
  };
  const receipt = {
    ...paid.vars,
    amount: Number(data.amount ?? catalog.plan(paid.planId)?.price ?? 0).toLocaleString('en'),
    receipt: String(data.receipt ?? ''),
    until: until ? DateTime.fromISO(until, { zone }).setLocale(language).toFormat('d LLL yyyy') : '',
  };
  const thanks = send(`${paid.group}.${until ? 'confirmedUntil' : 'confirmed'}`, receipt);
  const effects: Effect[] = [
    { type: 'updateProfile', params: { learning } },
    thanks,
    ...scheduleRenewal(grant, now),
    { type: 'cancelTimer', params: { name: RENEWAL_RETRY_TIMER } },
  ];
  // A renewal keeps what the learner was doing: no lesson was waiting for it.
  if (state.payment?.renewal) return [...effects, ...resume(input)];
  if (!target)
    return [
      ...effects,
      send('payment.chooseCourse', {}, { buttons: [{ id: 'COURSES', key: 'payment.coursesButton' }] }),
      ...resume(input),
    ];
  const courseTitle = inLanguage(catalog.course(target)?.title, language);
  // Another flow waits for an answer (a quiz, a review): the new course's lesson comes after it.
  if (input.activeFlow && input.activeFlow !== 'payment')
    return [
      ...effects,
      send(
        'payment.afterThis',
        { course: courseTitle },
        { buttons: [{ id: 'NEXT', key: 'payment.nextButton' }] },
      ),
      ...resume(input),
    ];
  const opened = {
    ...input,
    learner: input.learner && { ...input.learner, learning: { ...input.learner.learning, ...learning } },
  };
  return [...effects, ...startLesson(catalog, opened, false)];
}

/** A refund completed: told, and a full one ends the access its payment bought. */
function refunded(catalog: ContentCatalog, input: EventInput): Effect[] {
  const { state, language } = journeyOf(input);
  const orderId = String(input.data.orderId ?? '');
  const planId = String(input.data.planId ?? '');
  const vars = {
    amount: Number(input.data.amount ?? 0).toLocaleString('en'),
    plan: planTitle(catalog.plan(planId), language) || planId,
  };
  if (input.data.full !== true) return [send('payment.refundedPart', vars)];
  const access = state.access.filter((grant) => grant.orderId !== orderId);
  return [
    ...(access.length !== state.access.length
      ? [{ type: 'updateProfile', params: { learning: { access } } } satisfies Effect]
      : []),
    send('payment.refunded', vars),
  ];
}

/** The learner's payments, newest first, one line each, with a way to report a problem. */
function history(catalog: ContentCatalog, input: EventInput): Effect[] {
  const { language, zone } = journeyOf(input);
  const payments = Array.isArray(input.data.payments)
    ? (input.data.payments as Record<string, unknown>[])
    : [];
  const report = { buttons: [{ id: REPORT_PROBLEM, key: 'payment.reportProblem' }] };
  if (!payments.length) return [send('payment.historyEmpty', {}, report)];
  const lines = payments.slice(0, 10).map((p) => {
    const at = DateTime.fromISO(String(p.at ?? ''), { zone }).setLocale(language);
    const title = planTitle(catalog.plan(String(p.planId ?? '')), language) || String(p.planId ?? '');
    const amount = Number(p.amount ?? 0).toLocaleString('en');
    const receipt = typeof p.receipt === 'string' && p.receipt ? ` · ${p.receipt}` : '';
    const mark = STATUS_MARK[String(p.status)] ?? '•';
    return `${mark} ${at.isValid ? at.toFormat('d LLL yyyy') : '?'} · ${title} · KES ${amount}${receipt}`;
  });
  return [send('payment.history', { payments: lines.join('\n') }, report)];
}
