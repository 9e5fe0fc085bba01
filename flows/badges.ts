/*
 * BADGES (BEJI): the badges the learner earned, with the day of each, and the next ones with how
 * far they are; and the celebration of a new badge, which the `badge.picture` service answers
 * after the turn (`system.badgePicture` { badge, url }, or `badgePictureFailed` { badge }: the
 * text goes alone). As with PROGRESS, a question the learner has waiting follows the celebration.
 */
import { DateTime } from 'luxon';
import { badgeCatalog, type Badge } from '../content/badges.js';
import type { Effect } from '../engine/effects.js';
import type { RootCommand, RootExtensions, RootInput } from '../engine/registry.js';
import { command, journeyOf, onboardedOnly, send } from './command-kit.js';
import { nextBadges } from './learning/badges.js';

export const BADGE_PICTURE_EVENT = 'badgePicture';
export const BADGE_PICTURE_FAILED_EVENT = 'badgePictureFailed';

export function createBadgeExtensions(badges: readonly Badge[] = badgeCatalog()): RootExtensions {
  const byId = new Map(badges.map((badge) => [badge.id, badge]));
  const lang = (language: string) => (language === 'sw' ? 'sw' : 'en');

  const list = (input: RootInput): Effect[] => {
    const { state, language, zone } = journeyOf(input);
    const earned = state.badges.flatMap(({ id, at }) => {
      const badge = byId.get(id);
      if (!badge) return [];
      const day = DateTime.fromISO(at, { zone }).setLocale(language).toFormat('d LLL yyyy');
      return [`${badge.emoji} *${badge.title[lang(language)]}* · ${day}`];
    });
    const next = nextBadges(badges, state).map(
      ({ badge, have, need }) => `${badge.emoji} ${badge.title[lang(language)]}: ${have}/${need}`,
    );
    const effects: Effect[] = [
      earned.length
        ? send('badges.list', { count: earned.length, badges: earned.join('\n') })
        : send('badges.none'),
    ];
    effects.push(next.length ? send('badges.next', { next: next.join('\n') }) : send('badges.allEarned'));
    return effects;
  };

  const celebration = (input: RootInput & { data: Record<string, unknown> }, url?: string): Effect[] => {
    const badge = byId.get(String(input.data.badge ?? ''));
    if (!badge) return [];
    const { language } = journeyOf(input);
    const vars = {
      emoji: badge.emoji,
      badge: badge.title[lang(language)],
      description: badge.description[lang(language)],
    };
    const message = url
      ? send('badges.earned', vars, {
          media: { type: 'image', url },
          fallback: { key: 'badges.earned', vars },
          template: 'badge_earned',
        })
      : send('badges.earned', vars, { template: 'badge_earned' });
    // In a flow, its pending question follows the celebration (a review goes on where it was).
    return [
      message,
      ...(input.activeFlow ? [{ type: 'reprompt', params: { reason: 'interruption' } } as const] : []),
    ];
  };

  const badgesCommand: RootCommand = command('badges', onboardedOnly(list), 'none');
  return {
    commands: [badgesCommand],
    events: {
      [BADGE_PICTURE_EVENT]: (input) => celebration(input, String(input.data.url ?? '')),
      [BADGE_PICTURE_FAILED_EVENT]: (input) => celebration(input),
    },
  };
}
