import { randomBytes } from 'node:crypto';

/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits. */
export const MIN_SECRET_BITS = 256;
/** `openssl rand -hex 32` scores about 240 (never under 220 in 10,000 draws), 16 random bytes in hex about 110. */
const MIN_ESTIMATED_BITS = 128;
export const MIN_SECRET_LENGTH = 32;

/**
 * Estimated entropy of `secret` in bits: its length times the Shannon entropy of its character
 * frequencies. Not a proof of randomness, but it tells `aaaa…`, `abab…` and words repeated
 * (32 × "a" scores 0, a 64-character hex secret about 240) from what `openssl rand` prints.
 */
export function estimatedSecretBits(secret: string): number {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    perChar -= p * Math.log2(p);
  }
  return Math.round(perChar * chars.length);
}

/** Why `secret` is too weak to sign admin tokens in production, or undefined when it will do. */
export function weakSecretReason(secret: string | undefined): string | undefined {
  const fix = 'generate one with `openssl rand -hex 32`';
  if (secret === undefined) return `JWT_SECRET is missing: production needs a random secret; ${fix}`;
  if (secret.length < MIN_SECRET_LENGTH)
    return `JWT_SECRET is too short (${secret.length} characters, at least ${MIN_SECRET_LENGTH}): ${fix}`;
  const bits = estimatedSecretBits(secret);
  if (bits < MIN_ESTIMATED_BITS)
    return `JWT_SECRET is not random enough (about ${bits} bits, at least ${MIN_ESTIMATED_BITS}; repeated or few distinct characters): ${fix}`;
  return undefined;
}

/** A secret for this process only: tokens it signs stop working at restart and in other processes. */
export const perProcessSecret = (): string => randomBytes(MIN_SECRET_BITS / 8).toString('hex');
