import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../engine/clock.js';
import { FakeDaraja } from '../../tests/harness/fake-daraja.js';
import { darajaClient, darajaTimestamp, type DarajaOptions } from './daraja.js';

describe('the Daraja client against the fake Daraja', () => {
  let fake: FakeDaraja;
  const waits: number[] = [];
  const clock = new SimClock('2026-03-02T21:30:00.000Z');

  beforeAll(async () => {
    fake = await new FakeDaraja().start();
  });
  afterAll(async () => fake?.stop());

  const client = (overrides: Partial<DarajaOptions> = {}) =>
    darajaClient({
      baseUrl: fake.url,
      consumerKey: fake.options.consumerKey,
      consumerSecret: fake.options.consumerSecret,
      shortcode: fake.options.shortcode,
      passkey: fake.options.passkey,
      callbackUrl: 'https://learn.example/webhooks/mpesa/s3cret-s3cret-s3cret',
      initiator: 'testapi',
      securityCredential: 'ZW5jcnlwdGVk',
      clock,
      timeoutMs: 300,
      sleep: async (ms) => void waits.push(ms),
      ...overrides,
    });
  const push = {
    phone: '+254712345678',
    amount: 50,
    accountReference: 'LL1234567890AB',
    description: 'premium-week-plan',
  };

  it('stamps the password with Nairobi time, past midnight there while still the day before in UTC', async () => {
    expect(darajaTimestamp(clock.now())).toBe('20260303003000');
    const result = await client().stkPush(push);
    expect(result).toMatchObject({ ok: true, checkoutRequestId: expect.stringMatching(/^ws_CO_/) });
    expect(fake.lastPush().body).toMatchObject({
      AccountReference: 'LL1234567890',
      TransactionDesc: 'premium-week-',
    });
  });

  it('reuses one token until Daraja rejects it', async () => {
    const daraja = client();
    const before = fake.calls.oauth;
    await daraja.stkPush(push);
    await daraja.stkPush(push);
    expect(fake.calls.oauth).toBe(before + 1);
    fake.expireTokens();
    expect((await daraja.stkPush(push)).ok).toBe(true);
    expect(fake.calls.oauth).toBe(before + 2);
  });

  it('retries a query on 5xx and timeouts with growing waits; "being processed" is an answer, not retried', async () => {
    const daraja = client();
    const { checkoutRequestId } = (await daraja.stkPush(push)) as { checkoutRequestId: string };
    waits.length = 0;
    fake.failNext('query', { status: 503 }, { hang: true });
    fake.complete(checkoutRequestId, { resultCode: 1032 });
    expect(await daraja.stkQuery(checkoutRequestId)).toEqual({
      kind: 'final',
      resultCode: 1032,
      resultDesc: 'Request cancelled by user.',
    });
    expect(waits).toEqual([500, 1000]);
    const other = (await daraja.stkPush(push)) as { checkoutRequestId: string };
    const queries = fake.calls.query;
    expect(await daraja.stkQuery(other.checkoutRequestId)).toEqual({
      kind: 'pending',
      reason: 'HTTP 500 500.001.1001: The transaction is being processed',
    });
    expect(fake.calls.query).toBe(queries + 1);
  });

  it('never pushes twice after a timeout (a second prompt could charge twice), but does after an answered 503', async () => {
    const daraja = client();
    const pushes = fake.calls.push;
    fake.failNext('push', { hang: true });
    expect(await daraja.stkPush(push)).toEqual({
      ok: false,
      reason: 'STK push refused: timed out after 300 ms',
    });
    expect(fake.calls.push).toBe(pushes + 1);
    fake.failNext('push', { status: 503 });
    expect((await daraja.stkPush(push)).ok).toBe(true);
  });

  it('says what is wrong instead of throwing: bad credentials, nothing listening', async () => {
    expect(await client({ consumerSecret: 'wrong' }).stkPush(push)).toEqual({
      ok: false,
      reason: 'STK push refused: OAuth: HTTP 400 400.008.01: Invalid Authentication passed',
    });
    const nowhere = await client({ baseUrl: 'http://127.0.0.1:9' }).stkQuery('ws_CO_1');
    expect(nowhere).toMatchObject({ kind: 'pending', reason: expect.stringContaining('OAuth') });
  });

  it('asks for a reversal with the initiator and the receipt, and refuses without them', async () => {
    expect(await client().reverse({ receipt: 'TLK1A2B3C4', amount: 50, remarks: 'refund' })).toMatchObject({
      ok: true,
    });
    expect(fake.reversals.at(-1)).toMatchObject({
      Initiator: 'testapi',
      CommandID: 'TransactionReversal',
      TransactionID: 'TLK1A2B3C4',
      Amount: 50,
      ReceiverParty: '174379',
      RecieverIdentifierType: '11',
    });
    expect(await client({ initiator: undefined }).reverse({ receipt: 'X', amount: 1, remarks: '' })).toEqual({
      ok: false,
      reason: 'refunds need MPESA_INITIATOR and MPESA_SECURITY_CREDENTIAL',
    });
  });
});
