/*
 * What TypeScript gives the YAML flows (flows/*.flow.yaml) by name: the catalog's courses as a
 * choice's options, the time zone guessed from the learner's phone or BSUID, and the finisher that ends
 * onboarding (flows/onboarding.flow.yaml) by saving the learner's choices and scheduling the
 * first lesson as the root's daily timer, which outlives every flow.
 */
import { DateTime } from 'luxon';
import type { ContentCatalog } from '../content/catalog.js';
import { swahiliTimeWords } from '../shared/swahili-time.js';
import type { Effect } from '../engine/effects.js';
import type { FlowExtensions } from '../engine/flow-compiler/index.js';
import { DAILY_LESSON_TIMER } from './commands.js';
import { nextLessonAt } from './learning/lesson-time.js';
import { zoneForCity } from './learning/city-zones.js';
import { cityOf } from './learning/local-time.js';
import { zoneForAddress } from './learning/phone-zone.js';
import { welcomeLanguage } from './learning/welcome-language.js';
import { courseChoiceTitle } from './payment-offer.js';
import type { PaymentInput } from './payment.js';
import { inLanguage } from './questions.js';

export function createFlowExtensions(catalog: ContentCatalog): FlowExtensions {
  return {
    /** A place typed at onboarding's time zone question reads as ZONE reads it (flows/learning/city-zones.ts). */
    places: (text) => {
      const found = zoneForCity(text);
      return found ? { zone: found.zone, place: found.city } : null;
    },
    optionSources: {
      /** The courses taught in the learner's language, by slug with their title in it. */
      courses: (learner) =>
        catalog
          .courses()
          .filter((course) => course.languages.includes(learner.language as never))
          .map((course) => ({
            id: course.slug,
            title: courseChoiceTitle(catalog, course.slug, learner.language),
          })),
    },
    learnerValues: {
      /** `sw`, `both` or `en`: how to welcome a new learner (flows/learning/welcome-language.ts). */
      welcomeLanguage: (learner, _at, input) =>
        welcomeLanguage(String(input.firstMessage ?? ''), learner.phone),
      phoneZone: (learner) => zoneForAddress(learner.phone),
      /** The phone's zone as the learner reads it: its city ("Nairobi"). */
      phoneZoneCity: (learner) => {
        const zone = zoneForAddress(learner.phone);
        return zone ? cityOf(zone) : undefined;
      },
      /** The wall-clock time in the phone's zone, so the learner can tell whether it is theirs. */
      phoneZoneTime: (learner, at) => {
        const zone = zoneForAddress(learner.phone);
        return zone ? DateTime.fromJSDate(at, { zone }).toFormat('HH:mm') : undefined;
      },
    },
    finishers: {
      'onboarding.complete': (answers, learner, at): Effect[] => {
        const course = String(answers.course);
        const time = String(answers.time);
        const zone = String(answers.zone);
        const place = String(answers.zonePlace ?? cityOf(zone));
        const dueAt = nextLessonAt(at, zone, time).toISOString();
        const premium = catalog.course(course)?.premium === true;
        const offer: PaymentInput = { course, language: learner.language, address: learner.phone };
        return [
          {
            type: 'updateProfile',
            params: {
              timezone: zone,
              learning: {
                course,
                courses: [course],
                lessonTime: time,
                paused: null,
                onboardedAt: at.toISOString(),
                place,
              },
            },
          },
          {
            type: 'send',
            params: {
              key: premium ? 'payment.onboarded' : 'onboarding.confirmed',
              vars: {
                course: inLanguage(catalog.course(course)?.title, learner.language),
                time,
                clock: swahiliTimeWords(time),
                zone: place,
              },
              // The button is NEXT itself: lesson 1 now, and the day's scheduled lesson moves to tomorrow.
              ...(premium ? {} : { buttons: [{ id: 'NEXT', key: 'onboarding.startNow' }] }),
            },
          },
          { type: 'schedule', params: { name: DAILY_LESSON_TIMER, dueAt } },
          // A premium course (a new learner has paid for nothing): the offer to buy it follows.
          ...(premium
            ? [{ type: 'startFlow' as const, params: { flow: 'payment', input: { ...offer } } }]
            : []),
        ];
      },
    },
  };
}
