import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DateTime } from 'luxon';
import { LoopbackServer, readBody } from '../../scripts/bench/loopback.js';

/**
 * A loopback Safaricom Daraja speaking its JSON: OAuth client credentials, STK push (the Password
 * checked against shortcode + passkey + Nairobi timestamp), STK query, reversal; and the callbacks
 * M-PESA would send to the CallBackURL a push gave. Tests decide each transaction's outcome
 * (`complete`), script failures (`failNext`), and expire tokens (`expireTokens`).
 */

export interface FakeDarajaOptions {
  consumerKey?: string;
  consumerSecret?: string;
  shortcode?: string;
  passkey?: string;
  /** Seconds a token lives, as Daraja says in `expires_in` (a string). */
  tokenSeconds?: number;
}

export interface FakePush {
  checkoutRequestId: string;
  merchantRequestId: string;
  body: Record<string, unknown>;
}

export interface Outcome {
  resultCode: number;
  resultDesc?: string;
  /** For a success: what the callback reports (default: the amount and phone pushed, a fresh receipt). */
  amount?: number;
  receipt?: string;
  phone?: string;
}

type Failure = { status: number; body?: Record<string, unknown> } | { hang: true };
type Route = 'oauth' | 'push' | 'query' | 'reversal';

const DESCRIPTIONS: Record<number, string> = {
  0: 'The service request is processed successfully.',
  1: 'The balance is insufficient for the transaction.',
  1032: 'Request cancelled by user.',
  1037: 'DS timeout user cannot be reached.',
  2001: 'The initiator information is invalid.',
};

export class FakeDaraja {
  readonly options: Required<FakeDarajaOptions>;
  readonly pushes: FakePush[] = [];
  readonly reversals: Record<string, unknown>[] = [];
  readonly calls: Record<Route, number> = { oauth: 0, push: 0, query: 0, reversal: 0 };
  private readonly server = new LoopbackServer();
  private readonly tokens = new Set<string>();
  private readonly outcomes = new Map<string, Outcome>();
  private readonly failures: Record<Route, Failure[]> = { oauth: [], push: [], query: [], reversal: [] };
  private hanging: ServerResponse[] = [];
  private counter = 0;
  url = '';

  constructor(options: FakeDarajaOptions = {}) {
    this.options = {
      consumerKey: options.consumerKey ?? 'fake-consumer-key',
      consumerSecret: options.consumerSecret ?? 'fake-consumer-secret',
      shortcode: options.shortcode ?? '174379',
      passkey: options.passkey ?? 'fake-passkey-bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78',
      tokenSeconds: options.tokenSeconds ?? 3599,
    };
  }

  async start(): Promise<this> {
    this.url = await this.server.start(
      (req, res) => this.handle(req, res),
      (res, error) => this.json(res, 500, { errorCode: '500.003.1001', errorMessage: String(error) }),
    );
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging = [];
    await this.server.stop();
  }

  /** The next requests to `route` fail this way, in order (then it answers normally again). */
  failNext(route: Route, ...failures: Failure[]): this {
    this.failures[route].push(...failures);
    return this;
  }

  /** Every token issued so far is rejected from now on (401, "Invalid Access Token"). */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** M-PESA's outcome of a transaction, as STK query reports it from now on. */
  complete(checkoutRequestId: string, outcome: Outcome): void {
    this.outcomes.set(checkoutRequestId, outcome);
  }

  lastPush(): FakePush {
    const push = this.pushes.at(-1);
    if (!push) throw new Error('fake Daraja: no STK push received');
    return push;
  }

  /** The callback body M-PESA posts for a transaction (also recorded as its outcome). */
  callbackBody(checkoutRequestId: string, outcome: Outcome): Record<string, unknown> {
    this.complete(checkoutRequestId, outcome);
    const push = this.pushes.find((p) => p.checkoutRequestId === checkoutRequestId);
    const stkCallback: Record<string, unknown> = {
      MerchantRequestID: push?.merchantRequestId ?? '0000-0000-0',
      CheckoutRequestID: checkoutRequestId,
      ResultCode: outcome.resultCode,
      ResultDesc: outcome.resultDesc ?? DESCRIPTIONS[outcome.resultCode] ?? 'Failed',
    };
    if (outcome.resultCode === 0) {
      stkCallback.CallbackMetadata = {
        Item: [
          { Name: 'Amount', Value: outcome.amount ?? Number(push?.body.Amount ?? 1) },
          { Name: 'MpesaReceiptNumber', Value: outcome.receipt ?? this.receipt() },
          { Name: 'Balance' },
          {
            Name: 'TransactionDate',
            Value: Number(DateTime.utc().setZone('Africa/Nairobi').toFormat('yyyyLLddHHmmss')),
          },
          { Name: 'PhoneNumber', Value: Number(outcome.phone ?? push?.body.PhoneNumber ?? 254700000000) },
        ],
      };
    }
    return { Body: { stkCallback } };
  }

