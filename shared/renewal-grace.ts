/**
 * How long premium stays open after a plan's end while the learner renews: one number for the
 * learner's grant (flows/learning/renewal.ts), the operator's subscription status and the churn figure.
 */
export const GRACE_DAYS = 3;
export const GRACE_MS = GRACE_DAYS * 24 * 3_600_000;
