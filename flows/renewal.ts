/*
 * Renewals and grace (issue 12 item 7). A plan with an end (a week, a month) schedules the root
 * timer `renewal` when it is granted: reminders 3 days and 1 day before the end ([Renew] / [Not
 * now], as the renewal_reminder template outside the 24-hour window), a notice at the end that
 * premium stays open for a 3-day grace, then a polite downgrade that keeps every bit of progress.
 * RENEW (ONGEZA, or the button) sends the M-PESA prompt at once to the number that paid last; a
 * failed prompt is sent again with backoff inside the grace (`renewal.retry`, the rules in
 * flows/learning/renewal.ts). RENEW NO declines: no more reminders and no grace.
 * Decisions: the timer moves out of quiet hours; a learner who renewed early keeps the days left
 * (the payment service starts the new period at the old end); a renewal confirmed says thanks and
 * brings no lesson (the learner was not waiting for one); the timer's messages do not repeat an
 * open question after them (a template would not carry it either; the learner's reply brings it).
 */
import { DateTime } from 'luxon';
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import type { RootCommand, RootExtensions, RootInput } from '../engine/registry.js';
import { kenyanMsisdn, localKenyanNumber } from '../shared/kenyan-msisdn.js';
import { command, journeyOf, onboardedOnly, send } from './command-kit.js';
import { grantValid, hasAccess, pendingPayment } from './learning/access.js';
import { isQuiet, nextAllowed } from './learning/quiet-hours.js';
import { nextRenewalAt, renewable, renewalStage, RETRIED_FAILURES, retryAt } from './learning/renewal.js';
import type { AccessGrant, RenewalState } from './learning/state.js';
import { planTitle } from './payment-offer.js';
import { startPayment } from './payment-start.js';
import { inLanguage } from './questions.js';

export const RENEWAL_TIMER = 'renewal';
export const RENEWAL_RETRY_TIMER = 'renewal.retry';
export const RENEW_NO = 'RENEW NO';

const NO_WORDS = new Set(['NO', 'STOP', 'LATER', 'HAPANA', 'BAADAYE', 'ACHA']);

type Grant = AccessGrant & { until: string };

const at = (name: string, when: Date): Effect => ({
  type: 'schedule',
  params: { name, dueAt: when.toISOString() },
});

/** The renewal timer at the grant's next reminder, end or grace end; nothing for a plan for good. */
export function scheduleRenewal(grant: AccessGrant, now: Date): Effect[] {
  if (grant.until === undefined) return [];
  const next = nextRenewalAt(grant as Grant, now);
  return next ? [at(RENEWAL_TIMER, next)] : [];
}

