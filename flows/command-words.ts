/*
 * The words that start each command the flows give the root, English first, then Kiswahili. One
 * table, so HELP, MENU and the "did you mean" of a typo all read the same words as the commands.
 */
import { ROOT_COMMAND_WORDS } from '../engine/conversation.js';

export const COMMAND_WORDS = {
  progress: ['PROGRESS', 'MAENDELEO'],
  next: ['NEXT', 'LESSON', 'SOMO'],
  retry: ['RETRY', 'JARIBU'],
  later: ['LATER', 'BAADAYE'],
  review: ['REVIEW', 'RUDIA'],
  pause: ['PAUSE', 'PUMZIKA'],
  resume: ['RESUME', 'ENDELEA'],
  time: ['TIME', 'SAA'],
  language: ['LANGUAGE', 'LUGHA'],
  courses: ['COURSES', 'COURSE', 'KOZI'],
  settings: ['SETTINGS', 'MIPANGILIO'],
  name: ['NAME', 'JINA'],
  zone: ['ZONE', 'ENEO'],
  export: ['EXPORT', 'DATA'],
  ask: ['ASK', 'ULIZA'],
  why: ['WHY', 'KWANINI'],
  hint: ['HINT', 'DOKEZO'],
  simpler: ['SIMPLER', 'RAHISI'],
  more: ['MORE', 'ZAIDI'],
  pay: ['PAY', 'LIPA'],
  subscribe: ['SUBSCRIBE', 'JIUNGE'],
  billing: ['BILLING', 'MALIPO'],
  renew: ['RENEW', 'ONGEZA'],
  insights: ['INSIGHTS', 'INSIGHT', 'MUHTASARI'],
  goal: ['GOAL', 'LENGO'],
  badges: ['BADGES', 'BEJI'],
  certificate: ['CERTIFICATE', 'CHETI'],
  league: ['LEAGUE', 'LIGI'],
} as const satisfies Record<string, readonly string[]>;

export type CommandId = keyof typeof COMMAND_WORDS;

/**
 * Whole messages that mean a command although they are more than its word: the titles of the
 * buttons that run it, typed ("Next lesson", "Somo lijalo"), and what learners write for them.
 */
export const COMMAND_PHRASES: Partial<Record<CommandId, readonly string[]>> = {
  next: ['NEXT LESSON', 'THE NEXT LESSON', 'NEW LESSON', 'SOMO LINALOFUATA', 'SOMO LIJALO', 'SOMO JIPYA'],
  review: ['REVIEW NOW', 'RUDIA SASA'],
};

/** Every word a command may start with, the root's own (STOP, HELP, MENU …) included: typos are measured against these. */
export const ALL_COMMAND_WORDS: readonly string[] = [
  ...Object.values(COMMAND_WORDS).flat(),
  ...ROOT_COMMAND_WORDS,
];