  /** Posts the callback to the CallBackURL of the push, as M-PESA does; returns Daraja's view of the answer. */
  async sendCallback(
    checkoutRequestId: string,
    outcome: Outcome,
  ): Promise<{ status: number; body: unknown }> {
    const push = this.pushes.find((p) => p.checkoutRequestId === checkoutRequestId);
    if (!push) throw new Error(`fake Daraja: no push with CheckoutRequestID ${checkoutRequestId}`);
    const response = await fetch(String(push.body.CallBackURL), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.callbackBody(checkoutRequestId, outcome)),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  receipt(): string {
    return `TLK${randomBytes(4).toString('hex').toUpperCase().slice(0, 7)}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const route: Route | undefined =
      req.method === 'GET' && url.pathname === '/oauth/v1/generate'
        ? 'oauth'
        : req.method === 'POST' && url.pathname === '/mpesa/stkpush/v1/processrequest'
          ? 'push'
          : req.method === 'POST' && url.pathname === '/mpesa/stkpushquery/v1/query'
            ? 'query'
            : req.method === 'POST' && url.pathname === '/mpesa/reversal/v1/request'
              ? 'reversal'
              : undefined;
    if (!route) return this.json(res, 404, { errorCode: '404.001.01', errorMessage: 'Resource not found' });
    this.calls[route]++;
    const raw = await readBody(req);
    const failure = this.failures[route].shift();
    if (failure && 'hang' in failure) {
      this.hanging.push(res);
      return;
    }
    if (failure)
      return this.json(
        res,
        failure.status,
        failure.body ?? { errorCode: `${failure.status}.000.00`, errorMessage: 'Scripted failure' },
      );
    if (route === 'oauth') return this.oauth(req, url, res);
    if (!this.tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, '')))
      return this.json(res, 401, {
        requestId: this.id(),
        errorCode: '404.001.03',
        errorMessage: 'Invalid Access Token',
      });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return this.json(res, 400, {
        requestId: this.id(),
        errorCode: '400.002.02',
        errorMessage: 'Bad Request - Invalid JSON',
      });
    }
    if (route === 'reversal') {
      this.reversals.push(body);
      return this.json(res, 200, {
        OriginatorConversationID: this.id(),
        ConversationID: `AG_${this.id()}`,
        ResponseCode: '0',
        ResponseDescription: 'Accept the service request successfully.',
      });
    }
    const problem = this.checkPassword(body);
    if (problem)
      return this.json(res, 400, { requestId: this.id(), errorCode: '400.002.02', errorMessage: problem });
    if (route === 'push') return this.push(body, res);
    const checkout = String(body.CheckoutRequestID ?? '');
    const outcome = this.outcomes.get(checkout);
    const push = this.pushes.find((p) => p.checkoutRequestId === checkout);
    if (!push)
      return this.json(res, 400, {
        requestId: this.id(),
        errorCode: '400.002.02',
        errorMessage: 'Bad Request - Invalid CheckoutRequestID',
      });
    if (!outcome)
      return this.json(res, 500, {
        requestId: this.id(),
        errorCode: '500.001.1001',
        errorMessage: 'The transaction is being processed',
      });
    return this.json(res, 200, {
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successsfully',
      MerchantRequestID: push.merchantRequestId,
      CheckoutRequestID: checkout,
      ResultCode: String(outcome.resultCode),
      ResultDesc: outcome.resultDesc ?? DESCRIPTIONS[outcome.resultCode] ?? 'Failed',
    });
  }

  private oauth(req: IncomingMessage, url: URL, res: ServerResponse) {
    const expected = Buffer.from(`${this.options.consumerKey}:${this.options.consumerSecret}`).toString(
      'base64',
    );
    if (
      url.searchParams.get('grant_type') !== 'client_credentials' ||
      req.headers.authorization !== `Basic ${expected}`
    )
      return this.json(res, 400, { errorCode: '400.008.01', errorMessage: 'Invalid Authentication passed' });
    const token = randomBytes(14).toString('base64url');
    this.tokens.add(token);
    return this.json(res, 200, { access_token: token, expires_in: String(this.options.tokenSeconds) });
  }

  private checkPassword(body: Record<string, unknown>): string | null {
    const { shortcode, passkey } = this.options;
    const timestamp = String(body.Timestamp ?? '');
    if (String(body.BusinessShortCode) !== shortcode) return 'Bad Request - Invalid BusinessShortCode';
    if (!/^\d{14}$/.test(timestamp)) return 'Bad Request - Invalid Timestamp';
    const expected = Buffer.from(`${shortcode}${passkey}${timestamp}`).toString('base64');
    return body.Password === expected ? null : 'Bad Request - Invalid Password';
  }

  private push(body: Record<string, unknown>, res: ServerResponse) {
    const amount = body.Amount;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1)
      return this.json(res, 400, {
        requestId: this.id(),
        errorCode: '400.002.02',
        errorMessage: 'Bad Request - Invalid Amount',
      });
    if (!/^2547\d{8}$|^2541\d{8}$/.test(String(body.PhoneNumber)))
      return this.json(res, 400, {
        requestId: this.id(),
        errorCode: '400.002.02',
        errorMessage: 'Bad Request - Invalid PhoneNumber',
      });
    const push = {
      checkoutRequestId: `ws_CO_${Date.now()}${++this.counter}`,
      merchantRequestId: `${this.counter}-${randomBytes(4).toString('hex')}-1`,
      body,
    };
    this.pushes.push(push);
    return this.json(res, 200, {
      MerchantRequestID: push.merchantRequestId,
      CheckoutRequestID: push.checkoutRequestId,
      ResponseCode: '0',
      ResponseDescription: 'Success. Request accepted for processing',
      CustomerMessage: 'Success. Request accepted for processing',
    });
  }

  private id(): string {
    return `${randomBytes(4).toString('hex')}-${++this.counter}`;
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
