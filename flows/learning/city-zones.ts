/*
 * ZONE <city>: a place a learner names, as a time zone and the city to show back. Decisions: East
 * African towns (not all are IANA zone names: Mombasa, Arusha, Mwanza…) and common cities abroad
 * come from the table below; any other IANA zone is taken by its name or its city ("Kampala",
 * "Europe/London"); the learner is answered with the city, never the IANA id.
 */
import { parseTimezone } from '../../engine/flow-compiler/answers.js';
import { cityOf } from './local-time.js';
import { normalise } from './text-match.js';

const CITY_ZONES: Record<string, string[]> = {
  'Africa/Nairobi': [
    'Nairobi',
    'Mombasa',
    'Kisumu',
    'Nakuru',
    'Eldoret',
    'Thika',
    'Machakos',
    'Nyeri',
    'Meru',
    'Garissa',
    'Malindi',
    'Kitale',
    'Kakamega',
  ],
  'Africa/Dar_es_Salaam': [
    'Dar es Salaam',
    'Dodoma',
    'Arusha',
    'Mwanza',
    'Zanzibar',
    'Mbeya',
    'Morogoro',
    'Tanga',
    'Moshi',
    'Tabora',
  ],
  'Africa/Kampala': ['Kampala', 'Entebbe', 'Jinja', 'Gulu', 'Mbarara'],
  'Africa/Kigali': ['Kigali', 'Butare', 'Musanze'],
  'Africa/Bujumbura': ['Bujumbura', 'Gitega'],
  'Africa/Addis_Ababa': ['Addis Ababa', 'Dire Dawa'],
  'Africa/Mogadishu': ['Mogadishu', 'Hargeisa'],
  'Africa/Juba': ['Juba'],
  'Africa/Lubumbashi': ['Goma', 'Bukavu', 'Lubumbashi'],
  'Africa/Lusaka': ['Lusaka'],
  'Africa/Maputo': ['Maputo'],
  'Africa/Johannesburg': ['Johannesburg', 'Cape Town', 'Durban', 'Pretoria'],
  'Africa/Lagos': ['Lagos', 'Abuja'],
  'Africa/Accra': ['Accra'],
  'Africa/Cairo': ['Cairo'],
  'Asia/Dubai': ['Dubai', 'Abu Dhabi'],
  'Asia/Riyadh': ['Riyadh', 'Jeddah'],
  'Asia/Kolkata': ['Mumbai', 'Delhi', 'New Delhi', 'Bangalore'],
  'Europe/London': ['London', 'Manchester'],
  'Europe/Paris': ['Paris'],
  'Europe/Berlin': ['Berlin'],
  'America/New_York': ['New York', 'Washington', 'Boston'],
  'America/Toronto': ['Toronto'],
};

const byCity = new Map(
  Object.entries(CITY_ZONES).flatMap(([zone, cities]) =>
    cities.map((city) => [normalise(city), { zone, city }]),
  ),
);

/** `mombasa` → Africa/Nairobi shown as Mombasa; `Europe/Paris` → Paris; null when unknown. */
export function zoneForCity(text: string): { zone: string; city: string } | null {
  const known = byCity.get(normalise(text));
  if (known) return known;
  const zone = parseTimezone(text);
  if (!zone) return null;
  return { zone, city: cityOf(zone) };
}
