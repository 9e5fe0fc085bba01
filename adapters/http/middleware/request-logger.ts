import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger.js';
import type { AppEnv } from '../env.js';

function readablePath(path: string): string {
  // A file's token is the only key to it (an export of everything about a learner): never logged.
  // So is the M-PESA callback's secret path segment: Daraja's callbacks are otherwise unsigned.
  const redacted = path
    .replace(/^\/files\/[^/]+/, '/files/[redacted]')
    .replace(/^\/webhooks\/mpesa\/[^/]+/, '/webhooks/mpesa/[redacted]');
  // Decoded so the logger's phone masking also catches `%2B254…` in paths.
  try {
    return decodeURIComponent(redacted);
  } catch {
    return redacted;
  }
}

/** One log line per request with its id, method, path, status and duration. */
export function requestLogger(options: { logger: Logger }): MiddlewareHandler<AppEnv> {
  const logger = options.logger.child({ component: 'http' });
  return async function requestLogger(c, next) {
    const started = performance.now();
    await next();
    const status = c.res.status;
    // Under load the info line is usually off (LOG_LEVEL=warn): build it only when it is written.
    if (status < 500 && !logger.isLevelEnabled('info')) return;
    const line = {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: readablePath(c.req.path),
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) logger.warn(line, 'request');
    else logger.info(line, 'request');
  };
}
