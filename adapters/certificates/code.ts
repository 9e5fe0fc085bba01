import { createHash, randomBytes } from 'node:crypto';

/**
 * Verification codes: 10 characters of Crockford's base32 (no I, L, O or U), 50 random bits. Too
 * many to guess (a million tries find one of a million certificates once in a billion), short
 * enough to read out or type, and no two characters a reader could mistake for each other.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;
const CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** A new random code (each byte's low 5 bits: 32 divides 256, so every character is equally likely). */
export function newCertificateCode(random: (size: number) => Uint8Array = randomBytes): string {
  return [...random(CODE_LENGTH)].map((byte) => CODE_ALPHABET[byte & 31]).join('');
}

/** Codes that are the same on every run from one seed: for transcripts and simulations, never for learners. */
export function seededCertificateCodes(seed: string): () => string {
  let count = 0;
  return () =>
    newCertificateCode((size) =>
      createHash('sha256').update(`${seed}:${count++}`).digest().subarray(0, size),
    );
}

/**
 * The code a reader typed, as stored: case, hyphens and spaces ignored, O read as 0 and I or L as 1
 * (Crockford's rule); null when it cannot be a code, so a bad one is a 404 without a query.
 */
export function normalizeCertificateCode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[-\s]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return CODE.test(code) ? code : null;
}

/** The code as printed: two groups of five (ABCDE-FGHJK), easier to read out and compare. */
export const displayCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;
