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

// The same learners write again and again; parsing with full metadata is the costly part.
const recent = new Map<string, string | undefined>();
const RECENT_LIMIT = 10_000;

/** E.164 (`+254712345678`) or undefined; `0712 345 678` is read in `defaultCountry`, `whatsapp:` is dropped. */
export function tryNormalizePhone(input: string, defaultCountry: CountryCode = 'KE'): string | undefined {
  const key = `${defaultCountry}|${input}`;
  if (recent.has(key)) return recent.get(key);
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!);
  const phone = parsePhone(input, defaultCountry);
  recent.set(key, phone);
  return phone;
}

function parsePhone(input: string, defaultCountry: CountryCode): string | undefined {
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
