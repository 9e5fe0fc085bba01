import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCatalog } from '../../content/messages.js';
import { parseAnswer } from '../../engine/flow-compiler/answers.js';
import type { AskStep, FlowSpec } from '../../engine/flow-compiler/spec.js';
import { createJourneyExtensions } from '../commands.js';
import { contentCatalog } from '../content-catalog.js';
import { LESSON_HOURS } from './quiet-hours.js';

const onboarding = parse(
  readFileSync(join(import.meta.dirname, '..', 'onboarding.flow.yaml'), 'utf8'),
) as FlowSpec;
const askTime = onboarding.steps.find((step) => step.name === 'askTime') as AskStep;
const messages = loadCatalog();
const timeCommand = createJourneyExtensions(contentCatalog()).commands!.find((c) => c.id === 'time')!;
const learner = {
  phone: '+254700000001',
  name: 'Amina',
  language: 'en',
  timezone: 'Africa/Nairobi',
  learning: { course: 'money-basics', lessonTime: '07:30' },
};

const atOnboarding = (text: string) => parseAnswer(askTime, text, () => []).ok;
const byTimeCommand = (text: string) =>
  timeCommand
    .run({ learner, at: '2026-03-02T05:00:00Z', activeFlow: null, argument: text })
    .some((effect) => effect.type === 'updateProfile');

/** Every clock time a message names ("07:45", "6:30pm"). */
const timesIn = (text: string) => text.match(/\b\d{1,2}[:.]\d{2}(?:\s?[ap]m)?/gi) ?? [];

describe('one rule for the daily lesson time (issue 11, item 7)', () => {
  it("onboarding's time question takes the lesson hours", () => {
    expect([askTime.min, askTime.max]).toEqual([LESSON_HOURS.first, LESSON_HOURS.last]);
  });

  it.each([
    ['06:59', false],
    ['07:00', true],
    ['20:59', true],
    ['21:00', false],
    ['8:59pm', true],
    ['9pm', false],
  ])('%s: onboarding and TIME agree (%s)', (time, allowed) => {
    expect(atOnboarding(time)).toBe(allowed);
    expect(byTimeCommand(time)).toBe(allowed);
  });

  it.each(['en', 'sw'])('every time the prompts name in %s is one they accept', (language) => {
    const texts = messages.get(language)!;
    for (const key of ['onboarding.askTime', 'onboarding.askTimeAgain', 'commands.timeInvalid']) {
      const times = timesIn(texts.get(key)!);
      expect(times.length, key).toBeGreaterThan(0);
      for (const time of times) {
        expect([key, time, atOnboarding(time)]).toEqual([key, time, true]);
        expect([key, time, byTimeCommand(time)]).toEqual([key, time, true]);
      }
    }
    expect(texts.get('onboarding.askTimeAgain')).toContain(`${LESSON_HOURS.first} `);
    expect(texts.get('onboarding.askTimeAgain')).toContain(` ${LESSON_HOURS.last}`);
  });

  it('takes Swahili clock time at the time question and after SAA', () => {
    expect(parseAnswer(askTime, 'saa moja asubuhi', () => [])).toEqual({ ok: true, value: '07:00' });
    expect(parseAnswer(askTime, 'saa mbili usiku', () => [])).toEqual({ ok: true, value: '20:00' });
    expect(parseAnswer(askTime, 'saa 7:30', () => [])).toEqual({ ok: true, value: '07:30' });
    // Saa tano usiku is 23:00: quiet hours.
    expect(atOnboarding('saa tano usiku')).toBe(false);
    expect(byTimeCommand('moja asubuhi')).toBe(true);
  });
});
