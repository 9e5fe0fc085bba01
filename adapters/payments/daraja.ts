import { DateTime } from 'luxon';
import type { Clock } from '../../engine/ports.js';
import {
  msisdnOf,
  type MpesaGateway,
  type ReversalRequest,
  type ReversalResult,
  type StkPushRequest,
  type StkPushResult,
  type StkQueryResult,
} from './gateway.js';

/*
 * Safaricom Daraja over fetch. Decisions: each request gets `timeoutMs`; OAuth and STK query are
 * retried on network errors, timeouts and 5xx with exponential backoff (`retries` times); an STK
 * push only when it certainly did not reach Daraja (connection refused, or an answered 5xx), never
 * after a timeout, where a second push could put two prompts on the learner's phone. A 401 (or
 * Daraja's "Invalid Access Token") drops the cached token and asks once more with a fresh one.
 */

export interface DarajaOptions {
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  shortcode: string;
  passkey: string;
  /** Where Daraja posts STK results: PUBLIC_BASE_URL/webhooks/mpesa/<secret>. */
  callbackUrl: string;
  /** Reversal: the API operator and their encrypted password, and where results are posted. */
  initiator?: string;
  securityCredential?: string;
  reversalResultUrl?: string;
  clock: Clock;
  timeoutMs?: number;
  retries?: number;
  /** Waits between retries; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  firstCheckAfterMs?: number;
  log?: (message: string, detail: Record<string, unknown>) => void;
}

/** Status 0: no answer (network error or timeout); `sent`: the request may have reached Daraja. */
type Answer = { status: number; body: Record<string, unknown>; error?: string; sent: boolean };

const NAIROBI = 'Africa/Nairobi';
const TOKEN_MARGIN_MS = 60_000;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** YYYYMMDDHHmmss in Nairobi time, as Daraja checks it against the password. */
export function darajaTimestamp(at: Date): string {
  return DateTime.fromJSDate(at).setZone(NAIROBI).toFormat('yyyyLLddHHmmss');
}

/** Password = base64(shortcode + passkey + timestamp). */
export function stkPassword(shortcode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${shortcode}${passkey}${timestamp}`).toString('base64');
}

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

function describe(answer: Answer): string {
  if (answer.status === 0) return answer.error ?? 'no answer';
  const code = text(answer.body.errorCode) || text(answer.body.ResponseCode);
  const message = text(answer.body.errorMessage) || text(answer.body.ResponseDescription);
  return `HTTP ${answer.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
}

const tokenRejected = (answer: Answer) =>
  answer.status === 401 || (answer.status !== 0 && text(answer.body.errorCode) === '404.001.03');

export function darajaClient(options: DarajaOptions): MpesaGateway {
  const { clock } = options;
  const base = options.baseUrl.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 3;
  const sleep = options.sleep ?? realSleep;
  let token: { value: string; until: number } | null = null;

  async function once(path: string, init: RequestInit): Promise<Answer> {
    try {
      const response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      const raw = await response.text();
      let body: Record<string, unknown> = {};
      try {
        const parsed: unknown = raw ? JSON.parse(raw) : {};
        if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
      } catch {
        body = { errorMessage: `not JSON: ${raw.slice(0, 80)}` };
      }
      return { status: response.status, body, sent: true };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      // Refused or unresolvable: the request never left; anything else may have reached Daraja.
      const sent = !(cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN');
      return {
        status: 0,
        body: {},
        error: timedOut ? `timed out after ${timeoutMs} ms` : (cause ?? String(error)),
        sent,
      };
    }
  }

  /** Retries what `retryable` allows, waiting 0.5 s, 1 s, 2 s … between tries. */
  async function withRetries(
    call: () => Promise<Answer>,
    retryable: (a: Answer) => boolean,
  ): Promise<Answer> {
    let answer = await call();
    for (let attempt = 0; attempt < retries && retryable(answer); attempt++) {
      options.log?.('Daraja request failed: retrying', { problem: describe(answer), attempt: attempt + 1 });
      await sleep(500 * 2 ** attempt);
      answer = await call();
    }
    return answer;
  }

  const transient = (answer: Answer) => answer.status === 0 || answer.status >= 500;

  async function accessToken(): Promise<string | { problem: string }> {
    if (token && token.until > clock.now().getTime()) return token.value;
    const basic = Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64');
    const answer = await withRetries(
      () =>
        once('/oauth/v1/generate?grant_type=client_credentials', {
          method: 'GET',
          headers: { authorization: `Basic ${basic}` },
        }),
      transient,
    );
    const value = answer.status === 200 ? text(answer.body.access_token) : '';
    if (!value) return { problem: `OAuth: ${describe(answer)}` };
    const seconds = Number(text(answer.body.expires_in)) || 3599;
    token = { value, until: clock.now().getTime() + seconds * 1000 - TOKEN_MARGIN_MS };
    return value;
  }

  /** A POST with the cached token; a rejected token is replaced once. */
  async function post(path: string, body: Record<string, unknown>, retryable: (a: Answer) => boolean) {
    for (let fresh = 0; ; fresh++) {
      const bearer = await accessToken();
      if (typeof bearer !== 'string')
        return { status: 0, body: {}, error: bearer.problem, sent: false } satisfies Answer;
      const answer = await withRetries(
        () =>
          once(path, {
            method: 'POST',
            headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
        retryable,
      );
      if (!tokenRejected(answer) || fresh > 0) return answer;
      token = null;
      options.log?.('Daraja rejected the access token: asking for a new one', {});
    }
  }

  const credentials = () => {
    const timestamp = darajaTimestamp(clock.now());
    return {
      BusinessShortCode: options.shortcode,
      Password: stkPassword(options.shortcode, options.passkey, timestamp),
      Timestamp: timestamp,
    };
  };

  return {
    simulated: false,
    firstCheckAfterMs: options.firstCheckAfterMs ?? 90_000,

    async stkPush(request: StkPushRequest): Promise<StkPushResult> {
      const msisdn = msisdnOf(request.phone);
      const answer = await post(
        '/mpesa/stkpush/v1/processrequest',
        {
          ...credentials(),
          TransactionType: 'CustomerPayBillOnline',
          Amount: request.amount,
          PartyA: msisdn,
          PartyB: options.shortcode,
          PhoneNumber: msisdn,
          CallBackURL: options.callbackUrl,
          AccountReference: request.accountReference.slice(0, 12),
          TransactionDesc: request.description.slice(0, 13),
        },
        (a) => (a.status === 0 ? !a.sent : a.status >= 500),
      );
      if (answer.status === 200 && text(answer.body.ResponseCode) === '0') {
        const checkoutRequestId = text(answer.body.CheckoutRequestID);
        const merchantRequestId = text(answer.body.MerchantRequestID);
        if (checkoutRequestId) return { ok: true, checkoutRequestId, merchantRequestId };
      }
      return { ok: false, reason: `STK push refused: ${describe(answer)}` };
    },

    async stkQuery(checkoutRequestId: string): Promise<StkQueryResult> {
      const answer = await post(
        '/mpesa/stkpushquery/v1/query',
        { ...credentials(), CheckoutRequestID: checkoutRequestId },
        // "The transaction is being processed" (500.001.1001) is an answer, not a failure to retry.
        (a) => transient(a) && !(a.status !== 0 && text(a.body.errorCode) === '500.001.1001'),
      );
      const code = answer.status === 200 ? text(answer.body.ResultCode) : '';
      if (code !== '' && Number.isInteger(Number(code)))
        return { kind: 'final', resultCode: Number(code), resultDesc: text(answer.body.ResultDesc) };
      return { kind: 'pending', reason: describe(answer) };
    },

    async reverse(request: ReversalRequest): Promise<ReversalResult> {
      if (!options.initiator || !options.securityCredential)
        return { ok: false, reason: 'refunds need MPESA_INITIATOR and MPESA_SECURITY_CREDENTIAL' };
      const answer = await post(
        '/mpesa/reversal/v1/request',
        {
          Initiator: options.initiator,
          SecurityCredential: options.securityCredential,
          CommandID: 'TransactionReversal',
          TransactionID: request.receipt,
          Amount: request.amount,
          ReceiverParty: options.shortcode,
          RecieverIdentifierType: '11',
          ResultURL: options.reversalResultUrl ?? options.callbackUrl,
          QueueTimeOutURL: options.reversalResultUrl ?? options.callbackUrl,
          Remarks: request.remarks.slice(0, 100) || 'Refund',
          Occasion: 'Refund',
        },
        (a) => (a.status === 0 ? !a.sent : a.status >= 500),
      );
      if (answer.status === 200 && text(answer.body.ResponseCode) === '0')
        return {
          ok: true,
          conversationId: text(answer.body.ConversationID),
          originatorConversationId: text(answer.body.OriginatorConversationID),
        };
      return { ok: false, reason: `reversal refused: ${describe(answer)}` };
    },
  };
}
