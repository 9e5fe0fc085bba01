/**
 * The {{placeholders}} an author may write in lesson and question text, filled for each learner
 * when a message is sent (engine/plan.ts) and checked by `content:check`: any other name in a
 * lesson file is an error, since nothing would fill it.
 */
export const LEARNER_PLACEHOLDERS = {
  name: "the learner's name, or nothing when they gave none",
  name_suffix: '", <name>" when the learner gave a name, otherwise nothing: "Well done{{name_suffix}}!"',
} as const;

export type LearnerPlaceholder = keyof typeof LEARNER_PLACEHOLDERS;

export function isLearnerPlaceholder(name: string): name is LearnerPlaceholder {
  return Object.hasOwn(LEARNER_PLACEHOLDERS, name);
}

/** `text` with {{name}} and {{name_suffix}} filled for a learner called `name` ('' when unknown); others stay. */
export function fillLearnerPlaceholders(text: string, name: string): string {
  if (!text.includes('{{')) return text;
  const values: Record<LearnerPlaceholder, string> = { name, name_suffix: name ? `, ${name}` : '' };
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, variable: string) =>
    isLearnerPlaceholder(variable) ? values[variable] : whole,
  );
}
