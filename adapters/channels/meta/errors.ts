import { OUTSIDE_WINDOW_CODE, RATE_LIMITED_CODE } from '../status.js';

/** Twilio's "learner opted out" code, one of the status handler's OPTED_OUT_CODES. */
const OPTED_OUT_CODE = '21610';

/**
 * Meta error codes that mean the same to this product as a Twilio code the status handler already
 * reacts to; every other Meta code is kept as it is.
 * 131047: re-engagement message (the 24-hour window closed) → 63016, resend as a template.
 * 131050: the learner stopped marketing messages from this business → 21610, opted out.
 * 130429 (throughput) and 131056 (too many to one learner): rate limited → 63018, slow down.
 */
const SAME_AS_TWILIO: Record<string, string> = {
  '131047': OUTSIDE_WINDOW_CODE,
  '131050': OPTED_OUT_CODE,
  '130429': RATE_LIMITED_CODE,
  '131056': RATE_LIMITED_CODE,
};

/** The Twilio-style code the status handler understands for a Meta error code. */
export function productErrorCode(metaCode: number | string): string {
  const code = String(metaCode);
  return SAME_AS_TWILIO[code] ?? code;
}

/**
 * Graph API errors worth a retry even when the HTTP status is 400: rate limits, Meta's own
 * trouble (1 unknown, 2 service, 131000 generic, 131016 service unavailable), throughput.
 */
export const RETRYABLE_META_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056]);

/** The `error` object of a Graph API error answer. */
export interface GraphError {
  message: string;
  type?: string;
  code: number;
  error_subcode?: number;
  error_data?: { messaging_product?: string; details?: string };
  fbtrace_id?: string;
}
