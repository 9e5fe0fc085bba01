import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../errors.js';

export interface SignatureHeaderOptions {
  /** The header the provider signs with (`X-Twilio-Signature`, `X-Hub-Signature-256`). */
  header: string;
  /** What a signature looks like, before it is checked against the body. */
  shape: RegExp;
  /** The shape in words, for the 403 message. */
  expected: string;
}

/**
 * Answers 403 before the body is read when the provider's signature header is missing or not
 * shaped like a signature: an unsigned 1 MB form with 125k keys otherwise costs up to a second of
 * event loop to parse before its signature can be found wrong.
 */
export function signatureHeader(options: SignatureHeaderOptions): MiddlewareHandler {
  const { header, shape, expected } = options;
  return async function signatureHeader(c, next) {
    const signature = c.req.header(header);
    if (signature === undefined || signature === '') {
      throw new HttpError(403, 'forbidden', `${header} is missing: only signed webhooks are accepted`);
    }
    if (!shape.test(signature)) {
      throw new HttpError(403, 'forbidden', `${header} is malformed: expected ${expected}`);
    }
    return next();
  };
}
