import { Ajv, type ErrorObject, type JSONSchemaType, type SchemaValidateFunction } from 'ajv';
import addErrors from 'ajv-errors';
import addFormats from 'ajv-formats';
import type { MiddlewareHandler } from 'hono';
import { IANAZone } from 'luxon';
import type { AppEnv } from './env.js';
import { HttpError, validationFailed, type ValidationDetail } from './errors.js';
import { INVALID_PHONE_REASON, tryNormalizePhone } from './phone.js';

export type { JSONSchemaType };

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** `normalize: 'phone' | 'timezone'` rewrites a valid string in place (E.164, canonical zone name). */
const normalizers: Record<string, (value: string) => string | undefined> = {
  phone: (value) => tryNormalizePhone(value),
  timezone: (value) =>
    IANAZone.isValidZone(value)
      ? new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone
      : undefined,
};
const normalizeReasons: Record<string, string> = {
  phone: INVALID_PHONE_REASON,
  timezone: 'not a known IANA time zone, expected a name like Africa/Nairobi',
};

const normalize: SchemaValidateFunction = function normalizeKeyword(
  kind: string,
  data: string,
  _schema,
  cxt,
) {
  const normalized = normalizers[kind]?.(data);
  if (normalized === undefined) {
    normalize.errors = [
      { keyword: 'normalize', message: normalizeReasons[kind] ?? 'is invalid', params: { kind } },
    ];
    return false;
  }
  if (cxt?.parentData !== undefined)
    (cxt.parentData as Record<string | number, unknown>)[cxt.parentDataProperty] = normalized;
  return true;
};

function createAjv(options: { coerceTypes: boolean }): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: options.coerceTypes, $data: false });
  addFormats(ajv);
  addErrors(ajv);
  ajv.addKeyword({
    keyword: 'normalize',
    type: 'string',
    schemaType: 'string',
    modifying: true,
    errors: true,
    validate: normalize,
  });
  return ajv;
}

// Query strings carry only text, so numbers there are coerced; JSON bodies must carry real types.
const bodyAjv = createAjv({ coerceTypes: false });
const queryAjv = createAjv({ coerceTypes: true });

function reasonOf(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not allowed';
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

function fieldOf(error: ErrorObject): string {
  if (error.keyword === 'required') return `${error.instancePath}/${String(error.params.missingProperty)}`;
  if (error.keyword === 'additionalProperties')
    return `${error.instancePath}/${String(error.params.additionalProperty)}`;
  return error.instancePath;
}

export function detailsOf(errors: ErrorObject[] | null | undefined): ValidationDetail[] {
  return (errors ?? []).map((error) => ({ field: fieldOf(error), reason: reasonOf(error) }));
}

async function readJson(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<unknown> {
  const contentType = c.req.header('Content-Type')?.split(';')[0]?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType)) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      `expected Content-Type: application/json, got ${contentType || 'none'}`,
    );
  }
  const text = await c.req.text();
  if (text.trim() === '')
    throw new HttpError(400, 'invalid_json', 'request body is empty, expected a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, 'invalid_json', `request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Where a validator's schema applies, read back by the OpenAPI document (routes/openapi.ts). */
export const VALIDATES = Symbol('validates');
export interface ValidatedPart {
  in: 'json' | 'query';
  schema: object;
}
const describe = <F extends object>(fn: F, part: ValidatedPart) => Object.assign(fn, { [VALIDATES]: part });

/**
 * Parses and checks the JSON body against `schema` (compiled once, here); the handler reads the
 * typed, normalised body with `c.req.valid('json')`.
 */
export function validateJson<T>(
  schema: JSONSchemaType<T>,
): MiddlewareHandler<AppEnv, string, { out: { json: T } }> {
  const check = bodyAjv.compile<T>(schema);
  return describe(
    async function validateJson(c, next) {
      const body = await readJson(c);
      if (!check(body)) throw validationFailed(detailsOf(check.errors));
      c.req.addValidatedData('json', body as object);
      await next();
    } as MiddlewareHandler<AppEnv, string, { out: { json: T } }>,
    { in: 'json', schema },
  );
}

/** Checks the query string (numbers coerced, defaults filled); read it with `c.req.valid('query')`. */
export function validateQuery<T>(
  schema: JSONSchemaType<T>,
): MiddlewareHandler<AppEnv, string, { out: { query: T } }> {
  const check = queryAjv.compile<T>(schema);
  return describe(
    async function validateQuery(c, next) {
      const query: unknown = c.req.query();
      if (!check(query)) throw validationFailed(detailsOf(check.errors));
      c.req.addValidatedData('query', query as object);
      await next();
    } as MiddlewareHandler<AppEnv, string, { out: { query: T } }>,
    { in: 'query', schema },
  );
}
