/*
 * MENU and the kind fallback. Decisions: MENU is a list (next lesson, review, progress, courses,
 * settings; "Rate today's lesson" only once a quiz was finished today, in the learner's zone, and
 * no quiz is open, since rating starts a flow that would replace it); each row's id is its command
 * word, so a tap runs the command. A message nothing else takes gets a short reply for what it is
 * (flows/learning/replies.ts) instead of the menu, and a question goes to the tutor.
 */
import { DateTime } from 'luxon';
import type { ContentCatalog } from '../content/catalog.js';
import { MENU_PREFIX } from '../engine/conversation.js';
import type { Effect } from '../engine/effects.js';
import type { RootInput } from '../engine/registry.js';
import { journeyOf, quizPending, send } from './command-kit.js';
import { ALL_COMMAND_WORDS } from './command-words.js';
import { replyKind } from './learning/replies.js';
import { typoReply } from './not-an-answer.js';
import { askTutor } from './tutor.js';

const MENU_ROWS = [
  { id: 'NEXT', key: 'menu.next', descriptionKey: 'menu.nextAbout' },
  { id: 'REVIEW', key: 'menu.review', descriptionKey: 'menu.reviewAbout' },
  { id: 'PROGRESS', key: 'menu.progress', descriptionKey: 'menu.progressAbout' },
  { id: 'COURSES', key: 'menu.courses', descriptionKey: 'menu.coursesAbout' },
  { id: 'SETTINGS', key: 'menu.settings', descriptionKey: 'menu.settingsAbout' },
];
const RATE_ROW = { id: `${MENU_PREFIX}feedback`, key: 'feedback.menu', descriptionKey: 'menu.rateAbout' };

const finishedToday = (input: RootInput): boolean => {
  const { state, zone, now } = journeyOf(input);
  if (!state.lastQuiz) return false;
  const day = (at: Date) => DateTime.fromJSDate(at, { zone }).toISODate();
  return day(new Date(state.lastQuiz.at)) === day(now);
};

/** Not onboarded: onboarding's question again, or onboarding anew when it is not running (it failed). */
const finishOnboarding = (input: RootInput): Effect[] =>
  input.activeFlow
    ? [send('commands.notYet'), { type: 'reprompt', params: { reason: 'interruption' } }]
    : [{ type: 'startFlow', params: { flow: 'onboarding' } }];

export function learnerMenu(input: RootInput): Effect[] {
  if (!journeyOf(input).onboarded) return finishOnboarding(input);
  const rate = finishedToday(input) && !quizPending(input) ? [RATE_ROW] : [];
  return [
    send('system.menu', undefined, { list: { buttonKey: 'menu.button', rows: [...MENU_ROWS, ...rate] } }),
  ];
}

/**
 * The reply to a message no command or flow takes while nothing waits for an answer: a question
 * goes to the tutor (its answer ends with buttons to the next lesson and the menu), anything else
 * gets a short reply.
 */
export function learnerFallback(catalog: ContentCatalog, input: RootInput & { text: string }): Effect[] {
  if (!journeyOf(input).onboarded) return finishOnboarding(input);
  const reply = replyKind(input.text, ALL_COMMAND_WORDS);
  switch (reply.kind) {
    case 'question':
      return askTutor(catalog, input, input.text);
    case 'typo':
      return [{ type: 'send', params: typoReply(reply) }];
    case 'thanks':
    case 'greeting':
    case 'ok':
      return [send(`fallback.${reply.kind}`)];
    case 'unknown':
      return [send('fallback.unknown')];
  }
}
