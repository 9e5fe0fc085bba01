import { describe, expect, it } from 'vitest';
import { catalogMessages } from '../content/messages.js';
import type { RootInput } from '../engine/registry.js';
import { ALL_COMMAND_WORDS } from './command-words.js';
import { contentCatalog } from './content-catalog.js';
import { learnerFallback, learnerMenu } from './menu.js';

const catalog = contentCatalog();
const onboarded = { course: 'money-basics', courses: ['money-basics'], lessonTime: '07:30' };
const input = (learning: Record<string, unknown>, activeFlow: string | null = null): RootInput => ({
  learner: { phone: '+254700000001', name: 'Amina', language: 'en', timezone: 'Africa/Nairobi', learning },
  at: '2026-03-03T15:00:00Z', // Tuesday 18:00 in Nairobi
  activeFlow,
});
const rows = (effects: ReturnType<typeof learnerMenu>) =>
  effects.flatMap((e) => (e.type === 'send' ? (e.params.list?.rows.map((r) => r.id) ?? []) : []));
const quizAt = (at: string) => ({
  course: 'money-basics',
  lesson: 'needs-and-wants',
  score: 3,
  total: 3,
  at,
});

describe('MENU', () => {
  it('lists next lesson, review, progress, courses and settings, whose ids are the commands', () => {
    expect(rows(learnerMenu(input(onboarded)))).toEqual([
      'NEXT',
      'REVIEW',
      'PROGRESS',
      'COURSES',
      'SETTINGS',
    ]);
  });
  it("offers rating only after a quiz finished today in the learner's zone, and not while a quiz is open", () => {
    // 21:30 UTC Monday is 00:30 Tuesday in Nairobi: today there.
    const today = { ...onboarded, lastQuiz: quizAt('2026-03-02T21:30:00Z') };
    const yesterday = { ...onboarded, lastQuiz: quizAt('2026-03-02T20:30:00Z') };
    expect(rows(learnerMenu(input(today))).at(-1)).toBe('menu:feedback');
    expect(rows(learnerMenu(input(yesterday)))).not.toContain('menu:feedback');
    expect(rows(learnerMenu(input(today, 'lesson')))).not.toContain('menu:feedback');
  });
  it('before onboarding is done, says so and asks the onboarding question again', () => {
    expect(learnerMenu(input({}, 'onboarding'))).toEqual([
      { type: 'send', params: { key: 'commands.notYet' } },
      { type: 'reprompt', params: { reason: 'interruption' } },
    ]);
  });

  it('starts onboarding again when it is not running (a failed turn ended it)', () => {
    const restart = [{ type: 'startFlow', params: { flow: 'onboarding' } }];
    expect(learnerMenu(input({}))).toEqual(restart);
    expect(learnerFallback(catalog, { ...input({}), text: 'hello?' })).toEqual(restart);
  });
});

describe('the reply to anything else', () => {
  const reply = (text: string) => learnerFallback(catalog, { ...input(onboarded), text });
  it('is short and fits what was sent', () => {
    expect(reply('asante')).toEqual([{ type: 'send', params: { key: 'fallback.thanks' } }]);
    expect(reply('qwerty uiop')).toEqual([{ type: 'send', params: { key: 'fallback.unknown' } }]);
    expect(reply('setings')).toEqual([
      {
        type: 'send',
        params: {
          key: 'fallback.typo',
          vars: { command: 'SETTINGS' },
          buttons: [{ id: 'SETTINGS', key: 'quiz.option', vars: { answer: 'SETTINGS' } }],
        },
      },
    ]);
  });
  it('puts a question to the tutor, about the course the learner follows', () => {
    expect(reply('How do I save?')).toEqual([
      {
        type: 'callService',
        params: {
          service: 'tutor.ask',
          input: expect.objectContaining({
            question: 'How do I save?',
            course: 'money-basics',
            language: 'en',
          }),
        },
      },
    ]);
  });
  it('suggests a command too long for a button in the text only', () => {
    const [typo] = reply('MIPANGILO mingi sana');
    expect(typo).toEqual({
      type: 'send',
      params: { key: 'fallback.typo', vars: { command: 'MIPANGILIO mingi sana' } },
    });
  });
});

describe('HELP', () => {
  const messages = catalogMessages();
  it.each(['en', 'sw'])('names every command word, English and Kiswahili (%s)', (language) => {
    const help = messages.render(language, 'system.help');
    const missing = ALL_COMMAND_WORDS.filter((word) => !new RegExp(`\\b${word}\\b`).test(help));
    expect(missing).toEqual([]);
    expect(help).toMatch(/\bASK\b.*\bULIZA\b|\bULIZA\b.*\bASK\b/);
  });
});
