import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_DIR, checkFile, problemAt } from './sources.js';
import { formatProblem, type Problem } from './yaml-source.js';

/** What a badge's rule counts (flows/learning/badges.ts measures each). */
export const BADGE_METRICS = [
  'lessons',
  'streak',
  'courses',
  'perfectQuizzes',
  'reviews',
  'comeback',
] as const;
export type BadgeMetric = (typeof BADGE_METRICS)[number];

/** One badge of content/badges.yaml (content/schema/badges.schema.json). */
export interface Badge {
  id: string;
  emoji: string;
  /** `#rrggbb`, the picture's colour. */
  colour: string;
  rule: { metric: BadgeMetric; atLeast: number };
  title: Record<'en' | 'sw', string>;
  description: Record<'en' | 'sw', string>;
}

/**
 * Reads and checks content/badges.yaml. A content folder without the file has no badges (nothing
 * is awarded); with the file, an error in any badge withholds them all, as plans do.
 */
export function checkBadges(dir: string): { problems: Problem[]; badges: Badge[] } {
  const path = join(dir, 'badges.yaml');
  if (!existsSync(path)) return { problems: [], badges: [] };
  const { source, problems, ok } = checkFile(path, 'badges');
  if (!ok) return { problems, badges: [] };
  const badges = (source.value as { badges: Badge[] }).badges;
  const seen = new Set<string>();
  badges.forEach((badge, index) => {
    if (seen.has(badge.id))
      problems.push(
        problemAt(
          source,
          ['badges', index, 'id'],
          'duplicate-badge',
          `two badges have the id "${badge.id}"`,
          'give each badge its own id: learners keep the ids they earned',
        ),
      );
    seen.add(badge.id);
  });
  badges.forEach((badge, index) => {
    const twin = badges.findIndex(
      (other) => other.rule.metric === badge.rule.metric && other.rule.atLeast === badge.rule.atLeast,
    );
    if (twin !== index)
      problems.push(
        problemAt(
          source,
          ['badges', index, 'rule'],
          'duplicate-rule',
          `badge "${badge.id}" has the same rule as "${badges[twin]!.id}", so both come at once`,
          'change `atLeast`, or remove one of them',
          'warning',
        ),
      );
  });
  const errors = problems.some((p) => p.severity === 'error');
  return { problems, badges: errors ? [] : badges };
}

export class BadgesError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`content/badges.yaml has errors:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'BadgesError';
  }
}

/** The badges learners can earn; throws BadgesError listing every error. */
export function loadBadges(dir = CONTENT_DIR): Badge[] {
  const { problems, badges } = checkBadges(dir);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new BadgesError(errors);
  return badges;
}

let cached: Badge[] | undefined;

/** content/badges.yaml, read once per process. */
export function badgeCatalog(): Badge[] {
  cached ??= loadBadges();
  return cached;
}
