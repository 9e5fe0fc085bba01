import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import type { AppEnv } from '../env.js';

/** The bot's public face; the engine team mounts the inbound channel routes next to it. */
export function botRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/info', (c) => c.json({ channel: deps.config.channel, whatsappMps: deps.config.whatsappMps }));
  return routes;
}
