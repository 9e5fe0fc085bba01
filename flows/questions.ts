/*
 * A content question as WhatsApp shows it and as a reply is marked: up to 3 options as buttons,
 * 4–10 as a list, several-answer questions as numbered lines, typed answers for text and numbers.
 * Marking is flows/learning/answers.ts; this file only turns a question into send params and back.
 */
import type { SendParams } from '../engine/effects.js';
import type { Language, Localized, Question } from '../content/types.js';
import { checkAnswer, type AnswerCheck, type CheckableQuestion } from './learning/answers.js';

export type QuestionKind = 'quiz' | 'review';

export const inLanguage = (text: Localized | undefined, language: string): string =>
  text?.[language as Language] ?? text?.en ?? Object.values(text ?? {})[0] ?? '';

/** The message asking question number `count` of `total`. */
export function questionPrompt(
  question: Question,
  language: string,
  count: number,
  total: number,
  kind: QuestionKind,
): SendParams {
  const vars = { count, total, question: inLanguage(question.question, language) };
  switch (question.type) {
    case 'single': {
      const rows = question.options.map((option) => ({
        id: option.id,
        key: 'quiz.option',
        vars: { answer: inLanguage(option.text, language) },
      }));
      return rows.length <= 3
        ? { key: `${kind}.question`, vars, buttons: rows }
        : { key: `${kind}.question`, vars, list: { buttonKey: 'quiz.listButton', rows } };
    }
    case 'true-false':
      return {
        key: `${kind}.question`,
        vars,
        buttons: [
          { id: 'true', key: 'quiz.true' },
          { id: 'false', key: 'quiz.false' },
        ],
      };
    case 'multiple': {
      const choices = question.options
        .map((option, i) => `${i + 1}. ${inLanguage(option.text, language)}`)
        .join('\n');
      return { key: `${kind}.questionMultiple`, vars: { ...vars, choices } };
    }
    case 'text':
    case 'number':
      return { key: `${kind}.questionTyped`, vars };
  }
}

export function markAnswer(question: Question, reply: string, language: string): AnswerCheck {
  // True/false comes as two buttons, True then False: "1" and "2" pick them as they would any choice.
  return checkAnswer(question as CheckableQuestion, reply, {
    language,
    numbered: question.type === 'true-false',
  });
}

export function rightAnswer(question: Question, language: string): string {
  switch (question.type) {
    case 'single':
      return inLanguage(question.options.find((o) => o.id === question.answer)?.text, language);
    case 'multiple':
      return question.options
        .filter((o) => question.answers.includes(o.id))
        .map((o) => inLanguage(o.text, language))
        .join(', ');
    case 'text':
      return (
        question.accepted?.[language as Language]?.[0] ?? Object.values(question.accepted ?? {})[0]?.[0] ?? ''
      );
    case 'number':
      return String(question.answer);
    case 'true-false':
      return '';
  }
}

/** Right: the explanation; wrong: the right answer and why the chosen option is wrong (or why the answer is right). */
export function feedback(question: Question, check: AnswerCheck, language: string): SendParams {
  const chosen =
    question.type === 'single' ? question.options.find((o) => o.id === check.matched?.[0]) : undefined;
  const why = inLanguage(chosen?.explanation ?? question.explanation, language);
  if (check.correct)
    return { key: 'quiz.correct', vars: { explanation: inLanguage(question.explanation, language) } };
  if (question.type === 'true-false')
    return { key: question.answer ? 'quiz.wrongTrue' : 'quiz.wrongFalse', vars: { explanation: why } };
  return { key: 'quiz.wrong', vars: { answer: rightAnswer(question, language), explanation: why } };
}
