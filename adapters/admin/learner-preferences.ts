import { IANAZone } from 'luxon';
import type { ProfileChange } from '../../db/repositories/profile.js';
import { LANGUAGES } from '../http/routes/users.js';
import type { SettingsProblems } from './pages/learner-settings.js';

const LESSON_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The profile form's preferences, checked as the JSON API checks them (adapters/http/routes/profile.ts):
 * language en or sw, an IANA time zone, a 24-hour lesson time. Empty fields are left as they are.
 */
export function readPreferences(form: Record<string, unknown>): {
  change: ProfileChange;
  problems: SettingsProblems;
} {
  const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  const change: ProfileChange = {};
  const problems: SettingsProblems = {};
  const language = field('language');
  if (language && !(LANGUAGES as readonly string[]).includes(language))
    problems.language = 'Language must be English (en) or Kiswahili (sw).';
  else if (language) change.language = language;
  const timezone = field('timezone');
  if (timezone && !IANAZone.isValidZone(timezone))
    problems.timezone = `"${timezone.slice(0, 64)}" is not a time zone: use a name like Africa/Nairobi.`;
  else if (timezone) change.timezone = timezone;
  const dailyTime = field('dailyTime');
  if (dailyTime && !LESSON_TIME.test(dailyTime))
    problems.dailyTime = 'The lesson time must be a 24-hour time like 07:30.';
  else if (dailyTime) change.dailyTime = dailyTime;
  return { change, problems };
}
