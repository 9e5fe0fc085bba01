/*
 * Kenyan mobile numbers as M-PESA takes them. Decisions: only mobile numbers (07… and 01…, the
 * ranges Safaricom, Airtel and Telkom hand out) are M-PESA numbers; a learner may type one in any
 * usual form (0712 345 678, 712345678, 254712345678, +254 712-345-678, 00254…, +254 0712…), and
 * gets it back as E.164 (+254712345678), which the payment service passes to Daraja without the "+".
 */

const SEPARATORS = /[\s().\-/]/g;
const FORMS = [/^(?:\+|00)?2540?([17]\d{8})$/, /^0([17]\d{8})$/, /^([17]\d{8})$/];

/** `0712 345 678` → `+254712345678`; null when the text is not a Kenyan mobile number. */
export function kenyanMsisdn(text: string): string | null {
  const compact = text
    .trim()
    .replace(/^whatsapp:/i, '')
    .replace(SEPARATORS, '');
  for (const form of FORMS) {
    const match = form.exec(compact);
    if (match) return `+254${match[1]}`;
  }
  return null;
}

/** `+254712345678` → `0712 345 678`: how Kenyans write their own number. */
export function localKenyanNumber(msisdn: string): string {
  const digits = msisdn.replace(/^\+254/, '');
  return `0${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
