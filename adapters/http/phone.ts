import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export const INVALID_PHONE_REASON =
  'not a valid phone number, expected international format like +254712345678';

export class InvalidPhoneError extends Error {
  readonly field = 'phone';
  readonly reason = INVALID_PHONE_REASON;
  constructor(readonly input: string) {
    super(`phone: ${INVALID_PHONE_REASON}`);
    this.name = 'InvalidPhoneError';
  }
}

// Only what people type around a number; libphonenumber would otherwise fish digits out of any text.
const PHONE_CHARACTERS = /^\+?[\d\s().\-/]{4,30}$/;

/** E.164 (`+254712345678`) or undefined; `0712 345 678` is read in `defaultCountry`, `whatsapp:` is dropped. */
export function tryNormalizePhone(input: string, defaultCountry: CountryCode = 'KE'): string | undefined {
  const text = input
    .trim()
    .replace(/^whatsapp:/i, '')
    .trim();
  if (!PHONE_CHARACTERS.test(text)) return undefined;
  const parsed = parsePhoneNumberFromString(text, { defaultCountry });
  return parsed?.isValid() ? parsed.number : undefined;
}

/** Like `tryNormalizePhone`, but throws `InvalidPhoneError` (message names the expected format). */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'KE'): string {
  const phone = tryNormalizePhone(input, defaultCountry);
  if (!phone) throw new InvalidPhoneError(input);
  return phone;
}
