export { isDatabaseUnavailable } from '../../db/unavailable.js';

/** PostgreSQL's unique_violation, from postgres.js or PGlite, possibly wrapped by drizzle. */
export function isUniqueViolation(err: unknown): boolean {
  for (let current = err, depth = 0; current && depth < 5; depth++) {
    if (typeof current === 'object' && 'code' in current && current.code === '23505') return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}
