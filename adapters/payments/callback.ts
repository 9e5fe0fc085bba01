/**
 * Daraja's STK callback, `{"Body":{"stkCallback":{…}}}`, read into what settling needs, or the
 * first thing wrong with it named by its path. A success carries CallbackMetadata items (Amount,
 * MpesaReceiptNumber, TransactionDate, PhoneNumber); a failure carries none.
 */
export interface StkCallback {
  merchantRequestId: string;
  checkoutRequestId: string;
  resultCode: number;
  resultDesc: string;
  amount: number | null;
  receipt: string | null;
  phone: string | null;
}

export type ParsedCallback = { ok: true; callback: StkCallback } | { ok: false; problem: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseStkCallback(body: unknown): ParsedCallback {
  const fail = (problem: string): ParsedCallback => ({ ok: false, problem });
  if (!isObject(body) || !isObject(body.Body))
    return fail('Body is missing: expected {"Body":{"stkCallback":{…}}}');
  const cb = body.Body.stkCallback;
  if (!isObject(cb)) return fail('Body.stkCallback is missing');
  const checkout = cb.CheckoutRequestID;
  if (typeof checkout !== 'string' || checkout === '' || checkout.length > 100)
    return fail('Body.stkCallback.CheckoutRequestID must be a non-empty string');
  const code = typeof cb.ResultCode === 'string' ? Number(cb.ResultCode) : cb.ResultCode;
  if (typeof code !== 'number' || !Number.isInteger(code))
    return fail('Body.stkCallback.ResultCode must be a whole number');
  const items = isObject(cb.CallbackMetadata) ? cb.CallbackMetadata.Item : undefined;
  if (cb.CallbackMetadata !== undefined && !Array.isArray(items))
    return fail('Body.stkCallback.CallbackMetadata.Item must be a list of {Name, Value}');
  const value = (name: string) =>
    (items as unknown[] | undefined)?.find((item) => isObject(item) && item.Name === name) as
      { Value?: unknown } | undefined;
  const amountValue = value('Amount')?.Value;
  const receiptValue = value('MpesaReceiptNumber')?.Value;
  const phoneValue = value('PhoneNumber')?.Value;
  const amount = amountValue === undefined ? null : Number(amountValue);
  if (code === 0) {
    if (typeof receiptValue !== 'string' || !/^[A-Z0-9]{6,20}$/.test(receiptValue))
      return fail('Body.stkCallback.CallbackMetadata has no MpesaReceiptNumber for a successful payment');
    if (amount === null || !Number.isFinite(amount) || amount <= 0)
      return fail('Body.stkCallback.CallbackMetadata has no positive Amount for a successful payment');
    if (!Number.isInteger(amount))
      return fail(`Body.stkCallback.CallbackMetadata Amount ${amount} is not whole shillings`);
  }
  return {
    ok: true,
    callback: {
      merchantRequestId: typeof cb.MerchantRequestID === 'string' ? cb.MerchantRequestID : '',
      checkoutRequestId: checkout,
      resultCode: code,
      resultDesc: typeof cb.ResultDesc === 'string' ? cb.ResultDesc.slice(0, 300) : '',
      amount: amount !== null && Number.isFinite(amount) ? amount : null,
      receipt: typeof receiptValue === 'string' ? receiptValue : null,
      phone: typeof phoneValue === 'number' || typeof phoneValue === 'string' ? String(phoneValue) : null,
    },
  };
}
