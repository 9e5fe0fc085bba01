/*
 * Starting the payment conversation from the root (PAY, a premium course the learner cannot open
 * yet, [Try again]): the `payment` flow with what it needs to know, or, while a purchase is still
 * waiting for M-PESA, a word saying so instead (one pending order per learner).
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import type { RootInput } from '../engine/registry.js';
import { journeyOf, send } from './command-kit.js';
import { pendingPayment } from './learning/access.js';
import { planTitle } from './payment-offer.js';
import type { PaymentInput } from './payment.js';

export function startPayment(
  catalog: ContentCatalog,
  input: RootInput,
  wanted: { course?: string; plan?: string },
): Effect[] {
  const { state, language, now } = journeyOf(input);
  const pending = pendingPayment(state.payment, now);
  if (pending) return [send('payment.pending', { plan: planTitle(catalog.plan(pending.plan), language) })];
  const flowInput: PaymentInput = {
    language,
    ...(wanted.course ? { course: wanted.course } : {}),
    ...(wanted.plan ? { plan: wanted.plan } : {}),
    ...(input.learner?.phone ? { address: input.learner.phone } : {}),
    ...(state.payment?.phone ? { lastPhone: state.payment.phone } : {}),
  };
  return [{ type: 'startFlow', params: { flow: 'payment', input: { ...flowInput } } }];
}
