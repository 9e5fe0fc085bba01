import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, timestamps } from './columns.js';
import { users } from './users.js';

/*
 * M-PESA payments (issue 12). Amounts are whole Kenya shillings (integers). Money records outlive
 * the learner: erasing a learner cuts the link (user_id set null) but keeps what was paid, so the
 * accounts still balance. Every status change is a row in payment_history; money itself moves only
 * in payment_ledger, which is append-only.
 */

const learnerLink = () => uuid('user_id').references(() => users.id, { onDelete: 'set null' });

export type PlanCourses = 'premium' | string[];

export const ORDER_STATUSES = ['pending', 'paid', 'failed', 'refunded', 'disputed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** One purchase of a plan: at most one pending per learner (the partial unique index). */
export const paymentOrders = pgTable(
  'payment_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: learnerLink(),
    /** The flow's purchase id: a service call run again finds its order instead of making another. */
    requestId: text('request_id').notNull(),
    planId: text('plan_id').notNull(),
    /** The plan as sold: price, period and courses are copied so a later plans.yaml edit changes nothing. */
    amount: integer('amount').notNull(),
    period: text('period', { enum: ['once', 'week', 'month', 'year'] }).notNull(),
    courses: jsonb('courses').$type<PlanCourses>().notNull(),
    phone: text('phone').notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('payment_orders_request_uq').on(t.userId, t.requestId),
    uniqueIndex('payment_orders_one_pending_uq')
      .on(t.userId)
      .where(sql`status = 'pending'`),
    index('payment_orders_created_idx').on(t.createdAt),
    check('payment_orders_amount_positive', sql`amount > 0`),
  ],
);

export const ATTEMPT_STATUSES = [
  'requested', // row written, STK push not answered yet
  'prompted', // Daraja accepted the push: the learner's phone shows the prompt
  'unknown', // 1037 or a query error: money may have moved, asked again later
  'confirmed',
  'failed',
  'unavailable', // the push never reached the phone
  'mismatch', // paid, but not the amount or phone asked for: held for an operator
  'unresolved', // still unknown after a day: an operator checks the M-PESA statement
] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** One STK push for an order; settled once, by callback, STK query, the simulator or the nightly sweep. */
export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => paymentOrders.id),
    userId: learnerLink(),
    amount: integer('amount').notNull(),
    phone: text('phone').notNull(),
    simulated: boolean('simulated').notNull(),
    status: text('status', { enum: ATTEMPT_STATUSES }).notNull().default('requested'),
    checkoutRequestId: text('checkout_request_id'),
    merchantRequestId: text('merchant_request_id'),
    receipt: text('receipt'),
    resultCode: integer('result_code'),
    resultDesc: text('result_desc'),
    /** What settled it: callback, query, simulated, nightly. */
    settledBy: text('settled_by'),
    settledAt: at('settled_at'),
    /** When to ask Daraja (STK query) next, while unsettled. */
    nextCheckAt: at('next_check_at'),
    checks: integer('checks').notNull().default(0),
    /** When the learner's flows were handed the outcome (a sweep re-sends a lost one). */
    notifiedAt: at('notified_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('payment_attempts_checkout_uq').on(t.checkoutRequestId),
    uniqueIndex('payment_attempts_receipt_uq').on(t.receipt),
    index('payment_attempts_order_idx').on(t.orderId),
    index('payment_attempts_next_check_idx')
      .on(t.nextCheckAt)
      .where(sql`next_check_at is not null`),
  ],
);

/** Access a paid order grants: the operator's source of truth (learners keep a copy in their state). */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: learnerLink(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => paymentOrders.id),
    planId: text('plan_id').notNull(),
    courses: jsonb('courses').$type<PlanCourses>().notNull(),
    status: text('status', { enum: ['active', 'grace', 'expired', 'refunded'] })
      .notNull()
      .default('active'),
    periodStart: at('period_start').notNull(),
    /** Null: for good (a one-off purchase). */
    periodEnd: at('period_end'),
    graceUntil: at('grace_until'),
    ...timestamps,
  },
  (t) => [uniqueIndex('subscriptions_order_uq').on(t.orderId), index('subscriptions_user_idx').on(t.userId)],
);

