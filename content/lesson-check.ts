import { isLearnerPlaceholder, LEARNER_PLACEHOLDERS } from '../shared/learner-placeholders.js';
import { closestName } from '../shared/text-distance.js';
import { choiceSlot, titlesToShorten } from '../shared/whatsapp-limits.js';
import { placeholdersIn } from './placeholders.js';
import { describePath } from './schema-cascade.js';
import { fieldsOf, isLanguage, problemAt, textOf, type Fields } from './sources.js';
import type { Language } from './types.js';
import type { Problem, YamlSource } from './yaml-source.js';

/** DESIGN.md: one idea per lesson, at most 1,200 characters. */
export const MAX_BODY_LENGTH = 1200;

/** File endings WhatsApp accepts for each media type (DESIGN.md: images are JPEG or PNG). */
export const MEDIA_EXTENSIONS: Record<string, string[]> = {
  image: ['jpg', 'jpeg', 'png'],
  audio: ['aac', 'amr', 'mp3', 'm4a', 'ogg', 'opus'],
  video: ['mp4', '3gp'],
  document: ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'txt'],
};

type Path = (string | number)[];

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const lengthOf = (text: string): number => [...graphemes.segment(text)].length;

/** Cross-checks of one lesson file that a JSON Schema cannot express; reads only well-shaped parts. */
export function checkLesson(source: YamlSource, lesson: Fields, languages: Language[]): Problem[] {
  const problems = [
    ...missingTranslations(source, lesson, [], languages),
    ...unknownPlaceholders(source, lesson, []),
  ];
  for (const [language, body] of Object.entries(fieldsOf(lesson.body))) {
    const length = typeof body === 'string' ? lengthOf(body) : 0;
    if (length > MAX_BODY_LENGTH)
      problems.push(
        problemAt(
          source,
          ['body', language],
          'body-length',
          `the ${language} body is ${length} characters, over ${MAX_BODY_LENGTH}`,
          'keep one idea per lesson: cut it down or split it into two lessons',
          'warning',
        ),
      );
  }
  const media = fieldsOf(lesson.media);
  const allowed = MEDIA_EXTENSIONS[textOf(media.type) ?? ''];
  const url = URL.canParse(textOf(media.url) ?? '') ? new URL(textOf(media.url)!) : undefined;
  if (allowed && url) {
    const extension = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1]?.toLowerCase();
    if (!extension || !allowed.includes(extension))
      problems.push(
        problemAt(
          source,
          ['media', 'url'],
          'media-type',
          `WhatsApp cannot send ${extension ? `a .${extension} file` : 'a file without an extension'} as ${String(media.type)}`,
          `use a ${allowed.map((e) => `.${e}`).join(', ')} file, or change \`type:\``,
        ),
      );
  }
  const ids = new Set<string>();
  (Array.isArray(lesson.quiz) ? lesson.quiz : []).forEach((item: unknown, index) => {
    const question = fieldsOf(item);
    const at: Path = ['quiz', index];
    const id = textOf(question.id);
    if (id !== undefined && ids.has(id))
      problems.push(
        problemAt(
          source,
          [...at, 'id'],
          'duplicate-id',
          `question id "${id}" is used twice in this lesson`,
          'give each question its own id, e.g. q1, q2, q3',
        ),
      );
    if (id !== undefined) ids.add(id);
    problems.push(...checkQuestion(source, question, at));
  });
  return problems;
}

