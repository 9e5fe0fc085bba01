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
  insights: ['INSIGHTS', 'INSIGHT', 'MUHTASARI'],
  goal: ['GOAL', 'LENGO'],
} as const satisfies Record<string, readonly string[]>;

export type CommandId = keyof typeof COMMAND_WORDS;

/** Every word a command may start with, the root's own (STOP, HELP, MENU …) included: typos are measured against these. */
export const ALL_COMMAND_WORDS: readonly string[] = [
  ...Object.values(COMMAND_WORDS).flat(),
  ...ROOT_COMMAND_WORDS,
];
