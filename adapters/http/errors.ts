import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import { isDatabaseUnavailable } from './db-errors.js';
import type { AppEnv } from './env.js';

/** Seconds a client is asked to wait when the database is down (Meta and load balancers honour it). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'invalid_json'
  | 'unauthorized'
  | 'invalid_credentials'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** One problem with one field of a request, `field` as a JSON Pointer (`/phone`). */
export interface ValidationDetail {
  field: string;
  reason: string;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** An error meant for the client: its message is shown as is, so it must never hold secrets. */
export class HttpError extends Error {
  readonly details?: ValidationDetail[];
  /** Whether the same request could succeed later (CONVENTIONS: callers retry only these). */
  readonly retry: boolean;

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    options: { details?: ValidationDetail[]; retry?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'HttpError';
    this.details = options.details;
    this.retry = options.retry ?? (status === 429 || status >= 500);
  }
}

/** 400 `validation_failed` whose message names the first problem: `phone: not a valid phone number`. */
export function validationFailed(details: ValidationDetail[]): HttpError {
  const [first] = details;
  const field = first?.field.replace(/^\//, '').replaceAll('/', '.') || 'body';
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return new HttpError(400, 'validation_failed', `${field}: ${first?.reason ?? 'is invalid'}${more}`, {
    details,
  });
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found`);

interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    requestId: string;
    details?: ValidationDetail[];
  };
}

function toHttpError(err: Error): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof HTTPException) {
    // Hono's own middleware (body limit, csrf …) throws these with messages written for clients.
    const code = CODE_BY_STATUS[err.status] ?? (err.status >= 500 ? 'internal' : 'bad_request');
    return new HttpError(err.status, code, err.message || code.replaceAll('_', ' '), { cause: err });
  }
  return undefined;
}

function respond(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  error: Omit<ErrorBody['error'], 'requestId'>,
) {
  const body: ErrorBody = { error: { ...error, requestId: c.get('requestId') ?? 'unknown' } };
  return c.json(body, status);
}

/**
 * The app's single `onError`: every thrown error leaves as JSON. A database outage is a 503 with
 * `Retry-After`; anything else unknown is an opaque 500. Responses never carry an error's own
 * message or stack, in any mode (a drizzle error's message is the SQL and its parameters): the
 * log keeps them, under the request id the response names.
 */
export function errorHandler(options: {
  logger: Logger;
  /** No longer read: development answers like production (kept so older callers compile). */
  config?: Pick<Config, 'env'>;
}): ErrorHandler<AppEnv> {
  return function errorHandler(err, c) {
    const requestId = c.get('requestId');
    const known = toHttpError(err);
    if (known) {
      if (known.status >= 500) options.logger.error({ err, requestId }, 'request failed');
      return respond(c, known.status, { code: known.code, message: known.message, details: known.details });
    }
    const where = { err, requestId, method: c.req.method, path: c.req.path };
    if (isDatabaseUnavailable(err)) {
      options.logger.error(where, 'database unavailable: answered 503');
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return respond(c, 503, {
        code: 'unavailable',
        message: 'the database is unavailable: try again shortly',
      });
    }
    options.logger.error(where, 'unhandled error in request');
    return respond(c, 500, { code: 'internal', message: 'internal server error' });
  };
}

export function notFoundHandler(): NotFoundHandler<AppEnv> {
  return function notFoundHandler(c) {
    return respond(c, 404, { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` });
  };
}
