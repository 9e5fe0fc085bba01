/*
 * The time zone to propose from a phone number's country. Decisions: only countries with one zone
 * (or one zone nearly everyone lives in) are proposed; for the others (US, Brazil, Russia …) the
 * learner is asked to name their city. libphonenumber-js reads the calling code from the number.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** By calling code, so numbers libphonenumber cannot tie to one country (+44 7700 …) still get a zone. */
const ZONE_BY_CALLING_CODE: Record<string, string> = {
  '254': 'Africa/Nairobi',
  '255': 'Africa/Dar_es_Salaam',
  '256': 'Africa/Kampala',
  '250': 'Africa/Kigali',
  '257': 'Africa/Bujumbura',
  '251': 'Africa/Addis_Ababa',
  '252': 'Africa/Mogadishu',
  '211': 'Africa/Juba',
  '234': 'Africa/Lagos',
  '233': 'Africa/Accra',
  '27': 'Africa/Johannesburg',
  '260': 'Africa/Lusaka',
  '265': 'Africa/Blantyre',
  '258': 'Africa/Maputo',
  '263': 'Africa/Harare',
  '20': 'Africa/Cairo',
  '44': 'Europe/London',
  '353': 'Europe/Dublin',
  '49': 'Europe/Berlin',
  '33': 'Europe/Paris',
  '31': 'Europe/Amsterdam',
  '91': 'Asia/Kolkata',
  '971': 'Asia/Dubai',
};

/** `+254 712 345678` → `Africa/Nairobi`; undefined when the country has several zones or is unknown. */
export function zoneForPhone(phone: string): string | undefined {
  const code = parsePhoneNumberFromString(phone)?.countryCallingCode;
  return code ? ZONE_BY_CALLING_CODE[code] : undefined;
}