export const LEDGER_KINDS = ['payment', 'refund', 'unmatched'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * Money that moved, append-only: a payment in (+), a refund out (−), or money that came in for
 * no order we can honour (`unmatched`, +, held until an operator matches or refunds it). Revenue
 * is the sum of payment and refund entries. One entry per attempt and kind, per refund.
 */
export const paymentLedger = pgTable(
  'payment_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    amount: integer('amount').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => paymentOrders.id),
    attemptId: uuid('attempt_id').references(() => paymentAttempts.id),
    refundId: uuid('refund_id'),
    userId: uuid('user_id'),
    planId: text('plan_id').notNull(),
    receipt: text('receipt'),
    at: at('at').notNull(),
  },
  (t) => [
    uniqueIndex('payment_ledger_attempt_uq')
      .on(t.attemptId, t.kind)
      .where(sql`kind <> 'refund'`),
    uniqueIndex('payment_ledger_refund_uq')
      .on(t.refundId)
      .where(sql`kind = 'refund'`),
    index('payment_ledger_at_idx').on(t.at),
    check('payment_ledger_sign', sql`(kind = 'refund' and amount < 0) or (kind <> 'refund' and amount > 0)`),
  ],
);

/** A refund through Daraja's Reversal API; never more than was paid (checked when it is asked). */
export const paymentRefunds = pgTable(
  'payment_refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => paymentOrders.id),
    attemptId: uuid('attempt_id')
      .notNull()
      .references(() => paymentAttempts.id),
    amount: integer('amount').notNull(),
    status: text('status', { enum: ['requested', 'completed', 'failed'] })
      .notNull()
      .default('requested'),
    conversationId: text('conversation_id'),
    reason: text('reason').notNull(),
    requestedBy: text('requested_by'),
    ...timestamps,
  },
  (t) => [
    index('payment_refunds_order_idx').on(t.orderId),
    check('payment_refunds_amount_positive', sql`amount > 0`),
  ],
);

export const SUPPORT_STATUSES = ['open', 'in_progress', 'resolved'] as const;

/** BILLING → "I need help with a payment": open → in progress → resolved, visible to admins. */
export const supportRequests = pgTable(
  'support_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: learnerLink(),
    /** Idempotency: a repeated service call finds its request. */
    requestKey: text('request_key').notNull(),
    orderId: uuid('order_id').references(() => paymentOrders.id),
    text: text('text').notNull(),
    status: text('status', { enum: SUPPORT_STATUSES }).notNull().default('open'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('support_requests_key_uq').on(t.requestKey),
    index('support_requests_status_idx').on(t.status),
  ],
);

export const HISTORY_SUBJECTS = ['order', 'attempt', 'subscription', 'refund', 'support'] as const;

/** Every status change of every payment record, in order: nothing is overwritten without a row here. */
export const paymentHistory = pgTable(
  'payment_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subject: text('subject', { enum: HISTORY_SUBJECTS }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    /** What caused it: callback, query, simulated, nightly, service, admin. */
    source: text('source').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    at: at('at').notNull(),
  },
  (t) => [index('payment_history_subject_idx').on(t.subject, t.subjectId, t.id)],
);

export const ALERT_KINDS = [
  'amountMismatch',
  'phoneMismatch',
  'unknownCheckout',
  'malformedCallback',
  'lateOutcomeDisagrees',
  'unresolved',
  'ledgerMismatch',
] as const;
export type PaymentAlertKind = (typeof ALERT_KINDS)[number];

/** What an operator must look at (mismatches, money that may have moved): logged and listed to admins. */
export const paymentAlerts = pgTable(
  'payment_alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind', { enum: ALERT_KINDS }).notNull(),
    attemptId: uuid('attempt_id').references(() => paymentAttempts.id),
    orderId: uuid('order_id').references(() => paymentOrders.id),
    /** Makes a report repeated by a retry or a second process one row. */
    dedupeKey: text('dedupe_key').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    at: at('at').notNull(),
    resolvedAt: at('resolved_at'),
  },
  (t) => [uniqueIndex('payment_alerts_dedupe_uq').on(t.dedupeKey)],
);

export type PaymentOrder = typeof paymentOrders.$inferSelect;
export type PaymentAttempt = typeof paymentAttempts.$inferSelect;
export type Subscription = typeof subscriptions.$inferSelect;
export type LedgerEntry = typeof paymentLedger.$inferSelect;
