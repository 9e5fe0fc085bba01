/*
 * The commands that change a setting after onboarding (TIME, LANGUAGE, NAME, ZONE) and SETTINGS,
 * which shows them all. Each answers with the new value; a quiz waiting meanwhile is asked again
 * by the root, in the new language after LANGUAGE.
 */
import type { RootCommand } from '../engine/registry.js';
import { parseTimeOfDay } from '../engine/flow-compiler/answers.js';
import { parseSwahiliTime, swahiliTimeWords } from '../shared/swahili-time.js';
import { command, journeyOf, notDuring, onboardedOnly, scheduleDaily, send } from './command-kit.js';
import { zoneForCity } from './learning/city-zones.js';
import { placeOf } from './learning/local-time.js';
import { isQuietTime } from './learning/quiet-hours.js';

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', sw: 'Kiswahili' };
const MAX_NAME = 40;

export function settingsCommands(
  courseTitle: (slug: string | undefined, language: string) => string,
): RootCommand[] {
  return [
    // Onboarding asks for a time itself: "saa moja asubuhi" there is its answer, not this command.
    notDuring(
      ['onboarding'],
      command(
        'time',
        onboardedOnly((input) => {
          const { now, zone, state } = journeyOf(input);
          // SAA moja asubuhi: the Swahili clock after the command word, as at onboarding's time question.
          const time = parseTimeOfDay(input.argument) ?? parseSwahiliTime(input.argument);
          if (!time || isQuietTime(time)) return [send('commands.timeInvalid')];
          return [
            { type: 'updateProfile', params: { learning: { lessonTime: time } } },
            // A later hour on a day whose lesson already went starts tomorrow: one lesson a day.
            scheduleDaily(now, zone, time, state.lastLessonDay),
            send('commands.timeSet', {
              time,
              clock: swahiliTimeWords(time),
              zone: placeOf(state.place, zone),
            }),
          ];
        }),
      ),
    ),
    command('language', (input) => {
      const wanted = input.argument.toLowerCase();
      if (wanted === 'en' || wanted === 'sw')
        return [{ type: 'updateProfile', params: { language: wanted } }, send('commands.languageSet')];
      return [
        send('commands.language', undefined, {
          buttons: [
            { id: 'LANGUAGE en', key: 'ask.language.en' },
            { id: 'LANGUAGE sw', key: 'ask.language.sw' },
          ],
        }),
      ];
    }),
    // NAME Amina; "JINA langu ni Amina" and "NAME is Amina" too.
    command(
      'name',
      onboardedOnly((input) => {
        const name = input.argument.replace(/^(langu ni|is)\s+/i, '').trim();
        if (!name || [...name].length > MAX_NAME) return [send('commands.nameInvalid')];
        return [{ type: 'updateProfile', params: { name } }, send('commands.nameSet')];
      }),
    ),
    command(
      'zone',
      onboardedOnly((input) => {
        const { state, now } = journeyOf(input);
        const found = zoneForCity(input.argument);
        if (!found) return [send(input.argument ? 'commands.zoneUnknown' : 'commands.zoneAsk')];
        const time = state.lessonTime!;
        return [
          // The place as the learner named it is what SETTINGS shows back ("Mombasa", not "Nairobi").
          { type: 'updateProfile', params: { timezone: found.zone, learning: { place: found.city } } },
          scheduleDaily(now, found.zone, time, state.lastLessonDay),
          send('commands.zoneSet', { city: found.city, time }),
        ];
      }),
    ),
    command(
      'settings',
      onboardedOnly((input) => {
        const { state, language, zone } = journeyOf(input);
        return [
          send(state.paused ? 'commands.settingsPaused' : 'commands.settings', {
            name: input.learner?.name ?? '',
            language: LANGUAGE_NAMES[language] ?? language,
            course: courseTitle(state.course, language),
            time: state.lessonTime!,
            zone: placeOf(state.place, zone),
          }),
        ];
      }),
      'none',
    ),
  ];
}
