import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address a request came from, for per-address limits: the last `X-Forwarded-For` entry when
 * there is one (the address the load balancer in front of the app saw), else the socket's peer.
 * Reached without a proxy, a client can forge the header, so per-address limits are a second line
 * behind per-account ones, never the only one.
 */
export function clientAddress(c: Context): string {
  const forwarded = c.req.header('X-Forwarded-For')?.split(',').pop()?.trim();
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (app.request in tests) have no socket.
    return 'unknown';
  }
}
