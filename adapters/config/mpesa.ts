import type { EnvReader } from './env.js';

export interface MpesaConfig {
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  shortcode: string;
  passkey: string;
  /** The secret path segment of the callback URL (Daraja's callbacks are unsigned). */
  callbackSecret: string;
  /** Refunds (Reversal API); without both, refunds are refused with a message naming them. */
  initiator?: string;
  securityCredential?: string;
  timeoutMs: number;
}

const REQUIRED = [
  ['MPESA_CONSUMER_KEY', 'the Daraja app consumer key'],
  ['MPESA_CONSUMER_SECRET', 'the Daraja app consumer secret'],
  ['MPESA_SHORTCODE', 'the paybill or till number (sandbox: 174379)'],
  ['MPESA_PASSKEY', 'the Lipa na M-PESA Online passkey'],
  [
    'MPESA_CALLBACK_SECRET',
    'a long random string that makes the callback URL unguessable (openssl rand -hex 24)',
  ],
] as const;

/**
 * Real M-PESA when any MPESA_* credential is set; the simulated M-PESA when none is. Half a
 * configuration is refused, naming every variable still missing.
 */
export function mpesaConfig(read: EnvReader): MpesaConfig | undefined {
  const set = REQUIRED.filter(([name]) => read.optional(name) !== undefined);
  const initiator = read.optional('MPESA_INITIATOR');
  const securityCredential = read.optional('MPESA_SECURITY_CREDENTIAL');
  const baseUrl = read.url('MPESA_BASE_URL', ['https:', 'http:'], 'https://sandbox.safaricom.co.ke')!;
  const timeoutMs = read.integer('MPESA_TIMEOUT_MS', 10_000, 100, 60_000);
  if (set.length === 0 && !initiator && !securityCredential) return undefined;
  for (const [name, what] of REQUIRED) {
    if (read.optional(name) === undefined)
      read.problems.push(
        `${name} is missing: M-PESA is half configured (${set.map(([n]) => n).join(', ') || 'MPESA_INITIATOR'} set); it needs ${what}, or unset every MPESA_* for the simulated M-PESA`,
      );
  }
  if (Boolean(initiator) !== Boolean(securityCredential))
    read.problems.push(
      `${initiator ? 'MPESA_SECURITY_CREDENTIAL' : 'MPESA_INITIATOR'} is missing: refunds (Reversal API) need MPESA_INITIATOR and MPESA_SECURITY_CREDENTIAL together`,
    );
  const shortcode = read.optional('MPESA_SHORTCODE');
  if (shortcode && !/^\d{5,7}$/.test(shortcode))
    read.problems.push(
      `MPESA_SHORTCODE="${shortcode}" is not valid: expected the paybill or till number, 5 to 7 digits`,
    );
  const callbackSecret = read.optional('MPESA_CALLBACK_SECRET');
  if (callbackSecret && callbackSecret.length < 16)
    read.problems.push(
      'MPESA_CALLBACK_SECRET is too short: use at least 16 characters (it is the only thing guarding the callback URL)',
    );
  if (callbackSecret && !/^[A-Za-z0-9_-]+$/.test(callbackSecret))
    read.problems.push(
      'MPESA_CALLBACK_SECRET is not valid: use letters, digits, - and _ only (it goes in a URL path)',
    );
  return {
    baseUrl,
    consumerKey: read.optional('MPESA_CONSUMER_KEY') ?? '',
    consumerSecret: read.optional('MPESA_CONSUMER_SECRET') ?? '',
    shortcode: read.optional('MPESA_SHORTCODE') ?? '',
    passkey: read.optional('MPESA_PASSKEY') ?? '',
    callbackSecret: callbackSecret ?? '',
    ...(initiator ? { initiator } : {}),
    ...(securityCredential ? { securityCredential } : {}),
    timeoutMs,
  };
}
