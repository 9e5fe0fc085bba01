import { DateTime } from 'luxon';
import { catalogMessages } from '../../content/messages.js';
import type { Database } from '../../db/client.js';
import { systemEventStored } from '../../db/repositories/learner-export.js';
import { progressRepository } from '../../db/repositories/progress.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock, Messages } from '../../engine/ports.js';
import { streakDay } from '../../flows/learning/index.js';
import type { Cache } from '../cache/cache.js';
import { svgToPng } from '../charts/png.js';
import { progressSvg, type ProgressDay, type ProgressPicture } from '../charts/progress-chart.js';
import type { FileStore } from '../files/store.js';
import { idempotencyKey, inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';

/** How long a progress picture's link works; the same picture is reused all day while nothing changes. */
const PICTURE_TTL_SECONDS = 24 * 60 * 60;

export interface ProgressPictureDeps {
  db: Database;
  files: FileStore;
  cache: Cache;
  clock: Clock;
  /** Hands the learner's turn the picture (`system.progressPicture`): the engine's `receive`. */
  receive: (event: Inbound) => Promise<unknown>;
  copy?: Messages;
  warn?: (message: string, detail: Record<string, unknown>) => void;
}

/** What PROGRESS knows from the learner's state (the flow computes it; the week comes from the database here). */
export interface ProgressPictureRequest {
  requestId: string;
  language: string;
  zone: string;
  name?: string | null;
  streak: number;
  longest: number;
  courses: { title: string; done: number; total: number }[];
}

const request = inputChecker<ProgressPictureRequest>('progress.picture', {
  type: 'object',
  properties: {
    requestId: { type: 'string', minLength: 1, maxLength: 100 },
    language: { type: 'string', minLength: 2, maxLength: 10 },
    zone: { type: 'string', minLength: 1, maxLength: 64 },
    name: { type: 'string', nullable: true, maxLength: 100 },
    streak: { type: 'integer', minimum: 0 },
    longest: { type: 'integer', minimum: 0 },
    courses: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        properties: {
          title: { type: 'string', maxLength: 200 },
          done: { type: 'integer', minimum: 0 },
          total: { type: 'integer', minimum: 0 },
        },
        required: ['title', 'done', 'total'],
      },
    },
  },
  required: ['requestId', 'language', 'zone', 'streak', 'longest', 'courses'],
});

/** The last seven learning days (04:00 local boundary, as streaks count them), oldest first. */
export async function weekOf(
  db: Database,
  userId: string,
  now: Date,
  zone: string,
  labels: string[],
): Promise<ProgressDay[]> {
  const today = DateTime.fromISO(streakDay(now, zone), { zone });
  const days = Array.from({ length: 7 }, (_, i) => today.minus({ days: 6 - i }));
  const from = days[0]!.set({ hour: 4 }).toJSDate();
  const activity = await progressRepository(db).activitySince(userId, from);
  return days.map((day) => {
    const iso = day.toISODate()!;
    const on = (instants: Date[]) => instants.filter((at) => streakDay(at, zone) === iso).length;
    return {
      label: labels[day.weekday - 1] ?? day.toFormat('ccc'),
      lessons: on(activity.lessons),
      quizzes: on(activity.quizzes),
      reviews: on(activity.reviews),
    };
  });
}

/**
 * PROGRESS as a picture: the week's lessons, quizzes and reviews, each course's lessons done and
 * the streak, drawn as a PNG the learner's flows send with the text summary as its caption
 * (`system.progressPicture` { url }). The same picture (same learner, day and figures) is drawn
 * once and its link reused from the cache; when it cannot be drawn or stored the flows get
 * `system.progressPictureFailed` and send the text alone.
 */
export function progressPictureService(deps: ProgressPictureDeps): ServiceHandler {
  const { db, files, cache, clock, receive, warn } = deps;
  const copy = deps.copy ?? catalogMessages();
  return async (userId, raw) => {
    const input = request(raw);
    const providerId = `progress-picture:${userId}:${input.requestId}`;
    if (await systemEventStored(db, providerId)) return;
    const now = clock.now();
    const event = { type: 'system', channel: 'system', providerId, userId, at: now.toISOString() } as const;
    try {
      const t = (key: string, vars?: Record<string, string | number>) =>
        copy.render(input.language, `progressPicture.${key}`, vars);
      const week = await weekOf(db, userId, now, input.zone, t('days').split(','));
      const picture: ProgressPicture = {
        title: input.name ? t('titleNamed', { name: input.name }) : t('title'),
        streak: t('streak', { count: input.streak, best: input.longest }),
        week,
        courses: input.courses,
        labels: {
          week: t('week'),
          courses: t('courses'),
          lessons: t('lessons'),
          quizzes: t('quizzes'),
          reviews: t('reviews'),
        },
      };
      const key = idempotencyKey({ userId, day: streakDay(now, input.zone), picture }, 'progress-picture');
      let url = await cache.get(key);
      if (!url) {
        const stored = await files.put({
          bytes: svgToPng(progressSvg(picture)),
          contentType: 'image/png',
          filename: `progress-${streakDay(now, input.zone)}.png`,
          ttl: PICTURE_TTL_SECONDS,
          userId,
        });
        url = stored.url;
        // Reused until an hour before the link expires, so a cached link always has time to be fetched.
        await cache.set(key, url, PICTURE_TTL_SECONDS - 3600);
      }
      await receive({ ...event, name: 'progressPicture', data: { url } });
    } catch (error) {
      warn?.('progress picture could not be made: the text is sent alone', {
        userId,
        err: error instanceof Error ? error.message : String(error),
      });
      await receive({ ...event, name: 'progressPictureFailed' });
    }
  };
}
