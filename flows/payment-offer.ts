/*
 * What the learner is offered to buy (issue 12): the plans for a premium course, or every plan
 * (PAY), as a list whose rows show each plan's title with its price ("KES 150 / month") and whose
 * text lists the prices too, so a learner who never opens the list still sees what it costs.
 * Decisions: each row's id is the PAY command with the plan (and the course wanted), so a tap on
 * an old offer still works from any state; the last row is "Not now" (`PAY LATER`). Premium
 * courses carry 💎 and their lowest price wherever courses are chosen (onboarding, COURSES).
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Plan } from '../content/types.js';
import type { SendParams } from '../engine/effects.js';
import { inLanguage } from './questions.js';

export const PAY_LATER = 'PAY LATER';

/** The button or row id that buys `plan` (for `course`, whose next lesson follows the payment). */
export const payId = (plan: string, course?: string) => `PAY ${plan}${course ? ` ${course}` : ''}`;

/** The plans a learner may buy: those that unlock `course`, or every plan. At most 9 (a list holds 10 rows, one is "Not now"). */
export function plansOffered(catalog: ContentCatalog, course?: string): Plan[] {
  return (course ? catalog.plansFor(course) : catalog.plans()).slice(0, 9);
}

export const planTitle = (plan: Plan | undefined, language: string) => inLanguage(plan?.title, language);

/** "• Premium for a month: KES 150", one line per plan. */
const priceLines = (plans: Plan[], language: string) =>
  plans.map((plan) => `• ${planTitle(plan, language)}: KES ${plan.price.toLocaleString('en')}`).join('\n');

/** The offer: the course's (or every) plan with its price, as list rows, and "Not now". */
export function planOffer(
  catalog: ContentCatalog,
  language: string,
  course: string | undefined,
  again = false,
): SendParams {
  const plans = plansOffered(catalog, course);
  const rows = plans.map((plan) => ({
    id: payId(plan.id, course),
    key: 'payment.planRow',
    vars: { title: planTitle(plan, language) },
    descriptionKey: `payment.price.${plan.period}`,
  }));
  rows.forEach((row, i) => Object.assign(row.vars, { price: plans[i]!.price.toLocaleString('en') }));
  const key = again ? 'payment.chooseAgain' : course ? 'payment.offerCourse' : 'payment.offer';
  return {
    key,
    vars: {
      course: inLanguage(catalog.course(course ?? '')?.title, language),
      plans: priceLines(plans, language),
    },
    list: { buttonKey: 'payment.plansButton', rows: [...rows, { id: PAY_LATER, key: 'payment.notNow' }] },
  };
}

/**
 * A course's title as a choice: a premium one with 💎 and the price that buys it for good, else
 * its lowest price ("Growing a small business 💎 KES 100").
 */
export function courseChoiceTitle(catalog: ContentCatalog, slug: string, language: string): string {
  const title = inLanguage(catalog.course(slug)?.title, language);
  const plans = catalog.plansFor(slug);
  if (!plans.length) return title;
  const once = plans.find((plan) => plan.period === 'once');
  const price = once?.price ?? Math.min(...plans.map((plan) => plan.price));
  return `${title} 💎 KES ${price.toLocaleString('en')}`;
}