function checkQuestion(source: YamlSource, question: Fields, at: Path): Problem[] {
  const problems: Problem[] = [];
  const name = textOf(question.id) ?? String(Number(at[1]) + 1);
  const pattern = textOf(question.pattern);
  if (question.type === 'text' && pattern !== undefined) {
    try {
      new RegExp(pattern, 'iu');
    } catch (error) {
      problems.push(
        problemAt(
          source,
          [...at, 'pattern'],
          'bad-pattern',
          `the pattern is not a valid regular expression: ${(error as Error).message}`,
          'check brackets and backslashes, or list `accepted:` answers instead',
        ),
      );
    }
  }
  if ((question.type !== 'single' && question.type !== 'multiple') || !Array.isArray(question.options))
    return problems;
  const options = question.options.map(fieldsOf);
  const optionIds = new Set<string>();
  options.forEach((option, index) => {
    const id = textOf(option.id);
    if (id !== undefined && optionIds.has(id))
      problems.push(
        problemAt(
          source,
          [...at, 'options', index, 'id'],
          'duplicate-id',
          `option id "${id}" is used twice in question "${name}"`,
          'give each option its own id: a, b, c …',
        ),
      );
    if (id !== undefined) optionIds.add(id);
  });
  problems.push(...shortenedTitles(source, options, at));
  const single = question.type === 'single';
  const answerPath: Path = [...at, single ? 'answer' : 'answers'];
  const right = single ? [question.answer] : Array.isArray(question.answers) ? question.answers : [];
  right.forEach((id: unknown, index) => {
    if (typeof id === 'string' && !optionIds.has(id))
      problems.push(
        problemAt(
          source,
          single ? answerPath : [...answerPath, index],
          'answer-not-an-option',
          `the answer "${id}" of question "${name}" is not one of its options`,
          `use an option id: ${[...optionIds].join(', ')}`,
        ),
      );
  });
  if (new Set(right).size !== right.length)
    problems.push(
      problemAt(
        source,
        answerPath,
        'duplicate-id',
        `question "${name}" lists a right answer twice`,
        'list each right option once',
      ),
    );
  // Which options are wrong is known only when every right answer names an option.
  const rightKnown = right.length > 0 && right.every((id) => typeof id === 'string' && optionIds.has(id));
  options.forEach((option, index) => {
    if (!rightKnown) return;
    if (typeof option.id === 'string' && !right.includes(option.id) && option.explanation === undefined)
      problems.push(
        problemAt(
          source,
          [...at, 'options', index],
          'missing-explanation',
          `wrong option "${option.id}" of question "${name}" has no explanation`,
          'add `explanation:` saying why a learner who picks it is mistaken',
        ),
      );
  });
  return problems;
}

const optionName = (options: Fields[], index: number): string => {
  const id = textOf(options[index]?.id);
  return id === undefined ? String(index + 1) : `"${id}"`;
};

const SLOT_NAMES = { button: 'a reply button', listRow: 'a list row', numberedText: 'a numbered line' };

/** A warning per option title that WhatsApp will cut to fit its button or list row, per language. */
function shortenedTitles(source: YamlSource, options: Fields[], at: Path): Problem[] {
  const languages = new Set(
    options.flatMap((option) => Object.keys(fieldsOf(option.text)).filter(isLanguage)),
  );
  const slot = choiceSlot(options.length);
  return [...languages].flatMap((language) =>
    titlesToShorten(options.map((option) => textOf(fieldsOf(option.text)[language]) ?? '')).map(
      ({ index, length, max }) =>
        problemAt(
          source,
          [...at, 'options', index, 'text', language],
          'title-shortened',
          `option ${optionName(options, index)} (${language}) is ${length} characters; WhatsApp shows at most ${max} on ${SLOT_NAMES[slot.kind]}, so it will be shortened`,
          `say it in ${max} characters or fewer to fit; a longer option is shown whole only in the message text`,
          'warning',
        ),
    ),
  );
}

const KNOWN = Object.keys(LEARNER_PLACEHOLDERS);

/** A {{placeholder}} in lesson or question text that nothing fills when the lesson is sent. */
function unknownPlaceholders(source: YamlSource, node: unknown, path: Path): Problem[] {
  if (typeof node === 'string')
    return [...new Set(placeholdersIn(node))]
      .filter((name) => !isLearnerPlaceholder(name))
      .map((name) => {
        const near = closestName(name, KNOWN);
        return problemAt(
          source,
          path,
          'unknown-placeholder',
          `"${describePath(path)}" says {{${name}}}, which is not filled in lessons`,
          near
            ? `did you mean {{${near}}}?`
            : `lessons can say ${KNOWN.map((known) => `{{${known}}}`).join(' and ')}`,
        );
      });
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    unknownPlaceholders(source, value, [...path, Array.isArray(node) ? Number(key) : key]),
  );
}

function isLocalized(node: object): boolean {
  const keys = Object.keys(node);
  return keys.length > 0 && keys.every(isLanguage);
}

/** Every per-language text must have every language the course is written in. */
export function missingTranslations(
  source: YamlSource,
  node: unknown,
  path: Path,
  languages: Language[],
): Problem[] {
  if (!node || typeof node !== 'object') return [];
  if (!Array.isArray(node) && isLocalized(node))
    return languages
      .filter((language) => !Object.hasOwn(node, language))
      .map((language) =>
        problemAt(
          source,
          path,
          'missing-translation',
          `"${describePath(path)}" has no ${language} text, and the course is in ${languages.join(', ')}`,
          `add \`${language}:\` under \`${String(path.at(-1))}:\``,
        ),
      );
  return Object.entries(node).flatMap(([key, value]) =>
    missingTranslations(source, value, [...path, Array.isArray(node) ? Number(key) : key], languages),
  );
}
