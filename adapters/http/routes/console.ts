import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ConsoleChannel } from '../../channels/console.js';
import { MAX_INBOUND_ID, MAX_INBOUND_TEXT, storable } from '../../channels/inbound-text.js';
import type { Engine } from '../../../engine/engine.js';
import type { PhoneRateLimiter } from '../../cache/rate-limit.js';
import type { AppEnv } from '../env.js';
import { validationFailed } from '../errors.js';
import { phoneRateLimit } from '../middleware/rate-limit.js';
import { phoneParam } from './users.js';
import { validateJson, type JSONSchemaType } from '../validate.js';

interface ConsoleInbound {
  from: string;
  text?: string;
  buttonId?: string;
  /** The message id, for retries: the same id twice is one message. */
  id?: string;
}

const inboundSchema: JSONSchemaType<ConsoleInbound> = {
  type: 'object',
  properties: {
    from: { type: 'string', minLength: 3, maxLength: 40, normalize: 'phone' },
    text: { type: 'string', nullable: true, minLength: 1, maxLength: MAX_INBOUND_TEXT },
    buttonId: { type: 'string', nullable: true, minLength: 1, maxLength: MAX_INBOUND_ID },
    id: { type: 'string', nullable: true, minLength: 1, maxLength: 128 },
  },
  required: ['from'],
  additionalProperties: false,
  anyOf: [{ required: ['text'] }, { required: ['buttonId'] }],
  errorMessage: { anyOf: 'send either "text" or "buttonId"' },
} as JSONSchemaType<ConsoleInbound>;

export interface ConsoleRouteDeps {
  engine: Engine;
  channel: ConsoleChannel;
  limiter: PhoneRateLimiter;
}

function phoneQuery(value: string | undefined): string {
  if (!value)
    throw validationFailed([
      { field: '/phone', reason: 'query parameter is required, like ?phone=%2B254712345678' },
    ]);
  return phoneParam(value);
}

/**
 * The console channel over HTTP: the web simulator and the benchmark post learner messages here
 * and read the bot's replies as server-sent events. Answers once the turn has committed.
 */
export function consoleRoutes(deps: ConsoleRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post(
    '/messages',
    validateJson(inboundSchema),
    phoneRateLimit<AppEnv>({
      limiter: deps.limiter,
      phoneOf: (c) => (c.req.valid as (target: 'json') => ConsoleInbound)('json').from,
    }),
    async (c) => {
      const body = c.req.valid('json');
      const accepted = await deps.engine.receive({
        type: 'message',
        channel: 'console',
        // Unique across processes too, or a second server's message would pass for a duplicate.
        providerId: (body.id && storable(body.id)) || `console-${randomUUID()}`,
        from: body.from,
        at: new Date().toISOString(),
        // What PostgreSQL cannot store (NUL, unpaired surrogates) is dropped, as on the webhooks.
        message: body.buttonId
          ? { kind: 'button', id: storable(body.buttonId) }
          : { kind: 'text', text: storable(body.text ?? '') },
      });
      return c.json({ accepted: true, duplicate: accepted.duplicate, inboundId: accepted.inboundId });
    },
  );

  routes.get('/messages', (c) => {
    const phone = phoneQuery(c.req.query('phone'));
    return c.json({ messages: deps.channel.messagesTo(phone) });
  });

  routes.get('/stream', (c) => {
    const phone = phoneQuery(c.req.query('phone'));
    return streamSSE(c, async (stream) => {
      let id = 0;
      const queue: string[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = deps.channel.subscribe((delivery) => {
        if (delivery.to !== phone) return;
        queue.push(JSON.stringify(delivery));
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      while (!stream.aborted) {
        const data = queue.shift();
        if (data) await stream.writeSSE({ event: 'message', data, id: String(++id) });
        else await new Promise<void>((resolve) => (wake = resolve));
      }
      unsubscribe();
    });
  });

  return routes;
}
