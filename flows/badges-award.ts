/*
 * Badges awarded as learning happens (issue 13 items 1 and 2): after a lesson's quiz and after
 * each review answer, the new state is measured against content/badges.yaml; what it earns is
 * stored with the time (in the same profile update as the event) and celebrated, one message per
 * badge, by the `badge.picture` service, which draws the badge and answers with
 * `system.badgePicture` (flows/badges.ts). Awards happen only on the learner's own turns, so the
 * 24-hour window is open; the celebration still names a template should it be late.
 */
import { badgeCatalog, type Badge } from '../content/badges.js';
import type { Effect } from '../engine/effects.js';
import { awardBadges, withBadges, type LearningEvent } from './learning/badges.js';
import type { EarnedBadge, LearningState } from './learning/state.js';

export const BADGE_PICTURE_SERVICE = 'badge.picture';

/** The badges an event earns and the effects that celebrate them; `badges` is what to store. */
export interface Award {
  awarded: Badge[];
  badges: EarnedBadge[];
  effects: Effect[];
}

/** What `event` earns for a learner whose state, after it, is `after`. */
export function award(
  after: LearningState,
  event: LearningEvent,
  language: string,
  badges: readonly Badge[] = badgeCatalog(),
): Award {
  const awarded = awardBadges(badges, after, event);
  const lang = language === 'sw' ? 'sw' : 'en';
  const effects: Effect[] = awarded.map((badge) => ({
    type: 'callService',
    params: {
      service: BADGE_PICTURE_SERVICE,
      input: {
        // The event's time and the badge name the request: a rerun after a crash draws and sends nothing new.
        requestId: `${event.at}:${badge.id}`,
        badge: badge.id,
        language: lang,
        title: badge.title[lang],
        colour: badge.colour,
      },
    },
  }));
  return { awarded, badges: withBadges(after, awarded, event.at), effects };
}
