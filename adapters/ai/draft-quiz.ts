/*
 * `npm run content:draft-quiz -- <course> <lesson>`: the model drafts quiz questions from a lesson
 * into that lesson's own YAML file, each marked `draft: true` (content:check checks them like any
 * question and counts them; content:sync and learners never get them until the author deletes the
 * mark). Decisions: drafts go into the lesson file, where the author reviews them beside the
 * published ones, not a sibling file; at most as many as the quiz has room for (5 questions,
 * drafts included); single-choice and true-false only, in every language of the course. The
 * model's answer must be JSON whose questions pass the same checks as an author's (schema and
 * lesson rules, on the file as it would be written): otherwise nothing is written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { checkLesson } from '../../content/lesson-check.js';
import { displayPath, schemaFor } from '../../content/sources.js';
import type { Language } from '../../content/types.js';
import { checkSchema, formatProblem, parseYaml } from '../../content/yaml-source.js';
import type { ChatMessage, ChatModel } from './model.js';

export const MAX_QUIZ_QUESTIONS = 5;

/** A draft that cannot be made; the message says why and what to do. */
export class DraftQuizError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DraftQuizError';
  }
}

export interface DraftQuizOptions {
  /** The content folder (content/ by default). */
  dir: string;
  course: string;
  lesson: string;
  model: ChatModel;
  /** How many questions to ask for; fewer when the quiz has less room. */
  count?: number;
}

type Fields = Record<string, unknown>;

function draftPrompt(lesson: Fields, languages: Language[], count: number): ChatMessage[] {
  const localized = `{${languages.map((l) => `"${l}": "…"`).join(', ')}}`;
  const system = [
    'You draft quiz questions for a short WhatsApp lesson. An author reviews every draft.',
    `Write ${count} new question(s) that test the lesson's one idea, using only facts in the lesson, not repeating its existing questions.`,
    `Every text is an object with one entry per language: ${localized}. Each question text at most 300 characters.`,
    'Reply with JSON only, no prose: {"questions": [ … ]}, each question one of:',
    `{"type": "single", "difficulty": "easy|medium|hard", "question": ${localized}, "options": [{"id": "a", "text": ${localized}, "explanation": ${localized}}, …2 to 4 options, ids a b c d…], "answer": "<id of the right option>", "explanation": ${localized}} (every wrong option has an explanation; the right one has none)`,
    `{"type": "true-false", "difficulty": "easy|medium|hard", "question": ${localized}, "answer": true|false, "explanation": ${localized}}`,
  ].join('\n');
  const user = JSON.stringify({ title: lesson.title, body: lesson.body, existingQuestions: lesson.quiz });
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** The questions in the model's answer, each given the next free id and the draft mark. */
function draftedQuestions(text: string, taken: Set<string>, count: number): Fields[] {
  const json = /\{[\s\S]*\}/.exec(text)?.[0];
  let parsed: unknown;
  try {
    parsed = json ? JSON.parse(json) : undefined;
  } catch {
    parsed = undefined;
  }
  const questions = (parsed as { questions?: unknown } | undefined)?.questions;
  if (
    !Array.isArray(questions) ||
    questions.length === 0 ||
    !questions.every((q) => q && typeof q === 'object')
  )
    throw new DraftQuizError(
      'the model did not answer with questions (expected JSON like {"questions": [...]}): nothing written; run it again or try another OPENAI_MODEL',
    );
  let next = 1;
  return (questions as Fields[]).slice(0, count).map((question) => {
    while (taken.has(`q${next}`)) next++;
    const id = `q${next}`;
    taken.add(id);
    const { id: _ignored, draft: _mark, ...rest } = question;
    return { id, draft: true, ...rest };
  });
}

/** Drafts questions into the lesson file; returns the file and the new question ids. */
export async function draftQuiz(options: DraftQuizOptions): Promise<{ file: string; ids: string[] }> {
  const courseFile = join(options.dir, 'courses', options.course, 'course.yaml');
  const file = join(options.dir, 'courses', options.course, 'lessons', `${options.lesson}.yaml`);
  if (!existsSync(courseFile))
    throw new DraftQuizError(`there is no course "${options.course}" (no ${courseFile})`);
  if (!existsSync(file))
    throw new DraftQuizError(`course "${options.course}" has no lesson "${options.lesson}" (no ${file})`);
  const languages = ((parseDocument(readFileSync(courseFile, 'utf8')).toJS() as Fields).languages ?? [
    'en',
  ]) as Language[];
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const lesson = (doc.toJS() ?? {}) as Fields;
  const quiz = Array.isArray(lesson.quiz) ? (lesson.quiz as Fields[]) : [];
  const room = Math.min(options.count ?? 3, MAX_QUIZ_QUESTIONS - quiz.length);
  if (room <= 0)
    throw new DraftQuizError(
      `${displayPath(file)} already has ${quiz.length} questions, the most a quiz may have: publish or delete some first`,
    );

  const result = await options.model.complete(draftPrompt(lesson, languages, room), { maxTokens: 1500 });
  if (!result.ok)
    throw new DraftQuizError(`the model failed (${result.reason}: ${result.detail}): nothing written`);
  const drafts = draftedQuestions(result.text, new Set(quiz.map((q) => String(q.id))), room);

  for (const draft of drafts) doc.addIn(['quiz'], doc.createNode(draft));
  const text = doc.toString({ lineWidth: 0 });
  // The file as it would be written passes every check an author's file does, or nothing is written.
  const source = parseYaml(displayPath(file), text);
  const problems = [...source.problems, ...checkSchema(source, schemaFor('lesson'))];
  if (problems.length === 0) problems.push(...checkLesson(source, source.value as Fields, languages));
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0)
    throw new DraftQuizError(
      `the model's questions do not pass content:check, nothing written:\n${errors.map(formatProblem).join('\n')}`,
    );
  writeFileSync(file, text);
  return { file: displayPath(file), ids: drafts.map((d) => String(d.id)) };
}