export function createRenewalExtensions(catalog: ContentCatalog): RootExtensions {
  const describe = (input: RootInput, grant: Grant, instant = grant.until) => {
    const { language, zone } = journeyOf(input);
    const plan = catalog.plan(grant.plan);
    return {
      plan: planTitle(plan, language) || grant.plan,
      price: (plan?.price ?? 0).toLocaleString('en'),
      date: DateTime.fromISO(instant, { zone }).setLocale(language).toFormat('d LLL'),
    };
  };
  const buttons = (price: string) => ({
    buttons: [
      { id: 'RENEW', key: 'renewal.renewButton', vars: { price } },
      { id: RENEW_NO, key: 'renewal.notNowButton' },
    ],
  });
  const profile = (learning: Record<string, unknown>): Effect => ({
    type: 'updateProfile',
    params: { learning },
  });

  /** The M-PESA prompt for the renewal, to `phone`, said with `key`. */
  const prompt = (input: RootInput, grant: Grant, phone: string, renewal: RenewalState, key: string) => {
    const requestId = `renew:${input.at}:${grant.plan}`;
    const attempt = { requestId, plan: grant.plan, phone, at: input.at, status: 'requested', renewal: true };
    return [
      profile({ payment: attempt, renewal }),
      {
        type: 'callService',
        params: { service: 'payment.request', input: { requestId, planId: grant.plan, phone } },
      },
      send(key, { ...describe(input, grant), phone: localKenyanNumber(phone) }),
    ] satisfies Effect[];
  };

  /** Premium ended: the grants still in force kept, the course's progress kept, the free courses offered. */
  const downgrade = (input: RootInput, grant: Grant): Effect[] => {
    const { state, now, language } = journeyOf(input);
    const access = state.access.filter((g) => grantValid(g, now));
    const course = state.course ? catalog.course(state.course) : undefined;
    const locked = course?.premium && !hasAccess(access, course, now);
    const vars = { ...describe(input, grant), course: inLanguage(course?.title, language) };
    return [
      profile({ access }),
      { type: 'cancelTimer', params: { name: RENEWAL_RETRY_TIMER } },
      send(locked ? 'renewal.endedCourse' : 'renewal.ended', vars, {
        buttons: [
          { id: 'RENEW', key: 'renewal.renewButton', vars: { price: vars.price } },
          { id: 'COURSES', key: 'payment.coursesButton' },
        ],
        template: 'renewal_ended',
      }),
    ];
  };

  const fire = (input: RootInput): Effect[] => {
    const { state, now, zone, onboarded } = journeyOf(input);
    const grant = renewable(state.access);
    if (!onboarded || !grant) return [];
    const stage = renewalStage(grant, now);
    if (stage.kind === 'ended') return grantValid(grant, now) ? [] : downgrade(input, grant);
    if (isQuiet(now, zone)) return [at(RENEWAL_TIMER, nextAllowed(now, zone))];
    const next = scheduleRenewal(grant, now);
    const declined = state.renewal?.orderId === grant.orderId && state.renewal.declined;
    if (declined) return next;
    const vars = describe(input, grant);
    if (stage.kind === 'remind')
      return [
        send(
          stage.daysLeft === 1 ? 'renewal.tomorrow' : 'renewal.reminder',
          { ...vars, count: stage.daysLeft },
          {
            ...buttons(vars.price),
            template: 'renewal_reminder',
          },
        ),
        ...next,
      ];
    return [
      send(
        'renewal.grace',
        { ...vars, until: describe(input, grant, stage.graceUntil).date },
        { ...buttons(vars.price), template: 'renewal_grace' },
      ),
      ...next,
    ];
  };

  /** A failed prompt the learner agreed to, sent again while the grace lasts. */
  const retry = (input: RootInput): Effect[] => {
    const { state, now, zone } = journeyOf(input);
    const grant = renewable(state.access);
    const renewal = state.renewal;
    if (!grant || !renewal || renewal.orderId !== grant.orderId || renewal.declined || !renewal.agreedAt)
      return [];
    if (pendingPayment(state.payment, now) || !state.payment?.phone) return [];
    if (renewalStage(grant, now).kind === 'ended') return [];
    if (isQuiet(now, zone)) return [at(RENEWAL_RETRY_TIMER, nextAllowed(now, zone))];
    const again = { ...renewal, prompts: renewal.prompts + 1 };
    return prompt(input, grant, state.payment.phone, again, 'renewal.retrying');
  };

  const renew = (input: RootInput & { argument: string }): Effect[] => {
    const { state, now } = journeyOf(input);
    const grant = renewable(state.access);
    if (NO_WORDS.has(input.argument.trim().toUpperCase())) {
      if (!grant || !grantValid(grant, now)) return [send('renewal.nothingToDecline')];
      // Saying no ends premium at the plan's end: the grace is for those renewing.
      if (Date.parse(grant.until) <= now.getTime())
        return downgrade(input, { ...grant, graceUntil: input.at });
      const access = state.access.map((g) =>
        g.orderId === grant.orderId ? { ...g, graceUntil: g.until } : g,
      );
      return [
        profile({ access, renewal: { orderId: grant.orderId, declined: true, prompts: 0 } }),
        { type: 'cancelTimer', params: { name: RENEWAL_RETRY_TIMER } },
        send('renewal.declined', describe(input, grant)),
      ];
    }
    // Nothing to renew, or its plan no longer sold: the plans on offer.
    if (!grant || !catalog.plan(grant.plan)) return startPayment(catalog, input, {});
    if (pendingPayment(state.payment, now)) return startPayment(catalog, input, { plan: grant.plan });
    const phone = state.payment?.phone ?? kenyanMsisdn(input.learner?.phone ?? '');
    if (!phone) return startPayment(catalog, input, { plan: grant.plan });
    const renewal = { orderId: grant.orderId, agreedAt: input.at, prompts: 1 };
    return [
      { type: 'cancelTimer', params: { name: RENEWAL_RETRY_TIMER } },
      ...prompt(input, grant, phone, renewal, 'renewal.requested'),
    ];
  };

  const renewCommand: RootCommand = command('renew', onboardedOnly(renew));
  const extensions: RootExtensions = {
    commands: [renewCommand],
    timers: { [RENEWAL_TIMER]: fire, [RENEWAL_RETRY_TIMER]: retry },
  };
  return extensions;
}

/** After a failed M-PESA answer: the renewal's next prompt scheduled (and said), when it is retried. */
export function renewalAfterFailure(input: RootInput, status: string): Effect[] {
  const { state, now, zone, language } = journeyOf(input);
  const grant = renewable(state.access);
  const renewal = state.renewal;
  if (!state.payment?.renewal || !grant || !renewal || renewal.orderId !== grant.orderId) return [];
  if (renewal.declined || !RETRIED_FAILURES.has(status)) return [];
  const due = retryAt(renewal.prompts, grant, now);
  if (!due) return [];
  const when = isQuiet(due, zone) ? nextAllowed(due, zone) : due;
  if (when.getTime() >= Date.parse(grant.graceUntil ?? grant.until)) return [];
  const local = DateTime.fromJSDate(when, { zone }).setLocale(language);
  return [at(RENEWAL_RETRY_TIMER, when), send('renewal.willRetry', { date: local.toFormat('cccc HH:mm') })];
}
