/*
 * The dashboard's lesson and question forms, to and from the content shapes the JSON content API
 * takes, so both are checked by the same lessonProblems / questionProblems (content:check's schemas).
 * Decisions:
 * - A form field's name is its JSON path with dots (`title.en`, `options.1.text.sw`), so a problem
 *   at `/title/en` lands beside that field; a problem about a whole group (`/title`) lands beside
 *   its first field; one about nothing on the form is listed above the form.
 * - A text left empty stays an empty text (the schema then names it); an optional text (a caption,
 *   an option's explanation) left empty in every language is left out.
 * - The lesson form edits the lesson itself and keeps its quiz as stored; the question form edits
 *   difficulty, texts, option texts and the answer, and keeps the other details (accepted answers,
 *   pattern, tolerance, a multiple-choice question's answers) as stored.
 */
import type { Language, Lesson, Localized, Question } from '../../content/types.js';
import type { ValidationDetail } from '../http/errors.js';

/** What the operator typed, by field name. */
export type FormValues = Record<string, string>;

export const pointerOf = (name: string) => `/${name.split('.').join('/')}`;

const localized = (form: FormValues, prefix: string, languages: Language[]): Localized =>
  Object.fromEntries(languages.map((language) => [language, form[`${prefix}.${language}`] ?? '']));

function optionalLocalized(form: FormValues, prefix: string, languages: Language[]) {
  const text = localized(form, prefix, languages);
  const given = Object.entries(text).filter(([, value]) => value !== '');
  return given.length ? (Object.fromEntries(given) as Localized) : undefined;
}

/** A whole number as a number; anything else as typed, for the schema to name. */
const numberOrText = (raw: string | undefined) => {
  const text = (raw ?? '').trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
};

const putLocalized = (form: FormValues, prefix: string, text: Localized | undefined) => {
  for (const [language, value] of Object.entries(text ?? {})) form[`${prefix}.${language}`] = value;
};

/** Only the string fields of a submitted form (files and repeated fields are not ours). */
export function formValues(body: Record<string, unknown>): FormValues {
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export function lessonFormValues(lesson: Lesson): FormValues {
  const form: FormValues = { estimatedMinutes: String(lesson.estimatedMinutes) };
  putLocalized(form, 'title', lesson.title);
  putLocalized(form, 'body', lesson.body);
  if (lesson.media) {
    form['media.type'] = lesson.media.type;
    form['media.url'] = lesson.media.url;
    putLocalized(form, 'media.caption', lesson.media.caption);
  }
  return form;
}

/** The lesson the form describes, its quiz kept as stored; unchecked (lessonProblems checks it). */
export function lessonFromForm(form: FormValues, languages: Language[], stored: Lesson): unknown {
  const type = (form['media.type'] ?? '').trim();
  const url = (form['media.url'] ?? '').trim();
  const caption = optionalLocalized(form, 'media.caption', languages);
  return {
    slug: stored.slug,
    title: localized(form, 'title', languages),
    estimatedMinutes: numberOrText(form.estimatedMinutes),
    ...(type || url ? { media: { type, url, ...(caption ? { caption } : {}) } } : {}),
    body: localized(form, 'body', languages),
    quiz: stored.quiz,
  };
}

export function questionFormValues(question: Question): FormValues {
  const form: FormValues = { difficulty: question.difficulty };
  putLocalized(form, 'question', question.question);
  putLocalized(form, 'explanation', question.explanation);
  if (question.type === 'single' || question.type === 'multiple')
    question.options.forEach((option, i) => {
      putLocalized(form, `options.${i}.text`, option.text);
      putLocalized(form, `options.${i}.explanation`, option.explanation);
    });
  if (question.type === 'single' || question.type === 'true-false' || question.type === 'number')
    form.answer = String(question.answer);
  return form;
}

/** The question the form describes, other details kept as stored; unchecked (questionProblems checks it). */
export function questionFromForm(form: FormValues, languages: Language[], stored: Question): unknown {
  const edited: Record<string, unknown> = {
    ...stored,
    difficulty: form.difficulty ?? '',
    question: localized(form, 'question', languages),
    explanation: localized(form, 'explanation', languages),
  };
  if (stored.type === 'single' || stored.type === 'multiple')
    edited.options = stored.options.map((option, i) => {
      const explanation = optionalLocalized(form, `options.${i}.explanation`, languages);
      return {
        id: option.id,
        text: localized(form, `options.${i}.text`, languages),
        ...(explanation ? { explanation } : {}),
      };
    });
  if (stored.type === 'single') edited.answer = form.answer ?? '';
  if (stored.type === 'true-false')
    edited.answer = form.answer === 'true' ? true : form.answer === 'false' ? false : (form.answer ?? '');
  if (stored.type === 'number') edited.answer = numberOrText(form.answer);
  return edited;
}

const each = (prefix: string, languages: Language[]) => languages.map((language) => `${prefix}.${language}`);

/** The lesson form's fields, in the order it shows them. */
export const lessonFields = (languages: Language[]) => [
  ...each('title', languages),
  'estimatedMinutes',
  ...each('body', languages),
  'media.type',
  'media.url',
  ...each('media.caption', languages),
];

/** The question form's fields, in the order it shows them. */
export function questionFields(question: Question, languages: Language[]): string[] {
  const options =
    question.type === 'single' || question.type === 'multiple'
      ? question.options.flatMap((_, i) => [
          ...each(`options.${i}.text`, languages),
          ...each(`options.${i}.explanation`, languages),
        ])
      : [];
  const answer = question.type === 'single' || question.type === 'true-false' || question.type === 'number';
  return [
    'difficulty',
    ...each('question', languages),
    ...options,
    ...(answer ? ['answer'] : []),
    ...each('explanation', languages),
  ];
}

/** The problems beside the fields they concern, by field name; `general` for the rest. */
export function problemsByField(
  details: ValidationDetail[],
  fields: string[],
): { byField: Map<string, string[]>; general: string[] } {
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  const pointers = fields.map((name) => [name, pointerOf(name)] as const);
  for (const { field, reason } of details) {
    const exact = pointers.find(([, pointer]) => pointer === field);
    // A problem about a group (`/options/1`) goes beside the group's field it names ("no explanation"), else its first.
    const within = pointers.filter(([, pointer]) => pointer.startsWith(`${field}/`));
    const named = within.find(([, pointer]) =>
      pointer
        .slice(field.length + 1)
        .split('/')
        .some((part) => part.length > 2 && reason.includes(part)),
    );
    const inside = named ?? within[0];
    const around = pointers
      .filter(([, pointer]) => field.startsWith(`${pointer}/`))
      .sort((a, b) => b[1].length - a[1].length)[0];
    const name = (exact ?? inside ?? around)?.[0];
    if (name) byField.set(name, [...(byField.get(name) ?? []), reason]);
    else general.push(field ? `${field}: ${reason}` : reason);
  }
  return { byField, general };
}
