/*
 * BADGES (BEJI): the badges the learner earned, with the day of each, and the next ones with how
 * far they are; and the celebration of a new badge, which the `badge.picture` service answers
 * after the turn (`system.badgePicture` { badge, url }, or `badgePictureFailed` { badge }: the
 * text goes alone). As with PROGRESS, a question the learner has waiting follows the celebration.
 *
 * Milestone bonus: a course's `bonus:` (course.yaml) names a badge; earning it while that course is
 * among the learner's chosen ones sends the bonus right after the celebration. BADGES names the
 * bonus unlocked so far and BADGES BONUS (BEJI ZAWADI) sends them again, so a bonus of a course
 * chosen after its badge was earned is there too.
 */
import { DateTime } from 'luxon';
import { badgeCatalog, type Badge } from '../content/badges.js';
import type { ContentCatalog } from '../content/catalog.js';
import type { CourseBonus } from '../content/types.js';
import type { Effect } from '../engine/effects.js';
import type { RootCommand, RootExtensions, RootInput } from '../engine/registry.js';
import { command, journeyOf, onboardedOnly, send } from './command-kit.js';
import { nextBadges } from './learning/badges.js';
import type { LearningState } from './learning/state.js';
import { inLanguage } from './questions.js';

export const BADGE_PICTURE_EVENT = 'badgePicture';
export const BADGE_PICTURE_FAILED_EVENT = 'badgePictureFailed';
const BONUS_WORDS = new Set(['BONUS', 'ZAWADI']);
/** BADGES BONUS sends at most this many, newest badge first: a chat, not an archive. */
const BONUS_SHOWN = 5;

/** The bonus of the learner's chosen courses that `badgeIds` unlock, in badge order then course order. */
function bonusFor(catalog: ContentCatalog, state: LearningState, badgeIds: readonly string[]): CourseBonus[] {
  const courses = [...new Set([...state.courses, ...(state.course ? [state.course] : [])])];
  const all = courses.flatMap((slug) => catalog.course(slug)?.bonus ?? []);
  return badgeIds.flatMap((id) => all.filter((bonus) => bonus.badge === id));
}

export function createBadgeExtensions(
  catalog: ContentCatalog,
  badges: readonly Badge[] = badgeCatalog(),
): RootExtensions {
  const byId = new Map(badges.map((badge) => [badge.id, badge]));
  const lang = (language: string) => (language === 'sw' ? 'sw' : 'en');
  const told = (bonus: CourseBonus, language: string) =>
    send('badges.bonus', {
      title: inLanguage(bonus.title, language),
      body: inLanguage(bonus.body, language),
    });
  const earnedIds = (state: LearningState) => state.badges.map(({ id }) => id);

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
    const unlocked = bonusFor(catalog, state, earnedIds(state));
    if (unlocked.length)
      effects.push(
        send('badges.bonusList', {
          count: unlocked.length,
          titles: unlocked.map((bonus) => `🎁 ${inLanguage(bonus.title, language)}`).join('\n'),
        }),
      );
    return effects;
  };

  /** BADGES BONUS: every bonus unlocked so far (the newest badge's first), or how to unlock one. */
  const bonusAgain = (input: RootInput): Effect[] => {
    const { state, language } = journeyOf(input);
    const unlocked = bonusFor(catalog, state, earnedIds(state).reverse()).slice(0, BONUS_SHOWN);
    return unlocked.length ? unlocked.map((bonus) => told(bonus, language)) : [send('badges.noBonus')];
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
    const { state } = journeyOf(input);
    const bonus = bonusFor(catalog, state, [badge.id]).map((unlocked) => told(unlocked, language));
    // In a flow, its pending question follows the celebration (a review goes on where it was).
    return [
      message,
      ...bonus,
      ...(input.activeFlow ? [{ type: 'reprompt', params: { reason: 'interruption' } } as const] : []),
    ];
  };

  const badgesCommand: RootCommand = command(
    'badges',
    onboardedOnly((input) => {
      const word = input.argument.trim().toUpperCase();
      if (!word) return list(input);
      return BONUS_WORDS.has(word) ? bonusAgain(input) : [send('badges.usage')];
    }),
  );
  return {
    commands: [badgesCommand],
    events: {
      [BADGE_PICTURE_EVENT]: (input) => celebration(input, String(input.data.url ?? '')),
      [BADGE_PICTURE_FAILED_EVENT]: (input) => celebration(input),
    },
  };
}
