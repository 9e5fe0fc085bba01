import { catalogMessages } from '../../content/messages.js';
import type { Database } from '../../db/client.js';
import { systemEventStored } from '../../db/repositories/learner-export.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock, Messages } from '../../engine/ports.js';
import type { Cache } from '../cache/cache.js';
import { badgeSvg, type BadgePicture } from '../charts/badge-picture.js';
import { svgToPng } from '../charts/png.js';
import type { FileStore } from '../files/store.js';
import { idempotencyKey, inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';

/** How long a badge picture's link works; the same picture serves every learner who earns that badge meanwhile. */
const PICTURE_TTL_SECONDS = 24 * 60 * 60;

export interface BadgePictureDeps {
  db: Database;
  files: FileStore;
  cache: Cache;
  clock: Clock;
  /** Hands the learner's turn the picture (`system.badgePicture`): the engine's `receive`. */
  receive: (event: Inbound) => Promise<unknown>;
  copy?: Messages;
  /** Draws the PNG; tests make it fail to see the text go alone. */
  draw?: (picture: BadgePicture) => Uint8Array;
  warn?: (message: string, detail: Record<string, unknown>) => void;
}

/** What flows/badges-award.ts asks for: one badge a learner just earned. */
export interface BadgePictureRequest {
  requestId: string;
  badge: string;
  language: string;
  title: string;
  colour: string;
}

const request = inputChecker<BadgePictureRequest>('badge.picture', {
  type: 'object',
  properties: {
    requestId: { type: 'string', minLength: 1, maxLength: 200 },
    badge: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 },
    language: { type: 'string', minLength: 2, maxLength: 10 },
    title: { type: 'string', minLength: 1, maxLength: 80 },
    colour: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
  },
  required: ['requestId', 'badge', 'language', 'title', 'colour'],
});

/**
 * The celebration's picture: the badge drawn as a PNG (adapters/charts/badge-picture.ts), stored
 * as a file whose link the learner's flows send with the celebration as its caption
 * (`system.badgePicture` { badge, url }). The same badge in the same language is drawn once and
 * its link reused from the cache; when it cannot be drawn or stored the flows get
 * `system.badgePictureFailed` { badge } and send the text alone.
 */
export function badgePictureService(deps: BadgePictureDeps): ServiceHandler {
  const { db, files, cache, clock, receive, warn } = deps;
  const copy = deps.copy ?? catalogMessages();
  const draw = deps.draw ?? ((picture: BadgePicture) => svgToPng(badgeSvg(picture)));
  return async (userId, raw) => {
    const input = request(raw);
    const providerId = `badge-picture:${userId}:${input.requestId}`;
    if (await systemEventStored(db, providerId)) return;
    const event = {
      type: 'system',
      channel: 'system',
      providerId,
      userId,
      at: clock.now().toISOString(),
    } as const;
    try {
      const picture: BadgePicture = {
        title: input.title,
        colour: input.colour,
        label: copy.render(input.language, 'badges.pictureLabel'),
      };
      const key = idempotencyKey({ badge: input.badge, picture }, 'badge-picture');
      let url = await cache.get(key);
      if (!url) {
        const stored = await files.put({
          bytes: draw(picture),
          contentType: 'image/png',
          filename: `badge-${input.badge}.png`,
          ttl: PICTURE_TTL_SECONDS,
        });
        url = stored.url;
        // Reused until an hour before the link expires, so a cached link always has time to be fetched.
        await cache.set(key, url, PICTURE_TTL_SECONDS - 3600);
      }
      await receive({ ...event, name: 'badgePicture', data: { badge: input.badge, url } });
    } catch (error) {
      warn?.('badge picture could not be made: the celebration goes as text', {
        userId,
        badge: input.badge,
        err: error instanceof Error ? error.message : String(error),
      });
      await receive({ ...event, name: 'badgePictureFailed', data: { badge: input.badge } });
    }
  };
}
