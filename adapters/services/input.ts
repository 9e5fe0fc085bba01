import { createHash } from 'node:crypto';
import { Ajv, type JSONSchemaType } from 'ajv';
import addFormats from 'ajv-formats';

export type { JSONSchemaType };

// Flows fill service inputs from YAML placeholders, so '4' arrives for 4: numbers are coerced.
const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true });
addFormats(ajv);

/** A service input that does not match its contract: calling again would not help. */
export class InvalidServiceInput extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: ${problems.join('; ')}`);
    this.name = 'InvalidServiceInput';
  }
}

/** Compiles the service's input schema once; the returned function checks and types an input. */
export function inputChecker<T>(service: string, schema: JSONSchemaType<T>): (input: unknown) => T {
  const check = ajv.compile<T>(schema);
  return (input) => {
    // Dates a flow computed become ISO strings, the way they would be stored anyway.
    const plain: unknown = JSON.parse(JSON.stringify(input ?? {}));
    if (check(plain)) return plain;
    throw new InvalidServiceInput(
      service,
      (check.errors ?? []).map((e) => `${e.instancePath || 'input'} ${e.message ?? 'is invalid'}`),
    );
  };
}

/** JSON with sorted keys: the same input always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A unique key for a call whose input carries no natural one: a hash of the input and a scope. */
export function idempotencyKey(input: unknown, scope = ''): string {
  const hash = createHash('sha256').update(canonicalJson(input)).digest('base64url').slice(0, 32);
  return scope ? `${scope}:${hash}` : hash;
}

/** The UTC day of an instant, `2026-03-02`. */
export const dayOf = (at: Date) => at.toISOString().slice(0, 10);
