import type { ChatMessage } from './model.js';
import { LANGUAGE_NAMES } from './tutor-prompt.js';

/** The longest weekly insight the model may write; a longer one is not sent. */
export const MAX_INSIGHT_CHARS = 500;

export interface InsightPromptInput {
  firstName: string;
  language: string;
  /** Lesson titles, as `*Title*, *Title*` (the rule's strong and weak lessons). */
  strong: string;
  weak: string;
}

const titlesOf = (list: string) => [...list.matchAll(/\*([^*]+)\*/g)].map((m) => m[1]!.trim());

/**
 * The messages asking the model to phrase a learner's weekly insight. Only course lesson titles and
 * the first name reach it: no answers, no scores, nothing the learner wrote.
 */
export function insightPrompt(input: InsightPromptInput): ChatMessage[] {
  const language = LANGUAGE_NAMES[input.language] ?? LANGUAGE_NAMES.en!;
  const system = [
    'You write a learner’s weekly progress note for LearnLoop, a WhatsApp course.',
    `Write 2 or 3 short, warm sentences in ${language}, plain text, at most 300 characters, no links.`,
    'Mention the lessons below by their exact titles, and no other lesson, course or fact.',
    'Praise what they know well; suggest reviewing the rest with REVIEW.',
    `The learner’s first name: ${input.firstName || 'unknown'}.`,
    `Lessons they know well: ${titlesOf(input.strong).join('; ') || 'none yet'}.`,
    `Lessons worth another look: ${titlesOf(input.weak).join('; ') || 'none'}.`,
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: 'Write my weekly note.' },
  ];
}

/** The model's note when it is fit to send: short, no link, naming at least one of the lessons. */
export function checkedInsight(text: string, input: InsightPromptInput): string | null {
  const clean = text.trim();
  if (!clean || clean.length > MAX_INSIGHT_CHARS || /https?:\/\/|www\./i.test(clean)) return null;
  const titles = [...titlesOf(input.strong), ...titlesOf(input.weak)];
  const lower = clean.toLowerCase();
  return titles.some((title) => lower.includes(title.toLowerCase())) ? clean : null;
}
