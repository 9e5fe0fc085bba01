/*
 * The time zone to propose from a learner's address. Decisions: only countries with one zone
 * (or one zone nearly everyone lives in) are proposed; for the others (US, Brazil, Russia …) the
 * learner is asked to name their city. libphonenumber-js reads the calling code from the number.
 * A learner addressed by BSUID (a username, no phone seen: docs/learners.md) has only the BSUID's
 * country prefix (`KE.` → Kenya), which goes through the same table by the country's calling code.
 */
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

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

/** A BSUID's country prefix (`KE.1502…` → `KE`); libphonenumber-js knows every country WhatsApp serves. */
const BSUID_COUNTRY = /^([A-Z]{2})\.[A-Za-z0-9.]+$/;

function zoneForBsuid(bsuid: string): string | undefined {
  const country = BSUID_COUNTRY.exec(bsuid)?.[1];
  if (!country) return undefined;
  try {
    return ZONE_BY_CALLING_CODE[getCountryCallingCode(country as CountryCode)];
  } catch {
    return undefined; // a country code libphonenumber-js does not know
  }
}

/**
 * The zone of a learner's address: by the phone's calling code, else by the BSUID's country
 * (`KE.1502576394655843` → `Africa/Nairobi`); undefined means ask.
 */
export function zoneForAddress(address: string): string | undefined {
  return address.startsWith('+') ? zoneForPhone(address) : zoneForBsuid(address);
}
