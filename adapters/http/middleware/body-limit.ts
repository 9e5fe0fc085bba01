import type { MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';
import { HttpError } from '../errors.js';

/**
 * Answers 413 for a body over `maxBytes`. A declared Content-Length is checked from the header
 * alone, so the request body stays untouched (on @hono/node-server, touching `c.req.raw.body`
 * builds a web Request and stream for every request, a fifth of a webhook's cost); only a body of
 * unknown length (chunked) is counted as it streams, by hono's own middleware.
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new HttpError(413, 'payload_too_large', `request body is larger than ${maxBytes} bytes`);
  };
  const streaming = streamingBodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async function bodyLimit(c, next) {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streaming(c, next);
    if (Number(length) > maxBytes) tooLarge();
    return next();
  };
}
