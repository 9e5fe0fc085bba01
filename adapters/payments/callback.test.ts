import { describe, expect, it } from 'vitest';
import { parseStkCallback } from './callback.js';

const paid = {
  Body: {
    stkCallback: {
      MerchantRequestID: '29115-34620561-1',
      CheckoutRequestID: 'ws_CO_191220191020363925',
      ResultCode: 0,
      ResultDesc: 'The service request is processed successfully.',
      CallbackMetadata: {
        Item: [
          { Name: 'Amount', Value: 1.0 },
          { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
          { Name: 'Balance' },
          { Name: 'TransactionDate', Value: 20191219102115 },
          { Name: 'PhoneNumber', Value: 254708374149 },
        ],
      },
    },
  },
};

describe("Daraja's STK callback", () => {
  it("reads a success as Daraja's documentation shows it", () => {
    expect(parseStkCallback(paid)).toEqual({
      ok: true,
      callback: {
        merchantRequestId: '29115-34620561-1',
        checkoutRequestId: 'ws_CO_191220191020363925',
        resultCode: 0,
        resultDesc: 'The service request is processed successfully.',
        amount: 1,
        receipt: 'NLJ7RT61SV',
        phone: '254708374149',
      },
    });
  });

  it('reads a failure, which has no metadata, and a result code sent as text', () => {
    const cancelled = {
      Body: {
        stkCallback: {
          CheckoutRequestID: 'ws_CO_1',
          ResultCode: '1032',
          ResultDesc: 'Request cancelled by user',
        },
      },
    };
    expect(parseStkCallback(cancelled)).toMatchObject({
      ok: true,
      callback: { resultCode: 1032, amount: null, receipt: null },
    });
  });

  it.each([
    [null, 'Body is missing: expected {"Body":{"stkCallback":{…}}}'],
    [
      { Body: { stkCallback: { ResultCode: 0 } } },
      'Body.stkCallback.CheckoutRequestID must be a non-empty string',
    ],
    [
      {
        Body: {
          stkCallback: { CheckoutRequestID: 'ws_CO_1', ResultCode: 0, CallbackMetadata: { Item: 'x' } },
        },
      },
      'Body.stkCallback.CallbackMetadata.Item must be a list of {Name, Value}',
    ],
    [
      {
        Body: {
          stkCallback: {
            ...paid.Body.stkCallback,
            CallbackMetadata: { Item: [{ Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' }] },
          },
        },
      },
      'Body.stkCallback.CallbackMetadata has no positive Amount for a successful payment',
    ],
    [
      {
        Body: {
          stkCallback: {
            ...paid.Body.stkCallback,
            CallbackMetadata: {
              Item: [
                { Name: 'Amount', Value: 1.5 },
                { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
              ],
            },
          },
        },
      },
      'Body.stkCallback.CallbackMetadata Amount 1.5 is not whole shillings',
    ],
  ])('refuses %j: %s', (body, problem) => {
    expect(parseStkCallback(body)).toEqual({ ok: false, problem });
  });
});
